BUGGY = {
    "buggy_datetime_str.py": {"CLOCK-1"},
    "buggy_one_recv.py": {"CLOCK-2"},
    "buggy_serial.py": {"CLOCK-7"},
    "buggy_decode_crash.py": {"CLOCK-6"},
    "buggy_session_loop.py": {"CLOCK-4"},
    # C-EXACT: "a server never answers before the 25th byte arrives"; read(24) answers when
    # the last byte comes alone after a pause (V-EDGE's first C-EXACT case). A request sent
    # in one write is read whole into rfile's buffer, so CLOCK-1 and CLOCK-3 still hold.
    "buggy_read_24.py": {"CLOCK-2"},
    "buggy_asyncio_24.py": {"CLOCK-2"},  # the same with readexactly(24)
    "buggy_selectors_ge24.py": {"CLOCK-2"},  # the same with len(buf) >= 24
    # C-PATIENCE: a 1 s socket timeout mid-request "fails the requirement whose answer never
    # came (C-EXACT's ID for a request in pieces...)": for clock that is CLOCK-2. The timeout is
    # set only after the first byte, so a client pausing before its first byte is served.
    "buggy_timeout_1s.py": {"CLOCK-2"},
    # C-STOP: "A ThreadingMixIn server with daemon_threads left False and a silent client
    # connected does not stop on ctrl-C". It answers everyone, so only CLOCK-8 (a SHOULD).
    "buggy_nondaemon_threads.py": {"CLOCK-8"},
    # C-STOP: "On SIGINT ... the server exits within 3 s"; this one swallows every ctrl-C.
    "buggy_ctrl_c_ignored.py": {"CLOCK-8"},
    # A 10 s recv timeout is "good practice" (C-PATIENCE), but in non-daemon threads it keeps
    # the process alive up to 10 s after ctrl-C, past C-STOP's 3 s: CLOCK-8 only.
    "buggy_timeout_nondaemon.py": {"CLOCK-8"},
}
CORRECT = ["threading_server.py", "raw_threads.py", "selectors_loop.py", "asyncio_server.py", "input_quit.py", "makefile_newline.py", "create_server_makefile.py",
           "threading_tcp_daemon.py", "recv_loop_timeout.py", "select_buffers.py",
           # asyncio's documented start_server/serve_forever shape: on Python 3.10 and 3.11 ctrl-C
           # ends asyncio.run at once; from 3.12 Server.wait_closed waits for the open
           # connections, so with a silent client it does not stop (CLOCK-8 would fail there).
           "asyncio_run_readexactly.py"]
