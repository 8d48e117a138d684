"""Reading a result for people: a counterexample split into its steps, what was expected
and what came; the end of a server's output; a server that did not start, told once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..render.report import DID_NOT_START, STEP_SEPARATOR, did_not_start
from ..core.results import RequirementResult

# What each requirement of a server that did not start says, once the start failure has
# been told (with its cause and traceback) above it.
NOT_STARTED = "not checked: your server did not start (see above)"


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


def own_file(display: str | None, fallback: str) -> str:
    """The server file as its student knows it: its path inside their own folder (``display``
    is relative to the folder of every submission, the student's folder first)."""
    if not display:
        return fallback
    parts = PurePosixPath(display).parts
    return str(PurePosixPath(*parts[1:])) if len(parts) > 1 else parts[0]


def own_paths(output: str, file: str) -> str:
    """``output`` with the grader's folder of the submission left out of its paths: a
    traceback's ``File "/…/alice/clockserver.py"`` reads ``File "clockserver.py"``, as on
    the student's own machine."""
    for match in re.finditer(r'File "([^"]+)"', output):
        path = match.group(1)
        if path != file and path.endswith("/" + file):
            return output.replace(path[: -len(file)], "")
    return output


def start_cause(item: RequirementResult) -> str:
    """Why the server did not start, in a student's words (or how the harness saw it end)."""
    return item.detail[len(DID_NOT_START) :].lstrip(": ").strip()


def unstarted(items: list[RequirementResult | None]) -> list[RequirementResult]:
    return [item for item in items if item is not None and did_not_start(item)]
