"""The installed pytest plugin, as a user meets it: in a folder of their own holding only a
server file, ``python -m pytest --impl clock=clockserver.py`` with no test file and no
conftest. Each run is a real pytest process; runs are kept to a few requirements of the
quick profile."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from protocols import get_protocol

ROOT = Path(__file__).resolve().parents[2]
CLOCK = ROOT / "tests/selftest/servers/clock"
REFERENCE = ROOT / "reference_servers/clock.py"
CLOCK_IDS = get_protocol("clock").ids


def _plugin_installed() -> bool:
    from importlib.metadata import entry_points

    return any(ep.value == "wirecheck.pytest_plugin" for ep in entry_points(group="pytest11"))


def pytest_in(folder: Path, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    """pytest in ``folder``, loading the plugin as an installed checkout does."""
    extra = [] if _plugin_installed() else ["-p", "wirecheck.pytest_plugin"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "WIRECHECK_SEED"))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *extra, *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A user's folder: the course's clock server, a buggy one (fails CLOCK-1 only) and one
    that fails only a SHOULD (CLOCK-4)."""
    shutil.copy(REFERENCE, tmp_path / "clockserver.py")
    shutil.copy(CLOCK / "buggy_zero_padded_day.py", tmp_path / "buggy.py")
    shutil.copy(CLOCK / "buggy_session_never_closes.py", tmp_path / "should.py")
    return tmp_path


def collected(done: subprocess.CompletedProcess) -> list[str]:
    return [line for line in done.stdout.splitlines() if "::" in line and not line.startswith(" ")]


def test_one_test_per_requirement_with_no_test_file(folder):
    done = pytest_in(folder, "--impl", "clock=clockserver.py", "--collect-only", "-q")
    assert done.returncode == 0, done.stdout + done.stderr
    assert collected(done) == [f"wirecheck/clock::{i}" for i in CLOCK_IDS]


def test_impl_twice_and_k_selects_one_requirement(folder):
    done = pytest_in(folder, "--impl", "clock=clockserver.py", "--impl", "swap=clockserver.py", "--collect-only", "-q", "-k", "CLOCK-2 or (SWAP-1 and not SWAP-10)")
    assert done.returncode == 0, done.stdout + done.stderr
    assert collected(done) == ["wirecheck/clock::CLOCK-2", "wirecheck/swap::SWAP-1"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pytest.ini", "[pytest]\nwirecheck_impl = clock=clockserver.py\n"),
        ("tox.ini", "[pytest]\nwirecheck_impl =\n    clock=clockserver.py\n"),
        ("pyproject.toml", '[tool.pytest.ini_options]\nwirecheck_impl = ["clock=clockserver.py"]\n'),
    ],
)
def test_ini_keys_from_the_users_files(folder, name, text):
    sub = folder / "sub"
    sub.mkdir()
    (folder / name).write_text(text)
    done = pytest_in(sub, "--collect-only", "-q")  # run below: the target is relative to the ini file
    assert done.returncode == 0, done.stdout + done.stderr
    assert collected(done) == [f"wirecheck/clock::{i}" for i in CLOCK_IDS]


def test_no_impl_collects_nothing_of_wirecheck(folder):
    done = pytest_in(folder, "--collect-only", "-q")
    assert done.returncode == 5  # pytest: no tests collected
    assert collected(done) == []


def test_the_checkouts_conformance_tests_are_not_collected_twice():
    done = pytest_in(ROOT, "tests/conformance", "--impl", f"clock={REFERENCE}", "--collect-only", "-q")
    assert done.returncode == 0, done.stdout + done.stderr
    ids = [line.split("[")[-1].rstrip("]") for line in collected(done) if "test_clock.py" in line]
    assert ids == [f"clock:{i}" for i in CLOCK_IDS]
    assert not [line for line in collected(done) if line.startswith("wirecheck/")]


@pytest.mark.slow
def test_a_should_failure_is_an_xfail_with_its_reason_or_fails_when_strict(folder):
    # A seed on which this server's CLOCK-4 failure is found: on some seeds its ten examples
    # miss it (a known weakness of CLOCK-4's draws, not what this test is about).
    args = ("--impl", "clock=should.py", "-k", "CLOCK-4", "-rx", "--wirecheck-seed", "3")
    lenient = pytest_in(folder, *args)
    assert lenient.returncode == 0, lenient.stdout + lenient.stderr
    assert "1 xfailed" in lenient.stdout and "SHOULD not met" in lenient.stdout
    assert "wirecheck: clock=should.py; profile default; seed " in lenient.stdout
    assert "servers run under Python 3." in lenient.stdout
    strict = pytest_in(folder, *args, "--wirecheck-strict")
    assert strict.returncode == 1, strict.stdout + strict.stderr
    assert "1 failed" in strict.stdout


