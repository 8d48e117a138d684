BUGGY = {
    "buggy_pairs_the_dead.py": {"SWAP-6"},
    "buggy_one_recv.py": {"SWAP-7"},
    "buggy_accept_two.py": {"SWAP-6", "SWAP-9"},
}
CORRECT = ["threading_condition.py", "selectors_loop.py", "asyncio_futures.py", "queue_pairer.py", "poll_loop.py"]

