"""A failure whose steps did not fail again when replayed is `intermittent` — a race, which
the grading may give a share of its points — only for a server that showed the
requirement's witness at least once. A server that never answered has no good run for its
failure to alternate with: its failure is a plain `fail`, so doing nothing earns nothing
even where an instructor gives credit for intermittent failures. The failures here are
injected into a check's machine, run against the reference clock server."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis.stateful import rule

from protocols import get_protocol
from wirecheck.drive.machine import ProtocolMachine
from wirecheck.drive.profiles import get_profile
from wirecheck.drive.runner import Check, RunOptions, run_requirement
from wirecheck.harness.target import resolve_target

REFERENCE = Path(__file__).resolve().parents[3] / "reference_servers" / "clock.py"


class OnceFailingMachine(ProtocolMachine):
    """A machine whose example fails the first time only (so Hypothesis's own replay of the
    failure passes), and that shows the witness or not."""

    shows_witness = True
    runs = 0

    @rule()
    def step(self):
        type(self).runs += 1
        if type(self).shows_witness:
            self.witness()
        if type(self).runs == 1:
            self.violation("CLOCK-3", "a reply", "no reply within 2 s")


@pytest.mark.parametrize("shows_witness", [True, False])
def test_a_failure_that_did_not_come_back_is_intermittent_only_after_a_witness(monkeypatch, shows_witness):
    monkeypatch.setattr(OnceFailingMachine, "shows_witness", shows_witness)
    monkeypatch.setattr(OnceFailingMachine, "runs", 0)
    protocol = get_protocol("clock")
    target = resolve_target(REFERENCE)
    options = RunOptions(profile=get_profile("quick"), seed=1)
    check = Check("CLOCK-3", machine=OnceFailingMachine, weight=0.25, max_steps=1)
    result = run_requirement(protocol, check, target, options)
    assert result.verdict == "fail", result.detail
    assert OnceFailingMachine.runs > 1  # the failure was replayed, and did not come back
    assert result.detail.startswith("intermittent") == shows_witness, result.detail
