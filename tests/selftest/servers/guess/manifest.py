"""guess selftest servers: each buggy server with the requirements it must fail, and the
correct servers, which must pass everything.

V-WITNESS: a server that never answers holds nothing. A server whose replies no reading
of the protocol accepts (an echo, a banner before every answer, a flood) is judged at once
as giving no answer (V-BOUNDED): what needs an answer — framing and concurrency included,
since neither can be told without one — is not shown or fails."""

BUGGY = {
    "buggy_never_answers.py": {"GUESS-1", "GUESS-2", "GUESS-3", "GUESS-4", "GUESS-5", "GUESS-6", "GUESS-7", "GUESS-8", "GUESS-9"},
    "buggy_echoes_request.py": {"GUESS-1", "GUESS-2", "GUESS-3", "GUESS-4", "GUESS-5", "GUESS-6", "GUESS-7", "GUESS-8", "GUESS-9"},
    "buggy_no_found_state.py": {"GUESS-3", "GUESS-4", "GUESS-7"},  # GUESS-7: a non-number after the find
    "buggy_found_for_new_connections.py": {"GUESS-3"},
    "buggy_unlocked_check_then_set.py": {"GUESS-4"},
    "buggy_ignores_secret.py": {"GUESS-5"},  # only GUESS-5
    "buggy_below_is_right.py": {"GUESS-5"},  # `guess <= SECRET`: caught by the edge case `one below the secret`
    "buggy_recv_once.py": {"GUESS-6"},
    "buggy_dies_on_non_number.py": {"GUESS-7"},
    "buggy_dies_on_non_ascii.py": {"GUESS-7", "GUESS-8"},  # ASCII guesses all answered right
    "buggy_capital_wrong.py": {"GUESS-1"},
    # Every answer comes after a banner: no reply is one answer (GUESS-1, GUESS-2, GUESS-7), the
    # banner comes before the guess's last byte (GUESS-6), no `right` is ever read (GUESS-3,
    # GUESS-4, GUESS-5 not shown) and no readable answer ever comes (GUESS-8 not shown).
    "buggy_banner_first.py": {"GUESS-1", "GUESS-2", "GUESS-3", "GUESS-4", "GUESS-5", "GUESS-6", "GUESS-7", "GUESS-8", "GUESS-9"},
    # After its guess a half-closed client gets a flood of answers: no reply is one answer
    # (GUESS-1, GUESS-2, GUESS-7), no clean `right` is ever read (GUESS-3, GUESS-4, GUESS-5
    # not shown), nor any readable answer (GUESS-8). GUESS-6 never half-closes: its clients
    # read one answer and close.
    "buggy_spins_at_eof.py": {"GUESS-1", "GUESS-2", "GUESS-3", "GUESS-4", "GUESS-5", "GUESS-7", "GUESS-8"},
    # The same loop resting 0.1 s after each answer: the second answer comes late, and is
    # waited for (a client that sent EOF waits for the close), so it fails the same IDs.
    "buggy_paced_session_at_eof.py": {"GUESS-1", "GUESS-2", "GUESS-3", "GUESS-4", "GUESS-5", "GUESS-7", "GUESS-8"},
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
    "correct_pauses_before_answer.py",  # answers 1 s after each guess, inside C-TIME's 2 s
    "correct_decode_ascii_handler.py",  # leaves bytes that are not ASCII unanswered (C-ROBUST)
    "correct_asyncio_decode_unguarded.py",  # no reply to non-ASCII bytes (C-ROBUST), serves on
]

# A correct server whose 1 s per answer lets a sweep of the guess check (up to 100 clients
# in turn) outlast the requirement's 60 s before the secret is found: those requirements may
# end ungraded (the check's limit, not the server's fault), never failed.
TOO_SLOW_OK = {"correct_pauses_before_answer.py": {"GUESS-1", "GUESS-2", "GUESS-3", "GUESS-4", "GUESS-5"}}
