"""Hostile and broken targets: each ends in a verdict within its time limit, leaves
nothing running, and harms neither the grader (this test process) nor a correct target
checked at the same time by another wirecheck process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from protocols import get_protocol
from wirecheck.checks import checks_for
from wirecheck.drive.profiles import get_profile
from wirecheck.drive.runner import RunOptions, check_protocol
from wirecheck.harness.sandbox import isolation_wanted, unprivileged_interpreter
from wirecheck.harness.target import resolve_target

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
TIME_LIMIT = 15.0
ISOLATED = isolation_wanted("auto") and unprivileged_interpreter() is not None
needs_isolation = pytest.mark.skipif(not ISOLATED, reason="needs wirecheck to run as root (targets then run unprivileged)")

HOSTILE = {
    # target: what its verdicts must show
    "hostile/hangs_at_import.py": "server did not start: it did not listen within 5 s",
    "harness_targets/exits_at_once.py": "server did not start: your server exited (status 0) before it listened",
    "harness_targets/never_listens.py": "server did not start: it did not listen within 5 s",
    "hostile/listens_never_accepts.py": "",
    "hostile/accepts_never_reads.py": "",
    "hostile/megabyte_of_garbage.py": "",
    "hostile/prints_endlessly.py": "",
    "hostile/allocates_without_end.py": "",
    "hostile/ignores_sigint_and_sigterm.py": "",
    "hostile/double_forks_a_daemon.py": "",
    "hostile/kills_its_process_group.py": "",
    "hostile/binds_every_port.py": "",
    "hostile/fork_bomb.py": "fork bomb",
    "hostile/listener_moves_on_accept.py": "",
}


def correct_target_alongside():
    """Another grader process checking the reference clock server at the same time."""
    return subprocess.Popen(
        [sys.executable, "-m", "wirecheck", "check", "clock", "--only", "CLOCK-1,CLOCK-5", "--profile", "quick"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def check_hostile(path: Path, env: dict | None = None):
    options = RunOptions(profile=get_profile("quick"), seed=7, time_limit=TIME_LIMIT, env=env)
    protocol = get_protocol("clock")
    began = time.monotonic()
    result = check_protocol(protocol, checks_for("clock"), resolve_target(path), options, only={"CLOCK-1", "CLOCK-6"})
    return result, time.monotonic() - began


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_target_gets_a_verdict_and_harms_nobody(name):
    if name.endswith("fork_bomb.py") and not ISOLATED:
        pytest.skip("a fork bomb is contained by the per-uid process limit of unprivileged mode")
    alongside = correct_target_alongside()
    try:
        result, seconds = check_hostile(HERE / name)
    finally:
        output, _ = alongside.communicate(timeout=120)
    print(f"\n{name}: verdict in {seconds:.1f} s — {[r.verdict for r in result.requirements]}")
    assert seconds <= TIME_LIMIT + 5, f"took {seconds:.1f} s"
    assert [r.id for r in result.requirements] == ["CLOCK-1", "CLOCK-6"]
    details = " | ".join(f"{r.id} {r.verdict}: {r.detail}" for r in result.requirements)
    if HOSTILE[name]:
        assert HOSTILE[name] in details, details
    assert alongside.returncode == 0, output  # the correct target, checked meanwhile, passed
    # No process of it is left: the autouse fixture of conftest.py asserts it of this
    # process's descendants, and here of every process (one orphaned past the harness would
    # be reparented to init, out of the fixture's sight).
    assert not running_anywhere(Path(name).name)


def running_anywhere(file_name: str) -> list[str]:
    """Live processes of the machine whose command line names ``file_name``."""
    found = []
    for proc in psutil.process_iter(["pid", "cmdline", "status"]):
        cmdline = proc.info["cmdline"] or []
        if proc.info["status"] != psutil.STATUS_ZOMBIE and any(part.endswith("/" + file_name) for part in cmdline):
            found.append(f"{proc.info['pid']} {' '.join(cmdline)}")
    return found


@needs_isolation
def test_a_target_cannot_kill_the_grader():
    result, _ = check_hostile(HERE / "hostile" / "kills_its_parent.py")
    assert os.getpid() and result.requirements  # we are still here to look
    assert any(r.verdict == "fail" for r in result.requirements)


@needs_isolation
def test_a_target_cannot_write_outside_its_private_copy(tmp_path):
    victim_dir = tmp_path / "grader"
    victim_dir.mkdir()
    os.chmod(tmp_path, 0o755)
    os.chmod(victim_dir, 0o755)
    victim = victim_dir / "gradebook.csv"
    victim.write_text("alice,10\n")
    own = HERE / "hostile" / "writes_outside_its_folder.py"
    before = own.read_bytes()
    result, _ = check_hostile(own, env={"HOSTILE_VICTIM": str(victim)})
    assert victim.read_text() == "alice,10\n"
    assert own.read_bytes() == before
    assert {r.verdict for r in result.requirements} == {"pass"}, result.requirements


@needs_isolation
def test_unprivileged_mode_is_the_default_under_root():
    from protocols import Transport
    from wirecheck.harness.launcher import launch

    with launch(resolve_target(HERE / "harness_targets" / "hardcoded_12091.py"), Transport.TCP) as server:
        import psutil

        assert psutil.Process(server.pid).uids().real != 0
        assert "unprivileged" in server.isolation
