"""A counterexample as a sequence diagram: a pure function from a recorded replay
(``wirecheck.drive.replay``) to SVG text. No sockets, no files, no dependency.

One lane per client and one for the server, time flowing down. Each connect, send (its
bytes; a request written in pieces is drawn piece by piece, with the byte range of each),
half-close, close and reset is an arrow from the client to the server at the moment it
happened; each reply (bytes, the server's close or reset) an arrow back. Waits are spans
over the lanes of the clients that waited. The moment the requirement was seen broken is a
red rule across every lane, labelled with the requirement ID and the expected/got pair.

Times on the left are seconds since the first client action. The vertical scale is not
linear: every event gets a row and a pause adds space that grows with the log of its
length, so a 2 s wait is visibly long without hiding a burst of sends 0.1 ms apart.

The SVG uses the class names below; ``STYLE`` is their CSS, and ``MARKERS`` the arrow
heads, both meant to appear once per page (``standalone=True`` puts them in the SVG)."""

from __future__ import annotations

import math
import re
from html import escape
from typing import Any, Iterable

LANE = 150  # px between lanes, at least (wider when the labels are long)
LEFT = 64  # room for the time labels
GUTTER = 92  # between the time labels and the first lane: the waits' labels
MIN_WIDTH = 560
CHAR = 6.7  # px per character of an 11px monospace label
TOP = 34  # room for the lane names
ROW = 24  # px per event
MARK = 8  # px for a wait's end
LABEL_CHARS = 30

STYLE = """
svg.seq { font: 11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #fff; }
svg.seq text { white-space: pre; }
svg.seq .lane path { stroke: #bbb; stroke-dasharray: 3 3; }
svg.seq .lane.server path { stroke: #1a4f8b; stroke-dasharray: none; }
svg.seq .lane text { font-weight: 700; text-anchor: middle; }
svg.seq .lane.server text { fill: #1a4f8b; }
svg.seq .ev path { stroke: #333; stroke-width: 1.2; marker-end: url(#wc-arrow); }
svg.seq .ev.reply path { stroke: #1a4f8b; marker-end: url(#wc-arrow-b); }
svg.seq .ev.end path, svg.seq .ev.close path, svg.seq .ev.half_close path, svg.seq .ev.shutdown path { stroke-dasharray: 5 3; }
svg.seq .ev.reset path, svg.seq .ev.end.reset path { stroke: #b3261e; marker-end: url(#wc-arrow-r); }
svg.seq .ev.reply text, svg.seq .ev.end text { text-anchor: end; }
svg.seq .ev text { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg.seq .ev.reply text { fill: #1a4f8b; }
svg.seq .t { fill: #777; font-size: 10px; text-anchor: end; }
svg.seq .wait rect { fill: #f2e9c9; stroke: #c9b56a; opacity: .55; rx: 3px; }
svg.seq .wait text { fill: #6b5a1e; font-size: 10px; text-anchor: end; }
svg.seq .violation line { stroke: #b3261e; stroke-width: 2; }
svg.seq .violation rect { fill: #fdecea; stroke: #b3261e; }
svg.seq .violation text { fill: #7f1d1d; }
svg.seq .violation text.id { font-weight: 700; }
"""

MARKERS = (
    '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
    '<marker id="wc-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto">'
    '<path d="M0,0L8,4L0,8z" fill="#333"/></marker>'
    '<marker id="wc-arrow-b" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto">'
    '<path d="M0,0L8,4L0,8z" fill="#1a4f8b"/></marker>'
    '<marker id="wc-arrow-r" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto">'
    '<path d="M0,0L8,4L0,8z" fill="#b3261e"/></marker>'
    "</defs></svg>"
)


def show_bytes(data: bytes, limit: int = LABEL_CHARS) -> str:
    """Bytes as a short quoted label: printable ASCII as is, a run of trailing spaces
    counted, anything else as \\xNN."""
    stripped = data.rstrip(b" ")
    pad = len(data) - len(stripped)
    if pad < 3:
        stripped, pad = data, 0
    text = "".join(chr(b) if 32 <= b < 127 and b != 0x22 else ('\\"' if b == 0x22 else f"\\x{b:02x}") for b in stripped)
    text = text.replace("\\x0a", "\\n").replace("\\x0d", "\\r").replace("\\x09", "\\t")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    shown = f'"{text}"'
    if pad:
        shown += f" + {pad} sp"
    return shown


