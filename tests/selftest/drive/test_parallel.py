"""``wirecheck.drive.parallel``'s one use of the standard library's internals: the worker
processes of a ``ProcessPoolExecutor`` (``end_workers`` signals them and kills what they
started), read from its ``_processes``, which no public API offers."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os


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
