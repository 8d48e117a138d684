"""A forking server's processes as the process rules of clock-fork see them, over time.

``ProcessTree`` answers "what belongs to this server now" — orphans adopted by the harness
included. The observer adds what the FORK-* rules ask of it on top: which processes serve
(every live member but the listening process), which process holds which client's
connection, since when each exited child has waited to be reaped, and waits with a
deadline for processes to exit or for any condition on the tree to hold.

Connections are read from Linux's ``/proc`` (as the subreaper in proctree already assumes
Linux): the server side of a client's connection is the socket whose local port is the
server's and whose remote port is the client's, and a process holds it when one of its file
descriptors is that socket."""

from __future__ import annotations

import os
import select
import socket
import struct
import time
from dataclasses import dataclass
from typing import Callable, Iterable

import psutil

from ..core import timing
from .clients import network_of
from ..harness.proctree import ProcInfo

POLL_INTERVAL = 0.01  # between two looks at the tree while waiting for it to change
# V-HERMETIC: a process that is due to act (a parent to reap its exited child, a child to
# see its client's end and exit) but waits for a CPU on a loaded machine has not had its
# time. The seconds it waited runnable (the kernel's run delay) are added to its limit, as
# long as it ran less than STARVED_CPU seconds meanwhile (one that ran that long had its
# chance: a server that spins instead of reaping gets no more time), and at most
# STARVED_MOST seconds: past that, the wall clock judges as before.
STARVED_CPU = 0.1
STARVED_MOST = 6.0
_TCP_TABLES = ("/proc/net/tcp", "/proc/net/tcp6")
_LISTEN = "0A"  # TCP_LISTEN in /proc/net/tcp


@dataclass(frozen=True)
class HeldSocket:
    """One socket on the server's port held by a process: a client's connection (by the
    client's port) or the listening socket (``remote_port`` None)."""

    remote_port: int | None

    @property
    def listening(self) -> bool:
        return self.remote_port is None


