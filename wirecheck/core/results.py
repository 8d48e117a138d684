"""Verdicts as plain data: what the runner returns and every reporter reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from protocols import Level, Protocol

VERDICTS = ("pass", "fail", "not shown", "error", "skip")
# "not shown" (V-WITNESS): the run never showed what the requirement asks for (a `right`, a
# pair formed, any answer at all), so it could not be checked. It counts as not holding.
NOT_HOLDING = ("fail", "not shown", "error")
# Whose fault an "error" is: the server's (it did not start, broke a limit) or wirecheck's
# own (a fault that persisted after one retry: ungraded, never charged to the student).
FAULTS = ("server", "wirecheck")


@dataclass(frozen=True)
class RequirementResult:
    id: str
    level: Level
    verdict: str
    detail: str = ""
    counterexample: str | None = None
    server_output: str = ""  # shown with failures; not part of the JSON shape
    seconds: float = 0.0
    # A failure's client sequence as data (wirecheck.drive.replay), for replay scripts; not part
    # of the JSON shape either.
    replay: dict | None = field(default=None, compare=False, repr=False)
    fault: str | None = None  # for an "error": "server" or "wirecheck" (see FAULTS)

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"{self.id}: unknown verdict {self.verdict!r}")
        if self.verdict == "error" and self.fault is None:
            object.__setattr__(self, "fault", "server")
        if self.fault is not None and self.fault not in FAULTS:
            raise ValueError(f"{self.id}: unknown fault {self.fault!r}")

    @property
    def blocking(self) -> bool:
        """A MUST that failed, was not shown or errored: the run does not pass."""
        return self.level == Level.MUST and self.verdict in NOT_HOLDING

    @property
    def holds(self) -> bool:
        return self.verdict == "pass"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "level": str(self.level),
            "verdict": self.verdict,
            "detail": self.detail,
            "counterexample": self.counterexample,
            **({"fault": self.fault} if self.verdict == "error" else {}),
        }


@dataclass
class CheckResult:
    protocol: str
    target: str
    seed: int
    requirements: list[RequirementResult] = field(default_factory=list)
    seconds: float = 0.0
    interpreter: str = ""  # which Python ran the target ("Python 3.13.0 (/usr/bin/python3)"), when known
    # C-ADDR: one line, when the server listened somewhere the course's client would not
    # find it ("your server listened on port 41233 (no bind); ..."); empty otherwise.
    address: str = ""

    @property
    def passed(self) -> bool:
        return not any(r.blocking for r in self.requirements)

    def to_dict(self) -> dict:
        """Exactly the shape ``check --json`` promises other tools."""
        return {
            "protocol": self.protocol,
            "target": self.target,
            "passed": self.passed,
            "seed": self.seed,
            "requirements": [r.to_dict() for r in self.requirements],
            **({"interpreter": self.interpreter} if self.interpreter else {}),
            **({"address": self.address} if self.address else {}),
        }

    @classmethod
    def all_errors(
        cls, protocol: Protocol, target: str, seed: int, detail: str, output: str = "", fault: str = "server"
    ) -> "CheckResult":
        return cls(
            protocol.name,
            target,
            seed,
            [RequirementResult(r.id, r.level, "error", detail, None, output, fault=fault) for r in protocol.requirements],
        )
