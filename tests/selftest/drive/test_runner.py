"""The runner's verdict policy (``wirecheck.drive.runner``), without a server: each attempt's
outcome (``wirecheck.drive.attempt``) is made up, and the verdict it leads to is checked."""

from __future__ import annotations

from dataclasses import replace

import pytest

from protocols import get_protocol
from wirecheck.drive import runner
from wirecheck.drive.attempt import Attempt
from wirecheck.drive.machine import Violation
from wirecheck.drive.profiles import get_profile
from wirecheck.drive.runner import TOO_SLOW_TO_CHECK, Check, RunOptions, run_requirement
from wirecheck.harness.target import reference_target

PROTOCOL = get_protocol("clock")
CHECK = Check("CLOCK-3", scenario=lambda context: None)


def never_started():
    raise AssertionError("no server is started in these tests")


def failure(got: str = "`wrong`") -> Violation:
    found = Violation("CLOCK-3", "`right`", got, ["client 1 connects", "client 1 asks"])
    return found


def verdict(monkeypatch, outcomes, check: Check = CHECK, rechecks: int = 0, witness: bool = True, answered: bool = False):
    """The verdict of ``check`` when its attempts come out as ``outcomes`` in turn (the first
    is the exploring one), the run having shown its witness or not, and its server having
    answered or not; and the attempts made."""
    made = []

    def attempts(check, context, profile, seed, req_id, database, reserve=0.0):
        def run(replay: bool, blob=None):
            made.append(replay)
            if witness:
                context.witness("answer")
            context.answers.answered = context.answers.answered or answered
            return outcomes[len(made) - 1]

        return run

    monkeypatch.setattr(runner, "attempts", attempts)
    monkeypatch.setattr(runner, "drop_clients", lambda *args: None)
    options = RunOptions(profile=replace(get_profile("quick"), rechecks=rechecks), seed=1)
    result = run_requirement(PROTOCOL, check, reference_target("clock"), options, start=never_started)
    return result, made


def test_nothing_broken_and_the_witness_shown_is_a_pass(monkeypatch):
    result, made = verdict(monkeypatch, [Attempt.passed()])
    assert (result.verdict, result.detail, made) == ("pass", "", [False])


def test_nothing_broken_and_nothing_shown_is_not_shown(monkeypatch):
    result, _ = verdict(monkeypatch, [Attempt.passed()], witness=False)
    assert result.verdict == "not shown" and result.detail


def test_an_early_end_is_not_shown_with_its_reason(monkeypatch):
    result, _ = verdict(monkeypatch, [Attempt.not_shown("it sent nothing")])
    assert (result.verdict, result.detail) == ("not shown", "it sent nothing")


def test_out_of_time_with_the_witness_shown_holds(monkeypatch):
    result, made = verdict(monkeypatch, [Attempt.out_of_time("time limit: …")])
    assert result.verdict == "pass" and made == [False]


def test_out_of_time_with_answers_but_no_witness_is_ungraded_and_not_retried(monkeypatch):
    result, made = verdict(monkeypatch, [Attempt.out_of_time("time limit: …")] * 2, witness=False, answered=True)
    assert (result.verdict, result.fault) == ("error", "wirecheck")
    assert result.detail.startswith(TOO_SLOW_TO_CHECK)
    assert made == [False]  # too slow to check is never run again


def test_out_of_time_with_no_answer_at_all_is_the_server_s_error(monkeypatch):
    result, _ = verdict(monkeypatch, [Attempt.out_of_time("time limit: the check did not finish")], witness=False)
    assert (result.verdict, result.fault, result.detail) == ("error", "server", "time limit: the check did not finish")


def test_a_server_error_is_an_error_with_its_output(monkeypatch):
    result, made = verdict(monkeypatch, [Attempt.server_error("did not start", "Traceback …")])
    assert (result.verdict, result.fault, result.detail, result.server_output) == ("error", "server", "did not start", "Traceback …")
    assert made == [False]  # a server's error is not run again


def test_a_wirecheck_fault_is_run_once_more_and_the_second_verdict_stands(monkeypatch):
    result, made = verdict(monkeypatch, [Attempt.wirecheck_fault("internal error: boom"), Attempt.passed()])
    assert result.verdict == "pass" and made == [False, False]
    result, made = verdict(monkeypatch, [Attempt.wirecheck_fault("internal error: boom")] * 2)
    assert (result.verdict, result.fault) == ("error", "wirecheck") and "twice: internal error: boom" in result.detail


def test_a_failure_that_comes_back_in_every_replay_is_a_plain_failure(monkeypatch):
    found = failure()
    result, made = verdict(monkeypatch, [Attempt.violated(found), Attempt.violated(failure()), Attempt.violated(failure())], rechecks=2)
    assert (result.verdict, result.detail) == ("fail", "`wrong`")
    assert result.counterexample == found.counterexample()
    assert made == [False, True, True]


def test_a_failure_that_does_not_always_come_back_is_intermittent_with_its_count(monkeypatch):
    outcomes = [Attempt.violated(failure()), Attempt.passed(), Attempt.violated(failure())]
    result, _ = verdict(monkeypatch, outcomes, rechecks=2)
    assert result.verdict == "fail"
    assert result.detail.startswith("intermittent: the same steps failed again in 2 of 3 replays — `wrong`")


def test_a_flaky_failure_counts_hypothesis_s_own_replay_as_passed(monkeypatch):
    result, _ = verdict(monkeypatch, [Attempt.violated(failure(), flaky=True)])
    assert result.detail.startswith("intermittent: the same steps failed again in 0 of 1 replays")


def test_a_replay_cut_short_ends_the_rechecks_without_counting(monkeypatch):
    outcomes = [Attempt.violated(failure()), Attempt.violated(failure()), Attempt.server_error("gone"), Attempt.passed()]
    result, made = verdict(monkeypatch, outcomes, rechecks=3)
    assert (result.verdict, result.detail) == ("fail", "`wrong`")  # 2 of 2: not intermittent
    assert made == [False, True, True]


def test_an_intermittent_failure_needs_the_witness_shown(monkeypatch):
    result, _ = verdict(monkeypatch, [Attempt.violated(failure(), flaky=True)], witness=False)
    assert (result.verdict, result.detail) == ("fail", "`wrong`")


@pytest.mark.parametrize(
    ("attempt", "cut_short", "fault"),
    [
        (Attempt.passed(), False, "server"),
        (Attempt.violated(failure()), False, "server"),
        (Attempt.not_shown("x"), False, "server"),
        (Attempt.server_error("x"), True, "server"),
        (Attempt.out_of_time("x"), True, "server"),
        (Attempt.wirecheck_fault("x"), True, "wirecheck"),
    ],
)
def test_which_outcomes_are_cut_short_and_whose_fault(attempt, cut_short, fault):
    assert (attempt.cut_short, attempt.fault) == (cut_short, fault)
