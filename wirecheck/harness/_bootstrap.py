"""Runs first inside every target process, before the target's own code.

It is what lets wirecheck run a student's script unchanged: whatever address the script
binds (its hard-coded port 12091, host '', 'localhost' or '0.0.0.0', or a Unix socket
path) is redirected to a loopback port or a private path the harness owns, and the real
address is written to the harness the moment the socket listens (or, for datagram sockets,
is bound) — readiness without polling. It also gives SIGINT back its default meaning, so
that ctrl-C raises KeyboardInterrupt even when wirecheck was started with SIGINT ignored.

Stdlib only, and it imports nothing of wirecheck: it runs inside the target's interpreter,
with the target's directory first on sys.path.

    python _bootstrap.py path FILE [ARGS...]
    python _bootstrap.py module DOTTED.NAME IMPORT_ROOT [ARGS...]
    python _bootstrap.py zygote CONTROL_FD [MODULE,MODULE...]

The third form is a zygote (see wirecheck.harness.zygote): an interpreter that has started once,
imported the standard modules the target imports, and then forks a fresh target process
for each request that arrives on CONTROL_FD — what the first two forms do, minus the
interpreter's start. Each child becomes exactly what a launch by the harness makes: a
session of its own, its own output pipe and report pipe, the environment, working
directory and (under root) the unprivileged uid of that launch, and then the same
``main`` as above.
"""

import json
import os
import runpy
import signal
import socket
import sys
import weakref

REPORT_FD = "WIRECHECK_REPORT_FD"
UNIX_DIR = "WIRECHECK_UNIX_DIR"
BIND_HOST = "WIRECHECK_BIND_HOST"
BIND_HOST6 = "WIRECHECK_BIND_HOST6"
CLOCK_SHIFT = "WIRECHECK_CLOCK_SHIFT"
LIMITS = "WIRECHECK_LIMITS"
NETNS = "WIRECHECK_NETNS"
UNIX_PATHS = "WIRECHECK_UNIX_PATHS"  # JSON list: the Unix socket paths the target hard-codes

_fault_report_fd = None  # where a fault of this file is told to the harness (see _run_then_exit)

_real_bind = socket.socket.bind
_real_listen = socket.socket.listen


class _Redirect:
    def __init__(self, report_fd, unix_dir, host, host6, keep_port=False):
        self.keep_port = keep_port  # in a network namespace of its own, ports cannot collide
        self.report_fd = report_fd
        self.unix_dir = unix_dir
        self.host = host
        self.host6 = host6
        self.unix_paths = {}
        self.reported = set()
        # socket: the address the target's own bind() asked for (C-ADDR); weak, so that a
        # closed socket's successor is never taken for it.
        self.asked = weakref.WeakKeyDictionary()

    def reserve(self, paths):
        """Private paths for the Unix socket paths the target hard-codes, from the start: its
        file operations on them before any bind (a stale file's removal) act on the private
        path too, never on what lies at the real one."""
        for path in paths:
            if path and not path.startswith("\0"):
                key = os.path.abspath(path)
                if key not in self.unix_paths:
                    self.unix_paths[key] = os.path.join(self.unix_dir, f"s{len(self.unix_paths)}.sock")

    def address_for(self, sock, address):
        if sock.family == socket.AF_INET:
            return (self.host, address[1] if self.keep_port else 0)
        if sock.family == socket.AF_INET6:
            return (self.host6, address[1] if self.keep_port else 0) + tuple(address[2:4])
        if sock.family == socket.AF_UNIX and isinstance(address, (str, bytes, os.PathLike)) and address:
            key = os.fsdecode(address)
            if not key:
                return address
            if key.startswith("\0"):
                # An abstract name has no file, but is shared by every process of the
                # machine (of its network namespace): two targets that chose the same name
                # would collide. Each gets a name of its own process's (no two live
                # processes share a pid).
                if key not in self.unix_paths:
                    self.unix_paths[key] = f"\0wirecheck-{os.getpid()}-{len(self.unix_paths)}"
                new = self.unix_paths[key]
                return os.fsencode(new) if isinstance(address, (bytes, bytearray)) else new
            key = os.path.abspath(key)
            if key not in self.unix_paths:
                self.unix_paths[key] = os.path.join(self.unix_dir, f"s{len(self.unix_paths)}.sock")
            return self.unix_paths[key]
        return address

    def private_path(self, path):
        """The private path of a Unix socket path the target bound, else None."""
        if not self.unix_paths or isinstance(path, int):
            return None
        try:
            key = os.fsdecode(path)
        except TypeError:
            return None
        if not key or key.startswith("\0"):
            return None
        private = self.unix_paths.get(os.path.abspath(key))
        if private is not None and isinstance(path, bytes):
            return os.fsencode(private)
        return private

    def note(self, **fields):
        if self.report_fd is not None:
            try:
                os.write(self.report_fd, json.dumps(fields).encode() + b"\n")
            except OSError:
                self.report_fd = None

    def report(self, sock):
        if self.report_fd is None or id(sock) in self.reported:
            return
        self.reported.add(id(sock))
        family = {socket.AF_INET: "inet", socket.AF_INET6: "inet6", socket.AF_UNIX: "unix"}.get(sock.family)
        if family is None:
            return
        name = sock.getsockname()
        if isinstance(name, bytes):
            name = os.fsdecode(name)
        kind = "stream" if sock.type == socket.SOCK_STREAM else "dgram"
        asked = self.asked.get(sock)  # None: it listened without a bind (C-ADDR)
        if isinstance(asked, (bytes, bytearray)):
            asked = os.fsdecode(asked)
        elif isinstance(asked, os.PathLike):
            asked = os.fspath(asked)
        try:
            json.dumps(asked)
        except (TypeError, ValueError):
            asked = repr(asked)
        line = json.dumps({"pid": os.getpid(), "family": family, "kind": kind, "address": name, "asked": asked})
        try:
            os.write(self.report_fd, line.encode() + b"\n")
        except OSError:
            self.report_fd = None


