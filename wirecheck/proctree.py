"""Every process a target started, at any moment, and the means to end them all.

A child that calls ``setsid`` or whose parent dies is reparented, and psutil's
``children(recursive=True)`` from the target no longer reaches it. The harness therefore
makes itself a child subreaper (Linux ``PR_SET_CHILD_SUBREAPER``): orphans of the target
are reparented to the harness, where they are found — by the run token in their
environment — killed and reaped."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import threading
import time
from dataclasses import dataclass

import psutil

TOKEN_VARIABLE = "WIRECHECK_RUN"
_PR_SET_CHILD_SUBREAPER = 36

_subreaper_lock = threading.Lock()
_subreaper: bool | None = None
# pids this process launched itself (targets), so adopted orphans can be told apart.
launched_pids: set[int] = set()


def become_subreaper() -> bool:
    """Make this process the reaper of its orphaned descendants; False where Linux says no."""
    global _subreaper
    with _subreaper_lock:
        if _subreaper is None:
            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
                _subreaper = libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
            except (OSError, AttributeError):
                _subreaper = False
        return _subreaper


@dataclass(frozen=True)
class ProcInfo:
    """A process as a report shows it."""

    pid: int
    ppid: int
    status: str
    name: str

    @property
    def is_zombie(self) -> bool:
        return self.status == psutil.STATUS_ZOMBIE

    def describe(self) -> str:
        return f"process {self.pid} (state: {self.status})"


def _info(proc: psutil.Process) -> ProcInfo | None:
    try:
        with proc.oneshot():
            return ProcInfo(proc.pid, proc.ppid(), proc.status(), proc.name())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None


def _has_token(proc: psutil.Process, token: str) -> bool | None:
    try:
        return proc.environ().get(TOKEN_VARIABLE) == token
    except (psutil.NoSuchProcess, psutil.ZombieProcess):
        return None
    except psutil.AccessDenied:
        return None


class ProcessTree:
    """The target's process and all its descendants, adopted orphans included."""

    def __init__(self, root_pid: int, token: str, uid: int | None = None) -> None:
        self.root_pid = root_pid
        self.token = token
        self.uid = uid  # a uid of the target's own: every process with it is a member
        self.peak = 0  # the most members seen at once
        self._stopped: set[int] = set()
        self._seen: dict[int, float] = {}
        self._lock = threading.Lock()

    def _processes(self) -> dict[int, psutil.Process]:
        found: dict[int, psutil.Process] = {}

        def add_with_descendants(proc: psutil.Process) -> None:
            found[proc.pid] = proc
            try:
                for child in proc.children(recursive=True):
                    found[child.pid] = child
            except psutil.NoSuchProcess:
                pass

        try:
            root = psutil.Process(self.root_pid)
            if root.ppid() == os.getpid() or self.root_pid in launched_pids:
                add_with_descendants(root)
        except psutil.NoSuchProcess:
            pass
        try:
            mine = psutil.Process().children()
        except psutil.NoSuchProcess:  # pragma: no cover - we exist
            mine = []
        for child in mine:
            if child.pid == self.root_pid or child.pid in found:
                continue
            if child.pid in launched_pids:
                continue  # another target of ours, not an orphan
            owned = _has_token(child, self.token)
            if owned or (owned is None and child.pid in self._seen):
                add_with_descendants(child)
        if self.uid is not None:
            for proc in psutil.process_iter(["uids"]):
                uids = proc.info.get("uids")
                if uids and self.uid in (uids.real, uids.effective) and proc.pid not in found:
                    found[proc.pid] = proc
        for pid, created in list(self._seen.items()):
            if pid in found:
                continue
            try:
                proc = psutil.Process(pid)
                if proc.create_time() == created:
                    add_with_descendants(proc)
            except psutil.NoSuchProcess:
                pass
        with self._lock:
            self.peak = max(self.peak, len(found))
            for pid, proc in found.items():
                if pid not in self._seen:
                    try:
                        self._seen[pid] = proc.create_time()
                    except psutil.NoSuchProcess:
                        pass
        return found

    def snapshot(self) -> list[ProcInfo]:
        """The tree now, the root first; zombies included (they are still processes)."""
        infos = [i for i in (_info(p) for p in self._processes().values()) if i is not None]
        return sorted(infos, key=lambda i: (i.pid != self.root_pid, i.pid))

    def children_of_root(self) -> list[ProcInfo]:
        return [i for i in self.snapshot() if i.ppid == self.root_pid]

    def alive(self) -> list[ProcInfo]:
        """Members that still run (not zombies)."""
        return [i for i in self.snapshot() if not i.is_zombie]

    def reap_adopted(self) -> None:
        """Collect the exit status of orphans that became our children (never the root:
        its Popen reaps it)."""
        for pid in list(self._seen):
            if pid == self.root_pid or pid in launched_pids:
                continue
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
            except OSError:
                pass

    def kill_all(self, deadline: float = 5.0) -> list[ProcInfo]:
        """Freeze every member (SIGSTOP: a fork bomb stops making more), then SIGKILL them
        all; repeat until none is left. Returns what was alive when the killing began."""
        first = self.alive()
        end = time.monotonic() + deadline
        try:
            os.killpg(self.root_pid, signal.SIGSTOP)
        except (ProcessLookupError, PermissionError):
            pass
        while True:
            procs = [p for p in self._processes().values() if _running(p)]
            for proc in procs:
                _signal(proc, signal.SIGSTOP)
            if procs and time.monotonic() < end and any(p.pid not in self._stopped for p in procs):
                self._stopped.update(p.pid for p in procs)
                continue  # new members appeared while stopping: stop them too
            for proc in procs:
                _signal(proc, signal.SIGKILL)
            try:
                os.killpg(self.root_pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            psutil.wait_procs(procs, timeout=0.5)
            self.reap_adopted()
            if not any(_running(p) for p in self._processes().values()) or time.monotonic() > end:
                return first


def _running(proc: psutil.Process) -> bool:
    try:
        return proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _signal(proc: psutil.Process, signum: int) -> None:
    try:
        proc.send_signal(signum)
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        pass
