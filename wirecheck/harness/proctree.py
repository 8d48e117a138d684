"""Every process a target started, at any moment, and the means to end them all.

A child that calls ``setsid`` or whose parent dies is reparented, and psutil's
``children(recursive=True)`` from the target no longer reaches it. The harness therefore
makes itself a child subreaper (Linux ``PR_SET_CHILD_SUBREAPER``): orphans of the target
are reparented to the harness, where they are found — by the run token in their
environment — killed and reaped."""

from __future__ import annotations

import ctypes
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
                libc = ctypes.CDLL(None, use_errno=True)  # this process's own libc: no `ldconfig -p` run to find it
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

    def _processes(self, full: bool = False) -> dict[int, psutil.Process]:
        """The members now. Read from the kernel's lists of each member's children where it
        keeps them (a few small files for a few members); with ``full``, or without those
        lists, from one pass over every process of the machine, which also finds members by
        the launch's own uid. A look after every step of a check must not cost in proportion
        to the machine's process count; the last look before a stop is declared over does."""
        if full or not _children_lists() or not _subreaper:
            table = process_table()  # one pass over /proc: parents and uids of every process
            by_parent: dict[int, list[int]] = {}
            for pid, (ppid, _real, _effective) in table.items():
                by_parent.setdefault(ppid, []).append(pid)

            def children_of(pid: int) -> list[int]:
                return by_parent.get(pid, [])

            def parent_of(pid: int) -> int | None:
                entry = table.get(pid)
                return entry[0] if entry is not None else None

            def exists(pid: int) -> bool:
                return pid in table

        else:
            table = None
            children_of, parent_of, exists = _children_list, _parent, _exists
        found: dict[int, psutil.Process] = {}

        def add_with_descendants(pid: int) -> None:
            pending = [pid]
            while pending:
                member = pending.pop()
                if member in found:
                    continue
                proc = _process(member)
                if proc is None:
                    continue
                found[member] = proc
                pending.extend(children_of(member))

        me = os.getpid()
        if self.root_pid in launched_pids or parent_of(self.root_pid) == me:
            add_with_descendants(self.root_pid)
        for child in children_of(me):
            if child == self.root_pid or child in found:
                continue
            if child in launched_pids:
                continue  # another target of ours, not an orphan
            proc = _process(child)
            owned = _has_token(proc, self.token) if proc is not None else None
            if owned or (owned is None and child in self._seen):
                add_with_descendants(child)
        if self.uid is not None and table is not None:
            for pid, (_ppid, real, effective) in table.items():
                if self.uid in (real, effective) and pid not in found:
                    proc = _process(pid)
                    if proc is not None:
                        found[pid] = proc
        for pid, created in list(self._seen.items()):
            if pid in found or not exists(pid):
                continue
            try:
                if psutil.Process(pid).create_time() == created:
                    add_with_descendants(pid)
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

    def snapshot(self, full: bool = False) -> list[ProcInfo]:
        """The tree now, the root first; zombies included (they are still processes)."""
        infos = [i for i in (_info(p) for p in self._processes(full).values()) if i is not None]
        return sorted(infos, key=lambda i: (i.pid != self.root_pid, i.pid))

    def children_of_root(self) -> list[ProcInfo]:
        return [i for i in self.snapshot() if i.ppid == self.root_pid]

    def alive(self, full: bool = False) -> list[ProcInfo]:
        """Members that still run (not zombies)."""
        return [i for i in self.snapshot(full) if not i.is_zombie]

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
        # With a uid of the target's own, every look is a full one: a member that only its uid
        # tells (an orphan reparented past this process, as a server whose listening process
        # moves to a new child at every accept makes them) is stopped and killed too, not
        # merely seen alive at the end.
        full = self.uid is not None
        first = self.alive(full)
        end = time.monotonic() + deadline
        try:
            os.killpg(self.root_pid, signal.SIGSTOP)
        except (ProcessLookupError, PermissionError):
            pass
        while True:
            procs = [p for p in self._processes(full).values() if _running(p)]
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
            if not any(_running(p) for p in self._processes(full=True).values()) or time.monotonic() > end:
                return first


def descendants(table: dict[int, tuple[int, int, int]] | None = None) -> list[int]:
    """Every process below this one (children, theirs, and orphans adopted as subreaper)."""
    table = process_table() if table is None else table
    children: dict[int, list[int]] = {}
    for pid, (ppid, _real, _effective) in table.items():
        children.setdefault(ppid, []).append(pid)
    found: list[int] = []
    pending = list(children.get(os.getpid(), ()))
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, ()))
    return found


