"""Start a target under the bootstrap, wait for it to listen, stop it and everything it
started. One ``RunningServer`` is one process tree that nothing outlives."""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import select
import threading
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import psutil

from protocols import Transport

from . import ending, proctree, startup, unix_paths, zygote
from ..core import timing
from ..core.errors import ServerDidNotStart
from .output import CappedOutput
from .proctree import ProcessTree, ProcInfo
from .sandbox import DEFAULT_LIMITS, Limits, prepare
from .target import Target

BOOTSTRAP = Path(__file__).with_name("_bootstrap.py")
_running: set["RunningServer"] = set()
_running_lock = threading.Lock()
START_TIMEOUT = 5.0  # C-START
STOP_GRACE = 3.0  # C-STOP
_PRIVATE_ENV = ("PYTHONSTARTUP", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")  # wirecheck's, not the target's
# A server interrupted the instant it reports that it listens may not have reached the
# ``try`` around its accept loop yet (the course's servers print, then enter it); ctrl-C
# waits until its main thread sleeps in the kernel — at most this long after it listened.
SETTLE_BEFORE_SIGINT = 0.2


@dataclass(frozen=True)
class ListenAddress:
    """Where the target really listens, as the bootstrap reported it."""

    family: str  # "inet", "inet6" or "unix"
    kind: str  # "stream" or "dgram"
    address: tuple | str
    pid: int
    netns_pid: int | None = None  # a process in whose network namespace the target listens
    # What the target's own bind() asked for (its hard-coded port or path) before the harness
    # moved it; None when it listened without a bind (an ephemeral port) — C-ADDR.
    asked: tuple | str | None = None

    @property
    def connect_to(self) -> tuple | str:
        return tuple(self.address) if isinstance(self.address, list) else self.address

    def matches(self, transport: Transport) -> bool:
        family_ok = (self.family == "unix") == (transport in (Transport.UNIX, Transport.UNIX_DGRAM))
        kind_ok = (self.kind == "stream") == transport.is_stream
        return family_ok and kind_ok

    def __str__(self) -> str:
        if self.family == "unix":
            return str(self.address)
        host, port = self.address[0], self.address[1]
        return f"[{host}]:{port}" if self.family == "inet6" else f"{host}:{port}"


@dataclass
class StopReport:
    """How the target ended: whether SIGINT sufficed within the grace period, and what had
    to be killed after it (C-STOP, FORK-6)."""

    exited_on_sigint: bool
    seconds: float
    killed: list[ProcInfo] = field(default_factory=list)
    returncode: int | None = None


class RunningServer:
    def __init__(
        self,
        target: Target,
        process: subprocess.Popen,
        output: CappedOutput,
        tmpdir: str,
        token: str,
        uid: int | None = None,
        isolation: str = "",
    ):
        self.target = target
        self.process = process
        self.output = output
        self.tmpdir = tmpdir
        self.token = token
        self.uid = uid
        self.isolation = isolation  # how it runs, in words (unprivileged, as uid N, ...)
        self.limits = DEFAULT_LIMITS
        self.tree = ProcessTree(process.pid, token, uid)
        self.address: ListenAddress | None = None
        self.stop_report: StopReport | None = None
        self.started_at = time.time()
        self.listening_since: float | None = None  # time.monotonic() of its readiness report
        self.stdin_fd: int | None = None  # the write end of the target's standard input, never written

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def exit_description(self) -> str:
        code = self.process.poll()
        if code is None:
            return "still running"
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exited with status {code}"

    def incidents(self) -> list[str]:
        """Limits this server ran into, in words a student understands."""
        found = []
        if self.tree.peak >= self.limits.processes:
            found.append(f"the server started processes until it hit the limit of {self.limits.processes}: a fork bomb?")
        code = self.process.returncode
        if code in (-signal.SIGXCPU,):
            found.append(f"the server used up its CPU time limit of {self.limits.cpu_seconds} s")
        if "MemoryError" in self.output.text():
            found.append(f"the server ran out of memory (its limit is {self.limits.memory_bytes // 2**30} GiB)")
        return found

    def sigint(self) -> None:
        """What ctrl-C sends, to the server process alone (not its group)."""
        if timing.capture is not None:
            timing.capture.note_number(0, "sigint")  # a check's own ctrl-C is part of its example
        self._send_sigint()

    def ctrl_c(self) -> None:
        """What ctrl-C in the server's terminal sends: SIGINT to its process group — the
        server and every child that stayed in it (C-STOP). The server leads a group of its
        own; were it ever not so, the server alone is signalled, never wirecheck's group."""
        if timing.capture is not None:
            timing.capture.note_number(0, "sigint")
        if not self.alive():
            return
        self._settle()
        try:
            if os.getpgid(self.pid) == self.pid != os.getpgrp():
                os.killpg(self.pid, signal.SIGINT)
                return
        except OSError:
            pass
        self.process.send_signal(signal.SIGINT)

    @contextlib.contextmanager
    def held(self, settle: float = 0.05):
        """The server process kept off the CPU (SIGSTOP) while the caller's clients act, then
        let go (SIGCONT): what they send in the meantime reaches it as one batch, as it does
        whenever a busy machine leaves a server waiting for a core. Used where a requirement
        is about two events a server sees at once (SWAP-6's waiter that leaves as the next
        message completes), which timing from outside cannot otherwise promise."""
        pid = self.pid if self.alive() else None
        if pid is not None:
            try:
                os.kill(pid, signal.SIGSTOP)
                deadline = time.monotonic() + settle
                while psutil.Process(pid).status() != psutil.STATUS_STOPPED and time.monotonic() < deadline:
                    time.sleep(0.001)
            except (OSError, psutil.Error):
                pid = None
        try:
            yield
        finally:
            if pid is not None:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGCONT)

    def _send_sigint(self) -> None:
        if self.alive():
            self._settle()
            self.process.send_signal(signal.SIGINT)

    def ended_on_its_own(self) -> int | None:
        """Its exit status when, once it had listened, it ended by itself before anything was
        asked of it (a serving loop never entered: ``while False``, a flag never set); None
        while it runs. Looked at once its main thread has left the code right after
        ``listen()`` (it blocks, or it has ended), as ctrl-C would find it."""
        self._settle()
        return self.process.poll()

    def _settle(self) -> None:
        """Right after it listened, wait for the server's main thread to block (in accept,
        select, recv...), as it would be long before a person pressed ctrl-C."""
        if self.listening_since is None:
            return
        end = self.listening_since + SETTLE_BEFORE_SIGINT
        while time.monotonic() < end:
            try:
                with open(f"/proc/{self.pid}/task/{self.pid}/stat", "rb") as stat:
                    state = stat.read().rsplit(b")", 1)[1].split()[0]
            except (OSError, IndexError):
                return
            if state != b"R":
                return
            time.sleep(0.001)

    def wait_tree_gone(self, timeout: float) -> bool:
        """Wait until the root has exited and no member of the tree still runs."""
        end = time.monotonic() + timeout
        while True:
            remaining = end - time.monotonic()
            try:
                self.process.wait(max(remaining, 0))
            except subprocess.TimeoutExpired:
                return False
            living = [psutil.Process(i.pid) for i in self.tree.alive() if _exists(i.pid)]
            if not living:
                return True
            remaining = end - time.monotonic()
            if remaining <= 0:
                return False
            psutil.wait_procs(living, timeout=min(remaining, 0.2))
            self.tree.reap_adopted()

    @timing.timed(timing.STOP)
    def stop(self, grace: float = STOP_GRACE) -> StopReport:
        """SIGINT, then after ``grace`` seconds SIGKILL to whatever of the tree is left."""
        if self.stop_report is not None:
            return self.stop_report
        if ending.aborting:  # the run is ending on a signal: no grace
            self.kill()
            return self.stop_report
        started = time.monotonic()
        self.tree.snapshot()  # remember every member before the root can orphan them
        self._send_sigint()
        gone = self.wait_tree_gone(grace)
        if gone and self.tree.alive(full=True):  # a member the quick looks missed (its uid tells it)
            gone = False
        killed = [] if gone else self.tree.kill_all()
        if gone:
            self.tree.reap_adopted()
        # When the tree was seen gone, a last look finds nothing: no member was left to fork.
        self._finish(look_again=not gone)
        self.stop_report = StopReport(gone, time.monotonic() - started, killed, self.process.returncode)
        return self.stop_report

    def kill(self) -> None:
        """End the tree at once (a start that failed, an aborted run)."""
        if self.stop_report is None:
            self.tree.snapshot()
            killed = self.tree.kill_all()
            self._finish()
            self.stop_report = StopReport(False, 0.0, killed, self.process.returncode)

    def _finish(self, look_again: bool = True) -> None:
        with _running_lock:
            _running.discard(self)
        if look_again and self.tree.alive(full=True):  # one last look; kill whatever of the tree is left
            self.tree.kill_all()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL was sent
            pass
        self.tree.reap_adopted()
        proctree.launched_pids.discard(self.pid)
        self.output.wait_closed(1.0)
        self._close_stdin()
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def _close_stdin(self) -> None:
        """The server has stopped: its standard input closes (its readers see end of file)."""
        fd, self.stdin_fd = self.stdin_fd, None
        if fd is not None:
            os.close(fd)

    def __enter__(self) -> "RunningServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def scratch_dir() -> str | None:
    """Where a launch's private folder goes: in memory (/dev/shm) where there is one, since a
    check makes and removes hundreds of them and a disk's file system is slow at that;
    else (or with WIRECHECK_TMPDIR set) the usual temporary folder."""
    chosen = os.environ.get("WIRECHECK_TMPDIR")
    if chosen:
        return chosen
    if os.path.isdir(_SHM) and os.access(_SHM, os.W_OK | os.X_OK):
        return _SHM
    return None


