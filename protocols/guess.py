"""guess — exercise 2: guess a secret number; the first correct guess wins, then the
secret is found for everyone."""

from __future__ import annotations

from .requirements import Protocol, Transport, must, should

GUESS = Protocol(
    name="guess",
    title="guess — exercise 2",
    filename="guessserver.py",
    transport=Transport.TCP,
    port=12093,
    reference="guess",
    requirements=(
        must("GUESS-1", "Before the secret has been found, a wrong guess gets `wrong`."),
        must("GUESS-2", "The first correct guess gets `right`."),
        must(
            "GUESS-3",
            "First-correct-guess-then-always-found: once `right` has been sent, every guess read "
            "afterwards, from any client (including clients connected before), right or wrong, "
            "gets `secret found`.",
        ),
        must(
            "GUESS-4",
            "Exactly one `right` in the server's life, even when several clients send the "
            "correct guess at the same moment.",
        ),
        must(
            "GUESS-5",
            "The secret is SECRET when it is set. (A server that ignores it is still graded on "
            "GUESS-1..4 by a sweep over 0..99 that never needs to know the secret.)",
        ),
        must("GUESS-6", "C-EXACT: `4`, `2` and the padding sent in three writes are the guess 42."),
        must(
            "GUESS-7",
            "C-ROBUST; a guess that is not a number gets `wrong` (or `secret found` once found).",
        ),
        should("GUESS-8", "C-CONC."),
    ),
)
