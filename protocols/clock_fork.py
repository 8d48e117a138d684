"""clock-fork: a session of clock requests per connection, a process per client."""

from __future__ import annotations

from .requirements import Protocol, Transport, must, should

CLOCK_FORK = Protocol(
    name="clock-fork",
    title="clock-fork — a session per connection, a process per client",
    filename="clockforkserver.py",
    transport=Transport.TCP,
    port=12091,
    reference="clock_fork",
    requirements=(
        must(
            "FORK-1",
            "A connection carries a session: every 25-byte request gets one ctime reply (as "
            "CLOCK-1), in order, until the client closes.",
        ),
        must(
            "FORK-2",
            "C-EXACT, pipelining included: two requests in one write get two replies; one "
            "request in three writes gets one reply.",
        ),
        must(
            "FORK-3",
            "Each client is served by a child process of the listening process: while k clients "
            "are connected (each has had a reply), the server has at least k live child processes.",
        ),
        must(
            "FORK-4",
            "Child cleanup: when a client closes its connection, the child serving it exits "
            "within 2 s (it is gone or a zombie).",
        ),
        should("FORK-5", "No zombies: an exited child is reaped by the server within 2 s."),
        must(
            "FORK-6",
            "On SIGINT to the listening process alone, the server kills every child still "
            "serving a client, closes the listening socket and exits; within 3 s no process of "
            "its tree is left and connected clients see their connection end.",
        ),
        must("FORK-7", "C-ROBUST."),
        should("FORK-8", "C-CONC (a stalled session never delays another)."),
    ),
)
