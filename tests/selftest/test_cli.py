"""The command line: exit statuses, one-line usage errors, the JSON shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TARGETS = Path(__file__).parent / "harness" / "harness_targets"


def wirecheck(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "wirecheck", *args], cwd=cwd, capture_output=True, text=True, timeout=240
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "nope"], "unknown protocol 'nope'"),
        (["check", "clock", "no_such_server.py"], "no_such_server.py: no such file"),
        (["check", "clock", "tests"], "tests: is a directory"),
        (["check", "clock", "no.such.module"], "no.such.module: no module of that name"),
        (["check", "clock", "--seed", "x"], "'x' is not a whole number"),
        (["check", "clock", "--examples", "0"], "must be at least 1"),
        (["check", "--all", "clock"], "give no PROTOCOL or TARGET"),
        (["check"], "name a PROTOCOL"),
        (["check", "clock", "--only", "SWAP-1"], "no requirement SWAP-1 in clock"),
        (["check", "clock", "--env", "NOEQUALS"], "expected NAME=VALUE"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args, message):
    done = wirecheck(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_a_target_that_does_not_start_errors_every_requirement_with_its_output(tmp_path):
    report = tmp_path / "out.json"
    done = wirecheck("check", "clock", str(TARGETS / "syntax_error.py"), "--json", str(report))
    assert done.returncode == 1
    data = json.loads(report.read_text())
    assert {r["verdict"] for r in data["requirements"]} == {"error"}
    assert all(r["detail"].startswith("server did not start") for r in data["requirements"])
    assert "SyntaxError" in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_json_has_exactly_the_promised_shape(tmp_path):
    report = tmp_path / "out.json"
    done = wirecheck("check", "clock", "--only", "CLOCK-3,CLOCK-5", "--seed", "11", "--json", str(report), "--profile", "quick")
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(report.read_text())
    assert set(data) == {"protocol", "target", "passed", "seed", "requirements", "interpreter"}
    assert data["interpreter"].startswith("Python 3.")
    assert data["protocol"] == "clock" and data["passed"] is True and data["seed"] == 11
    for item in data["requirements"]:
        assert set(item) == {"id", "level", "verdict", "detail", "counterexample"}
        assert item["level"] in ("MUST", "SHOULD") and item["verdict"] in ("pass", "fail", "not shown", "error", "skip")
    assert [r["id"] for r in data["requirements"]] == ["CLOCK-3", "CLOCK-5"]


@pytest.mark.slow
def test_a_failing_must_exits_1_and_names_the_requirement():
    buggy = ROOT / "tests/selftest/servers/clock"
    candidates = sorted(buggy.glob("buggy_*early*.py")) or sorted(buggy.glob("buggy_*.py"))
    if not candidates:
        pytest.skip("no buggy clock fixture yet")
    done = wirecheck("check", "clock", str(TARGETS / "raises_in_main.py"), "--profile", "quick")
    assert done.returncode == 1
    assert "server did not start" in done.stdout


def test_list_names_every_protocol():
    done = wirecheck("list")
    assert done.returncode == 0
    for name in ("clock", "clock-fork", "swap", "guess", "guess-web", "hello-web"):
        assert f"\n{name} — " in "\n" + done.stdout


@pytest.mark.slow
def test_two_checks_of_a_hard_coded_port_run_at_once_while_the_port_is_held():
    """The issue's own example: a student's clockserver.py with port 12091 hard-coded."""
    import socket

    holder = socket.socket()
    try:
        holder.bind(("0.0.0.0", 12091))
        holder.listen()
    except OSError:
        pass  # already held by something else: the point stands
    student = str(TARGETS / "hardcoded_12091.py")
    args = ["check", "clock", student, "--only", "CLOCK-1,CLOCK-5", "--profile", "quick"]
    try:
        runs = [
            subprocess.Popen([sys.executable, "-m", "wirecheck", *args], cwd=ROOT, stdout=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=240)[0] for run in runs]
    finally:
        holder.close()
    for run, output in zip(runs, outputs):
        assert run.returncode == 0, output
        assert "clock: PASS" in output


def _other_python() -> str | None:
    """A Python of another minor version than this one (pyenv's 3.10 or 3.13), if any."""
    import glob

    for version in ("3.10", "3.13"):
        if sys.version_info[:2] != tuple(int(n) for n in version.split(".")):
            found = sorted(glob.glob(str(Path.home() / f".pyenv/versions/{version}.*/bin/python{version}")))
            if found:
                return found[-1]
    return None


@pytest.mark.slow
def test_python_names_the_interpreter_the_server_runs_under(tmp_path):
    python = _other_python()
    if python is None:
        pytest.skip("no pyenv Python 3.10 or 3.13 on this machine")
    report = tmp_path / "out.json"
    done = wirecheck("check", "clock", "--only", "CLOCK-3", "--profile", "quick", "--isolation", "off", "--python", python, "--json", str(report))
    assert done.returncode == 0, done.stdout + done.stderr
    version = Path(python).name.removeprefix("python")
    assert f"— Python {version}." in done.stdout and python in done.stdout
    assert json.loads(report.read_text())["interpreter"].startswith(f"Python {version}.")


def test_a_python_that_is_not_one_is_a_usage_error(tmp_path):
    (tmp_path / "notpython").write_text("#!/bin/sh\nexit 3\n")
    (tmp_path / "notpython").chmod(0o755)
    done = wirecheck("check", "clock", "--python", str(tmp_path / "notpython"))
    assert done.returncode == 2 and done.stdout == ""
    assert "does not run as a Python interpreter" in done.stderr and done.stderr.count("\n") == 1
