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
]