def _install(redirect):
    def bind(self, address):
        moved = redirect.address_for(self, address)
        redirect.asked[self] = address
        _passes_on = True  # what the real bind raises is the target's (see _fault_of_wirecheck)
        _real_bind(self, moved)
        _passes_on = False
        if self.type == socket.SOCK_DGRAM:
            redirect.report(self)

    def listen(self, *args):
        _passes_on = True
        _real_listen(self, *args)
        _passes_on = False
        redirect.report(self)

    bind.__doc__ = _real_bind.__doc__
    listen.__doc__ = _real_listen.__doc__
    socket.socket.bind = bind
    socket.socket.listen = listen
    _redirect_path_operations(redirect)


def _redirect_path_operations(redirect):
    """The target's own file operations on its Unix socket paths — those it hard-codes, from
    the first one, and any other once it bound it — act on the private path it was given:
    the usual remove-before-bind and clean-up at exit work unchanged, and whatever lies at
    the real path (a stale socket of another user, a directory) is never seen nor touched.
    os.path's and pathlib's functions go through these."""
    import builtins
    import io

    class redirected:
        """A file operation whose first ``paths`` arguments are moved to their private
        paths. An object, not a function: kept as a class attribute (``stat = os.stat`` in
        Python 3.10's pathlib, imported after this) it is not turned into a method."""

        def __init__(self, real, paths=1):
            self.real = real
            self.paths = paths
            self.__name__ = real.__name__
            self.__qualname__ = getattr(real, "__qualname__", real.__name__)
            self.__doc__ = real.__doc__

        def __call__(self, *args, **kwargs):
            if kwargs.get("dir_fd") is None and kwargs.get("src_dir_fd") is None and redirect.unix_paths:
                args = list(args)
                for at in range(min(self.paths, len(args))):
                    private = redirect.private_path(args[at])
                    if private is not None:
                        args[at] = private
            _passes_on = True  # what the real call raises is the target's
            return self.real(*args, **kwargs)

        def __repr__(self):
            return repr(self.real)

    unlink = redirected(os.unlink)
    os.unlink = os.remove = unlink
    for name in ("stat", "lstat", "chmod", "chown", "lchown", "access", "utime", "open", "rmdir", "mkdir", "mkfifo", "truncate"):
        if hasattr(os, name):
            setattr(os, name, redirected(getattr(os, name)))
    for name in ("rename", "replace", "link", "symlink"):
        setattr(os, name, redirected(getattr(os, name), paths=2))
    opened = redirected(builtins.open)
    builtins.open = io.open = opened
    # os.path.exists, isfile, getsize... call os.stat (islink and lexists os.lstat) when
    # called; pathlib calls os's functions too, except Python 3.10's, which took its own
    # references when it was imported (a zygote may have imported it already).
    accessor = getattr(sys.modules.get("pathlib"), "_NormalAccessor", None)
    if accessor is not None:
        for name in ("stat", "lstat", "unlink", "chmod", "rmdir", "mkdir", "rename", "replace", "symlink", "open"):
            if hasattr(accessor, name):
                setattr(accessor, name, staticmethod(io.open if name == "open" else getattr(os, name)))


