BUGGY = {
    "buggy_poll_last_sender.py": {"UDP-2"},
    "buggy_bytes_repr.py": {"UDP-1"},
}
CORRECT = ["datagram_handler.py", "raw_recvfrom.py", "asyncio_datagram.py", "threading_udp.py", "hostname_newline.py", "select_loop.py"]

