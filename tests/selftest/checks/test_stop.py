"""C-STOP as a SHOULD of every protocol (wirecheck.checks.stop): the servers that do not end on
ctrl-C while clients are connected fail their protocol's ID, with advice a student can act
on; the servers that do — whatever their style — pass; a server that never answered is
`not shown`; and nothing of any server is left running once the check is over."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from protocols import PROTOCOLS, Level, get_protocol
from wirecheck.checks import checks_for
from wirecheck.checks.stop import KEPT_GOING, NON_DAEMON_THREADS, PLANS, WITNESS
from wirecheck.drive.profiles import get_profile
from wirecheck.drive.runner import RunOptions, run_requirement
from wirecheck.grading.replays import replay_script
from wirecheck.render.diagram import sequence_svg
from wirecheck.harness.launcher import LaunchOptions
from wirecheck.harness.target import resolve_target

SERVERS = Path(__file__).resolve().parents[1] / "servers"

# (protocol, fixture, what the advice must say)
BUGGY = [
    ("clock", "clock/buggy_threading_non_daemon.py", NON_DAEMON_THREADS),
    ("clock", "clock/buggy_ignores_ctrl_c.py", KEPT_GOING),
    ("clock-unix", "clock_unix/buggy_threading_non_daemon.py", NON_DAEMON_THREADS),
    ("swap", "swap/buggy_threads_non_daemon.py", NON_DAEMON_THREADS),
    ("hello-web", "hello_web/buggy_threading_mixin_non_daemon.py", NON_DAEMON_THREADS),
]

# Every style that ends on ctrl-C: no handler at all, asyncio.run, ForkingMixIn, daemon
# threads, KeyboardInterrupt caught then server_close(), a serial server, datagrams.
CORRECT = [
    ("clock", "clock/correct_select_no_handler.py"),
    ("clock", "clock/correct_asyncio.py"),
    ("clock", "clock/correct_forking_tcpserver.py"),
    ("clock", "clock/correct_threading_tcpserver.py"),
    ("clock", "clock/buggy_sequential_tcpserver.py"),  # one client at a time: only C-CONC's failure
    ("clock-unix", "clock_unix/correct_unlink_chmod_socketserver.py"),
    ("clock-udp", "clock_udp/correct_threading_udpserver.py"),
    ("clock-unixdgram", "clock_unixdgram/correct_raw_loop.py"),
    ("guess", "guess/correct_socketserver_threads.py"),  # catches ctrl-C, server_close()
    ("guess-web", "guess_web/correct_asyncio_hand_written.py"),
    ("hello-web", "hello_web/correct_threading_http_server.py"),
    ("swap", "swap/correct_threads_condition.py"),
    ("swap", "swap/correct_asyncio.py"),
]


def _check(protocol: str, target, seed: int = 1):
    """The protocol's C-STOP verdict, and every server the check started."""
    proto = get_protocol(protocol)
    check = checks_for(protocol)[PLANS[protocol].requirement]
    started = []
    launch = LaunchOptions()

    def start():
        server = launch.starter(target, proto.transport, extra_env=check.env)()
        started.append(server)
        return server

    options = RunOptions(profile=get_profile("default"), seed=seed)
    return run_requirement(proto, check, target, options, start=start), started


def _nothing_left(servers) -> None:
    assert servers, "the check started no server"
    for server in servers:
        assert server.stop_report is not None, "a server the check started was not stopped"
        assert not server.tree.alive(full=True), f"left running: {server.tree.alive(full=True)}"


def test_every_protocol_but_clock_fork_has_its_stop_rule_as_a_should_checked_by_the_scenario():
    for name, protocol in PROTOCOLS.items():
        if name == "clock-fork":
            assert name not in PLANS  # FORK-6, the MUST form, is its machine's own
            continue
        req = protocol.requirement(PLANS[name].requirement)
        assert req.level is Level.SHOULD and req.text.startswith("C-STOP")
        check = checks_for(name)[req.id]
        assert check.scenario is not None and check.fresh_server and check.witness == WITNESS


