"""How big report.html gets, and how long Chromium takes to render it, for a large class.

Synthesises the results of STUDENTS × every protocol (no server is run): each requirement
fails with a fixed chance, and each failure gets a counterexample and a recorded replay of
1–5 clients (connects, requests in pieces, waits, replies) like those the checks record, so
every failing cell carries its sequence diagram. Then writes report.html (and one student's
feedback page), and opens the report in headless Chromium: the time from navigation to the
end of the load event and to a first failing cell opened and laid out, measured in the page,
and the wall time of the whole Chromium run beside that of an empty page.

    python bench/report_size.py [--students 300] [--fail 0.15] [--runs 3] [--out DIR]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from protocols import PROTOCOLS, Level  # noqa: E402
from wirecheck.grading.config import GradingConfig, build_scheme  # noqa: E402
from wirecheck.grading.feedback_html import feedback_html  # noqa: E402
from wirecheck.grading.html_report import html_report  # noqa: E402
from wirecheck.grading.model import GRADED, ClassGrading, Outcome  # noqa: E402
from wirecheck.render import pages  # noqa: E402
from wirecheck.core.results import CheckResult, RequirementResult  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--window-size=1400,1000"]

PROBE = """
<script>
window.addEventListener("load", function () {
  var t = performance.timing, loaded = performance.now();
  setTimeout(function () {
    var begin = performance.now();
    var summary = document.querySelector("td.cell[data-requirement] details summary");
    if (summary) { summary.click(); summary.parentElement.querySelector(".cx").getBoundingClientRect(); }
    var opened = performance.now() - begin;
    document.body.setAttribute("data-probe", JSON.stringify({
      dom_content_loaded: t.domContentLoadedEventEnd - t.navigationStart,
      load: loaded, open_cell: opened,
      cells: document.querySelectorAll("td.cell").length, diagrams: document.querySelectorAll("svg.seq").length}));
  }, 0);
});
</script>
"""


def synthetic_replay(rng: random.Random, req_id: str) -> tuple[dict, str]:
    clients = rng.randint(1, 5)
    actions, receipts, steps = [], [], []
    t = 0.0
    for n in range(1, clients + 1):
        actions.append({"step": len(steps), "t": round(t, 4), "client": n, "do": "connect"})
        steps.append(f"client {n} connects")
        t += rng.uniform(0.0001, 0.001)
    for n in rng.sample(range(1, clients + 1), k=rng.randint(1, clients)):
        request = b"What is the time?".ljust(25)
        cuts = sorted(rng.sample(range(1, 25), k=rng.randint(0, 2)))
        for a, b in zip([0] + cuts, cuts + [25]):
            actions.append({"step": len(steps), "t": round(t, 4), "client": n, "do": "send", "data": request[a:b].hex()})
            steps.append(f'client {n} sends "{request[a:b].decode()}"')
            took = rng.choice([0.01, 0.03, 0.2])
            actions.append({"step": len(steps), "t": round(t, 4), "took": took, "do": "wait", "clients": list(range(1, clients + 1)),
                            "seconds": took, "held": False, "until": {}})
            t += took
        if rng.random() < 0.6:
            receipts.append({"t": round(t + 0.001, 4), "client": n, "data": b"Tue Dec  1 20:09:48 2026".hex()})
            receipts.append({"t": round(t + 0.0012, 4), "client": n, "data": "", "end": "eof"})
    wait = rng.choice([0.05, 2.0])
    actions.append({"step": len(steps), "t": round(t, 4), "took": wait, "do": "wait", "clients": list(range(1, clients + 1)),
                    "seconds": wait, "held": False, "until": {}})
    t += wait
    expected, got = "a reply within 2 s of byte 25", "no reply within 2 s"
    replay = {"format": 1, "protocol": "", "transport": "tcp", "requirement": req_id, "steps": steps, "actions": actions,
              "receipts": receipts, "expected": expected, "got": got, "violated_at": round(t, 4), "judge": {"kind": "same"}}
    counterexample = " · ".join(steps + [f"expected: {expected}", f"got: {got}"]) + f" — {req_id}"
    return replay, counterexample


def synthetic_class(students: int, fail: float, seed: int = 1) -> ClassGrading:
    rng = random.Random(seed)
    schemes = {name: build_scheme(p, GradingConfig(), set(p.ids)) for name, p in PROTOCOLS.items()}
    names = [f"student{n:03d}" for n in range(1, students + 1)]
    grading = ClassGrading(seed=seed, schemes=schemes, students=names, settings={"profile": "default"}, complete=True)
    for student in names:
        for name, protocol in PROTOCOLS.items():
            result = CheckResult(name, f"{student}/{protocol.filename}", seed)
            for req in protocol.requirements:
                roll = rng.random()
                if roll < fail:
                    replay, counterexample = synthetic_replay(rng, req.id)
                    output = "\n".join(f"read b'What is the time?' from ('127.0.0.1', {40000 + i})" for i in range(rng.randint(0, 12)))
                    item = RequirementResult(req.id, req.level, "fail", "no reply within 2 s", counterexample, output, 1.0, replay=replay)
                elif roll < fail + 0.02:
                    item = RequirementResult(req.id, req.level, "not shown", "your server never answered, so this could not be checked")
                else:
                    item = RequirementResult(req.id, req.level, "pass", seconds=0.5)
                result.requirements.append(item)
            grading.outcomes[(student, name)] = Outcome(student, name, result.target, GRADED, result, 5.0)
    return grading


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("no Chromium found")


def render(page: Path, work: Path) -> tuple[dict, float]:
    probe = work / ("probe-" + page.name)
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    profile = Path(tempfile.mkdtemp(dir=work))
    began = time.monotonic()
    done = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", probe.as_uri()],
                          capture_output=True, text=True, timeout=600)
    wall = time.monotonic() - began
    match = re.search(r'data-probe="([^"]*)"', done.stdout)
    return (json.loads(html.unescape(match.group(1))) if match else {}), wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--fail", type=float, default=0.15, help="the chance that a requirement fails (default 0.15)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", help="keep report.html here (default: a temporary folder)")
    parser.add_argument("--no-diagrams", action="store_true", help="the same class with no replays kept: what the diagrams cost")
    args = parser.parse_args()
    work = Path(args.out or tempfile.mkdtemp(prefix="wirecheck-report-"))
    work.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    grading = synthetic_class(args.students, args.fail)
    if args.no_diagrams:  # the same report as it was before diagrams
        pages.diagram_of = lambda item: ""
    made = time.monotonic() - began
    began = time.monotonic()
    text = html_report(grading)
    written = time.monotonic() - began
    report = work / "report.html"
    report.write_text(text, encoding="utf-8")
    student = feedback_html(grading, grading.students[0], "replays/" + grading.students[0])
    (work / "student.html").write_text(student, encoding="utf-8")
    failing = sum(1 for o in grading.outcomes.values() for i in o.result.requirements if i.verdict == "fail")
    cells = sum(len(o.result.requirements) for o in grading.outcomes.values())
    print(f"{args.students} students × {len(PROTOCOLS)} protocols: {cells} cells, {failing} failures"
          f"{' (no diagrams)' if args.no_diagrams else ' with a diagram'} "
          f"(synthesised in {made:.1f} s)")
    print(f"report.html: {report.stat().st_size / 2**20:.1f} MiB, written in {written:.1f} s; one student's page "
          f"{len(student.encode()) / 1024:.0f} KiB")
    blank = work / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body>" + PROBE + "</body></html>", encoding="utf-8")
    rows = []
    for _ in range(args.runs):
        _, empty = render(blank, work)
        seen, wall = render(report, work)
        rows.append((seen, wall, empty))
        print(f"  load event {seen.get('load', float('nan')) / 1000:.2f} s (DOMContentLoaded {seen.get('dom_content_loaded', 0) / 1000:.2f} s), "
              f"first cell opened in {seen.get('open_cell', float('nan')):.0f} ms; Chromium run {wall:.1f} s (empty page {empty:.1f} s); "
              f"{seen.get('diagrams')} diagrams, load average {os.getloadavg()[0]:.1f}")
    loads = [r[0].get("load", 0) / 1000 for r in rows]
    walls = [r[1] for r in rows]
    print(f"median: load event {statistics.median(loads):.2f} s, Chromium run {statistics.median(walls):.1f} s")
    if not args.out:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    from wirecheck.harness.ending import run_to_the_end

    # SIGTERM, SIGHUP and ctrl-C end the servers this started and remove its folders.
    sys.exit(run_to_the_end(main))
