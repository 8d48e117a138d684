"""How ``wirecheck.drive.parallel`` schedules requirements: how many workers a run that mostly
waits may use, which requirement is handed out first (the longest), and when one beyond the
usual number may start (only while the cores idle, as the gauge tells while the run goes on).
Pure logic: no process is started."""

from __future__ import annotations

import concurrent.futures

import pytest

from protocols import get_protocol
from protocols.edges import edges_for
from wirecheck.core.results import RequirementResult
from wirecheck.drive import parallel
from wirecheck.drive.parallel import (
    EXTRA_WHEN_BUSY_BELOW,
    WAITING_CAP,
    Admission,
    LongestFirst,
    expected_seconds,
    waiting_workers,
)
from wirecheck.drive.runner import Check


class FixedGauge:
    def __init__(self, busy: float | None) -> None:
        self.value = busy
        self.looks = 0

    def busy(self) -> float | None:
        self.looks += 1
        return self.value


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def machine_check(requirement: str, weight: float = 1.0) -> Check:
    return Check(requirement, machine=object, weight=weight)


def scenario_check(requirement: str) -> Check:
    return Check(requirement, scenario=lambda context: None)


# --- how many ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "requirements, base, most",
    [
        (56, 4, 16),  # two cores: four times the usual four
        (56, 2, 8),
        (56, 8, WAITING_CAP),  # capped: memory stays bounded
        (56, 32, 32),  # never fewer than the usual number
        (10, 4, 10),  # no more workers than requirements
        (1, 4, 1),
    ],
)
def test_a_waiting_run_uses_more_workers_up_to_a_cap(requirements, base, most):
    assert waiting_workers(requirements, base) == most


# --- which first ---------------------------------------------------------------------------


def test_every_checked_requirement_has_a_measured_duration():
    from wirecheck.checks import checked_protocols, checks_for
    from wirecheck.drive.durations import TYPICAL_SECONDS

    checked = {rid for name in checked_protocols() for rid in checks_for(name)}
    assert checked == set(TYPICAL_SECONDS)
    assert expected_seconds(machine_check("CLOCK-2")) == TYPICAL_SECONDS["CLOCK-2"]
    # Measured, swap's waits for a partner put SWAP-5 above a C-ROBUST-only requirement.
    assert expected_seconds(machine_check("SWAP-5", 0.3)) > expected_seconds(machine_check("WEB-5"))


def test_pauses_of_edge_cases_make_a_requirement_longer(monkeypatch):
    # The guess for a requirement not measured (a new one).
    monkeypatch.setattr(parallel, "TYPICAL_SECONDS", {})
    assert any(e.rule == "C-PATIENCE" for e in edges_for("CLOCK-2")) and not edges_for("CLOCK-1")
    assert expected_seconds(machine_check("CLOCK-2")) > expected_seconds(machine_check("CLOCK-1"))
    assert expected_seconds(machine_check("CLOCK-1")) > expected_seconds(machine_check("CLOCK-1", weight=0.3))
    assert expected_seconds(machine_check("CLOCK-1", weight=0.3)) > expected_seconds(scenario_check("CLOCK-8"))


def test_longest_first_and_the_standard_order_among_equals():
    queue = LongestFirst()
    for seconds, name in [(1.0, "a"), (7.0, "b"), (3.0, "c"), (7.0, "d"), (1.0, "e")]:
        queue.add(seconds, name)
    assert len(queue) == 5
    assert queue.take(0) == [] and queue.take(-1) == []
    assert queue.take(2) == ["b", "d"]
    assert queue.take(10) == ["c", "a", "e"]
    assert len(queue) == 0 and queue.take(3) == []


# --- when one more -------------------------------------------------------------------------


def test_the_usual_number_starts_whatever_the_cores():
    gauge = FixedGauge(1.0)
    admission = Admission(4, 16, 0.5, gauge, Clock())
    assert all(admission.may_start(running) for running in range(4))
    assert not admission.may_start(4)
    assert gauge.looks == 1  # the cores are looked at only beyond the usual number


@pytest.mark.parametrize("busy", [EXTRA_WHEN_BUSY_BELOW, 0.9, None])
def test_no_extra_on_busy_cores_or_when_it_cannot_be_known(busy):
    admission = Admission(2, 8, 0.0, FixedGauge(busy), Clock())
    assert [admission.may_start(r) for r in range(2, 8)] == [False] * 6


def test_extras_on_idle_cores_one_at_a_time_up_to_the_limit():
    clock = Clock()
    admission = Admission(2, 4, 0.5, FixedGauge(0.2), clock)
    assert admission.may_start(2)
    assert not admission.may_start(3)  # spacing: the last one must show in the load first
    clock.now += 0.49
    assert not admission.may_start(3)
    clock.now += 0.02
    assert admission.may_start(3)
    clock.now += 10
    assert not admission.may_start(4)  # the limit
    assert admission.may_start(1)


