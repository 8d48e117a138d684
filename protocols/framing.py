"""Framing rules shared by every protocol: C-FRAME (25-byte requests) and C-TEXT (what
counts as a reply's text). Pure functions over bytes."""

from __future__ import annotations

REQUEST_SIZE = 25
PRINTABLE = "".join(chr(c) for c in range(0x20, 0x7F))
CANONICAL_QUESTION = "What is the time?"
REPLY_PADDING = b" \t\r\n"


def pad(text: str | bytes) -> bytes:
    """Right-pad a request text with spaces to exactly 25 bytes (C-FRAME)."""
    data = text.encode("ascii") if isinstance(text, str) else bytes(text)
    if len(data) > REQUEST_SIZE:
        raise ValueError(f"request text is {len(data)} bytes, more than {REQUEST_SIZE}")
    return data + b" " * (REQUEST_SIZE - len(data))


CANONICAL_REQUEST = pad(CANONICAL_QUESTION)


def request_text(request: bytes) -> str:
    """A request's text: its 25 bytes with trailing spaces removed (C-TEXT)."""
    return request.rstrip(b" ").decode("ascii", "replace")


def reply_text(reply: bytes) -> bytes:
    """A reply with its trailing ASCII white space removed (C-TEXT); nothing else is padding."""
    return reply.rstrip(REPLY_PADDING)


def is_printable_ascii(data: bytes) -> bool:
    return all(0x20 <= b < 0x7F for b in data)


_ESCAPES = {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", ord('"'): '\\"', ord("\\"): "\\\\"}


def show(data: bytes, limit: int = 60) -> str:
    """Bytes as a student reads them: a quoted string, escapes for the unprintable."""
    text = "".join(
        _ESCAPES.get(b) or (chr(b) if 0x20 <= b < 0x7F else f"\\x{b:02x}") for b in data[:limit]
    )
    more = f"… (+{len(data) - limit} bytes)" if len(data) > limit else ""
    return f'"{text}"{more}'
