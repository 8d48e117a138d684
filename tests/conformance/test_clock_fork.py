"""Conformance of the clock-fork server: one test per requirement FORK-1..8
(``--impl clock-fork=clockforkserver.py`` to check yours)."""

import pytest

pytestmark = pytest.mark.wirecheck("clock-fork")


def test_requirement(requirement_case, check_requirement):
    check_requirement(requirement_case)
