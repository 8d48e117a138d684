"""A class of eight graded in one command: a correct student, buggy ones, a missing file, a
syntax error, a server that hangs. Every output exists and agrees with ``wirecheck
check`` on the same files; the class graded again (in two shards, merged) gets the same
scores; a replay script reproduces a failure and passes the reference; the HTML report
renders in headless Chromium (where one is installed)."""

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

from protocols import Level, Transport, get_protocol
from wirecheck.harness.launcher import launch
from wirecheck.harness.target import resolve_target

from ..chromium import chromium, probe_report

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
CLOCK_SERVERS = Path(__file__).parents[1] / "servers" / "clock"
REFERENCE = ROOT / "reference_servers"
# Every requirement of clock and clock-udp at the default points: 2 for a MUST, 1 for a SHOULD.
FULL_POINTS = sum(2 if r.level is Level.MUST else 1 for p in ("clock", "clock-udp") for r in get_protocol(p).requirements)
SEED = 20261124
OPTIONS = ["--seed", str(SEED), "--profile", "quick", "--examples", "10", "--time-limit", "120", "--jobs", "2"]

SYNTAX_ERROR = "import socket\nPORT = 12091\n\ndef main(:\n    pass\n"
HANGS = '"""Hangs before it listens: it waits for an event nobody sets."""\nimport threading\nthreading.Event().wait()\n'


def build_class(root: Path) -> Path:
    subs = root / "submissions"
    files = {
        "alice": {"clockserver.py": CLOCK_SERVERS / "correct_threading_tcpserver.py", "clockudpserver.py": REFERENCE / "clock_udp.py"},
        "bob": {"clockserver.py": CLOCK_SERVERS / "buggy_zero_padded_day.py", "clockudpserver.py": REFERENCE / "clock_udp.py"},
        "carol": {"clockserver.py": CLOCK_SERVERS / "buggy_canonical_only.py"},
        "dave": {"clockudpserver.py": REFERENCE / "clock_udp.py"},
        "erin": {"clockserver.py": SYNTAX_ERROR, "clockudpserver.py": REFERENCE / "clock_udp.py"},
        "frank": {"clockserver.py": HANGS},
        "grace": {"upload/clockserver.py": CLOCK_SERVERS / "correct_asyncio.py", "clockudpserver.py": REFERENCE / "clock_udp.py"},
        "heidi": {"clockserver.py": CLOCK_SERVERS / "buggy_session_never_closes.py"},
    }
    for student, contents in files.items():
        for name, source in contents.items():
            path = subs / student / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(source, Path):
                shutil.copy(source, path)
            else:
                path.write_text(source)
    return subs


MARK = f"grading-class-{uuid.uuid4().hex}"  # in the environment of everything these gradings start


