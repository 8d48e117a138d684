"""Fresh servers without a fresh interpreter: a zygote per target that forks them.

A check that needs a new server for every example (swap, guess, the C-ROBUST checks...)
used to pay, per example, for an interpreter to start and to import what the target
imports — most of a server's start. Inside ``zygotes()`` (the runner opens one around each
such check) ``launch`` asks a zygote instead: the bootstrap run once per target in its
``zygote`` mode, having imported the standard-library modules the target imports (never a
module of the target's own folder, nor one a file there would shadow), forks a child per
launch. The child becomes what ``launch`` would have started, with every guarantee kept:
its own session, output pipe and readiness report, the environment, folder copy and (under
root) unprivileged uid of that launch, its run token visible in /proc/PID/environ, the
limits, the bind redirection and ctrl-C handling of the bootstrap, its exit status reported
(the zygote reaps it; ``ForkedProcess`` is the part of ``subprocess.Popen`` the harness
uses). Orphans of a forked server still come to the harness, its subreaper.

Where a zygote cannot serve a launch — the launch's environment sets something the
interpreter reads when it starts (PYTHON*, LANG, LC_*), the clock of the server is moved
(modules imported before the move would keep the real clock), the zygote died — ``launch``
starts an interpreter as before. ``WIRECHECK_ZYGOTE=0`` turns zygotes off."""

from __future__ import annotations

import ast
import contextlib
import functools
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from . import proctree

ENV = "WIRECHECK_ZYGOTE"
SPARE = "WIRECHECK_SPARE"
_TOKEN_SIZE = len(proctree.TOKEN_VARIABLE) + 1 + 32  # WIRECHECK_RUN= and a uuid4 hex
_STARTUP_ENV = ("PYTHON", "LANG", "LC_")  # read by the interpreter when it starts
_CLOCK_SHIFT = "WIRECHECK_CLOCK_SHIFT"


class ZygoteUnavailable(Exception):
    """This launch starts an interpreter instead."""


class ForkedProcess:
    """A server forked by a zygote, seen through the Popen interface the harness uses:
    ``pid``, ``stdout``, ``returncode``, ``poll``, ``wait``, ``send_signal``. Waiting uses
    a pidfd, so it ends the moment the server exits; signals go through it too, so they
    can never reach another process that took the pid."""

    def __init__(self, pid: int, zygote: "Zygote", stdout) -> None:
        self.pid = pid
        self.stdout = stdout
        self.returncode: int | None = None
        self._zygote = zygote
        try:
            self._pidfd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:
            # A server that ended at once (an error in its first lines) may be gone, and
            # reaped by the zygote, before the pidfd is opened: it has exited, that is all.
            self._pidfd = None

    def _exited(self, timeout: float | None) -> bool:
        if self._pidfd is None:
            return True
        return bool(select.select([self._pidfd], [], [], timeout)[0])

    def poll(self) -> int | None:
        if self.returncode is None and self._exited(0):
            self._collect()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if not self._exited(timeout):
                raise subprocess.TimeoutExpired(f"server {self.pid}", timeout)
            self._collect()
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None and self._pidfd is not None:
            try:
                signal.pidfd_send_signal(self._pidfd, signum)
            except ProcessLookupError:
                pass

    def _collect(self) -> None:
        status = self._zygote.status(self.pid)
        self.returncode = os.waitstatus_to_exitcode(status) if status is not None else -signal.SIGKILL
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None


class Zygote:
    """One zygote process: started like a target, as the harness's own user."""

    def __init__(self, interpreter: str, bootstrap: Path, env: dict[str, str], preload: list[str]) -> None:
        self._lock = threading.Lock()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.process = subprocess.Popen(
                [interpreter, "-u", str(bootstrap), "zygote", str(theirs.fileno()), ",".join(preload)],
                cwd="/",
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
                start_new_session=True,
            )
        except OSError as exc:
            ours.close()
            raise ZygoteUnavailable(str(exc)) from None
        finally:
            theirs.close()
        self.control = ours

    def alive(self) -> bool:
        return self.process.poll() is None

    def _ask(self, request: dict, fds: list[int] = ()) -> dict:
        message = json.dumps(request).encode()
        try:
            if fds:
                self.control.sendmsg([message], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, bytes(_ints(fds)))])
            else:
                self.control.send(message)
            answer = self.control.recv(65536)
        except OSError as exc:
            raise ZygoteUnavailable(f"the zygote is gone: {exc}") from None
        if not answer:
            raise ZygoteUnavailable("the zygote is gone")
        return json.loads(answer)

    def fork(self, request: dict, output_fd: int, report_fd: int, stdin_fd: int) -> int:
        with self._lock:
            answer = self._ask({"fork": True, **request}, [output_fd, report_fd, stdin_fd])
        if "pid" not in answer:
            raise ZygoteUnavailable(answer.get("error", "the zygote could not fork"))
        return int(answer["pid"])

    def status(self, pid: int) -> int | None:
        """The wait status of an exited child (the zygote reaped it)."""
        with self._lock:
            try:
                return self._ask({"status": pid}).get("status")
            except ZygoteUnavailable:
                return None

    def close(self) -> None:
        with self._lock:
            self.control.close()  # the zygote exits when its control socket closes
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:  # pragma: no cover - it only ever waits on the socket
            self.process.kill()
            self.process.wait()


