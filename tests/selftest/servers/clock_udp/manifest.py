"""clock-udp selftest servers: the requirement IDs each buggy server must fail (exactly
these, no others) and the servers that must pass every requirement.

UDP-1 runs the server on a day of the month with one digit, so strftime's zero-padded day
shows. UDP-1 is judged with one sender at a time (each reply awaited before another client
sends); UDP-2 interleaves senders and judges only who gets which reply, not its format."""

BUGGY = {
    "buggy_never_answers.py": {"UDP-1", "UDP-2", "UDP-3"},  # C-STOP not shown: no answer
    # Each sender gets one datagram back, its own: who gets which reply holds (UDP-2); what
    # the reply says is UDP-1's alone (V-FOCUS).
    "buggy_echoes_request.py": {"UDP-1"},
    "buggy_zero_padded_day.py": {"UDP-1"},
    # The time and then an empty datagram, both to their sender: one datagram per request is
    # UDP-1's; no reply reaches another sender, so UDP-2 holds (V-FOCUS).
    "buggy_sendto_and_wfile.py": {"UDP-1"},
    # Dies on a datagram that is not ASCII (`decode("ascii")` with no try): C-ROBUST over
    # datagrams is judged under UDP-1 (V-EDGE plays that datagram on every run); UDP-2's
    # senders send only ASCII requests, so it holds.
    "buggy_decode_ascii_crashes.py": {"UDP-1"},
}

CORRECT = [
    "correct_raw_loop.py",
    "correct_threading_udpserver.py",
]
