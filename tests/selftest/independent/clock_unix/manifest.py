BUGGY = {
    "buggy_one_recv.py": {"UNIX-1"},
    "buggy_waits_for_eof.py": {"UNIX-1"},
}
CORRECT = ["unix_stream_server.py", "raw_unix_threads.py", "asyncio_unix.py", "mixin_unlink.py"]
