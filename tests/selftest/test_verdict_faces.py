"""`not shown` (V-WITNESS) and `error: wirecheck` in every face: check --json, the text
report, and grading (points, feedback, Gradescope, JUnit, the gradebook, the HTML report,
results.json read back). Plain data, no servers."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

from protocols import get_protocol
from wirecheck.grading.config import GradingConfig, build_scheme
from wirecheck.grading.feedback import feedback_markdown
from wirecheck.grading.gradebook import gradebook_csv
from wirecheck.grading.gradescope import gradescope_results
from wirecheck.grading.html_report import html_report
from wirecheck.grading.junit import junit_xml
from wirecheck.grading.model import GRADED, ClassGrading, Outcome
from wirecheck.grading.results_json import grading_from_results, to_results
from wirecheck.grading.scoring import protocol_points, student_points
from wirecheck.render.report import to_json, to_text
from wirecheck.core.results import CheckResult, RequirementResult

CLOCK = get_protocol("clock")
NOT_SHOWN = "your server never answered any client, so CLOCK-4 could not be checked"


def clock_result(verdicts: dict[str, tuple[str, str | None]]) -> CheckResult:
    result = CheckResult("clock", "ann/clockserver.py", 7)
    for req in CLOCK.requirements:
        verdict, fault = verdicts.get(req.id, ("pass", None))
        detail = {"not shown": NOT_SHOWN, "error": "internal error: ZeroDivisionError", "fail": "wrong"}.get(verdict, "")
        result.requirements.append(RequirementResult(req.id, req.level, verdict, detail, None, "", 0.1, fault=fault))
    return result


def one_student_class(verdicts: dict[str, tuple[str, str | None]]):
    scheme = build_scheme(CLOCK, GradingConfig(), set(CLOCK.ids))
    grading = ClassGrading(seed=7, schemes={"clock": scheme}, students=["ann"], settings={"profile": "quick"})
    grading.outcomes[("ann", "clock")] = Outcome("ann", "clock", "ann/clockserver.py", GRADED, clock_result(verdicts), 1.0)
    return grading, scheme


def test_not_shown_is_in_check_json_and_the_text_report():
    result = clock_result({"CLOCK-4": ("not shown", None)})
    data = json.loads(to_json(result))
    item = next(r for r in data["requirements"] if r["id"] == "CLOCK-4")
    assert item["verdict"] == "not shown" and item["detail"] == NOT_SHOWN and "fault" not in item
    assert data["passed"] is True  # CLOCK-4 is a SHOULD
    text = to_text(result, CLOCK)
    assert "NOT SHOWN" in text and NOT_SHOWN in text and "1 not shown" in text


def test_a_must_not_shown_blocks_the_run():
    result = clock_result({"CLOCK-3": ("not shown", None)})
    assert not result.passed and "FAIL (CLOCK-3)" in to_text(result, CLOCK)


def test_a_never_answering_submission_scores_nothing():
    grading, scheme = one_student_class({r.id: ("not shown" if r.id == "CLOCK-4" else "fail", None) for r in CLOCK.requirements})
    assert protocol_points(scheme, grading.outcome("ann", "clock")) == 0
    assert student_points(grading, "ann") == 0


def test_not_shown_earns_nothing_and_every_grading_face_says_why():
    grading, scheme = one_student_class({"CLOCK-3": ("not shown", None)})
    full = scheme.max_points
    assert student_points(grading, "ann") == full - 2
    feedback = feedback_markdown(grading, "ann")
    assert "CLOCK-3 (MUST) — NOT SHOWN, 0 of 2 points" in feedback and "your server never answered any client" in feedback
    tests = {t["name"]: t for t in gradescope_results(grading, "ann")["tests"]}
    assert tests["clock: CLOCK-3 (MUST)"]["status"] == "failed" and tests["clock: CLOCK-3 (MUST)"]["score"] == 0
    root = ET.fromstring(junit_xml(grading))
    case = next(c for c in root.iter("testcase") if c.get("name") == "CLOCK-3 (MUST)")
    assert case.find("failure") is not None and case.find("failure").get("type") == "not shown"
    html = html_report(grading)
    assert 'class="cell notshown"' in html and "∅" in html
    back = grading_from_results(json.loads(json.dumps(to_results(grading))))
    assert back.outcome("ann", "clock").item("CLOCK-3").verdict == "not shown"


def test_wirecheck_s_own_fault_is_ungraded_and_flagged():
    grading, scheme = one_student_class({"CLOCK-2": ("error", "wirecheck")})
    assert student_points(grading, "ann") == scheme.max_points  # no points lost
    rows = list(csv.reader(io.StringIO(gradebook_csv(grading))))
    assert rows[0][-1] == "ungraded" and rows[1][-1] == "clock: CLOCK-2"
    feedback = feedback_markdown(grading, "ann")
    assert "ERROR: WIRECHECK (ungraded)" in feedback and "not your server's fault" in feedback
    root = ET.fromstring(junit_xml(grading))
    case = next(c for c in root.iter("testcase") if c.get("name") == "CLOCK-2 (MUST)")
    assert case.find("error").get("type") == "wirecheck"
    assert 'class="cell wirecheck"' in html_report(grading)
    back = grading_from_results(json.loads(json.dumps(to_results(grading))))
    assert back.outcome("ann", "clock").item("CLOCK-2").fault == "wirecheck"


def test_wirecheck_s_faults_are_never_told_as_the_server_s_shared_error():
    grading, _ = one_student_class({"CLOCK-2": ("error", "wirecheck"), "CLOCK-3": ("error", "wirecheck")})
    feedback = feedback_markdown(grading, "ann")
    assert "ERROR, 0 of" not in feedback and feedback.count("ERROR: WIRECHECK (ungraded)") >= 2


def test_without_faults_the_gradebook_has_no_ungraded_column():
    grading, _ = one_student_class({"CLOCK-2": ("error", "server")})
    rows = list(csv.reader(io.StringIO(gradebook_csv(grading))))
    assert rows[0] == ["student", "clock", "total", "max", "seed"]


def test_not_shown_names_the_failure_that_cut_the_examples_short():
    """An example that stopped at another requirement's failure showed nothing of its own:
    the `not shown` says which failure came first, rather than that nothing was answered."""
    from wirecheck.drive.machine import not_shown_detail

    plain = not_shown_detail("answer", "SWAP-2")
    assert plain == "your server never answered any client, so SWAP-2 could not be checked"
    cut = not_shown_detail("answer", "SWAP-2", {"SWAP-7", "SWAP-3"})
    assert cut == "your server first broke SWAP-3 or SWAP-7 (see there), so SWAP-2 could not be checked"
    # Its own requirement is never named as the one that came first.
    assert not_shown_detail("pair", "SWAP-3", {"SWAP-3"}) == not_shown_detail("pair", "SWAP-3")