_SHM = "/dev/shm"


@atexit.register
def kill_all_running() -> None:
    """Whatever happens to wirecheck (an interrupt, a timeout), no server outlives it."""
    with _running_lock:
        servers = list(_running)
    for server in servers:
        server.kill()


ending.on_ending_kill(kill_all_running)


def _exists(pid: int) -> bool:
    return psutil.pid_exists(pid)


@timing.timed(timing.START)
@dataclass(frozen=True)
class LaunchOptions:
    """How a run starts its servers: the interpreter, the isolation, the network namespace
    and the environment. Every server a run starts — a check's, a fresh one per example, a
    probe's, a grading worker's, a replay's — is started through ``starter``, so that an
    option given once (``--python``) reaches all of them (V-HERMETIC)."""

    env: dict[str, str] | None = None
    isolation: str | None = None  # auto, unprivileged or off (see launch)
    netns: bool | None = None  # a network namespace of its own per target (see launch)
    python: str | None = None  # the interpreter the targets run under; None: wirecheck's own

    def starter(
        self, target: Target, transport: Transport, extra_env: dict[str, str] | None = None, clock_shift: int = 0
    ) -> "Callable[[], RunningServer]":
        """A function that starts ``target`` with these options, ``extra_env`` added to its
        environment and its clock moved by ``clock_shift`` seconds."""
        env = {**(self.env or {}), **(extra_env or {})}
        if clock_shift:
            env[CLOCK_SHIFT_VARIABLE] = str(clock_shift)
        return functools.partial(
            launch, target, transport, env=env or None, isolation=self.isolation, netns=self.netns, python=self.python
        )

    def start(self, target: Target, transport: Transport) -> "RunningServer":
        return self.starter(target, transport)()


