"""The pure clock judgements, in memory: no sockets."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from protocols.clock import has_ctime_shape, judge_ctime, single_digit_day_shift, take_reply
from protocols.framing import CANONICAL_REQUEST, pad, reply_text, show

NOW = time.mktime((2026, 11, 5, 12, 0, 0, 0, 0, -1))  # a one-digit day


def test_the_canonical_request_is_25_bytes():
    assert CANONICAL_REQUEST == b"What is the time?        " and len(CANONICAL_REQUEST) == 25


def test_ctime_now_is_accepted_with_trailing_white_space():
    reply = time.ctime(NOW).encode() + b"\r\n"
    assert judge_ctime(reply, NOW - 0.2, NOW + 0.1) is None


def test_zero_padded_day_is_a_format_error():
    reply = time.strftime("%a %b %d %H:%M:%S %Y", time.localtime(NOW)).encode()
    problem = judge_ctime(reply, NOW, NOW)
    assert problem and "padded with a space" in problem


def test_a_stale_time_is_reported_with_its_offset():
    problem = judge_ctime(time.ctime(NOW - 5).encode(), NOW, NOW)
    assert problem and "-5 s" in problem


def test_other_text_is_not_ctime():
    assert "not ctime text" in judge_ctime(b"12:00", NOW, NOW)
    assert judge_ctime(b"", NOW, NOW) == "an empty reply"
    assert "not ctime text" in judge_ctime(time.ctime(NOW).encode() + b"!", NOW, NOW)


def test_a_shifted_server_clock_is_judged_by_the_shift_or_by_real_time():
    shift = -20 * 86400
    assert judge_ctime(time.ctime(NOW + shift).encode(), NOW, NOW, shift) is None
    assert judge_ctime(time.ctime(NOW).encode(), NOW, NOW, shift) is None


@given(st.integers(1, 28))
def test_the_shift_lands_on_a_one_digit_day(day):
    now = time.mktime((2026, 3, day, 12, 0, 0, 0, 0, -1))
    assert time.localtime(now + single_digit_day_shift(now)).tm_mday < 10


def test_shapes_and_stream_splitting():
    assert has_ctime_shape(b"Thu Nov 05 12:00:00 2026")  # shape, whatever the padding
    assert not has_ctime_shape(b"hello")
    first = time.ctime(NOW).encode()
    reply, rest = take_reply(first + b"\n" + first[:10])
    assert reply == first + b"\n" and rest == first[:10]
    assert take_reply(first[:23]) == (None, first[:23])


def test_framing_helpers():
    assert pad("hi") == b"hi" + b" " * 23
    assert reply_text(b"right \t\r\n") == b"right"
    assert show(b'a"\n\xff') == '"a\\"\\n\\xff"'
