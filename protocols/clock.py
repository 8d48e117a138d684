"""The clock protocol and its transport variants: requirements, and the pure judgement of a
ctime reply (what a client may receive, given when it asked)."""

from __future__ import annotations

import math
import re
import time

from .framing import reply_text
from .requirements import Protocol, Transport, must, should, stop_rule

CTIME_LENGTH = 24
# The shape of a ctime text, lenient about the day's padding so that a wrong format
# and a wrong value are told apart (CLOCK-1 judges both; CLOCK-3 only the shape).
_DAYS = b"Mon|Tue|Wed|Thu|Fri|Sat|Sun"
_MONTHS = b"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
CTIME_SHAPE = re.compile(
    rb"^(" + _DAYS + rb") (" + _MONTHS + rb") ?[ 0-3]?[0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [0-9]{4}$"
)

# C-STOP's clients for the stream transports (CLOCK-8, UNIX-2).
SILENT_AND_MID_REQUEST = "also with a silent client and a client in the middle of a request connected"

CLOCK = Protocol(
    name="clock",
    title="clock — one request per connection",
    filename="clockserver.py",
    transport=Transport.TCP,
    port=12091,
    reference="clock",
    requirements=(
        must(
            "CLOCK-1",
            "After reading a 25-byte request, the server sends the current local time as "
            "time.ctime() text: 24 ASCII characters, %a %b %d %H:%M:%S %Y with the day of "
            "month padded by a space (Sun Apr  4 18:16:14 2010). The time lies within 1 s "
            "of the client's clock between sending and receiving.",
        ),
        must(
            "CLOCK-2",
            "C-EXACT: split requests are one request; no answer before byte 25; no waiting "
            "for byte 26 or EOF.",
        ),
        must("CLOCK-3", "Any 25 printable ASCII bytes are a request (not only the canonical question)."),
        should("CLOCK-4", "After the reply the server closes the connection."),
        must("CLOCK-5", "Serves at least 200 clients one after the other."),
        must(
            "CLOCK-6",
            "C-ROBUST: a client that connects and closes at once, resets the connection, sends "
            "fewer bytes than a request and disconnects, or sends non-ASCII bytes, does not "
            "stop the server: clients after it are served normally.",
        ),
        should(
            "CLOCK-7",
            "C-CONC: a client that is connected but silent (or has sent only part of a "
            "request) does not delay the answer to any other client.",
        ),
        stop_rule("CLOCK-8", SILENT_AND_MID_REQUEST),
    ),
)

CLOCK_UDP = Protocol(
    name="clock-udp",
    title="clock over UDP",
    filename="clockudpserver.py",
    transport=Transport.UDP,
    port=12091,
    reference="clock_udp",
    requirements=(
        must("UDP-1", "Each 25-byte datagram gets one datagram with the ctime text back, to its sender."),
        must("UDP-2", "Replies reach the right sender for any number of interleaved senders."),
        stop_rule("UDP-3"),
    ),
)

CLOCK_UNIX = Protocol(
    name="clock-unix",
    title="clock over a Unix stream socket",
    filename="clockunixserver.py",
    transport=Transport.UNIX,
    port=None,
    reference="clock_unix",
    unix_path="/tmp/clock.sock",
    requirements=(
        must("UNIX-1", "The clock protocol over a Unix stream socket: CLOCK-1..3 hold there."),
        stop_rule("UNIX-2", SILENT_AND_MID_REQUEST + " (as CLOCK-8)"),
    ),
)

CLOCK_UNIXDGRAM = Protocol(
    name="clock-unixdgram",
    title="clock over a Unix datagram socket",
    filename="clockunixdgramserver.py",
    transport=Transport.UNIX_DGRAM,
    port=None,
    reference="clock_unixdgram",
    unix_path="/tmp/clockdgram.sock",
    requirements=(
        must(
            "UNIXD-1",
            "Each 25-byte datagram from a client bound to its own path gets one datagram with "
            "the ctime text back.",
        ),
        stop_rule("UNIXD-2"),
    ),
)


def has_ctime_shape(reply: bytes) -> bool:
    """True when the reply's text looks like a timestamp, however its day is padded."""
    return CTIME_SHAPE.match(reply_text(reply)) is not None


def acceptable_ctimes(sent_at: float, received_at: float, tolerance: float = 1.0) -> set[bytes]:
    """Every ctime text a correct server may send to a client that sent its request at
    ``sent_at`` and got the reply at ``received_at`` (epoch seconds, the client's clock)."""
    first = math.floor(sent_at - tolerance)
    last = math.floor(received_at + tolerance)
    return {time.ctime(t).encode("ascii") for t in range(first, last + 1)}


def single_digit_day_shift(now: float) -> int:
    """Seconds (whole days, back) that move ``now`` to a day of the month with one digit,
    where ctime's space padding differs from a zero-padded ``%d``; 0 when it already is."""
    day = time.localtime(now).tm_mday
    return 0 if day < 10 else -(day - 5) * 86400


def judge_ctime(reply: bytes, sent_at: float, received_at: float, shift: float = 0.0) -> str | None:
    """None when ``reply`` is a correct CLOCK-1 reply, else what is wrong with it, in words.

    ``shift`` is how far the server's clock was moved (see single_digit_day_shift); a
    server whose clock could not be moved is judged against the real time instead."""
    text = reply_text(reply)
    if text in acceptable_ctimes(sent_at, received_at):
        return None
    sent_at, received_at = sent_at + shift, received_at + shift
    expected = time.ctime(received_at)
    if text in acceptable_ctimes(sent_at, received_at):
        return None
    if not text:
        return "an empty reply"
    if CTIME_SHAPE.match(text) is None or len(text) != CTIME_LENGTH:
        return f"not ctime text (ctime looks like {expected!r}, {CTIME_LENGTH} characters)"
    try:
        shown = time.mktime(time.strptime(" ".join(text.decode().split()), "%a %b %d %H:%M:%S %Y"))
    except ValueError:
        return f"not a real date (ctime looks like {expected!r})"
    if time.ctime(shown).encode() != text:
        return f"not ctime's format: a day of the month below 10 is padded with a space, as in {time.ctime(shown)!r}"
    return f"a time {shown - received_at:+.0f} s off the client's clock ({expected!r})"


def take_reply(buffer: bytes) -> tuple[bytes | None, bytes]:
    """Split the first ctime reply off a stream of replies: 24 characters plus any trailing
    white space that has arrived. Returns (None, buffer) while fewer than 24 bytes are in."""
    start = len(buffer) - len(buffer.lstrip(b" \t\r\n"))
    if len(buffer) - start < CTIME_LENGTH:
        return None, buffer
    end = start + CTIME_LENGTH
    rest = buffer[end:]
    trailing = len(rest) - len(rest.lstrip(b" \t\r\n"))
    return buffer[start : end + trailing], rest[trailing:]
