BUGGY = {
    "buggy_bytes_repr.py": {"UNIXD-1"},
    "buggy_echo_question.py": {"UNIXD-1"},
}
CORRECT = ["unix_datagram_server.py", "raw_recvfrom.py", "selectors_dgram.py", "poll_loop.py"]
