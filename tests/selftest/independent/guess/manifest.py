BUGGY = {
    "buggy_single_recv.py": {"GUESS-6"},
    "buggy_found_on_handler.py": {"GUESS-3", "GUESS-4", "GUESS-7"},
    "buggy_ignores_secret.py": {"GUESS-5"},
    "buggy_int_no_try.py": {"GUESS-7"},
    "buggy_serial.py": {"GUESS-8"},
    # GUESS-9, C-STOP "with a silent client connected": daemon_threads left False, so
    # server_close() joins the silent client's thread and ctrl-C never ends the process.
    "buggy_nondaemon_guess.py": {"GUESS-9"},
}
CORRECT = ["threading_strip_int.py", "raw_threads.py", "asyncio_server.py", "selectors_loop.py", "int_of_bytes.py", "mixin_lock.py", "server_state_lock.py", "asyncio_guess.py"]

# Where wirecheck's current verdict differs from the standard (see test_independent_servers.py).
DISAGREES: dict = {}  # none left: wirecheck agrees with the standard on these servers
