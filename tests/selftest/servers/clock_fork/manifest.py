"""clock-fork selftest servers: the requirement IDs each buggy server must fail (exactly
these, no others) and the servers that must pass every requirement.

What the sets assume of the checks:
- FORK-1 runs its session lock-step (each request after the previous reply); requests sent
  back to back are pipelining, which FORK-2 owns.
- FORK-2's pipelined and fragmented cases each start on a fresh connection, so a session
  that stops after its first exchange does not fail FORK-2.
- FORK-3 counts the live (non-zombie) processes of the server's tree, not only its direct
  children: in buggy_child_returns_to_accept.py a child that fell back into accept() may
  fork a grandchild to serve a client.
- FORK-4, FORK-5 and FORK-6 hold vacuously for a server that has no child processes
  (buggy_threads.py fails FORK-3 alone).
"""

BUGGY = {
    "buggy_answers_first_exchange_only.py": {"FORK-1"},
    "buggy_recv25.py": {"FORK-2"},
    "buggy_recv1024.py": {"FORK-2"},
    "buggy_threads.py": {"FORK-3"},
    "buggy_child_returns_to_accept.py": {"FORK-4"},
    "buggy_never_reaps.py": {"FORK-5"},
    "buggy_sigint_kills_nothing.py": {"FORK-6"},
}

CORRECT = [
    "correct_fork_sigchld.py",
    "correct_forking_tcpserver.py",
    "correct_quit_on_stdin.py",  # waits on input() for `q`, as the course's fork.py
]
