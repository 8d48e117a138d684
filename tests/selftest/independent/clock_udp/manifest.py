BUGGY = {
    "buggy_poll_last_sender.py": {"UDP-2"},
    "buggy_bytes_repr.py": {"UDP-1"},
}
CORRECT = ["datagram_handler.py", "raw_recvfrom.py", "asyncio_datagram.py", "threading_udp.py", "hostname_newline.py"]

# Where wirecheck's current verdict differs from the standard (see test_independent_servers.py).
DISAGREES = {
    "buggy_poll_last_sender.py": {
        "UDP-1": "failed although every sender that waits alone is answered: UDP-1 is judged "
        "with one sender at a time, but its check has a second sender send before the first reads",
    },
    "buggy_bytes_repr.py": {
        "UDP-2": "failed for the reply's format, which is UDP-1's failure alone (V-FOCUS, V-WITNESS)",
    },
}
