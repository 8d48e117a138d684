"""feedback/STUDENT.html: the student's Markdown feedback as a page, with each failure's
sequence diagram beside its text. The words are those of ``feedback_markdown`` (one source),
turned into HTML by the small converter below, which knows exactly the Markdown that module
writes: headings, paragraphs, tables, lists, quotes, code blocks, `code`, **bold**, *italic*.
No script, no network."""

from __future__ import annotations

import re
from html import escape

from ..render import pages
from .feedback import feedback_markdown
from .model import ClassGrading
from .text import NOT_STARTED

_INLINE = re.compile(r"`([^`]+)`|\*\*(.+?)\*\*|\*(.+?)\*")


def _inline(text: str) -> str:
    out, last = [], 0
    for match in _INLINE.finditer(text):
        out.append(escape(text[last : match.start()]))
        code, bold, italic = match.groups()
        if code is not None:
            out.append(f"<code>{escape(code)}</code>")
        elif bold is not None:
            out.append(f"<strong>{_inline(bold)}</strong>")
        else:
            out.append(f"<em>{_inline(italic)}</em>")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def markdown_html(text: str) -> str:
    """The Markdown of ``feedback_markdown`` as HTML."""
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        heading = re.match(r"^(#{1,6}) (.*)$", line)
        if heading:
            level = len(heading.group(1))
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
            i += 1
        elif line.startswith("```"):
            block = []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                block.append(lines[i])
                i += 1
            i += 1
            out.append(f"<pre>{escape(chr(10).join(block))}</pre>")
        elif line.startswith("    "):
            block = []
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                block.append(lines[i][4:])
                i += 1
            out.append(f"<pre>{escape(chr(10).join(block).rstrip())}</pre>")
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                    rows.append(cells)
                i += 1
            head, body = rows[0], rows[1:]
            html_rows = ["<tr>" + "".join(f"<th>{_inline(c)}</th>" for c in head) + "</tr>"]
            for cells in body:
                verdict = cells[2].lower() if len(cells) > 2 else ""
                if verdict == NOT_STARTED:
                    verdict = "error"  # told once above the table; each row says so in short
                css = pages.css_class(verdict) if verdict in pages.MARKS else ""
                html_rows.append(
                    "<tr>" + "".join(f'<td class="{css}">{_inline(c)}</td>' if n == 2 and css else f"<td>{_inline(c)}</td>" for n, c in enumerate(cells)) + "</tr>"
                )
            out.append('<table class="verdicts">' + "".join(html_rows) + "</table>")
        elif line.startswith("> "):
            block = []
            while i < len(lines) and lines[i].startswith("> "):
                block.append(lines[i][2:])
                i += 1
            out.append(f"<blockquote>{_inline(' '.join(block))}</blockquote>")
        elif re.match(r"^(\d+\.|-) ", line):
            ordered = line[0].isdigit()
            items = []
            while i < len(lines) and re.match(r"^(\d+\.|-) ", lines[i]):
                items.append(re.sub(r"^(\d+\.|-) ", "", lines[i]))
                i += 1
            tag = "ol" if ordered else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + f"</{tag}>")
        else:
            block = []
            while i < len(lines) and lines[i].strip() and not re.match(r"^(#|```|    |\||> |\d+\. |- )", lines[i]):
                block.append(lines[i])
                i += 1
            out.append(f"<p>{_inline(' '.join(block))}</p>")
    return "\n".join(out)


def feedback_html(grading: ClassGrading, student: str, replay_folder: str | None = None) -> str:
    """The student's page: the Markdown feedback, each failure beside its diagram."""
    markdown = feedback_markdown(grading, student, replay_folder)
    markdown, sep, footer = markdown.rpartition("\nEvery requirement ID")
    if not sep:
        markdown, footer = footer, ""
    items = {}
    for name, scheme in grading.schemes.items():
        outcome = grading.outcome(student, name)
        for req in scheme.requirements:
            item = outcome.item(req.id)
            if req.visible and item is not None:
                items[req.id] = (name, item)
    sections = re.split(r"(?m)^(?=#{1,3} )", markdown)
    body = []
    for section in sections:
        if not section.strip():
            continue
        match = re.match(r"^### ([A-Z]+(?:-[A-Z]+)*-\d+) ", section)
        found = items.get(match.group(1)) if match else None
        if found is None:
            body.append(markdown_html(section))
            continue
        name, item = found
        first, _, rest = section.partition("\n")
        heading = markdown_html(first).removeprefix("<h3>").removesuffix("</h3>")
        body.append(pages.failure_section(item, heading, markdown_html(rest), anchor=f"{name}-{item.id}"))
    if footer:
        body.append(markdown_html("Every requirement ID" + footer).replace("<p>", '<p class="standard">', 1))
    return pages.page(f"wirecheck feedback — {student}", "\n".join(body))
