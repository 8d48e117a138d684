"""What changed since an earlier grading of the class (``grade --compare OLD_OUT``): which
students' points changed, on which requirements, from what verdict to what, and why — the
server file changed, the requirement's points changed in the configuration, or neither (the
same file got another verdict: another seed, another wirecheck, or a race). Pure: two
ClassGradings in, rows and text out; ``changes.csv`` and a section of ``report.html`` are
written from them.

The course's policies (a late penalty, the best of several submissions, a regrade that never
lowers) are rows too, requirement ``(policy)`` and the policy's name: their points are what
the policy added or took away in each grading, so the points of a student's rows add up to
the change of what counts for them (``final_points``). Without an earlier grading, the
policy rows alone are written."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from html import escape

from .model import MISSING, PENDING, AppliedPolicy, ClassGrading, Outcome, ProtocolScheme, RequirementScheme
from .policies import BEST_OF
from .scoring import final_points, protocol_points, requirement_points, show_points

WHOLE = "(all)"  # the requirement column of a row about a whole protocol (a file added or gone)
POLICY = "(policy)"  # the protocol column of a row about a policy
CSV_COLUMNS = ("student", "protocol", "requirement", "old_verdict", "new_verdict", "old_points", "new_points",
               "file_changed", "why")


@dataclass(frozen=True)
class Change:
    student: str
    protocol: str
    requirement: str  # an ID, or WHOLE
    old_verdict: str
    new_verdict: str
    old_points: float | None  # None: a policy that chooses, not changes, a score (best of)
    new_points: float | None
    file_changed: bool | None  # None: unknown (the old grading kept no digest) or no file on a side
    why: str


@dataclass
class Comparison:
    old_seed: int
    new_seed: int
    old_version: str | None
    new_version: str | None
    changes: list[Change] = field(default_factory=list)
    totals: dict[str, tuple[float, float]] = field(default_factory=dict)  # student -> (old, new)
    files_changed: list[tuple[str, str]] = field(default_factory=list)  # (student, protocol)
    points_changed: list[tuple[str, str, float, float]] = field(default_factory=list)  # (protocol, id, old, new)
    policies: list[Change] = field(default_factory=list)  # a row per policy that applied to a student
    earlier: bool = True  # False: no earlier grading, the policy rows alone

    @property
    def students_changed(self) -> list[str]:
        return [s for s, (old, new) in self.totals.items() if old != new]

    @property
    def policies_changed(self) -> list[Change]:
        return [c for c in self.policies if (c.old_verdict, c.old_points) != (c.new_verdict, c.new_points)]

    @property
    def rows(self) -> list[Change]:
        return self.changes + self.policies

    def summary(self) -> str:
        """One line: how many students' points changed, and the causes counted."""
        moved = self.students_changed
        if not self.earlier:
            students = sorted({c.student for c in self.policies})
            return f"no earlier grading: {len(self.policies)} policy rows for {len(students)} students"
        if not self.changes and not self.files_changed and not self.points_changed and not self.policies_changed:
            text = f"no change: {len(self.totals)} students, the same verdicts and points"
        else:
            text = (f"{len(moved)} of {len(self.totals)} students' points changed, "
                    f"{len(self.changes)} requirement verdicts or points changed")
            causes = []
            if self.files_changed:
                causes.append(f"{len(self.files_changed)} server files changed")
            if self.points_changed:
                causes.append(f"{len(self.points_changed)} requirements' points changed in the configuration")
            same = sum(1 for c in self.changes if c.why.startswith(SAME_FILE))
            if same:
                causes.append(f"{same} verdicts changed on an unchanged file")
            if self.policies_changed:
                causes.append(f"{len(self.policies_changed)} policy effects changed")
            if causes:
                text += " (" + ", ".join(causes) + ")"
        if self.old_seed != self.new_seed:
            text += f"; seed {self.old_seed} → {self.new_seed}"
        if self.old_version and self.new_version and self.old_version != self.new_version:
            text += f"; wirecheck {self.old_version} → {self.new_version}"
        return text


SAME_FILE = "same file, another verdict"


