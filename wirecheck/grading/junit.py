"""junit.xml: a testsuite per student and protocol, a testcase per requirement, the
counterexample as the failure's text — what CI servers and test dashboards read."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..render.report import counterexample_lines
from ..render.xml_text import xml_safe as _clean
from .model import ClassGrading, Outcome, ProtocolScheme
from .scoring import protocol_points, show_points
from .text import output_tail, start_cause, unstarted

def junit_xml(grading: ClassGrading) -> str:
    root = ET.Element("testsuites", name="wirecheck")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    seconds = 0.0
    for student in grading.students:
        for name, scheme in grading.schemes.items():
            outcome = grading.outcome(student, name)
            if outcome.result is None:
                continue
            suite, counts = _suite(grading, scheme, outcome)
            root.append(suite)
            for key in totals:
                totals[key] += counts[key]
            seconds += outcome.seconds
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{seconds:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(grading: ClassGrading, scheme: ProtocolScheme, outcome: Outcome):
    suite_name = f"{outcome.student}.{scheme.name}"
    suite = ET.Element("testsuite", name=suite_name)
    properties = ET.SubElement(suite, "properties")
    for key, value in (
        ("student", outcome.student),
        ("protocol", scheme.name),
        ("file", outcome.file or f"(missing: {scheme.filename})"),
        ("seed", str(grading.seed)),
        ("points", show_points(protocol_points(scheme, outcome))),
        ("max_points", show_points(scheme.max_points)),
    ):
        ET.SubElement(properties, "property", name=key, value=_clean(value))
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    not_started = unstarted([outcome.item(r.id) for r in scheme.requirements])
    if not_started:  # told once, for the suite: each of its testcases then says so in short
        told = ET.Element("system-out")  # after the testcases, where the schema has it
        told.text = _clean(
            f"the server did not start: {start_cause(not_started[0])}\n\n" + output_tail(not_started[0].server_output, 40)
        )
    for req in scheme.requirements:
        item = outcome.item(req.id)
        if item is None:
            continue
        if item in not_started:
            counts["tests"] += 1
            counts["errors"] += 1
            case = ET.SubElement(
                suite, "testcase", classname=suite_name, name=f"{req.id} ({req.level})", time=f"{item.seconds:.3f}"
            )
            ET.SubElement(case, "error", message="not checked: the server did not start (see the suite's output)", type="did not start")
            continue
        counts["tests"] += 1
        case = ET.SubElement(
            suite, "testcase", classname=suite_name, name=f"{req.id} ({req.level})", time=f"{item.seconds:.3f}"
        )
        message = _clean(item.detail.splitlines()[0] if item.detail else item.verdict)
        if item.verdict == "not shown":
            counts["failures"] += 1
            failure = ET.SubElement(case, "failure", message=message, type="not shown")
            failure.text = _clean(item.detail)
        elif item.verdict == "fail":
            counts["failures"] += 1
            body = "\n".join(line.strip() for line in counterexample_lines(item.counterexample or "")) or item.detail
            failure = ET.SubElement(case, "failure", message=message, type=str(req.level))
            failure.text = _clean(body)
        elif item.verdict == "error":
            counts["errors"] += 1
            kind = "wirecheck" if item.fault == "wirecheck" else "error"  # wirecheck's own fault: ungraded
            error = ET.SubElement(case, "error", message=message, type=kind)
            error.text = _clean(item.detail)
        elif item.verdict == "skip":
            counts["skipped"] += 1
            ET.SubElement(case, "skipped", message=message)
        if item.verdict in ("fail", "not shown", "error") and item.server_output.strip():
            out = ET.SubElement(case, "system-out")
            out.text = _clean(output_tail(item.server_output, 40))
    if not_started:
        suite.append(told)
    for key, value in counts.items():
        suite.set(key, str(value))
    suite.set("time", f"{outcome.seconds:.3f}")
    return suite, counts
