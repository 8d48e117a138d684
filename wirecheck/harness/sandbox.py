"""Where and as whom a target runs: resource limits, and — when wirecheck runs as root — an
unprivileged user of its own, a private home and a private working copy of its folder.

A student's server is untrusted code. Under its own uid it cannot write the grader's files
or another submission, cannot signal the grader (``os.kill(os.getppid(), SIGKILL)`` gets
EPERM), and every process it starts — however it renames itself, forks or changes session —
still carries that uid, so cleanup finds it. RLIMIT_NPROC then counts that uid's processes
alone, which is what contains a fork bomb."""

from __future__ import annotations

import functools
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


from ..core.errors import ServerDidNotStart, TargetError
from .proctree import process_table
from .target import Target

COPY_LIMIT = 64 * 1024 * 1024  # a working copy larger than this is refused
IGNORED = shutil.ignore_patterns(".git", "__pycache__", ".hypothesis", ".wirecheck", ".venv", "venv", "node_modules", ".tox")
UID_RANGE = (2_000_000, 2_000_000_000)  # far above any real account; wide, so two launches seldom draw alike


@dataclass(frozen=True)
class Limits:
    """Limits on each process of a target (RLIMIT_*); the process count applies to the
    target's own uid when it runs unprivileged."""

    cpu_seconds: int = 120
    memory_bytes: int = 2 * 1024**3  # address space: generous, threads reserve a lot of it
    processes: int = 64
    open_files: int = 256

    def to_env(self, processes_allowed: int | None) -> str:
        parts = [f"cpu={self.cpu_seconds}", f"as={self.memory_bytes}", f"nofile={self.open_files}", "core=0"]
        if processes_allowed is not None:
            parts.append(f"nproc={processes_allowed}")
        return ",".join(parts)


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Sandbox:
    """How one launch runs: the interpreter, the (copied) target, its uid and environment."""

    interpreter: str
    bootstrap: Path
    target: Target
    uid: int | None
    env: dict[str, str]
    description: str


def isolation_wanted(setting: str) -> bool:
    """``auto`` (the default): unprivileged whenever wirecheck runs as root."""
    if setting == "off":
        return False
    if setting == "unprivileged":
        if os.geteuid() != 0:
            raise ServerDidNotStart("unprivileged mode needs wirecheck to run as root", "")
        return True
    return os.geteuid() == 0


def prepare(target: Target, sandbox_dir: Path, bootstrap: Path, limits: Limits, setting: str, python: str | None = None) -> Sandbox:
    """Lay out ``sandbox_dir`` for one launch of ``target`` (under ``python``, an
    interpreter checked by ``check_interpreter``; None: wirecheck's own, or the one an
    unprivileged user can run)."""
    (sandbox_dir / "sock").mkdir()
    env = {"WIRECHECK_UNIX_DIR": str(sandbox_dir / "sock")}
    if not isolation_wanted(setting):
        env["WIRECHECK_LIMITS"] = limits.to_env(_processes_of(os.getuid()) + limits.processes if os.getuid() else None)
        return Sandbox(python or sys.executable, bootstrap, target, None, env, "as this user")
    if python is not None:
        if not _usable_unprivileged(python):
            raise ServerDidNotStart(f"{python} cannot be run by an unprivileged user (is its folder private?); use --isolation off", "")
        interpreter: str | None = python
    else:
        interpreter = unprivileged_interpreter()
    if interpreter is None:
        env["WIRECHECK_LIMITS"] = limits.to_env(None)
        return Sandbox(sys.executable, bootstrap, target, None, env, "as root: no Python interpreter that other users may run")
    uid = _free_uid()
    work = sandbox_dir / "work"
    copied = _copy_target(target, work)
    for name in ("home", "tmp"):
        (sandbox_dir / name).mkdir()
    own_bootstrap = sandbox_dir / "bootstrap.py"
    shutil.copyfile(bootstrap, own_bootstrap)
    _chown_tree(sandbox_dir, uid)
    os.chmod(sandbox_dir, 0o711)
    env.update(
        {
            "HOME": str(sandbox_dir / "home"),
            "TMPDIR": str(sandbox_dir / "tmp"),
            "WIRECHECK_LIMITS": limits.to_env(limits.processes),
        }
    )
    return Sandbox(interpreter, own_bootstrap, copied, uid, env, f"unprivileged, as uid {uid}, in a private copy of its folder")


def _copy_target(target: Target, work: Path) -> Target:
    if target.module:
        top = target.module.split(".")[0]
        source = target.import_root / top
        destination = work / top
        if source.is_dir():
            _copy_tree(source, destination)
        else:
            work.mkdir(parents=True)
            shutil.copy2(target.import_root / f"{top}.py", work / f"{top}.py")
        relative = target.path.relative_to(target.import_root)
        return Target(path=work / relative, display=target.display, module=target.module, import_root=work)
    destination = work / (target.directory.name or "target")
    _copy_tree(target.directory, destination)
    return Target(path=destination / target.path.name, display=target.display)


