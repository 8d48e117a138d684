"""Points, as pure functions of the scheme and the check results.

Partial credit is per requirement: a requirement that holds earns its points, one that
fails, was not shown (V-WITNESS) or errors earns none — or, for a failure that showed only in some replays of its
sequence (a race), the configured share of them — and a protocol's points are the sum. A requirement the suite
has no check for is worth nothing to anyone; a hidden one counts in the total unless the
configuration says it does not. A requirement that wirecheck itself could not check (an
``error`` whose fault is wirecheck's, after a retry) is ungraded: it costs the student
nothing — it earns its points — and is flagged to the instructor."""

from __future__ import annotations

from ..core.results import RequirementResult
from .model import ClassGrading, Outcome, ProtocolScheme, RequirementScheme


def ungraded(item: RequirementResult | None) -> bool:
    """Whether wirecheck itself failed to check this requirement (never the student's fault)."""
    return item is not None and item.verdict == "error" and item.fault == "wirecheck"


def ungraded_ids(scheme: ProtocolScheme, outcome: Outcome) -> list[str]:
    """The requirements of one student × protocol that wirecheck could not check."""
    return [r.id for r in scheme.requirements if r.checked and ungraded(outcome.item(r.id))]


def requirement_points(req: RequirementScheme, item: RequirementResult | None) -> float:
    """What ``item`` earns for ``req`` (whether or not it counts in the total)."""
    if item is None or not req.checked:
        return 0.0
    if item.verdict == "pass" or ungraded(item):
        return req.points
    if item.verdict == "fail" and item.detail.startswith("intermittent"):
        return req.points * req.intermittent_credit
    return 0.0


def address_costs(scheme: ProtocolScheme, outcome: Outcome) -> bool:
    """Whether C-ADDR takes this protocol's points: the configuration asks that the server
    listen where the course's client finds it, and it did not."""
    return scheme.address_must_match and outcome.result is not None and bool(outcome.result.address)


def protocol_points(scheme: ProtocolScheme, outcome: Outcome) -> float | None:
    """The points that count, for one student × protocol; None while pending."""
    if not outcome.finished:
        return None
    if address_costs(scheme, outcome):
        return 0.0
    return sum(requirement_points(r, outcome.item(r.id)) for r in scheme.requirements if r.counted)


def student_points(grading: ClassGrading, student: str) -> float:
    """The student's total so far (pending protocols count nothing yet)."""
    total = 0.0
    for name, scheme in grading.schemes.items():
        points = protocol_points(scheme, grading.outcome(student, name))
        total += points or 0.0
    return total


def final_points(grading: ClassGrading, student: str) -> float:
    """What counts for the student: their points after the configuration's policies (a late
    penalty, the best of several submissions, a regrade that never lowers), or their points
    when no policy applied."""
    applied = grading.policies.get(student)
    return applied.final if applied is not None else student_points(grading, student)


def max_points(grading: ClassGrading) -> float:
    return sum(s.max_points for s in grading.schemes.values())


def student_done(grading: ClassGrading, student: str) -> bool:
    return all(grading.outcome(student, name).finished for name in grading.schemes)


def show_points(value: float | None) -> str:
    """2.0 → "2", 1.5 → "1.5", None → "" (pending)."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
