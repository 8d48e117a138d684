"""V-EDGE: the cases at a rule's edge are played first on every run, whatever the seed and
the profile, by the check's own machine; and C-PATIENCE's longest pauses are among them."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocols import PROTOCOLS, get_protocol
from protocols.edges import EDGES, LAST_BYTE_PAUSE, PATIENCE, edges_for
from wirecheck.checks import checks_for
from wirecheck.drive import edges
from wirecheck.drive.attempt import Attempt
from wirecheck.drive.profiles import get_profile
from wirecheck.drive.runner import RunOptions, run_requirement
from wirecheck.harness.target import resolve_target

SERVERS = Path(__file__).resolve().parents[1] / "servers"
CHECKED = {req.id: (p.name, checks_for(p.name)) for p in PROTOCOLS.values() for req in p.requirements if checks_for(p.name)}


@pytest.mark.parametrize("edge", EDGES, ids=lambda e: f"{e.requirement}:{e.name}")
def test_every_listed_edge_case_is_played_by_its_checks_machine(edge):
    protocol, checks = CHECKED[edge.requirement]
    check = checks[edge.requirement]
    assert check.machine is not None, f"{edge.requirement} is a fixed scenario: it has no machine to play {edge.name!r}"
    assert callable(getattr(check.machine, edge.method, None)), f"{check.machine.__name__} has no {edge.method}"
    assert edge in edges.edges_of(check)


def test_c_exact_and_c_robust_have_all_their_edges_where_listed():
    for req in ("CLOCK-2", "UNIX-1", "FORK-2", "SWAP-7", "GUESS-6"):
        names = {e.name for e in edges_for(req)}
        assert {"last byte alone", "first byte alone", "longest pauses"} <= names, req
    for req in ("CLOCK-6", "FORK-7", "SWAP-8", "GUESS-7"):
        robust = {e.name for e in edges_for(req) if e.rule == "C-ROBUST"}
        # swap's clients also wait for a partner: one resets while it waits
        extra = {"resets while waiting"} if req == "SWAP-8" else set()
        assert robust == {"closes at once", "resets", "part then leaves", "non-ASCII"} | extra, req
    # GUESS-7 also judges a guess that is no number once the secret is found
    assert {e.name for e in edges_for("GUESS-7") if e.rule == "GUESS-7"} == {"not a number after the find"}
    # clock-unix has no C-ROBUST ID: its clients are played under UNIX-1
    assert {"closes at once", "resets", "part then leaves", "non-ASCII"} <= {e.name for e in edges_for("UNIX-1")}
    for req in ("CLOCK-7", "FORK-8", "GUESS-8"):
        assert {e.name for e in edges_for(req)} == {"silent then one asks", "half then one asks"}, req
    assert {e.name for e in edges_for("SWAP-9")} == {"silent then two swap", "half then two swap"}
    assert "two in one write" in {e.name for e in edges_for("FORK-2")}  # several requests per connection
    assert {e.name for e in edges_for("SWAP-4")} == {"lone waiter", "waiter left", "waiter resets"}
    # a message cut short by its sender's leaving reaches no waiter (SWAP-7)
    assert "part then leaves while one waits" in {e.name for e in edges_for("SWAP-7")}
    assert any(str(int(PATIENCE)) in e.does for e in edges_for("SWAP-4"))


def test_the_datagram_clocks_have_c_robusts_datagrams_under_their_only_must():
    # The standard gives datagram protocols no C-ROBUST ID: UDP-1 and UNIXD-1 judge it.
    for req in ("UDP-1", "UNIXD-1"):
        cases = edges_for(req)
        assert {e.name for e in cases} == {"short datagram", "empty datagram", "non-ASCII"}, req
        assert {e.rule for e in cases} == {"C-ROBUST"}
        assert all("socket of its own" in e.does for e in cases)
    for req in ("UDP-2", "UDP-3", "UNIXD-2"):
        assert edges_for(req) == ()


def test_the_http_servers_have_web_5s_misbehaving_clients_and_c_concs_stalled_ones():
    for req in ("WEB-5", "WGUESS-5"):
        assert {e.name for e in edges_for(req)} == {"closes at once", "resets", "part then leaves", "non-ASCII", "bad escape", "lone percent", "other methods"}, req
    for req in ("WEB-6", "WGUESS-6"):
        cases = edges_for(req)
        assert {e.name for e in cases} == {"silent then one asks", "half then one asks"}, req
        assert {e.rule for e in cases} == {"C-CONC"}


def test_the_http_edge_requests_are_what_their_cases_say():
    from wirecheck.checks import web

    assert web.FULL_REQUEST.startswith(web.PART_OF_A_REQUEST) and web.PART_OF_A_REQUEST == b"GET / HT"
    line = web.NON_ASCII_REQUEST.split(b"\r\n")[0]
    assert line.startswith(b"GET /") and line.endswith(b" HTTP/1.0") and any(b >= 0x80 for b in line)
    assert b"%zz" in web.BAD_ESCAPE and web.LONE_PERCENT.startswith(b"GET /% ")
    # Half a request never completes one: what stalls may not be a request to answer.
    assert b"\r\n\r\n" not in web.FULL_REQUEST[: len(web.FULL_REQUEST) // 2]
    # `other methods` sends every method the random steps draw from, and names each: one that
    # sorts before GET (DELETE) and one after it (POST), so no order test of the name passes.
    assert set(web.OTHER_METHODS) == {"POST", "PUT", "DELETE", "PATCH"}
    (other,) = [e for e in edges_for("WEB-5") if e.name == "other methods"]
    assert all(f"`{m}`" in other.does for m in web.OTHER_METHODS)
    assert min(web.OTHER_METHODS) < "GET" < max(web.OTHER_METHODS)


def test_guess_5_guesses_the_numbers_next_to_secret():
    # A test that lets a neighbour of the secret through (`<=`, `>=`) shows only there, and it
    # is GUESS-5's: a server whose own secret is 30 may answer `right` to 30.
    assert {e.name for e in edges_for("GUESS-5")} == {"one below the secret", "one above the secret"}
    assert not [e for e in edges_for("GUESS-1") if "secret" in e.name]


PASSED = Attempt.passed()


class _Played:
    """A stand-in for an attempt: what each run returns, in turn, and how often it ran."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.runs = []

    def __call__(self, replay, blob=None):
        self.runs.append(replay)
        return self.outcomes.pop(0)


