"""Hypothesis settings for the three ways wirecheck is run: a quick look while fixing a
server, the default, and a deep run for CI and grading (derandomized, no database on disk)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ConfigError


@dataclass(frozen=True)
class Profile:
    name: str
    examples: int  # Hypothesis examples for a check of weight 1
    steps: int  # most steps in one example of a state machine
    rechecks: int  # replays of a failure before it is reported, besides Hypothesis's own
    persistent_database: bool  # keep failures on disk, keyed per target, to replay first
    shrink_seconds: int  # a bound on shrinking, so a verdict arrives in seconds


# Shrinking bounds: measured on one buggy fixture server per protocol, two seeds each
# (bench/shrink_budget.py, bench/README.md), 25 of 26 counterexamples were as short after 3 s
# of shrinking as after 8 (the other: 7 steps instead of 4), and the verdicts came up to 5 s
# sooner.
# Re-checks: Hypothesis itself replays the shrunk steps once, with the standard's full waits,
# before it reports them (and says when they passed); that replay is the re-check of the
# quick and default profiles. A further replay never turns a failure into a pass — a failure
# that does not come back is still reported, as intermittent — it only counts how often it
# comes back, at the price of a whole example (2 s for a reply that never comes), so only
# the deep profile pays for it.
PROFILES = {
    "quick": Profile("quick", examples=8, steps=8, rechecks=0, persistent_database=True, shrink_seconds=2),
    "default": Profile("default", examples=20, steps=12, rechecks=0, persistent_database=True, shrink_seconds=3),
    "deep": Profile("deep", examples=60, steps=20, rechecks=3, persistent_database=False, shrink_seconds=60),
}
DEFAULT_PROFILE = "default"


def get_profile(name: str, source: str = "--profile") -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ConfigError(f"{source}: unknown profile {name!r} (choose from {', '.join(PROFILES)})") from None
