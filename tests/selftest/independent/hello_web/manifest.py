BUGGY = {
    "buggy_text_plain.py": {"WEB-2"},
    "buggy_course_404.py": {"WEB-1", "WEB-3", "WEB-4"},  # WEB-4 not shown: no page http.client parses
    "buggy_no_escape.py": {"WEB-4"},
    "buggy_serial.py": {"WEB-6"},
    # WEB-7, C-STOP with a half-sent request connected: ThreadingMixIn mixed into HTTPServer
    # by hand keeps daemon_threads False, so ctrl-C does not end the process.
    "buggy_mixin_nondaemon.py": {"WEB-7"},
}
CORRECT = ["threading_send_error.py", "mixin_escape.py", "asyncio_raw_http.py", "simple_handler_subclass.py"]

# Where wirecheck's current verdict differs from the standard (see test_independent_servers.py).
DISAGREES: dict = {}  # none left: wirecheck agrees with the standard on these servers
