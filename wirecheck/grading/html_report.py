"""report.html: the class at a glance — a row per student, a column per requirement, each
cell coloured by its verdict; a failing cell opens its counterexample (a ``<details>``
element: no script, no network, one self-contained file) with the failure's sequence diagram
beside its text. Below, the class charts (the spread of total points, for how many students
each requirement does not hold, inline SVG) and per requirement the same counts.

A requirement that does not hold is counted by how: fail, not shown, error (the server's) and
file missing (the student handed in no file for the protocol) each have their own count and
colour, in the table's foot, the chart and the per-requirement table. wirecheck's own faults
(ungraded) are counted in none of them."""

from __future__ import annotations

from html import escape

from ..render import pages
from ..render.charts import STYLE as CHART_STYLE, VERDICT_COLOURS, VERDICT_KINDS, VERDICT_LABELS, points_histogram, verdict_bars
from ..render.diagram import MARKERS, STYLE as DIAGRAM_STYLE
from .model import MISSING, ClassGrading, Outcome, ProtocolScheme, RequirementScheme
from .scoring import final_points, max_points, protocol_points, show_points, student_points
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
tfoot th { text-align: left; white-space: nowrap; }
tfoot td.n-fail { background: #f8c9c9; } tfoot td.n-notshown { background: #f9dcc0; }
tfoot td.n-error { background: #e9c9f2; } tfoot td.n-missing { background: #dcdcdc; }
tfoot td.zero { background: #fafafa; color: #aaa; }
td.final small { display: block; font-weight: normal; color: #666; }
.hidden-req { font-style: italic; }
.legend span { display: inline-block; padding: 0 .5em; margin-right: .3em; border: 1px solid #ccc; }
"""

_STYLE += DIAGRAM_STYLE + CHART_STYLE


def verdict_kind(outcome: Outcome, item) -> str | None:
    """How a requirement does not hold for a student, for the class's counts: ``missing``
    (no file handed in), ``fail``, ``not shown`` or ``error`` (the server's); None when it
    holds, is skipped, pending, or wirecheck's own fault (ungraded). A verdict added later
    that does not hold counts as a failure."""
    if outcome.state == MISSING:
        return "missing"
    if item is None or not pages.failing(item):
        return None
    if item.verdict == "error":
        return None if getattr(item, "fault", None) == "wirecheck" else "error"
    return item.verdict if item.verdict in VERDICT_KINDS else "fail"


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
            f'<td class="total">{show_points(student_points(grading, student))} / {show_points(max_points(grading))}</td>'
        )
        if grading.policies:
            cells.append(_final_cell(grading, student))
        rows.append("".join(cells) + "</tr>")
    if grading.policies:
        head1[-1] = head1[-1].replace("</tr>", '<th rowspan="2" title="the total after the course\'s policies">final</th></tr>')
    counts = {(scheme.name, req.id): verdict_counts(grading, scheme, req) for scheme in schemes for req in scheme.requirements}
    foot = []
    for kind in VERDICT_KINDS:
        css = kind.replace(" ", "")
        row = [f'<tr class="count" data-verdict="{kind}"><th>{VERDICT_LABELS[kind]}</th>']
        for scheme in schemes:
            for req in scheme.requirements:
                n, graded = counts[(scheme.name, req.id)][kind], counts[(scheme.name, req.id)]["graded"]
                row.append(
                    f'<td class="n-{css}{"" if n else " zero"}" data-requirement="{escape(req.id, quote=True)}" '
                    f'title="{n} of {graded} students: {VERDICT_LABELS[kind]} ({escape(req.id)})">{n}</td>'
                )
            row.append("<td></td>")
        row.append("<td></td>" + ("<td></td>" if grading.policies else "") + "</tr>")
        foot.append("".join(row))
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


def _final_cell(grading: ClassGrading, student: str) -> str:
    applied = grading.policies.get(student)
    notes = [p for p in applied.applied if p.effect or p.name == "best of"] if applied else []
    detail = escape("; ".join(f"{p.name}: {p.detail}" for p in applied.applied), quote=True) if applied else ""
    small = "".join(f"<small>{escape(p.name)}: {escape(p.state)}</small>" for p in notes)
    return f'<td class="total final" title="{detail}">{show_points(final_points(grading, student))}{small}</td>'


def verdict_counts(grading: ClassGrading, scheme: ProtocolScheme, req: RequirementScheme) -> dict[str, int]:
    """For one requirement: how many students each kind (fail, not shown, error, missing)
    counts, and ``graded``, how many have a result (pending ones aside)."""
    counts = dict.fromkeys(VERDICT_KINDS, 0)
    counts["graded"] = 0
    for student in grading.students:
        outcome = grading.outcome(student, scheme.name)
        item = outcome.item(req.id)
        if item is None and outcome.state != MISSING:
            continue
        counts["graded"] += 1
        kind = verdict_kind(outcome, item)
        if kind is not None:
            counts[kind] += 1
    return counts


def _charts(grading: ClassGrading, schemes: list[ProtocolScheme]) -> str:
    totals = [final_points(grading, s) for s in grading.students]
    rows = []
    for scheme in schemes:
        for req in scheme.requirements:
            counts = verdict_counts(grading, scheme, req)
            rows.append((req.id, str(req.level), counts, counts["graded"]))
    return (
        '<div class="charts">'
        + points_histogram(totals, max_points(grading))
        + verdict_bars(rows)
        + "</div>"
    )


def _requirements_table(grading: ClassGrading, schemes: list[ProtocolScheme]) -> str:
    kinds = "".join(
        f'<th style="background:{VERDICT_COLOURS[k]};color:#fff">{VERDICT_LABELS[k]}</th>' for k in VERDICT_KINDS
    )
    rows = [f"<tr><th>requirement</th><th>level</th><th>points</th><th>seen by students</th>{kinds}<th>of</th><th>text</th></tr>"]
    for scheme in schemes:
        for req in scheme.requirements:
            counts = verdict_counts(grading, scheme, req)
            points = show_points(req.points) + ("" if req.counted else " (not counted)")
            cells = "".join(f'<td class="n" data-verdict="{k}">{counts[k]}</td>' for k in VERDICT_KINDS)
            rows.append(
                f'<tr class="requirement" data-requirement="{escape(req.id, quote=True)}"><th>{escape(req.id)}</th><td>{req.level}</td><td>{points}</td>'
                f"<td>{escape(req.visibility)}</td>{cells}<td>{counts['graded']}</td><td>{escape(req.text)}</td></tr>"
            )
    return '<table class="requirements">' + "\n".join(rows) + "</table>"
