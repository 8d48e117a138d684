"""Replay scripts run on their own (``python -I``: no wirecheck, no site packages) against
live servers: a failure is reproduced against the buggy server and passes against the
reference, whether the script starts the server (--server) or finds it (--host/--port).

And what a failure shows (its steps, its replay, the server's output): only the clients that
play a part in it, and what the server printed while the shown steps were replayed."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from protocols import Transport, get_protocol
from wirecheck.checks import checks_for
from wirecheck.checks.clock import ClockMachine
from wirecheck.drive import runner
from wirecheck.drive.machine import Violation
from wirecheck.drive.profiles import get_profile
from wirecheck.drive.attempt import Attempt
from wirecheck.drive.runner import RunOptions, check_protocol, failure_signature
from protocols.clock import single_digit_day_shift
from protocols.framing import CANONICAL_REQUEST, pad
from wirecheck.grading.replays import replay_script
from wirecheck.harness.launcher import launch
from wirecheck.drive.replay_engine import ctime_problem
from wirecheck.harness.target import resolve_target

ROOT = Path(__file__).resolve().parents[3]
CLOCK_SERVERS = Path(__file__).parents[1] / "servers" / "clock"
REFERENCE = ROOT / "reference_servers"


def clock_replay(requirement: str, request: bytes, judge: dict, shift: float = 0.0, transport: str = "tcp") -> dict:
    return {
        "format": 1,
        "protocol": "clock",
        "transport": transport,
        "port": 12091,
        "requirement": requirement,
        "clock_shift": shift,
        "steps": ["client 1 connects", f"client 1 sends {request!r}", "client 1 waits for the reply"],
        "actions": [
            {"step": 0, "client": 1, "do": "connect"},
            {"step": 1, "client": 1, "do": "send", "data": request.hex()},
            {"step": 2, "client": 1, "do": "half_close"},
            {"step": 3, "do": "wait", "clients": [1], "seconds": 2.0, "held": True, "until": {"1": {"count": 24, "ended": True}}},
        ],
        "expected": "a ctime reply",
        "got": "something else",
        "judge": judge,
        "observed": {"1": {"received": "", "ended": True}},
    }


def write_script(tmp_path: Path, replay: dict) -> Path:
    path = tmp_path / f"clock-{replay['requirement']}.py"
    path.write_text(replay_script(replay, requirement_text="the text", level="MUST", seed=5, server_file="clockserver.py"))
    return path


def run_script(script: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-I", str(script), *args], cwd=script.parent, capture_output=True, text=True, timeout=60
    )


def test_a_clock_shift_replay_reproduces_a_zero_padded_day_and_passes_the_reference(tmp_path):
    shift = single_digit_day_shift(time.time())
    script = write_script(tmp_path, clock_replay("CLOCK-1", CANONICAL_REQUEST, {"kind": "ctime", "client": 1, "exact": True}, shift))
    buggy = run_script(script, "--server", str(CLOCK_SERVERS / "buggy_zero_padded_day.py"))
    assert buggy.returncode == 1, buggy.stdout + buggy.stderr
    assert "FAIL — CLOCK-1: the failure happened again." in buggy.stdout
    assert "not ctime's format" in buggy.stdout and "expected: the current time as ctime text" in buggy.stdout
    correct = run_script(script, "--server", str(REFERENCE / "clock.py"))
    assert correct.returncode == 0, correct.stdout + correct.stderr
    assert "PASS — CLOCK-1 held" in correct.stdout


@pytest.mark.parametrize(("server", "status"), [(CLOCK_SERVERS / "buggy_canonical_only.py", 1), (REFERENCE / "clock.py", 0)])
def test_a_replay_runs_against_a_server_at_host_and_port(tmp_path, server, status):
    script = write_script(tmp_path, clock_replay("CLOCK-3", pad("hello"), {"kind": "ctime", "client": 1, "exact": False}))
    running = launch(resolve_target(server), Transport.TCP)
    try:
        host, port = running.address.connect_to[:2]
        done = run_script(script, "--host", host, "--port", str(port))
    finally:
        running.stop()
    assert done.returncode == status, done.stdout + done.stderr
    assert f"against {host}:{port}" in done.stdout and "1. client 1 connects" in done.stdout


def test_a_replay_with_no_server_says_so_and_exits_2(tmp_path):
    script = write_script(tmp_path, clock_replay("CLOCK-3", pad("hello"), {"kind": "reply", "client": 1, "min_bytes": 24}))
    with __import__("socket").socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    done = run_script(script, "--port", str(port))
    assert done.returncode == 2 and "is the server running?" in done.stdout, done.stdout + done.stderr


def test_a_unix_socket_replay_passes_the_reference(tmp_path):
    replay = clock_replay("UNIX-1", CANONICAL_REQUEST, {"kind": "ctime", "client": 1, "exact": True}, transport="unix")
    done = run_script(write_script(tmp_path, replay), "--server", str(REFERENCE / "clock_unix.py"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_datagram_replay_counts_replies(tmp_path):
    replay = {
        **clock_replay("UDP-1", CANONICAL_REQUEST, {"kind": "datagrams", "client": 1, "at_least": 2, "at_most": 2}),
        "transport": "udp",
        "steps": ["client 1 opens a socket", "client 1 sends two datagrams", "client 1 waits for its replies"],
        "actions": [
            {"step": 0, "client": 1, "do": "open"},
            {"step": 1, "client": 1, "do": "send", "data": CANONICAL_REQUEST.hex()},
            {"step": 1, "client": 1, "do": "send", "data": CANONICAL_REQUEST.hex()},
            {"step": 2, "do": "wait", "clients": [1], "seconds": 2.0, "held": True, "until": {"1": {"count": 2, "ended": False}}},
        ],
    }
    done = run_script(write_script(tmp_path, replay), "--server", str(REFERENCE / "clock_udp.py"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_engine_judges_ctime_as_the_checks_do():
    now = time.time()
    good = time.ctime(now).encode()
    assert ctime_problem(good + b"\n", now, now, 0.0, exact=True) is None
    assert "not ctime text" in ctime_problem(b"hello", now, now, 0.0, exact=True)
    padded = time.strftime("%a %b %d %H:%M:%S %Y", time.localtime(now - (time.localtime(now).tm_mday - 5) * 86400)).encode()
    shift = -(time.localtime(now).tm_mday - 5) * 86400
    assert "padded with a space" in ctime_problem(padded, now, now, shift, exact=True)
    assert ctime_problem(b"Mon Jan 05 10:00:00 2026", now, now, 0.0, exact=False) is None


# --- the shown sequence: only the clients that play a part ---------------------------------


def clients_named(text: str) -> set[str]:
    return set(re.findall(r"\bclient (\d+)\b", text))


def checked(protocol: str, server: Path, requirement: str, monkeypatch, seed: int):
    """One requirement checked with no time to shrink (what Hypothesis shows is then the
    example it found, clients and all), and that example as Hypothesis gave it."""
    given = {}
    real = runner.drop_clients

    def watched(attempt, context, first, profile, until):
        given["counterexample"] = first.violation.counterexample()
        return real(attempt, context, first, profile, until)

    monkeypatch.setattr(runner, "drop_clients", watched)
    options = RunOptions(profile=replace(get_profile("quick"), shrink_seconds=0), seed=seed)
    result = check_protocol(get_protocol(protocol), checks_for(protocol), resolve_target(server), options, only={requirement})
    [item] = result.requirements
    assert item.verdict == "fail", (item.verdict, item.detail)
    return item, given["counterexample"]


@pytest.mark.slow
def test_clients_that_play_no_part_are_left_out_of_a_shown_failure(tmp_path, monkeypatch):
    # A server that echoes the request: the first client whose reply is judged shows it; the
    # unshrunk example Hypothesis found has other clients around it.
    server = CLOCK_SERVERS / "buggy_echoes_request.py"
    item, given = checked("clock", server, "CLOCK-1", monkeypatch, seed=1)
    assert len(clients_named(given)) > 1, given
    assert clients_named(item.counterexample) == {"1"}, item.counterexample
    assert "not ctime text" in item.counterexample and len(item.counterexample) < len(given)
    # It connects, asks and reads the reply: no step of another client is left either.
    assert len(item.replay["steps"]) == 3, item.counterexample
    # Its replay is the shown sequence: one client, and it reproduces the failure.
    assert {a["client"] for a in item.replay["actions"] if "client" in a} == {1}
    assert item.replay["steps"] == item.counterexample.split(" · expected: ")[0].split(" · ")
    again = run_script(write_script(tmp_path, item.replay), "--server", str(server))
    assert again.returncode == 1, again.stdout + again.stderr


@pytest.mark.slow
def test_a_failure_that_needs_two_clients_keeps_both(monkeypatch):
    # A server that serves one client at a time: a silent client and one that asks.
    item, given = checked("clock", CLOCK_SERVERS / "buggy_sequential_tcpserver.py", "CLOCK-7", monkeypatch, seed=1)
    assert len(clients_named(item.counterexample)) == 2, item.counterexample
    # The C-CONC edge case (a silent client, then one asks) finds it with these two already;
    # a random example would have had more, for the minimiser to leave out.
    assert len(clients_named(given)) >= 2, given
    assert "client 1 connects and says nothing" in item.counterexample and "while client 1 is silent" in item.counterexample
    assert item.replay["judge"]["kind"] == "reply"


PRINTS_EACH_CLIENT = """
import socket, threading, time
count = 0
lock = threading.Lock()
def serve(conn):
    global count
    with conn:
        data = b""
        while len(data) < 25:
            piece = conn.recv(25 - len(data))
            if not piece:
                return
            data += piece
        with lock:
            count += 1
            print("served client", count, flush=True)
        # BUG: only the course's question gets the time; any other request is sent back (CLOCK-3)
        conn.sendall(time.ctime().encode() if data.strip() == b"What is the time?" else data)
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("", 12091))
listener.listen(5)
while True:
    threading.Thread(target=serve, args=(listener.accept()[0],), daemon=True).start()
