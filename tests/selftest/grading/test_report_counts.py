"""report.html counts a student who handed in no file apart from one whose server fails: fail,
not shown, error and file missing each have their own count and colour, in the grades
table's foot, the chart of students per requirement and the per-requirement table. A fault
of wirecheck's own (ungraded) is counted in none of them. The class is built as data."""

from __future__ import annotations

import re

from protocols import get_protocol
from wirecheck.core.results import CheckResult, RequirementResult
from wirecheck.grading.config import GradingConfig, build_scheme
from wirecheck.grading.html_report import html_report, verdict_counts
from wirecheck.grading.model import GRADED, MISSING, PENDING, ClassGrading, Outcome
from wirecheck.grading.run import missing_result
from wirecheck.render.charts import VERDICT_COLOURS, VERDICT_KINDS

GUESS = get_protocol("guess")
IDS = [r.id for r in GUESS.requirements]


def guess_result(verdicts: dict[str, str], fault: str | None = None) -> CheckResult:
    result = CheckResult("guess", "x/guessserver.py", 7)
    for req in GUESS.requirements:
        verdict = verdicts.get(req.id, "pass")
        detail = {"fail": "expected wrong, got right", "not shown": "your server never answered `right`",
                  "error": "server did not start: SyntaxError"}.get(verdict, "")
        result.requirements.append(
            RequirementResult(req.id, req.level, verdict, detail, fault=fault if verdict == "error" else None)
        )
    return result


def guess_class() -> ClassGrading:
    """Four students, as the issue tried it: one passes, one fails GUESS-1 and does not show
    GUESS-3, one handed in no guessserver.py, one's server did not start; a fifth whose
    GUESS-4 wirecheck itself could not check, and a sixth still pending."""
    scheme = build_scheme(GUESS, GradingConfig(), set(IDS))
    students = ["ann", "bob", "cat", "dan", "eve", "fay"]
    grading = ClassGrading(seed=7, schemes={"guess": scheme}, students=students, settings={"profile": "quick"})
    grading.outcomes[("ann", "guess")] = Outcome("ann", "guess", "ann/guessserver.py", GRADED, guess_result({}))
    grading.outcomes[("bob", "guess")] = Outcome(
        "bob", "guess", "bob/guessserver.py", GRADED, guess_result({"GUESS-1": "fail", "GUESS-3": "not shown"})
    )
    grading.outcomes[("cat", "guess")] = Outcome(
        "cat", "guess", None, MISSING, missing_result("guess", "cat/guessserver.py", 7, ("guessserver.py",))
    )
    grading.outcomes[("dan", "guess")] = Outcome("dan", "guess", "dan/guessserver.py", GRADED, guess_result(dict.fromkeys(IDS, "error")))
    grading.outcomes[("eve", "guess")] = Outcome(
        "eve", "guess", "eve/guessserver.py", GRADED, guess_result({"GUESS-4": "error"}, fault="wirecheck")
    )
    grading.outcomes[("fay", "guess")] = Outcome("fay", "guess", "fay/guessserver.py", PENDING)
    return grading


EXPECTED = {
    req_id: {
        "fail": int(req_id == "GUESS-1"),
        "not shown": int(req_id == "GUESS-3"),
        "error": 1,  # dan's server did not start; eve's GUESS-4 is wirecheck's fault, counted nowhere
        "missing": 1,  # cat
        "graded": 5,  # fay is pending
    }
    for req_id in IDS
}


def test_each_kind_is_counted_apart_and_a_missing_file_is_no_failure():
    grading = guess_class()
    scheme = grading.schemes["guess"]
    for req in scheme.requirements:
        assert verdict_counts(grading, scheme, req) == EXPECTED[req.id], req.id


def foot_counts(page: str) -> dict[str, dict[str, int]]:
    foot = page.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    counts: dict[str, dict[str, int]] = {}
    for kind, row in re.findall(r'<tr class="count" data-verdict="([^"]+)">(.*?)</tr>', foot):
        counts[kind] = {r: int(n) for r, n in re.findall(r'data-requirement="([^"]+)"[^>]*>(\d+)</td>', row)}
    return counts


def test_the_grades_table_has_a_row_per_kind_in_its_foot():
    page = html_report(guess_class())
    counts = foot_counts(page)
    assert list(counts) == list(VERDICT_KINDS)
    for req_id in IDS:
        for kind in VERDICT_KINDS:
            assert counts[kind][req_id] == EXPECTED[req_id][kind], (kind, req_id)
    # The case: with no guessserver.py, GUESS-2..9 (all but GUESS-1) are not counted as failing.
    assert IDS[0] == "GUESS-1" and [counts["fail"][r] for r in IDS] == [1] + [0] * (len(IDS) - 1)
    assert "<th>failing</th>" not in page


def test_the_chart_draws_each_kind_in_its_own_colour():
    page = html_report(guess_class())
    chart = re.search(r'<svg class="chart verdicts".*?</svg>', page, re.S).group(0)
    bars = {
        (r, k): (int(n), colour)
        for colour, r, k, n in re.findall(
            r'<rect class="bar [^"]*"[^>]*fill="([^"]+)" data-requirement="([^"]+)" data-verdict="([^"]+)" data-count="(\d+)"', chart
        )
    }
    for req_id in IDS:
        for kind in VERDICT_KINDS:
            count, colour = bars[(req_id, kind)]
            assert count == EXPECTED[req_id][kind] and colour == VERDICT_COLOURS[kind]
    assert len(set(VERDICT_COLOURS.values())) == len(VERDICT_KINDS)  # four colours
    keys = re.findall(r'<rect class="key"[^>]*fill="([^"]+)" data-verdict="([^"]+)"', chart)
    assert [k for _, k in keys] == list(VERDICT_KINDS)  # a legend names each colour
    assert "file missing" in chart


def test_the_per_requirement_table_counts_each_kind():
    page = html_report(guess_class())
    table = page.split('<table class="requirements">', 1)[1].split("</table>", 1)[0]
    for req_id in IDS:
        row = re.search(rf'<tr class="requirement" data-requirement="{req_id}">(.*?)</tr>', table).group(1)
        found = {k: int(n) for k, n in re.findall(r'data-verdict="([^"]+)">(\d+)</td>', row)}
        assert found == {k: EXPECTED[req_id][k] for k in VERDICT_KINDS}


def test_a_class_where_everyone_handed_in_counts_no_missing_file():
    grading = guess_class()
    grading.outcomes[("cat", "guess")] = Outcome("cat", "guess", "cat/guessserver.py", GRADED, guess_result({"GUESS-2": "fail"}))
    counts = foot_counts(html_report(grading))
    assert all(n == 0 for n in counts["missing"].values())
    assert counts["fail"]["GUESS-2"] == 1 and counts["fail"]["GUESS-1"] == 1
