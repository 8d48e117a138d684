"""How the grader starts a worker process for one student × protocol check.

A fresh interpreter per check (``python -m wirecheck.grading.worker``) costs a third of a
CPU-second before it checks anything: starting Python, importing Hypothesis and wirecheck,
building Hypothesis's Unicode table. Over a class of 300 checks that is a hundred seconds of
the two cores. So the worker is forked instead, from a fork server that multiprocessing keeps
for the grader (``forkserver``: a process started once, single-threaded, that has imported
all of it — forking the grader itself is unsafe, it runs threads). The forked worker then
does what the fresh interpreter did: a session of its own, its own folder and environment,
standard input closed, its output in its log; its CPU counters start at zero, so what it
notes is the check's own cost.

``start_worker`` returns an object with the part of ``subprocess.Popen`` the scheduler uses
(``pid``, ``wait(timeout)``, ``returncode``). ``WIRECHECK_WORKER_START=spawn`` (or a platform
without a fork server) starts a fresh interpreter as before."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from ..harness.ending import RUN_FOLDER_VARIABLE, WORKER_START_VARIABLE
PRELOAD = ["wirecheck.grading.preload"]

_context_lock = threading.Lock()
_context = None


def _fork_context():
    """The grader's fork server context, made once per process; None where there is none."""
    global _context
    with _context_lock:
        if _context is None:
            if os.environ.get(WORKER_START_VARIABLE) == "spawn" or "forkserver" not in multiprocessing.get_all_start_methods():
                _context = False
            else:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(PRELOAD)
                _context = context
        if _context:
            _temporary_folder_in_the_run_folder()
        return _context or None


def _temporary_folder_in_the_run_folder() -> None:
    """multiprocessing makes a temporary folder for the fork server's socket and removes it
    at exit — which a grader killed by SIGKILL never reaches. Made inside the run's folder
    (see ``ending.run_folder``), it goes with that folder."""
    import multiprocessing.process
    import multiprocessing.util

    folder = os.environ.get(RUN_FOLDER_VARIABLE)
    if not folder or multiprocessing.process.current_process()._config.get("tempdir"):
        return
    saved = tempfile.tempdir
    tempfile.tempdir = folder
    try:
        multiprocessing.util.get_temp_dir()
    finally:
        tempfile.tempdir = saved


def _forget_temporary_folder() -> None:
    """After the fork server's end: a folder inside the run folder goes now, by the handler
    multiprocessing registered for the process's exit (run now, it is not run again then),
    so that a later grading in this process, after that run folder is gone, makes a new one."""
    import multiprocessing.process
    import multiprocessing.util

    config = multiprocessing.process.current_process()._config
    folder = config.get("tempdir")
    run = os.environ.get(RUN_FOLDER_VARIABLE)
    if not (folder and run and os.path.dirname(folder) == run):
        return
    config.pop("tempdir", None)
    for finalizer in list(multiprocessing.util._finalizer_registry.values()):
        if getattr(finalizer, "_callback", None) is multiprocessing.util._remove_temp_dir and folder in (finalizer._args or ()):
            finalizer()  # removes the folder and unregisters itself
    shutil.rmtree(folder, ignore_errors=True)


def start_worker(spec_path: Path, cwd: Path, env: dict[str, str], log_path: Path):
    """Start the worker that checks ``spec_path``; raises OSError where it cannot start."""
    context = _fork_context()
    if context is None:
        return _spawn(spec_path, cwd, env, log_path)
    process = context.Process(
        target=_forked_main,
        args=(str(spec_path), str(cwd), env, str(log_path)),
        name="wirecheck-grading-worker",
        daemon=False,
    )
    try:
        process.start()
    except (EOFError, ConnectionError, ValueError) as exc:  # the fork server is gone
        raise OSError(f"the fork server could not start a worker: {exc}") from exc
    return ForkedWorker(process)


def _spawn(spec_path: Path, cwd: Path, env: dict[str, str], log_path: Path) -> subprocess.Popen:
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "wirecheck.grading.worker", str(spec_path)],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


class ForkedWorker:
    """A worker forked from the fork server, seen as the scheduler sees a Popen."""

    def __init__(self, process) -> None:
        self._process = process
        self.pid = process.pid
        self._code: int | None = None

    @property
    def returncode(self) -> int | None:
        return self.poll()

    def wait(self, timeout: float | None = None) -> int:
        if self._code is None:
            self._process.join(timeout)
            if self.poll() is None:
                raise subprocess.TimeoutExpired("wirecheck grading worker", timeout)
        return self._code

    def poll(self) -> int | None:
        if self._code is None:
            code = self._process.exitcode
            if code is not None:
                self._code = code
                self._process.close()  # its sentinel's file descriptor
        return self._code


def _forked_main(spec_path: str, cwd: str, env: dict[str, str], log_path: str) -> None:
    """In the forked worker: become what ``python -m wirecheck.grading.worker SPEC`` was."""
    _let_go_of_the_fork_server()
    os.setsid()  # a session of its own: the scheduler stops it and all it started by group
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    tempfile.tempdir = None  # chosen from this environment, not the fork server's
    null = os.open(os.devnull, os.O_RDONLY)
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(null, 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(null)
    os.close(log)
    from ..core import timing
    from . import worker

    if os.environ.get(timing.ENV) and timing.folder is None:
        timing.enable(os.environ[timing.ENV])
    try:
        status = worker.run(["wirecheck-grading-worker", spec_path])
        timing._write_outside()  # an exit handler in a worker that runs its own
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError, AttributeError):
                pass
    if status:
        sys.exit(status)


def _let_go_of_the_fork_server() -> None:
    """multiprocessing hands each forked process the write end of the pipe by which the fork
    server learns that the grader is gone; while any worker holds it, the fork server
    outlives a grader killed by SIGKILL, and so do the workers, which watch their parent (the
    fork server). Closed here, the grader's death ends the fork server and then the workers."""
    try:
        from multiprocessing import forkserver

        fd = forkserver._forkserver._forkserver_alive_fd
        if fd is not None:
            forkserver._forkserver._forkserver_alive_fd = None
            os.close(fd)
    except (AttributeError, OSError):  # pragma: no cover - another Python's internals
        pass


def stop_fork_server() -> None:
    """End the fork server (and the resource tracker multiprocessing started beside it) once
    a grading is over, so that a grading run inside another program (a test, a notebook)
    leaves no process behind; the next grading starts a new one. Waits for both to exit."""
    with _context_lock:
        if not _context:
            return
        try:
            from multiprocessing import forkserver, resource_tracker

            forkserver._forkserver._stop()
            resource_tracker._resource_tracker._stop()
            _forget_temporary_folder()
        except (AttributeError, OSError, ChildProcessError):  # pragma: no cover - another Python's internals
            pass
