"""Requirements checked side by side, each in a worker process of its own.

Most of a check's time is spent waiting — for a reply that is due, for time to pass, for a
server to start — so several requirements at once finish far sooner than one after the
other, even on two cores. Hypothesis is not thread-safe, hence processes; each worker is
its own subreaper and cleans up its own servers.

Workers are forked from this process when it runs no other thread (the command line): they
start at once, with everything imported; otherwise (inside pytest-xdist, say) they are
spawned as fresh interpreters. Either way a worker begins with none of this process's
harness state (``fresh_worker``)."""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import heapq
import itertools
import multiprocessing
import multiprocessing.util
import os
import signal
import threading
import time
from typing import Callable, Iterable

import psutil

from protocols import Protocol, get_protocol
from protocols.edges import ALONE_PAUSE, PATIENCE, edges_for

from ..harness import ending, launcher, proctree, zygote
from ..core import timing
from ..core.errors import ServerDidNotStart
from ..core.results import CheckResult, RequirementResult
from ..harness.launcher import STOP_GRACE
from .durations import TYPICAL_SECONDS
from .runner import Check, RunOptions, probe, protocol_limit, run_requirement, time_limit_detail
from ..harness.target import Target

# The checks of a protocol by its name (wirecheck.checks.checks_for).
Catalogue = Callable[[str], "dict[str, Check]"]


def default_workers() -> int:
    """Twice the cores: a check mostly waits on sockets, not on the CPU."""
    return 2 * max(1, len(os.sched_getaffinity(0)))


# A requirement mostly waits — C-TIME's windows, C-PATIENCE's pauses, C-STOP's grace — so
# where many are to be checked and the cores idle, up to this many times the usual workers
# wait side by side (the grading scheduler lets as many checks run at once likewise)...
WAITING_FACTOR = 4
# ... but never more than this many worker processes (each a process, with its servers and
# a zygote): memory stays bounded on a machine with many cores.
WAITING_CAP = 16
# One beyond the usual number starts only while the cores were less busy than this since the
# last look: on busy cores more at once only slow every server's replies (C-TIME's 2 s).
EXTRA_WHEN_BUSY_BELOW = 0.75
EXTRA_SPACING = 0.25  # seconds between two such starts of requirements, so each is seen in the load
# The cores' share is looked at over this long in one run's requirements (``check_many``):
# a single thread asks, every EXTRA_SPACING at most, so a short window is not one start-up
# burst, and after a busy stretch the extras come back within a second or so instead of
# the grader's 3 s (the long requirements hold the usual places meanwhile, mostly waiting).
RUN_GAUGE_WINDOW = 1.0


def waiting_workers(requirements: int, base: int | None = None) -> int:
    """The most workers for a run of ``requirements`` requirements that mostly wait
    (``check --all`` with no ``--jobs``): WAITING_FACTOR times ``base``
    (``default_workers()``), at most WAITING_CAP but never fewer than ``base``, and no more
    than there are requirements."""
    base = default_workers() if base is None else max(1, base)
    return max(1, min(requirements, max(base, min(WAITING_CAP, WAITING_FACTOR * base))))


class CpuGauge:
    """How busy the machine's cores have been of late (``/proc/stat``): a check mostly waits
    out the standard's windows, and while the cores idle, another can wait out its own at the
    same time without slowing anyone's replies.

    The share is taken over at least ``window`` seconds, however often it is asked for:
    several waiting threads each ask about once a second, and a share over the fraction of a
    second since the last one's question is mostly one check's start-up burst, which kept
    extra checks out while the cores were idle on average."""

    def __init__(self, window: float = 3.0, clock: Callable[[], float] = time.monotonic,
                 read: Callable[[], tuple[int, int] | None] | None = None) -> None:
        self.window = window
        self._clock = clock
        self._read_stat = read or self._read
        first = self._read_stat()
        self._samples: collections.deque = collections.deque([(clock(), first)] if first is not None else [])

    @staticmethod
    def _read() -> tuple[int, int] | None:
        try:
            with open("/proc/stat", "rb") as stat:
                fields = [int(x) for x in stat.readline().split()[1:]]
        except (OSError, ValueError):
            return None
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        return sum(fields), idle

    def busy(self) -> float | None:
        """The busy share of the cores over the last ``window`` seconds or a little more (over
        all the time since the first look, before that); None where it cannot be known."""
        now_at, now = self._clock(), self._read_stat()
        if now is None:
            return None
        samples = self._samples
        samples.append((now_at, now))
        # The oldest sample kept is the newest one at least ``window`` old.
        while len(samples) > 2 and now_at - samples[1][0] >= self.window:
            samples.popleft()
        (_, last) = samples[0]
        if last is None or now[0] <= last[0]:
            return None
        total, idle = now[0] - last[0], now[1] - last[1]
        return 1.0 - idle / total