def kill_descendants(deadline: float = 5.0) -> int:
    """End every process below this one, for a worker that is ending: whatever it started
    ends with it — a server whose launch was cut short (forked, not yet known to the
    launcher), a zygote and what it forked, their orphans. Every one is stopped first
    (SIGSTOP: none forks or exits meanwhile, so none is orphaned past this process), then
    killed and reaped; repeated until none is left. Returns how many were killed."""
    become_subreaper()  # orphans of what is killed come here, not to init
    end = time.monotonic() + deadline
    stopped: set[int] = set()
    while True:
        found = descendants()
        fresh = [pid for pid in found if pid not in stopped]
        for pid in fresh:
            _kill(pid, signal.SIGSTOP)
        stopped.update(fresh)
        if fresh and time.monotonic() < end:
            continue  # some appeared while stopping the others: stop them too
        for pid in found:
            _kill(pid, signal.SIGKILL)
        _reap_children()
        if not found or time.monotonic() > end:
            return len(stopped)


def kill_strays(folder: str, deadline: float = 5.0) -> int:
    """End every process that still runs from a run's ``folder`` (its command line or its
    environment names it: it runs a copy made there, or was started during the run, which
    sets the folder in the environment of all it starts), wherever it is: what a run leaves
    behind, at the run's end.

    Every server a run starts runs from a private folder inside the run's folder, and every
    zygote carries the folder in its environment, so this finds them even once they were
    orphaned past every subreaper of the run (a worker that ended, then the run itself) and
    reparented to init, where no look below a process reaches. A server the run stopped is
    long gone; nothing else runs from that folder. Stopped first, then killed, as
    ``kill_descendants`` does. Returns how many were killed."""
    marker = folder.encode()
    me = os.getpid()
    end = time.monotonic() + deadline
    stopped: set[int] = set()
    while True:
        found = [pid for pid in process_table() if pid != me and _names(pid, marker)]
        fresh = [pid for pid in found if pid not in stopped]
        for pid in fresh:
            _kill(pid, signal.SIGSTOP)
        stopped.update(fresh)
        if fresh and time.monotonic() < end:
            continue
        for pid in found:
            _kill(pid, signal.SIGKILL)
        _reap_children()
        if not found or time.monotonic() > end:
            return len(stopped)


def _names(pid: int, marker: bytes) -> bool:
    """Whether process ``pid``'s command line or environment contains ``marker``."""
    for part in ("cmdline", "environ"):
        try:
            with open(f"/proc/{pid}/{part}", "rb") as text:
                if marker in text.read():
                    return True
        except OSError:  # gone, or not ours to read
            continue
    return False


def _kill(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def _reap_children(timeout: float = 0.5) -> None:
    """Collect every child of this process that has exited (or does within ``timeout``)."""
    end = time.monotonic() + timeout
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            if time.monotonic() > end:
                return
            time.sleep(0.005)  # a killed child takes a moment to become a zombie


def process_table() -> dict[int, tuple[int, int, int]]:
    """pid -> (parent pid, real uid, effective uid) of every process, read in one pass over
    /proc (one small file per process: a tenth of what a psutil scan costs, which matters
    when a check looks at a server's tree after every step on a busy machine)."""
    table: dict[int, tuple[int, int, int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status", "rb") as status:
                text = status.read()
        except OSError:  # gone meanwhile
            continue
        try:
            at = text.index(b"\nPPid:") + 6
            ppid = int(text[at : text.index(b"\n", at)])
            at = text.index(b"\nUid:", at) + 5
            real, effective = text[at : text.index(b"\n", at)].split()[:2]
        except ValueError:  # not a process's status (cannot happen), or cut short
            continue
        table[int(name)] = (ppid, int(real), int(effective))
    return table


_lists: bool | None = None


def _children_lists() -> bool:
    """Whether this kernel keeps ``/proc/PID/task/TID/children`` (CONFIG_PROC_CHILDREN)."""
    global _lists
    if _lists is None:
        me = os.getpid()
        _lists = os.path.exists(f"/proc/{me}/task/{me}/children")
    return _lists


def _children_list(pid: int) -> list[int]:
    """The children of every thread of ``pid`` (a child belongs to the thread that forked it),
    zombies included; empty once it is gone."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", "rb") as listed:
                found.extend(int(child) for child in listed.read().split())
        except (OSError, ValueError):
            continue
    return found


def _parent(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return int(stat.read().rsplit(b")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _exists(pid: int) -> bool:
    return os.path.exists(f"/proc/{pid}")


def _process(pid: int) -> psutil.Process | None:
    try:
        return psutil.Process(pid)
    except psutil.NoSuchProcess:
        return None


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
