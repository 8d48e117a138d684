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
- FORK-3..6 hold only where a child was seen serving a client that had had a reply
  (V-WITNESS): a server with no child processes (buggy_threads.py) fails FORK-3 and gets
  "not shown" for FORK-4, FORK-5 and FORK-6.
- An echo forks nothing either: FORK-1 fails on its answers, FORK-3 on its processes,
  FORK-4..6 are not shown; framing, C-ROBUST and C-CONC (FORK-2, FORK-7, FORK-8) need an
  answer in any shape, and hold.
- buggy_child_returns_to_accept: its children served, so FORK-5 has its witness (and
  holds: none of them ever exits to be reaped).
"""

BUGGY = {
    "buggy_never_answers.py": {"FORK-1", "FORK-2", "FORK-3", "FORK-4", "FORK-5", "FORK-6", "FORK-7", "FORK-8"},
    "buggy_echoes_request.py": {"FORK-1", "FORK-3", "FORK-4", "FORK-5", "FORK-6"},
    "buggy_answers_first_exchange_only.py": {"FORK-1"},
    "buggy_recv25.py": {"FORK-2"},
    "buggy_recv1024.py": {"FORK-2"},
    "buggy_threads.py": {"FORK-3", "FORK-4", "FORK-5", "FORK-6"},
    "buggy_child_returns_to_accept.py": {"FORK-4"},
    "buggy_never_reaps.py": {"FORK-5"},
    "buggy_reaps_one_per_signal.py": {"FORK-5"},
    "buggy_sigint_kills_nothing.py": {"FORK-6"},
}

# V-WITNESS: of the IDs above, these are "not shown", never failed: without an answer
# nothing can show them (the others fail, or are not shown, as the steps drawn go).
NOT_SHOWN = {
    "buggy_never_answers.py": {"FORK-3", "FORK-4", "FORK-5", "FORK-6"},
    "buggy_threads.py": {"FORK-4", "FORK-5", "FORK-6"},
}

CORRECT = [
    "correct_fork_sigchld.py",
    "correct_forking_tcpserver.py",
    "correct_quit_on_stdin.py",  # waits on input() for `q`, as the course's fork.py
    "correct_child_pauses_first.py",  # each child pauses 1 s before serving (the course's 10 s, shortened)
]
