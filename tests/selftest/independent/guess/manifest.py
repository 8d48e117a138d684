BUGGY = {
    "buggy_found_on_handler.py": {"GUESS-3", "GUESS-4", "GUESS-7"},
    "buggy_ignores_secret.py": {"GUESS-5"},
    "buggy_int_no_try.py": {"GUESS-7"},
    "buggy_serial.py": {"GUESS-8"},
}
CORRECT = ["threading_strip_int.py", "raw_threads.py", "asyncio_server.py", "selectors_loop.py"]