@pytest.mark.slow
@pytest.mark.parametrize(("protocol", "path", "advice"), BUGGY, ids=[b[1] for b in BUGGY])
def test_a_server_still_running_after_ctrl_c_fails_with_advice(protocol, path, advice):
    result, servers = _check(protocol, resolve_target(str(SERVERS / path)))
    assert result.verdict == "fail", result.detail
    assert result.detail.startswith("after ctrl-C your server was still running 3 s later, with ")
    assert advice in result.detail
    steps = result.counterexample.split(" · ")
    assert re.match(r"client 1 connects and sends ", steps[0])
    assert steps[-3].startswith("ctrl-C: SIGINT to the server"), steps
    assert len(servers) == 1  # no replays of a fixed scenario in the default profile
    _nothing_left(servers)


@pytest.mark.slow
@pytest.mark.parametrize(("protocol", "path"), CORRECT, ids=[c[1] for c in CORRECT])
def test_a_server_that_ends_on_ctrl_c_passes(protocol, path):
    result, servers = _check(protocol, resolve_target(str(SERVERS / path)))
    assert result.verdict == "pass", result.detail
    _nothing_left(servers)


@pytest.mark.slow
@pytest.mark.parametrize("protocol", sorted(PLANS))
def test_the_reference_servers_end_on_ctrl_c(protocol):
    result, servers = _check(protocol, resolve_target(f"reference_servers.{get_protocol(protocol).reference}"))
    assert result.verdict == "pass", result.detail
    _nothing_left(servers)


@pytest.mark.slow
@pytest.mark.parametrize("protocol", ["clock", "clock-udp", "swap"])
def test_a_server_that_never_answers_is_not_shown_never_passed(protocol):
    path = SERVERS / protocol.replace("-", "_") / "buggy_never_answers.py"
    result, servers = _check(protocol, resolve_target(str(path)))
    assert result.verdict == "not shown"
    assert result.detail.startswith(WITNESS)
    _nothing_left(servers)


@pytest.mark.slow
def test_the_same_server_fails_the_same_way_twice_whatever_the_seed():
    target = resolve_target(str(SERVERS / "clock/buggy_threading_non_daemon.py"))
    first, _ = _check("clock", target, seed=1)
    second, _ = _check("clock", target, seed=2)
    pid = re.compile(r"process \d+")
    assert (first.verdict, first.detail) == (second.verdict, second.detail)
    assert pid.sub("process #", first.counterexample) == pid.sub("process #", second.counterexample)


@pytest.mark.slow
def test_the_failure_replays_as_a_script_that_starts_the_server_and_presses_ctrl_c(tmp_path):
    buggy = SERVERS / "swap/buggy_threads_non_daemon.py"
    result, _ = _check("swap", resolve_target(str(buggy)))
    assert result.verdict == "fail" and result.replay is not None
    actions = [a["do"] for a in result.replay["actions"] if a["do"] != "wait"]
    assert actions[-1] == "sigint" and result.replay["judge"]["kind"] == "stops"
    svg = sequence_svg(result.replay)  # the diagram: four client lanes, ctrl-C on the server's
    assert svg.count('class="lane client"') == 4 and "SIGINT to the server" in svg
    script = tmp_path / "swap-SWAP-10.py"
    script.write_text(replay_script(result.replay, requirement_text="C-STOP", level="SHOULD", seed=1, server_file="swapserver.py"))

    def replay(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-I", str(script), *args], cwd=tmp_path, capture_output=True, text=True, timeout=60)

    again = replay("--server", str(buggy))
    assert again.returncode == 1 and "FAIL — SWAP-10: the failure happened again." in again.stdout, again.stdout + again.stderr
    assert "the server process was still running 3 s after ctrl-C" in again.stdout
    fixed = replay("--server", str(SERVERS / "swap/correct_threads_condition.py"))
    assert fixed.returncode == 0 and "PASS — SWAP-10" in fixed.stdout, fixed.stdout + fixed.stderr
    # Against a server it did not start, the script cannot press ctrl-C: it says so.
    alone = replay("--port", "9")
    assert alone.returncode == 2 and "--server FILE" in alone.stdout, alone.stdout + alone.stderr
