"""The standard (docs/standard.md) as code: requirements as data, framing and pure models.

No sockets and no processes here: the harness in ``wirecheck`` does the I/O."""

from __future__ import annotations

from .clock import CLOCK, CLOCK_UDP, CLOCK_UNIX, CLOCK_UNIXDGRAM
from .clock_fork import CLOCK_FORK
from .guess import GUESS
from .requirements import Level, Protocol, Requirement, Transport
from .swap import SWAP
from .web import GUESS_WEB, HELLO_WEB

PROTOCOLS: dict[str, Protocol] = {
    p.name: p
    for p in (CLOCK, CLOCK_UDP, CLOCK_UNIX, CLOCK_UNIXDGRAM, CLOCK_FORK, HELLO_WEB, SWAP, GUESS, GUESS_WEB)
}


class UnknownProtocol(KeyError):
    def __str__(self) -> str:
        return f"unknown protocol {self.args[0]!r} (known: {', '.join(PROTOCOLS)})"


def get_protocol(name: str) -> Protocol:
    try:
        return PROTOCOLS[name]
    except KeyError:
        raise UnknownProtocol(name) from None


__all__ = ["PROTOCOLS", "Level", "Protocol", "Requirement", "Transport", "UnknownProtocol", "get_protocol"]