class Admission:
    """How many run at once: ``base`` always; beyond it, up to ``limit`` while the cores were
    less than EXTRA_WHEN_BUSY_BELOW busy of late (``gauge``). Growing to a number not yet
    reached goes one at a time, at least ``spacing`` seconds apart, so that each is seen in the
    load before the next; taking the place of one that ended, up to the number already
    running before, does not wait (else starts could never outpace ends, and the number
    running would sink back towards ``base``). Busy cores bring that number down to what
    runs now. Used for requirements side by side (``check_many``) and for a class's checks
    (the grading scheduler)."""

    def __init__(self, base: int, limit: int, spacing: float, gauge=None, clock: Callable[[], float] = time.monotonic) -> None:
        self.base = max(1, base)
        self.limit = max(self.base, limit)
        self.spacing = spacing
        self.gauge = gauge if gauge is not None else CpuGauge()
        self._clock = clock
        self._last_extra: float | None = None
        self._reached = self.base  # the most running at once, since the cores were last busy

    def may_start(self, running: int) -> bool:
        """Whether one more may start now, with ``running`` already running."""
        if running < self.base:
            return True
        if running >= self.limit:
            return False
        busy = self.gauge.busy()
        if busy is None or busy >= EXTRA_WHEN_BUSY_BELOW:
            self._reached = max(self.base, running)
            return False
        if running < self._reached:
            return True  # a place that one that ended has left
        now = self._clock()
        if self._last_extra is not None and now - self._last_extra < self.spacing:
            return False
        self._last_extra = now
        self._reached = running + 1
        return True


# What a requirement is expected to take, as a key for the order in which requirements are
# handed to workers: an edge case pauses (C-PATIENCE, C-EXACT) before any random example,
# and random examples take about this long at weight 1; a fixed scenario is over quickly.
EXAMPLES_SECONDS = 3.0
EDGE_SECONDS = {"C-PATIENCE": PATIENCE, "C-EXACT": ALONE_PAUSE}
OTHER_EDGE_SECONDS = 0.5  # an edge case with no pause of its own: a fresh server, a client or two
SCENARIO_SECONDS = 0.5


def expected_seconds(check: Check) -> float:
    """How long ``check`` takes on a correct server, only to order the work (longest first):
    as measured (``durations.TYPICAL_SECONDS``), or else a rough guess from its edge cases'
    pauses and its random examples' weight."""
    measured = TYPICAL_SECONDS.get(check.requirement)
    if measured is not None:
        return measured
    edges = sum(EDGE_SECONDS.get(edge.rule, OTHER_EDGE_SECONDS) for edge in edges_for(check.requirement))
    if check.scenario is not None:
        return SCENARIO_SECONDS + edges
    return EXAMPLES_SECONDS * check.weight + edges


class LongestFirst:
    """Work waiting for a worker, handed out longest first (longest-processing-time-first):
    a requirement known to be slow starts first rather than finish last. Items of equal
    length keep the order they were added in (the standard's)."""

    def __init__(self) -> None:
        self._ready: list[tuple[float, int, object]] = []
        self._order = itertools.count()

    def add(self, seconds: float, item: object) -> None:
        heapq.heappush(self._ready, (-seconds, next(self._order), item))

    def __len__(self) -> int:
        return len(self._ready)

    def take(self, free: int) -> list[object]:
        """Up to ``free`` items, longest first, taken off the queue."""
        return [heapq.heappop(self._ready)[2] for _ in range(min(max(0, free), len(self._ready)))]


# A worker told to end (by the command that started it, or because that command died) gets
# this long to stop its servers and remove its folders before it is killed from here.
END_GRACE = 2.0


def fresh_worker(forked: bool = False, parent: int | None = None) -> None:
    """A worker's start: the servers, pids and subreaper setting of the process it was
    forked from are not its own; its own servers are stopped when it exits, and when it is
    told to end (SIGTERM, SIGHUP, SIGINT) or its parent (``parent``, the pid of the process
    that made the pool) dies — before this worker had started too."""
    ending.aborting = False
    ending.end_on_signals()
    for signum in ending.ENDING_SIGNALS:
        signal.signal(signum, _worker_told_to_end)
    ending.watch_parent(death_signal=forked, parent=parent)
    with launcher._running_lock:
        launcher._running.clear()
    proctree.launched_pids.clear()
    proctree._subreaper = None
    zygote._pool = None
    timing.capture = None
    timing._outside.clear()
    global _zygotes
    _zygotes = None
    multiprocessing.util.Finalize(None, launcher.kill_all_running, exitpriority=10)


