"""Conformance of the HTTP servers: one test per requirement of hello-web (WEB-1..6) and
guess-web (WGUESS-1..6) (``--impl hello-web=ourwebserver.py``, ``--impl
guess-web=guesswebserver.py`` to check yours; without them, the reference servers)."""

import pytest

pytestmark = pytest.mark.wirecheck("hello-web", "guess-web")


def test_requirement(requirement_case, check_requirement):
    check_requirement(requirement_case)