def _enter_network_namespace():
    """A network namespace of this target's own, with only a loopback interface (up).
    A user namespace comes with it, so no privilege is needed; the harness reaches the
    target's loopback by entering the namespace (setns) when it opens a client socket."""
    import ctypes
    import fcntl
    import struct

    libc = ctypes.CDLL(None, use_errno=True)
    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    if libc.unshare(clone_newuser | clone_newnet) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWUSER | CLONE_NEWNET) failed")
    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        request = struct.pack("16sh", b"lo", 0)
        flags = struct.unpack("16sh", fcntl.ioctl(probe, siocgifflags, request))[1]
        fcntl.ioctl(probe, siocsifflags, struct.pack("16sh", b"lo", flags | iff_up))


def _apply_limits(spec):
    """Resource limits for this process and everything it starts (inherited across fork)."""
    import resource

    names = {
        "cpu": resource.RLIMIT_CPU,
        "as": resource.RLIMIT_AS,
        "nofile": resource.RLIMIT_NOFILE,
        "core": resource.RLIMIT_CORE,
        "nproc": resource.RLIMIT_NPROC,
    }
    for item in spec.split(","):
        name, _, value = item.partition("=")
        limit = int(value)
        soft, hard = resource.getrlimit(names[name])
        if hard != resource.RLIM_INFINITY and limit > hard:
            limit = hard
        # CPU: SIGXCPU at the limit, SIGKILL a little later if it is ignored.
        new_hard = limit + 5 if name == "cpu" and (hard == resource.RLIM_INFINITY or limit + 5 <= hard) else limit
        try:
            resource.setrlimit(names[name], (limit, new_hard))
        except (ValueError, OSError):
            pass


def _shift_clock(seconds):
    """Move the target's idea of "now" by whole days, so that a day of the month with one
    digit — where ctime pads with a space and strftime('%d') with a zero — can be seen on
    any date. Both the time module and datetime.datetime are moved."""
    import datetime
    import time

    real_time, real_time_ns = time.time, time.time_ns
    real_localtime, real_gmtime = time.localtime, time.gmtime
    real_ctime, real_strftime = time.ctime, time.strftime

    def shifted_time():
        return real_time() + seconds

    def now_or(secs):
        return shifted_time() if secs is None else secs

    time.time = shifted_time
    time.time_ns = lambda: real_time_ns() + int(seconds * 1_000_000_000)
    time.localtime = lambda secs=None: real_localtime(now_or(secs))
    time.gmtime = lambda secs=None: real_gmtime(now_or(secs))
    time.ctime = lambda secs=None: real_ctime(now_or(secs))
    time.asctime = lambda t=None, _a=time.asctime: _a(time.localtime() if t is None else t)
    time.strftime = lambda fmt, t=None: real_strftime(fmt, time.localtime() if t is None else t)

    class ShiftedDatetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime.fromtimestamp(shifted_time(), tz)

        @classmethod
        def today(cls):
            return datetime.datetime.fromtimestamp(shifted_time())

        @classmethod
        def utcnow(cls):
            return datetime.datetime.fromtimestamp(shifted_time(), datetime.timezone.utc).replace(tzinfo=None)

    ShiftedDatetime.__name__ = ShiftedDatetime.__qualname__ = "datetime"
    ShiftedDatetime.__module__ = "datetime"
    datetime.datetime = ShiftedDatetime


def _student_traceback(kind, value, tb):
    """Tracebacks as the student's own run would print them: without this file's frames
    and runpy's in front of the student's code."""
    while tb is not None and os.path.basename(tb.tb_frame.f_code.co_filename) in ("bootstrap.py", "_bootstrap.py", "runpy.py", "<frozen runpy>"):
        tb = tb.tb_next
    if value is not None:
        value.__traceback__ = tb  # the default hook prints the exception's own traceback
    sys.__excepthook__(kind, value, tb)


