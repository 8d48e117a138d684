"""Counterexamples as data a script can replay, beside the prose a student reads.

A machine's transcript (``say``) is for people. A replay needs the same story as actions:
which client connected, what bytes it sent, when it half-closed, closed or reset, how long
it waited and for what. The client drivers note every action they take on a ``Recorder``
that the machine hands each client it opens, so every protocol's machine is recorded
without writing a line for it. A check may add a *judge* to a violation: a small, declared
test (``ctime_reply(client)``, ``silent(clients)``...) that a standalone script can apply
again to what a server does. Without one, the replay judges by comparison: the failure is
reproduced when the clients see again exactly what they saw when the check failed.

The replay is plain data (JSON-ready); ``wirecheck.drive.replay_engine`` is the stdlib-only code
that runs it, and ``wirecheck.grading.replays`` writes the two into one script."""

from __future__ import annotations

import time
from typing import Any, Iterable

from ..core import timing

FORMAT = 1


def client_number(client) -> int:
    """``client 3`` → 3: clients are named in connect order."""
    try:
        return int(str(client.name).rsplit(" ", 1)[-1])
    except (AttributeError, ValueError):
        return 0


def client_state(client) -> dict[str, Any]:
    """What a client has observed so far, as the replay compares it."""
    if hasattr(client, "datagrams"):
        return {"datagrams": [bytes(d[0]).hex() for d in client.datagrams]}
    return {
        "received": bytes(client.received).hex(),
        "ended": bool(getattr(client, "ended", False)),
    }


def _size(client) -> tuple[int, bool]:
    if hasattr(client, "datagrams"):
        return len(client.datagrams), False
    return len(client.received), bool(client.ended)


class Recorder:
    """Notes the actions of one machine's clients, in order, until its first violation.

    Each action carries ``step``: the index of the transcript line it belongs to (a
    machine acts, then says what it did), so a script prints the line and then acts; and
    ``t``: when it happened, in seconds since the recorder began (a wait also ``took``).
    What the clients received is noted apart (``receipts``: when, who, which bytes, and
    whether the server closed or reset), for the sequence diagram of a failure."""

    def __init__(self, machine) -> None:
        self.machine = machine
        self.actions: list[dict[str, Any]] = []
        self.receipts: list[dict[str, Any]] = []
        self._began = time.monotonic()

    def _now(self) -> float:
        return round(time.monotonic() - self._began, 4)

    @property
    def active(self) -> bool:
        return getattr(self.machine, "found", None) is None

    def _step(self) -> int:
        return len(getattr(self.machine, "steps", ()))

    def note(self, client, action: str, **details: Any) -> None:
        self.note_number(client_number(client), action, **details)

    def note_number(self, number: int, action: str, **details: Any) -> None:
        if not self.active:
            return
        entry: dict[str, Any] = {"step": self._step(), "t": self._now(), "client": number, "do": action}
        for key, value in details.items():
            entry[key] = value.hex() if isinstance(value, (bytes, bytearray, memoryview)) else value
        self.actions.append(entry)

    def note_receipt(self, client, data: bytes = b"", end: str | None = None) -> None:
        """Bytes (or one datagram) that reached ``client``; ``end``: "eof" or "reset"."""
        if not self.active:
            return
        entry: dict[str, Any] = {"t": self._now(), "client": client_number(client), "data": bytes(data).hex()}
        if end:
            entry["end"] = end
        self.receipts.append(entry)

    def begin_wait(self, clients: Iterable) -> dict[int, tuple[int, bool]]:
        self._wait_began = self._now()
        return {client_number(c): _size(c) for c in clients}

    def note_wait(self, clients: list, before: dict[int, tuple[int, bool]], seconds: float, held: bool) -> None:
        """A wait: ``until`` lists the clients that received something during it (what a
        replay waits for, at most ``seconds``); a wait whose condition never held is a
        pause of its full length (a replay ends it early only when every client has ended)."""
        if not self.active:
            return
        until: dict[str, dict[str, Any]] = {}
        if held:
            for client in clients:
                number = client_number(client)
                size, ended = _size(client)
                if (size, ended) != before.get(number, (0, False)):
                    until[str(number)] = {"count": size, "ended": ended}
        began = getattr(self, "_wait_began", None)
        now = self._now()
        began = now if began is None else began
        self.actions.append(
            {
                "step": self._step(),
                "t": began,
                "took": round(now - began, 4),
                "do": "wait",
                "clients": sorted(client_number(c) for c in clients),
                "seconds": round(float(seconds), 3),
                "held": bool(held),
                "until": until,
            }
        )

    def replay(self, violation, judge: dict[str, Any] | None = None) -> dict[str, Any]:
        """The replay of ``violation``: the actions up to it, and how to judge the end."""
        machine = self.machine
        context = getattr(machine, "context", None)
        protocol = getattr(context, "protocol", None)
        return {
            "format": FORMAT,
            "protocol": getattr(protocol, "name", ""),
            "transport": getattr(getattr(protocol, "transport", None), "value", "tcp"),
            "port": getattr(protocol, "port", None),
            "requirement": violation.requirement,
            "clock_shift": float(getattr(context, "clock_shift", 0.0) or 0.0),
            "steps": list(violation.steps),
            "actions": [dict(a) for a in self.actions],
            "expected": violation.expected,
            "got": violation.got,
            "judge": judge or {"kind": "same"},
            "observed": {
                str(client_number(c)): client_state(c) for c in getattr(machine, "clients", []) if not getattr(c, "ghost", False)
            },
            "receipts": [dict(r) for r in self.receipts],
            "violated_at": self._now(),
            "recorded_at": time.time(),
        }


