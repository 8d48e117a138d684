BUGGY = {
    "buggy_datetime_str.py": {"CLOCK-1"},
    "buggy_one_recv.py": {"CLOCK-2"},
    "buggy_serial.py": {"CLOCK-7"},
    "buggy_decode_crash.py": {"CLOCK-6"},
    "buggy_session_loop.py": {"CLOCK-4"},
}
CORRECT = ["threading_server.py", "raw_threads.py", "selectors_loop.py", "asyncio_server.py", "input_quit.py", "makefile_newline.py", "create_server_makefile.py"]
