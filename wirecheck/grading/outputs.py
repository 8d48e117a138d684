"""The output folder of a grading, rewritten as each check finishes:

    gradebook.csv  results.json  junit.xml  report.html
    feedback/STUDENT.md  feedback/STUDENT.html  replays/STUDENT/PROTOCOL-ID.py

and, with ``--lms``, the LMS's import file and ``roster-unmatched.csv`` — for a finished
grading only: a partial one could be imported by mistake."""

from __future__ import annotations

import shutil
from pathlib import Path

from .feedback import feedback_markdown, has_replay
from .feedback_html import feedback_html
from .files import replace_folder_files, write_atomic
from .gradebook import gradebook_csv
from .html_report import html_report
from .junit import junit_xml
from .lms import SYSTEMS, UNMATCHED_FILE, lms_files
from .model import ClassGrading, Outcome, ProtocolScheme
from .replays import replay_script, script_name
from .results_json import results_text
from .text import own_file

CLASS_FILES = ("gradebook.csv", "results.json", "junit.xml", "report.html")


def student_file(outcome: Outcome, scheme: ProtocolScheme) -> str:
    """The server file as the student knows it: its path inside their own folder."""
    return own_file(outcome.file, scheme.filename)


def student_replays(grading: ClassGrading, student: str) -> dict[str, str]:
    """File name → script, for each failure of the student that a replay can show."""
    scripts: dict[str, str] = {}
    for name, scheme in grading.schemes.items():
        outcome = grading.outcome(student, name)
        for req in scheme.requirements:
            item = outcome.item(req.id)
            if not has_replay(req, item):
                continue
            scripts[script_name(name, req.id)] = replay_script(
                item.replay,
                requirement_text=req.text,
                level=str(req.level),
                seed=grading.seed,
                server_file=student_file(outcome, scheme),
            )
    return scripts


def write_class_files(out: Path, grading: ClassGrading) -> None:
    if grading.changes is not None:
        from .changes import changes_csv

        write_atomic(out / "changes.csv", changes_csv(grading.changes))
    elif (out / "changes.csv").exists():  # an earlier grading's: it compared other verdicts
        (out / "changes.csv").unlink()
    write_atomic(out / "gradebook.csv", gradebook_csv(grading))
    write_atomic(out / "results.json", results_text(grading))
    write_atomic(out / "junit.xml", junit_xml(grading))
    write_atomic(out / "report.html", html_report(grading))
    if grading.lms is not None and grading.complete:
        for name, text in lms_files(grading, grading.lms).items():
            write_atomic(out / name, text)
    else:  # an earlier grading's, or a partial one: never left to be imported
        for name in [*(f"{system}-import.csv" for system in SYSTEMS), UNMATCHED_FILE]:
            if (out / name).exists():
                (out / name).unlink()


def remove_student_files(out: Path, name: str) -> None:
    """The feedback and replays written under ``name`` (a submission graded on its own, for
    best-of, once the student's own files replace them)."""
    for suffix in (".md", ".html"):
        path = out / "feedback" / f"{name}{suffix}"
        if path.is_file():
            path.unlink()
    shutil.rmtree(out / "replays" / name, ignore_errors=True)
    for folder in (out / "feedback" / name).parent, (out / "replays" / name).parent:
        while folder not in (out / "feedback", out / "replays") and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def write_student_files(out: Path, grading: ClassGrading, student: str) -> None:
    replay_folder = f"replays/{student}"
    write_atomic(out / "feedback" / f"{student}.md", feedback_markdown(grading, student, replay_folder))
    write_atomic(out / "feedback" / f"{student}.html", feedback_html(grading, student, replay_folder))
    replace_folder_files(out / "replays" / student, student_replays(grading, student))


def write_outputs(out: Path, grading: ClassGrading, students: list[str] | None = None) -> None:
    """Rewrite the class files, and the feedback and replays of ``students`` (all: None)."""
    out.mkdir(parents=True, exist_ok=True)
    for student in grading.students if students is None else students:
        write_student_files(out, grading, student)
    write_class_files(out, grading)
