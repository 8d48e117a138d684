BUGGY = {
    "buggy_forking_state.py": {"WGUESS-1"},
    "buggy_found_on_handler.py": {"WGUESS-1"},
    "buggy_ignores_secret.py": {"WGUESS-1", "WGUESS-3"},  # WGUESS-1 not shown: its random word is never found
    "buggy_serial.py": {"WGUESS-6"},
}
CORRECT = ["threading_unquote.py", "mixin_urlparse.py", "asyncio_raw_http.py", "mixin_urlsplit.py", "simple_handler_partition.py"]