def attach(violation, recorder: Recorder | None, judge: dict[str, Any] | None = None):
    """Give ``violation`` its replay (once: the first recording is the one that failed)."""
    if recorder is not None and getattr(violation, "replay", None) is None:
        try:
            violation.replay = recorder.replay(violation, judge)
        except Exception:  # a replay is a convenience: never let it hide a verdict
            violation.replay = None
    return violation


# --- judges: what a replay checks at the moment the failure was seen ----------------------
# Each names the client(s) by number and says, as data, what a correct server must have
# done by then. ``wirecheck.drive.replay_engine`` implements each kind.


def _n(client) -> int:
    return client if isinstance(client, int) else client_number(client)


def reply(client, min_bytes: int = 1) -> dict[str, Any]:
    """A reply has arrived: at least ``min_bytes`` bytes (leading white space aside)."""
    return {"kind": "reply", "client": _n(client), "min_bytes": int(min_bytes)}


def ctime_reply(client, exact: bool = True, datagram: int | None = None) -> dict[str, Any]:
    """The reply is ctime text — of the current time (within 1 s) when ``exact``, else only
    its shape. ``datagram``: judge that datagram (by index) instead of a stream's bytes."""
    judge = {"kind": "ctime", "client": _n(client), "exact": bool(exact)}
    if datagram is not None:
        judge["datagram"] = int(datagram)
    return judge


def silent(clients) -> dict[str, Any]:
    """These clients have received nothing (no reply before a request is complete)."""
    items = clients if isinstance(clients, (list, tuple, set)) else [clients]
    return {"kind": "silent", "clients": sorted(_n(c) for c in items)}


def closes(client) -> dict[str, Any]:
    """The server has closed this client's connection."""
    return {"kind": "closes", "client": _n(client)}


def stays_open(client) -> dict[str, Any]:
    """The server took every byte this client sent, without closing its connection."""
    return {"kind": "stays_open", "client": _n(client)}


def connects() -> dict[str, Any]:
    """Every client could connect."""
    return {"kind": "connects"}


def datagram_count(client, at_least: int | None = None, at_most: int | None = None) -> dict[str, Any]:
    """The number of datagrams this client has received lies in the bounds given."""
    return {"kind": "datagrams", "client": _n(client), "at_least": at_least, "at_most": at_most}


timing.register_recorder(Recorder)
