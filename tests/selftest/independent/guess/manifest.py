BUGGY = {
    "buggy_found_on_handler.py": {"GUESS-3", "GUESS-4", "GUESS-7"},
    "buggy_ignores_secret.py": {"GUESS-5"},
    "buggy_int_no_try.py": {"GUESS-7"},
    "buggy_serial.py": {"GUESS-8"},
}
CORRECT = ["threading_strip_int.py", "raw_threads.py", "asyncio_server.py", "selectors_loop.py", "int_of_bytes.py"]

# Where wirecheck's current verdict differs from the standard (see test_independent_servers.py).
_LENIENT = (
    "with some seeds the check runs SECRET=0 and sends ' 0', '+0' or an Arabic-Indic zero as 'not a number', "
    "then fails the `right` that int() of the text gives; the standard (V-LENIENT, guess) lets white space "
    "around the digits, a sign and non-ASCII digits be read as the number int() makes of them"
)
DISAGREES = {
    "threading_strip_int.py": {"GUESS-7": _LENIENT},
    "asyncio_server.py": {"GUESS-7": _LENIENT},
    "int_of_bytes.py": {"GUESS-7": _LENIENT},
    "buggy_serial.py": {"GUESS-7": _LENIENT},
}
