BUGGY = {
    "buggy_course_404.py": {"WEB-1", "WEB-3"},
    "buggy_no_escape.py": {"WEB-4"},
    "buggy_serial.py": {"WEB-6"},
}
CORRECT = ["threading_send_error.py", "mixin_escape.py", "asyncio_raw_http.py"]

# Where wirecheck's current verdict differs from the standard (see test_independent_servers.py).
DISAGREES = {
    "threading_send_error.py": {
        "WEB-4": "failed for a '\"' left as it is by send_error; the standard: a '\"' in text content "
        "is not markup, send_error and html.escape(..., quote=False) conform",
    },
    "buggy_serial.py": {
        "WEB-4": "failed for a '\"' left as it is by send_error, which the standard names as conforming",
    },
    "asyncio_raw_http.py": {
        "WEB-4": "failed for a '\"' left as it is by html.escape(..., quote=False), which the standard names as conforming",
    },
}
