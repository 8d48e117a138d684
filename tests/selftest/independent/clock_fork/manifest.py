BUGGY = {
    "buggy_no_reap.py": {"FORK-5"},
    "buggy_empty_means_wait.py": {"FORK-4"},
    "buggy_no_kill.py": {"FORK-6"},
}
CORRECT = ["forking_server.py", "raw_fork_sigchld.py", "multiprocessing_server.py", "input_quit.py"]

# Where wirecheck's current verdict differs from the standard (see test_independent_servers.py).
_STDIN = (
    "the harness gives the target an empty standard input (input() raises EOFError at once); "
    "the contract: standard input is open and never delivers data, closed only when the server is stopped"
)
DISAGREES = {"input_quit.py": {f"FORK-{n}": _STDIN for n in range(1, 9)}}