@pytest.mark.slow
def test_baseline_round_trip_under_xdist_with_junit_and_timeout(folder):
    """Write the current failures, pass with them known, fail on a new one, report a fixed
    one; the first run also shows a MUST failing under xdist, --junitxml and --timeout."""
    quick = ("--wirecheck-profile", "quick", "-k", "CLOCK-1 or CLOCK-3", "-q")
    written = pytest_in(
        folder, "--impl", "clock=buggy.py", *quick, "--wirecheck-write-baseline", "known.toml",
        "-n", "2", "--junitxml", "out.xml", "--timeout", "120",
    )  # fmt: skip
    assert written.returncode == 1, written.stdout + written.stderr
    assert (folder / "known.toml").read_text().splitlines()[-2:] == ["[known-failures]", 'CLOCK-1 = "MUST fail"']
    cases = {c.get("name"): c for c in ET.parse(folder / "out.xml").iter("testcase")}
    assert set(cases) == {"CLOCK-1", "CLOCK-3"}
    assert {c.get("classname") for c in cases.values()} == {"wirecheck.clock"}
    assert cases["CLOCK-1"].find("failure") is not None and cases["CLOCK-3"].find("failure") is None
    assert "padded with a space" in cases["CLOCK-1"].find("failure").text
    assert "Traceback" not in written.stdout

    known = pytest_in(folder, "--impl", "clock=buggy.py", *quick, "--wirecheck-baseline", "known.toml")
    assert known.returncode == 0, known.stdout + known.stderr
    assert "1 passed" in known.stdout and "1 xfailed" in known.stdout

    (folder / "other.json").write_text('{"known-failures": {"CLOCK-3": "a reason"}}')
    new = pytest_in(folder, "--impl", "clock=buggy.py", *quick, "--wirecheck-baseline", "other.json")
    assert new.returncode == 1 and "1 failed" in new.stdout, new.stdout + new.stderr
    assert "CLOCK-3 now passes: remove it from the baseline" in new.stdout

    fixed = pytest_in(folder, "--impl", "clock=clockserver.py", *quick, "--wirecheck-baseline", "known.toml")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "CLOCK-1 now passes: remove it from the baseline" in fixed.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--impl", "clock"], "expected PROTOCOL=TARGET"),
        (["--impl", "nope=clockserver.py"], "unknown protocol 'nope'"),
        (["--impl", "clock=clockserver.py", "--wirecheck-baseline", "bad.toml"], "no requirement 'CLOCK-99'"),
        (["--impl", "clock=clockserver.py", "--wirecheck-python", "no-such-python3"], "no such interpreter"),
    ],
)
def test_usage_errors_are_one_line(folder, args, message):
    (folder / "bad.toml").write_text('[known-failures]\nCLOCK-99 = ""\n')
    done = pytest_in(folder, *args, "--collect-only", "-q")
    assert done.returncode == 4, done.stdout + done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr, done.stderr


PROBE = '''
import json, os, signal
from pathlib import Path


def test_unrelated():
    handler = signal.getsignal(signal.SIGTERM)
    folders = [str(p) for base in ("/dev/shm", "/tmp") for p in Path(base).glob(f"wirecheck-run-{os.getpid()}-*")]
    Path("seen.json").write_text(json.dumps({
        "default_sigterm": handler is signal.SIG_DFL,
        "run_folders": folders,
        "tmpdir_variable": os.environ.get("WIRECHECK_TMPDIR"),
    }))
'''


@pytest.mark.parametrize("args, uses_wirecheck", [((), False), (("--wirecheck-seed", "1"), True)], ids=["plain", "asked"])
def test_the_plugin_touches_nothing_unless_asked(tmp_path, monkeypatch, args, uses_wirecheck):
    """Installed, the plugin is loaded by every pytest run: a run with an unrelated test keeps
    its default SIGTERM handler and makes no run folder; given a wirecheck option, the run
    is wirecheck's (signals end it cleanly, its servers' folders go in one folder of the run)."""
    import json

    (tmp_path / "test_unrelated.py").write_text(PROBE)
    monkeypatch.delenv("WIRECHECK_TMPDIR", raising=False)  # an outer run's folder is not this run's
    done = pytest_in(tmp_path, "-q", *args)
    assert done.returncode == 0, done.stdout + done.stderr
    seen = json.loads((tmp_path / "seen.json").read_text())
    if uses_wirecheck:
        assert not seen["default_sigterm"] and seen["run_folders"] and seen["tmpdir_variable"], seen
    else:
        assert seen == {"default_sigterm": True, "run_folders": [], "tmpdir_variable": None}, seen
