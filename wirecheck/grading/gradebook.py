"""gradebook.csv: one row per student — a column of points per protocol, the total and
the maximum — for a spreadsheet or an LMS import. The seed is a column too, so the file
says by itself how to regrade it. A protocol not graded yet is an empty cell."""

from __future__ import annotations

import csv
import io

from .model import ClassGrading
from .scoring import max_points, protocol_points, show_points, student_points


def gradebook_csv(grading: ClassGrading) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *grading.protocols, "total", "max", "seed"])
    top = show_points(max_points(grading))
    for student in grading.students:
        cells = [
            show_points(protocol_points(scheme, grading.outcome(student, name)))
            for name, scheme in grading.schemes.items()
        ]
        writer.writerow([student, *cells, show_points(student_points(grading, student)), top, grading.seed])
    return out.getvalue()