class ProcessObserver:
    """Looks at one running server's process tree and remembers what it saw."""

    def __init__(self, server) -> None:
        self.server = server
        self.tree = server.tree
        self.root_pid = server.pid
        address = server.address.address if server.address is not None else None
        self.port = address[1] if isinstance(address, (list, tuple)) and len(address) >= 2 else None
        # A target with a network namespace of its own has its sockets listed there only.
        self.netns_pid = getattr(server.address, "netns_pid", None)
        self.harness_pid = os.getpid()
        self.first_parent: dict[int, int] = {}  # each member's parent when first seen
        self.zombie_since: dict[int, float] = {}  # pid -> time.monotonic() first seen a zombie
        # pid -> (its parent, the parent's schedule when the zombie was first seen)
        self.zombie_parent: dict[int, tuple[int, Schedule | None]] = {}
        self.last: list[ProcInfo] = []

    # --- looking ----------------------------------------------------------------------

    def look(self) -> list[ProcInfo]:
        """The tree now (the listening process first), remembering parents and zombies."""
        snapshot = self.tree.snapshot()
        now = time.monotonic()
        zombies = set()
        for info in snapshot:
            self.first_parent.setdefault(info.pid, info.ppid)
            if info.is_zombie and info.pid != self.root_pid:
                zombies.add(info.pid)
                if info.pid not in self.zombie_since:
                    self.zombie_since[info.pid] = now
                    self.zombie_parent[info.pid] = (info.ppid, schedule(info.ppid))
        for pid in list(self.zombie_since):
            if pid not in zombies:  # reaped (or, far less likely, seen alive again)
                del self.zombie_since[pid]
                self.zombie_parent.pop(pid, None)
        self.last = snapshot
        return snapshot

    def workers(self, snapshot: list[ProcInfo] | None = None) -> list[ProcInfo]:
        """Live members other than the listening process: those that may serve clients."""
        snapshot = self.look() if snapshot is None else snapshot
        return [i for i in snapshot if i.pid != self.root_pid and not i.is_zombie]

    def zombies(self) -> list[tuple[ProcInfo, float]]:
        """Exited members the server itself must reap (not those adopted by the harness),
        each with how long ago it was first seen exited, as of the last look."""
        now = time.monotonic()
        found = []
        for info in self.last:
            since = self.zombie_since.get(info.pid)
            if since is not None and info.ppid not in (self.harness_pid, 1):
                found.append((info, now - since))
        return found

    def unreaped(self, older_than: float) -> list[tuple[ProcInfo, float]]:
        """The zombies of ``zombies()`` whose parent has had more than ``older_than`` seconds
        to reap them: the time since each was first seen exited, less the time its parent
        waited for a CPU meanwhile (``starved``)."""
        found = []
        for info, age in self.zombies():
            parent, before = self.zombie_parent.get(info.pid, (info.ppid, None))
            if age - starved(before, schedule(parent)) > older_than:
                found.append((info, age))
        return found

    def restart_zombie_clocks(self) -> None:
        """The zombies seen so far count as first seen now: the server was held still until
        now (``Launcher.held``), and a zombie's age is the time its parent had to reap it."""
        now = time.monotonic()
        for pid in self.zombie_since:
            self.zombie_since[pid] = now
            parent, _before = self.zombie_parent.get(pid, (None, None))
            if parent is not None:
                self.zombie_parent[pid] = (parent, schedule(parent))

    def sockets(self, pids: Iterable[int] | None = None) -> dict[int, list[HeldSocket]]:
        """The sockets on the server's port that each member (or each of ``pids``) holds."""
        if self.port is None:
            return {}
        table = _server_sockets(self.port, self.netns_pid)
        if pids is None:
            pids = [i.pid for i in (self.last or self.look())]
        held: dict[int, list[HeldSocket]] = {}
        for pid in pids:
            held[pid] = [table[inode] for inode in _socket_inodes(pid) if inode in table]
        return held

    def held_sockets(self) -> set[int]:
        """The inodes of every socket (TCP, UDP or Unix) a live member held at the last look:
        a connection the server accepted adds one (C-STOP waits for its clients' to appear)."""
        return {inode for info in self.last if not info.is_zombie for inode in _socket_inodes(info.pid)}

    def asleep(self) -> bool:
        """Whether every thread of every live member was blocked (asleep) at the last look:
        a server waiting for its clients, no fork or thread start of an accept under way."""
        for info in self.last:
            if info.is_zombie:
                continue
            try:
                tasks = os.listdir(f"/proc/{info.pid}/task")
            except OSError:
                continue  # gone since the look
            for tid in tasks:
                try:
                    with open(f"/proc/{info.pid}/task/{tid}/stat", "rb") as stat:
                        state = stat.read().rsplit(b")", 1)[1].split()[0]
                except (OSError, IndexError):
                    continue
                if state not in (b"S", b"Z", b"X"):
                    return False
        return True

    def holders(self, remote_port: int) -> list[int]:
        """Members other than the listening process holding the connection of the client
        whose own port is ``remote_port``: the processes serving that client."""
        workers = [i.pid for i in self.workers()]
        held = self.sockets(workers)
        return [pid for pid in workers if any(s.remote_port == remote_port for s in held.get(pid, ()))]

    def state(self, pid: int) -> str | None:
        """The process's state (running, sleeping, zombie, ...); None once it is gone."""
        try:
            return psutil.Process(pid).status()
        except psutil.NoSuchProcess:
            return None

    # --- waiting ----------------------------------------------------------------------

    @timing.timed(timing.OBSERVE)
    def wait_until(self, condition: Callable[[], bool], timeout: float) -> bool:
        """Look at the tree until ``condition()`` holds or ``timeout`` seconds pass."""
        end = time.monotonic() + timeout
        while True:
            self.look()
            if condition():
                return True
            remaining = end - time.monotonic()
            if remaining <= 0:
                return False
            time.sleep(min(POLL_INTERVAL, remaining))

    @timing.timed(timing.OBSERVE)
    def wait_exited(self, pids: Iterable[int], timeout: float) -> list[int]:
        """Wait until each of ``pids`` has exited (gone or a zombie); returns those still
        running after ``timeout`` seconds — more for one that waited for a CPU meanwhile
        (``starved``). Waits on pidfds, so it returns the moment the last one exits."""
        pending = {pid: _pidfd(pid) for pid in pids}
        before = {pid: schedule(pid) for pid in pending}
        end = time.monotonic() + timeout
        try:
            while True:
                for pid, fd in list(pending.items()):
                    if fd is None and self.state(pid) not in (None, psutil.STATUS_ZOMBIE):
                        continue
                    if fd is not None and not select.select([fd], [], [], 0)[0]:
                        continue
                    del pending[pid]
                    if fd is not None:
                        os.close(fd)
                remaining = end - time.monotonic()
                if pending and remaining <= 0:
                    # Past the limit: only those that waited for a CPU get their time.
                    remaining = max(starved(before[pid], schedule(pid)) for pid in pending) + remaining
                if not pending or remaining <= 0:
                    break
                fds = [fd for fd in pending.values() if fd is not None]
                if len(fds) == len(pending):
                    select.select(fds, [], [], remaining)
                else:
                    time.sleep(min(POLL_INTERVAL, remaining))
        finally:
            for fd in pending.values():
                if fd is not None:
                    os.close(fd)
            self.look()  # record the zombies just made
        return list(pending)


@dataclass(frozen=True)
class Schedule:
    """What the kernel counted of a process's threads so far: seconds run on a CPU, and
    seconds spent runnable but waiting for one (``/proc/PID/task/*/schedstat``)."""

    ran: float
    waited: float


def schedule(pid: int) -> Schedule | None:
    """The process's ``Schedule`` now; None when it is gone or the kernel does not say."""
    ran = waited = 0
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat", "rb") as stat:
                fields = stat.read().split()
            ran += int(fields[0])
            waited += int(fields[1])
        except (OSError, ValueError, IndexError):
            continue  # a thread gone since the listing
    return Schedule(ran / 1e9, waited / 1e9)


