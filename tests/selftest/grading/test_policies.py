"""The course's policies in the grading configuration: a late penalty (from a CSV file of
times, or each folder's last git commit), the best of several submissions, and a regrade
that never lowers a score. Each is tried on a small class where it changes a score, and
shown per student in the feedback and in changes.csv; with ``--compare`` the rows of a
student add up to the change of what counts for them, policies included. The classes are
graded without servers (``fake.py``)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from protocols import Level, get_protocol
from wirecheck.cli import main
from wirecheck.grading import run as run_module
from wirecheck.grading.config import LatePolicy
from wirecheck.grading.policies import late_penalty
from wirecheck.grading.times import SubmittedAt

from .fake import FakeScheduler, server

DUE = "2026-11-24T23:59:00+01:00"
LATE = f'[late]\ndue = {DUE}\nper_day = 0.1\ncap = 0.3\n'
BASE = 'protocols = ["clock"]\nseed = 3\n'
# clock's full points at the default points, 2 for a MUST and 1 for a SHOULD: 13 (5 MUSTs, 3 SHOULDs).
# The numbers in the tests below are worked out from it: a failed MUST costs 2, a SHOULD 1.
FULL = sum(2 if r.level is Level.MUST else 1 for r in get_protocol("clock").requirements)


def make_class(root: Path, files: dict[str, str]) -> Path:
    """``files``: a path under the submissions folder → a fake server's verdicts."""
    subs = root / "subs"
    for name, verdicts in files.items():
        path = subs / name / "clockserver.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(server(verdicts))
    return subs


def grade(tmp_path: Path, monkeypatch, capsys, subs: Path, config: str, *extra: str, out: str = "out") -> tuple[Path, str]:
    (tmp_path / "grading.toml").write_text(config)
    monkeypatch.setattr(run_module, "Scheduler", FakeScheduler)
    status = main(["grade", str(subs), "--out", str(tmp_path / out), "--config", str(tmp_path / "grading.toml"), *extra])
    captured = capsys.readouterr()
    assert status == 0, captured.out + captured.err
    return tmp_path / out, captured.out


def gradebook(out: Path) -> dict[str, dict[str, str]]:
    return {row["student"]: row for row in csv.DictReader((out / "gradebook.csv").open())}


def changes(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((out / "changes.csv").open()))


def policy_rows(out: Path, student: str) -> dict[str, dict[str, str]]:
    return {r["requirement"]: r for r in changes(out) if r["student"] == student and r["protocol"] == "(policy)"}


# --- late ---------------------------------------------------------------------------------


def test_late_penalty_per_day_begun_and_capped():
    policy = LatePolicy(datetime.fromisoformat(DUE), 0.1, 0.3, "git")
    due = policy.due
    on_time = late_penalty(policy, 12, SubmittedAt(due, "x"))
    assert (on_time.state, on_time.after) == ("on time", 12)
    a_minute = late_penalty(policy, 12, SubmittedAt(due + timedelta(minutes=1), "x"))
    assert (a_minute.state, a_minute.after) == ("1 day late", 10.8)
    two = late_penalty(policy, 12, SubmittedAt(due + timedelta(days=1, seconds=1), "x"))
    assert (two.state, two.after) == ("2 days late", 9.6)
    capped = late_penalty(policy, 12, SubmittedAt(due + timedelta(days=9), "x"))
    assert capped.after == 8.4 and "the most a submission loses" in capped.detail
    unknown = late_penalty(policy, 12, SubmittedAt(None, "not in times.csv"))
    assert (unknown.state, unknown.after) == ("time unknown", 12) and "not in times.csv" in unknown.detail


