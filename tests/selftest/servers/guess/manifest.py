"""guess selftest servers: each buggy server with the requirements it must fail, and the
correct servers, which must pass everything."""

BUGGY = {
    "buggy_no_found_state.py": {"GUESS-3", "GUESS-4"},
    "buggy_found_for_new_connections.py": {"GUESS-3"},
    "buggy_unlocked_check_then_set.py": {"GUESS-4"},
    "buggy_ignores_secret.py": {"GUESS-5"},  # only GUESS-5
    "buggy_recv_once.py": {"GUESS-6"},
    "buggy_dies_on_non_number.py": {"GUESS-7"},
    "buggy_capital_wrong.py": {"GUESS-1"},
}

CORRECT = [
    "correct_socketserver_threads.py",
    "correct_raw_socket_threads.py",
    "correct_asyncio.py",
]
