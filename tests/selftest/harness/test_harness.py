"""The harness: bind redirection, readiness, start failures, stop and cleanup."""

from __future__ import annotations

import os
import signal
import socket
from pathlib import Path

import psutil
import pytest

from protocols import Transport
from wirecheck.drive.clients import StreamClient
from wirecheck.core.errors import ServerDidNotStart, TargetError
from wirecheck.harness.launcher import launch
from wirecheck.harness.target import resolve_target

from ..polling import wait_until

HERE = Path(__file__).parent / "harness_targets"


def target(name: str):
    return resolve_target(HERE / name)


def greeting(server) -> bytes:
    client = StreamClient(server.address, "probe")
    try:
        client.send(b"What is the time?        ")
        client.wait_end(2.0)
        return bytes(client.received)
    finally:
        client.close()


@pytest.fixture
def port_12091_taken():
    """Something else holds 12091 (when the port is free to take)."""
    holder = socket.socket()
    try:
        holder.bind(("0.0.0.0", 12091))
        holder.listen()
    except OSError:
        pass  # taken already: the point holds all the same
    yield
    holder.close()


def test_two_copies_of_a_hard_coded_port_run_while_the_port_is_held(port_12091_taken):
    first = launch(target("hardcoded_12091.py"), Transport.TCP)
    second = launch(target("hardcoded_12091.py"), Transport.TCP)
    try:
        assert first.address.address[0] == second.address.address[0] == "127.0.0.1"
        assert first.address.address[1] != second.address.address[1]
        assert 12091 not in (first.address.address[1], second.address.address[1])
        assert len(greeting(first).strip()) == 24
        assert len(greeting(second).strip()) == 24
    finally:
        first.stop()
        second.stop()


@pytest.mark.parametrize("host", ["", "localhost", "0.0.0.0", "192.168.1.5", "@hostname", "@hostbyname"])
def test_every_host_lands_on_loopback(host):
    with launch(target("host_variants.py"), Transport.TCP, env={"TEST_HOST": host}) as server:
        assert server.address.family == "inet"
        assert server.address.address[0] == "127.0.0.1"
        assert greeting(server) == b"hello"


def test_a_unix_path_lands_on_a_private_path():
    with launch(target("unix_path.py"), Transport.UNIX) as server:
        assert server.address.family == "unix"
        assert server.address.address.startswith(server.tmpdir)
        assert greeting(server) == b"unix"
        assert not (HERE / "student.sock").exists()


def test_two_copies_of_an_abstract_unix_name_run_side_by_side():
    """An abstract name is shared by every process of the machine: each target gets one of
    its run's own, as it gets a private path."""
    first = launch(target("unix_abstract.py"), Transport.UNIX)
    try:
        second = launch(target("unix_abstract.py"), Transport.UNIX)
        try:
            assert first.address.address.startswith("\0") and second.address.address.startswith("\0")
            assert first.address.address != second.address.address
            assert "\0student-clock" not in (first.address.address, second.address.address)
            assert greeting(first) == greeting(second) == b"abstract"
        finally:
            second.stop()
    finally:
        first.stop()


def test_a_unix_servers_own_file_operations_on_its_path_act_on_the_private_path():
    server = launch(target("unix_removes_its_path.py"), Transport.UNIX)
    try:
        assert server.address.address.startswith(server.tmpdir)
        assert greeting(server) == b"exists=1 sock=1"  # os.path.exists, os.stat, os.chmod
        assert not (HERE / "removes.sock").exists()
    finally:
        report = server.stop()
    output = server.output.text()
    assert report.exited_on_sigint and report.returncode == 0, output
    assert "Traceback" not in output
    assert "exists: False" in output  # os.unlink at exit removed the private path


def test_standard_input_is_open_and_never_delivers_data_until_the_server_stops():
    server = launch(target("reads_stdin.py"), Transport.TCP)
    try:
        assert greeting(server) == b"stdin: open isatty=False"
        assert server.alive()
        os.fstat(server.stdin_fd)  # the harness holds its write end while the server runs
    finally:
        server.stop()
    assert server.stdin_fd is None  # closed once the server stopped


def test_a_dotted_module_runs_as_main_from_its_import_root(monkeypatch):
    monkeypatch.chdir(HERE)
    module = resolve_target("pkg.server")
    assert module.module == "pkg.server" and module.path == HERE / "pkg" / "server.py"
    with launch(module, Transport.TCP) as server:
        assert greeting(server) == b"from a module"


@pytest.mark.parametrize(
    ("name", "reason", "output"),
    [
        ("syntax_error.py", "exited with status 1 before listening", "SyntaxError"),
        ("import_error.py", "exited with status 1 before listening", "ModuleNotFoundError: No module named 'socketserverr'"),
        ("raises_in_main.py", "exited with status 1 before listening", "RuntimeError: the port number was read"),
        ("exits_at_once.py", "exited with status 0 before listening", "nothing to do"),
        ("prints_a_lot.py", "exited with status 1 before listening", "the end of the output says why"),
    ],
)
def test_a_target_that_never_listens_says_why(name, reason, output):
    with pytest.raises(ServerDidNotStart) as info:
        launch(target(name), Transport.TCP)
    assert reason in info.value.reason
    assert output in info.value.output


