"""Class charts as inline SVG, for report.html: how the total points are spread over the
class, and how many students fail each requirement. Pure functions, no dependency."""

from __future__ import annotations

import math
from html import escape

STYLE = """
svg.chart { font: 11px system-ui, sans-serif; background: #fff; }
svg.chart .bar { fill: #6a8fc7; }
svg.chart .bar.must { fill: #c0504d; }
svg.chart .bar.should { fill: #e0a040; }
svg.chart .axis { stroke: #888; }
svg.chart .grid { stroke: #e6e6e6; }
svg.chart text.n { fill: #333; font-size: 10px; }
svg.chart text.lab { fill: #444; }
"""


def _num(value: float) -> str:
    return f"{value:g}" if abs(value - round(value)) > 1e-9 else str(int(round(value)))


def points_histogram(totals: list[float], maximum: float, bins: int | None = None) -> str:
    """A histogram of the students' total points, from 0 to ``maximum``."""
    most = maximum
    maximum = max(float(maximum), 1.0)
    if bins is None:  # bands of a round width (1, 2, 5, 10... points), at most 20 of them
        band = next(w * 10**e for e in range(0, 6) for w in (1, 2, 5) if maximum / (w * 10**e) <= 20)
        bins = max(1, int(math.ceil(maximum / band - 1e-9)))
        maximum = band * bins
    counts = [0] * bins
    for total in totals:
        index = int(min(bins - 1, max(0, math.floor(total / maximum * bins))))
        counts[index] += 1
    width, height, left, bottom, top = 620, 220, 40, 36, 14
    plot_w, plot_h = width - left - 10, height - bottom - top
    tick = max(1, int(math.ceil(max(counts + [1]) / 4)))
    peak = tick * 4
    bar_w = plot_w / bins
    parts = [
        f'<svg class="chart points" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="distribution of total points over {len(totals)} students" data-students="{len(totals)}">'
    ]
    for step in range(0, 5):
        value = tick * step
        y = top + plot_h - plot_h * step / 4
        parts.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}"/>')
        parts.append(f'<text class="lab" x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{_num(round(value, 1))}</text>')
    for index, count in enumerate(counts):
        low, high = maximum * index / bins, maximum * (index + 1) / bins
        x = left + index * bar_w
        h = plot_h * count / peak
        parts.append(
            f'<rect class="bar" x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{max(bar_w - 2, 1):.1f}" height="{h:.1f}" data-count="{count}">'
            f"<title>{count} student(s) with {_num(round(low, 2))}–{_num(round(high, 2))} points</title></rect>"
        )
        if count:
            parts.append(f'<text class="n" x="{x + bar_w / 2:.1f}" y="{top + plot_h - h - 3:.1f}" text-anchor="middle">{count}</text>')
    labels = range(0, bins + 1, max(1, bins // 5))
    for index in labels:
        x = left + index * bar_w
        parts.append(f'<text class="lab" x="{x:.1f}" y="{top + plot_h + 14}" text-anchor="middle">{_num(round(maximum * index / bins, 1))}</text>')
    parts.append(f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}"/>')
    parts.append(f'<text class="lab" x="{left + plot_w / 2:.0f}" y="{height - 4}" text-anchor="middle">total points (of {_num(most)}) — students per band of {_num(maximum / bins)}</text>')
    parts.append("</svg>")
    return "".join(parts)


# How a requirement did not hold, each counted apart and drawn in its own colour: a student who
# handed in no file is not a student whose server fails.
VERDICT_KINDS = ("fail", "not shown", "error", "missing")
VERDICT_LABELS = {"fail": "fail", "not shown": "not shown", "error": "error", "missing": "file missing"}
VERDICT_COLOURS = {"fail": "#c0504d", "not shown": "#e08a2e", "error": "#8e44ad", "missing": "#8c8c8c"}


def verdict_bars(rows: list[tuple[str, str, dict[str, int], int]]) -> str:
    """Per requirement (ID, level, counts by kind, students graded) a bar of how many
    students it does not hold for, in a segment per kind (fail, not shown, error, file
    missing), each in its own colour."""
    row_h, left, width = 16, 84, 800
    top = 38
    height = top + row_h * len(rows) + 8
    plot_w = width - left - 296  # the rest: the counts in words
    most = max([graded for _, _, _, graded in rows] + [1])
    parts = [
        f'<svg class="chart verdicts" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="students for whom each requirement does not hold, by verdict" data-requirements="{len(rows)}">',
        f'<text class="lab" x="{left}" y="12">students for whom each requirement does not hold (of {most})</text>',
    ]
    x = left
    for kind in VERDICT_KINDS:  # the legend
        label = VERDICT_LABELS[kind]
        parts.append(f'<rect class="key" x="{x}" y="19" width="10" height="10" fill="{VERDICT_COLOURS[kind]}" data-verdict="{kind}"/>')
        parts.append(f'<text class="lab" x="{x + 14}" y="28">{label}</text>')
        x += 24 + int(6.5 * len(label))
    for index, (req_id, level, counts, graded) in enumerate(rows):
        y = top + index * row_h
        parts.append(f'<text class="lab" x="{left - 6}" y="{y + 11}" text-anchor="end">{escape(req_id)}</text>')
        x = float(left)
        words = []
        for kind in VERDICT_KINDS:
            n = int(counts.get(kind, 0))
            if n:
                words.append(f"{n} {VERDICT_LABELS[kind]}")
            w = plot_w * n / most
            parts.append(
                f'<rect class="bar {kind.replace(" ", "")}" x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row_h - 4}" '
                f'fill="{VERDICT_COLOURS[kind]}" data-requirement="{escape(req_id, quote=True)}" data-verdict="{kind}" data-count="{n}">'
                f"<title>{escape(req_id)} ({level}): {n} of {graded} students {VERDICT_LABELS[kind]}</title></rect>"
            )
            x += w
        total = sum(int(counts.get(k, 0)) for k in VERDICT_KINDS)
        text = " · ".join(words) if words else "0"
        parts.append(f'<text class="n" x="{x + 4:.1f}" y="{y + 11}" data-total="{total}">{escape(text)}</text>')
    parts.append(f'<line class="axis" x1="{left}" y1="{top - 2}" x2="{left}" y2="{height - 6}"/>')
    parts.append("</svg>")
    return "".join(parts)
