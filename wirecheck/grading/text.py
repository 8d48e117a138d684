"""Reading a result for people: a counterexample split into its steps, what was expected
and what came; the end of a server's output."""

from __future__ import annotations

from dataclasses import dataclass

from ..report import STEP_SEPARATOR
from ..results import RequirementResult


@dataclass(frozen=True)
class Counterexample:
    steps: tuple[str, ...]
    expected: str
    got: str


def split_counterexample(text: str | None) -> Counterexample | None:
    """``step · step · expected: … · got: … — ID`` as its parts."""
    if not text:
        return None
    body, sep, _requirement = text.rpartition(" — ")
    if not sep:
        body = text
    steps: list[str] = []
    expected = got = ""
    for part in body.split(STEP_SEPARATOR):
        if part.startswith("expected: ") and not got:
            expected = part[len("expected: ") :]
        elif part.startswith("got: "):
            got = part[len("got: ") :]
        elif got:  # a "got" that itself contained the separator
            got += STEP_SEPARATOR + part
        elif part:
            steps.append(part)
    return Counterexample(tuple(steps), expected, got)


def output_tail(text: str, lines: int = 20) -> str:
    kept = [line for line in text.rstrip().splitlines() if line.strip()]
    return "\n".join(kept[-lines:])


def verdict_word(item: RequirementResult | None, pending: bool = False) -> str:
    if item is None:
        return "pending" if pending else "not graded"
    if item.verdict == "error" and item.fault == "wirecheck":
        return "ERROR: WIRECHECK (ungraded)"
    return {"pass": "PASS", "fail": "FAIL", "not shown": "NOT SHOWN", "error": "ERROR", "skip": "SKIP"}.get(item.verdict, str(item.verdict).upper())
