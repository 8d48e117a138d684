"""The floor: what a check's generated client sequences cost by themselves over loopback.

A check run with ``WIRECHECK_BENCH=FOLDER`` leaves there, besides its timers, a copy of every
example's client actions (connect, send, half-close, close, reset, and each wait with how
long it could last and what ended it). ``replay_floor`` plays the examples of the exploring
phase again with the plain stdlib clients of ``wirecheck.drive.replay_engine`` — no Hypothesis,
no state machine, no sandbox, no process tree, no judging — against the same server file
started by a bare interpreter, and times only the replays.

What the floor counts, and what it leaves out:
- counted: connecting, every byte sent, the half-closes and closes, and every wait as the
  check waited — until the reply that arrived then arrives now, or for the whole window when
  nothing was to arrive (the "no reply before byte 25" watches, CLOCK-1's 2.5 s for a server
  that cached its clock, a due reply that never came from a buggy server);
- left out: starting and stopping servers (a check that needs a fresh server per example
  gets one here too, started and stopped outside the timer), shrinking a failure and
  replaying it before it is reported (the phases after the first violation), and waits on
  a forking server's processes (a socket client cannot watch processes).
Examples are replayed one after the other, by one client process."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import time
from collections import defaultdict
from pathlib import Path

from wirecheck.drive.replay_engine import Client, StartedServer


def load(folder: Path) -> tuple[list[dict], list[dict]]:
    """(timing lines, example lines) that the processes of one run left in ``folder``."""
    timings, examples = [], []
    for path in sorted(folder.glob("timings-*.jsonl")):
        timings += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    for path in sorted(folder.glob("examples-*.jsonl")):
        examples += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return timings, examples


def _wait(clients: dict, action: dict) -> None:
    """A wait of the check, again. One that did not hold lasts its whole window (a watch
    for what must not arrive, a reply that never came), unless no client can receive any
    more. One that held ends once as many bytes and ends have arrived on its clients as
    arrived then — whichever of them gets them this time: a server that pairs or serves
    clients in the order it sees them may choose other clients in a replay; and when a race
    goes the other way and it never comes, the wait lasts no longer than it did in the
    check. A wait whose condition held when it began (the reply was read) takes no time."""
    until = action.get("until") or {}
    members = [clients[n] for n in action.get("clients", []) if n in clients]
    for client in clients.values():
        client.pump()
    if action.get("held") and not until:
        return
    if action.get("held"):
        # What the wait's clients had received in all, and how many had ended, when the
        # check's wait ended: before it for the clients it did not change, until for the rest.
        after = {n: tuple(v) for n, v in action.get("before", {}).items()}
        after.update({n: (want["count"], want["ended"]) for n, want in until.items()})
        wanted_bytes = sum(count for count, _ended in after.values())
        wanted_ends = sum(1 for _count, ended in after.values() if ended)

        def reached() -> bool:
            got = sum(c.count for c in members)
            return got >= wanted_bytes and sum(1 for c in members if c.ended) >= wanted_ends

    else:
        reached = lambda: False  # noqa: E731
    end = time.monotonic() + (action["seconds"] if not action.get("held") else action.get("took", action["seconds"]))
    while not reached():
        remaining = end - time.monotonic()
        live = [c for c in members if c.sock is not None and not c.closed and not c.ended]
        if remaining <= 0 or not live:
            return
        select.select(live, [], [], remaining)
        for client in members:
            client.pump()


def interrupt(server: StartedServer, grace: float = 3.0) -> None:
    """ctrl-C to the server process, and its exit (within the standard's grace)."""
    try:
        os.kill(server.process.pid, signal.SIGINT)
        server.process.wait(grace)
    except (OSError, subprocess.TimeoutExpired):
        pass


def replay_actions(actions: list[dict], transport: str, server: StartedServer) -> float:
    """Play ``actions`` against ``server``; returns the seconds by which connecting took
    longer here than in the check (a client this fast can fill a small listen backlog and
    wait a second for its SYN to be sent again — a cost the check never paid, which the
    floor does not count either)."""
    address = server.address
    clients: dict[int, Client] = {}
    excess = 0.0
    try:
        for action in actions:
            do = action["do"]
            if do == "wait":
                _wait(clients, action)
                continue
            if do == "sigint":  # the check's own ctrl-C (FORK-6): the server's exit is part of it
                interrupt(server)
                continue
            number = action["client"]
            if do in ("connect", "open"):
                client = clients[number] = Client(number, transport, address)
                began = time.monotonic()
                client.connect()
                excess += max(time.monotonic() - began - action.get("took", float("inf")), 0.0)
                continue
            client = clients.get(number)
            if client is not None:
                client.act(action)
    finally:
        for client in clients.values():
            client.close()
    return excess


def requirement_key(line: dict) -> tuple:
    return (line["protocol"], line["requirement"], line["target"])


def replay_floor(examples: list[dict], phases=("explore",)) -> dict[tuple, float]:
    """Seconds of replay per requirement, for the examples of ``phases``."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for example in examples:
        if example["phase"] in phases:
            groups[requirement_key(example)].append(example)
    floors: dict[tuple, float] = {}
    for key, group in groups.items():
        first = group[0]
        path = first["path"]
        server = None
        total = 0.0
        try:
            for example in group:
                if server is None or first["fresh"] or server.process.poll() is not None:
                    if server is not None:
                        server.stop()
                    server = StartedServer(path, first["transport"], first["clock_shift"], first["env"])
                began = time.monotonic()
                excess = replay_actions(example["actions"], first["transport"], server)
                total += time.monotonic() - began - excess
        finally:
            if server is not None:
                server.stop()
        floors[key] = total
    return floors
