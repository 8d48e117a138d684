BUGGY = {
    "buggy_single_recv.py": {"GUESS-6"},
    "buggy_found_on_handler.py": {"GUESS-3", "GUESS-4", "GUESS-7"},
    "buggy_ignores_secret.py": {"GUESS-5"},
    "buggy_int_no_try.py": {"GUESS-7"},
    "buggy_serial.py": {"GUESS-8"},
}
CORRECT = ["threading_strip_int.py", "raw_threads.py", "asyncio_server.py", "selectors_loop.py", "int_of_bytes.py", "mixin_lock.py"]

# Where wirecheck's current verdict differs from the standard (see test_independent_servers.py).
DISAGREES: dict = {}  # none left: wirecheck agrees with the standard on these servers
