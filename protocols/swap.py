"""swap — exercise 1: two clients exchange one 25-byte message each."""

from __future__ import annotations

from .requirements import Protocol, Transport, must, should

SWAP = Protocol(
    name="swap",
    title="swap — exercise 1",
    filename="swapserver.py",
    transport=Transport.TCP,
    port=12092,
    reference="swap",
    requirements=(
        must(
            "SWAP-1",
            "Swap: when clients A and B are paired, A receives exactly B's 25 bytes and B exactly A's.",
        ),
        must(
            "SWAP-2",
            "No self-delivery, no invention: a client never receives its own message, nor bytes "
            "no other client sent, nor more than one message.",
        ),
        must(
            "SWAP-3",
            "Pairing is a matching: if A received B's message, B receives A's (unless B "
            "disconnected first); no message reaches two clients.",
        ),
        must(
            "SWAP-4",
            "Liveness: whenever two or more connected clients have sent their message and are "
            "unpaired, a pair forms within 2 s. A client alone receives nothing until a partner "
            "has sent.",
        ),
        should(
            "SWAP-5",
            "Fairness: pairing is first-come first-served by the time a message has fully "
            "arrived; a waiting client is paired before any client whose message arrived later.",
        ),
        should(
            "SWAP-6",
            "A waiting client that disconnects (closes its socket) is never paired: the next "
            "client is paired with a live one.",
        ),
        must("SWAP-7", "C-EXACT (a message split over several writes is one message)."),
        must("SWAP-8", "C-ROBUST."),
        should(
            "SWAP-9",
            "C-CONC: a silent connected client does not keep two ready clients apart (part of "
            "SWAP-4's liveness when it is not the silent one's turn).",
        ),
    ),
)
