"""Conformance of guess servers: one test per requirement GUESS-1..8 (``--impl
guess=guessserver.py`` to check yours; without it, the reference server)."""

import pytest

pytestmark = pytest.mark.wirecheck("guess")


def test_requirement(requirement_case, check_requirement):
    check_requirement(requirement_case)