def verdict_text(outcome: Outcome | None, item) -> str:
    """A cell as an instructor reads it: ``pass``, ``fail``, ``fail (intermittent)``,
    ``error: server``, ``not shown``, ``missing`` (no file), ``absent`` (not graded)."""
    if outcome is None:
        return "absent"
    if outcome.state == MISSING:
        return "missing"
    if outcome.state == PENDING or item is None:
        return "pending"
    verdict = item.verdict
    if verdict == "fail" and item.detail.startswith("intermittent"):
        return "fail (intermittent)"
    if verdict == "error":
        return f"error: {getattr(item, 'fault', None) or 'server'}"
    return verdict


def _file_changed(old: Outcome | None, new: Outcome | None) -> bool | None:
    if old is None or new is None or old.state == MISSING or new.state == MISSING:
        return None
    if not old.digest or not new.digest:
        return None
    return old.digest != new.digest


def _state(outcome: Outcome | None) -> str:
    if outcome is None:
        return "absent"
    if outcome.state == MISSING:
        return "missing"
    return "pending" if outcome.result is None else "graded"


def _outcome(grading: ClassGrading, student: str, protocol: str) -> Outcome | None:
    return grading.outcomes.get((student, protocol))


def _points(scheme: ProtocolScheme | None, outcome: Outcome | None) -> float:
    if scheme is None or outcome is None:
        return 0.0
    return protocol_points(scheme, outcome) or 0.0


def _req_points(req: RequirementScheme | None, outcome: Outcome | None) -> float:
    if req is None or outcome is None or not req.counted:
        return 0.0
    return requirement_points(req, outcome.item(req.id))


def compare(old: ClassGrading, new: ClassGrading, old_version: str | None = None, new_version: str | None = None) -> Comparison:
    result = Comparison(old.seed, new.seed, old_version, new_version)
    protocols = list(dict.fromkeys([*new.schemes, *old.schemes]))
    for protocol in protocols:
        old_scheme, new_scheme = old.schemes.get(protocol), new.schemes.get(protocol)
        if old_scheme is None or new_scheme is None:
            continue
        old_reqs = {r.id: r for r in old_scheme.requirements}
        for req in new_scheme.requirements:
            before = old_reqs.get(req.id)
            if before is not None and before.max_points != req.max_points:
                result.points_changed.append((protocol, req.id, before.max_points, req.max_points))
    repointed = {(p, r): (a, b) for p, r, a, b in result.points_changed}
    students = list(dict.fromkeys([*new.students, *old.students]))
    for student in students:
        in_old, in_new = student in old.students, student in new.students
        result.totals[student] = (final_points(old, student) if in_old else 0.0,
                                  final_points(new, student) if in_new else 0.0)
        result.policies += _policy_rows(student, old.policies.get(student) if in_old else None,
                                        new.policies.get(student) if in_new else None)
        for protocol in protocols:
            old_scheme, new_scheme = old.schemes.get(protocol), new.schemes.get(protocol)
            before = _outcome(old, student, protocol) if in_old and old_scheme else None
            after = _outcome(new, student, protocol) if in_new and new_scheme else None
            changed = _file_changed(before, after)
            if changed:
                result.files_changed.append((student, protocol))
            whole = (before is None or after is None or before.state == MISSING or after.state == MISSING
                     or before.result is None or after.result is None)
            if whole:
                old_v, new_v = _state(before), _state(after)
                if old_v == new_v and old_v != "graded":
                    continue
                old_p, new_p = _points(old_scheme, before), _points(new_scheme, after)
                if old_v == new_v and old_p == new_p:
                    continue
                why = {"absent": "not graded", "missing": "file missing", "graded": "graded", "pending": "not checked yet"}
                result.changes.append(Change(student, protocol, WHOLE, old_v, new_v, old_p, new_p, None,
                                             f"{why[old_v]} → {why[new_v]}"))
                continue
            ids = list(dict.fromkeys([*(r.id for r in new_scheme.requirements), *(r.id for r in old_scheme.requirements)]))
            old_reqs = {r.id: r for r in old_scheme.requirements}
            new_reqs = {r.id: r for r in new_scheme.requirements}
            for req_id in ids:
                old_item, new_item = before.item(req_id), after.item(req_id)
                old_v, new_v = verdict_text(before, old_item), verdict_text(after, new_item)
                old_p = _req_points(old_reqs.get(req_id), before)
                new_p = _req_points(new_reqs.get(req_id), after)
                if old_v == new_v and old_p == new_p:
                    continue
                reasons = []
                if changed and before.file and after.file and before.file != after.file:
                    reasons.append(f"another file counts ({before.file} → {after.file})")  # best of: another submission
                elif changed:
                    reasons.append("the server file changed")
                if (protocol, req_id) in repointed:
                    a, b = repointed[(protocol, req_id)]
                    reasons.append(f"its points changed in the configuration ({show_points(a)} → {show_points(b)})")
                if old_v != new_v and not changed:
                    cause = "a race, or a changed check" if old.seed == new.seed else "another seed"
                    if changed is None:
                        cause = "the old grading kept no file digest"
                    reasons.append(f"{SAME_FILE} ({cause})" if changed is False else f"another verdict ({cause})")
                if not reasons:
                    reasons.append("its scoring changed in the configuration")
                result.changes.append(Change(student, protocol, req_id, old_v, new_v, old_p, new_p, changed,
                                             "; ".join(reasons)))
    return result


