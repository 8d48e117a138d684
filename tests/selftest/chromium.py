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
