BUGGY = {
    "buggy_pairs_the_dead.py": {"SWAP-6"},
    "buggy_one_recv.py": {"SWAP-7"},
    "buggy_accept_two.py": {"SWAP-6", "SWAP-9"},
}
CORRECT = ["threading_condition.py", "selectors_loop.py", "asyncio_futures.py"]

# Where wirecheck's current verdict differs from the standard (see test_independent_servers.py).
DISAGREES = {
    "buggy_accept_two.py": {
        "SWAP-5": "failed because a silent client connected earlier held two ready ones apart; "
        "the standard decides that is SWAP-9 alone",
    },
}
