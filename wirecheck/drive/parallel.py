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

import concurrent.futures
import contextlib
import multiprocessing
import multiprocessing.util
import os
import signal
import threading
import time
from typing import Callable, Iterable

import psutil

from protocols import Protocol, get_protocol

from ..harness import ending, launcher, proctree, zygote
from ..core import timing
from ..core.errors import ServerDidNotStart
from ..core.results import CheckResult, RequirementResult
from ..harness.launcher import STOP_GRACE
from .runner import Check, RunOptions, probe, protocol_limit, run_requirement, time_limit_detail
from ..harness.target import Target

# The checks of a protocol by its name (wirecheck.checks.checks_for).
Catalogue = Callable[[str], "dict[str, Check]"]


def default_workers() -> int:
    """Twice the cores: a check mostly waits on sockets, not on the CPU."""
    return 2 * max(1, len(os.sched_getaffinity(0)))


# A worker told to end (by the command that started it, or because that command died) gets
# this long to stop its servers and remove its folders before it is killed from here.
END_GRACE = 2.0


def fresh_worker(forked: bool = False) -> None:
    """A worker's start: the servers, pids and subreaper setting of the process it was
    forked from are not its own; its own servers are stopped when it exits, and when it is
    told to end (SIGTERM, SIGHUP, SIGINT) or its parent dies."""
    ending.aborting = False
    ending.end_on_signals()
    for signum in ending.ENDING_SIGNALS:
        signal.signal(signum, _worker_told_to_end)
    ending.watch_parent(death_signal=forked)
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
    """Fork where this process runs no thread but its own parent watch (which holds no lock
    and is started again in each worker), else spawn: a spawned worker pays for an
    interpreter and every import again — a grading worker watches its parent, and spawning
    its requirement workers tripled the CPU of a graded check."""
    others = [t for t in threading.enumerate() if t is not threading.main_thread() and t.name != ending.PARENT_WATCH]
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
) -> list[CheckResult]:
    """Every requirement of every (protocol, target) in ``jobs``, ``workers`` at a time, each
    checked as ``catalogue(protocol)`` says (``wirecheck.checks.checks_for``: a module-level
    function, since workers are handed it). Results are reported (``on_result``) and
    returned in the standard's order."""
    jobs = list(jobs)
    results: list[CheckResult] = []
    pending: list[tuple[CheckResult, Protocol, list]] = []
    context = _worker_context()
    forked = context.get_start_method() == "fork"
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=fresh_worker, initargs=(forked,)
    )
    try:
        _check_all(pool, jobs, options, catalogue, only, on_result, results, pending)
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


def _check_all(pool, jobs, options, catalogue, only, on_result, results, pending) -> None:
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
        futures = []
        for req in protocol.requirements:
            if only is not None and req.id not in only:
                continue
            if req.id not in catalogue(name):
                futures.append(RequirementResult(req.id, req.level, "skip", "no check for this requirement yet"))
                continue
            futures.append(pool.submit(_run_one, catalogue, name, req.id, target, options, deadline))
        pending.append((result, protocol, futures))
    for result, protocol, futures in pending:
        if not futures:  # did not start: every requirement is already an error
            for item in result.requirements:
                if on_result:
                    on_result(result.protocol, item)
            continue
        for future in futures:
            item = future if isinstance(future, RequirementResult) else future.result()
            result.requirements.append(item)
            if on_result:
                on_result(result.protocol, item)
        result.seconds = time.monotonic() - result.seconds
