BUGGY = {
    "buggy_no_reap.py": {"FORK-5"},
    "buggy_empty_means_wait.py": {"FORK-4"},
    "buggy_no_kill.py": {"FORK-6"},
}
CORRECT = ["forking_server.py", "raw_fork_sigchld.py", "multiprocessing_server.py", "input_quit.py", "sigchld_ign_kill.py", "waitpid_loop.py"]

# Where wirecheck's current verdict differs from the standard (see test_independent_servers.py).
DISAGREES: dict = {}  # none left: wirecheck agrees with the standard on these servers
