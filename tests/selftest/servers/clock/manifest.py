"""clock selftest servers: the requirement IDs each buggy server must fail (exactly these,
no others) and the servers that must pass every requirement.

What the sets assume of the checks:
- Content checks (CLOCK-1, CLOCK-3, CLOCK-6, CLOCK-7) half-close after a whole request, so
  a server that waits for EOF (rfile.read(1024), readline()) fails CLOCK-2 alone.
- CLOCK-1 runs the server on a day of the month with one digit (buggy_zero_padded_day.py)
  and lets the server run for more than a second before judging the time
  (buggy_time_cached_at_start.py).
- CLOCK-2 judges framing with the canonical request, so a server that answers only the
  canonical question fails CLOCK-3 alone.
- CLOCK-4 does not half-close; CLOCK-5 asks the canonical question and reads the reply
  without waiting for the server to close.
- CLOCK-6 runs on a server of its own: a server it kills fails nothing else.
- V-WITNESS: a server that never answers holds nothing (CLOCK-4 is "not shown", or fails
  when the server closes without a reply); one that echoes the request fails what is about
  the answer (CLOCK-1; CLOCK-3 is not shown: no request was answered with anything but
  itself); framing, closing, serving 200 clients, C-ROBUST and C-CONC
  need an answer in any shape, and hold.
- CLOCK-8 (C-STOP) plays one fixed scenario on a server of its own: one answer (its
  witness: a server that never answers is "not shown"), a silent client and one in the
  middle of a request connected, then ctrl-C to the server's process group. Every correct
  style stops: daemon threads, asyncio.run, a select loop with no handler, ForkingMixIn.
"""

BUGGY = {
    "buggy_never_answers.py": {"CLOCK-1", "CLOCK-2", "CLOCK-3", "CLOCK-4", "CLOCK-5", "CLOCK-6", "CLOCK-7", "CLOCK-8"},
    "buggy_echoes_request.py": {"CLOCK-1", "CLOCK-3"},
    "buggy_zero_padded_day.py": {"CLOCK-1"},
    "buggy_time_cached_at_start.py": {"CLOCK-1"},
    "buggy_recv1024_early_reply.py": {"CLOCK-2"},
    "buggy_rfile_read1024.py": {"CLOCK-2"},
    "buggy_readline.py": {"CLOCK-2"},
    "buggy_canonical_only.py": {"CLOCK-3"},
    "buggy_session_never_closes.py": {"CLOCK-4"},
    "buggy_dies_on_reset.py": {"CLOCK-6"},
    "buggy_sequential_tcpserver.py": {"CLOCK-7"},
    # Answers before reading anything: the early reply is CLOCK-2's alone. Its close then
    # resets the connection, but the reply is already there to be read (CLOCK-5 holds).
    "buggy_answers_on_connect.py": {"CLOCK-2"},
    # ctrl-C (CLOCK-8): non-daemon threads of ThreadingTCPServer hold the process while a
    # silent client is connected; a KeyboardInterrupt caught inside the accept loop.
    "buggy_threading_non_daemon.py": {"CLOCK-8"},
    "buggy_ignores_ctrl_c.py": {"CLOCK-8"},
    # Off by one: 24 bytes read, then the answer. Only a request whose last byte comes alone
    # shows it (V-EDGE: tried on every run, whatever the seed).
    "buggy_rfile_read24.py": {"CLOCK-2"},
    "buggy_asyncio_readexactly24.py": {"CLOCK-2"},
    "buggy_selectors_answers_at_24.py": {"CLOCK-2"},
    # C-PATIENCE: a 1 s socket timeout drops a client that pauses 3 s in the middle of its
    # request; the answer that never came is C-EXACT's (V-EDGE's longest pauses, every run).
    "buggy_socket_timeout_1s.py": {"CLOCK-2"},
}


CORRECT = [
    "correct_threading_tcpserver.py",
    "correct_selectors.py",
    "correct_asyncio.py",
    "correct_select_no_handler.py",  # no ctrl-C handling at all: the default SIGINT ends it
    "correct_forking_tcpserver.py",  # ctrl-C reaches the process group: the children end too
    "correct_socket_timeout_10s.py",  # drops a client silent for 10 s: longer than C-PATIENCE's 3 s
]