def test_a_late_penalty_from_a_file_of_times(tmp_path, monkeypatch, capsys):
    subs = make_class(tmp_path, {"ann": "", "bob": "CLOCK-1=fail", "cat": "", "dan": ""})
    (tmp_path / "times.csv").write_text(
        "student,submitted_at\n"
        "ann,2026-11-24T20:00:00+01:00\n"     # on time
        "bob,2026-11-25T10:00:00+01:00\n"     # 1 day late: 11 → 11 - 10% of 11 = 9.9
        "cat,2026-12-04T10:00:00Z\n"          # 10 days late: capped at 30%, 13 → 13 - 3.9 = 9.1
    )                                         # dan: no time, no penalty, and said so
    out, output = grade(tmp_path, monkeypatch, capsys, subs, BASE + LATE + 'times = "times.csv"\n')
    book = gradebook(out)
    assert {s: (r["total"], r["final"]) for s, r in book.items()} == {
        "ann": ("13", "13"), "bob": ("11", "9.9"), "cat": ("13", "9.1"), "dan": ("13", "13"),
    }
    assert book["bob"]["policies"] == "late: 1 day late" and book["dan"]["policies"] == "late: time unknown"
    results = json.loads((out / "results.json").read_text())["students"]
    assert results["cat"]["points"] == FULL and results["cat"]["final_points"] == 9.1
    # In the feedback, each student's own policy, and in changes.csv, what it took.
    assert "1 day after the due time 2026-11-24 22:59 UTC: 10% of the points earned taken off (11 → 9.9)" in (out / "feedback/bob.md").read_text()
    assert "no submission time (not in times.csv)" in (out / "feedback/dan.md").read_text()
    assert f"**Your score after the course's policies: {FULL} of {FULL}**" in (out / "feedback/ann.md").read_text()
    assert policy_rows(out, "cat")["late"]["new_points"] == "-3.9"  # 30% of 13
    assert policy_rows(out, "bob")["late"]["new_verdict"] == "1 day late"
    assert "ann" not in {r["student"] for r in changes(out)} and "dan" not in {r["student"] for r in changes(out)}
    assert "a late penalty for 2 students" in output and "bob" in output and "11 → 9.9" in output
    assert '<td class="total final"' in (out / "report.html").read_text()


def git_folder(folder: Path, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "s", "GIT_AUTHOR_EMAIL": "s@x",
           "GIT_COMMITTER_NAME": "s", "GIT_COMMITTER_EMAIL": "s@x", "GIT_CONFIG_GLOBAL": os.devnull}
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "hand in"]):
        subprocess.run(["git", *command], cwd=folder, env=env, check=True, capture_output=True)


def test_a_late_penalty_from_each_folder_s_last_commit(tmp_path, monkeypatch, capsys):
    subs = make_class(tmp_path, {"ann": "", "bob": "", "cat": ""})
    git_folder(subs / "ann", "2026-11-24T21:00:00+00:00")  # 22:00 at +01:00: on time
    git_folder(subs / "bob", "2026-11-26T12:00:00+01:00")  # 2 days late: 13 - 20% of 13 = 10.4
    out, _ = grade(tmp_path, monkeypatch, capsys, subs, BASE + LATE)  # times = "git", the default
    book = gradebook(out)
    assert {s: r["final"] for s, r in book.items()} == {"ann": "13", "bob": "10.4", "cat": "13"}
    assert "its last git commit" in (out / "feedback/bob.md").read_text()
    assert "no git commit in the folder" in (out / "feedback/cat.md").read_text()


# --- best of ------------------------------------------------------------------------------


