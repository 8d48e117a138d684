"""Gradescope's results.json for one submission: the score, and a test per requirement
with its points, status, output (the same words as the feedback) and visibility.

Written after every check, and once before the first: Gradescope scores a run that ends
without results.json as 0, so an autograder that runs out of time still reports what it
has graded (a requirement not reached says so and scores 0)."""

from __future__ import annotations

import json
from typing import Any

from .feedback import did_not_start_markdown, requirement_details
from .model import ClassGrading
from .text import NOT_STARTED, own_file, unstarted
from .scoring import max_points, requirement_points, show_points, student_points

GRADESCOPE_VISIBILITY = {"visible": "visible", "hidden": "hidden", "after_published": "after_published", "after_due_date": "after_due_date"}


def gradescope_results(grading: ClassGrading, student: str, execution_time: float = 0.0) -> dict[str, Any]:
    tests: list[dict[str, Any]] = []
    for p_index, (name, scheme) in enumerate(grading.schemes.items(), 1):
        outcome = grading.outcome(student, name)
        for r_index, req in enumerate((r for r in scheme.requirements if r.checked), 1):
            item = outcome.item(req.id)
            # "not shown" is failed; wirecheck's own fault costs nothing and says so.
            passed = item is not None and item.verdict == "pass"
            if passed:
                output = f"{req.id} ({req.level}): {req.text}"
            elif unstarted([item]):
                output = f"{req.id} ({req.level}): {NOT_STARTED}"  # told once, in the run's output
            else:
                output = requirement_details(grading, scheme, req, outcome, heading="####")
            tests.append(
                {
                    "name": f"{name}: {req.id} ({req.level})",
                    "number": f"{p_index}.{r_index}",
                    "score": requirement_points(req, item) if req.counted else 0.0,
                    "max_score": req.max_points,
                    "status": "passed" if passed else "failed",
                    "output": output,
                    "output_format": "md",
                    "visibility": GRADESCOPE_VISIBILITY[req.visibility],
                    "tags": [name, str(req.level)],
                }
            )
    done = all(o.finished for (s, _), o in grading.outcomes.items() if s == student)
    summary = (
        f"wirecheck graded {len(grading.schemes)} protocol(s) with seed {grading.seed}: "
        f"{show_points(student_points(grading, student))} of {show_points(max_points(grading))} points."
    )
    if not done:
        summary += " The grading did not finish: requirements not reached score 0."
    for name, scheme in grading.schemes.items():
        outcome = grading.outcome(student, name)
        told = did_not_start_markdown(grading, scheme, outcome)
        if told:
            summary += f"\n\n## {name} — `{own_file(outcome.file, scheme.filename)}`\n\n" + "\n".join(told)
    return {
        "score": student_points(grading, student),
        "execution_time": round(execution_time, 1),
        "output": summary,
        "output_format": "md",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def gradescope_text(grading: ClassGrading, student: str, execution_time: float = 0.0) -> str:
    return json.dumps(gradescope_results(grading, student, execution_time), indent=2, ensure_ascii=False) + "\n"
