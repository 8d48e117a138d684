"""Conformance of the clock servers: one test per requirement of clock, clock-udp,
clock-unix and clock-unixdgram (``--impl clock=clockserver.py`` to check yours)."""

import pytest

pytestmark = pytest.mark.wirecheck("clock", "clock-udp", "clock-unix", "clock-unixdgram")


def test_requirement(requirement_case, check_requirement):
    check_requirement(requirement_case)
