BUGGY = {
    "buggy_datetime_str.py": {"CLOCK-1"},
    "buggy_one_recv.py": {"CLOCK-2"},
    "buggy_serial.py": {"CLOCK-7"},
    "buggy_decode_crash.py": {"CLOCK-6"},
    "buggy_session_loop.py": {"CLOCK-4"},
}
CORRECT = ["threading_server.py", "raw_threads.py", "selectors_loop.py", "asyncio_server.py", "input_quit.py", "makefile_newline.py", "create_server_makefile.py"]

# Where wirecheck's current verdict differs from the standard (see test_independent_servers.py).
DISAGREES = {
    "buggy_datetime_str.py": {
        "CLOCK-3": "it answers every 25 printable bytes (the same wrong text as for the canonical "
        "question); the wrong format is CLOCK-1's alone (V-FOCUS), yet CLOCK-3 judges the ctime shape",
    },
}