def test_the_best_of_several_submissions_counts(tmp_path, monkeypatch, capsys):
    subs = make_class(tmp_path, {
        "ann/1": "CLOCK-1=fail CLOCK-2=fail",  # 13 - 2 MUSTs = 9
        "ann/2": "",                           # 13: the best
        "ann/10": "CLOCK-7=fail",              # 13 - a SHOULD = 12: the last (10 after 2)
        "bob": "CLOCK-3=fail",                 # 13 - a MUST = 11; one submission, the folder itself
    })
    out, output = grade(tmp_path, monkeypatch, capsys, subs, BASE + "best_of = true\n")
    book = gradebook(out)
    assert list(book) == ["ann", "bob"]  # one row per student, not per submission
    assert (book["ann"]["total"], book["ann"]["final"], book["ann"]["policies"]) == ("13", "13", "best of: submission 2")
    assert book["bob"]["final"] == "11"
    assert "best of 3 submissions: submission 2 counts, with 13 points (the others: 1: 9, 10: 12)" in (out / "feedback/ann.md").read_text()
    results = json.loads((out / "results.json").read_text())
    assert results["students"]["ann"]["protocols"]["clock"]["file"] == "ann/2/clockserver.py"
    assert sorted(p.name for p in (out / "feedback").iterdir()) == ["ann.html", "ann.md", "bob.html", "bob.md"]
    assert sorted(p.name for p in (out / "replays").iterdir()) == ["bob"]  # ann/2 has no failure to replay
    [row] = [r for r in changes(out) if r["student"] == "ann"]
    assert (row["requirement"], row["new_verdict"], row["new_points"]) == ("best of", "submission 2", "")
    assert "the best of several submissions for 1 student" in output


def test_best_of_weighs_each_submission_after_its_late_penalty(tmp_path, monkeypatch, capsys):
    subs = make_class(tmp_path, {"ann/1": "CLOCK-1=fail", "ann/2": ""})  # 11 on time, 13 three days late (13 - 30% = 9.1)
    (tmp_path / "times.csv").write_text("student,submitted_at\nann/1,2026-11-24T12:00:00Z\nann/2,2026-11-27T12:00:00Z\n")
    out, _ = grade(tmp_path, monkeypatch, capsys, subs, BASE + "best_of = true\n" + LATE + 'times = "times.csv"\n')
    ann = gradebook(out)["ann"]
    assert (ann["total"], ann["final"], ann["policies"]) == ("11", "11", "best of: submission 1; late: on time")


# --- never lower, and --compare -----------------------------------------------------------


def explained(out: Path, old_results: dict) -> None:
    """Every student whose score changed has rows, and a student's rows add up to it."""
    new_results = json.loads((out / "results.json").read_text())["students"]
    rows = changes(out)
    for student, record in new_results.items():
        old = old_results[student].get("final_points", old_results[student]["points"])
        new = record.get("final_points", record["points"])
        mine = [r for r in rows if r["student"] == student and r["new_points"] != ""]
        delta = sum(float(r["new_points"] or 0) - float(r["old_points"] or 0) for r in mine)
        assert old + delta == pytest.approx(new), (student, old, new, mine)
        if old != new:
            assert mine, student


def test_a_regrade_never_lowers_a_score(tmp_path, monkeypatch, capsys):
    subs = make_class(tmp_path, {"ann": "", "bob": "CLOCK-1=fail", "cat": "CLOCK-7=fail"})
    config = BASE + 'regrade = "never-lower"\n'
    out, _ = grade(tmp_path, monkeypatch, capsys, subs, config)
    first = json.loads((out / "results.json").read_text())["students"]
    assert {s: r["final_points"] for s, r in first.items()} == {"ann": 13, "bob": 11, "cat": 12}  # 13, less a MUST, less a SHOULD
    assert all("first grading" in r["policies"][0]["state"] for r in first.values())

    # A regrade (a new wirecheck, say) sees ann fail CLOCK-3 (13 → 11) and bob pass: ann keeps 13.
    (subs / "ann" / "clockserver.py").write_text(server("CLOCK-3=fail"))
    (subs / "bob" / "clockserver.py").write_text(server())
    out, output = grade(tmp_path, monkeypatch, capsys, subs, config)  # the same --out: its results are the earlier grading
    book = gradebook(out)
    assert {s: (r["total"], r["final"]) for s, r in book.items()} == {"ann": ("11", "13"), "bob": ("13", "13"), "cat": ("12", "12")}
    assert book["ann"]["policies"] == "never lower: kept the earlier score"
    ann = {r["requirement"]: r for r in changes(out) if r["student"] == "ann"}
    assert (ann["CLOCK-3"]["old_points"], ann["CLOCK-3"]["new_points"]) == ("2", "0")
    assert (ann["never lower"]["old_points"], ann["never lower"]["new_points"]) == ("0", "2")
    assert "a regrade never lowers a score, so 13 counts" in (out / "feedback/ann.md").read_text()
    assert "the earlier, higher score kept for 1 student" in output and f"compared with {out}" in output
    explained(out, first)


