"""Grading runs that end unusually, and Gradescope: an interrupted grading leaves valid
partial outputs, a check past its time limit is stopped from the grader with error
verdicts and nothing left running, and `wirecheck gradescope` writes a results.json that
validates against Gradescope's format."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import psutil
import pytest

from protocols import Level, get_protocol
from wirecheck.grading import scheduler as scheduler_module
from wirecheck.grading.config import parse_config
from wirecheck.grading.run import GradeOptions, grade_class
from wirecheck.grading.scheduler import Job, Scheduler, WorkerSettings

from ..gradescope_schema import validate_gradescope

pytestmark = pytest.mark.slow  # each grades a class of live servers

ROOT = Path(__file__).resolve().parents[3]
CLOCK_SERVERS = Path(__file__).parents[1] / "servers" / "clock"
REFERENCE = ROOT / "reference_servers"
HANGS = "import threading\nthreading.Event().wait()\n"
NEVER_ANSWERS = (
    "import socket\nserver = socket.socket()\nserver.bind(('', 12091))\nserver.listen(5)\nkept = []\n"
    "while True:\n    kept.append(server.accept())\n"
)


@pytest.fixture
def mark(monkeypatch):
    """A value in the environment of every process a test's grading starts."""
    value = uuid.uuid4().hex
    monkeypatch.setenv("WIRECHECK_TEST_MARK", value)
    return value


def marked(value: str) -> list[str]:
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.pid != os.getpid() and proc.environ().get("WIRECHECK_TEST_MARK") == value:
                found.append(f"{proc.pid} {' '.join(proc.cmdline())}")
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def test_an_interrupted_grading_leaves_valid_partial_outputs(tmp_path, mark):
    subs = tmp_path / "subs"
    for student in ("ann", "ben", "cat"):
        (subs / student).mkdir(parents=True)
        shutil.copy(REFERENCE / "clock_udp.py", subs / student / "clockudpserver.py")
    out = tmp_path / "out"

    def stop_after_the_first(progress):
        if progress.done >= 1:
            raise KeyboardInterrupt

    options = GradeOptions(protocols=["clock-udp"], jobs=1, profile="quick", examples=2, time_limit=60)
    with pytest.raises(KeyboardInterrupt):
        grade_class(subs, out, parse_config({}), options, seed=5, on_progress=stop_after_the_first)
    results = json.loads((out / "results.json").read_text())
    assert results["interrupted"] and not results["complete"]
    # Which student's check ends first is the scheduler's business (an extra check may start
    # while the cores idle): the one graded has its points, the pending ones an empty cell.
    states = {name: r["protocols"]["clock-udp"]["state"] for name, r in results["students"].items()}
    assert "graded" in states.values() and "pending" in states.values()
    rows = list(csv.DictReader((out / "gradebook.csv").open()))
    assert [r["student"] for r in rows] == ["ann", "ben", "cat"]
    full = str(sum(2 if r.level is Level.MUST else 1 for r in get_protocol("clock-udp").requirements))  # MUST 2, SHOULD 1
    assert all(r["clock-udp"] == (full if states[r["student"]] == "graded" else "") for r in rows)
    assert ET.parse(out / "junit.xml").getroot().tag == "testsuites"
    assert "interrupted" in (out / "report.html").read_text()
    assert not list(out.rglob("*.tmp"))
    assert not marked(mark)


def test_the_workers_private_folders_are_in_one_run_folder_removed_at_the_end(tmp_path, monkeypatch):
    """A worker killed at its limit or by an interrupt cannot remove its servers' folders;
    a grading run from another program (this test) has no command to remove them: they are
    all in the grading's own run folder, which the grading removes."""
    monkeypatch.delenv("WIRECHECK_TMPDIR", raising=False)
    seen = []
    original = Scheduler._run_admitted

    def noting(self, job):
        folder = os.environ.get("WIRECHECK_TMPDIR")
        seen.append((folder, bool(folder) and os.path.isdir(folder)))
        return original(self, job)

    monkeypatch.setattr(Scheduler, "_run_admitted", noting)
    report, _ = run_one(tmp_path, (REFERENCE / "clock.py").read_text(), 60)
    assert report.result.requirements
    ((folder, existed),) = seen
    assert folder and existed and os.path.basename(folder).startswith("wirecheck-run-")
    assert not os.path.exists(folder) and "WIRECHECK_TMPDIR" not in os.environ


