"""``grade --compare``: what changed between two gradings of a class, and why. The pure
comparison on plain data, then one live regrade: unchanged (no change), then with one
student's file changed and one requirement's points changed in the configuration."""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wirecheck.grading.changes import WHOLE, changes_csv, changes_html, compare
from wirecheck.grading.config import GradingConfig, build_scheme, parse_config
from wirecheck.grading.html_report import html_report
from wirecheck.grading.model import GRADED, MISSING, Outcome
from wirecheck.grading.results_json import grading_from_results, to_results
from wirecheck.grading.run import missing_result

from .test_grading import CLOCK, clock_result, make_class

ROOT = Path(__file__).resolve().parents[3]
UDP_SERVERS = Path(__file__).parents[1] / "servers" / "clock_udp"


def graded_class(config=None):
    grading = make_class(config)
    grading.students.remove("dave")
    del grading.outcomes[("dave", "clock")]
    for (student, _), outcome in grading.outcomes.items():
        outcome.digest = f"digest-{student}"
    grading.complete = True
    return grading


def round_trip(grading):
    """As ``--compare`` reads an old grading: through results.json."""
    return grading_from_results(json.loads(json.dumps(to_results(grading))))


def rows(comparison):
    return list(csv.DictReader(io.StringIO(changes_csv(comparison))))


def test_the_same_grading_again_shows_no_change():
    old, new = round_trip(graded_class()), graded_class()
    comparison = compare(old, new)
    assert comparison.changes == [] and comparison.files_changed == [] and comparison.points_changed == []
    assert comparison.summary().startswith("no change: 3 students")
    assert rows(comparison) == []


def test_a_changed_file_and_changed_points_are_each_explained():
    old = round_trip(graded_class())
    config = parse_config({"points": {"CLOCK-2": 5}})
    new = graded_class(config)
    # alice handed in a new file, which fails CLOCK-1; bob's file is the same.
    new.outcomes[("alice", "clock")] = Outcome(
        "alice", "clock", "alice/clockserver.py", GRADED, clock_result({"CLOCK-1": "fail"}), 3.0, digest="digest-alice-2"
    )
    comparison = compare(old, new)
    found = {(r["student"], r["requirement"]): r for r in rows(comparison)}
    assert found[("alice", "CLOCK-1")] == {
        "student": "alice", "protocol": "clock", "requirement": "CLOCK-1", "old_verdict": "pass", "new_verdict": "fail",
        "old_points": "2", "new_points": "0", "file_changed": "yes", "why": "the server file changed",
    }
    # CLOCK-2 is now worth 5: everyone who passes it gains 3 points, for that reason alone.
    assert found[("alice", "CLOCK-2")]["new_points"] == "5" and found[("alice", "CLOCK-2")]["old_points"] == "2"
    assert "points changed in the configuration (2 → 5)" in found[("alice", "CLOCK-2")]["why"]
    assert found[("bob", "CLOCK-2")]["file_changed"] == "no"
    assert found[("bob", "CLOCK-2")]["why"] == "its points changed in the configuration (2 → 5)"
    # carol has no file either time: nothing to say about her.
    assert not any(r["student"] == "carol" for r in rows(comparison))
    assert comparison.files_changed == [("alice", "clock")]
    assert comparison.points_changed == [("clock", "CLOCK-2", 2.0, 5.0)]
    assert sorted(comparison.students_changed) == ["alice", "bob"]
    summary = comparison.summary()
    assert summary.startswith("2 of 3 students' points changed") and "1 server files changed" in summary
    assert "1 requirements' points changed in the configuration" in summary


def test_a_verdict_that_changed_on_the_same_file_says_so():
    old = round_trip(graded_class())
    new = graded_class()
    new.outcomes[("bob", "clock")].result = clock_result({"CLOCK-1": "fail"})  # CLOCK-7 now passes
    (change,) = compare(old, new).changes
    assert (change.student, change.requirement, change.old_verdict, change.new_verdict) == ("bob", "CLOCK-7", "fail", "pass")
    assert change.file_changed is False and change.why.startswith("same file, another verdict (a race")
    new.seed = 8
    (change,) = compare(old, new).changes
    assert "another seed" in change.why and "seed 7 → 8" in compare(old, new).summary()


