"""``wirecheck.drive.parallel``'s one use of the standard library's internals: the worker
processes of a ``ProcessPoolExecutor`` (``end_workers`` signals them and kills what they
started), read from its ``_processes``, which no public API offers."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


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


FORK_OR_SPAWN = """
import threading
from wirecheck.drive import parallel
from wirecheck.harness import ending

with ending.whole_run():
    assert any(t.name == ending.LAST_RESORT_WATCH for t in threading.enumerate())
    print(parallel._worker_context().get_start_method())
stop = threading.Event()
other = threading.Thread(target=stop.wait, name="someone-else's")  # holding who knows what lock
other.start()
print(parallel._worker_context().get_start_method())
stop.set()
other.join()
"""


def test_requirement_workers_are_forked_inside_a_whole_run():
    """The ending's own threads (a run's last resort, a worker's parent watch) hold no lock a
    forked child needs: inside ``whole_run`` the workers are still forked, not spawned (a
    spawned worker pays for an interpreter and every import again); beside a thread of
    anyone else's they are spawned. In a process of its own, free of the test runner's
    threads."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    env = {k: v for k, v in os.environ.items() if k != "WIRECHECK_WORKER_START"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [ROOT, env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-c", FORK_OR_SPAWN], capture_output=True, text=True, timeout=60, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["fork", "spawn"]
