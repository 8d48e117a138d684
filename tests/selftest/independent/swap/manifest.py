BUGGY = {
    "buggy_pairs_the_dead.py": {"SWAP-6"},
    "buggy_one_recv.py": {"SWAP-7"},
    "buggy_accept_two.py": {"SWAP-6", "SWAP-9"},
    # C-PATIENCE: "a 0.25 s poll that closes a waiting swap client" fails "SWAP-4 for a waiting
    # client": a client may wait up to 3 s for its partner. Clients less than 0.25 s apart
    # are still paired, so SWAP-1/3/5 hold when their checks send partners together.
    "buggy_drops_lone_waiter.py": {"SWAP-4"},
    # SWAP-6: "A waiting client that disconnects ... is never paired: the next client is
    # paired with a live one." Here the next client, if its message comes within 0.2 s of the
    # waiter's departure, is handed to the dead waiter and closed unanswered. Not SWAP-4: the
    # server closes it, so two connected unpaired clients never wait 2 s; not SWAP-8: a
    # waiter that leaves is none of C-ROBUST's four misbehaving clients. A fair instructor
    # blames SWAP-6 alone; a check that waits more than 0.2 s after the departure misses it.
    "buggy_closes_next.py": {"SWAP-6"},
    # C-STOP "with a client waiting for its partner and a silent client connected":
    # non-daemon handler threads keep the process alive after ctrl-C. Pairs are right.
    "buggy_nondaemon_waiter.py": {"SWAP-10"},
}
CORRECT = ["threading_condition.py", "selectors_loop.py", "asyncio_futures.py", "queue_pairer.py", "poll_loop.py",
           "condition_waiting_list.py", "event_poll_waiter.py", "selectors_pairer.py"]

# Where wirecheck's IDs differ from this reading of the standard. The bug is caught on every
# seed, but charged to SWAP-4 (the dropped client's pair never forms) and SWAP-8 (a client
# that closes at once is a departure too, and the client after it is dropped): C-PATIENCE's
# wording ("C-ROBUST's for a later client the drop broke"). SWAP-6's `waiter left` case sends
# the next message 0.5 s after the departure, outside this server's 0.2 s window; its `waiter
# leaves as next completes` case brings the next message at the moment of the departure and
# sees the drop, but the model charges a waiting client closed without a message to SWAP-4
# there too (only a server that dies of the departure fails SWAP-6 in that case).
DISAGREES = {
    "buggy_closes_next.py": {"SWAP-6": "charged to SWAP-4 and SWAP-8 instead (C-PATIENCE's reading); caught on every seed"},
}
