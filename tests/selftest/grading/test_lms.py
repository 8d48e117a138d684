"""``grade --lms canvas|moodle --roster ROSTER.csv``: the gradebook in the LMS's import format.

Each export round-trips: it is read back as the LMS reads an import — Canvas's gradebook
importer (a header starting Student, ID, [SIS User ID,] SIS Login ID, ..., Section; a
``Points Possible`` row; assignment columns ``Title (ID)``; a student found by ID, then SIS
User ID, SIS Login ID, then name), Moodle's CSV grade import (a header; one column mapped to
a user field, here the email address; a grade column mapped to a grade item; a grade a
number up to 100, '' or '-' for none) — with a roster that has a student without a folder
and a folder without a roster row. The class is graded without servers (``fake.py``)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from protocols import Level, get_protocol
from wirecheck.cli import main
from wirecheck.core.errors import ConfigError
from wirecheck.grading import run as run_module
from wirecheck.grading.config import LmsSettings
from wirecheck.grading.lms import AMBIGUOUS, NO_FOLDER, NO_ROW, lms_export, match_students, parse_roster

from .fake import FakeScheduler, server

CANVAS_ROSTER = (
    '"Student","ID","SIS User ID","SIS Login ID","Section","Lab 3: clock (4711)","Quiz 1 (4712)","Current Score","Final Score"\r\n'
    '"    Points Possible","","","","","10.00","5.00","(read only)","(read only)"\r\n'
    '"Smith, Ann","1001","S-1","asmith","Sockets 1","","4.00","80.00","80.00"\r\n'
    '"Jones, Bob","1002","S-2","bjones@uni.example","Sockets 1","","5.00","100.00","100.00"\r\n'
    '"Lee, Cat","1003","S-3","clee","Sockets 2","","3.00","60.00","60.00"\r\n'
    '"Student, Test","1999","","","Sockets 1","","","",""\r\n'
)
MOODLE_ROSTER = (
    "First name,Last name,ID number,Institution,Department,Email address,Assignment: Lab 3 (Real),Last downloaded from this course\n"
    "Ann,Smith,S-1,Uni,CS,asmith@uni.example,-,1733000000\n"
    "Bob,Jones,S-2,Uni,CS,bjones@uni.example,-,1733000000\n"
    "Cat,Lee,S-3,Uni,CS,clee@uni.example,-,1733000000\n"
)
# clock's full points at the default points: 2 for a MUST, 1 for a SHOULD (13).
FULL = sum(2 if r.level is Level.MUST else 1 for r in get_protocol("clock").requirements)
# ann passes everything; bob fails CLOCK-1 (a MUST: 2 of 13 points lost); zed has no roster row; cat no folder.
CLASS = {"asmith": server(), "bjones": server("CLOCK-1=fail"), "zed": server("CLOCK-7=fail")}
TOTALS = {"asmith": float(FULL), "bjones": float(FULL - 2)}


def graded(tmp_path: Path, monkeypatch, capsys, system: str, roster: str, config: str = "", *extra: str) -> tuple[Path, str]:
    subs = tmp_path / "subs"
    for student, text in CLASS.items():
        (subs / student).mkdir(parents=True)
        (subs / student / "clockserver.py").write_text(text)
    (tmp_path / "roster.csv").write_text(roster, encoding="utf-8")
    (tmp_path / "grading.toml").write_text('protocols = ["clock"]\nseed = 3\n' + config)
    out = tmp_path / "out"
    monkeypatch.setattr(run_module, "Scheduler", FakeScheduler)
    status = main(["grade", str(subs), "--out", str(out), "--config", str(tmp_path / "grading.toml"),
                   "--lms", system, "--roster", str(tmp_path / "roster.csv"), *extra])
    output = capsys.readouterr().out
    assert status == 0, output
    return out, output


# --- Canvas's importer, as its gradebook importer reads a file ----------------------------

NON_ASSIGNMENT = re.compile("Current Score|Current Points|Current Grade|Final Score|Final Points|Final Grade|Override")


def canvas_import(text: str, course_students: list[dict], course_assignments: dict[int, dict]) -> dict:
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert len(header) > 3 and "Student" in header[0] and "ID" in header[1], "Canvas: invalid header row"
    student_columns = 3
    login = user = None
    if re.search(r"SIS\s+Login\s+ID", header[2]):
        login, student_columns = 2, 4
    elif re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3]):
        user, login, student_columns = 2, 3, 5
    assert "Section" in header[student_columns - 1], "Canvas: invalid header row (no Section)"
    assignments = {}
    for index in range(student_columns, len(header)):
        if NON_ASSIGNMENT.search(header[index]):
            continue
        match = re.match(r"^(.*?)\s*\((\d+)\)$", header[index])
        title, ident = (match.group(1), int(match.group(2))) if match else (header[index], None)
        existing = course_assignments.get(ident) if ident else next((a for a in course_assignments.values() if a["title"] == title), None)
        assignments[index] = dict(existing or {"title": title, "id": None, "new": True})
    grades: dict[int, dict[int, str]] = {}
    new_students = []
    for row in rows[1:]:
        if "Points Possible" in row[0]:
            for index, assignment in assignments.items():
                assignment["points_possible"] = float(row[index])
            continue
        student = next((s for s in course_students if str(s["id"]) == row[1]), None)
        student = student or next((s for s in course_students if user is not None and s["sis_user_id"] == row[user] != ""), None)
        student = student or next((s for s in course_students if login is not None and s["login"] == row[login] != ""), None)
        student = student or next((s for s in course_students if s["sortable_name"] == row[0]), None)
        if student is None:
            new_students.append(row[0])
            continue
        grades[student["id"]] = {assignments[i].get("id"): row[i].strip() for i in assignments}
    return {"assignments": list(assignments.values()), "grades": grades, "new_students": new_students}


COURSE = [
    {"id": 1001, "sis_user_id": "S-1", "login": "asmith", "sortable_name": "Smith, Ann"},
    {"id": 1002, "sis_user_id": "S-2", "login": "bjones@uni.example", "sortable_name": "Jones, Bob"},
    {"id": 1003, "sis_user_id": "S-3", "login": "clee", "sortable_name": "Lee, Cat"},
]
ASSIGNMENTS = {4711: {"id": 4711, "title": "Lab 3: clock", "points_possible": 10.0}, 4712: {"id": 4712, "title": "Quiz 1", "points_possible": 5.0}}


def test_a_canvas_import_grades_the_roster_s_own_assignment(tmp_path, monkeypatch, capsys):
    out, output = graded(tmp_path, monkeypatch, capsys, "canvas", CANVAS_ROSTER, '[lms]\nassignment = "Lab 3: clock"\n')
    text = (out / "canvas-import.csv").read_text()
    lines = text.splitlines()
    assert lines[0] == "Student,ID,SIS User ID,SIS Login ID,Section,Lab 3: clock (4711)"  # the roster's columns, the assignment's ID
    assert lines[1].startswith("    Points Possible,") and lines[1].endswith(",10")  # two header rows, as Canvas exports
    imported = canvas_import(text, COURSE, ASSIGNMENTS)
    [assignment] = imported["assignments"]
    assert assignment["id"] == 4711 and assignment["points_possible"] == 10.0  # unchanged: the same assignment
    assert imported["new_students"] == []  # every row is a student Canvas knows
    # Scaled to the assignment's 10 points: ann 13/13 → 10, bob 11/13 → 8.46; cat (no folder) is left untouched.
    assert imported["grades"] == {1001: {4711: "10"}, 1002: {4711: "8.46"}}
    # The unmatched, listed in the output and a file, never dropped silently.
    unmatched = list(csv.DictReader((out / "roster-unmatched.csv").open()))
    assert {(r["kind"], r["folder"] or r["roster_row"].split(" (")[0]) for r in unmatched} == {(NO_ROW, "zed"), (NO_FOLDER, "Lee, Cat")}
    assert "canvas: 2 students in canvas-import.csv" in output and "scores out of 10" in output
    assert "folder without a roster row: zed" in output and "roster row without a folder: Lee, Cat" in output
    assert "Student, Test" not in (out / "roster-unmatched.csv").read_text()  # Canvas's own test student


def test_a_canvas_import_of_a_new_assignment_carries_wirecheck_s_points(tmp_path, monkeypatch, capsys):
    out, _ = graded(tmp_path, monkeypatch, capsys, "canvas", CANVAS_ROSTER, '[lms]\nassignment = "wirecheck: clock"\n')
    imported = canvas_import((out / "canvas-import.csv").read_text(), COURSE, ASSIGNMENTS)
    [assignment] = imported["assignments"]
    assert assignment.get("new") and assignment["title"] == "wirecheck: clock" and assignment["points_possible"] == FULL
    assert imported["grades"] == {1001: {None: f"{TOTALS['asmith']:g}"}, 1002: {None: f"{TOTALS['bjones']:g}"}}  # unscaled: 13, 11


def test_a_canvas_roster_without_sis_user_ids_is_kept_as_it_is(tmp_path, monkeypatch, capsys):
    roster = "\r\n".join(
        ",".join(c for i, c in enumerate(line.split(",")) if i != 2) for line in CANVAS_ROSTER.replace('"', "").replace("Smith, Ann", "Smith Ann")
        .replace("Jones, Bob", "Jones Bob").replace("Lee, Cat", "Lee Cat").replace("Student, Test", "Test Student").splitlines()
    )
    out, _ = graded(tmp_path, monkeypatch, capsys, "canvas", roster, '[lms]\nassignment = "Lab 3: clock"\n')
    header = (out / "canvas-import.csv").read_text().splitlines()[0]
    assert header == "Student,ID,SIS Login ID,Section,Lab 3: clock (4711)"
    course = [{**s, "sortable_name": s["sortable_name"].replace(",", "")} for s in COURSE]
    # ann 13/13 × 10 = 10, bob 11/13 × 10 = 8.46
    assert canvas_import((out / "canvas-import.csv").read_text(), course, ASSIGNMENTS)["grades"] == {1001: {4711: "10"}, 1002: {4711: "8.46"}}


# --- Moodle's CSV grade import -------------------------------------------------------------


def moodle_import(text: str, users: list[dict], identity_column: str, user_field: str, grade_column: str) -> dict[int, float | None]:
    """Moodle's steps: the header trimmed; the column mapped from identity_column to the user
    field; the grade column to a (new) grade item; '' or '-' no grade, else a number up to
    gradepointmax (100)."""
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader)]
    who, grade = header.index(identity_column), header.index(grade_column)
    grades = {}
    for row in reader:
        user = next((u for u in users if u[user_field] == row[who]), None)
        assert user is not None, f"Moodle: no user with {user_field} {row[who]!r}"
        value = row[grade].strip()
        if value in ("", "-"):
            grades[user["id"]] = None
            continue
        number = float(value.replace(",", "."))
        assert number <= 100, "Moodle: grade above gradepointmax"
        grades[user["id"]] = number
    return grades


USERS = [
    {"id": 11, "email": "asmith@uni.example", "username": "asmith", "idnumber": "S-1"},
    {"id": 12, "email": "bjones@uni.example", "username": "bjones", "idnumber": "S-2"},
    {"id": 13, "email": "clee@uni.example", "username": "clee", "idnumber": "S-3"},
]


def test_a_moodle_import_identifies_students_by_email(tmp_path, monkeypatch, capsys):
    out, output = graded(tmp_path, monkeypatch, capsys, "moodle", MOODLE_ROSTER, '[lms]\nassignment = "Lab 3"\n')
    text = (out / "moodle-import.csv").read_text()
    assert text.splitlines()[0] == "Email address,Lab 3"
    assert moodle_import(text, USERS, "Email address", "email", "Lab 3") == {11: TOTALS["asmith"], 12: TOTALS["bjones"]}  # cat: not in the file
    kinds = {(r["kind"], r["folder"] or r["roster_row"]) for r in csv.DictReader((out / "roster-unmatched.csv").open())}
    assert (NO_ROW, "zed") in kinds and any(k == NO_FOLDER and "Cat Lee" in who for k, who in kinds) and len(kinds) == 2
    assert "moodle: 2 students in moodle-import.csv" in output


def test_a_moodle_identity_field_and_a_scale_can_be_chosen(tmp_path, monkeypatch, capsys):
    config = '[lms]\nassignment = "Lab 3"\nidentity = "ID number"\npoints = 100\n'
    out, _ = graded(tmp_path, monkeypatch, capsys, "moodle", MOODLE_ROSTER, config)
    text = (out / "moodle-import.csv").read_text()
    # Scaled to 100: ann 13/13 × 100 = 100, bob 11/13 × 100 = 84.62
    assert moodle_import(text, USERS, "ID number", "idnumber", "Lab 3") == {11: 100.0, 12: pytest.approx(84.62)}


# --- matching, and bad input ---------------------------------------------------------------


def test_an_ambiguous_folder_is_listed_and_left_out():
    roster = parse_roster(MOODLE_ROSTER + "Ann,Smithers,S-4,Uni,CS,asmith@other.example,-,1\n", "moodle")
    export = lms_export("moodle", roster, LmsSettings())
    matching = match_students(export, ["asmith", "bjones"])
    assert matching.rows == {"bjones": 1}
    [ambiguous] = [row for row in matching.unmatched if row[0] == AMBIGUOUS]
    assert ambiguous[1] == "asmith" and "2 roster rows" in ambiguous[3]
    # The two rows asmith matched are told with it, not again as rows without a folder.
    assert [row[2] for row in matching.unmatched if row[0] == NO_FOLDER] == ["Cat Lee (Email address clee@uni.example, ID number S-3)"]


def test_a_roster_column_names_where_the_folder_names_are():
    export = lms_export("canvas", parse_roster(CANVAS_ROSTER, "canvas"), LmsSettings(), roster_column="SIS User ID")
    assert match_students(export, ["S-1", "asmith"]).rows == {"S-1": 0}


@pytest.mark.parametrize(
    "args, message",
    [
        (["--lms", "canvas", "--roster", "nowhere.csv"], "--roster nowhere.csv: no such file"),
        (["--lms", "canvas"], "--lms and --roster go together"),
        (["--lms", "canvas", "--roster", "moodle.csv"], "not a Canvas gradebook export"),
        (["--lms", "moodle", "--roster", "moodle.csv", "--roster-column", "Login"], "no column 'Login'"),
    ],
)
def test_bad_lms_input_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys, args, message):
    (tmp_path / "subs" / "ann").mkdir(parents=True)
    (tmp_path / "subs" / "ann" / "clockserver.py").write_text(server())
    (tmp_path / "moodle.csv").write_text(MOODLE_ROSTER)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(run_module, "Scheduler", FakeScheduler)
    assert main(["grade", "subs", "--out", "out", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("wirecheck: error: ") and message in err
    assert not (tmp_path / "out").exists()  # told before anything is graded or written


def test_canvas_points_that_disagree_with_the_roster_are_refused():
    roster = parse_roster(CANVAS_ROSTER, "canvas")
    with pytest.raises(ConfigError, match="10 points possible"):
        lms_export("canvas", roster, LmsSettings(assignment="Lab 3: clock", points=20))


def test_an_interrupted_grading_leaves_no_import_file(tmp_path, monkeypatch, capsys):
    out, _ = graded(tmp_path, monkeypatch, capsys, "canvas", CANVAS_ROSTER)
    assert (out / "canvas-import.csv").exists()

    class Interrupted(FakeScheduler):
        def run(self, jobs, on_done, on_tick=None):
            raise KeyboardInterrupt

    monkeypatch.setattr(run_module, "Scheduler", Interrupted)
    status = main(["grade", str(tmp_path / "subs"), "--out", str(out), "--lms", "canvas", "--roster", str(tmp_path / "roster.csv")])
    assert status == 130
    assert not (out / "canvas-import.csv").exists() and not (out / "roster-unmatched.csv").exists()
