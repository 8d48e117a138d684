"""``--python`` reaches every server a run starts (V-HERMETIC): each kind of check — one
whose server's clock is moved, one with an environment of its own, one that starts a fresh
server per example, a forking server's, and a whole grading — runs its servers under the
interpreter named, as the servers themselves tell."""

from __future__ import annotations

import glob
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..fixture_servers import SERVERS

ROOT = Path(__file__).resolve().parents[3]
LOG = "WIRECHECK_SELFTEST_VERSION_LOG"
# Put in front of a correct fixture: each process that runs it writes its Python's version.
TELLS_ITS_VERSION = f'''import os as _os, sys as _sys
if _os.environ.get("{LOG}"):
    with open(_os.environ["{LOG}"], "a") as _log:
        _log.write("%d.%d %d\\n" % (_sys.version_info[0], _sys.version_info[1], _os.getpid()))
'''


def oldest_python() -> str:
    found = sorted(glob.glob(str(Path.home() / ".pyenv/versions/3.10.*/bin/python3.10")))
    if not found or sys.version_info[:2] == (3, 10):
        pytest.skip("no pyenv Python 3.10 other than the one running the tests")
    return found[-1]


def telling(fixture: Path, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    target.write_text(TELLS_ITS_VERSION + fixture.read_text())
    return target


def wirecheck(*args: str, log: Path, cwd: Path) -> subprocess.CompletedProcess:
    log.parent.mkdir(parents=True, exist_ok=True)
    log.touch()
    log.chmod(0o666)
    env = {**os.environ, LOG: str(log), "WIRECHECK_ISOLATION": "off", "WIRECHECK_CACHE": "off", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "wirecheck", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def versions(log: Path) -> list[str]:
    return [line.split()[0] for line in log.read_text().splitlines() if line.strip()]


KINDS = {
    # kind: (protocol, fixture, requirement, servers it starts at least)
    "a clock moved to a one-digit day": ("clock", "clock/correct_threading_tcpserver.py", "CLOCK-1", 2),
    "an environment of its own": ("guess", "guess/correct_socketserver_threads.py", "GUESS-5", 2),
    "a fresh server per example": ("clock", "clock/correct_threading_tcpserver.py", "CLOCK-6", 3),
    "a forking server": ("clock-fork", "clock_fork/correct_fork_sigchld.py", "FORK-1", 2),
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(KINDS))
def test_every_server_of_a_check_runs_under_the_python_named(tmp_path, kind):
    python = oldest_python()
    protocol, fixture, requirement, at_least = KINDS[kind]
    target = telling(SERVERS / fixture, tmp_path / "student", Path(fixture).name)
    log = tmp_path / "logs" / "versions"
    done = wirecheck(
        "check", protocol, str(target), "--only", requirement, "--profile", "quick", "--seed", "5", "--python", python,
        "--isolation", "off", log=log, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    seen = versions(log)
    assert len(seen) >= at_least, (seen, done.stdout)
    assert set(seen) == {"3.10"}, seen


@pytest.mark.slow
def test_every_server_of_a_grading_runs_under_the_python_named(tmp_path):
    python = oldest_python()
    submissions = tmp_path / "submissions"
    telling(SERVERS / "clock" / "correct_threading_tcpserver.py", submissions / "ann", "clockserver.py")
    log = tmp_path / "logs" / "versions"
    done = wirecheck(
        "grade", str(submissions), "--out", str(tmp_path / "out"), "--protocols", "clock", "--profile", "quick",
        "--seed", "5", "--jobs", "1", "--python", python, log=log, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    seen = versions(log)
    assert len(seen) >= 2, (seen, done.stdout)
    assert set(seen) == {"3.10"}, seen
