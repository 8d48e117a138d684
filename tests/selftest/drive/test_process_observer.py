"""The process observer behind the clock-fork checks: live children, zombies and their age,
who holds which client's connection, and orphans the server's tree no longer reaches."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from protocols import Transport
from protocols.framing import CANONICAL_REQUEST
from wirecheck.drive.clients import StreamClient
from wirecheck.harness.launcher import launch
from wirecheck.drive.process_observer import STARVED_MOST, ProcessObserver
from wirecheck.harness.target import resolve_target

SELFTEST = Path(__file__).parents[1]
FORK_SERVERS = SELFTEST / "servers" / "clock_fork"


@pytest.fixture
def start():
    servers = []

    def run(path: Path):
        server = launch(resolve_target(path), Transport.TCP)
        servers.append(server)
        return server

    yield run
    for server in servers:
        server.stop()


def served_client(server, name: str) -> StreamClient:
    client = StreamClient(server.address, name)
    client.send(CANONICAL_REQUEST)
    assert client.wait_bytes(24, 2.0) and len(client.received) >= 24
    return client


def test_each_child_holds_its_own_client_and_the_listener_is_not_a_worker(start):
    server = start(FORK_SERVERS / "correct_fork_sigchld.py")
    observer = ProcessObserver(server)
    first, second = served_client(server, "client 1"), served_client(server, "client 2")
    try:
        workers = observer.workers()
        assert len(workers) == 2 and all(w.ppid == server.pid for w in workers)
        one = observer.holders(first.sock.getsockname()[1])
        two = observer.holders(second.sock.getsockname()[1])
        assert len(one) == len(two) == 1 and one != two
        assert {one[0], two[0]} == {w.pid for w in workers}
        assert any(s.listening for s in observer.sockets([server.pid])[server.pid])
    finally:
        first.close()
        second.close()
    assert observer.wait_exited(one + two, 2.0) == []
    assert observer.wait_until(lambda: not observer.workers(observer.last), 2.0)


def test_an_unreaped_child_is_a_zombie_whose_age_grows(start):
    server = start(FORK_SERVERS / "buggy_never_reaps.py")
    observer = ProcessObserver(server)
    client = served_client(server, "client 1")
    child = observer.holders(client.sock.getsockname()[1])
    client.close()
    assert observer.wait_exited(child, 2.0) == []
    assert [info.pid for info, _age in observer.zombies()] == child
    assert observer.wait_until(lambda: bool(observer.unreaped(0.2)), 2.0)
    assert observer.workers() == []


def test_an_orphaned_grandchild_is_still_seen_and_its_zombie_is_not_the_servers(start):
    server = start(SELFTEST / "harness" / "harness_targets" / "double_fork_server.py")
    observer = ProcessObserver(server)
    client = served_client(server, "client 1")
    port = client.sock.getsockname()[1]
    try:
        # The child holds the connection too until its os._exit, which may come a moment
        # after the grandchild has answered: wait until only the grandchild is alive.
        assert observer.wait_until(lambda: len(observer.workers(observer.last)) == 1, 2.0)
        serving = observer.holders(port)
        (info,) = [i for i in observer.look() if i.pid == serving[0]]
        assert info.ppid != server.pid  # its parent, the child, has exited
        assert [w.pid for w in observer.workers()] == serving
    finally:
        client.close()
    assert observer.wait_exited(serving, 2.0) == []
    observer.look()
    assert observer.zombies() == []  # adopted by the harness: not the server's to reap


# --- V-HERMETIC: a process that waited for a CPU is given that time ---------------------------


def test_the_schedule_of_a_live_process_and_of_none():
    from wirecheck.drive.process_observer import schedule

    mine = schedule(os.getpid())
    assert mine is not None and mine.ran > 0 and mine.waited >= 0
    busy_until = time.monotonic() + 0.05
    while time.monotonic() < busy_until:
        pass
    later = schedule(os.getpid())
    assert later.ran > mine.ran
    assert schedule(2**22 + 12345) is None  # no such process


@pytest.mark.parametrize(
    "ran, waited, owed",
    [
        (0.001, 3.0, 3.0),  # waited 3 s for a CPU and hardly ran: owed the 3 s
        (0.001, 40.0, STARVED_MOST),  # at most STARVED_MOST
        (0.5, 3.0, 0.0),  # ran half a second: it had its chance
        (0.0, 0.0, 0.0),  # asleep: nothing owed
    ],
)
def test_what_a_process_is_owed_for_waiting_for_a_cpu(ran, waited, owed):
    from wirecheck.drive.process_observer import Schedule, starved

    before = Schedule(1.0, 2.0)
    assert starved(before, Schedule(1.0 + ran, 2.0 + waited)) == owed
    assert starved(None, Schedule(1.0, 9.0)) == 0.0 and starved(before, None) == 0.0


def test_a_starved_zombie_parent_gets_its_time_and_a_sleeping_one_does_not(start, monkeypatch):
    from wirecheck.drive import process_observer
    from wirecheck.drive.process_observer import Schedule

    server = start(FORK_SERVERS / "buggy_never_reaps.py")
    observer = ProcessObserver(server)
    client = served_client(server, "client 1")
    child = observer.holders(client.sock.getsockname()[1])
    client.close()
    assert observer.wait_exited(child, 2.0) == []
    assert observer.wait_until(lambda: bool(observer.unreaped(0.1)), 2.0)  # asleep in accept(): no time owed
    # The same zombie, had its parent waited 5 s for a CPU meanwhile without running:
    parent, before = observer.zombie_parent[child[0]]
    assert parent == server.pid and before is not None
    monkeypatch.setattr(process_observer, "schedule", lambda pid: Schedule(before.ran, before.waited + 5.0))
    assert observer.unreaped(0.1) == []
    assert observer.unreaped(-4.95)  # the 5 s are all it is owed


def test_a_child_that_waits_for_a_cpu_is_waited_for_longer(monkeypatch):
    import subprocess

    from wirecheck.drive import process_observer
    from wirecheck.drive.process_observer import Schedule

    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        observer = ProcessObserver.__new__(ProcessObserver)
        looks = []
        observer.look = lambda: looks.append(1)
        began = time.monotonic()
        assert observer.wait_exited([sleeper.pid], 0.05) == [sleeper.pid]  # asleep: the limit holds
        assert time.monotonic() - began < STARVED_MOST  # not owed anything
        calls = []

        def starving(pid):
            """Asked first when the wait begins (nothing waited yet), then 0.4 s waited."""
            calls.append(pid)
            return Schedule(0.0, 0.4 if len(calls) > 1 else 0.0)

        monkeypatch.setattr(process_observer, "schedule", starving)
        began = time.monotonic()
        assert observer.wait_exited([sleeper.pid], 0.05) == [sleeper.pid]
        assert 0.4 <= time.monotonic() - began < STARVED_MOST  # the limit and the 0.4 s it was owed
    finally:
        sleeper.kill()
        sleeper.wait()
