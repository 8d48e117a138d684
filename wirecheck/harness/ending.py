"""How a run ends when it is told to (SIGTERM from a CI timeout or ``docker stop``, SIGHUP from
a closed terminal, SIGINT from ctrl-C) or when the process that started it dies: every worker,
zygote and server it started ends, every private folder goes, and the command exits with
128 + the signal's number.

- ``end_on_signals`` turns those signals into ``Terminated`` (a KeyboardInterrupt, so every
  ``finally`` and every "interrupted" path already written runs, and Hypothesis lets it
  through) and marks the run as ending: from then on servers are killed at once, not given
  the C-STOP grace (``aborting``).
- ``run_folder`` is the one private folder of a run: every launch's folder is made inside it
  (through WIRECHECK_TMPDIR, which worker processes inherit), so whatever a killed worker
  could not remove goes with it.
- ``watch_parent`` is for a worker process: when its parent dies (even by SIGKILL) it sends
  itself SIGTERM, and so ends itself and its servers; ``end_everything_started`` is how a
  worker ends, whatever ended it: nothing below it outlives it."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
import threading
import time

from . import proctree

ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
RUN_FOLDER_VARIABLE = "WIRECHECK_TMPDIR"
RUN_FOLDER_PREFIX = "wirecheck-run-"  # then the pid of the command, so a test finds its own
# "spawn": every worker a fresh interpreter, a grader's and a check's requirement workers alike
WORKER_START_VARIABLE = "WIRECHECK_WORKER_START"
PARENT_WATCH = "wirecheck-parent-watch"  # the thread's name
LAST_RESORT_WATCH = "wirecheck-last-resort"  # the thread's name
# Threads of the ending's own that hold no lock a forked child could need (each waits on an
# event or sleeps): a process running only these may still fork its workers.
QUIET_THREADS = (PARENT_WATCH, LAST_RESORT_WATCH)
PARENT_POLL = 0.2  # seconds between looks at a worker's parent
LAST_RESORT = 2.0  # seconds after its parent died, a worker still running is ended from its watch

aborting = False  # the run is ending on a signal: stop servers by killing them


class Terminated(KeyboardInterrupt):
    """The run was told to end by ``signum``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


def exit_status(error: BaseException) -> int:
    """128 + the signal that ended the run (ctrl-C without a handler: SIGINT)."""
    return getattr(error, "exit_status", 128 + signal.SIGINT)


# A raise from the signal handler can be swallowed where Python only prints an exception
# (an at-fork callback, a garbage-collector callback): the run then goes on, perhaps waiting
# for work that takes minutes. This long after the signal, a run still going is ended from a
# thread of its own (``LastResort``): its servers and everything below it killed, its folder
# removed, the process gone with 128 + the signal's number. Longer than a run's own ending
# takes (its graces add up to less than 5 s), so it only ever ends a run whose raise was lost.
SWALLOWED_GRACE = 8.0


class LastResort:
    """A thread, started with the run, that ends the process if the run is still going
    SWALLOWED_GRACE seconds after an ending signal. Started beforehand, so that the signal
    handler only sets an event (starting a thread there could wait for a lock the interrupted
    code holds)."""

    def __init__(self) -> None:
        self.signalled = threading.Event()
        self.done = threading.Event()
        self.signum = 0
        threading.Thread(target=self._watch, name=LAST_RESORT_WATCH, daemon=True).start()

    def _watch(self) -> None:
        self.signalled.wait()
        if self.done.wait(SWALLOWED_GRACE):
            return
        try:
            end_everything_started()
            folder = os.environ.get(RUN_FOLDER_VARIABLE)
            if folder:
                proctree.kill_strays(folder)
                shutil.rmtree(folder, ignore_errors=True)
            name = signal.Signals(self.signum).name if self.signum else "a signal"
            print(f"wirecheck: stopped by {name}", file=sys.stderr, flush=True)
        finally:
            os._exit(128 + (self.signum or signal.SIGTERM))

    def finish(self) -> None:
        self.done.set()
        self.signalled.set()


_last_resort: LastResort | None = None


def _handler(signum, _frame) -> None:
    global aborting, _signum
    aborting = True
    _signum = signum
    watch = _last_resort
    if watch is not None and not watch.signalled.is_set():
        watch.signum = signum
        watch.signalled.set()
    # One signal is enough: the unwinding it starts ends everything; a second one must not
    # interrupt that unwinding half-way.
    for other in ENDING_SIGNALS:
        try:
            signal.signal(other, signal.SIG_IGN)
        except (ValueError, OSError):  # pragma: no cover - not the main thread
            pass
    raise Terminated(signum)


def end_on_signals() -> dict | None:
    """SIGTERM, SIGHUP and SIGINT raise ``Terminated`` in this process (main thread only);
    returns the handlers they had (for ``restore``), None where handlers cannot be set."""
    if threading.current_thread() is not threading.main_thread():
        return None
    previous = {}
    for signum in ENDING_SIGNALS:
        previous[signum] = signal.signal(signum, _handler)
    return previous


