"""Headless Chromium for the HTML report's tests: is one installed, and what does the
report look like to it once a failing cell is clicked."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Run in the page after it has loaded: count the students' rows, click the first failing
# cell's summary, and write what that opened into the DOM, where --dump-dom shows it.
PROBE = """
<script>
window.addEventListener("load", function () {
  var rows = document.querySelectorAll("table.grades tbody tr.student").length;
  var summary = document.querySelector("table.grades td.fail details summary");
  var seen = {rows: rows, opened: false, height: 0, text: ""};
  if (summary) {
    var details = summary.parentElement;
    var closed = !details.open;
    summary.click();
    var box = details.querySelector(".cx");
    var rect = box.getBoundingClientRect();
    seen = {rows: rows, opened: closed && details.open, height: rect.height, text: box.innerText};
  }
  document.body.setAttribute("data-probe", JSON.stringify(seen));
});
</script>
"""


def chromium() -> str | None:
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def probe_report(report: Path, workdir: Path) -> dict:
    """Load a copy of ``report`` with the probe in headless Chromium and return what it saw."""
    page = workdir / "probe.html"
    page.write_text(report.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + str(workdir / "chromium-profile"),
         "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    match = re.search(r'data-probe="([^"]*)"', done.stdout)
    assert match, f"Chromium showed no probe result:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return json.loads(html.unescape(match.group(1)))


FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"]

# Run in a page of failures after it has loaded: open every failure (a report's cell, a
# page's section), and for each say what its diagram shows — its requirement, how many
# client lanes, whether the violation is marked with that ID and an expected/got pair, and
# whether the diagram has a size on screen once opened.
DIAGRAM_PROBE = """
<script>
window.addEventListener("load", function () {
  var seen = [];
  var boxes = document.querySelectorAll("td.cell[data-requirement], section.failure");
  boxes.forEach(function (box, index) {
    var details = box.querySelector("details");
    if (details && index === 0) { details.querySelector("summary").click(); }
    var opened = !details || details.open;
    if (details && !details.open) { details.open = true; }
    var svg = box.querySelector("svg.seq");
    var entry = {requirement: box.getAttribute("data-requirement"), verdict: box.getAttribute("data-verdict") || box.className,
                 opened: opened, diagram: !!svg};
    if (svg) {
      var mark = svg.querySelector("g.violation");
      var rect = svg.getBoundingClientRect();
      var markRect = mark ? mark.getBoundingClientRect() : {height: 0};
      entry.lanes = svg.querySelectorAll("g.lane.client").length;
      entry.server = svg.querySelectorAll("g.lane.server").length;
      entry.arrows = svg.querySelectorAll("g.ev").length;
      entry.width = rect.width; entry.height = rect.height;
      entry.violation = mark ? mark.getAttribute("data-requirement") : null;
      entry.violation_text = mark ? mark.textContent : "";
      entry.violation_height = markRect.height;
    }
    if (details && index !== 0) { details.open = false; }
    seen.push(entry);
  });
  document.body.setAttribute("data-probe", JSON.stringify(seen));
});
</script>
"""


def _with_probe(page: Path, workdir: Path, probe: str) -> Path:
    copy = workdir / ("probe-" + page.name)
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", probe + "</body>"), encoding="utf-8")
    return copy


def probe_diagrams(page: Path, workdir: Path, screenshot: Path | None = None, size: str = "1400,1200") -> list[dict]:
    """Load ``page`` with the diagram probe in headless Chromium: what each failure's diagram
    showed (from the DOM after rendering); with ``screenshot``, also a PNG of the page as
    the probe left it (the first failure opened)."""
    copy = _with_probe(page, workdir, DIAGRAM_PROBE)
    profile = workdir / ("chromium-" + page.stem)
    base = [chromium(), *FLAGS, "--user-data-dir=" + str(profile), "--window-size=" + size]
    done = subprocess.run(base + ["--dump-dom", copy.as_uri()], capture_output=True, text=True, timeout=120)
    match = re.search(r'data-probe="([^"]*)"', done.stdout)
    assert match, f"Chromium showed no probe result:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    if screenshot is not None:
        subprocess.run(base + ["--screenshot=" + str(screenshot), copy.as_uri()], capture_output=True, timeout=120)
    return json.loads(html.unescape(match.group(1)))