def _bytes(entry: dict) -> bytes:
    try:
        return bytes.fromhex(entry.get("data") or "")
    except (TypeError, ValueError):
        return b""


def _t(entry: dict) -> float | None:
    value = entry.get("t")
    return float(value) if isinstance(value, (int, float)) else None


def client_lanes(replay: dict) -> list[int]:
    """The clients of a replay, in number order: one lane each."""
    numbers: set[int] = set()
    for action in replay.get("actions") or []:
        if action.get("do") == "wait":
            numbers.update(int(n) for n in action.get("clients") or [] if int(n) > 0)
        elif isinstance(action.get("client"), int) and action["client"] > 0:
            numbers.add(action["client"])
    for receipt in replay.get("receipts") or []:
        if isinstance(receipt.get("client"), int) and receipt["client"] > 0:
            numbers.add(receipt["client"])
    return sorted(numbers)


_VERBS = {
    "connect": "connect",
    "open": "opens a socket",
    "half_close": "half-close (FIN)",
    "shutdown": "shutdown",
    "close": "close",
    "reset": "reset (RST)",
    "sigint": "SIGINT to the server",
}


def _events(replay: dict) -> list[dict[str, Any]]:
    """Every moment to draw, in time order: arrows, waits' ends and the violation."""
    events: list[dict[str, Any]] = []
    offsets: dict[int, int] = {}
    order = 0
    untimed = 0.0
    for action in replay.get("actions") or []:
        t = _t(action)
        if t is None:  # a replay recorded before times were kept: keep the order
            untimed += 0.001
            t = untimed
        do = action.get("do")
        order += 1
        if do == "wait":
            took = action.get("took")
            took = float(took) if isinstance(took, (int, float)) else float(action.get("seconds") or 0.0)
            events.append({"t": t, "o": order, "kind": "wait_begin", "action": action, "took": took})
            events.append({"t": t + took, "o": order, "kind": "wait_end", "action": action})
            continue
        client = action.get("client")
        if "label" in action:  # a step of a counterexample's words (steps_replay)
            events.append({"t": t, "o": order, "kind": do, "client": client, "label": str(action["label"])})
            continue
        if do == "send":
            data = _bytes(action)
            first = offsets.get(client, 0)
            offsets[client] = first + len(data)
            label = show_bytes(data)
            if replay.get("transport", "tcp") not in ("tcp", "unix"):
                label += f" · datagram of {len(data)} B"
            elif len(data):
                label += f" · bytes {first + 1}–{first + len(data)}" if len(data) > 1 else f" · byte {first + 1}"
            events.append({"t": t, "o": order, "kind": "send", "client": client, "label": label})
        else:
            if do in ("connect", "open"):
                offsets[client] = 0
            events.append({"t": t, "o": order, "kind": do or "action", "client": client, "label": _VERBS.get(do, str(do))})
    for receipt in replay.get("receipts") or []:
        t = _t(receipt)
        if t is None:
            continue
        order += 1
        end = receipt.get("end")
        if end:
            label = "server closes (EOF)" if end == "eof" else "server resets (RST)"
            events.append({"t": t, "o": order, "kind": "end", "end": end, "client": receipt.get("client"), "label": label})
        else:
            data = _bytes(receipt)
            events.append({"t": t, "o": order, "kind": "reply", "client": receipt.get("client"), "label": f"{show_bytes(data)} ({len(data)} B)"})
    at = replay.get("violated_at")
    if not isinstance(at, (int, float)):
        at = max((e["t"] for e in events), default=0.0)
    events.append({"t": float(at), "o": order + 1, "kind": "violation"})
    events.sort(key=lambda e: (e["t"], e["kind"] == "violation", e["o"]))
    return events


def _gap(dt: float) -> float:
    """Extra space for a pause of ``dt`` seconds: nothing for a burst, ~40 px for 2 s."""
    if dt <= 0.002:
        return 0.0
    return min(60.0, 16.0 * math.log10(1.0 + dt / 0.004))


