"""report.html: the class at a glance — a row per student, a column per requirement, each
cell coloured by its verdict; a failing cell opens its counterexample (a ``<details>``
element: no script, no network, one self-contained file). Below, per requirement, how many
students fail it."""

from __future__ import annotations

from html import escape

from ..report import counterexample_lines
from .model import MISSING, ClassGrading, Outcome, ProtocolScheme, RequirementScheme
from .scoring import max_points, protocol_points, show_points, student_points
from .text import output_tail

_STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; margin: 0 0 .2em; }
.meta { color: #555; margin: 0 0 1em; }
table { border-collapse: collapse; margin-bottom: 2em; }
th, td { border: 1px solid #ccc; padding: 2px 6px; vertical-align: top; }
thead th { background: #f3f3f3; font-weight: 600; }
th.req { font-size: .85em; white-space: nowrap; }
th.req small { font-weight: normal; color: #666; }
tbody th { text-align: left; white-space: nowrap; }
td.cell { text-align: center; min-width: 2.2em; position: relative; }
td.pass { background: #d8f5d8; }
td.fail { background: #f8c9c9; }
td.error { background: #e9c9f2; }
td.skip { background: #f5f0c8; }
td.pending { background: #eee; color: #888; }
td.missing { background: #dcdcdc; }
td.points, td.total { text-align: right; white-space: nowrap; }
td.total { font-weight: 600; }
details summary { cursor: pointer; list-style: none; font-weight: 600; }
details summary::-webkit-details-marker { display: none; }
details[open] summary { text-decoration: underline; }
.cx { position: absolute; z-index: 10; left: 0; top: 100%; text-align: left; width: 44em; max-width: 80vw;
      background: #fff; border: 1px solid #999; box-shadow: 0 3px 10px rgba(0,0,0,.25); padding: .4em .6em; }
.cx pre { margin: 0; white-space: pre-wrap; font-size: 12px; }
.cx p { margin: 0 0 .3em; }
tfoot th, tfoot td { background: #fafafa; font-size: .9em; text-align: center; }
.hidden-req { font-style: italic; }
.legend span { display: inline-block; padding: 0 .5em; margin-right: .3em; border: 1px solid #ccc; }
"""

_MARK = {"pass": "✓", "fail": "✗", "error": "!", "skip": "–"}


def html_report(grading: ClassGrading) -> str:
    schemes = list(grading.schemes.values())
    state = "complete" if grading.complete else ("interrupted — partial" if grading.interrupted else "in progress — partial")
    settings = grading.settings
    meta = [
        f"seed {grading.seed}",
        f"profile {escape(str(settings.get('profile', '')))}",
        f"{len(grading.students)} students",
        f"{len(schemes)} protocols",
        f"{grading.finished_count()} of {len(grading.outcomes)} checks done",
        state,
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>wirecheck — class report</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>wirecheck — class report</h1>",
        f'<p class="meta">{" · ".join(meta)}</p>',
        '<p class="legend"><span class="pass" style="background:#d8f5d8">✓ pass</span>'
        '<span style="background:#f8c9c9">✗ fail</span><span style="background:#e9c9f2">! error</span>'
        '<span style="background:#dcdcdc">— file missing</span><span style="background:#eee">… pending</span>'
        " Click a failing cell for its counterexample.</p>",
        _grades_table(grading, schemes),
        _changes_section(grading),
        "<h2>Per requirement</h2>",
        _requirements_table(grading, schemes),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _changes_section(grading: ClassGrading) -> str:
    """What changed since an earlier grading (``grade --compare``); empty without one."""
    if grading.changes is None:
        return ""
    from .changes import changes_html

    return changes_html(grading.changes)


def _grades_table(grading: ClassGrading, schemes: list[ProtocolScheme]) -> str:
    head1 = ['<tr><th rowspan="2">student</th>']
    head2 = ["<tr>"]
    for scheme in schemes:
        head1.append(f'<th colspan="{len(scheme.requirements) + 1}">{escape(scheme.name)}</th>')
        for req in scheme.requirements:
            hidden = "" if req.visible else f" · {req.visibility}"
            title = escape(f"{req.id} ({req.level}, {show_points(req.points)} points{hidden}): {req.text}", quote=True)
            css = "req" + ("" if req.visible else " hidden-req")
            head2.append(
                f'<th class="{css}" title="{title}">{escape(req.id)}<br><small>{req.level} · {show_points(req.points)}</small></th>'
            )
        head2.append('<th class="req">points<br><small>of ' + show_points(scheme.max_points) + "</small></th>")
    head1.append('<th rowspan="2">total</th></tr>')
    head2.append("</tr>")
    rows = []
    for student in grading.students:
        cells = [f'<tr class="student" data-student="{escape(student, quote=True)}"><th>{escape(student)}</th>']
        for scheme in schemes:
            outcome = grading.outcome(student, scheme.name)
            for req in scheme.requirements:
                cells.append(_cell(scheme, req, outcome))
            points = show_points(protocol_points(scheme, outcome))
            cells.append(f'<td class="points">{points or "…"}</td>')
        cells.append(
            f'<td class="total">{show_points(student_points(grading, student))} / {show_points(max_points(grading))}</td></tr>'
        )
        rows.append("".join(cells))
    foot = ['<tr><th>failing</th>']
    for scheme in schemes:
        for req in scheme.requirements:
            failing, graded = _failing(grading, scheme, req)
            foot.append(f'<td title="{failing} of {graded} graded students fail {escape(req.id)}">{failing}</td>')
        foot.append("<td></td>")
    foot.append("<td></td></tr>")
    return (
        '<table class="grades"><thead>'
        + "".join(head1)
        + "".join(head2)
        + "</thead><tbody>\n"
        + "\n".join(rows)
        + "\n</tbody><tfoot>"
        + "".join(foot)
        + "</tfoot></table>"
    )


def _cell(scheme: ProtocolScheme, req: RequirementScheme, outcome: Outcome) -> str:
    item = outcome.item(req.id)
    label = escape(f"{outcome.student} · {req.id}", quote=True)
    if outcome.state == MISSING:
        body = f"<p>No {escape(scheme.filename)} in the submission.</p>"
        return f'<td class="cell missing" title="{label}: file missing"><details><summary>—</summary><div class="cx">{body}</div></details></td>'
    if item is None:
        return f'<td class="cell pending" title="{label}: pending">…</td>'
    mark = _MARK[item.verdict]
    if item.verdict not in ("fail", "error"):
        return f'<td class="cell {item.verdict}" title="{label}: {item.verdict}">{mark}</td>'
    body = []
    if item.counterexample:
        lines = "\n".join(line.rstrip() for line in counterexample_lines(item.counterexample))
        body.append(f"<pre>{escape(lines)}</pre>")
    if item.detail and (item.verdict == "error" or not item.counterexample or item.detail.startswith("intermittent")):
        body.append(f"<pre>{escape(item.detail)}</pre>")
    output = output_tail(item.server_output, 12)
    if output:
        body.append(f"<p>the server printed (last lines):</p><pre>{escape(output)}</pre>")
    return (
        f'<td class="cell {item.verdict}" title="{label}: {item.verdict}"><details><summary>{mark}</summary>'
        f'<div class="cx"><p><b>{escape(req.id)}</b> — {escape(outcome.student)}</p>{"".join(body)}</div></details></td>'
    )


def _failing(grading: ClassGrading, scheme: ProtocolScheme, req: RequirementScheme) -> tuple[int, int]:
    failing = graded = 0
    for student in grading.students:
        item = grading.outcome(student, scheme.name).item(req.id)
        if item is None:
            continue
        graded += 1
        failing += item.verdict in ("fail", "error")
    return failing, graded


def _requirements_table(grading: ClassGrading, schemes: list[ProtocolScheme]) -> str:
    rows = ["<tr><th>requirement</th><th>level</th><th>points</th><th>seen by students</th><th>students failing</th><th>text</th></tr>"]
    for scheme in schemes:
        for req in scheme.requirements:
            failing, graded = _failing(grading, scheme, req)
            points = show_points(req.points) + ("" if req.counted else " (not counted)")
            rows.append(
                f'<tr class="requirement"><th>{escape(req.id)}</th><td>{req.level}</td><td>{points}</td>'
                f"<td>{escape(req.visibility)}</td><td>{failing} of {graded}</td><td>{escape(req.text)}</td></tr>"
            )
    return '<table class="requirements">' + "\n".join(rows) + "</table>"
