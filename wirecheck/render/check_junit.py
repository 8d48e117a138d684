"""``wirecheck check --junit FILE``: the verdicts of one check run as JUnit XML, for CI
systems that read JUnit without pytest. Pure: text in, text out.

A testsuite per protocol, a testcase per requirement. ``fail`` and ``not shown`` are
failures (neither holds), ``error`` an error, ``skip`` skipped; a SHOULD that does not hold
and a requirement of the baseline are reported as skipped with the reason, so that the
file fails exactly when ``check`` exits 1."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Iterable, Protocol as Interface

from protocols import Level

from .xml_text import xml_safe as _clean
from .report import counterexample_lines
from ..core.results import NOT_HOLDING, CheckResult, RequirementResult


class Baseline(Interface):
    """What a baseline tells a report (wirecheck.baseline.Baseline is one): whether a
    requirement is listed, and why."""

    def __contains__(self, requirement: object) -> bool: ...

    def reason(self, requirement: str) -> str: ...


def check_junit_xml(results: Iterable[CheckResult], baseline: Baseline | None = None, interpreter: str = "") -> str:
    root = ET.Element("testsuites", name="wirecheck")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    seconds = 0.0
    for result in results:
        suite = ET.SubElement(root, "testsuite", name=result.protocol)
        properties = ET.SubElement(suite, "properties")
        for key, value in (("target", result.target), ("seed", str(result.seed)), ("interpreter", interpreter)):
            if value:
                ET.SubElement(properties, "property", name=key, value=_clean(value))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for item in result.requirements:
            counts["tests"] += 1
            _case(suite, result.protocol, item, baseline, counts)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("time", f"{result.seconds:.3f}")
        seconds += result.seconds
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{seconds:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _case(suite: ET.Element, protocol: str, item: RequirementResult, baseline: Baseline | None, counts: dict) -> None:
    case = ET.SubElement(suite, "testcase", classname=f"wirecheck.{protocol}", name=f"{item.id} ({item.level})", time=f"{item.seconds:.3f}")
    message = _clean(item.detail.strip().splitlines()[0] if item.detail.strip() else item.verdict)
    if item.verdict == "skip":
        counts["skipped"] += 1
        ET.SubElement(case, "skipped", message=message)
        return
    if item.verdict not in NOT_HOLDING:
        return
    body = "\n".join(line.strip() for line in counterexample_lines(item.counterexample or "")) or item.detail
    if baseline is not None and item.id in baseline:
        counts["skipped"] += 1
        reason = baseline.reason(item.id)
        ET.SubElement(case, "skipped", message=_clean(f"in the baseline{': ' + reason if reason else ''} — {item.verdict}: {message}"))
    elif item.level != Level.MUST:
        counts["skipped"] += 1
        ET.SubElement(case, "skipped", message=_clean(f"SHOULD not met — {item.verdict}: {message}"))
    elif item.verdict == "error":
        counts["errors"] += 1
        error = ET.SubElement(case, "error", message=message, type=f"error: {item.fault or 'server'}")
        error.text = _clean(item.detail)
    else:
        counts["failures"] += 1
        failure = ET.SubElement(case, "failure", message=message, type=item.verdict)
        failure.text = _clean(body)
    if item.server_output.strip():
        out = ET.SubElement(case, "system-out")
        out.text = _clean(item.server_output[-8000:])
