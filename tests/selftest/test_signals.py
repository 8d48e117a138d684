"""SIGTERM, SIGHUP and SIGINT to a run — `wirecheck check`, `wirecheck grade`,
`wirecheck gradescope`, a pytest run with the plugin — end every worker, zygote and server it
started and remove its private folder within 5 s, with exit status 128 + the signal; a
grading writes its partial outputs first. A requirement worker whose command was killed
(SIGKILL: no handler runs) ends itself and its servers.

Every process of a run carries a marker in its environment (servers inherit the command's),
so what is left after the run is found whatever session or parent it ended up with."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest

from wirecheck.harness.ending import RUN_FOLDER_PREFIX, WORKER_START_VARIABLE

from .polling import wait_until

pytestmark = pytest.mark.slow  # each starts a whole check or grading, then signals it

ROOT = Path(__file__).resolve().parents[2]
SLOW = ROOT / "tests" / "selftest" / "servers" / "hopeless" / "slow_clock.py"
MARKER = "WIRECHECK_SIGNAL_TEST"
# The product's goal is 5 s (the run's own graces add up to less); the test allows twice
# that, so a loaded machine does not turn a timing goal into a flaky failure. What it
# asserts strictly: the exit status, and that nothing of the run is left once it is over.
ENDED_WITHIN = 10.0


def _marked(token: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get(MARKER) == token:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return [p for p in found if _alive(p)]


def _alive(proc: psutil.Process) -> bool:
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _run_folders(pid: int) -> list[Path]:
    return list(Path("/dev/shm").glob(f"{RUN_FOLDER_PREFIX}{pid}-*")) + list(
        Path("/tmp").glob(f"{RUN_FOLDER_PREFIX}{pid}-*")
    )


def _server_running(token: str, not_child_of: int | None = None) -> bool:
    """A server of the run is up (started by the harness's bootstrap, with the slow server's
    copy on its command line)."""
    for proc in _marked(token):
        try:
            command = proc.cmdline()
            if not_child_of is not None and proc.ppid() == not_child_of:
                continue  # the command's own look at whether the server starts at all
            if any(p.endswith("bootstrap.py") for p in command) and (
                "zygote" in command  # fresh servers are forked from it and carry its command line
                or any(p.endswith(("slow_clock.py", "clockserver.py", "silent.py")) for p in command)
            ):
                return True
        except psutil.Error:
            continue
    return False


def _command(kind: str, tmp_path: Path) -> list[str]:
    wirecheck = [sys.executable, "-m", "wirecheck.cli"]
    if kind == "check":
        return wirecheck + ["check", "clock", str(SLOW), "--seed", "1"]
    submissions = tmp_path / "students"
    (submissions / "alice").mkdir(parents=True)
    shutil.copy(SLOW, submissions / "alice" / "clockserver.py")
    if kind == "grade":
        return wirecheck + ["grade", str(submissions), "--out", str(tmp_path / "out"), "--protocols", "clock", "--seed", "1"]
    if kind == "gradescope":
        return wirecheck + [
            "gradescope", "--submission", str(submissions / "alice"), "--results", str(tmp_path / "results.json"),
            "--protocols", "clock", "--seed", "1",
        ]
    return [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        str(ROOT / "tests" / "conformance" / "test_clock.py"), "--impl", f"clock={SLOW}", "-k", "CLOCK-1 or CLOCK-3",
    ]


SIGNALS = [signal.SIGTERM, signal.SIGHUP, signal.SIGINT]


@pytest.mark.parametrize("sig", SIGNALS, ids=[s.name for s in SIGNALS])
@pytest.mark.parametrize("kind", ["check", "grade", "gradescope", "pytest"])
def test_a_signal_ends_the_whole_run(kind, sig, tmp_path):
    token = uuid.uuid4().hex
    env = {**os.environ, MARKER: token, "WIRECHECK_DATABASE": str(tmp_path / "db"), "PYTHONPATH": str(ROOT)}
    env.pop("WIRECHECK_TMPDIR", None)  # the run makes its own folder
    process = subprocess.Popen(
        _command(kind, tmp_path), cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        assert wait_until(lambda: _server_running(token), 60), "no server of the run was seen running"
        assert _run_folders(process.pid), "the run made no private folder of its own"
        sent = time.monotonic()
        process.send_signal(sig)  # to the command alone, as `docker stop` does
        try:
            output, _ = process.communicate(timeout=ENDED_WITHIN + 5)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{kind} did not exit within {ENDED_WITHIN + 5:g} s of {sig.name}")
        gone = wait_until(lambda: not _marked(token), max(0.0, ENDED_WITHIN - (time.monotonic() - sent)))
        took = time.monotonic() - sent
        text = output.decode(errors="replace")[-2000:]
        assert process.returncode == 128 + sig, f"exit status {process.returncode}, not {128 + sig}\n{text}"
        assert gone, f"left running after {sig.name}: {[p.cmdline() for p in _marked(token)]}\n{text}"
        assert took <= ENDED_WITHIN, f"the run took {took:.1f} s to end"
        assert not _run_folders(process.pid), f"private folder left: {_run_folders(process.pid)}"
        if kind == "grade":
            assert (tmp_path / "out" / "results.json").is_file(), "grade wrote no partial outputs"
        if kind == "gradescope":
            assert (tmp_path / "results.json").is_file(), "gradescope wrote no partial results"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        for proc in _marked(token):
            proc.kill()


@pytest.mark.parametrize("start", ["fork", "spawn"])
@pytest.mark.parametrize("kind", ["check", "grade"])
def test_workers_end_when_the_command_is_killed(kind, start, tmp_path):
    """SIGKILL to `wirecheck check` or `wirecheck grade`: no handler of it runs, yet its
    workers see their parent gone and end themselves and everything they started — a server
    whose start the ending cut short too (each worker is its own subreaper and, last, kills
    whatever is still below it). Spawned workers too, the one that was still starting when
    its parent died included (it knows its parent's pid from the pool)."""
    token = uuid.uuid4().hex
    temporary = tmp_path / "tmp"  # the usual temporary folder, for this run alone
    temporary.mkdir()
    env = {**os.environ, MARKER: token, "WIRECHECK_DATABASE": str(tmp_path / "db"), "PYTHONPATH": str(ROOT), "TMPDIR": str(temporary)}
    env.pop("WIRECHECK_TMPDIR", None)
    env.pop(WORKER_START_VARIABLE, None)
    if start == "spawn":
        env[WORKER_START_VARIABLE] = "spawn"
    process = subprocess.Popen(
        _command(kind, tmp_path), cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        assert wait_until(lambda: _server_running(token, not_child_of=process.pid), 60), "no worker's server was seen"
        process.kill()
        process.wait()
        # No handler of the command runs: the workers notice within a fraction of a second and
        # end their servers; the bound is looser than a signal's 5 s, for a loaded machine.
        assert wait_until(lambda: not _marked(token), 2 * ENDED_WITHIN), (
            f"left running after SIGKILL: {[p.cmdline() for p in _marked(token)]}"
        )
        # What the killed command could not remove is all in its run folder (removed below).
        assert not list(temporary.iterdir()), f"left outside the run folder: {list(temporary.iterdir())}"
    finally:
        for proc in _marked(token):
            proc.kill()
        for folder in _run_folders(process.pid):
            shutil.rmtree(folder, ignore_errors=True)


SILENT = ROOT / "tests" / "selftest" / "servers" / "hopeless" / "silent.py"


def test_timeout_on_a_never_answering_server_leaves_nothing(tmp_path):
    """`timeout N wirecheck check guess SERVER`, as CI systems run it: SIGTERM to the command
    and to its process group at once (its workers too)."""
    token = uuid.uuid4().hex
    env = {**os.environ, MARKER: token, "WIRECHECK_DATABASE": str(tmp_path / "db"), "PYTHONPATH": str(ROOT)}
    env.pop("WIRECHECK_TMPDIR", None)
    process = subprocess.Popen(
        ["timeout", "6", sys.executable, "-m", "wirecheck.cli", "check", "guess", str(SILENT), "--seed", "1"],
        cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    commands: set[int] = set()
    try:
        def seen() -> bool:
            try:
                commands.update(c.pid for c in psutil.Process(process.pid).children())
            except psutil.Error:
                pass
            return _server_running(token) if commands else False

        assert wait_until(seen, 30), "no server of the run was seen running"
        output, _ = process.communicate(timeout=20)
        assert process.returncode == 124, output.decode(errors="replace")[-2000:]
        assert wait_until(lambda: not _marked(token), 1.0), f"left running: {[p.cmdline() for p in _marked(token)]}"
        left = [f for pid in commands for f in _run_folders(pid)]
        assert not left, f"private folder left: {left}"
        assert b"Traceback" not in output, output.decode(errors="replace")[-2000:]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        for proc in _marked(token):
            proc.kill()
