"""guess-web selftest servers: each buggy server with the requirements it must fail, and
the correct servers, which must pass everything.

V-WITNESS: a server that never answers holds nothing; one that echoes the request back
holds nothing about the answer itself (only C-CONC, which needs an answer in any shape)."""

BUGGY = {
    "buggy_never_answers.py": {"WGUESS-1", "WGUESS-2", "WGUESS-3", "WGUESS-4", "WGUESS-5", "WGUESS-6", "WGUESS-7"},
    "buggy_echoes_request.py": {"WGUESS-1", "WGUESS-2", "WGUESS-3", "WGUESS-4", "WGUESS-5"},
    "buggy_path_keeps_query.py": {"WGUESS-1"},
    "buggy_no_found_state.py": {"WGUESS-1"},
    "buggy_unescaped_reflection.py": {"WGUESS-4"},  # only WGUESS-4
    "buggy_404_for_wrong.py": {"WGUESS-1", "WGUESS-2"},
    "buggy_serves_delete.py": {"WGUESS-5"},  # only DELETE, of the other methods, is served
}

CORRECT = [
    "correct_threading_http_server.py",
    "correct_asyncio_hand_written.py",
    "correct_reflects_escaped_guess.py",  # the guess shown escaped, read by urlparse
]
