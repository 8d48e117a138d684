"""``wirecheck check PROTOCOL TARGET --html FILE``: one student's run as one page — the
verdict table, then each requirement that does not hold with its counterexample, its
sequence diagram and the command that runs it again. Pure: results in, HTML text out."""

from __future__ import annotations

from html import escape
from typing import Iterable

from protocols import Protocol, get_protocol

from . import pages
from ..core.results import CheckResult


def rerun(result: CheckResult, target: str, req_id: str, profile: str | None = None) -> str:
    parts = ["wirecheck", "check", result.protocol, target, "--seed", str(result.seed), "--only", req_id]
    if profile and profile != "default":
        parts += ["--profile", profile]
    return " ".join(parts)


def _protocol_or_none(name: str) -> Protocol | None:
    try:
        return get_protocol(name)
    except KeyError:
        return None


def _one(result: CheckResult, target: str, profile: str | None) -> str:
    protocol = _protocol_or_none(result.protocol)
    weak = [i.id for i in result.requirements if pages.failing(i) and not i.blocking]
    head = "PASS: every MUST holds" if result.passed else "FAIL (" + ", ".join(i.id for i in result.requirements if i.blocking) + ")"
    if weak:
        head += " · not holding: " + ", ".join(weak)
    rows = []
    for item in result.requirements:
        text = ""
        if protocol is not None:
            try:
                text = protocol.requirement(item.id).text
            except KeyError:
                text = ""
        link = f'<a href="#{escape(result.protocol)}-{escape(item.id)}">' if pages.failing(item) else ""
        detail = item.detail.splitlines()[0] if item.detail else ""
        rows.append(
            f'<tr class="verdict" data-requirement="{escape(item.id, quote=True)}"><th>{link}{escape(item.id)}{"</a>" if link else ""}</th>'
            f"<td>{item.level}</td>"
            f'<td class="{pages.css_class(item.verdict)}">{pages.mark(item.verdict)} {escape(pages.word(item))}</td>'
            f"<td>{escape(text)}" + (f"<br><small>{escape(detail)}</small>" if detail and pages.failing(item) else "") + "</td></tr>"
        )
    parts = [
        f'<h2 id="{escape(result.protocol)}">{escape(result.protocol)} — {escape(result.target)}</h2>',
        f'<p class="meta">{head} · seed {result.seed} · {result.seconds:.1f} s</p>',
        *([f'<p class="address">C-ADDR: {escape(result.address)}</p>'] if result.address else []),
        '<table class="verdicts"><thead><tr><th>requirement</th><th>level</th><th>verdict</th><th>text</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>",
    ]
    for item in result.requirements:
        if not pages.failing(item):
            continue
        command = rerun(result, target, item.id, profile)
        extra = f"<p>Run it again: <code>{escape(command)}</code></p>"
        heading = f"{escape(item.id)} ({item.level}) — {escape(pages.word(item))}"
        text = pages.failure_text(item, "\n".join(item.server_output.rstrip().splitlines()[-12:]))
        parts.append(pages.failure_section(item, heading, text, extra, anchor=f"{result.protocol}-{item.id}"))
    return "\n".join(parts)


def check_page(results: Iterable[CheckResult], targets: dict[str, str] | None = None, profile: str | None = None) -> str:
    """The page for ``results`` (one per protocol); ``targets``: protocol → the TARGET as
    the user typed it, for the commands."""
    results = list(results)
    targets = targets or {}
    title = "wirecheck — " + ", ".join(f"{r.protocol} {r.target}" for r in results)
    body = [f"<h1>{escape(title)}</h1>"]
    body += [_one(r, targets.get(r.protocol, r.target), profile) for r in results]
    body.append(pages.standard_note())
    return pages.page(title, "\n".join(body))
