"""gradebook.csv: one row per student — a column of points per protocol, the total and
the maximum — for a spreadsheet or an LMS import. The seed is a column too, so the file
says by itself how to regrade it. A protocol not graded yet is an empty cell. When wirecheck
itself could not check a requirement (ungraded: it cost the student nothing), a last column,
``ungraded``, names it for the instructor (`clock: CLOCK-3`); without such faults the file
has no such column.

When the configuration has policies (a late penalty, the best of several submissions, a
regrade that never lowers), ``final`` follows ``total``: what counts after them, and a
``policies`` column says in short what each did (`late: 2 days late; never lower: kept the
earlier score`). ``total`` stays the points the checks earned."""

from __future__ import annotations

import csv
import io

from .model import ClassGrading
from .scoring import final_points, max_points, protocol_points, show_points, student_points, ungraded_ids


def gradebook_csv(grading: ClassGrading) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    flags = {student: _ungraded(grading, student) for student in grading.students}
    flagged = any(flags.values())
    policies = bool(grading.policies)
    writer.writerow(
        ["student", *grading.protocols, "total"] + (["final"] if policies else []) + ["max", "seed"]
        + (["policies"] if policies else []) + (["ungraded"] if flagged else [])
    )
    top = show_points(max_points(grading))
    for student in grading.students:
        cells = [
            show_points(protocol_points(scheme, grading.outcome(student, name)))
            for name, scheme in grading.schemes.items()
        ]
        final = [show_points(final_points(grading, student))] if policies else []
        row = [student, *cells, show_points(student_points(grading, student)), *final, top, grading.seed]
        if policies:
            applied = grading.policies.get(student)
            row.append("; ".join(f"{p.name}: {p.state}" for p in applied.applied) if applied else "")
        writer.writerow(row + ([flags[student]] if flagged else []))
    return out.getvalue()


def _ungraded(grading: ClassGrading, student: str) -> str:
    parts = []
    for name, scheme in grading.schemes.items():
        ids = ungraded_ids(scheme, grading.outcome(student, name))
        if ids:
            parts.append(f"{name}: {' '.join(ids)}")
    return "; ".join(parts)
