"""clock-udp selftest servers: the requirement IDs each buggy server must fail (exactly
these, no others) and the servers that must pass every requirement.

UDP-1 runs the server on a day of the month with one digit, so strftime's zero-padded day
shows. Both checks use several senders at once, so a server that answers the wrong sender
fails both (UDP-1 says "to its sender"): no fixture here fails UDP-2 alone."""

BUGGY = {
    "buggy_never_answers.py": {"UDP-1", "UDP-2"},
    "buggy_echoes_request.py": {"UDP-1", "UDP-2"},
    "buggy_zero_padded_day.py": {"UDP-1"},
}

CORRECT = [
    "correct_raw_loop.py",
    "correct_threading_udpserver.py",
]
