"""Which check covers each requirement, per protocol. A protocol "exists" for
``wirecheck check --all`` once it has checks here."""

from __future__ import annotations

from ..runner import Check
from .clock import CLOCK_CHECKS, CLOCK_UNIX_CHECKS
from .clock_datagram import CLOCK_UDP_CHECKS, CLOCK_UNIXDGRAM_CHECKS

CHECKS: dict[str, dict[str, Check]] = {
    "clock": CLOCK_CHECKS,
    "clock-udp": CLOCK_UDP_CHECKS,
    "clock-unix": CLOCK_UNIX_CHECKS,
    "clock-unixdgram": CLOCK_UNIXDGRAM_CHECKS,
}


def checks_for(protocol: str) -> dict[str, Check]:
    return CHECKS.get(protocol, {})


def checked_protocols() -> list[str]:
    return list(CHECKS)
