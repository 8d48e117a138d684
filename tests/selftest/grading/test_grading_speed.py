"""Grading's speed settings without servers: the grading profile's budgets, and the
scheduler's extra checks, which start only while the cores idle."""

from __future__ import annotations

import threading
import time

from wirecheck.checks import checks_for
from wirecheck.drive.profiles import PROFILES, get_profile
from wirecheck.grading import scheduler as scheduler_module
from wirecheck.grading.scheduler import Job, JobReport, Scheduler, WorkerSettings
from wirecheck.core.results import CheckResult


class FixedGauge:
    def __init__(self, busy: float) -> None:
        self.value = busy

    def busy(self) -> float:
        return self.value


def run_held(monkeypatch, busy: float, jobs: int = 1, count: int = 3) -> int:
    """Run ``count`` jobs that each last until all have been started or 2.5 s have passed;
    returns the most that ran at once."""
    monkeypatch.setattr(scheduler_module, "EXTRA_SPACING", 0.0)
    scheduler = Scheduler(WorkerSettings(1, "quick", None, 60.0), jobs)
    scheduler._gauge = FixedGauge(busy)
    started = threading.Semaphore(0)
    everyone = threading.Event()

    def admitted(job: Job) -> JobReport:
        started.release()
        everyone.wait(2.5)
        return JobReport(job, CheckResult("clock", job.display, 1), 0.0)

    scheduler._run_admitted = admitted
    jobs_list = [Job(f"s{i}", "clock", None, f"s{i}/clockserver.py") for i in range(count)]
    done: list[JobReport] = []
    runner = threading.Thread(target=scheduler.run, args=(jobs_list, done.append))
    runner.start()
    deadline = time.monotonic() + 10
    while scheduler.most_at_once < min(count, scheduler.limit) and time.monotonic() < deadline:
        started.acquire(timeout=0.5)
        if busy >= scheduler_module.EXTRA_WHEN_BUSY_BELOW and scheduler.most_at_once >= jobs:
            break
    everyone.set()
    runner.join(15)
    assert len(done) == count
    return scheduler.most_at_once


def test_extra_checks_start_while_the_cores_idle(monkeypatch):
    factor = scheduler_module.EXTRA_FACTOR
    assert run_held(monkeypatch, busy=0.1, jobs=1, count=factor + 1) == factor  # at most EXTRA_FACTOR times --jobs


def test_no_extra_check_starts_on_busy_cores(monkeypatch):
    assert run_held(monkeypatch, busy=0.9, jobs=1, count=3) == 1


def test_the_grading_profile_only_ever_lowers_the_default_budgets():
    default, grading = get_profile("default"), get_profile("grading")
    lowered = 0
    for protocol in ("clock", "clock-udp", "swap", "guess", "hello-web"):
        for req_id, check in checks_for(protocol).items():
            ours, theirs = grading.examples_for(req_id, check.weight), default.examples_for(req_id, check.weight)
            assert 1 <= ours <= theirs, req_id
            lowered += ours < theirs
    assert lowered >= 10
    assert {name for name, _ in grading.weights} <= {r for p in ("clock", "swap", "guess") for r in checks_for(p)}
    assert (grading.steps, grading.shrink_seconds, grading.rechecks) == (default.steps, default.shrink_seconds, 0)
    assert "grading" in PROFILES


def test_examples_on_the_command_line_scale_the_grading_budgets():
    import dataclasses

    grading = dataclasses.replace(get_profile("grading"), examples=40)
    assert grading.examples_for("SWAP-5", 0.3) == 6 and grading.examples_for("SWAP-1", 0.3) == 12