CLOCK_SHIFT_VARIABLE = "WIRECHECK_CLOCK_SHIFT"  # read by the bootstrap and the zygote


def launch(
    target: Target,
    transport: Transport,
    env: dict[str, str] | None = None,
    start_timeout: float = START_TIMEOUT,
    limits: Limits = DEFAULT_LIMITS,
    isolation: str | None = None,
    netns: bool | None = None,
    python: str | None = None,
) -> RunningServer:
    """Start ``target`` and return once it listens (or is bound, for datagrams).

    ``isolation`` is ``auto`` (unprivileged when wirecheck runs as root), ``unprivileged``
    or ``off``; the default comes from WIRECHECK_ISOLATION. ``netns`` (default:
    WIRECHECK_NETNS=1) runs the target in a network namespace of its own with only
    loopback, where its hard-coded port is kept; where that is not available the run goes
    on without it and ``isolation`` says so. ``python`` is the interpreter the target runs
    under (see ``sandbox.check_interpreter``); None: wirecheck's own. Raises ServerDidNotStart, with
    the end of its output, when it exits first or does not listen within
    ``start_timeout`` seconds; nothing of it is left running then."""
    ending.check()  # no new server once the run is ending
    proctree.become_subreaper()
    tmpdir = tempfile.mkdtemp(prefix="wirecheck-", dir=scratch_dir())
    try:
        sandbox = prepare(
            target, Path(tmpdir), BOOTSTRAP, limits, isolation or os.environ.get("WIRECHECK_ISOLATION", "auto"), python
        )
    except BaseException:
        shutil.rmtree(tmpdir, ignore_errors=True)
        raise
    token = uuid.uuid4().hex
    read_fd, write_fd = os.pipe()
    # Standard input: a pipe that stays open and never delivers data (a terminal nobody types
    # into, as the course's fork.py expects of input()); its write end closes when the server
    # has stopped.
    stdin_read, stdin_write = os.pipe()
    child_env = dict(os.environ)
    for private in _PRIVATE_ENV:
        child_env.pop(private, None)
    child_env.update(env or {})
    child_env.update(sandbox.env)
    child_env.update(
        {
            "WIRECHECK_REPORT_FD": str(write_fd),
            proctree.TOKEN_VARIABLE: token,
            "PYTHONUNBUFFERED": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    if transport in (Transport.UNIX, Transport.UNIX_DGRAM):
        child_env["WIRECHECK_UNIX_PATHS"] = json.dumps(unix_paths.hard_coded_paths(target.path))
    if netns is None:
        netns = os.environ.get("WIRECHECK_NETNS") == "1"
    if netns:
        if os.geteuid() == 0:
            child_env["WIRECHECK_NETNS"] = "1"
        else:
            sandbox = replace(sandbox, description=sandbox.description + "; no network namespace (wirecheck is not root)")
    run = sandbox.target
    if run.module:
        command = [sandbox.interpreter, "-u", str(sandbox.bootstrap), "module", run.module, str(run.import_root)]
    else:
        command = [sandbox.interpreter, "-u", str(sandbox.bootstrap), "path", str(run.path)]
    as_user = {"user": sandbox.uid, "group": sandbox.uid, "extra_groups": []} if sandbox.uid is not None else {}
    try:
        process = _forked(target, sandbox, command[3:], child_env, env, write_fd, token, stdin_read)
        if process is None:
            process = subprocess.Popen(
                command,
                cwd=run.directory,
                env=child_env,
                stdin=stdin_read,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                pass_fds=(write_fd,),
                start_new_session=True,
                **as_user,
            )
    except OSError as exc:
        for fd in (read_fd, write_fd, stdin_read, stdin_write):
            os.close(fd)
        shutil.rmtree(tmpdir, ignore_errors=True)
        raise ServerDidNotStart(f"could not run Python: {exc}", "") from None
    os.close(write_fd)
    os.close(stdin_read)
    proctree.launched_pids.add(process.pid)
    server = RunningServer(target, process, CappedOutput(process.stdout), tmpdir, token, sandbox.uid, sandbox.description)
    server.limits = limits
    server.stdin_fd = stdin_write
    with _running_lock:
        _running.add(server)
    try:
        server.address = _await_listen(read_fd, server, transport, start_timeout)
        server.listening_since = time.monotonic()
    except ServerDidNotStart:
        server.kill()
        raise
    except BaseException:
        server.kill()
        raise
    finally:
        os.close(read_fd)
    return server


def _forked(target: Target, sandbox, argv: list[str], child_env: dict[str, str], env: dict[str, str] | None,
            write_fd: int, token: str, stdin_fd: int):
    """The target forked by a zygote (see wirecheck.harness.zygote), or None: start an interpreter."""
    pool = zygote.current()
    if pool is None or not zygote.usable(env):
        return None
    run = sandbox.target
    base_env = {name: value for name, value in os.environ.items() if name not in _PRIVATE_ENV}
    base_env.update({"PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"})
    preload = zygote.preloads(target.path, target.import_root if target.module else target.directory)
    try:
        return zygote.spawn(
            pool, sandbox.interpreter, BOOTSTRAP, base_env, preload, argv, child_env, str(run.directory), sandbox.uid, token, write_fd,
            stdin_fd,
        )
    except zygote.ZygoteUnavailable:
        return None


def _await_listen(read_fd: int, server: RunningServer, transport: Transport, timeout: float) -> ListenAddress:
    end = time.monotonic() + timeout
    pending = b""
    netns_pid = None
    fault = None  # wirecheck's own bootstrap raised inside the target (V-HERMETIC)
    while True:
        remaining = end - time.monotonic()
        if remaining <= 0:
            raise _did_not_start(server, f"it did not listen within {timeout:g} s")
        ready, _, _ = select.select([read_fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(read_fd, 4096)
        if not chunk:
            # Every copy of the pipe is closed: the target is exiting (give it a moment to
            # be reaped, so its status can be told).
            try:
                server.process.wait(min(max(end - time.monotonic(), 0.1), 2.0))
            except subprocess.TimeoutExpired:
                raise _did_not_start(server, "it closed wirecheck's report pipe and never listened") from None
            if fault is not None:
                raise _did_not_start(server, fault, fault="wirecheck")
            raise _did_not_start(server, f"it {server.exit_description()} before listening")
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            try:
                data = json.loads(line)
                if "netns" in data:
                    netns_pid = data["netns"]
                    server.isolation += "; in a network namespace of its own"
                    continue
                if "wirecheck_fault" in data:
                    fault = str(data["wirecheck_fault"])
                    continue
                if "netns_unavailable" in data:
                    server.isolation += f"; {data['netns_unavailable']}"
                    continue
                asked = data.get("asked")
                found = ListenAddress(
                    data["family"], data["kind"], data["address"], data["pid"], netns_pid,
                    tuple(asked) if isinstance(asked, list) else asked,
                )
            except (ValueError, KeyError, TypeError):
                continue
            if found.matches(transport):
                return found


def _did_not_start(server: RunningServer, reason: str, fault: str = "server") -> ServerDidNotStart:
    # Give a crashing target a moment to finish writing its traceback.
    server.process.poll()
    if not server.alive():
        server.output.wait_closed(1.0)
    target = server.target
    if target.module:
        private, own = os.path.join(server.tmpdir, "work"), str(target.import_root)
    else:
        private, own = os.path.join(server.tmpdir, "work", target.directory.name or "target"), str(target.directory)
    if fault == "wirecheck":  # its traceback is wirecheck's: shown whole, never explained as the student's
        return ServerDidNotStart(reason, server.output.last_lines(40), None, fault="wirecheck")
    told = startup.explain(server.output.last_lines(20), reason, private, own)
    return ServerDidNotStart(reason, told.output, told.cause)
