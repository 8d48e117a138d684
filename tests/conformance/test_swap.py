"""Conformance of swap servers: one test per requirement SWAP-1..9 (``--impl
swap=swapserver.py`` to check yours; without it, the reference server)."""

import pytest

pytestmark = pytest.mark.wirecheck("swap")


def test_requirement(requirement_case, check_requirement):
    check_requirement(requirement_case)