def _explore(check, per_edge, random):
    made = iter(per_edge)
    return edges.explore(check, random, lambda _play: next(made))


def test_the_random_examples_run_only_when_every_edge_case_held():
    check = checks_for("clock")["CLOCK-2"]
    cases = [_Played(PASSED) for _ in edges.edges_of(check)]
    random = _Played("random outcome")
    first, attempt = _explore(check, cases, random)
    assert (first, attempt) == ("random outcome", random)
    assert all(c.runs == [False] for c in cases)


def test_a_failing_edge_case_ends_the_exploring_and_is_played_again():
    check = checks_for("clock")["CLOCK-2"]
    violation = AssertionError("early reply")
    failing = _Played(Attempt.violated(violation), Attempt.violated(violation))
    random = _Played("never")
    first, attempt = _explore(check, [_Played(PASSED), failing], random)
    assert attempt is failing and first.violation is violation
    assert failing.runs == [False, True] and not first.flaky
    assert random.runs == []


def test_an_edge_failure_that_does_not_come_back_is_flagged_as_hypothesis_flags_one():
    check = checks_for("clock")["CLOCK-2"]
    failing = _Played(Attempt.violated(AssertionError("once")), PASSED)
    first, _attempt = _explore(check, [failing], _Played("never"))
    assert first.flaky


def test_a_fixed_scenario_check_has_no_edge_cases_to_play():
    assert edges.edges_of(checks_for("clock")["CLOCK-5"]) == ()


def _run(protocol: str, req: str, server: str, profile: str, seed: int, examples: float | None = None):
    check = checks_for(protocol)[req]
    chosen = get_profile(profile)
    if examples is not None:
        from dataclasses import replace

        chosen = replace(chosen, examples=1, weights=())
    options = RunOptions(profile=chosen, seed=seed)
    return run_requirement(get_protocol(protocol), check, resolve_target(SERVERS / server), options)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_a_24_byte_reader_fails_clock_2_with_a_single_random_example(seed):
    result = _run("clock", "CLOCK-2", "clock/buggy_selectors_answers_at_24.py", "grading", seed, examples=1)
    assert result.verdict == "fail", result.detail
    assert "after 24 bytes" in result.detail
    assert f"(byte 24 of 25), then {LAST_BYTE_PAUSE:g} s pass" in result.counterexample


@pytest.mark.slow
def test_a_swap_server_that_drops_a_lone_waiter_fails_swap_4_in_the_grading_profile():
    result = _run("swap", "SWAP-4", "swap/buggy_drops_lone_waiter.py", "grading", 1, examples=1)
    assert result.verdict == "fail", result.detail
    assert f"waits alone; {PATIENCE:g} s pass" in result.counterexample


@pytest.mark.slow
def test_a_correct_server_with_a_10_s_timeout_holds_through_the_longest_pauses():
    result = _run("clock", "CLOCK-2", "clock/correct_socket_timeout_10s.py", "grading", 1, examples=1)
    assert result.verdict == "pass", result.detail


def test_random_pauses_reach_the_longest_c_patience_allows_and_most_stay_short():
    from wirecheck.drive.machine import LONG_PAUSE, PAUSES

    values = list(PAUSES.elements)
    assert max(values) == PATIENCE
    assert values[0] == 0.0  # what shrinking aims at
    long = [v for v in values if v >= LONG_PAUSE]
    assert long and len(long) * 5 < len(values)