def starved(before: Schedule | None, now: Schedule | None) -> float:
    """The seconds a process due to act since ``before`` is owed for having waited for a
    CPU: the time it waited runnable, as long as it ran less than STARVED_CPU meanwhile,
    at most STARVED_MOST; 0 where either look is missing (gone, or not Linux)."""
    if before is None or now is None or now.ran - before.ran >= STARVED_CPU:
        return 0.0
    return min(max(0.0, now.waited - before.waited), STARVED_MOST)


def _pidfd(pid: int) -> int | None:
    """A descriptor that becomes readable when ``pid`` exits; None where there is none
    (the process is already gone, or the kernel has no pidfd)."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _server_sockets(port: int, netns_pid: int | None = None) -> dict[int, HeldSocket]:
    """inode -> socket, for the TCP sockets whose local port is ``port`` (in the network
    namespace of process ``netns_pid``, when given)."""
    try:
        return _server_sockets_netlink(port, netns_pid)
    except OSError:
        return _server_sockets_proc(port, netns_pid)


# sock_diag (what ``ss`` uses): asks the kernel for the TCP sockets in every state but
# TIME_WAIT, so a busy machine's thousands of closed connections are never listed (reading
# /proc/net/tcp costs tens of milliseconds there).
_NETLINK_SOCK_DIAG = 4
_SOCK_DIAG_BY_FAMILY = 20
_NLM_F_REQUEST, _NLM_F_DUMP = 0x1, 0x300
_NLMSG_ERROR, _NLMSG_DONE = 2, 3
_TCP_LISTEN_STATE = 10
_STATES_BUT_TIME_WAIT = ((1 << 12) - 1) & ~(1 << 6)
_HEADER = struct.Struct("=IHHII")
_REQUEST = struct.Struct("=BBBBI48x")
_DIAG_MSG = struct.Struct("=BBBB2s2s16s16s4s8sIIIII")


def _server_sockets_netlink(port: int, netns_pid: int | None) -> dict[int, HeldSocket]:
    found: dict[int, HeldSocket] = {}
    with network_of(netns_pid):
        diag = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, _NETLINK_SOCK_DIAG)
    with diag:
        diag.settimeout(1.0)
        for family in (socket.AF_INET, socket.AF_INET6):
            body = _REQUEST.pack(family, socket.IPPROTO_TCP, 0, 0, _STATES_BUT_TIME_WAIT)
            diag.send(_HEADER.pack(_HEADER.size + len(body), _SOCK_DIAG_BY_FAMILY, _NLM_F_REQUEST | _NLM_F_DUMP, 1, 0) + body)
            done = False
            while not done:
                data = diag.recv(65536)
                offset = 0
                while offset + _HEADER.size <= len(data):
                    length, kind, _flags, _seq, _pid = _HEADER.unpack_from(data, offset)
                    if kind == _NLMSG_DONE:
                        done = True
                        break
                    if kind == _NLMSG_ERROR:
                        raise OSError("sock_diag refused the request")
                    if kind == _SOCK_DIAG_BY_FAMILY and length >= _HEADER.size + _DIAG_MSG.size:
                        fields = _DIAG_MSG.unpack_from(data, offset + _HEADER.size)
                        state, sport, dport, inode = fields[1], fields[4], fields[5], fields[14]
                        if int.from_bytes(sport, "big") == port and inode:
                            remote = None if state == _TCP_LISTEN_STATE else int.from_bytes(dport, "big")
                            found[inode] = HeldSocket(remote)
                    if length == 0:
                        break
                    offset += (length + 3) & ~3
    return found


def _server_sockets_proc(port: int, netns_pid: int | None) -> dict[int, HeldSocket]:
    """The same, read from /proc/net/tcp and tcp6."""
    wanted = f":{port:04X} "
    found: dict[int, HeldSocket] = {}
    for path in _TCP_TABLES:
        if netns_pid is not None:
            path = path.replace("/proc/", f"/proc/{netns_pid}/", 1)
        try:
            with open(path) as table:
                lines = table.readlines()[1:]
        except OSError:
            continue
        for line in lines:
            if wanted not in line:
                continue
            fields = line.split()
            if len(fields) < 10 or not fields[1].endswith(wanted.strip()):
                continue
            inode = int(fields[9])
            if inode == 0:
                continue
            if fields[3] == _LISTEN:
                found[inode] = HeldSocket(None)
            else:
                found[inode] = HeldSocket(int(fields[2].rsplit(":", 1)[1], 16))
    return found


def _socket_inodes(pid: int) -> list[int]:
    base = f"/proc/{pid}/fd"
    try:
        names = os.listdir(base)
    except OSError:
        return []
    inodes = []
    for name in names:
        try:
            link = os.readlink(f"{base}/{name}")
        except OSError:
            continue
        if link.startswith("socket:["):
            inodes.append(int(link[8:-1]))
    return inodes