def sequence_svg(
    replay: dict,
    requirement: str | None = None,
    expected: str | None = None,
    got: str | None = None,
    standalone: bool = False,
) -> str:
    """The replay as an SVG sequence diagram (one ``<svg>`` element)."""
    requirement = requirement or str(replay.get("requirement") or "")
    expected = replay.get("expected", "") if expected is None else expected
    got = replay.get("got", "") if got is None else got
    lanes = client_lanes(replay)
    events = _events(replay)
    # Lanes as wide as the labels need: a label runs from its client's lane to the server's.
    index = {n: i for i, n in enumerate(lanes)}
    need = [(CHAR * len(e.get("label", "")) + 28) / (len(lanes) - index[e["client"]]) for e in events if e.get("client") in index]
    lane = int(min(320, max([LANE] + need)))
    x_of = {n: LEFT + GUTTER + i * lane for i, n in enumerate(lanes)}
    server_x = LEFT + GUTTER + len(lanes) * lane
    notes = [len(e.get("label", "")) for e in events if e["kind"] == "note"]
    width = int(max([MIN_WIDTH, server_x + 60] + [LEFT + GUTTER - 20 + CHAR * n for n in notes]))

    parts: list[str] = []
    spans: list[str] = []  # drawn first, under the arrows
    y = TOP + 10.0
    previous: float | None = None
    wait_top: dict[int, float] = {}
    last_time_label = -1e9
    for event in events:
        if previous is not None:
            y += _gap(event["t"] - previous)
        previous = event["t"]
        kind = event["kind"]
        if kind == "wait_begin":
            wait_top[id(event["action"])] = y
            y += 2
            continue
        if kind == "wait_end":
            action = event["action"]
            top = wait_top.get(id(action), y)
            y = max(y, top + MARK)
            numbers = [int(n) for n in action.get("clients") or [] if int(n) in x_of]
            if numbers:
                left = min(x_of[n] for n in numbers) - 14
                right = max(x_of[n] for n in numbers) + 14
            else:
                left, right = LEFT + 26, server_x - 10
            took = action.get("took")
            took = float(took if isinstance(took, (int, float)) else action.get("seconds") or 0.0)
            text = f"wait {took:.2f} s"
            spans.append(
                f'<g class="wait" data-seconds="{took:.3f}"><rect x="{left:.0f}" y="{top:.0f}" '
                f'width="{right - left:.0f}" height="{max(y - top, 4):.0f}"/>'
                + (f'<text x="{LEFT + GUTTER - 18}" y="{(top + y) / 2 + 4:.0f}">{escape(text)}</text>' if took >= 0.05 else "")
                + "</g>"
            )
            y += MARK
            continue
        y += ROW
        if replay.get("untimed"):
            pass
        elif event["t"] - last_time_label >= 0.001 or kind == "violation":
            parts.append(f'<text class="t" x="{LEFT - 4}" y="{y + 4:.0f}">{event["t"]:.3f} s</text>')
            last_time_label = event["t"]
        if kind == "violation":
            mark, box = _violation(requirement, expected, got, y, width)
            parts.append(mark)
            y += box + 6
            continue
        client = event.get("client")
        cx = x_of.get(client)
        label = escape(event["label"], quote=False)
        css = kind if kind != "end" else f"end {event.get('end', '')}"
        if kind == "note":  # a step that names no one client: across every lane
            parts.append(f'<g class="ev note"><text x="{LEFT + GUTTER - 30}" y="{y + 4:.0f}" font-style="italic">{label}</text></g>')
            continue
        if cx is None:  # the harness's own action (SIGINT): a mark on the server's lane
            parts.append(
                f'<g class="ev {css}"><circle cx="{server_x}" cy="{y:.0f}" r="4" fill="#b3261e"/>'
                f'<text x="{server_x - 8}" y="{y - 5:.0f}" text-anchor="end">{label}</text></g>'
            )
            continue
        if kind == "open":  # a datagram socket of its own: nothing goes to the server yet
            parts.append(
                f'<g class="ev open" data-client="{client}"><circle cx="{cx}" cy="{y:.0f}" r="3.5" fill="#333"/>'
                f'<text x="{cx + 8}" y="{y + 4:.0f}">{label}</text></g>'
            )
            continue
        if kind in ("reply", "end"):
            x1, x2, tx = server_x, cx + 3, server_x - 8
        else:
            x1, x2, tx = cx, server_x - 3, cx + 6
        parts.append(
            f'<g class="ev {css}" data-client="{client}"><path d="M{x1} {y:.0f}H{x2}"/>'
            f'<text x="{tx}" y="{y - 4:.0f}">{label}</text></g>'
        )
    height = int(y + 16)
    lane_parts = []
    for number in lanes:
        x = x_of[number]
        lane_parts.append(
            f'<g class="lane client" data-lane="client {number}"><text x="{x}" y="{TOP - 14}">client {number}</text>'
            f'<path d="M{x} {TOP - 8}V{height - 6}"/></g>'
        )
    lane_parts.append(
        f'<g class="lane server" data-lane="server"><text x="{server_x}" y="{TOP - 14}">server</text>'
        f'<path d="M{server_x} {TOP - 8}V{height - 6}"/></g>'
    )
    title = escape(f"{requirement}: sequence diagram of the counterexample, {len(lanes)} client(s) and the server", quote=True)
    head = (
        f'<svg class="seq"{_XMLNS if standalone else ""} width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{title}" data-requirement="{escape(requirement, quote=True)}" '
        f'data-clients="{len(lanes)}">'
    )
    inner = ""
    if standalone:
        inner = f"<style>{STYLE}</style>" + MARKERS.replace('<svg width="0" height="0" style="position:absolute" aria-hidden="true">', "").replace("</svg>", "")
    if replay.get("untimed"):
        inner += f'<text class="t" x="{LEFT - 4}" y="{TOP - 14}">in order</text>'
    return head + inner + "".join(lane_parts) + "".join(spans) + "".join(parts) + "</svg>"