def test_compare_explains_every_change_with_every_policy(tmp_path, monkeypatch, capsys):
    subs = make_class(tmp_path, {"ann/1": "", "ann/2": "CLOCK-1=fail", "bob": "CLOCK-1=fail", "cat": "CLOCK-2=fail",
                                 "dan": "CLOCK-1=fail CLOCK-2=fail"})
    times = tmp_path / "times.csv"
    on_time = "2026-11-24T12:00:00Z"
    times.write_text(f"student,submitted_at\nann,{on_time}\nbob,{on_time}\ncat,{on_time}\ndan,{on_time}\n")
    config = BASE + 'regrade = "never-lower"\nbest_of = true\n' + LATE + 'times = "times.csv"\n'
    old_out, _ = grade(tmp_path, monkeypatch, capsys, subs, config, out="old")
    old = json.loads((old_out / "results.json").read_text())["students"]
    assert {s: r["final_points"] for s, r in old.items()} == {"ann": 13, "bob": 11, "cat": 11, "dan": 9}

    # The regrade. ann's first submission now fails CLOCK-5 and CLOCK-6 (9; her second, 11, is
    # no better: never-lower keeps 13); bob hands in a fixed server two days late (13, less 20%
    # is 10.4: never-lower keeps 11); cat's CLOCK-2 is fixed, on time (13); dan's fix comes a
    # day late (13, less 10%: 11.7, above his 9).
    (subs / "ann" / "1" / "clockserver.py").write_text(server("CLOCK-5=fail CLOCK-6=fail"))
    for student in ("bob", "cat", "dan"):
        (subs / student / "clockserver.py").write_text(server())
    times.write_text(f"student,submitted_at\nann,{on_time}\nbob,2026-11-26T12:00:00Z\ncat,{on_time}\ndan,2026-11-25T12:00:00Z\n")
    out, output = grade(tmp_path, monkeypatch, capsys, subs, config, "--compare", str(old_out))
    book = gradebook(out)
    assert {s: (r["total"], r["final"]) for s, r in book.items()} == {
        "ann": ("11", "13"), "bob": ("13", "11"), "cat": ("13", "13"), "dan": ("13", "11.7"),
    }
    bob = {r["requirement"]: r for r in changes(out) if r["student"] == "bob"}
    assert bob["CLOCK-1"]["file_changed"] == "yes" and bob["CLOCK-1"]["why"] == "the server file changed"
    assert (bob["late"]["old_verdict"], bob["late"]["new_verdict"], bob["late"]["new_points"]) == ("on time", "2 days late", "-2.6")  # 20% of 13
    assert (bob["never lower"]["new_verdict"], bob["never lower"]["new_points"]) == ("kept the earlier score", "0.6")  # 11 - 10.4
    dan = {r["requirement"]: r for r in changes(out) if r["student"] == "dan"}
    assert set(dan) == {"CLOCK-1", "CLOCK-2", "late"} and dan["late"]["new_points"] == "-1.3"  # 10% of 13
    ann = {r["requirement"]: r for r in changes(out) if r["student"] == "ann"}
    assert ann["best of"]["new_verdict"] == "submission 2" and ann["best of"]["old_verdict"] == "submission 1"
    assert ann["CLOCK-1"]["why"] == "another file counts (ann/1/clockserver.py → ann/2/clockserver.py)"
    assert (ann["never lower"]["old_points"], ann["never lower"]["new_points"]) == ("0", "2")
    assert "policy effects changed" in output
    explained(out, old)