def wirecheck(*args, cwd=ROOT, timeout=900):
    env = {**os.environ, "WIRECHECK_TEST_MARK": MARK}
    return subprocess.run(
        [sys.executable, "-m", "wirecheck", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def failing(check: dict) -> set[str]:
    return {r["id"] for r in check["requirements"] if r["verdict"] in ("fail", "not shown", "error")}


def test_a_class_is_graded_in_one_command(tmp_path, monkeypatch):
    monkeypatch.setenv("WIRECHECK_DATABASE", str(tmp_path / "examples"))
    subs = build_class(tmp_path)
    out = tmp_path / "out"
    began = time.monotonic()
    done = wirecheck("grade", str(subs), "--out", str(out), *OPTIONS)
    seconds = time.monotonic() - began
    assert done.returncode == 0, done.stdout + done.stderr
    print(f"graded 8 students × 2 protocols in {seconds:.1f} s")
    assert f"seed {SEED}" in done.stdout
    assert "\r" not in done.stderr  # no progress bar when the output is not a terminal

    # Every output exists.
    for name in ("gradebook.csv", "results.json", "junit.xml", "report.html"):
        assert (out / name).is_file(), name
    students = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]
    assert sorted(p.stem for p in (out / "feedback").glob("*.md")) == students
    results = json.loads((out / "results.json").read_text())
    assert results["complete"] and not results["interrupted"] and results["seed"] == SEED
    assert list(results["protocols"]) == ["clock", "clock-udp"]  # every protocol whose file is in a submission
    checks = {s: {p: v["check"] for p, v in r["protocols"].items()} for s, r in results["students"].items()}

    # The gradebook agrees with results.json.
    rows = list(csv.DictReader((out / "gradebook.csv").open()))
    assert [r["student"] for r in rows] == students
    for row in rows:
        record = results["students"][row["student"]]
        assert float(row["total"]) == record["points"] and float(row["max"]) == results["max_points"] == FULL_POINTS
        for protocol in ("clock", "clock-udp"):
            protocol_record = record["protocols"][protocol]
            assert float(row[protocol]) == protocol_record["points"] == sum(protocol_record["requirement_points"].values())
        assert row["seed"] == str(SEED)

    # What each student did shows.
    assert record_points(results, "alice") == FULL_POINTS and record_points(results, "grace") == FULL_POINTS
    assert results["students"]["grace"]["protocols"]["clock"]["file"] == "grace/upload/clockserver.py"
    assert failing(checks["carol"]["clock"]) == {"CLOCK-3"}
    assert failing(checks["bob"]["clock"]) <= {"CLOCK-1"} and failing(checks["heidi"]["clock"]) <= {"CLOCK-4"}
    assert results["students"]["dave"]["protocols"]["clock"]["state"] == "missing"
    assert "`clockserver.py` is missing" in (out / "feedback" / "dave.md").read_text()
    erin = {r["detail"] for r in checks["erin"]["clock"]["requirements"]}
    assert len(erin) == 1 and erin.pop().startswith("server did not start: Python cannot read this file at line 4 of clockserver.py")
    assert "SyntaxError" in (out / "feedback" / "erin.md").read_text()
    assert all(r["detail"].startswith("server did not start: it did not listen") for r in checks["frank"]["clock"]["requirements"])
    assert "the failure" not in (out / "feedback" / "alice.md").read_text() and "0 of" not in (out / "feedback" / "alice.md").read_text()

    # JUnit: a testsuite per student and protocol, a testcase per requirement.
    junit = ET.parse(out / "junit.xml").getroot()
    suites = junit.findall("testsuite")
    assert len(suites) == 16 and all(len(s.findall("testcase")) == int(s.get("tests")) for s in suites)
    carol = junit.find("testsuite[@name='carol.clock']/testcase[@name='CLOCK-3 (MUST)']/failure")
    assert carol is not None and "expected:" in carol.text

    # The same file, checked by `wirecheck check`, gets the same verdicts.
    for student in ("carol",):
        report = tmp_path / f"{student}.json"
        alone = wirecheck("check", "clock", str(subs / student / "clockserver.py"), *OPTIONS[:6], "--json", str(report))
        assert alone.returncode in (0, 1), alone.stdout + alone.stderr
        mine = json.loads(report.read_text())
        graded = checks[student]["clock"]
        assert mine["seed"] == graded["seed"] == SEED
        assert [(r["id"], r["verdict"]) for r in mine["requirements"]] == [(r["id"], r["verdict"]) for r in graded["requirements"]]

    # A replay script reproduces carol's failure, and passes against the reference.
    script = out / "replays" / "carol" / "clock-CLOCK-3.py"
    assert script.is_file() and "clock-CLOCK-3.py" in (out / "feedback" / "carol.md").read_text()
    for server, status in ((subs / "carol" / "clockserver.py", 1), (REFERENCE / "clock.py", 0)):
        running = launch(resolve_target(server), Transport.TCP)
        try:
            host, port = running.address.connect_to[:2]
            replayed = subprocess.run(
                [sys.executable, "-I", str(script), "--host", host, "--port", str(port)], capture_output=True, text=True, timeout=60
            )
        finally:
            running.stop()
        assert replayed.returncode == status, replayed.stdout + replayed.stderr
    if "CLOCK-1" in failing(checks["bob"]["clock"]):
        bob = out / "replays" / "bob" / "clock-CLOCK-1.py"
        for server, status in ((subs / "bob" / "clockserver.py", 1), (REFERENCE / "clock.py", 0)):
            replayed = subprocess.run([sys.executable, "-I", str(bob), "--server", str(server)], capture_output=True, text=True, timeout=60)
            assert replayed.returncode == status, replayed.stdout + replayed.stderr

    # The report renders, a row per student, and a failing cell opens its counterexample.
    if chromium():
        seen = probe_report(out / "report.html", tmp_path)
        assert seen["rows"] == 8 and seen["opened"] and seen["height"] > 0 and "expected" in seen["text"]

    # Graded again, in two shards merged into one, the class gets the same scores.
    for k in (1, 2):
        shard = wirecheck("grade", str(subs), "--out", str(tmp_path / f"shard{k}"), *OPTIONS, "--shard", f"{k}/2")
        assert shard.returncode == 0, shard.stdout + shard.stderr
    merged = wirecheck("merge", str(tmp_path / "shard1"), str(tmp_path / "shard2"), "--out", str(tmp_path / "merged"))
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert (tmp_path / "merged" / "gradebook.csv").read_text() == (out / "gradebook.csv").read_text()
    again = json.loads((tmp_path / "merged" / "results.json").read_text())
    assert {s: r["points"] for s, r in again["students"].items()} == {s: r["points"] for s, r in results["students"].items()}
    assert sorted(p.name for p in (tmp_path / "merged" / "feedback").iterdir()) == sorted(
        [f"{s}.md" for s in students] + [f"{s}.html" for s in students]
    )
    assert_nothing_left()


def record_points(results: dict, student: str) -> float:
    return results["students"][student]["points"]


def assert_nothing_left() -> None:
    left = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get("WIRECHECK_TEST_MARK") == MARK:
                left.append(f"{proc.pid} {' '.join(proc.cmdline())}")
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    assert not left, "grading left processes running:\n" + "\n".join(left)