def _ints(fds) -> bytes:
    import array

    return array.array("i", fds).tobytes()


class ZygotePool:
    """The zygotes of one check, by what they were started with; closed with it."""

    def __init__(self) -> None:
        self._zygotes: dict[tuple, Zygote] = {}
        self._lock = threading.Lock()

    def zygote(self, interpreter: str, bootstrap: Path, base_env: dict[str, str], preload: list[str]) -> Zygote:
        key = (interpreter, str(bootstrap), tuple(sorted(base_env.items())), tuple(preload))
        with self._lock:
            found = self._zygotes.get(key)
            if found is not None and found.alive():
                return found
            if found is not None:
                found.close()
            env = dict(base_env)
            env[SPARE] = "x" * (_TOKEN_SIZE - len(SPARE) - 1)
            found = self._zygotes[key] = Zygote(interpreter, bootstrap, env, preload)
            return found

    def close(self) -> None:
        with self._lock:
            zygotes, self._zygotes = list(self._zygotes.values()), {}
        for zygote in zygotes:
            zygote.close()


_pool: ZygotePool | None = None


@contextlib.contextmanager
def zygotes():
    """Within this block, ``launch`` forks servers from zygotes (see the module's doc)."""
    global _pool
    if os.environ.get(ENV) == "0" or _pool is not None or not hasattr(os, "pidfd_open"):
        yield
        return
    _pool = ZygotePool()
    try:
        yield
    finally:
        pool, _pool = _pool, None
        pool.close()


def current() -> ZygotePool | None:
    return _pool


def usable(launch_env: dict[str, str] | None) -> bool:
    """Whether a launch with this extra environment may come from a zygote."""
    if _pool is None:
        return False
    return not any(name.startswith(_STARTUP_ENV) or name == _CLOCK_SHIFT for name in (launch_env or {}))


def spawn(pool: ZygotePool, interpreter: str, bootstrap: Path, base_env: dict[str, str], preload: list[str],
          argv: list[str], env: dict[str, str], cwd: str, uid: int | None, token: str, report_fd: int,
          stdin_fd: int) -> ForkedProcess:
    """A server forked by the pool's zygote for this interpreter and environment."""
    zygote = pool.zygote(interpreter, bootstrap, base_env, preload)
    read_fd, write_fd = os.pipe()
    try:
        pid = zygote.fork({"argv": argv, "env": env, "cwd": cwd, "uid": uid, "token": token}, write_fd, report_fd, stdin_fd)
    except BaseException:
        os.close(read_fd)
        raise
    finally:
        os.close(write_fd)
    return ForkedProcess(pid, zygote, os.fdopen(read_fd, "rb"))


def preloads(source: Path, folder: Path) -> list[str]:
    """The standard-library modules ``source`` imports (top-level names), except any that a
    file or folder in ``folder`` — where the target imports from — would shadow."""
    try:
        stat = source.stat()
        entries = frozenset(os.listdir(folder))
    except OSError:
        return []
    return _preloads(str(source), stat.st_mtime_ns, stat.st_size, entries)


# Standard modules that others import only when first used (argparse's messages, a traceback
# printed at ctrl-C): imported once in the zygote instead of in every server it forks.
LAZY_IMPORTS = ("gettext", "linecache", "locale", "tokenize", "traceback")


@functools.lru_cache(maxsize=64)
def _preloads(source: str, _mtime: int, _size: int, entries: frozenset[str]) -> list[str]:
    try:
        tree = ast.parse(Path(source).read_bytes())
    except (OSError, SyntaxError, ValueError):
        return []
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    names.update(LAZY_IMPORTS)
    local = {Path(entry).stem for entry in entries}
    wanted = set()
    for name in names:
        top = name.split(".")[0]
        if top in sys.stdlib_module_names and top not in local and not top.startswith("_"):
            wanted.add(name)
    return sorted(wanted)
