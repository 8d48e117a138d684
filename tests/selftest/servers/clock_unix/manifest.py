"""clock-unix selftest servers: the requirement IDs each buggy server must fail (exactly
these, no others) and the servers that must pass every requirement. UNIX-1 runs the server
on a day of the month with one digit, so strftime's zero-padded day shows."""

BUGGY = {
    "buggy_never_answers.py": {"UNIX-1", "UNIX-2"},  # UNIX-2 (C-STOP) not shown: no answer
    # ThreadingMixIn over a Unix socket, daemon_threads left False: a silent client keeps it alive.
    "buggy_threading_non_daemon.py": {"UNIX-2"},
    "buggy_echoes_request.py": {"UNIX-1"},
    "buggy_zero_padded_day.py": {"UNIX-1"},
}

CORRECT = [
    "correct_raw_socket_threads.py",
    "correct_unlink_chmod_socketserver.py",  # os.unlink before bind and at exit, os.chmod after
    "correct_serial_exits_on_signal.py",  # serial; dies on a reply to a client that already left
    "correct_asyncio_unix_server.py",  # asyncio removes the stale socket file itself
    "correct_course_tmp_path.py",  # /tmp/clock.sock as the course hard-codes it: stale files there are never seen
]