def test_a_target_that_hangs_before_listening_is_given_up_on_and_killed():
    with pytest.raises(ServerDidNotStart) as info:
        launch(target("never_listens.py"), Transport.TCP, start_timeout=1.0)
    assert "did not listen within 1 s" in info.value.reason
    assert "thinking..." in info.value.output
    assert not _processes_of_ours()


def test_sigint_stops_a_course_style_server():
    server = launch(target("hardcoded_12091.py"), Transport.TCP)
    report = server.stop()
    assert report.exited_on_sigint and not report.killed
    assert "ctrl c pressed" in server.output.text()


def test_sigint_works_even_when_wirecheck_was_started_with_it_ignored():
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        server = launch(target("hardcoded_12091.py"), Transport.TCP)
    finally:
        signal.signal(signal.SIGINT, previous)
    report = server.stop()
    assert report.exited_on_sigint, server.output.text()


def test_a_server_that_ignores_sigint_is_killed_after_the_grace_period():
    server = launch(target("ignores_sigint.py"), Transport.TCP)
    report = server.stop(grace=0.5)
    assert not report.exited_on_sigint
    assert [p.pid for p in report.killed] == [server.pid]
    assert not psutil.pid_exists(server.pid) or psutil.Process(server.pid).status() == psutil.STATUS_ZOMBIE


def test_descendants_that_left_the_session_are_found_and_killed():
    server = launch(target("escapes_with_setsid.py"), Transport.TCP)

    def escaped():
        return [m.pid for m in server.tree.alive() if m.pid != server.pid and m.ppid != server.pid]

    assert wait_until(escaped, timeout=5.0), server.tree.snapshot()
    escaped = escaped()  # the orphaned grandchild, adopted by the harness
    assert all(os.getsid(pid) != os.getsid(server.pid) for pid in escaped)
    report = server.stop(grace=1.0)
    assert {p.pid for p in report.killed} >= set(escaped)
    for pid in escaped:
        assert not psutil.pid_exists(pid), f"{pid} survived"


def test_output_is_capped_and_the_rest_counted():
    with pytest.raises(ServerDidNotStart) as info:
        launch(target("prints_a_lot.py"), Transport.TCP)
    assert "line 19999" in info.value.output


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("harness_targets", "is a directory"),
        ("no_such_server.py", "no such file"),
        ("no.such.module", "no module of that name"),
        ("harness_targets.no_such_module", "no module of that name"),
    ],
)
def test_bad_targets_are_one_line_errors(spec, message, monkeypatch):
    monkeypatch.chdir(Path(__file__).parent)
    with pytest.raises(TargetError) as info:
        resolve_target(spec)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def _processes_of_ours():
    """Descendants of this test process that a target started (they carry the run token)."""
    found = []
    for proc in psutil.Process().children(recursive=True):
        try:
            if "WIRECHECK_RUN" in proc.environ() and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return found


@pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces are entered by a root harness")
def test_in_a_network_namespace_of_its_own_the_hard_coded_port_is_kept(port_12091_taken):
    first = launch(target("hardcoded_12091.py"), Transport.TCP, netns=True)
    second = launch(target("hardcoded_12091.py"), Transport.TCP, netns=True)
    try:
        for server in (first, second):
            assert "network namespace of its own" in server.isolation, server.isolation
            assert server.address.address[1] == 12091 and server.address.netns_pid
            assert len(greeting(server).strip()) == 24
    finally:
        first.stop()
        second.stop()


_ENDING_WORKER = r"""
import subprocess, sys
from wirecheck.harness import proctree

proctree.become_subreaper()
nap = [sys.executable, "-c", "import time; time.sleep(120)"]
# A server in a session of its own, one the harness has not been told of, and an orphan
# (its parent exits at once) that the subreaper adopts.
started = [subprocess.Popen(nap, start_new_session=True), subprocess.Popen(nap)]
orphan_parent = subprocess.Popen(
    [sys.executable, "-c", "import subprocess, sys; p = subprocess.Popen(sys.argv[1:], start_new_session=True); print(p.pid)"] + nap,
    stdout=subprocess.PIPE,
)
orphan = int(orphan_parent.stdout.readline())
orphan_parent.wait()
print(" ".join(str(pid) for pid in [p.pid for p in started] + [orphan]), flush=True)
killed = proctree.kill_descendants()
print(killed, flush=True)
"""


def test_an_ending_worker_kills_everything_below_it(tmp_path):
    """``kill_descendants``, a worker's last act: a process in its own session, one the
    launcher never heard of and an orphan adopted by the worker all end with it."""
    import subprocess
    import sys

    script = tmp_path / "worker.py"
    script.write_text(_ENDING_WORKER)
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=30,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])},
    )
    assert done.returncode == 0, done.stderr
    pids_line, killed = done.stdout.split("\n")[:2]
    pids = [int(pid) for pid in pids_line.split()]
    try:
        assert int(killed) >= len(pids)
        alive = [pid for pid in pids if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
        assert not alive, f"outlived the worker: {alive}"
    finally:
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
