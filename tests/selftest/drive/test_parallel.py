"""``wirecheck.drive.parallel``'s one use of the standard library's internals: the worker
processes of a ``ProcessPoolExecutor`` (``end_workers`` signals them and kills what they
started), read from its ``_processes``, which no public API offers."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os

import pytest


def test_a_process_pool_lists_its_workers_by_pid():
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        pid = pool.submit(os.getpid).result(timeout=60)
        workers = getattr(pool, "_processes", None)
        assert isinstance(workers, dict), type(workers)
        assert [p.pid for p in workers.values()] == [pid]
        assert all(isinstance(p, multiprocessing.process.BaseProcess) for p in workers.values())
    finally:
        pool.shutdown(wait=True)


def test_requirement_workers_are_forked_inside_a_whole_run():
    """The ending's own threads (a run's last resort, a worker's parent watch) hold no lock a
    forked child needs: inside ``whole_run`` the workers are still forked, not spawned (a
    spawned worker pays for an interpreter and every import again)."""
    import threading

    from wirecheck.drive import parallel
    from wirecheck.harness import ending

    if threading.current_thread() is not threading.main_thread() or "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here, or not the main thread")
    others = [t for t in threading.enumerate() if t is not threading.main_thread() and t.name not in ending.QUIET_THREADS]
    if others:
        pytest.skip(f"the test runner runs threads of its own ({others}): workers are rightly spawned here")
    with ending.whole_run():
        assert any(t.name == ending.LAST_RESORT_WATCH for t in threading.enumerate())
        assert parallel._worker_context().get_start_method() == "fork"
    # Another thread, holding who knows what lock: spawn.
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, name="someone-else's")
    other.start()
    try:
        assert parallel._worker_context().get_start_method() == "spawn"
    finally:
        stop.set()
        other.join()