def main(argv):
    global _fault_report_fd
    fd = os.environ.pop(REPORT_FD, None)
    report_fd = int(fd) if fd else None
    if report_fd is not None:
        os.set_inheritable(report_fd, False)
    _fault_report_fd = report_fd
    own_network = False
    if os.environ.pop(NETNS, None):
        try:
            _enter_network_namespace()
            own_network = True
        except OSError as exc:
            unavailable = f"no network namespace of its own ({exc.strerror or exc})"
    redirect = _Redirect(
        report_fd,
        os.environ.pop(UNIX_DIR, None) or os.getcwd(),
        os.environ.pop(BIND_HOST, "127.0.0.1"),
        os.environ.pop(BIND_HOST6, "::1"),
        keep_port=own_network,
    )
    if own_network:
        redirect.note(netns=os.getpid())
    elif "unavailable" in locals():
        redirect.note(netns_unavailable=unavailable)
    limits = os.environ.pop(LIMITS, None)
    if limits:
        _apply_limits(limits)
    redirect.reserve(json.loads(os.environ.pop(UNIX_PATHS, None) or "[]"))
    _install(redirect)
    shift = os.environ.pop(CLOCK_SHIFT, None)
    if shift:
        _shift_clock(float(shift))
    # Whatever wirecheck inherited (a background job, nohup), ctrl-C means KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    sys.excepthook = _student_traceback
    kind, name, rest = argv[1], argv[2], argv[3:]
    if kind == "path":
        sys.argv = [name] + rest
        sys.path[0] = os.path.dirname(os.path.abspath(name))
        _passes_on = True  # from here on, what is raised is the target's (its syntax errors too)
        runpy.run_path(name, run_name="__main__")
    else:
        root, rest = rest[0], rest[1:]
        sys.argv = [name] + rest
        sys.path[0] = root
        _passes_on = True
        runpy.run_module(name, run_name="__main__", alter_sys=True)


def _own_file(filename):
    return filename == __file__ or os.path.abspath(filename) == os.path.abspath(__file__)


def _standard_library(filename):
    import sysconfig

    if filename.startswith("<frozen"):
        return True
    paths = sysconfig.get_paths()
    roots = {os.path.abspath(paths[key]) + os.sep for key in ("stdlib", "platstdlib") if key in paths}
    return any(os.path.abspath(filename).startswith(root) for root in roots) and "site-packages" not in filename


def _fault_of_wirecheck(exc):
    """Whether ``exc`` is a fault of this file rather than the target's, told by where it was
    raised, not by its type: the innermost frame of the traceback that is not the standard
    library's is this file's, and not a place where this file hands the target's own call on
    to the real function (marked by a local ``_passes_on``: what bind() raises for the
    target's address, what runpy raises for its syntax, is the target's)."""
    decisive = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if _own_file(filename) or not _standard_library(filename):
            decisive = tb.tb_frame
        tb = tb.tb_next
    if decisive is None or not _own_file(decisive.f_code.co_filename):
        return False
    return not decisive.f_locals.get("_passes_on")


def _tell_fault(exc):
    """wirecheck's own fault, on the report pipe (the harness reads it as ``error: wirecheck``)
    and in full on the output, where the student sees it is not theirs."""
    import traceback

    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        sys.stderr.write("wirecheck: an internal error in its bootstrap (not your server's fault):\n" + text)
    except Exception:
        pass
    if _fault_report_fd is not None:
        last = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{os.path.basename(last.filename)}, line {last.lineno}"
        line = json.dumps({"wirecheck_fault": f"{type(exc).__name__}: {exc} ({where})"})
        try:
            os.write(_fault_report_fd, line.encode() + b"\n")
        except OSError:
            pass


# --- the zygote ---------------------------------------------------------------------------

SPARE = "WIRECHECK_SPARE"  # a slot in the zygote's environment block, the size of a run token