# --- bad configuration --------------------------------------------------------------------


@pytest.mark.parametrize(
    "config, message",
    [
        ('[late]\nper_day = 0.1\n', "late.due: missing"),
        ('[late]\ndue = 2026-11-24T23:59:00\nper_day = 0.1\n', "late.due: 2026-11-24T23:59:00 has no UTC offset"),
        ('[late]\ndue = 2026-11-24\nper_day = 0.1\n', "late.due: 2026-11-24 is a date without a time"),
        (f'[late]\ndue = {DUE}\nper_day = 10\n', "late.per_day: expected a share of the points"),
        (f'[late]\ndue = {DUE}\nper_day = 0.1\ntimes = "nowhere.csv"\n', "nowhere.csv: no such file"),
        (f'[late]\ndue = {DUE}\nper_day = 0.1\ntimes = "times.csv"\n', "times.csv: line 3: 'yesterday' is not a date and time"),
        ('regrade = "sometimes"\n', "regrade: expected one of replace, never-lower"),
        ('best_of = "yes"\n', "best_of: expected true or false"),
        ('[lms]\npoints = -1\n', "lms.points: expected a number of points above 0"),
    ],
)
def test_a_bad_policy_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys, config, message):
    subs = make_class(tmp_path, {"ann": ""})
    (tmp_path / "times.csv").write_text("student,submitted_at\nann,2026-11-24T12:00:00Z\nbob,yesterday\n")
    (tmp_path / "grading.toml").write_text(BASE + config)
    monkeypatch.setattr(run_module, "Scheduler", FakeScheduler)
    assert main(["grade", str(subs), "--out", str(tmp_path / "out"), "--config", str(tmp_path / "grading.toml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err
    assert not (tmp_path / "out").exists()


def test_without_policies_the_outputs_are_unchanged(tmp_path, monkeypatch, capsys):
    subs = make_class(tmp_path, {"ann": "", "bob": "CLOCK-1=fail"})
    out, output = grade(tmp_path, monkeypatch, capsys, subs, BASE)
    assert list(gradebook(out)["ann"]) == ["student", "clock", "total", "max", "seed"]
    assert not (out / "changes.csv").exists() and "policies:" not in output
    assert "final_points" not in (out / "results.json").read_text()


def test_an_unchanged_regrade_with_policies_is_no_change(tmp_path, monkeypatch, capsys):
    subs = make_class(tmp_path, {"ann": "", "bob": "CLOCK-1=fail"})
    config = BASE + 'regrade = "never-lower"\n'
    grade(tmp_path, monkeypatch, capsys, subs, config)
    out, output = grade(tmp_path, monkeypatch, capsys, subs, config)
    assert "no change: 2 students" in output
    assert changes(out) == []


def test_times_are_compared_in_utc():
    policy = LatePolicy(datetime(2026, 11, 24, 23, 59, tzinfo=timezone(timedelta(hours=1))), 0.5, 1.0, "git")
    # 23:30 UTC is 00:30 the next day at +01:00: 31 minutes late.
    assert late_penalty(policy, 10, SubmittedAt(datetime(2026, 11, 24, 23, 30, tzinfo=timezone.utc), "x")).after == 5


def test_every_configuration_in_the_grading_docs_is_valid():
    import re

    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    from wirecheck.grading.config import parse_config

    docs = Path(__file__).resolve().parents[3] / "docs" / "grading.md"
    blocks = re.findall(r"```toml\n(.*?)```", docs.read_text(), re.S)
    configs = [parse_config(tomllib.loads(block), "grading.md") for block in blocks]
    assert len(configs) >= 2
    full, worked = configs[0], configs[1]
    assert full.regrade == "never-lower" and full.best_of and full.late.cap == 0.3 and full.lms.identity == "Email address"
    assert worked.late.per_day == 0.1 and worked.late.times.endswith("times.csv")