def restore(previous: dict | None) -> None:
    for signum, handler in (previous or {}).items():
        signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


def check() -> None:
    """Raise ``Terminated`` again once the run is ending: a raise from the signal handler
    can be swallowed (one inside a garbage-collector callback is only printed), so the
    places that start servers and wait call this."""
    if aborting:
        raise Terminated(_signum or signal.SIGTERM)


_signum = 0
# Kills every server this process started (the launcher registers it when it is imported):
# the ending needs it, and must not import the launcher, which imports the ending.
_kill_servers = lambda: None  # noqa: E731


def on_ending_kill(kill) -> None:
    """``kill()`` ends every running server; called when a run or worker ends."""
    global _kill_servers
    _kill_servers = kill


def begin_abort() -> None:
    global aborting
    aborting = True


@contextlib.contextmanager
def run_folder():
    """A private folder for the whole run (under /dev/shm where there is one), removed at the
    end whatever happens; launches inside the block (and in processes started from it) make
    their own folders in it. Nested use keeps the outer folder."""
    if os.environ.get(RUN_FOLDER_VARIABLE):
        yield os.environ[RUN_FOLDER_VARIABLE]
        return
    shm = "/dev/shm"
    base = shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None
    folder = tempfile.mkdtemp(prefix=f"{RUN_FOLDER_PREFIX}{os.getpid()}-", dir=base)
    os.chmod(folder, 0o711)  # targets run as other users reach their own folders inside
    saved_tempdir = tempfile.tempdir
    os.environ[RUN_FOLDER_VARIABLE] = folder
    try:
        yield folder
    finally:
        os.environ.pop(RUN_FOLDER_VARIABLE, None)
        tempfile.tempdir = saved_tempdir
        # Nothing the run started outlives it, even what was orphaned past its subreapers.
        proctree.kill_strays(folder)
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def whole_run():
    """A run that SIGTERM, SIGHUP and SIGINT end cleanly: a run folder for every private
    folder it makes, and, when a signal (or ctrl-C) ends it, every server still running is
    killed without the C-STOP grace before the interrupt goes on up."""
    global _last_resort
    outer = _last_resort is None and threading.current_thread() is threading.main_thread()
    if outer:
        _last_resort = LastResort()
    previous = end_on_signals()
    try:
        with run_folder():
            try:
                yield
            except KeyboardInterrupt:
                begin_abort()
                _kill_servers()
                raise
    finally:
        restore(previous)
        if outer:
            _last_resort.finish()
            _last_resort = None
        _end_abort()


def _end_abort() -> None:
    """The run that was ending has ended: a later run in the same process (a test, a
    notebook, a grader's loop) starts its servers as usual."""
    global aborting, _signum
    aborting, _signum = False, 0


def run_to_the_end(main) -> int:
    """``main()`` inside ``whole_run``, for a script: its exit status, or 128 + the signal's
    number, said in one line, when a signal ended it."""
    try:
        with whole_run():
            return main()
    except KeyboardInterrupt as exc:
        status = exit_status(exc)
        name = signal.Signals(status - 128).name if status > 128 else "an interrupt"
        print(f"stopped by {name}", file=sys.stderr)
        return status


def end_everything_started() -> None:
    """What a worker does last, however it ends: every server it knows of is killed with its
    tree, then every process still below it — one whose launch the ending cut short (forked
    but not yet known to the launcher), a zygote and what it was forking. A worker is its
    own subreaper, so nothing it started has left its subtree."""
    begin_abort()
    try:
        _kill_servers()
    finally:
        proctree.kill_descendants()


def watch_parent(death_signal: bool = False, last_resort=None, parent: int | None = None) -> None:
    """In a worker process: SIGTERM to itself once its parent is gone — a look at the parent a
    few times a second, and with ``death_signal`` the parent-death signal too (Linux), which
    is sent when the *thread* that started this process ends: only ask for it when that was
    the parent's only thread. Should the process still be there ``LAST_RESORT`` seconds
    after that signal, this thread calls ``last_resort`` (default: ``end_everything_started``)
    and ends it.

    ``parent`` is the pid the worker's parent had when it started it (default: its parent
    now): a parent that died while the worker was still starting — a spawned worker imports
    for a while — is then seen gone at once, instead of the worker going on under init.

    The worker becomes its own subreaper here, before it starts anything: what its servers
    orphan is reparented to it, never to init, so its ending finds it."""
    if parent is None:
        parent = os.getppid()
    proctree.become_subreaper()
    if death_signal:
        _set_parent_death_signal()

    def look() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(LAST_RESORT)
        try:
            (last_resort or end_everything_started)()
        except Exception:  # pragma: no cover - ending anyway
            pass
        os._exit(128 + signal.SIGTERM)

    threading.Thread(target=look, name=PARENT_WATCH, daemon=True).start()


def _set_parent_death_signal() -> None:
    """prctl(PR_SET_PDEATHSIG, SIGTERM)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