_zygotes: zygote.ZygotePool | None = None  # a worker's, kept for the requirements it checks


@contextlib.contextmanager
def _shared_zygotes():
    """The requirements a worker checks one after the other share their target's zygote (an
    interpreter started with the standard modules, about 0.1 CPU-s) instead of starting one
    each; every server is still a fresh fork of it. Closed when the worker exits."""
    global _zygotes
    if os.environ.get(zygote.ENV) == "0" or not hasattr(os, "pidfd_open") or zygote._pool is not None:
        yield
        return
    if _zygotes is None:
        _zygotes = zygote.ZygotePool()
        multiprocessing.util.Finalize(None, _close_zygotes, exitpriority=5)
    zygote._pool = _zygotes
    try:
        yield
    finally:
        zygote._pool = None


def _close_zygotes() -> None:
    global _zygotes
    pool, _zygotes = _zygotes, None
    if pool is not None:
        pool.close()


def _worker_context():
    """Fork where this process runs no thread but the ending's own (its parent watch and its
    last resort, which hold no lock and are started again where needed), else spawn: a
    spawned worker pays for an interpreter and every import again — a grading worker watches
    its parent, and spawning its requirement workers tripled the CPU of a graded check."""
    if os.environ.get(ending.WORKER_START_VARIABLE) == "spawn":  # asked for: a fresh interpreter per worker
        return multiprocessing.get_context("spawn")
    others = [t for t in threading.enumerate() if t is not threading.main_thread() and t.name not in ending.QUIET_THREADS]
    if not others and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


_busy = False  # a requirement is being checked in this worker


def _worker_told_to_end(signum, frame) -> None:
    """In a requirement: unwind it (its servers and zygotes end on the way out). Between
    requirements there is nothing to unwind: end at once, quietly."""
    if _busy:
        ending._handler(signum, frame)
    _end_worker(128 + signum)


def _end_worker(status: int) -> None:
    """This worker ends now, and everything it started with it (``end_everything_started``:
    a server whose start the signal cut short included)."""
    try:
        ending.end_everything_started()
    finally:
        os._exit(status)


def _run_one(catalogue: Catalogue, protocol_name: str, requirement: str, target: Target, options: RunOptions, deadline: float | None):
    global _busy
    _busy = True
    try:
        return _run_one_requirement(catalogue, protocol_name, requirement, target, options, deadline)
    except ending.Terminated as ended:
        # Its servers and zygotes were ended on the way out; this worker ends too, rather
        # than take the next requirement queued for it.
        _end_worker(ended.exit_status)
    finally:
        _busy = False
        if ending.aborting:  # told to end while the requirement swallowed it: end anyway
            _end_worker(128 + signal.SIGTERM)


def _run_one_requirement(catalogue: Catalogue, protocol_name: str, requirement: str, target: Target, options: RunOptions, deadline: float | None):
    protocol = get_protocol(protocol_name)
    check = catalogue(protocol_name)[requirement]
    if deadline is not None and time.monotonic() > deadline:
        req = protocol.requirement(requirement)
        return RequirementResult(req.id, req.level, "error", time_limit_detail(options))

    with _shared_zygotes() if check.fresh_server else contextlib.nullcontext():
        return run_requirement(protocol, check, target, options, deadline)


def check_many(
    jobs: Iterable[tuple[str, Target]],
    options: RunOptions,
    workers: int,
    catalogue: Catalogue,
    only: set[str] | None = None,
    on_result: Callable[[str, RequirementResult], None] | None = None,
    most: int | None = None,
) -> list[CheckResult]:
    """Every requirement of every (protocol, target) in ``jobs``, ``workers`` at a time — up
    to ``most`` while the cores idle (``Admission``) — each checked as ``catalogue(protocol)``
    says (``wirecheck.checks.checks_for``: a module-level function, since workers are handed
    it). The longest start first; results are reported (``on_result``) and returned in the
    standard's order."""
    jobs = list(jobs)
    results: list[CheckResult] = []
    pending: list[tuple[CheckResult, Protocol, list]] = []
    # The pool forks all its workers at once (a fork pool cannot grow), but a worker that
    # never gets a requirement costs next to nothing (about 3 ms of CPU: its zygotes are made
    # with its first requirement); how many run at once is the admission's to say, from how
    # busy the cores are while the run goes on. (The one-minute load average, asked once at
    # the start, kept every extra out for a minute after any earlier work had ended.)
    admission = Admission(workers, most or workers, EXTRA_SPACING, CpuGauge(window=RUN_GAUGE_WINDOW))
    context = _worker_context()
    forked = context.get_start_method() == "fork"
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=admission.limit, mp_context=context, initializer=fresh_worker, initargs=(forked, os.getpid())
    )
    try:
        _check_all(pool, admission, jobs, options, catalogue, only, on_result, results, pending)
    except BaseException:
        end_workers(pool)
        raise
    pool.shutdown(wait=True)
    return results


