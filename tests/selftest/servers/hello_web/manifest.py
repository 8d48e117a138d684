"""hello-web selftest servers: each buggy server with the requirements it must fail, and
the correct servers, which must pass everything.

V-WITNESS: a server that never answers holds nothing; one that echoes the request back
holds nothing about the answer itself (only C-CONC, which needs an answer in any shape)."""

BUGGY = {
    "buggy_never_answers.py": {"WEB-1", "WEB-2", "WEB-3", "WEB-4", "WEB-5", "WEB-6", "WEB-7"},
    "buggy_echoes_request.py": {"WEB-1", "WEB-2", "WEB-3", "WEB-4", "WEB-5"},
    # Its answers are no HTTP: WEB-4 (escaping in an HTML page) is not shown.
    "buggy_course_version.py": {"WEB-1", "WEB-3", "WEB-4", "WEB-6"},
    "buggy_200_for_every_path.py": {"WEB-3"},
    "buggy_no_content_type.py": {"WEB-2"},
    "buggy_unescaped_reflection.py": {"WEB-4"},
    "buggy_single_threaded.py": {"WEB-6"},  # only WEB-6: HTTPServer alone still stops on ctrl-C
    # ThreadingMixIn + HTTPServer (not ThreadingHTTPServer): its threads are not daemons, and
    # one waiting for the rest of half a request keeps the process alive after ctrl-C.
    "buggy_threading_mixin_non_daemon.py": {"WEB-7"},
    # Hand-written on a plain socket, nothing around a request's handling: the first request
    # it cannot decode ends the process (WEB-5, caught by V-EDGE's cases on every run), and
    # it serves one client at a time (WEB-6).
    "buggy_decode_ascii_crashes.py": {"WEB-5", "WEB-6"},  # decode("ascii") of a non-ASCII request line
    "buggy_own_unquote_crashes.py": {"WEB-5", "WEB-6"},  # its own unquote: bytes.fromhex("zz")
}

CORRECT = [
    "correct_threading_http_server.py",
    "correct_hand_written_http.py",
    "correct_send_error.py",  # http.server's send_error leaves `"` unescaped in text
    "correct_urlparse_unquote.py",  # reports urlparse's decoded path (`;params` cut off)
]