def run_one(tmp_path: Path, source: str, time_limit: float) -> tuple[object, float]:
    (tmp_path / "s").mkdir()
    target = tmp_path / "s" / "clockserver.py"
    target.write_text(source)
    reports = []
    settings = WorkerSettings(seed=1, profile="quick", examples=2, time_limit=time_limit)
    began = time.monotonic()
    Scheduler(settings, 1).run([Job("s", "clock", target, "s/clockserver.py")], reports.append)
    return reports[0], time.monotonic() - began


def test_a_check_over_its_time_limit_is_stopped_from_the_grader(tmp_path, mark, monkeypatch):
    # The server hangs before listening: the worker waits 5 s for it to start, longer than
    # the limit, so the grader itself must stop the worker.
    monkeypatch.setattr(scheduler_module, "LIMIT_GRACE", 0.5)
    report, seconds = run_one(tmp_path, HANGS, time_limit=1)
    # The server would hang for ever: any bound shows the grader stopped it. The margin is a
    # loaded machine's (the limit, its grace and the stop grace take 6.5 s when quiet).
    assert seconds < 1 + 0.5 + scheduler_module.STOP_GRACE + 15
    verdicts = {r.verdict for r in report.result.requirements}
    assert verdicts == {"error"}
    assert all(r.detail.startswith("time limit") for r in report.result.requirements)
    assert not marked(mark)


def test_a_server_that_never_answers_gets_verdicts_within_the_limit(tmp_path, mark):
    report, seconds = run_one(tmp_path, NEVER_ANSWERS, time_limit=8)
    assert seconds < 8 + scheduler_module.LIMIT_GRACE
    # Nothing holds for a server that never replies (V-WITNESS: CLOCK-4, the close after the
    # reply, is "not shown" when reached before the limit); whether the limit or the early end
    # of a server without an answer (V-BOUNDED) comes first depends on the machine's speed.
    assert all(r.verdict in ("fail", "not shown", "error") for r in report.result.requirements)
    assert not marked(mark)


def test_gradescope_writes_a_valid_results_json(tmp_path, mark):
    submission = tmp_path / "submission"
    submission.mkdir()
    shutil.copy(CLOCK_SERVERS / "buggy_canonical_only.py", submission / "clockserver.py")
    config = tmp_path / "wirecheck.toml"
    config.write_text(
        'protocols = ["clock", "clock-udp"]\nseed = 20261124\nprofile = "quick"\nexamples = 10\n'
        '[points]\nCLOCK-3 = 4\n[visibility]\nCLOCK-5 = "hidden"\n'
    )
    results = tmp_path / "results" / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "wirecheck", "gradescope", "--submission", str(submission), "--results", str(results), "--config", str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(results.read_text())
    validate_gradescope(data)
    tests = {t["name"]: t for t in data["tests"]}
    assert len(tests) == len(get_protocol("clock").requirements) + len(get_protocol("clock-udp").requirements)
    assert tests["clock: CLOCK-3 (MUST)"] | {"output": ""} == tests["clock: CLOCK-3 (MUST)"] | {
        "output": "",
        "score": 0.0,
        "max_score": 4.0,
        "status": "failed",
    }
    assert "python clock-CLOCK-3.py" not in tests["clock: CLOCK-3 (MUST)"]["output"]  # no replay files on Gradescope
    assert tests["clock: CLOCK-5 (MUST)"]["visibility"] == "hidden" and tests["clock: CLOCK-5 (MUST)"]["score"] == 2
    assert "is missing" not in tests["clock-udp: UDP-1 (MUST)"]["output"]
    assert "No `clockudpserver.py` in your submission" in tests["clock-udp: UDP-1 (MUST)"]["output"]
    # Every requirement of clock but CLOCK-3 passes (4 MUSTs × 2 + 3 SHOULDs × 1 = 11); clock-udp has no file: 0.
    passed = sum(2 if r.level is Level.MUST else 1 for r in get_protocol("clock").requirements if r.id != "CLOCK-3")
    assert data["score"] == sum(t["score"] for t in data["tests"]) == passed
    assert not marked(mark)
