"""The process observer behind the clock-fork checks: live children, zombies and their age,
who holds which client's connection, and orphans the server's tree no longer reaches."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocols import Transport
from protocols.framing import CANONICAL_REQUEST
from wirecheck.drive.clients import StreamClient
from wirecheck.harness.launcher import launch
from wirecheck.drive.process_observer import ProcessObserver
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
