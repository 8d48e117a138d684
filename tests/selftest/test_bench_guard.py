"""The speed regression guard (bench/guard.py): wirecheck's time over the floor — the same
client sequences replayed by a plain socket client — measured side by side in this run,
may not grow past twice the ratio recorded in bench/baseline.json. Never an absolute time:
a slow or busy machine slows both sides."""

from __future__ import annotations

import pytest

from bench import guard

pytestmark = pytest.mark.slow  # it checks two requirements of the reference clock server, and replays them


def test_overhead_over_the_floor_has_not_doubled():
    baseline = guard.recorded()["ratio"]
    figure = guard.measure(runs=2)
    assert set(figure["verdicts"].values()) == {"pass"}, figure["verdicts"]
    assert figure["ratio"] <= 2 * baseline, (
        f"checking took {figure['verdict']:.2f} s for a floor of {figure['floor']:.2f} s: "
        f"a ratio of {figure['ratio']:.2f}, more than twice the recorded {baseline} (bench/baseline.json)"
    )
