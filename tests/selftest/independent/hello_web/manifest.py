BUGGY = {
    "buggy_course_404.py": {"WEB-1", "WEB-3"},
    "buggy_no_escape.py": {"WEB-4"},
    "buggy_serial.py": {"WEB-6"},
}
CORRECT = ["threading_send_error.py", "mixin_escape.py", "asyncio_raw_http.py"]