def _zygote(argv):
    """Serve fork requests until the harness closes the control socket; returns only in a
    forked child, with the argv its launch asked for."""
    import array
    import importlib

    control = socket.socket(fileno=int(argv[2]))
    import ctypes  # noqa: F401  - every child's _claim_token needs it: imported once, here
    for name in filter(None, (argv[3] if len(argv) > 3 else "").split(",")):
        try:
            importlib.import_module(name)
        except Exception:
            pass
    exited = {}

    def reap(_signum=None, _frame=None):
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            exited[pid] = status

    signal.signal(signal.SIGCHLD, reap)
    while True:
        fds = array.array("i")
        try:
            message, ancillary, _flags, _address = control.recvmsg(65536, socket.CMSG_SPACE(16 * fds.itemsize))
        except InterruptedError:  # pragma: no cover - PEP 475 retries
            continue
        if not message:
            os._exit(0)  # the harness is gone or done
        for level, kind, data in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.frombytes(data[: len(data) - (len(data) % fds.itemsize)])
        request = json.loads(message)
        if "status" in request:
            pid = request["status"]
            if pid not in exited:
                try:
                    _, status = os.waitpid(pid, 0)
                    exited[pid] = status
                except ChildProcessError:
                    reap()
            control.send(json.dumps({"status": exited.pop(pid, None)}).encode())
            continue
        try:
            pid = os.fork()
        except OSError as exc:
            for fd in fds:
                os.close(fd)
            control.send(json.dumps({"error": str(exc)}).encode())
            continue
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            control.close()
            return _become(request, list(fds))
        for fd in fds:
            os.close(fd)
        control.send(json.dumps({"pid": pid}).encode())


def _become(request, fds):
    """In a forked child: become the process the harness would have started."""
    output, report, stdin = fds
    os.setsid()
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.dup2(stdin, 0)  # open, never delivering data, as a launch's standard input is
    os.close(output)
    os.close(stdin)
    os.closerange(3, report)
    os.closerange(report + 1, 1 << 16)
    _claim_token(request["token"])
    env = request["env"]
    env[REPORT_FD] = str(report)
    os.environ.clear()
    os.environ.update(env)
    uid = request.get("uid")
    if uid is not None:
        os.setgroups([])
        os.setregid(uid, uid)
        os.setreuid(uid, uid)
    os.chdir(request["cwd"])
    return ["bootstrap"] + request["argv"]


def _claim_token(token):
    """Write this launch's run token into the environment block the kernel shows in
    /proc/PID/environ (inherited from the zygote, which holds a spare slot of the same
    size): the harness finds the processes of a target by that token."""
    import ctypes

    wanted = ("WIRECHECK_RUN=" + token).encode()
    try:
        with open("/proc/self/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        start, end = int(fields[47]), int(fields[48])  # env_start, env_end (fields 50 and 51)
        block = ctypes.string_at(start, end - start)
        at = block.find(SPARE.encode() + b"=")
        if at >= 0 and block.find(b"\0", at) - at == len(wanted):
            ctypes.memmove(start + at, wanted, len(wanted))
    except (OSError, ValueError, IndexError):
        pass


def _exit_status(code):
    """The exit status ``sys.exit(code)`` gives, as the interpreter reckons it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        sys.stderr.write(f"{code}\n")
    except Exception:
        pass
    return 1


def _run_then_exit(argv):
    """Run the target and end as ``python FILE`` ends — the traceback of an uncaught exception,
    non-daemon threads waited for, exit handlers run, standard streams flushed, the same exit
    status (death by SIGINT for an uncaught ctrl-C) — but without the interpreter's teardown of
    every module, which in a process forked from a zygote writes to (and so copies) memory of
    all it inherited: a third of a forked server's CPU, paid per example of a check."""
    status, interrupted = 0, False
    try:
        main(argv)
    except SystemExit as exc:
        status = _exit_status(exc.code)
    except BaseException as exc:  # what the interpreter prints for an uncaught exception
        if isinstance(exc, Exception) and _fault_of_wirecheck(exc):
            _tell_fault(exc)
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        interrupted = isinstance(exc, KeyboardInterrupt)
        status = 1
    threading = sys.modules.get("threading")
    if threading is not None:
        try:
            threading._shutdown()  # wait for the threads that are not daemons, as Python does
        except BaseException:  # a second ctrl-C while waiting: Python goes on to exit too
            pass
    try:
        import atexit

        atexit._run_exitfuncs()
    except BaseException:
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    if interrupted:  # Python ends an uncaught ctrl-C by SIGINT itself, so the shell sees it
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
        status = 130
    os._exit(status)


if __name__ == "__main__":
    if sys.argv[1] == "zygote":
        sys.argv = _zygote(sys.argv)
    _run_then_exit(sys.argv)
