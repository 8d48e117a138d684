"""Reporters: pure functions from results (plain data) to text. Only the CLI prints."""

from __future__ import annotations

import json
from typing import Iterable

from protocols import Protocol

from ..core.results import CheckResult, RequirementResult

_MARKS = {"pass": "PASS", "fail": "FAIL", "not shown": "NOT SHOWN", "error": "ERROR", "skip": "SKIP"}
_COLOURS = {"pass": "32", "fail": "31", "not shown": "31", "error": "35", "skip": "33"}
_WIDTH = max(len(m) for m in _MARKS.values())


def mark_of(item: RequirementResult) -> str:
    """PASS, FAIL, NOT SHOWN, ERROR (the server's) or ERROR: WIRECHECK (wirecheck's own)."""
    if item.verdict == "error" and item.fault == "wirecheck":
        return "ERROR: WIRECHECK"
    return _MARKS[item.verdict]


def verdict_text(item: RequirementResult) -> str:
    """The verdict as the reports write it: `error: wirecheck` for wirecheck's own fault."""
    if item.verdict == "error" and item.fault == "wirecheck":
        return "error: wirecheck"
    return item.verdict
STEP_SEPARATOR = " · "


def verdict_line(item: RequirementResult, colour: bool = False) -> str:
    mark = mark_of(item)
    if colour:
        mark = f"\033[{_COLOURS[item.verdict]}m{mark:<{_WIDTH}}\033[0m"
    detail = item.detail.splitlines()[0] if item.detail else ""
    return f"  {item.id:<9} {str(item.level):<6} {mark:<{_WIDTH}}  {detail}".rstrip()


def counterexample_lines(counterexample: str) -> list[str]:
    """A counterexample as numbered steps, then what was expected and what came."""
    body, _, requirement = counterexample.rpartition(" — ")
    lines = []
    number = 0
    for part in body.split(STEP_SEPARATOR):
        if part.startswith(("expected: ", "got: ")):
            lines.append(f"     {part}")
        elif part:
            number += 1
            lines.append(f"  {number:>2}. {part}")
    return lines


def failure_block(item: RequirementResult, protocol: Protocol | None = None, output_lines: int = 8) -> str:
    text = protocol.requirement(item.id).text if protocol else ""
    lines = [f"{item.id} ({item.level}) — {text}".rstrip(" —")]
    if item.counterexample:
        lines += counterexample_lines(item.counterexample)
    if item.detail and (not item.counterexample or item.verdict != "fail"):
        lines += ["     " + line for line in item.detail.splitlines()]
    elif item.detail.startswith("intermittent"):
        lines.append(f"     ({item.detail.split(' — ')[0]})")
    output = [line for line in item.server_output.rstrip().splitlines() if line.strip()]
    if output:
        lines.append("     the server printed (last lines):")
        lines += ["       | " + line for line in output[-output_lines:]]
    return "\n".join(lines)


DID_NOT_START = "server did not start"


def did_not_start(item: RequirementResult) -> bool:
    return item.verdict == "error" and item.detail.startswith(DID_NOT_START)


def did_not_start_block(item: RequirementResult, requirements: int, output_lines: int = 20) -> str:
    """Told once per run: the server did not start, why (in a student's words where it could
    be told), then what it printed — with the student's own file paths."""
    cause = item.detail[len(DID_NOT_START):].lstrip(": ").strip()
    lines = [
        f"  your server did not start, so none of its {requirements} requirements could be checked "
        f"(each is reported as an error):",
        f"    {cause}",
    ]
    output = [line for line in item.server_output.rstrip().splitlines() if line.strip()]
    if output:
        lines.append("  what it printed:")
        lines += ["    | " + line for line in output[-output_lines:]]
    return "\n".join(lines)


def address_line(result: CheckResult) -> str:
    """C-ADDR, in one line, when the server listened where the course's client would not
    find it; "" otherwise."""
    return f"  C-ADDR    {result.address}" if result.address else ""


def to_text(result: CheckResult, protocol: Protocol | None = None, colour: bool = False) -> str:
    lines = [f"wirecheck {result.protocol} — {result.target} — seed {result.seed}"]
    unstarted = [i for i in result.requirements if did_not_start(i)]
    if unstarted and len(unstarted) == len(result.requirements):
        lines.append(did_not_start_block(unstarted[0], len(unstarted)))
        lines.append(summary_line(result))
        return "\n".join(lines)
    if result.address:
        lines.append(address_line(result))
    lines += [verdict_line(item, colour) for item in result.requirements]
    failing = [i for i in result.requirements if i.verdict in ("fail", "not shown", "error")]
    if failing:
        lines.append("")
        for item in failing:
            lines.append(failure_block(item, protocol))
            lines.append("")
    lines.append(summary_line(result))
    return "\n".join(lines)


def summary_line(result: CheckResult) -> str:
    counts: dict[str, int] = {}
    for verdict in list(_MARKS) + ["error: wirecheck"]:
        counts[verdict] = sum(1 for i in result.requirements if verdict_text(i) == verdict)
    tally = ", ".join(f"{n} {v}" for v, n in counts.items() if n)
    blocking = [i.id for i in result.requirements if i.blocking]
    head = "PASS" if result.passed else f"FAIL ({', '.join(blocking)})"
    return f"{result.protocol}: {head} — {tally} in {result.seconds:.1f} s (rerun with --seed {result.seed})"


def to_json(results: CheckResult | Iterable[CheckResult]) -> str:
    if isinstance(results, CheckResult):
        return json.dumps(results.to_dict(), indent=2)
    return json.dumps([r.to_dict() for r in results], indent=2)


def requirements_table(protocols: Iterable[Protocol], checked: set[str]) -> str:
    lines = []
    for protocol in protocols:
        state = "" if protocol.name in checked else "  (no checks yet)"
        port = f"port {protocol.port}" if protocol.port else "a Unix socket path"
        lines.append(f"{protocol.name} — {protocol.filename}, {protocol.transport.value}, {port}{state}")
        for req in protocol.requirements:
            lines.append(f"  {req.id:<9} {str(req.level):<6} {req.text}")
        lines.append("")
    return "\n".join(lines).rstrip()
