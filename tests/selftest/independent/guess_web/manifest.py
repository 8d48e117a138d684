BUGGY = {
    "buggy_found_on_handler.py": {"WGUESS-1"},
    "buggy_ignores_secret.py": {"WGUESS-3"},
    "buggy_serial.py": {"WGUESS-6"},
}
CORRECT = ["threading_unquote.py", "mixin_urlparse.py", "asyncio_raw_http.py"]