def test_a_file_handed_in_late_is_one_row_for_the_protocol():
    old = round_trip(graded_class())
    new = graded_class()
    new.outcomes[("carol", "clock")] = Outcome("carol", "clock", "carol/clockserver.py", GRADED, clock_result(), 2.0, digest="d")
    (change,) = compare(old, new).changes
    assert (change.requirement, change.old_verdict, change.new_verdict) == (WHOLE, "missing", "graded")
    assert (change.old_points, change.new_points) == (0.0, new.schemes["clock"].max_points)
    new.students.append("erin")
    new.outcomes[("erin", "clock")] = Outcome(
        "erin", "clock", None, MISSING, missing_result("clock", "erin/clockserver.py", 7, ("clockserver.py",))
    )
    late = compare(old, new).changes[-1]  # a new student without a file: said, but no points move
    assert (late.student, late.old_verdict, late.new_verdict, late.old_points, late.new_points) == ("erin", "absent", "missing", 0, 0)


def test_the_report_has_a_changes_section_only_when_compared():
    old, new = round_trip(graded_class()), graded_class()
    assert "Changes since the last grading" not in html_report(new)
    new.outcomes[("bob", "clock")].result = clock_result()
    new.changes = compare(old, new)
    page = html_report(new)
    assert page.count('<tr class="change"') == 2 and "fail → pass" in page
    assert changes_html(new.changes) in page


@pytest.mark.slow
def test_regrading_explains_a_changed_file_and_changed_points(tmp_path):
    """The command itself: a class graded, regraded unchanged (no change), then regraded with
    one student's file changed and one requirement's points changed."""
    subs = tmp_path / "subs"
    for student in ("ann", "ben"):
        (subs / student).mkdir(parents=True)
        shutil.copy(UDP_SERVERS / "correct_raw_loop.py", subs / student / "clockudpserver.py")
    options = ["--protocols", "clock-udp", "--seed", "5", "--profile", "quick", "--examples", "3", "--jobs", "2",
               "--time-limit", "60"]

    def grade(out: str, *extra: str) -> str:
        done = subprocess.run([sys.executable, "-m", "wirecheck", "grade", str(subs), "--out", str(tmp_path / out), *options,
                               *extra], cwd=ROOT, capture_output=True, text=True, timeout=240)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    assert "compared with" not in grade("first")
    again = grade("second", "--compare", str(tmp_path / "first"))
    assert "no change: 2 students" in again
    assert (tmp_path / "second" / "changes.csv").read_text().count("\n") == 1  # the header alone
    shutil.copy(UDP_SERVERS / "buggy_zero_padded_day.py", subs / "ben" / "clockudpserver.py")
    config = tmp_path / "grading.toml"
    config.write_text("[points]\nUDP-2 = 5\n")
    third = grade("second", "--compare", str(tmp_path / "second"), "--config", str(config))  # into the folder compared
    summary = next(line for line in third.splitlines() if line.startswith("compared with"))
    assert "2 of 2 students' points changed" in summary and "1 server files changed" in summary, summary
    found = {(r["student"], r["requirement"]): r for r in csv.DictReader((tmp_path / "second" / "changes.csv").open())}
    assert found[("ben", "UDP-1")]["old_verdict"] == "pass" and found[("ben", "UDP-1")]["new_verdict"] == "fail"
    assert found[("ben", "UDP-1")]["file_changed"] == "yes"
    assert found[("ann", "UDP-2")]["why"] == "its points changed in the configuration (2 → 5)"
    assert found[("ann", "UDP-2")]["file_changed"] == "no"
    assert not any(k[0] == "ann" and k[1] != "UDP-2" for k in found)
    assert "Changes since the last grading" in (tmp_path / "second" / "report.html").read_text()
