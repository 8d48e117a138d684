"""A class's grading as plain data: what is graded (the scheme: requirements and their
points), who (submissions), and what came of each student × protocol check (outcomes).
Every writer reads only these; the scheduler only fills them in."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from protocols import Level

from ..core.results import CheckResult, RequirementResult

VISIBILITIES = ("visible", "hidden", "after_published", "after_due_date")
PENDING, GRADED, MISSING = "pending", "graded", "missing"


@dataclass(frozen=True)
class RequirementScheme:
    """One requirement as graded: its points and who sees it. ``counted``: its points are in
    the total (a hidden requirement still counts unless the configuration says not)."""

    id: str
    level: Level
    text: str
    points: float
    visibility: str = "visible"
    counted: bool = True
    checked: bool = True  # the suite has a check for it (one without is never graded)
    intermittent_credit: float = 0.0  # the share of its points a failure seen only sometimes earns

    @property
    def visible(self) -> bool:
        return self.visibility == "visible"

    @property
    def max_points(self) -> float:
        return self.points if self.counted and self.checked else 0.0


@dataclass(frozen=True)
class ProtocolScheme:
    name: str
    filename: str  # the conventional file name, as students know it
    requirements: tuple[RequirementScheme, ...]
    # C-ADDR: a server that listened where the course's client would not find it (another
    # port, no bind) earns no points for this protocol (grading key ``address_must_match``).
    address_must_match: bool = False

    @property
    def max_points(self) -> float:
        return sum(r.max_points for r in self.requirements)

    def requirement(self, req_id: str) -> RequirementScheme:
        for req in self.requirements:
            if req.id == req_id:
                return req
        raise KeyError(req_id)


@dataclass(frozen=True)
class Submission:
    """One student's folder and the server file found for each protocol (None: missing)."""

    student: str
    folder: Path
    files: dict[str, Path | None]


@dataclass(frozen=True)
class Attempt:
    """One submission of a student: ``key`` is the name the grading knows it by — the
    student's own when they have one submission, ``student/submission`` for one of several
    (``best_of``) — and ``submission`` its folder's name (None: the student's folder)."""

    key: str
    student: str
    submission: str | None
    folder: Path | None = None

    @property
    def label(self) -> str:
        return f"submission {self.submission}" if self.submission else "the submission"


@dataclass
class Outcome:
    """One student × protocol: pending until its check ends; ``missing`` when the student
    has no file for it. ``result`` is the check's own result, exactly as ``wirecheck check``
    returns it."""

    student: str
    protocol: str
    file: str | None  # the file as shown (relative to the submissions folder)
    state: str = PENDING
    result: CheckResult | None = None
    seconds: float = 0.0
    digest: str | None = None  # sha256 of the server file graded (what ``--compare`` compares)

    @property
    def finished(self) -> bool:
        return self.state != PENDING

    def item(self, req_id: str) -> RequirementResult | None:
        if self.result is None:
            return None
        for item in self.result.requirements:
            if item.id == req_id:
                return item
        return None


@dataclass(frozen=True)
class AppliedPolicy:
    """One policy of the configuration, as it applied to one student: ``state`` in a few
    words ("2 days late", "submission 2"), ``detail`` in a sentence, and the score before and
    after it. ``before``/``after`` are None for a policy that chooses rather than changes a
    score (best of several submissions)."""

    name: str  # "best of", "late", "never lower"
    state: str
    detail: str
    before: float | None = None
    after: float | None = None

    @property
    def effect(self) -> float:
        """The points it added (negative: took away)."""
        if self.before is None or self.after is None:
            return 0.0
        return self.after - self.before


@dataclass(frozen=True)
class StudentPolicies:
    """The configuration's policies for one student: the points their checks earned
    (``raw``), what counts after the policies (``final``) and each policy's part."""

    raw: float
    final: float
    applied: tuple[AppliedPolicy, ...] = ()

    def policy(self, name: str) -> AppliedPolicy | None:
        return next((p for p in self.applied if p.name == name), None)


@dataclass
class ClassGrading:
    """Everything the writers need: the scheme, the run's settings and every outcome."""

    seed: int
    schemes: dict[str, ProtocolScheme]  # in grading order
    students: list[str]
    outcomes: dict[tuple[str, str], Outcome] = field(default_factory=dict)
    settings: dict = field(default_factory=dict)  # profile, examples, time limit, config file...
    complete: bool = False
    interrupted: bool = False
    changes: object | None = None  # a changes.Comparison with an earlier grading (grade --compare)
    policies: dict[str, StudentPolicies] = field(default_factory=dict)  # student -> the policies applied (none: no policy)
    lms: object | None = None  # an lms.LmsExport (grade --lms): the roster and how the import file is written

    @property
    def protocols(self) -> list[str]:
        return list(self.schemes)

    def outcome(self, student: str, protocol: str) -> Outcome:
        return self.outcomes[(student, protocol)]

    def finished_count(self) -> int:
        return sum(1 for o in self.outcomes.values() if o.finished)
