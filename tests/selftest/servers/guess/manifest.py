"""guess selftest servers: each buggy server with the requirements it must fail, and the
correct servers, which must pass everything.

V-WITNESS: a server that never answers holds nothing; one that echoes the request back
holds nothing about the answer itself (only C-EXACT and C-CONC, which need an answer in any
shape)."""

BUGGY = {
    "buggy_never_answers.py": {"GUESS-1", "GUESS-2", "GUESS-3", "GUESS-4", "GUESS-5", "GUESS-6", "GUESS-7", "GUESS-8"},
    "buggy_echoes_request.py": {"GUESS-1", "GUESS-2", "GUESS-3", "GUESS-4", "GUESS-5", "GUESS-7"},
    "buggy_no_found_state.py": {"GUESS-3", "GUESS-4"},
    "buggy_found_for_new_connections.py": {"GUESS-3"},
    "buggy_unlocked_check_then_set.py": {"GUESS-4"},
    "buggy_ignores_secret.py": {"GUESS-5"},  # only GUESS-5
    "buggy_recv_once.py": {"GUESS-6"},
    "buggy_dies_on_non_number.py": {"GUESS-7"},
    "buggy_capital_wrong.py": {"GUESS-1"},
    # Every answer comes after a banner: no reply is one answer (GUESS-1, GUESS-2, GUESS-7) and
    # the banner comes before the guess's last byte (GUESS-6). No `right` is ever read, so
    # GUESS-3, GUESS-4 and GUESS-5 hold only vacuously here; with witnesses (V-WITNESS) they
    # are `not shown`. Answers do come, so GUESS-8 holds.
    "buggy_banner_first.py": {"GUESS-1", "GUESS-2", "GUESS-6", "GUESS-7"},
    # After its guess a half-closed client gets a flood of answers: no reply is one answer
    # (GUESS-1, GUESS-2, GUESS-7). No clean `right` is ever read, so GUESS-3, GUESS-4 and
    # GUESS-5 hold only vacuously (`not shown` with witnesses). GUESS-6 and GUESS-8 never
    # half-close: their clients read one answer and close.
    "buggy_spins_at_eof.py": {"GUESS-1", "GUESS-2", "GUESS-7"},
}

# V-WITNESS: of the IDs above, these are "not shown", never failed: without an answer
# nothing can show them (the others fail, or are not shown, as the steps drawn go).
NOT_SHOWN = {
    "buggy_never_answers.py": {"GUESS-3", "GUESS-4", "GUESS-5"},
}

CORRECT = [
    "correct_socketserver_threads.py",
    "correct_raw_socket_threads.py",
    "correct_asyncio.py",
    "correct_strip_int_try.py",  # `+42` and ` 42` are 42 to it (V-LENIENT)
]
