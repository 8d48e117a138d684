"""Requirements and protocols as frozen data: the one source the tests, the CLI and the
reports all read, so a requirement's ID, level and wording exist in exactly one place."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

_ID = re.compile(r"^[A-Z]+(-[A-Z]+)*-[0-9]+$")


class Level(str, enum.Enum):
    MUST = "MUST"
    SHOULD = "SHOULD"

    def __str__(self) -> str:
        return self.value


class Transport(str, enum.Enum):
    """How clients reach a server: what the harness waits for and what the drivers open."""

    TCP = "tcp"
    UDP = "udp"
    UNIX = "unix"
    UNIX_DGRAM = "unixdgram"

    @property
    def is_stream(self) -> bool:
        return self in (Transport.TCP, Transport.UNIX)


@dataclass(frozen=True)
class Requirement:
    id: str
    level: Level
    text: str

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(f"malformed requirement id {self.id!r}")
        if not isinstance(self.level, Level):
            object.__setattr__(self, "level", Level(self.level))
        if not self.text.strip():
            raise ValueError(f"{self.id}: empty requirement text")


@dataclass(frozen=True)
class Protocol:
    """One protocol of the standard: its conventional file, default port and requirements.

    ``reference`` names the reference server's module under ``reference_servers``.
    """

    name: str
    title: str
    filename: str
    transport: Transport
    port: int | None
    reference: str
    requirements: tuple[Requirement, ...] = field(default_factory=tuple)
    # For a Unix socket protocol: the path the course's server hard-codes (and its client
    # connects to). The harness never lets a target see what lies there (V-HERMETIC).
    unix_path: str | None = None

    def __post_init__(self) -> None:
        ids = [r.id for r in self.requirements]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.name}: duplicate requirement ids {ids}")
        if not self.requirements:
            raise ValueError(f"{self.name}: a protocol needs requirements")

    def requirement(self, req_id: str) -> Requirement:
        for req in self.requirements:
            if req.id == req_id:
                return req
        raise KeyError(f"{self.name} has no requirement {req_id}")

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.requirements)


def must(req_id: str, text: str) -> Requirement:
    return Requirement(req_id, Level.MUST, text)


def should(req_id: str, text: str) -> Requirement:
    return Requirement(req_id, Level.SHOULD, text)


# C-STOP, as every protocol's SHOULD words it (its MUST form for clock-fork is FORK-6).
C_STOP = "C-STOP: on SIGINT (what ctrl-C sends) the server exits within 3 s and leaves no process behind"


def stop_rule(req_id: str, clients: str = "") -> Requirement:
    """C-STOP as a SHOULD of a protocol, ``clients`` the ones connected when ctrl-C comes."""
    return should(req_id, f"{C_STOP}{', ' + clients if clients else ''}.")
