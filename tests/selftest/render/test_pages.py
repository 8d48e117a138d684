"""Counterexamples you can see: the sequence diagram of a recorded replay, the class charts,
and the three HTML faces that show them (report.html, feedback/STUDENT.html and
``check --html``). The last test opens all three, made from buggy fixture servers, in
headless Chromium and asserts on the rendered DOM that every failing requirement has its
diagram, with one lane per client of its counterexample and the violation marked."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from protocols import Level, get_protocol
from wirecheck.render.charts import points_histogram, verdict_bars
from wirecheck.render.check_html import check_page
from wirecheck.checks import checks_for
from wirecheck.render.diagram import client_lanes, sequence_svg, show_bytes
from wirecheck.drive.profiles import get_profile
from wirecheck.drive.runner import RunOptions, check_protocol
from wirecheck.grading.config import GradingConfig, build_scheme
from wirecheck.grading.feedback_html import feedback_html, markdown_html
from wirecheck.grading.html_report import html_report
from wirecheck.grading.model import GRADED, ClassGrading, Outcome
from wirecheck.grading.outputs import write_outputs
from wirecheck.harness.target import resolve_target
from wirecheck.render.pages import diagram_of
from wirecheck.core.results import CheckResult, RequirementResult

from ..chromium import chromium, probe_diagrams

SERVERS = Path(__file__).parents[1] / "servers"
SEED = 5

# Three clients, a request in two pieces, a half-close, a reply, a reset and a long wait.
REPLAY = {
    "requirement": "SWAP-7",
    "transport": "tcp",
    "expected": "client 2 receives client 3's message",
    "got": "12 bytes",
    "actions": [
        {"step": 0, "t": 0.0, "client": 1, "do": "connect"},
        {"step": 1, "t": 0.001, "client": 2, "do": "connect"},
        {"step": 2, "t": 0.002, "client": 3, "do": "connect"},
        {"step": 3, "t": 0.003, "client": 3, "do": "send", "data": b"3:ab".hex()},
        {"step": 3, "t": 0.004, "took": 0.2, "do": "wait", "clients": [1, 2, 3], "seconds": 0.2, "held": False, "until": {}},
        {"step": 4, "t": 0.204, "client": 3, "do": "send", "data": (b" " * 21).hex()},
        {"step": 5, "t": 0.205, "client": 2, "do": "send", "data": b"2:".ljust(25).hex()},
        {"step": 6, "t": 0.206, "client": 1, "do": "reset"},
        {"step": 7, "t": 0.207, "client": 2, "do": "half_close"},
        {"step": 8, "t": 0.208, "took": 2.0, "do": "wait", "clients": [2, 3], "seconds": 2.0, "held": True, "until": {}},
    ],
    "receipts": [
        {"t": 0.21, "client": 2, "data": b"3:ab        ".hex()},
        {"t": 0.211, "client": 2, "data": "", "end": "eof"},
    ],
    "violated_at": 2.208,
}


def test_a_diagram_has_a_lane_per_client_an_arrow_per_event_and_the_violation_marked():
    svg = sequence_svg(REPLAY)
    assert client_lanes(REPLAY) == [1, 2, 3]
    assert svg.count('class="lane client"') == 3 and svg.count('class="lane server"') == 1
    assert 'data-clients="3"' in svg
    assert svg.count('<g class="ev send"') == 3  # client 3's two pieces are two arrows
    assert "bytes 1–4" in svg and "bytes 5–25" in svg  # each piece with its place in the request
    assert svg.count('<g class="ev connect"') == 3 and '<g class="ev reset"' in svg and '<g class="ev half_close"' in svg
    assert svg.count('<g class="ev reply"') == 1 and '<g class="ev end eof"' in svg
    assert svg.count('<g class="wait"') == 2 and "wait 2.00 s" in svg
    mark = re.search(r'<g class="violation" data-requirement="SWAP-7">(.*?)</g>', svg).group(1)
    assert "SWAP-7" in mark and "expected: client 2 receives client 3's message" in mark and "got: 12 bytes" in mark
    assert "http://" not in svg and "<script" not in svg


def test_time_flows_down_and_a_long_wait_takes_more_room_than_a_burst():
    svg = sequence_svg(REPLAY)
    ys = [float(y) for y in re.findall(r'<g class="ev [^"]*" data-client="\d+"><path d="M\d+ (\d+)H', svg)]
    assert len(ys) == 10 and ys == sorted(ys)
    wait_heights = [float(h) for h in re.findall(r'<g class="wait"[^>]*><rect [^>]*height="(\d+)"', svg)]
    assert wait_heights[1] > wait_heights[0] > 0


def test_bytes_are_shown_readably_and_untimed_replays_still_draw():
    assert show_bytes(b"What is the time?        ") == '"What is the time?" + 8 sp'
    assert show_bytes(b"\xff\x00ab") == '"\\xff\\x00ab"'
    old = {"requirement": "CLOCK-1", "actions": [{"step": 0, "client": 1, "do": "connect"}, {"step": 1, "client": 1, "do": "send", "data": "41"}]}
    svg = sequence_svg(old)
    assert svg.count('class="lane client"') == 1 and '<g class="violation" data-requirement="CLOCK-1">' in svg


def test_a_counterexample_without_a_replay_is_drawn_from_its_steps():
    words = "clients 1 to 199 connect one after the other and each gets a reply · client 200 asks · client 200 closes · expected: 200 replies · got: client 200 got no reply — CLOCK-5"
    item = RequirementResult("CLOCK-5", Level.MUST, "fail", "client 200 got no reply", words)
    svg = diagram_of(item)
    assert svg.count('class="lane client"') == 1 and 'data-lane="client 200"' in svg
    assert '<g class="ev send" data-client="200">' in svg and '<g class="ev close" data-client="200">' in svg
    assert '<g class="ev note">' in svg and '<g class="violation" data-requirement="CLOCK-5">' in svg and "got: client 200 got no reply" in svg


def test_a_malformed_replay_gives_no_diagram_and_no_error():
    for replay in [{"actions": [{"do": "wait", "clients": ["x"]}]}, {"actions": "nonsense"}, {"actions": [{"do": "send", "client": 1, "t": "soon"}]}]:
        item = RequirementResult("CLOCK-1", Level.MUST, "fail", "x", None, replay=replay)
        assert isinstance(diagram_of(item), str)


def test_charts_count_students_and_failures():
    histogram = points_histogram([0, 3, 3, 9, 10], 10)
    counts = [int(n) for n in re.findall(r'data-count="(\d+)"', histogram)]
    assert sum(counts) == 5 and counts[-1] == 2 and counts[3] == 2
    bars = verdict_bars([("CLOCK-1", "MUST", {"fail": 3, "missing": 1}, 5), ("CLOCK-7", "SHOULD", {}, 5)])
    assert 'data-requirement="CLOCK-1" data-verdict="fail" data-count="3"' in bars
    assert 'data-requirement="CLOCK-1" data-verdict="missing" data-count="1"' in bars
    assert 'data-requirement="CLOCK-7" data-verdict="fail" data-count="0"' in bars


def _item(req_id: str, verdict: str, **extra) -> RequirementResult:
    return RequirementResult(req_id, get_protocol("swap").requirement(req_id).level, verdict, **extra)


def test_not_shown_and_unknown_verdicts_render_as_failures_with_their_reason():
    not_shown = _item("SWAP-3", "not shown", detail="your server never paired two clients, so this could not be checked")
    odd = _item("SWAP-5", "fail", detail="x")
    object.__setattr__(odd, "verdict", "inconclusive")  # a verdict added later
    failed = _item("SWAP-7", "fail", detail="12 bytes", counterexample="client 1 connects · expected: a · got: b — SWAP-7", replay=REPLAY)
    page = check_page([CheckResult("swap", "swapserver.py", 3, [not_shown, odd, failed, _item("SWAP-1", "pass")])])
    sections = re.findall(r'<section class="failure" data-requirement="([^"]+)" data-verdict="([^"]+)"', page)
    assert sections == [("SWAP-3", "not shown"), ("SWAP-5", "inconclusive"), ("SWAP-7", "fail")]
    assert "never paired two clients" in page and "Verdict: inconclusive" in page
    assert page.count('<svg class="seq"') == 1 and "wirecheck check swap swapserver.py --seed 3 --only SWAP-7" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page


def test_the_student_page_is_the_markdown_with_each_diagram_beside_its_failure():
    swap = get_protocol("swap")
    result = CheckResult("swap", "bob/swapserver.py", 3, [_item(r.id, "pass") for r in swap.requirements])
    result.requirements[6] = _item("SWAP-7", "fail", detail="12 bytes", counterexample="client 1 connects · expected: a · got: b — SWAP-7", replay=REPLAY)
    grading = ClassGrading(seed=3, schemes={"swap": build_scheme(swap, GradingConfig(), set(swap.ids))}, students=["bob"])
    grading.outcomes[("bob", "swap")] = Outcome("bob", "swap", "bob/swapserver.py", GRADED, result)
    page = feedback_html(grading, "bob", "replays/bob")
    assert re.search(r'<section class="failure" data-requirement="SWAP-7"[^>]*><div class="text"><h3>SWAP-7 \(MUST\)', page)
    assert page.count('<svg class="seq"') == 1 and "<table" in page and "<code>wirecheck check swap" in page
    assert markdown_html("1. a `b`\n2. **c**\n") == "<ol><li>a <code>b</code></li><li><strong>c</strong></li></ol>"


# --- in headless Chromium, from buggy fixture servers ------------------------------------

FIXTURES = [  # (protocol, fixture, the requirement it fails)
    ("clock", "clock/buggy_recv1024_early_reply.py", "CLOCK-2"),
    ("clock", "clock/buggy_zero_padded_day.py", "CLOCK-1"),
    ("swap", "swap/buggy_connection_order.py", "SWAP-9"),
]


def _clients_in(counterexample: str) -> int:
    """How many clients a counterexample's own words name."""
    return len(set(re.findall(r"\bclient (\d+)", counterexample)))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The fixtures checked for real (each on the requirement it fails), as a graded class."""
    options = RunOptions(profile=get_profile("quick"), seed=SEED)
    schemes, grading_outcomes, students = {}, {}, []
    for protocol_name, fixture, req_id in FIXTURES:
        protocol = get_protocol(protocol_name)
        result = check_protocol(protocol, checks_for(protocol_name), resolve_target(str(SERVERS / fixture)), options, only={req_id})
        for req in protocol.requirements:
            if result.requirements and req.id not in {i.id for i in result.requirements}:
                result.requirements.append(RequirementResult(req.id, req.level, "pass"))
        order = {rid: n for n, rid in enumerate(protocol.ids)}
        result.requirements.sort(key=lambda i: order[i.id])
        student = Path(fixture).stem
        students.append(student)
        schemes[protocol_name] = build_scheme(protocol, GradingConfig(), set(protocol.ids))
        grading_outcomes[(student, protocol_name)] = Outcome(student, protocol_name, f"{student}/{protocol.filename}", GRADED, result)
    grading = ClassGrading(seed=SEED, schemes=schemes, students=students, settings={"profile": "quick"}, complete=True)
    for student in students:
        for name in schemes:
            outcome = grading_outcomes.get((student, name))
            if outcome is None:
                protocol = get_protocol(name)
                empty = CheckResult(name, f"{student}/{protocol.filename}", SEED, [RequirementResult(r.id, r.level, "pass") for r in protocol.requirements])
                outcome = Outcome(student, name, f"{student}/{protocol.filename}", GRADED, empty)
            grading.outcomes[(student, name)] = outcome
    # A verdict of V-WITNESS, as another student's run would give it.
    grading.outcomes[("buggy_zero_padded_day", "clock")].result.requirements[3] = RequirementResult(
        "CLOCK-4", Level.SHOULD, "not shown", "your server never replied, so this could not be checked"
    )
    return grading


def _screens() -> Path | None:
    folder = os.environ.get("WIRECHECK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return None


def _assert_diagrams(seen: list[dict], failures: dict[str, RequirementResult], where: str) -> None:
    by_req = {}
    for entry in seen:
        by_req.setdefault(entry["requirement"], []).append(entry)
    for req_id, item in failures.items():
        entries = by_req.get(req_id)
        assert entries, f"{where}: no failure shown for {req_id}"
        for entry in entries:
            if item.verdict != "fail":
                assert not entry["diagram"], f"{where}: {req_id} ({item.verdict}) has a diagram"
                continue
            assert entry["diagram"], f"{where}: {req_id} has no diagram"
            assert entry["lanes"] == _clients_in(item.counterexample) >= 1, (where, req_id, entry)
            assert entry["server"] == 1 and entry["arrows"] >= entry["lanes"]
            assert entry["violation"] == req_id and "expected: " in entry["violation_text"] and "got: " in entry["violation_text"]
            assert entry["width"] > 200 and entry["height"] > 80 and entry["violation_height"] > 20, (where, req_id, entry)


@pytest.mark.slow
@pytest.mark.skipif(chromium() is None, reason="no Chromium installed")
def test_every_failure_has_its_diagram_in_the_three_pages_in_chromium(graded, tmp_path):
    out = tmp_path / "graded"
    write_outputs(out, graded)
    screens = _screens()
    failures = {
        (student, item.id): item
        for (student, _name), outcome in graded.outcomes.items()
        for item in outcome.result.requirements
        if item.verdict not in ("pass", "skip")
    }
    assert {i.verdict for i in failures.values()} == {"fail", "not shown"}
    assert all(i.replay for i in failures.values() if i.verdict == "fail")

    seen = probe_diagrams(out / "report.html", tmp_path, screens / "report.png" if screens else None)
    _assert_diagrams(seen, {req: item for (_s, req), item in failures.items()}, "report.html")
    assert len(seen) == len(failures) and seen[0]["opened"]

    for student in graded.students:
        page = out / "feedback" / f"{student}.html"
        seen = probe_diagrams(page, tmp_path, screens / f"feedback-{student}.png" if screens else None)
        mine = {req: item for (s, req), item in failures.items() if s == student}
        _assert_diagrams(seen, mine, page.name)
        assert {e["requirement"] for e in seen} == set(mine)

    protocol, fixture, req_id = FIXTURES[2]
    page = tmp_path / "check.html"
    done = subprocess.run(
        [sys.executable, "-m", "wirecheck", "check", protocol, str(SERVERS / fixture), "--only", req_id, "--profile", "quick",
         "--seed", str(SEED), "--jobs", "1", "--no-colour", "--html", str(page)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0 and page.is_file(), done.stdout + done.stderr  # SWAP-9 is a SHOULD
    text = page.read_text(encoding="utf-8")
    assert "https://" not in text and "<script" not in text
    seen = probe_diagrams(page, tmp_path, screens / "check.png" if screens else None)
    assert [e["requirement"] for e in seen] == [req_id] and seen[0]["diagram"]
    steps = re.search(r"<pre>(.*?)</pre>", text, re.S).group(1)
    assert seen[0]["lanes"] == _clients_in(steps) and seen[0]["violation"] == req_id
    if screens:
        shutil.copy(out / "report.html", screens / "report.html")
