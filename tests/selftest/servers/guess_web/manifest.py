"""guess-web selftest servers: each buggy server with the requirements it must fail, and
the correct servers, which must pass everything."""

BUGGY = {
    "buggy_path_keeps_query.py": {"WGUESS-1"},
    "buggy_no_found_state.py": {"WGUESS-1"},
    "buggy_unescaped_reflection.py": {"WGUESS-4"},  # only WGUESS-4
    "buggy_404_for_wrong.py": {"WGUESS-1", "WGUESS-2"},
}

CORRECT = [
    "correct_threading_http_server.py",
    "correct_asyncio_hand_written.py",
]