def _policy_rows(student: str, old, new) -> list[Change]:
    """A row per policy that did something for the student in either grading: chose a
    submission among several, or added or took away points."""
    old_applied = {p.name: p for p in old.applied} if old is not None else {}
    new_applied = {p.name: p for p in new.applied} if new is not None else {}
    rows = []
    for name in dict.fromkeys([*new_applied, *old_applied]):
        before, after = old_applied.get(name), new_applied.get(name)
        if not (_acted(before) or _acted(after)):
            continue
        if name == BEST_OF:
            old_p = new_p = None
        else:
            old_p = before.effect if before is not None else 0.0
            new_p = after.effect if after is not None else 0.0
        why = after.detail if after is not None else f"no longer applies (it was: {before.detail})"
        rows.append(Change(student, POLICY, name, before.state if before else "", after.state if after else "",
                           old_p, new_p, None, why))
    return rows


def _acted(policy: AppliedPolicy | None) -> bool:
    if policy is None:
        return False
    if policy.name == BEST_OF:
        return not policy.detail.startswith("one submission")
    return policy.effect != 0


def policy_rows(grading: ClassGrading, version: str | None = None) -> Comparison:
    """The policy rows of a grading that has no earlier one to compare with."""
    result = Comparison(grading.seed, grading.seed, None, version, earlier=False)
    for student in grading.students:
        result.totals[student] = (final_points(grading, student), final_points(grading, student))
        result.policies += _policy_rows(student, None, grading.policies.get(student))
    return result


def changes_csv(comparison: Comparison) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in comparison.rows:
        changed = "" if c.file_changed is None else ("yes" if c.file_changed else "no")
        writer.writerow([c.student, c.protocol, c.requirement, c.old_verdict, c.new_verdict,
                         show_points(c.old_points), show_points(c.new_points), changed, c.why])
    return out.getvalue()


def changes_html(comparison: Comparison) -> str:
    """The "Changes since the last grading" section of report.html."""
    title = "Changes since the last grading" if comparison.earlier else "Policies applied"
    parts = [f'<h2 id="changes">{title}</h2>', f'<p class="meta">{escape(comparison.summary())}</p>']
    if comparison.rows:
        rows = ["<tr><th>student</th><th>points</th><th>protocol</th><th>requirement</th><th>verdict</th>"
                "<th>points</th><th>why</th></tr>"]
        for c in comparison.rows:
            old_total, new_total = comparison.totals.get(c.student, (0.0, 0.0))
            rows.append(
                f'<tr class="change" data-student="{escape(c.student, quote=True)}"><th>{escape(c.student)}</th>'
                f"<td>{show_points(old_total)} → {show_points(new_total)}</td><td>{escape(c.protocol)}</td>"
                f"<td>{escape(c.requirement)}</td><td>{escape(c.old_verdict)} → {escape(c.new_verdict)}</td>"
                f"<td>{show_points(c.old_points)} → {show_points(c.new_points)}</td><td>{escape(c.why)}</td></tr>"
            )
        parts.append('<table class="changes">' + "\n".join(rows) + "</table>")
    return "\n".join(parts)

