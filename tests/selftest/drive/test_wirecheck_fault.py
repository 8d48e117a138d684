"""Wirecheck's own faults are never charged to a student: an exception inside wirecheck (not
a violation, not a server that did not start) is retried once; when it persists the verdict
is `error` with fault "wirecheck", reported as `error: wirecheck` and graded as ungraded (no
points lost, flagged to the instructor). The faults here are injected into a check's
machine, run against the reference clock server."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis.stateful import rule

from protocols import Level, get_protocol
from wirecheck.drive import runner
from wirecheck.drive.machine import ProtocolMachine
from wirecheck.drive.profiles import get_profile
from wirecheck.drive.runner import Check, RunOptions, run_requirement
from wirecheck.harness.target import resolve_target
from wirecheck.render.report import to_text, verdict_line
from wirecheck.core.results import CheckResult

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = ROOT / "reference_servers" / "clock.py"


class FaultyMachine(ProtocolMachine):
    """A machine whose only step raises an exception of wirecheck's own (a bug), in the runs
    listed in ``faulty_runs`` (counted by the test)."""

    faulty = True

    @rule()
    def step(self):
        self.witness()
        if type(self).faulty:
            raise ZeroDivisionError("injected fault")


def run(monkeypatch, faulty_runs: set[int]):
    protocol = get_protocol("clock")
    target = resolve_target(REFERENCE)
    options = RunOptions(profile=get_profile("quick"), seed=1)
    runs: list[int] = []
    inner = runner._run_requirement

    def counted(*args, **kwargs):
        runs.append(len(runs) + 1)
        FaultyMachine.faulty = len(runs) in faulty_runs
        return inner(*args, **kwargs)

    monkeypatch.setattr(runner, "_run_requirement", counted)
    check = Check("CLOCK-3", machine=FaultyMachine, weight=0.25, max_steps=2)
    result = run_requirement(protocol, check, target, options)
    return result, runs


def test_a_fault_that_persists_is_wirecheck_s_error_after_one_retry(monkeypatch):
    result, runs = run(monkeypatch, {1, 2})
    assert runs == [1, 2]  # retried once, not more
    assert result.verdict == "error" and result.fault == "wirecheck"
    assert "ZeroDivisionError: injected fault" in result.detail
    assert result.to_dict()["fault"] == "wirecheck"
    assert "ERROR: WIRECHECK" in verdict_line(result)
    assert "1 error: wirecheck" in to_text(CheckResult("clock", "reference", 1, [result]))


def test_a_fault_that_does_not_come_back_leaves_the_verdict_of_the_retry(monkeypatch):
    result, runs = run(monkeypatch, {1})
    assert runs == [1, 2]
    assert result.verdict == "pass", result.detail


def test_a_server_s_error_is_not_retried(monkeypatch):
    protocol = get_protocol("clock")
    target = resolve_target(REFERENCE)
    runs = []
    inner = runner._run_requirement

    def counted(*args, **kwargs):
        runs.append(1)
        return inner(*args, **kwargs)

    def never_starts():
        from wirecheck.core.errors import ServerDidNotStart

        raise ServerDidNotStart("injected", "")

    monkeypatch.setattr(runner, "_run_requirement", counted)
    monkeypatch.setattr(FaultyMachine, "faulty", False)
    check = Check("CLOCK-3", machine=FaultyMachine, weight=0.25, max_steps=2)
    result = run_requirement(protocol, check, target, RunOptions(profile=get_profile("quick"), seed=1), start=never_starts)
    assert result.verdict == "error" and result.fault == "server", result.detail
    assert len(runs) == 1


@pytest.mark.parametrize("fault", ["wirecheck", "server"])
def test_grading_charges_only_the_server_s_errors(fault):
    from tests.selftest.test_verdict_faces import one_student_class

    grading, scheme = one_student_class({"CLOCK-1": ("error", fault)})
    from wirecheck.grading.scoring import requirement_points

    req = next(r for r in scheme.requirements if r.id == "CLOCK-1")
    points = requirement_points(req, grading.outcome("ann", "clock").item("CLOCK-1"))
    assert points == (req.points if fault == "wirecheck" else 0.0)
    assert Level.MUST == req.level