"""


@pytest.mark.slow
def test_the_output_shown_is_what_the_server_printed_in_the_shown_replay(tmp_path, monkeypatch):
    server = tmp_path / "clockserver.py"
    server.write_text(PRINTS_EACH_CLIENT)
    item, _given = checked("clock", server, "CLOCK-3", monkeypatch, seed=2)
    printed = [int(n) for n in re.findall(r"served client (\d+)", item.server_output)]
    # A line for each client of the shown steps that completed a request (and for those the
    # example went on with after the failure), and none for the clients of the examples
    # before it: the server served those first, so they have the smaller numbers.
    completed = {a["client"] for a in item.replay["actions"] if a["do"] == "send"}
    assert len(printed) >= len(completed) >= 1, (item.server_output, item.counterexample)
    assert min(printed) > 1 and printed == list(range(printed[0], printed[0] + len(printed))), item.server_output
    assert len(printed) <= ClockMachine.max_open_clients + 1, item.server_output


def test_a_failure_is_the_same_when_only_its_client_numbers_moved():
    def failure(expected, got, judge, steps=("client 1 connects",)):
        found = Violation("CLOCK-7", expected, got, list(steps))
        found.replay = {"judge": judge}
        return found

    given = failure("a reply from client 3 at 10:00:01", "no reply within 2 s", {"kind": "reply", "client": 3})
    moved = failure("a reply from client 2 at 10:00:07", "no reply within 2 s", {"kind": "reply", "client": 2})
    gone = lambda n: None if n == 2 else n - (n > 2)  # noqa: E731  client 2 left out
    assert failure_signature(moved) == failure_signature(given, gone)
    assert failure_signature(moved) != failure_signature(given)
    other = failure("no reply before byte 25 from client 2", "no reply within 2 s", {"kind": "reply", "client": 2})
    assert failure_signature(other) != failure_signature(given, gone)
    # What came is part of it: a left-out client is told nothing, which is another failure.
    told_nothing = failure("a reply from client 2 at 10:00:07", "the connection closed without a reply", {"kind": "reply", "client": 2})
    assert failure_signature(told_nothing) != failure_signature(given, gone)
    judged_otherwise = failure("a reply from client 2 at 10:00:07", "no reply within 2 s", {"kind": "silent", "clients": [2]})
    assert failure_signature(judged_otherwise) != failure_signature(given, gone)
    about_the_left_out = failure("a reply from client 2", "no reply within 2 s", {"kind": "reply", "client": 2})
    assert failure_signature(about_the_left_out, gone) != failure_signature(about_the_left_out)


@pytest.mark.slow
def test_a_left_out_client_never_stands_in_for_the_client_that_failed(monkeypatch):
    # A web server that never answers: each request is a client of its own, and a left-out
    # one is never answered either — the failure shown is still a real client's.
    server = Path(__file__).parents[1] / "servers" / "hello_web" / "buggy_never_answers.py"
    item, _given = checked("hello-web", server, "WEB-1", monkeypatch, seed=1)
    assert clients_named(item.counterexample) == {"1"}, item.counterexample
    assert item.counterexample.startswith("client 1 sends GET"), item.counterexample


# --- drop_clients on made-up failures: what each pass keeps, without a server ----------------


class _Session:
    failing_output = None
    shrinking = False


def _made_up(steps, clients, choices, marks, judge=None, simplest=None, closing=None):
    found = Violation("GUESS-4", "`secret found`", "`right`", steps)
    found.replay = {"judge": judge or {"kind": "reply", "client": clients[-1]}}
    found.clients, found.choices, found.marks = list(clients), tuple(choices), list(marks)
    found.simplest = tuple(simplest) if simplest is not None else tuple(type(c)() for c in choices)
    found.closing = closing
    return found


def _attempting(example):
    """An attempt (``wirecheck.drive.attempt``) made of a function that gives the failure an
    example shows, or None when it passes."""

    def attempt(replay, blob=None):
        found = example(replay, blob)
        return Attempt.passed() if found is None else Attempt.violated(found)

    return attempt


def _drop_with(attempt, first):
    from wirecheck.drive.machine import MachineContext

    context = MachineContext(get_protocol("guess"), "GUESS-4", _Session())
    profile = get_profile("default")
    kept = runner.drop_clients(_attempting(attempt), context, Attempt.violated(first, blob=None), profile, time.monotonic() + 30)
    return kept, context


def _decoded(blob):
    from hypothesis.core import decode_failure

    return tuple(decode_failure(blob[1]))


def test_a_pause_drawn_inside_a_kept_step_is_made_zero_when_the_failure_stays():
    # One step that sends a piece and lets a pause pass (two lines); its pause (choice 3) at
    # its first value, zero, says one line less; its size (choice 2) at its least fails
    # otherwise, and is undone.
    def example(choices):
        if len(choices) < 5:
            return None  # without its step, nothing fails
        size, pause = choices[2], choices[3]
        lines = ["client 1 connects", 'client 1 sends "4" (byte 1 of 25)'] + (["0.03 s pass"] if pause else [])
        found = _made_up(lines, [1], choices, [(0, 0), (4, len(lines))], simplest=(None, 0, 1, 0, None))
        if size == 1:
            found.got = "nothing"  # another failure: not the one shown
        return found

    tried = []

    def attempt(replay, blob=None):
        choices = _decoded(blob)
        tried.append(choices)
        return example(choices)

    first = example((False, 0, 5, 2, True))
    kept, _context = _drop_with(attempt, first)
    assert kept is not None
    violation, _output, blob = kept
    assert violation.steps == ["client 1 connects", 'client 1 sends "4" (byte 1 of 25)'], violation.steps
    assert _decoded(blob) == (False, 0, 5, 0, True)
    assert (False, 0, 1, 0, True) in tried  # the size was tried too, and left as it was
    assert tried[-1] == (False, 0, 5, 0, True)  # what is shown was replayed once more


def test_a_value_that_shows_the_failure_no_shorter_is_not_kept():
    def attempt(replay, blob=None):
        choices = _decoded(blob)
        return _made_up(["client 1 connects", "client 1 guesses 7"], [1], choices, [(0, 0), (3, 2)], simplest=(None, 0, 0))

    first = _made_up(["client 1 connects", "client 1 guesses 7"], [1], (False, 3, 4), [(0, 0), (3, 2)], simplest=(None, 0, 0))
    kept, _context = _drop_with(attempt, first)
    assert kept is None  # nothing shorter: shown as Hypothesis gave it


def test_a_closing_race_of_fewer_clients_is_kept_only_when_it_fails_the_same_way():
    # The example's closing race opened three racers (clients 2 to 4); with one it is no
    # race (another failure), with two it fails the same way.
    def attempt_with(context):
        def attempt(replay, blob=None):
            size = context.closing_size or 3
            racers = list(range(2, 2 + size))
            found = _made_up(
                ["client 1 connects", f"clients {racers} connect and each guesses 7", "client 3 reads its reply"],
                [1] + racers, (False, 0, 0, False, True), [(0, 0), (4, 1)], judge={"kind": "reply", "clients": [2, 3]}, closing=3,
            )
            if size < 2:
                found.got = "`secret found`"
            return found

        return attempt

    from wirecheck.drive.machine import MachineContext

    context = MachineContext(get_protocol("guess"), "GUESS-4", _Session())
    first = attempt_with(context)(False)
    kept = runner.drop_clients(_attempting(attempt_with(context)), context, Attempt.violated(first), get_profile("default"), time.monotonic() + 30)
    assert kept is not None
    assert context.closing_size == 2  # it stays for the replays that follow
    assert kept[0].clients == [1, 2, 3]


def test_every_client_not_judged_is_left_out_at_once_when_that_shows_the_failure():
    seen = []

    def attempt_with(context):
        def attempt(replay, blob=None):
            seen.append(context.ghosts)
            real = [n for n in (1, 2, 3, 4) if n not in context.ghosts]
            if 1 in context.ghosts:
                return None  # the failure is client 1's
            renamed = list(range(1, len(real) + 1))
            lines = [f"client {n} connects" for n in renamed] + ["client 1 guesses 100"]
            return _made_up(lines, renamed, (False, 0, 0, False, True), [(0, 0), (4, len(lines))], judge={"kind": "reply", "client": 1})

        return attempt

    from wirecheck.drive.machine import MachineContext

    context = MachineContext(get_protocol("guess"), "GUESS-1", _Session())
    first = attempt_with(context)(False)
    seen.clear()
    kept = runner.drop_clients(_attempting(attempt_with(context)), context, Attempt.violated(first), get_profile("default"), time.monotonic() + 30)
    assert kept is not None and kept[0].clients == [1], kept
    assert seen[0] == frozenset({2, 3, 4})  # the first trial left them all out


@pytest.mark.slow
def test_the_pause_after_a_piece_is_told_with_the_piece(monkeypatch):
    # A server that answers before the last byte of a guess (V-EDGE's "last byte alone" shows
    # it first): the failure is seen in the pause that follows the piece, and that pause is no
    # step of its own.
    server = Path(__file__).parents[1] / "servers" / "guess" / "buggy_recv_once.py"
    item, _given = checked("guess", server, "GUESS-6", monkeypatch, seed=1)
    steps = item.counterexample.split(" · expected: ")[0].split(" · ")
    assert not any(re.fullmatch(r"[\d.]+ s pass", step) for step in steps), item.counterexample
    told = r'client \d+ sends (\S+|"[^"]*") \(bytes? \d+( to \d+)? of 25\), (then [\d.]+ s pass|and pauses [\d.]+ s)$'
    assert re.search(told, steps[-1]), item.counterexample


def test_a_process_failure_is_never_taken_for_a_left_out_clients_silence():
    # A ghost waited in vain in the step that saw the failure, and the failure names no
    # client: for what clients receive it may be the ghost's doing; for the server's
    # processes (FORK-4: a child that never exits) it cannot be.
    from types import SimpleNamespace

    from wirecheck.checks.clock_fork import ClockForkMachine
    from wirecheck.drive.machine import ProtocolMachine

    def machine(focus, kind):
        return SimpleNamespace(
            context=SimpleNamespace(ghosts=frozenset({2})), ghost_waited=True, focus=focus,
            process_requirements=kind.process_requirements,
        )

    about = ProtocolMachine._about_a_ghost
    assert not about(machine("FORK-4", ClockForkMachine), "the process that served client 1 exits", "still running", None)
    assert about(machine("FORK-1", ClockForkMachine), "a reply to every request", "no reply within 2 s", None)
    assert about(machine("GUESS-1", ProtocolMachine), "`wrong`", "nothing", None)


def test_a_real_clients_answer_ends_what_a_left_out_clients_silence_may_explain():
    # A ghost waited in vain; then a real client's awaited reply came: what is judged next is
    # that reply, so the ghost's silence no longer stands in for a failure. A real wait that
    # came to nothing leaves the ghost's silence as it was.
    import os
    import socket
    from types import SimpleNamespace

    from wirecheck.drive.clients import GhostStreamClient, StreamClient
    from wirecheck.harness.launcher import ListenAddress

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    machine = SimpleNamespace(ghost_waited=False)
    ghost = GhostStreamClient(1)
    ghost.machine = machine
    client = StreamClient(ListenAddress("inet", "stream", listener.getsockname(), os.getpid()), "client 1")
    client.recorder = SimpleNamespace(machine=machine, note=lambda *a, **k: None, note_receipt=lambda *a, **k: None,
                                      begin_wait=lambda clients: {}, note_wait=lambda *a, **k: None)
    served, _ = listener.accept()
    try:
        assert not ghost.wait_bytes(1, 0.1) and machine.ghost_waited
        assert not client.wait_bytes(1, 0.05)  # nothing came: the ghost's silence stays
        assert machine.ghost_waited
        served.sendall(b"wrong\n")
        assert client.wait_bytes(1, 2.0)
        assert not machine.ghost_waited
    finally:
        client.close()
        served.close()
        listener.close()


def test_a_process_is_the_same_failure_sleeping_or_running_but_not_as_a_zombie():
    def failure(got):
        return Violation("FORK-3", "a child process serves client 1", got, ["client 1 connects"])

    sleeping = failure("no child process: the listening process 19306 (state: sleeping) serving client 1 itself")
    running = failure("no child process: the listening process 19310 (state: running) serving client 1 itself")
    zombie = failure("no child process: the listening process 19310 (state: zombie)")
    assert failure_signature(sleeping) == failure_signature(running)
    assert failure_signature(sleeping) != failure_signature(zombie)


def test_a_word_sent_over_and_over_is_the_same_failure_however_often_it_came():
    def failure(got):
        return Violation("GUESS-1", "`wrong`", got, ["client 1 connects", "client 1 guesses 100"])

    four = failure('"wrongwrongwrongwrong", which is no answer')
    two = failure('"wrongwrong", which is no answer')
    other = failure('"rightright", which is no answer')
    many = failure('"wrongwrongwrongwrongwrongwrongwrongwrongwrongwrongwrongwrong"… (+2245 bytes), which is no answer')
    assert failure_signature(four) == failure_signature(two) == failure_signature(many)
    assert failure_signature(four) != failure_signature(other)