_XMLNS = ' xmlns="http://www.w3.org/2000/svg"'  # a file of its own needs it; inline SVG in HTML does not


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(" "), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines[:3] if len(lines) <= 3 else lines[:2] + [lines[2][: width - 1] + "…"]


def _violation(requirement: str, expected: str, got: str, y: float, width: int) -> tuple[str, int]:
    chars = max(30, int((width - LEFT - 30) / CHAR))
    exp = _wrap(f"expected: {expected}", chars)
    gotl = _wrap(f"got: {got}", chars)
    lines = exp[:3] + gotl[:3]
    box_h = 16 + 13 * len(lines)
    texts = [f'<text class="id" x="{LEFT + 10}" y="{y + 14:.0f}">✗ {escape(requirement)} broken here</text>']
    for i, line in enumerate(lines):
        texts.append(f'<text x="{LEFT + 10}" y="{y + 28 + 13 * i:.0f}">{escape(line, quote=False)}</text>')
    svg = (
        f'<g class="violation" data-requirement="{escape(requirement, quote=True)}">'
        f'<line x1="{LEFT}" y1="{y:.0f}" x2="{width - 6}" y2="{y:.0f}"/>'
        f'<rect x="{LEFT + 4}" y="{y + 2:.0f}" width="{width - LEFT - 14}" height="{box_h}" rx="3"/>'
        + "".join(texts)
        + "</g>"
    )
    return svg, box_h + 2


def has_diagram(replay: Any) -> bool:
    return isinstance(replay, dict) and bool(replay.get("actions"))


def diagrams(items: Iterable[tuple[str, dict]]) -> list[str]:
    return [sequence_svg(replay, requirement) for requirement, replay in items if has_diagram(replay)]


_STEP_CLIENT = re.compile(r"^client (\d+) (.*)$")
_STEP_KINDS = (("connects", "connect"), ("half-closes", "half_close"), ("resets", "reset"), ("closes", "close"),
               ("disconnects", "close"), ("sends", "send"), ("asks", "send"), ("guesses", "send"))


def steps_replay(counterexample: str, requirement: str = "") -> dict | None:
    """A replay made from a counterexample's words alone, for a check that records none:
    each step that names one client is an arrow from its lane (in order, untimed); the other
    steps are notes. None when no step names a client."""
    body, _, tail = counterexample.rpartition(" — ")
    if not body:
        body = counterexample
    expected = got = ""
    actions: list[dict[str, Any]] = []
    notes = []
    for part in body.split(" · "):
        if part.startswith("expected: "):
            expected = part[len("expected: "):]
            continue
        if part.startswith("got: "):
            got = part[len("got: "):]
            continue
        match = _STEP_CLIENT.match(part)
        if not match:
            notes.append(part)
            actions.append({"do": "note", "label": part})
            continue
        number, rest = int(match.group(1)), match.group(2)
        kind = next((k for word, k in _STEP_KINDS if rest.startswith(word)), "step")
        actions.append({"client": number, "do": kind, "label": rest})
    if not any("client" in a for a in actions):
        return None
    return {"requirement": requirement or tail.strip(), "actions": actions, "expected": expected, "got": got, "untimed": True}
