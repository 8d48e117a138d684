"""A baseline: the requirements a project knows do not hold yet, so that CI fails only on a
new failure. Pure: load, compare, write as text; only the faces print.

The file is plain and reviewable, TOML (``.toml``) or JSON (any other name), one entry per
requirement ID with an optional reason (an empty string: none)::

    # wirecheck baseline: requirements known not to hold
    [known-failures]
    CLOCK-3 = "the course's version sends no trailing newline"
    CLOCK-7 = ""

    {"known-failures": {"CLOCK-3": "the course's version ...", "CLOCK-7": ""}}

A listed requirement that does not hold does not fail the run; one that is not listed does;
one listed that now passes is reported, so that the file shrinks as the server improves."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

try:
    import tomllib
except ImportError:  # Python 3.10: the same parser, as a package
    import tomli as tomllib  # type: ignore[no-redef]

from protocols import PROTOCOLS, Level, get_protocol

from .core.errors import ConfigError
from .core.results import NOT_HOLDING, CheckResult, RequirementResult

TABLE = "known-failures"


@dataclass(frozen=True)
class Baseline:
    known: dict[str, str] = field(default_factory=dict)  # requirement ID -> reason ("" for none)
    source: str = ""

    def __contains__(self, requirement: str) -> bool:
        return requirement in self.known

    def reason(self, requirement: str) -> str:
        return self.known.get(requirement, "")


def _all_ids() -> set[str]:
    return {i for name in PROTOCOLS for i in get_protocol(name).ids}


def parse_baseline(data: object, source: str) -> Baseline:
    if not isinstance(data, dict) or set(data) - {TABLE}:
        raise ConfigError(f"{source}: expected one table, [{TABLE}], of requirement ID = reason")
    table = data.get(TABLE, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [{TABLE}] must map requirement IDs to reasons")
    known_ids = _all_ids()
    known: dict[str, str] = {}
    for key, reason in table.items():
        if key not in known_ids:
            raise ConfigError(f"{source}: {TABLE}.{key}: no requirement {key!r} in the standard")
        if not isinstance(reason, str):
            raise ConfigError(f"{source}: {TABLE}.{key}: the reason must be a string (\"\" for none)")
        known[key] = reason
    return Baseline(known, source)


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline file; a mistake is a ConfigError that says where it is."""
    path = Path(path)
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"baseline {source}: {exc.strerror or exc}") from None
    try:
        if path.suffix == ".toml":
            data = tomllib.loads(raw.decode("utf-8"))
        else:
            data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{source}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{source}: not valid JSON: {exc.msg} (line {exc.lineno})") from None
    return parse_baseline(data, source)


@dataclass(frozen=True)
class Comparison:
    """One run against a baseline."""

    known: list[RequirementResult]  # listed and still not holding: tolerated
    new: list[RequirementResult]  # not holding and not listed
    fixed: list[str]  # listed and now passing: to remove from the baseline

    @property
    def passed(self) -> bool:
        """No MUST that is not listed fails, is not shown or errors."""
        return not any(r.level == Level.MUST for r in self.new)

    def messages(self) -> list[str]:
        return [fixed_message(i) for i in self.fixed]


def fixed_message(requirement: str) -> str:
    return f"{requirement} now passes: remove it from the baseline"


def compare(baseline: Baseline, results: Iterable[CheckResult]) -> Comparison:
    known, new, fixed = [], [], []
    for result in results:
        for item in result.requirements:
            if item.verdict in NOT_HOLDING:
                (known if item.id in baseline else new).append(item)
            elif item.verdict == "pass" and item.id in baseline:
                fixed.append(item.id)
    return Comparison(known, new, fixed)


def _reason_of(item: RequirementResult) -> str:
    # Only what is the same from run to run (a detail may hold the time or a port), so that
    # writing the baseline twice for the same server gives the same file.
    return f"{item.level} {item.verdict}" + (f" ({item.fault})" if item.verdict == "error" else "")


def current_failures(results: Iterable[CheckResult]) -> dict[str, str]:
    """Every requirement that does not hold in these results, with its verdict as reason."""
    return {item.id: _reason_of(item) for result in results for item in result.requirements if item.verdict in NOT_HOLDING}


def _toml_string(text: str) -> str:
    # A JSON string is a TOML basic string, once DEL (which TOML forbids raw) is escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def baseline_text(known: dict[str, str], toml: bool = True) -> str:
    """The file ``--write-baseline`` writes: sorted by protocol order then ID, so that a diff
    of two baselines is a review of what changed."""
    order = {i: n for n, i in enumerate(i for name in PROTOCOLS for i in get_protocol(name).ids)}
    ids = sorted(known, key=lambda i: order.get(i, len(order)))
    if not toml:
        return json.dumps({TABLE: {i: known[i] for i in ids}}, indent=2, ensure_ascii=False) + "\n"
    lines = [
        "# wirecheck baseline: requirements known not to hold; a new failure still fails the run.",
        "# Edit the reasons freely; remove an entry once its requirement passes.",
        f"[{TABLE}]",
    ]
    lines += [f"{i} = {_toml_string(known[i])}" for i in ids]
    return "\n".join(lines) + "\n"


def write_baseline(path: str | Path, known: dict[str, str]) -> None:
    path = Path(path)
    path.write_text(baseline_text(known, toml=path.suffix == ".toml"), encoding="utf-8")
