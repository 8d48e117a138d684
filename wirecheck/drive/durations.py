"""How long each requirement's check takes on a correct server, measured: only to choose the
order in which ``check --all`` hands requirements to its workers (the longest first, so that
none of the long ones is left to start last and end alone).

A formula from the edge cases' pauses and the random examples' weight guessed wrong where it
mattered: swap's random examples pause up to 3 s while a partner is awaited (SWAP-1 and
SWAP-5 were put among the short ones and started last), and C-ROBUST's misbehaving clients
cost almost nothing though they count as edge cases (WEB-5 and CLOCK-6 started first). The
figures below are medians of `wirecheck check --all` on the reference servers, three seeds,
with the timers on (`python bench/typical_seconds.py --runs 3` prints them afresh); they move
with the machine, but the order they give moves little. A requirement missing here (a new
one) falls back to the formula in ``wirecheck.drive.parallel``."""

from __future__ import annotations

TYPICAL_SECONDS: dict[str, float] = {
    "CLOCK-1": 0.9, "CLOCK-2": 12.0, "CLOCK-3": 0.9, "CLOCK-4": 0.3, "CLOCK-5": 0.2,
    "CLOCK-6": 1.5, "CLOCK-7": 3.7, "CLOCK-8": 0.1,
    "UDP-1": 4.6, "UDP-2": 2.4, "UDP-3": 0.1,
    "UNIX-1": 11.5, "UNIX-2": 0.1,
    "UNIXD-1": 3.8, "UNIXD-2": 0.1,
    "FORK-1": 1.7, "FORK-2": 8.5, "FORK-3": 0.6, "FORK-4": 1.0, "FORK-5": 1.0,
    "FORK-6": 0.8, "FORK-7": 1.2, "FORK-8": 0.4,
    "WEB-1": 0.6, "WEB-2": 0.3, "WEB-3": 0.8, "WEB-4": 0.9, "WEB-5": 0.6, "WEB-6": 0.3,
    "WEB-7": 0.1,
    "SWAP-1": 0.8, "SWAP-2": 0.4, "SWAP-3": 1.7, "SWAP-4": 5.4, "SWAP-5": 2.1,
    "SWAP-6": 4.4, "SWAP-7": 10.6, "SWAP-8": 1.2, "SWAP-9": 1.0, "SWAP-10": 0.1,
    "GUESS-1": 0.7, "GUESS-2": 0.8, "GUESS-3": 0.9, "GUESS-4": 0.7, "GUESS-5": 0.8,
    "GUESS-6": 9.4, "GUESS-7": 0.8, "GUESS-8": 0.8, "GUESS-9": 0.1,
    "WGUESS-1": 1.0, "WGUESS-2": 0.9, "WGUESS-3": 0.5, "WGUESS-4": 0.8, "WGUESS-5": 0.8,
    "WGUESS-6": 0.8, "WGUESS-7": 0.1,
}
