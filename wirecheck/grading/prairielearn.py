"""PrairieLearn's ``results.json`` for one submission (``wirecheck prairielearn``), as its
external grading documents it: ``gradable``, ``score`` from 0 to 1, ``message``,
``output``, and ``tests`` — one per requirement the student may see, with ``name``,
``description``, ``points``, ``max_points``, ``message``, ``output`` and, for a failure,
its sequence diagram as an image (``{"label": ..., "url": "data:image/svg+xml;base64,..."}``).

A submission PrairieLearn must not count is ``gradable: false`` (no points given or taken,
no attempt used): a fault of wirecheck itself (``error: wirecheck``), a grading that ran out
of its time, and the file written before the first check, which says the grading has not
finished. A server that does not start is the student's: gradable, 0 points, with the cause.
The file stays under PrairieLearn's 1 MB: diagrams are left out, the last first, and the
outputs shortened until it fits, and the message says so."""

from __future__ import annotations

import base64
import json
from typing import Any

from ..render import pages
from .feedback import did_not_start_markdown, requirement_details
from .model import ClassGrading
from .scoring import max_points, requirement_points, show_points, student_points, ungraded
from .text import NOT_STARTED, own_file, unstarted, verdict_word

LIMIT = 1_000_000  # bytes: PrairieLearn's limit on results.json
ROOM = 50_000  # kept free under it
RUNNING, DONE, OUT_OF_TIME = "running", "done", "out of time"


def _svg_image(item, label: str) -> dict[str, str] | None:
    svg = pages.diagram_of(item, standalone=True)
    if not svg:
        return None
    return {"label": label, "url": "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")}


def _message(item) -> str:
    if item is None:
        return "not checked: the grading did not reach it"
    word = verdict_word(item)
    if item.verdict == "pass":
        return word
    if unstarted([item]):
        return f"{word}: your server did not start (see the output above)"
    first = (item.detail or "").strip().splitlines()[0] if (item.detail or "").strip() else ""
    return f"{word}: {first[:300]}" if first else word


def prairielearn_results(grading: ClassGrading, student: str, state: str = DONE, timeout: float | None = None) -> dict[str, Any]:
    """The results of one submission; ``state`` is RUNNING (written before the first check),
    DONE, or OUT_OF_TIME (the grading was stopped before PrairieLearn's timeout)."""
    tests: list[dict[str, Any]] = []
    faults: list[str] = []
    hidden = 0
    summary = []
    for name, scheme in grading.schemes.items():
        outcome = grading.outcome(student, name)
        told = did_not_start_markdown(grading, scheme, outcome)
        if told:
            summary += [f"## {name} — {own_file(outcome.file, scheme.filename)}", "", *told, ""]
        for req in (r for r in scheme.requirements if r.checked):
            item = outcome.item(req.id)
            if ungraded(item):
                faults.append(f"{name}: {req.id}")
            if not req.visible:
                hidden += 1
                continue
            if not outcome.finished:
                continue
            if item is not None and item.verdict == "pass":
                output = ""
            elif unstarted([item]):
                output = NOT_STARTED
            else:
                output = requirement_details(grading, scheme, req, outcome, heading="###")
            test: dict[str, Any] = {
                "name": f"{name}: {req.id} ({req.level})",
                "description": req.text,
                "points": requirement_points(req, item) if req.counted else 0.0,
                "max_points": req.max_points,
                "message": _message(item),
                "output": output,
            }
            image = _svg_image(item, f"{req.id}: the shortest client sequence that shows it") if item is not None else None
            if image is not None:
                test["images"] = [image]
            tests.append(test)
    top = max_points(grading)
    points = student_points(grading, student)
    head = f"wirecheck graded {', '.join(grading.schemes)} with seed {grading.seed}"
    if grading.settings.get("interpreter"):
        head += f"; your server ran under {grading.settings['interpreter']}"
    results: dict[str, Any]
    if state == RUNNING:
        why = "the grading has not finished (if this stays, the grader was stopped before it could finish)"
        results = {"gradable": False, "message": f"Not graded: {why}. This costs you no attempt.", "format_errors": [why]}
    elif state == OUT_OF_TIME:
        limit = f" ({timeout:g} s)" if timeout else ""
        why = f"the grader ran out of time{limit} before every check of your server had finished"
        results = {
            "gradable": False,
            "message": f"Not graded: {why}. This costs you no attempt; submit again, and tell your instructor if it happens again.",
            "format_errors": [why],
        }
    elif faults:
        why = f"wirecheck itself could not check {', '.join(faults)} (it is not your server's fault)"
        results = {
            "gradable": False,
            "message": f"Not graded: {why}. This costs you no attempt; your instructor can see what happened.",
            "format_errors": [why],
        }
    else:
        results = {
            "gradable": True,
            "score": round(min(1.0, max(0.0, points / top)) if top else 0.0, 6),
            "message": f"{show_points(points)} of {show_points(top)} points.",
        }
        if hidden:
            results["message"] += f" {hidden} more requirement(s) are graded but not shown."
    results["output"] = "\n".join([head + ".", "", *summary]).rstrip() + "\n"
    results["tests"] = tests
    return _fit(results)


def _fit(results: dict[str, Any]) -> dict[str, Any]:
    """Under PrairieLearn's limit: long outputs shortened, then diagrams left out from the
    last, then the outputs shortened further."""

    def size() -> int:
        return len(json.dumps(results, ensure_ascii=False).encode("utf-8"))

    def shorten(cut: int) -> None:
        for test in results["tests"]:
            if len(test["output"]) > cut:
                test["output"] = test["output"][:cut] + "\n… (shortened to fit PrairieLearn's 1 MB)"
        if len(results["output"]) > 4 * cut:
            results["output"] = results["output"][: 4 * cut] + "\n… (shortened to fit PrairieLearn's 1 MB)"

    if size() <= LIMIT - ROOM:
        return results
    shorten(20_000)
    dropped = 0
    for test in reversed(results["tests"]):
        if size() <= LIMIT - ROOM:
            break
        if "images" in test:
            del test["images"]
            dropped += 1
    cut = 10_000
    while size() > LIMIT - ROOM and cut >= 250:
        shorten(cut)
        cut //= 2
    results["message"] += f" ({dropped} diagram(s) and some output left out to fit PrairieLearn's 1 MB.)"
    return results


def prairielearn_text(grading: ClassGrading, student: str, state: str = DONE, timeout: float | None = None) -> str:
    return json.dumps(prairielearn_results(grading, student, state, timeout), indent=2, ensure_ascii=False) + "\n"


def not_gradable_text(why: str) -> str:
    """A results.json for a grading that could not begin (the configuration is wrong): the
    student is not charged for the instructor's mistake."""
    return json.dumps(
        {"gradable": False, "message": f"Not graded: {why}. This costs you no attempt.", "format_errors": [why], "output": why + "\n"},
        indent=2,
        ensure_ascii=False,
    ) + "\n"
