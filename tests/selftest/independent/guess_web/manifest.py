BUGGY = {
    # WGUESS-7 (revised C-STOP, "leaves no process behind"): with a half-sent request
    # connected, ctrl-C reaches server_close(), where ForkingMixIn waits for the child that
    # still reads the request, so neither process ends.
    "buggy_forking_state.py": {"WGUESS-1", "WGUESS-7"},
    "buggy_found_on_handler.py": {"WGUESS-1"},
    "buggy_ignores_secret.py": {"WGUESS-1", "WGUESS-3"},  # WGUESS-1 not shown: its random word is never found
    "buggy_serial.py": {"WGUESS-6"},
    # WGUESS-7 is "C-STOP, as WEB-7" (a client that sent half a request connected).
    # ThreadingHTTPServer's daemon_threads is True; setting it False makes exit wait for the
    # half-request's handler, which waits for the rest of the request forever.
    "buggy_nondaemon_http.py": {"WGUESS-7"},
}
CORRECT = ["threading_unquote.py", "mixin_urlparse.py", "asyncio_raw_http.py", "mixin_urlsplit.py", "simple_handler_partition.py", "threading_server_close.py"]
