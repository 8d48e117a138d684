BUGGY = {
    "buggy_one_recv.py": {"UNIX-1"},
    "buggy_waits_for_eof.py": {"UNIX-1"},
    # UNIX-2 is "C-STOP, as CLOCK-8": daemon_threads left False, a silent client connected,
    # and ctrl-C leaves the process waiting for its handler thread. It serves everyone.
    "buggy_nondaemon_unix.py": {"UNIX-2"},
}
CORRECT = ["unix_stream_server.py", "raw_unix_threads.py", "asyncio_unix.py", "mixin_unlink.py", "threading_unix_daemon.py"]
