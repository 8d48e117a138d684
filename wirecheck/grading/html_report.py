"""report.html: the class at a glance — a row per student, a column per requirement, each
cell coloured by its verdict; a failing cell opens its counterexample (a ``<details>``
element: no script, no network, one self-contained file) with the failure's sequence diagram
beside its text. Below, the class charts (the spread of total points, how many students fail
each requirement, inline SVG) and per requirement how many students fail it."""

from __future__ import annotations

from html import escape

from ..render import pages
from ..render.charts import STYLE as CHART_STYLE, failing_bars, points_histogram
from ..render.diagram import MARKERS, STYLE as DIAGRAM_STYLE
from .model import MISSING, ClassGrading, Outcome, ProtocolScheme, RequirementScheme
from .scoring import max_points, protocol_points, show_points, student_points
from .text import output_tail, unstarted

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
td.notshown { background: #f9dcc0; }
td.other { background: #e4e4e4; }
td.wirecheck { background: #fff3b0; }
td.skip { background: #f5f0c8; }
td.pending { background: #eee; color: #888; }
td.missing { background: #dcdcdc; }
td.points, td.total { text-align: right; white-space: nowrap; }
td.total { font-weight: 600; }
details summary { cursor: pointer; list-style: none; font-weight: 600; }
details summary::-webkit-details-marker { display: none; }
details[open] summary { text-decoration: underline; }
/* An opened cell's counterexample is a panel at the bottom of the window, wherever the cell
   is in a wide table; the cell's mark stays above it, and a click on it closes the panel. */
.cx { position: fixed; z-index: 10; left: 2vw; right: 2vw; bottom: 1vh; max-height: 64vh; overflow: auto; text-align: left;
      background: #fff; border: 1px solid #999; box-shadow: 0 3px 14px rgba(0,0,0,.3); padding: .5em .8em;
      display: flex; flex-wrap: wrap; gap: .6em 1.5em; align-items: flex-start; }
details[open] > summary { position: relative; z-index: 11; outline: 2px solid #b3261e; background: #fff; }
.cx .text { flex: 1 1 26em; max-width: 44em; }
.cx .figure { flex: 0 0 auto; }
.cx .close { color: #666; font-size: .85em; }
.cx .figure { flex: 0 0 auto; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; margin-bottom: 2em; }
.standard { color: #555; font-size: .9em; }
.cx pre { margin: 0; white-space: pre-wrap; font-size: 12px; }
.cx p { margin: 0 0 .3em; }
tfoot th, tfoot td { background: #fafafa; font-size: .9em; text-align: center; }
.hidden-req { font-style: italic; }
.legend span { display: inline-block; padding: 0 .5em; margin-right: .3em; border: 1px solid #ccc; }
"""

_STYLE += DIAGRAM_STYLE + CHART_STYLE


def _counts_as_failing(item) -> bool:
    """Failing for the class's counts: not holding, and not a fault of wirecheck's own."""
    return pages.failing(item) and not (item.verdict == "error" and getattr(item, "fault", None) == "wirecheck")


def html_report(grading: ClassGrading) -> str:
    schemes = list(grading.schemes.values())
    state = "complete" if grading.complete else ("interrupted — partial" if grading.interrupted else "in progress — partial")
    settings = grading.settings
    meta = [
        f"seed {grading.seed}",
        f"profile {escape(str(settings.get('profile', '')))}",
        *([f"servers ran under {escape(str(settings['interpreter']))}"] if settings.get("interpreter") else []),
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
        MARKERS,
        "<h1>wirecheck — class report</h1>",
        f'<p class="meta">{" · ".join(meta)}</p>',
        '<p class="legend"><span class="pass" style="background:#d8f5d8">✓ pass</span>'
        '<span style="background:#f8c9c9">✗ fail</span><span style="background:#f9dcc0">∅ not shown</span>'
        '<span style="background:#e9c9f2">! error</span><span style="background:#fff3b0">? wirecheck fault (ungraded)</span>'
        '<span style="background:#dcdcdc">— file missing</span><span style="background:#eee">… pending</span>'
        " Click a failing cell for its counterexample and its sequence diagram.</p>",
        _grades_table(grading, schemes),
        "<h2>Class charts</h2>",
        _charts(grading, schemes),
        _changes_section(grading),
        "<h2>Per requirement</h2>",
        _requirements_table(grading, schemes),
        pages.standard_note(),
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
    mark = pages.mark(item.verdict)
    css = {"not shown": "notshown"}.get(item.verdict, item.verdict if item.verdict in pages.MARKS else "other")
    if item.verdict == "error" and getattr(item, "fault", None) == "wirecheck":
        css, mark = "wirecheck", "?"  # wirecheck's own fault: ungraded, not the student's
    word = escape(pages.word(item))
    if not pages.failing(item):
        return f'<td class="cell {css}" title="{label}: {word}">{mark}</td>'
    not_started = unstarted([outcome.item(r.id) for r in scheme.requirements])
    if item in not_started and item is not not_started[0]:
        first = escape(not_started[0].id)
        return (
            f'<td class="cell {css}" title="{label}: not checked, the server did not start (see {first})">{mark}</td>'
        )
    text = pages.failure_text(item, output_tail(item.server_output, 12))
    figure = pages.diagram_of(item)
    return (
        f'<td class="cell {css}" title="{label}: {word}" data-requirement="{escape(req.id, quote=True)}"><details><summary>{mark}</summary>'
        f'<div class="cx"><div class="text"><p><b>{escape(req.id)}</b> — {escape(outcome.student)} — {word} '
        f'<span class="close">(click the marked cell again to close)</span></p>{text}</div>'
        + (f'<div class="figure">{figure}</div>' if figure else "")
        + "</div></details></td>"
    )


def _failing(grading: ClassGrading, scheme: ProtocolScheme, req: RequirementScheme) -> tuple[int, int]:
    failing = graded = 0
    for student in grading.students:
        item = grading.outcome(student, scheme.name).item(req.id)
        if item is None:
            continue
        graded += 1
        failing += _counts_as_failing(item)
    return failing, graded


def _charts(grading: ClassGrading, schemes: list[ProtocolScheme]) -> str:
    totals = [student_points(grading, s) for s in grading.students]
    rows = []
    for scheme in schemes:
        for req in scheme.requirements:
            failing, graded = _failing(grading, scheme, req)
            rows.append((req.id, str(req.level), failing, graded))
    return (
        '<div class="charts">'
        + points_histogram(totals, max_points(grading))
        + failing_bars(rows)
        + "</div>"
    )


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