def test_a_place_left_by_one_that_ended_is_taken_at_once_while_the_cores_idle():
    clock, gauge = Clock(), FixedGauge(0.2)
    admission = Admission(2, 6, 3.0, gauge, clock)
    for running in (2, 3, 4):  # grown to five, one every 3 s
        clock.now += 3.0
        assert admission.may_start(running)
    assert admission.may_start(4)  # one of the five ended: its place is taken without waiting
    assert not admission.may_start(5)  # a sixth would be new: 3 s after the last one grown
    gauge.value = 0.9
    assert not admission.may_start(3)  # busy cores: nothing beyond the usual number...
    gauge.value = 0.2
    assert not admission.may_start(4)  # ... and growing again from what runs then is slow
    clock.now += 3.0
    assert admission.may_start(3) and not admission.may_start(4)


def test_the_limit_is_never_below_the_usual_number():
    admission = Admission(4, 2, 0.5, FixedGauge(0.0), Clock())
    assert admission.limit == 4 and admission.may_start(3)


# --- the whole hand-out, with a pool that runs nothing -------------------------------------


class DonePool:
    """Records what is handed out; each future is done at once."""

    def __init__(self) -> None:
        self.handed: list[str] = []

    def submit(self, function, catalogue, name, requirement, target, options, deadline):
        self.handed.append(requirement)
        future = concurrent.futures.Future()
        req = get_protocol(name).requirement(requirement)
        future.set_result(RequirementResult(req.id, req.level, "pass", ""))
        return future


class Target:
    display = "server.py"


class Options:
    time_limit = None
    seed = 1


def catalogue(name: str) -> dict[str, Check]:
    checks = {
        "CLOCK-1": machine_check("CLOCK-1"),
        "CLOCK-2": machine_check("CLOCK-2"),
        "CLOCK-4": machine_check("CLOCK-4", weight=0.5),
        "CLOCK-6": machine_check("CLOCK-6"),
        "CLOCK-8": scenario_check("CLOCK-8"),
    }
    return checks if name == "clock" else {}


def test_the_longest_are_handed_out_first_and_reported_in_the_standard_order(monkeypatch):
    monkeypatch.setattr(parallel, "probe", lambda target, protocol, options: "")
    pool = DonePool()
    reported: list[str] = []
    results: list = []
    admission = Admission(2, 2, 0.5, FixedGauge(1.0), Clock())
    parallel._check_all(
        pool, admission, [("clock", Target())], Options(), catalogue, None,
        lambda name, item: reported.append(item.id), results, [],
    )
    by_length = sorted(catalogue("clock"), key=lambda i: -expected_seconds(catalogue("clock")[i]))
    assert pool.handed == by_length
    assert pool.handed[0] == "CLOCK-2" and pool.handed[-1] == "CLOCK-8"
    ids = get_protocol("clock").ids
    assert reported == list(ids)  # those without a check are reported as skipped, in place
    assert [r.verdict for r in results[0].requirements if r.id in catalogue("clock")] == ["pass"] * 5
    assert all(r.verdict == "skip" for r in results[0].requirements if r.id not in catalogue("clock"))


# --- how busy the cores were -----------------------------------------------------------------


class Stat:
    """A made-up /proc/stat: jiffies in all and idle, advanced by hand."""

    def __init__(self) -> None:
        self.total, self.idle = 1000, 500

    def run(self, jiffies: int, busy: float) -> None:
        self.total += jiffies
        self.idle += round(jiffies * (1.0 - busy))

    def __call__(self):
        return self.total, self.idle


def test_the_gauge_looks_over_its_window_however_often_it_is_asked():
    clock, stat = Clock(), Stat()
    gauge = parallel.CpuGauge(window=3.0, clock=clock, read=stat)
    for _ in range(6):  # three idle seconds
        clock.now += 0.5
        stat.run(50, 0.0)
        gauge.busy()
    clock.now += 0.1
    stat.run(10, 1.0)  # a start-up burst just before this look
    share = gauge.busy()
    # Over the last 3 s or so (not the 0.1 s since the last look): mostly idle.
    assert share is not None and share < 0.1


def test_the_gauge_forgets_what_is_older_than_its_window():
    clock, stat = Clock(), Stat()
    gauge = parallel.CpuGauge(window=2.0, clock=clock, read=stat)
    for _ in range(10):  # five idle seconds
        clock.now += 0.5
        stat.run(50, 0.0)
        assert gauge.busy() == pytest.approx(0.0)
    for _ in range(10):  # then five busy ones
        clock.now += 0.5
        stat.run(50, 1.0)
        share = gauge.busy()
    assert share == pytest.approx(1.0)


def test_the_gauge_says_none_when_it_cannot_read():
    gauge = parallel.CpuGauge(read=lambda: None)
    assert gauge.busy() is None
