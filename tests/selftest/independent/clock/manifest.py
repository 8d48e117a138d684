BUGGY = {
    "buggy_one_recv.py": {"CLOCK-2"},
    "buggy_serial.py": {"CLOCK-7"},
    "buggy_decode_crash.py": {"CLOCK-6"},
    "buggy_session_loop.py": {"CLOCK-4"},
}
CORRECT = ["threading_server.py", "raw_threads.py", "selectors_loop.py", "asyncio_server.py", "input_quit.py", "makefile_newline.py"]

# Where wirecheck's current verdict differs from the standard (see test_independent_servers.py).
_STDIN = (
    "the harness gives the target an empty standard input (input() raises EOFError at once); "
    "the contract: standard input is open and never delivers data, closed only when the server is stopped"
)
DISAGREES = {"input_quit.py": {rid: _STDIN for rid in ("CLOCK-1", "CLOCK-2", "CLOCK-3", "CLOCK-4", "CLOCK-5", "CLOCK-6", "CLOCK-7")}}
