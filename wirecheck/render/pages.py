"""Pieces every HTML page shares: the style, how a verdict is shown, and one failure as its
text beside its sequence diagram. Pure functions from results to HTML text.

A verdict this module does not know (one added later) is shown by its own name, as a
requirement that does not hold unless it is ``pass`` or ``skip``: a page never breaks on it."""

from __future__ import annotations

from html import escape

from .diagram import MARKERS, STYLE as DIAGRAM_STYLE, has_diagram, sequence_svg, steps_replay
from .report import counterexample_lines
from .standard import DOCUMENT
from ..core.results import RequirementResult

MARKS = {"pass": "✓", "fail": "✗", "not shown": "∅", "error": "!", "skip": "–"}
WORDS = {"pass": "pass", "fail": "fail", "not shown": "not shown", "error": "error", "skip": "skip"}
HOLDING_OR_SKIPPED = ("pass", "skip")

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em; color: #222; max-width: 1400px; }
h1 { font-size: 1.4em; margin: 0 0 .2em; }
h2 { font-size: 1.15em; margin: 1.4em 0 .4em; }
h3 { font-size: 1em; margin: 0 0 .3em; }
.meta { color: #555; margin: 0 0 1em; }
table.verdicts { border-collapse: collapse; margin: .5em 0 1em; }
table.verdicts th, table.verdicts td { border: 1px solid #ccc; padding: 2px 8px; text-align: left; vertical-align: top; }
table.verdicts thead th { background: #f3f3f3; }
.v-pass { background: #d8f5d8; }
.v-fail { background: #f8c9c9; }
.v-notshown { background: #f9dcc0; }
.v-error { background: #e9c9f2; }
.v-skip { background: #f5f0c8; }
.v-other { background: #e4e4e4; }
section.failure { display: flex; flex-wrap: wrap; gap: 1em 2em; align-items: flex-start; border-top: 1px solid #ddd;
                  padding: .8em 0; }
section.failure .text { flex: 1 1 24em; min-width: 18em; }
section.failure .figure { flex: 0 1 auto; max-width: 100%; overflow-x: auto; }
section.failure pre { white-space: pre-wrap; font-size: 12px; margin: .3em 0; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.reason { font-weight: 600; }
.standard { color: #555; font-size: .9em; margin-top: 2em; }
""" + DIAGRAM_STYLE


def css_class(verdict: str) -> str:
    """The CSS class of a verdict's cell (an unknown verdict gets ``v-other``)."""
    return {"pass": "v-pass", "fail": "v-fail", "not shown": "v-notshown", "error": "v-error", "skip": "v-skip"}.get(verdict, "v-other")


def mark(verdict: str) -> str:
    return MARKS.get(verdict, "?")


def word(item: RequirementResult) -> str:
    if item.verdict == "error" and getattr(item, "fault", None) == "wirecheck":
        return "error: wirecheck"
    return WORDS.get(item.verdict, str(item.verdict))


def failing(item: RequirementResult | None) -> bool:
    """Shown as a failure, with its reason: anything but pass and skip (``not shown``, an
    error, a verdict added later)."""
    return item is not None and item.verdict not in HOLDING_OR_SKIPPED


def diagram_of(item: RequirementResult, standalone: bool = False) -> str:
    """The failure's sequence diagram, or "" when there is none to draw (or its data is
    not what wirecheck records: a page never breaks on a replay edited by hand).
    ``standalone``: an SVG document of its own (its style inside), for a file or an image."""
    try:
        return _diagram_of(item, standalone)
    except (TypeError, ValueError, KeyError, AttributeError):
        return ""


def _diagram_of(item: RequirementResult, standalone: bool) -> str:
    if item.verdict != "fail":
        return ""
    replay = getattr(item, "replay", None)
    if has_diagram(replay):
        return sequence_svg(replay, item.id, standalone=standalone)
    # A check that records no replay (a scenario): the diagram of the counterexample's words.
    replay = steps_replay(item.counterexample, item.id) if item.counterexample else None
    return sequence_svg(replay, item.id, standalone=standalone) if replay else ""


def failure_text(item: RequirementResult, output: str = "") -> str:
    """What a failure says, as HTML: the numbered steps and the expected/got pair, or the
    reason a requirement could not be shown or checked."""
    parts = []
    if item.verdict == "not shown":
        parts.append('<p class="reason">Not shown: the run never reached the point where this requirement can be judged.</p>')
    elif item.verdict == "error" and getattr(item, "fault", None) == "wirecheck":
        parts.append('<p class="reason">A fault of wirecheck itself (it persisted when retried): ungraded, no points lost.</p>')
    elif item.verdict not in MARKS:
        parts.append(f'<p class="reason">Verdict: {escape(str(item.verdict))}</p>')
    if item.counterexample:
        lines = "\n".join(line.rstrip() for line in counterexample_lines(item.counterexample))
        parts.append(f"<pre>{escape(lines)}</pre>")
    if item.detail and (item.verdict != "fail" or not item.counterexample or item.detail.startswith("intermittent")):
        parts.append(f"<pre>{escape(item.detail)}</pre>")
    if output:
        parts.append(f"<p>the server printed (last lines):</p><pre>{escape(output)}</pre>")
    return "".join(parts)


def failure_section(item: RequirementResult, heading: str, text_html: str, extra_html: str = "", anchor: str = "") -> str:
    """One failure: its text (and ``extra_html``, say a replay command) beside its diagram."""
    figure = diagram_of(item)
    ident = f' id="{escape(anchor, quote=True)}"' if anchor else ""
    return (
        f'<section class="failure" data-requirement="{escape(item.id, quote=True)}" data-verdict="{escape(str(item.verdict), quote=True)}"{ident}>'
        f'<div class="text"><h3>{heading}</h3>{text_html}{extra_html}</div>'
        + (f'<div class="figure">{figure}</div>' if figure else "")
        + "</section>"
    )


def standard_note() -> str:
    return (
        f'<p class="standard">Requirement IDs, levels and verdicts are explained in the wirecheck standard, '
        f"<code>{DOCUMENT}</code> in the wirecheck project (<code>wirecheck list --markdown</code> prints its tables).</p>"
    )


def page(title: str, body: str, style: str = STYLE) -> str:
    """A whole self-contained page: no script, no network."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>{style}</style></head><body>\n"
        + MARKERS
        + "\n"
        + body
        + "\n</body></html>\n"
    )