def end_workers(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """End every worker of ``pool`` and all they started: each is asked (SIGTERM: it kills
    its servers and zygotes and removes their folders), and whatever of their process trees
    is left after END_GRACE is killed."""
    workers = [p for p in list((getattr(pool, "_processes", None) or {}).values()) if p.pid]
    trees: dict[int, psutil.Process] = {}

    def look() -> None:
        for worker in workers:
            try:
                proc = psutil.Process(worker.pid)
                trees.setdefault(proc.pid, proc)
                for child in proc.children(recursive=True):
                    trees.setdefault(child.pid, child)
            except psutil.Error:
                continue

    look()
    for worker in workers:
        try:
            os.kill(worker.pid, signal.SIGTERM)
        except OSError:
            pass
    pool.shutdown(wait=False, cancel_futures=True)
    end = time.monotonic() + END_GRACE
    for worker in workers:
        worker.join(max(0.0, end - time.monotonic()))
    look()
    left = [p for p in trees.values() if _alive(p)]
    for proc in left:
        try:
            proc.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(left, timeout=2)
    for worker in workers:
        worker.join(0.5)


def _alive(proc: psutil.Process) -> bool:
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _check_all(pool, admission, jobs, options, catalogue, only, on_result, results, pending) -> None:
    """Each target is probed in turn; its requirements wait in a queue (``LongestFirst``)
    and are handed to the pool only as ``admission`` lets one more run, so the longest start
    first, across every target of the run. Results are reported in the standard's order."""
    queue = LongestFirst()
    running: set[concurrent.futures.Future] = set()

    def hand_out() -> None:
        running.difference_update([f for f in running if f.done()])
        while len(queue) and admission.may_start(len(running)):
            (cells, index, args), = queue.take(1)
            future = pool.submit(_run_one, *args)
            cells[index] = future
            running.add(future)

    for name, target in jobs:
        protocol = get_protocol(name)
        began = time.monotonic()
        deadline = began + options.time_limit if options.time_limit else None
        try:
            address = probe(target, protocol, options)
        except ServerDidNotStart as exc:
            result = CheckResult.all_errors(protocol, target.display, options.seed, exc.detail(), exc.output, exc.fault)
            if only is not None:
                result.requirements = [r for r in result.requirements if r.id in only]
            results.append(result)
            pending.append((result, protocol, []))
            continue
        result = CheckResult(protocol.name, target.display, options.seed, address=address)
        result.seconds = began  # until it is done: when its work was handed out
        results.append(result)
        cells: list = []  # a RequirementResult, or its Future once handed out (None until then)
        checks = catalogue(name)
        for req in protocol.requirements:
            if only is not None and req.id not in only:
                continue
            if req.id not in checks:
                cells.append(RequirementResult(req.id, req.level, "skip", "no check for this requirement yet"))
                continue
            cells.append(None)
            queue.add(expected_seconds(checks[req.id]), (cells, len(cells) - 1, (catalogue, name, req.id, target, options, deadline)))
        pending.append((result, protocol, cells))
        hand_out()
    for result, protocol, cells in pending:
        if not cells:  # did not start: every requirement is already an error
            for item in result.requirements:
                if on_result:
                    on_result(result.protocol, item)
            continue
        for index in range(len(cells)):
            while cells[index] is None or (isinstance(cells[index], concurrent.futures.Future) and not cells[index].done()):
                # While more could be admitted, look at the cores again now and then.
                extra = len(queue) and len(running) < admission.limit
                concurrent.futures.wait(running, timeout=admission.spacing if extra else None, return_when=concurrent.futures.FIRST_COMPLETED)
                hand_out()
            cell = cells[index]
            item = cell if isinstance(cell, RequirementResult) else cell.result()
            result.requirements.append(item)
            if on_result:
                on_result(result.protocol, item)
        result.seconds = time.monotonic() - result.seconds
