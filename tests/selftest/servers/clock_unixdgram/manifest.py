"""clock-unixdgram selftest servers: the requirement IDs each buggy server must fail
(exactly these, no others) and the servers that must pass every requirement. UNIXD-1 runs
the server on a day of the month with one digit, and every example ends with a reply taken
and judged."""

BUGGY = {
    "buggy_never_answers.py": {"UNIXD-1", "UNIXD-2"},  # UNIXD-2 (C-STOP) not shown: no answer
    "buggy_echoes_request.py": {"UNIXD-1"},
    "buggy_zero_padded_day.py": {"UNIXD-1"},
    "buggy_reply_to_fixed_client_path.py": {"UNIXD-1", "UNIXD-2"},  # no client of ours is answered: UNIXD-2 not shown
    # Dies on a datagram shorter than 25 bytes (struct.unpack("25s", ...) unchecked): C-ROBUST
    # over datagrams is judged under UNIXD-1 (V-EDGE plays that datagram on every run).
    "buggy_struct_short_datagram_crashes.py": {"UNIXD-1"},
}

CORRECT = [
    "correct_raw_loop.py",
    "correct_abstract_namespace.py",  # "\\0" name: no socket file at all
    "correct_course_tmp_path.py",  # /tmp/clockdgram.sock through pathlib, a path built at run time
]
