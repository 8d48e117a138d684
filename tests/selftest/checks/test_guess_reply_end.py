"""Where a guess reply ends: after the answer to a client that sent its end of file, the
reading waits for the server's close (or for more bytes) instead of looking 20 ms, so that
a server that answers the end of file again is seen however slow the machine is (V-SAME)."""

from __future__ import annotations

import os
import socket
import threading
from types import SimpleNamespace

import pytest

from protocols.guess import Answer, Unreadable
from wirecheck.checks import guess
from wirecheck.checks.guess import END_LOOK, OPEN_AFTER_EOF, GuessMachine
from wirecheck.drive.clients import StreamClient
from wirecheck.harness.launcher import ListenAddress


@pytest.fixture
def pair():
    """A client connected to a socket the test serves by hand."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    client = StreamClient(ListenAddress("inet", "stream", listener.getsockname(), os.getpid()), "client 1")
    served, _ = listener.accept()
    listener.close()
    yield client, served
    client.close()
    served.close()


def machine(notes: dict | None = None):
    """What ``read_answer`` asks of its machine: the session's notes and the focus."""
    session = SimpleNamespace(notes={} if notes is None else notes)
    return SimpleNamespace(context=SimpleNamespace(session=session), focus="GUESS-1", robust_requirement="GUESS-7")


def test_a_second_answer_after_the_end_of_file_is_seen_though_it_comes_late(pair, monkeypatch):
    client, served = pair
    # The brief look alone would miss it: the second `wrong` comes well after END_LOOK.
    monkeypatch.setattr(guess, "END_LOOK", 0.001)
    assert client.half_close()
    served.sendall(b"wrong")
    assert client.wait_bytes(5, 2.0)
    late = threading.Timer(0.15, lambda: served.sendall(b"wrong"))
    late.start()
    try:
        reply = GuessMachine.read_answer(machine(), client)
    finally:
        late.join()
    assert isinstance(reply, Unreadable) and bytes(client.received) == b"wrongwrong"


def test_an_answer_followed_by_the_close_is_read_at_the_close(pair):
    client, served = pair
    assert client.half_close()
    served.sendall(b"wrong\n")
    served.close()
    notes: dict = {}
    assert GuessMachine.read_answer(machine(notes), client) is Answer.WRONG
    assert OPEN_AFTER_EOF not in notes


def test_a_connection_kept_open_quietly_is_waited_for_once_then_looked_at_briefly(pair):
    client, served = pair
    assert client.half_close()
    served.sendall(b"right")
    notes: dict = {}
    assert GuessMachine.read_answer(machine(notes), client) is Answer.RIGHT
    # It waited END_WAIT for a close that never came, and says so for the answers after it.
    assert notes.get(OPEN_AFTER_EOF) is True


def test_a_client_that_did_not_send_its_end_of_file_looks_briefly(pair, monkeypatch):
    client, served = pair
    waits = []
    real = StreamClient.wait_until

    def noted(self, condition, timeout):
        waits.append(timeout)
        return real(self, condition, timeout)

    monkeypatch.setattr(StreamClient, "wait_until", noted)
    served.sendall(b"wrong")
    assert GuessMachine.read_answer(machine(), client) is Answer.WRONG
    assert waits == [END_LOOK]