@pytest.mark.slow
@pytest.mark.parametrize(("protocol", "req", "server", "said"), [
    ("clock-udp", "UDP-1", "clock_udp/buggy_decode_ascii_crashes.py", "that are not ASCII"),
    ("clock-unixdgram", "UNIXD-1", "clock_unixdgram/buggy_struct_short_datagram_crashes.py", "a datagram of 12 bytes"),
])
def test_a_datagram_server_that_dies_on_an_odd_datagram_fails_its_must_with_a_single_random_example(protocol, req, server, said):
    result = _run(protocol, req, server, "grading", 1, examples=1)
    assert result.verdict == "fail", result.detail
    assert said in result.counterexample
    assert "the server process exited" in result.detail


@pytest.mark.slow
def test_what_a_misbehaving_datagram_gets_back_is_not_judged():
    # This server answers every datagram, an empty one too: the answer to the odd client is
    # no second reply of anyone's.
    result = _run("clock-unixdgram", "UNIXD-1", "clock_unixdgram/correct_abstract_namespace.py", "grading", 1, examples=1)
    assert result.verdict == "pass", result.detail


@pytest.mark.slow
@pytest.mark.parametrize(("protocol", "req", "server"), [
    ("hello-web", "WEB-6", "hello_web/buggy_course_version.py"),
    ("guess-web", "WGUESS-6", "../independent/guess_web/buggy_serial.py"),
])
def test_a_server_that_serves_one_client_at_a_time_fails_c_conc_with_a_single_random_example(protocol, req, server):
    result = _run(protocol, req, server, "grading", 1, examples=1)
    assert result.verdict == "fail", result.detail
    assert "connects and sends nothing" in result.counterexample


@pytest.mark.slow
@pytest.mark.parametrize(("protocol", "req", "server"), [
    ("hello-web", "WEB-5", "hello_web/correct_hand_written_http.py"),
    ("guess-web", "WGUESS-5", "guess_web/correct_asyncio_hand_written.py"),
])
def test_a_hand_written_http_server_holds_through_the_misbehaving_clients(protocol, req, server):
    result = _run(protocol, req, server, "grading", 1, examples=1)
    assert result.verdict == "pass", result.detail


@pytest.mark.slow
def test_a_misbehaving_datagrams_reply_gone_astray_is_udp_2s_matter_not_udp_1s():
    # It answers every datagram of a burst to the burst's last sender: the short datagram's
    # reply reaches the normal client after it. Where replies go is UDP-2's (V-FOCUS).
    result = _run("clock-udp", "UDP-1", "../independent/clock_udp/buggy_poll_last_sender.py", "grading", 1, examples=1)
    assert result.verdict == "pass", result.detail

# --- C-CONC, C-ROBUST under UNIX-1, SWAP-6's race: each edge catches its bug on every seed ---

SERIAL_SESSIONS = '''
from socketserver import StreamRequestHandler, TCPServer
from time import ctime


class Session(StreamRequestHandler):
    def handle(self):
        while len(request := self.rfile.read(25)) == 25:
            self.wfile.write(ctime().encode())


if __name__ == "__main__":
    server = TCPServer(("", 12091), Session)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()
'''


def _mutant(tmp_path, fixture: str, before: str, after: str) -> Path:
    """A copy of a fixture server with one line changed (the fixture itself stays as it is)."""
    text = (SERVERS / fixture).read_text(encoding="utf-8")
    assert text.count(before) == 1, before
    copy = tmp_path / Path(fixture).name
    copy.write_text(text.replace(before, after), encoding="utf-8")
    return copy


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_a_serial_clock_server_fails_clock_7_on_its_edge_cases_in_the_quick_profile(seed):
    result = _run("clock", "CLOCK-7", "clock/buggy_sequential_tcpserver.py", "quick", seed, examples=1)
    assert result.verdict == "fail", result.detail
    assert "client 1 connects and says nothing" in result.counterexample


@pytest.mark.slow
def test_a_clock_fork_server_serving_one_session_at_a_time_fails_fork_8(tmp_path):
    server = tmp_path / "clockforkserver.py"
    server.write_text(SERIAL_SESSIONS, encoding="utf-8")
    result = _run("clock-fork", "FORK-8", str(server), "quick", 1, examples=1)
    assert result.verdict == "fail", result.detail
    assert "client 1 sends nothing" in result.counterexample


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_a_unix_server_that_spins_on_a_client_that_left_fails_unix_1(tmp_path, seed):
    server = _mutant(tmp_path, "clock_unix/correct_serial_exits_on_signal.py", "                        break\n", "                        continue\n")
    result = _run("clock-unix", "UNIX-1", str(server), "grading", seed, examples=1)
    assert result.verdict == "fail", result.detail
    assert "C-ROBUST over a Unix socket" in result.counterexample


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_a_selectors_swap_server_that_reads_a_waiter_it_just_closed_fails_swap_6(tmp_path, seed):
    server = _mutant(tmp_path, "swap/correct_selectors.py", "if sock.fileno() == -1:", "if sock.fileno() == 1:")
    result = _run("swap", "SWAP-6", str(server), "grading", seed, examples=1)
    assert result.verdict == "fail", result.detail
    assert "and at once client" in result.counterexample and "disconnects while it waits" in result.counterexample
    assert "never paired" in result.detail
