"""The course's policies, applied once every check has ended: the best of several
submissions per student, a late penalty from each submission's time, and a regrade that
never lowers a score. Pure: a grading in (each submission graded as if it were a student of
its own), the submission times and the earlier grading given, a grading out with one entry
per student and, per student, each policy's part in their score (``ClassGrading.policies``).

The order is fixed: each submission's late penalty, then the best submission (after its
penalty), then the earlier grading's score when it was higher. A score is kept to two
decimals, as every output shows it."""

from __future__ import annotations

import dataclasses
import math

from .config import GradingConfig, LatePolicy, utc_text
from .model import AppliedPolicy, Attempt, ClassGrading, StudentPolicies
from .scoring import final_points, show_points, student_done, student_points
from .times import SubmittedAt

BEST_OF, LATE, NEVER_LOWER = "best of", "late", "never lower"
DAY = 86400.0


def single_attempts(students: list[str]) -> dict[str, Attempt]:
    return {s: Attempt(s, s, None) for s in students}


def _points(value: float) -> float:
    return round(value + 0.0, 2)


def _share(value: float) -> str:
    return f"{round(value * 100, 4):g}%"


def late_penalty(policy: LatePolicy, raw: float, submitted: SubmittedAt | None) -> AppliedPolicy:
    """The late policy for one submission that earned ``raw`` points."""
    due = utc_text(policy.due)
    if submitted is None or submitted.time is None:
        why = submitted.source if submitted is not None else "no time given"
        return AppliedPolicy(LATE, "time unknown", f"no submission time ({why}): no late penalty", raw, raw)
    when = f"submitted {utc_text(submitted.time)} ({submitted.source})"
    late_by = (submitted.time - policy.due).total_seconds()
    if late_by <= 0:
        return AppliedPolicy(LATE, "on time", f"{when}, by the due time {due}", raw, raw)
    days = math.ceil(late_by / DAY)
    share = round(min(policy.cap, policy.per_day * days), 6)
    after = _points(raw * (1 - share))
    capped = " (the most a submission loses)" if share >= policy.cap and policy.per_day * days > policy.cap else ""
    unit = "day" if days == 1 else "days"
    return AppliedPolicy(
        LATE,
        f"{days} {unit} late",
        f"{when}, {days} {unit} after the due time {due}: {_share(share)} of the points earned taken off{capped} "
        f"({show_points(raw)} → {show_points(after)})",
        raw,
        after,
    )


def apply_policies(
    grading: ClassGrading,
    config: GradingConfig,
    attempts: dict[str, Attempt] | None = None,
    times: dict[str, SubmittedAt] | None = None,
    earlier: ClassGrading | None = None,
) -> ClassGrading:
    """One entry per student, with the policies of ``config`` applied. ``attempts`` maps
    each of the grading's names to its student and submission (default: one each);
    ``times``: each name's submission time (for a late policy); ``earlier``: the last
    grading of the class (for ``regrade = "never-lower"``)."""
    attempts = attempts or single_attempts(grading.students)
    times = times or {}
    by_student: dict[str, list[Attempt]] = {}
    for key in grading.students:
        attempt = attempts.get(key) or Attempt(key, key, None)
        by_student.setdefault(attempt.student, []).append(attempt)
    result = ClassGrading(
        seed=grading.seed,
        schemes=grading.schemes,
        students=list(by_student),
        settings=grading.settings,
        complete=grading.complete,
        interrupted=grading.interrupted,
        lms=grading.lms,
    )
    for student, tries in by_student.items():
        scored = []
        for attempt in tries:
            raw = _points(student_points(grading, attempt.key))
            late = late_penalty(config.late, raw, times.get(attempt.key)) if config.late is not None else None
            scored.append((attempt, raw, late, late.after if late is not None else raw))
        applied: list[AppliedPolicy] = []
        chosen = scored[-1]  # the last submission (in name order) counts unless a policy says otherwise
        if config.best_of:
            chosen = max(reversed(scored), key=lambda s: s[3])  # a tie goes to the later submission
            applied.append(_best_of(scored, chosen, config.late is not None))
        attempt, raw, late, score = chosen
        for protocol in grading.schemes:
            outcome = grading.outcomes.get((attempt.key, protocol))
            if outcome is not None:
                result.outcomes[(student, protocol)] = dataclasses.replace(outcome, student=student)
        if late is not None:
            applied.append(late)
        if config.regrade == "never-lower":
            kept = _never_lower(student, score, earlier)
            applied.append(kept)
            score = kept.after if kept.after is not None else score
        if applied:
            result.policies[student] = StudentPolicies(raw, _points(score), tuple(applied))
    return result


def _best_of(scored, chosen, after_penalty: bool) -> AppliedPolicy:
    attempt = chosen[0]
    if len(scored) == 1:
        return AppliedPolicy(BEST_OF, "one submission", f"one submission: {attempt.label} counts")
    others = ", ".join(f"{a.submission}: {show_points(s)}" for a, _, _, s in scored if a is not attempt)
    penalty = " after its late penalty" if after_penalty else ""
    return AppliedPolicy(
        BEST_OF,
        attempt.label,
        f"best of {len(scored)} submissions: {attempt.label} counts, with {show_points(chosen[3])} points{penalty} "
        f"(the others: {others})",
    )


def _never_lower(student: str, score: float, earlier: ClassGrading | None) -> AppliedPolicy:
    if earlier is None or student not in earlier.students:
        return AppliedPolicy(NEVER_LOWER, "first grading", "no earlier grading of this student: this grading's score counts", score, score)
    old = _points(final_points(earlier, student))
    if not student_done(earlier, student):
        return AppliedPolicy(
            NEVER_LOWER, "earlier grading unfinished", "the earlier grading of this student did not finish: this grading's score counts", score, score
        )
    if old > score:
        return AppliedPolicy(
            NEVER_LOWER,
            "kept the earlier score",
            f"the earlier grading gave {show_points(old)} points and this one {show_points(score)}: a regrade never lowers a score, "
            f"so {show_points(old)} counts",
            score,
            old,
        )
    return AppliedPolicy(
        NEVER_LOWER, "this grading's score", f"this grading's {show_points(score)} points are not below the earlier grading's {show_points(old)}",
        score, score,
    )


def policy_summary(grading: ClassGrading) -> str:
    """One line for the command's output: how many students each policy changed."""
    counts: dict[str, int] = {}
    for applied in grading.policies.values():
        for policy in applied.applied:
            changed = policy.effect != 0 if policy.name != BEST_OF else "one submission" not in policy.detail
            if changed:
                counts[policy.name] = counts.get(policy.name, 0) + 1
    if not grading.policies:
        return ""
    words = {
        LATE: "a late penalty for {n}",
        BEST_OF: "the best of several submissions for {n}",
        NEVER_LOWER: "the earlier, higher score kept for {n}",
    }
    parts = [words[name].format(n=f"{n} student{'s' if n != 1 else ''}") for name, n in counts.items()]
    return "policies: " + ("; ".join(parts) if parts else "no score changed")