def _copy_tree(source: Path, destination: Path) -> None:
    size = 0
    for root, dirs, files in os.walk(source):
        dirs[:] = [d for d in dirs if not IGNORED(root, [d])]
        for name in files:
            try:
                size += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
        if size > COPY_LIMIT:
            raise ServerDidNotStart(
                f"its folder holds more than {COPY_LIMIT // 2**20} MiB; run it from a folder of its own", ""
            )
    shutil.copytree(source, destination, ignore=IGNORED, symlinks=True)


def _chown_tree(path: Path, uid: int) -> None:
    os.chown(path, uid, uid, follow_symlinks=False)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(root, name), uid, uid, follow_symlinks=False)


_USED_FOR = 5.0  # seconds a look at the uids in use is trusted
_used: tuple[float, set[int]] = (float("-inf"), set())
_given: set[int] = set()  # uids this process handed out (its own launches, still or once running)


def _free_uid() -> int:
    """A uid no process uses: chosen at random in a range no real account has, avoiding the
    uids seen in use (one look at every process every few seconds, not one per launch: a
    grading launches thousands of servers) and those this process gave before."""
    global _used
    seen_at, used = _used
    if time.monotonic() - seen_at > _USED_FOR:
        used = {real for _ppid, real, _effective in process_table().values()}
        _used = (time.monotonic(), used)
    chooser = random.SystemRandom()
    while True:
        uid = chooser.randrange(*UID_RANGE)
        if uid not in used and uid not in _given:
            _given.add(uid)
            return uid


def _processes_of(uid: int) -> int:
    return sum(1 for _ppid, real, _effective in process_table().values() if real == uid)


@functools.lru_cache(maxsize=8)
def _usable_unprivileged(interpreter: str) -> bool:
    return _runs_unprivileged(interpreter)


def check_interpreter(python: str, base: Path | None = None, setting: str | None = None) -> str:
    """The absolute path of the Python interpreter named by ``--python`` (a path, relative to
    ``base``, or a command on PATH), once it has been seen to run — by an unprivileged user
    too when targets are isolated with this ``setting``; else a TargetError."""
    if os.sep in python:
        path = Path(python).expanduser()
        if not path.is_absolute():
            path = (base or Path.cwd()) / path
        found = str(path) if path.exists() else None
    else:
        found = shutil.which(python)
    if found is None:
        raise TargetError(f"--python {python}: no such interpreter")
    if interpreter_version(found) is None:
        raise TargetError(f"--python {python}: {found} does not run as a Python interpreter with the standard library")
    found = os.path.abspath(found)
    try:
        isolating = isolation_wanted(setting or os.environ.get("WIRECHECK_ISOLATION", "auto"))
    except ServerDidNotStart:
        isolating = False
    if isolating and not _usable_unprivileged(found):
        raise TargetError(
            f"--python {python}: an unprivileged user cannot run it (is its folder private?), and servers run "
            "unprivileged when wirecheck runs as root: install it where others can read it, or use --isolation off (WIRECHECK_ISOLATION=off)"
        )
    return found


@functools.lru_cache(maxsize=8)
def interpreter_version(interpreter: str) -> str | None:
    """``3.13.0``, as that interpreter says, or None when it does not run."""
    if interpreter == sys.executable:
        return ".".join(str(n) for n in sys.version_info[:3])
    try:
        done = subprocess.run(
            [interpreter, "-c", "import sys, socketserver, selectors, runpy, json; print('%d.%d.%d' % sys.version_info[:3])"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=20,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def effective_interpreter(python: str | None, setting: str | None = None) -> str:
    """The interpreter a target runs under with these settings (see ``prepare``)."""
    if python is not None:
        return python
    try:
        isolating = isolation_wanted(setting or os.environ.get("WIRECHECK_ISOLATION", "auto"))
    except ServerDidNotStart:
        isolating = False
    if isolating:
        return unprivileged_interpreter() or sys.executable
    return sys.executable


def interpreter_description(python: str | None, setting: str | None = None) -> str:
    """``Python 3.13.0 (/usr/bin/python3)``: what the reports say ran the targets."""
    interpreter = effective_interpreter(python, setting)
    return f"Python {interpreter_version(interpreter) or '(version unknown)'} ({interpreter})"


@functools.lru_cache(maxsize=1)
def unprivileged_interpreter() -> str | None:
    """A Python that an unprivileged user can run: wirecheck's own when its files are not
    private (a Python under /root often is), else the system's."""
    for candidate in (sys.executable, "/usr/bin/python3", "/usr/local/bin/python3"):
        if candidate and os.path.exists(candidate) and _runs_unprivileged(candidate):
            return candidate
    return None


def _runs_unprivileged(interpreter: str) -> bool:
    try:
        done = subprocess.run(
            [interpreter, "-c", "import socketserver, http.server, asyncio, selectors, runpy"],
            user=UID_RANGE[0] - 1,
            group=UID_RANGE[0] - 1,
            extra_groups=[],
            cwd="/",
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=20,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
