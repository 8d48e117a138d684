"""Runs one wirecheck replay against a live server: the client sequence of a counterexample,
then the judgement of what the server did at the moment the check saw it fail.

Standard library only, and nothing of wirecheck is imported: a replay script is this file
with the replay's data in front, so a student can run it with nothing installed.

    python SCRIPT.py [--host HOST] [--port PORT]     # a server you started yourself
    python SCRIPT.py --unix PATH                     # one on a Unix socket path
    python SCRIPT.py --server clockserver.py         # the script starts it (and stops it)

Exit status: 0 when the server did what the requirement asks in this replay, 1 when the
failure happened again, 2 when the replay could not run (no server listening)."""

import argparse
import json
import math
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

REPLY_PADDING = b" \t\r\n"
CTIME_LENGTH = 24
CTIME_SHAPE = re.compile(
    rb"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ?[ 0-3]?[0-9] "
    rb"[0-2][0-9]:[0-5][0-9]:[0-6][0-9] [0-9]{4}$"
)
START_TIMEOUT = 5.0
STOP_GRACE = 3.0
NEEDS_SERVER = "this failure is about ctrl-C: give your server's file with --server FILE, so that the replay starts it and presses ctrl-C"  # a replay that presses ctrl-C
PASSED, REPRODUCED, COULD_NOT_RUN = 0, 1, 2
_ESCAPES = {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", ord('"'): '\\"', ord("\\"): "\\\\"}


def show(data, limit=60):
    """Bytes as wirecheck quotes them: a string in double quotes, escapes for the rest."""
    text = "".join(_ESCAPES.get(b) or (chr(b) if 0x20 <= b < 0x7F else "\\x%02x" % b) for b in data[:limit])
    more = "… (+%d bytes)" % (len(data) - limit) if len(data) > limit else ""
    return '"%s"%s' % (text, more)


class CouldNotRun(Exception):
    """The replay cannot start: nothing listens where the server should be."""


# --- clients ---------------------------------------------------------------------------


class Client:
    """One client of the replay: a stream connection or a datagram socket, and everything
    it received."""

    def __init__(self, number, transport, address):
        self.number = number
        self.name = "client %d" % number
        self.stream = transport in ("tcp", "unix")
        self.address = address
        self.received = bytearray()
        self.datagrams = []  # (bytes, arrival time)
        self.sends = []  # time.time() of each send
        self.first_byte_at = None
        self.eof = self.reset = self.closed = False
        self.refused = None  # why it could not connect
        self.send_error = None
        self.sock = None
        self._dir = None

    @property
    def ended(self):
        return self.eof or self.reset

    @property
    def count(self):
        return len(self.received) if self.stream else len(self.datagrams)

    def fileno(self):
        return self.sock.fileno()

    def connect(self):
        family, address = self.address
        self.sock = socket.socket(family, socket.SOCK_STREAM if self.stream else socket.SOCK_DGRAM)
        if self.stream:
            self.sock.settimeout(2.0)
            try:
                self.sock.connect(address)
            except OSError as exc:
                self.sock.close()
                self.closed = True
                self.refused = exc.strerror or str(exc)
                return False
            if family != socket.AF_UNIX:
                self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        elif family == socket.AF_UNIX:
            self._dir = tempfile.mkdtemp(prefix="replay-")
            os.chmod(self._dir, 0o711)
            self.sock.bind(os.path.join(self._dir, "c.sock"))
        else:
            self.sock.bind(("::1" if family == socket.AF_INET6 else "127.0.0.1", 0))
        self.sock.setblocking(False)
        return True

    def send(self, data, timeout=2.0):
        if self.sock is None or self.closed:
            return
        self.sends.append(time.time())
        if not self.stream:
            try:
                self.sock.sendto(data, self.address[1])
            except OSError as exc:
                self.send_error = exc.strerror or str(exc)
            return
        end = time.monotonic() + timeout
        view = memoryview(data)
        while view:
            try:
                view = view[self.sock.send(view):]
            except BlockingIOError:
                remaining = end - time.monotonic()
                if remaining <= 0:
                    self.send_error = "the server stopped reading"
                    return
                select.select([], [self.sock], [], remaining)
            except OSError as exc:
                self.send_error = "the server had closed the connection" if exc.errno == 32 else (exc.strerror or str(exc))
                if exc.errno == 104:
                    self.reset = True
                return

    def half_close(self):
        if self.sock is not None and not self.closed:
            try:
                self.sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def shutdown(self):
        """Both directions shut, the socket kept open (what wirecheck's client did)."""
        if self.sock is not None and not self.closed:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def act(self, action):
        """One recorded action of this client other than connecting: send, half_close,
        shutdown, close or reset."""
        do = action["do"]
        if do == "send":
            self.send(bytes.fromhex(action["data"]))
        elif do == "half_close":
            self.half_close()
        elif do == "shutdown":
            self.shutdown()
        elif do == "close":
            self.close()
        elif do == "reset":
            self.close(reset=True)

    def close(self, reset=False):
        if self.sock is not None and not self.closed:
            if reset:
                try:
                    self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                except OSError:
                    pass
            self.closed = True
            self.sock.close()
        if self._dir:
            for name in os.listdir(self._dir):
                os.unlink(os.path.join(self._dir, name))
            os.rmdir(self._dir)
            self._dir = None

    def pump(self):
        if self.sock is None or self.closed or self.ended:
            return
        while True:
            try:
                if self.stream:
                    chunk = self.sock.recv(65536)
                else:
                    chunk, _sender = self.sock.recvfrom(65536)
            except (BlockingIOError, ConnectionRefusedError):
                return
            except OSError:
                self.reset = True
                return
            if self.stream and not chunk:
                self.eof = True
                return
            if self.first_byte_at is None:
                self.first_byte_at = time.time()
            if self.stream:
                self.received += chunk
            else:
                self.datagrams.append((chunk, time.time()))


def wait(clients, seconds, until):
    """Take in data for at most ``seconds``; end early once every client in ``until`` has
    as much as it had when wirecheck's own wait ended (or has ended), or when no client
    can receive anything more."""
    end = time.monotonic() + seconds

    def reached():
        if not until:
            return False
        for number, want in until.items():
            client = clients.get(int(number))
            if client is not None and client.count < max(want["count"], 1) and not client.ended:
                return False
        return True

    while True:
        for client in clients.values():
            client.pump()
        if reached():
            return
        remaining = end - time.monotonic()
        if remaining <= 0:
            return
        live = [c for c in clients.values() if c.sock is not None and not c.closed and not c.ended]
        if not live:
            return
        select.select(live, [], [], remaining)


# --- judgements ------------------------------------------------------------------------


def take_reply(buffer):
    start = len(buffer) - len(buffer.lstrip(REPLY_PADDING))
    if len(buffer) - start < CTIME_LENGTH:
        return None
    rest = buffer[start + CTIME_LENGTH :]
    trailing = len(rest) - len(rest.lstrip(REPLY_PADDING))
    return buffer[start : start + CTIME_LENGTH + trailing]


def acceptable_ctimes(sent_at, received_at, tolerance=1.0):
    first, last = math.floor(sent_at - tolerance), math.floor(received_at + tolerance)
    return {time.ctime(t).encode("ascii") for t in range(first, last + 1)}


def ctime_problem(reply, sent_at, received_at, shift, exact):
    """None when ``reply`` is right, else what is wrong with it (as wirecheck says it)."""
    text = bytes(reply).rstrip(REPLY_PADDING)
    if not exact:
        return None if CTIME_SHAPE.match(text) else "not ctime text"
    if text in acceptable_ctimes(sent_at, received_at) or text in acceptable_ctimes(sent_at + shift, received_at + shift):
        return None
    expected = time.ctime(received_at + shift)
    if not text:
        return "an empty reply"
    if CTIME_SHAPE.match(text) is None or len(text) != CTIME_LENGTH:
        return "not ctime text (ctime looks like %r, %d characters)" % (expected, CTIME_LENGTH)
    try:
        shown = time.mktime(time.strptime(" ".join(text.decode().split()), "%a %b %d %H:%M:%S %Y"))
    except ValueError:
        return "not a real date (ctime looks like %r)" % expected
    if time.ctime(shown).encode() != text:
        return "not ctime's format: a day of the month below 10 is padded with a space, as in %r" % time.ctime(shown)
    return "a time %+.0f s off this computer's clock (%r)" % (shown - received_at - shift, expected)


def _missing(client, what="a reply"):
    if client is None:
        return "there was no such client"
    if client.refused:
        return "%s could not connect: %s" % (client.name, client.refused)
    if client.stream and client.received:
        return "only %s" % show(bytes(client.received))
    if client.ended:
        return "the connection closed without %s" % what
    return "no %s" % what


def judge(replay, clients, started_at, server=None):
    """(expected, got, ok) for the end of the replay."""
    spec = replay["judge"]
    kind = spec["kind"]
    if kind == "stops":
        seconds = spec.get("seconds", STOP_GRACE)
        expected = "the server exits within %g s of ctrl-C and leaves no process behind" % seconds
        if server.gone_within(seconds):
            return expected, "it did", True
        still = "the server process" if server.process.poll() is None else "a process it started"
        return expected, "%s was still running %g s after ctrl-C" % (still, seconds), False
    client = clients.get(spec.get("client"))
    shift = replay.get("clock_shift", 0.0) or 0.0
    if kind == "reply":
        got = bytes(client.received).lstrip(REPLY_PADDING) if client and client.stream else b""
        ok = client is not None and not client.refused and len(got) >= spec.get("min_bytes", 1)
        return "a reply", (show(got) if ok else _missing(client)), ok
    if kind == "ctime":
        expected = "the current time as ctime text, like %r" % time.ctime(time.time() + shift)
        if not spec.get("exact", True):
            expected = "ctime text, like %r" % time.ctime()
        if client is None or client.refused:
            return expected, _missing(client), False
        index = spec.get("datagram")
        if index is None:
            reply = take_reply(bytes(client.received))
            sent_at = client.sends[-1] if client.sends else started_at
            received_at = client.first_byte_at or time.time()
        elif index < len(client.datagrams):
            reply, received_at = client.datagrams[index]
            sent_at = client.sends[index] if index < len(client.sends) else started_at
        else:
            reply = None
        if reply is None:
            return expected, _missing(client, "ctime reply" if index is None else "reply datagram"), False
        problem = ctime_problem(reply, sent_at, received_at, shift, spec.get("exact", True))
        return expected, show(reply) + (": " + problem if problem else ""), problem is None
    if kind == "silent":
        loud = [clients[n] for n in spec["clients"] if n in clients and clients[n].count]
        got = "; ".join("%s received %s" % (c.name, show(bytes(c.received))) for c in loud) or "nothing arrived"
        return "no reply before the request is complete", got, not loud
    if kind == "closes":
        ok = client is not None and client.ended
        return "the server closes the connection", ("it closed" if ok else "the connection is still open"), ok
    if kind == "stays_open":
        ok = client is not None and not client.refused and client.send_error is None and not client.eof
        got = "the connection stayed open" if ok else (client.send_error if client and client.send_error else _missing(client, "open connection"))
        return "the server takes every byte sent, without closing", got, ok
    if kind == "connects":
        refused = [c for c in clients.values() if c.refused]
        got = "; ".join("%s: %s" % (c.name, c.refused) for c in refused) or "every client connected"
        return "the server accepts every connection", got, not refused
    if kind == "datagrams":
        count = len(client.datagrams) if client else 0
        low, high = spec.get("at_least"), spec.get("at_most")
        ok = (low is None or count >= low) and (high is None or count <= high)
        want = " and ".join(p for p in ("at least %d" % low if low is not None else "", "at most %d" % high if high is not None else "") if p)
        return "%s datagram(s) back" % want, "%d datagram(s)" % count, ok
    # "same": the failure is what the clients saw when the check failed; any difference
    # means the server now behaves otherwise.
    differences = []
    for number, seen in sorted(replay.get("observed", {}).items(), key=lambda kv: int(kv[0])):
        now = clients.get(int(number))
        if now is None:
            continue
        if "datagrams" in seen:
            then_data = [bytes.fromhex(d) for d in seen["datagrams"]]
            if then_data != [d for d, _ in now.datagrams]:
                differences.append("%s received %d datagram(s), then %d" % (now.name, len(now.datagrams), len(then_data)))
        elif bytes.fromhex(seen["received"]) != bytes(now.received):
            differences.append("%s received %s (then %s)" % (now.name, show(bytes(now.received)), show(bytes.fromhex(seen["received"]))))
    if differences:
        return replay.get("expected", ""), "; ".join(differences), True
    seen = []
    for client in sorted(clients.values(), key=lambda c: c.number):
        data = bytes(client.received) if client.stream else b" | ".join(d for d, _ in client.datagrams)
        seen.append("%s received %s" % (client.name, show(data)) if data else "%s received nothing" % client.name)
    return replay.get("expected", ""), "; ".join(seen) + " — as when the check failed", False


# --- a server started by the replay ----------------------------------------------------

SHIM = r'''
import json, os, runpy, signal, socket, sys
_fd = int(os.environ.pop("REPLAY_REPORT_FD"))
_dir = os.environ.pop("REPLAY_UNIX_DIR")
_shift = float(os.environ.pop("REPLAY_CLOCK_SHIFT", "0") or 0)
_bind, _listen, _paths = socket.socket.bind, socket.socket.listen, {}
def _where(sock, address):
    if sock.family == socket.AF_INET:
        return ("127.0.0.1", 0)
    if sock.family == socket.AF_INET6:
        return ("::1", 0) + tuple(address[2:4])
    if sock.family == socket.AF_UNIX and isinstance(address, (str, bytes)) and address and not os.fsdecode(address).startswith("\0"):
        return _paths.setdefault(os.path.abspath(os.fsdecode(address)), os.path.join(_dir, "s%d.sock" % len(_paths)))
    return address
def _private(real):
    def operation(path, *args, **kwargs):
        if _paths and isinstance(path, (str, bytes, os.PathLike)) and kwargs.get("dir_fd") is None:
            path = _paths.get(os.path.abspath(os.fsdecode(path)), path)
        return real(path, *args, **kwargs)
    return operation
os.unlink = os.remove = _private(os.unlink)
os.stat, os.chmod = _private(os.stat), _private(os.chmod)
os.path.exists = _private(os.path.exists)
def _report(sock):
    name = sock.getsockname()
    name = os.fsdecode(name) if isinstance(name, bytes) else name
    kind = "stream" if sock.type == socket.SOCK_STREAM else "dgram"
    try:
        os.write(_fd, (json.dumps({"family": int(sock.family), "kind": kind, "address": name}) + "\n").encode())
    except OSError:
        pass
def bind(self, address):
    _bind(self, _where(self, address))
    if self.type == socket.SOCK_DGRAM:
        _report(self)
def listen(self, *args):
    _listen(self, *args)
    _report(self)
socket.socket.bind, socket.socket.listen = bind, listen
if _shift:
    import datetime, time
    _time, _ns, _local, _gm, _ctime, _strftime = time.time, time.time_ns, time.localtime, time.gmtime, time.ctime, time.strftime
    _now = lambda: _time() + _shift
    time.time = _now
    time.time_ns = lambda: _ns() + int(_shift * 1e9)
    time.localtime = lambda s=None: _local(_now() if s is None else s)
    time.gmtime = lambda s=None: _gm(_now() if s is None else s)
    time.ctime = lambda s=None: _ctime(_now() if s is None else s)
    time.asctime = lambda t=None, _a=time.asctime: _a(time.localtime() if t is None else t)
    time.strftime = lambda f, t=None: _strftime(f, time.localtime() if t is None else t)
    class datetime_(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime.fromtimestamp(_now(), tz)
        @classmethod
        def today(cls):
            return datetime.datetime.fromtimestamp(_now())
    datetime_.__name__ = datetime_.__qualname__ = "datetime"
    datetime.datetime = datetime_
signal.signal(signal.SIGINT, signal.default_int_handler)
_path = os.path.abspath(sys.argv[1])
sys.argv = [_path] + sys.argv[2:]
sys.path[0] = os.path.dirname(_path)
os.chdir(os.path.dirname(_path))
runpy.run_path(_path, run_name="__main__")
'''


class StartedServer:
    """The server file run by this script (``--server``): its port moved to a free loopback
    port, its clock moved as wirecheck moved it, stopped with ctrl-C (SIGINT) at the end."""

    def __init__(self, path, transport, clock_shift, env):
        self.dir = tempfile.mkdtemp(prefix="replay-server-")
        self.log = open(os.path.join(self.dir, "output.txt"), "w+b")
        read_fd, write_fd = os.pipe()
        # Standard input: open, never delivering data (as wirecheck runs the server).
        stdin_read, self.stdin = os.pipe()
        child_env = dict(os.environ, **env)
        child_env.update(
            REPLAY_REPORT_FD=str(write_fd), REPLAY_UNIX_DIR=self.dir, REPLAY_CLOCK_SHIFT=repr(clock_shift), PYTHONUNBUFFERED="1"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", SHIM, path],
            env=child_env,
            stdin=stdin_read,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            pass_fds=(write_fd,),
            start_new_session=True,
        )
        os.close(write_fd)
        os.close(stdin_read)
        try:
            self.address = self._await(read_fd, transport)
        except BaseException:
            self.stop()
            raise
        finally:
            os.close(read_fd)

    def _await(self, read_fd, transport):
        want_stream = transport in ("tcp", "unix")
        want_unix = transport in ("unix", "unixdgram")
        end = time.monotonic() + START_TIMEOUT
        pending = b""
        while True:
            remaining = end - time.monotonic()
            if remaining <= 0:
                raise CouldNotRun("the server did not listen within %g s%s" % (START_TIMEOUT, self.printed()))
            if not select.select([read_fd], [], [], remaining)[0]:
                continue
            chunk = os.read(read_fd, 4096)
            if not chunk:
                self.process.wait(2)
                raise CouldNotRun("the server exited before it listened%s" % self.printed())
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                found = json.loads(line)
                is_unix = found["family"] == int(socket.AF_UNIX)
                if (found["kind"] == "stream") == want_stream and is_unix == want_unix:
                    address = found["address"]
                    return (found["family"], address if is_unix else tuple(address))

    def tail(self, lines=15):
        """The end of what the server printed, indented ('' when nothing)."""
        self.log.flush()
        self.log.seek(0)
        text = self.log.read().decode("utf-8", "replace").rstrip()
        return "\n".join("  | " + line for line in text.splitlines()[-lines:])

    def printed(self):
        tail = self.tail()
        return "; it printed:\n" + tail if tail else ""

    def ctrl_c(self):
        """What ctrl-C in the server's terminal sends: SIGINT to its process group."""
        self.interrupted_at = time.monotonic()
        try:
            os.killpg(self.process.pid, signal.SIGINT)
        except OSError:
            pass

    def gone_within(self, seconds):
        """Whether, within ``seconds`` of ctrl-C, the server and every process of its group
        have exited (looked at until then, never waited out for nothing)."""
        end = getattr(self, "interrupted_at", time.monotonic()) + seconds
        while True:
            if self.process.poll() is not None:
                try:
                    os.killpg(self.process.pid, 0)
                except ProcessLookupError:
                    return True
                except OSError:
                    pass
            if time.monotonic() >= end:
                return False
            time.sleep(0.02)

    def stop(self):
        if self.process.poll() is None:
            try:
                os.kill(self.process.pid, signal.SIGINT)
                self.process.wait(STOP_GRACE)
            except (OSError, subprocess.TimeoutExpired):
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        if self.stdin is not None:
            os.close(self.stdin)
            self.stdin = None
        self.log.close()
        for name in os.listdir(self.dir):
            try:
                os.unlink(os.path.join(self.dir, name))
            except OSError:
                pass
        try:
            os.rmdir(self.dir)
        except OSError:
            pass


# --- the replay --------------------------------------------------------------------------


def resolve(args, replay):
    transport = replay.get("transport", "tcp")
    if transport in ("unix", "unixdgram"):
        if not args.unix:
            raise CouldNotRun("this protocol runs over a Unix socket: give its path with --unix PATH (or use --server FILE)")
        return (socket.AF_UNIX, args.unix)
    port = args.port or replay.get("port")
    kind = socket.SOCK_STREAM if transport == "tcp" else socket.SOCK_DGRAM
    try:
        family, _, _, _, address = socket.getaddrinfo(args.host, port, 0, kind)[0]
    except (OSError, UnicodeError) as exc:
        raise CouldNotRun("%s:%s: %s" % (args.host, port, exc))
    return (family, address)


def where(address):
    family, place = address
    if family == socket.AF_UNIX:
        return place
    return ("[%s]:%d" if family == socket.AF_INET6 else "%s:%d") % (place[0], place[1])


def run(replay, address, out, server=None):
    """Replay the actions, print each step, and judge; returns the exit status. ``server``:
    the server this script started (``--server``), which a ctrl-C action needs."""
    transport = replay.get("transport", "tcp")
    steps = replay.get("steps", [])
    clients = {}
    printed = 0
    started_at = time.time()

    def say_until(index):
        nonlocal printed
        while printed < min(index, len(steps)):
            out.write("  %2d. %s\n" % (printed + 1, steps[printed]))
            printed += 1
        out.flush()

    try:
        for action in replay.get("actions", []):
            say_until(action.get("step", 0))
            do = action["do"]
            if do == "wait":
                wait(clients, action["seconds"], action.get("until") if action.get("held") else {})
                continue
            if do == "sigint":
                if server is None:
                    raise CouldNotRun(NEEDS_SERVER)
                server.ctrl_c()
                continue
            number = action["client"]
            if do in ("connect", "open"):
                client = clients[number] = Client(number, transport, address)
                if not client.connect() and len(clients) == 1 and replay["judge"]["kind"] != "connects":
                    raise CouldNotRun("could not connect to %s: %s — is the server running?" % (where(address), client.refused))
                continue
            client = clients.get(number)
            if client is not None:
                client.act(action)
        say_until(len(steps))
        for client in clients.values():
            client.pump()
        expected, got, ok = judge(replay, clients, started_at, server)
    finally:
        for client in clients.values():
            client.close()
    requirement = replay.get("requirement", "")
    out.write("expected: %s\n" % expected)
    out.write("got:      %s\n" % got)
    out.write("(when wirecheck checked it: %s)\n" % replay.get("got", ""))
    if ok:
        out.write("PASS — %s held in this replay: the failure did not happen again.\n" % requirement)
        return PASSED
    out.write("FAIL — %s: the failure happened again.\n" % requirement)
    return REPRODUCED


def main(replay, argv=None, out=None):
    out = out or sys.stdout
    parser = argparse.ArgumentParser(description="Replay wirecheck's counterexample for %s against a server." % replay.get("requirement"))
    parser.add_argument("--host", default="127.0.0.1", help="where your server listens (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="its port (default %s, the protocol's)" % replay.get("port"))
    parser.add_argument("--unix", metavar="PATH", help="its Unix socket path (Unix socket protocols)")
    parser.add_argument("--server", metavar="FILE", help="start this server file first (and stop it at the end)")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="with --server: set in its environment")
    args = parser.parse_args(argv)
    shift = replay.get("clock_shift", 0.0) or 0.0
    env = dict(replay.get("env") or {})
    for pair in args.env:
        name, _, value = pair.partition("=")
        env[name] = value
    server = None
    try:
        if args.server:
            server = StartedServer(os.path.abspath(args.server), replay.get("transport", "tcp"), shift, env)
            address = server.address
        else:
            address = resolve(args, replay)
        out.write("wirecheck replay — %s (%s) against %s\n" % (replay.get("requirement"), replay.get("protocol"), where(address)))
        if shift and not args.server:
            out.write(
                "note: wirecheck moved your server's clock %g days back (to a day of the month with one digit);\n"
                "      run this script with --server YOUR_FILE to do the same.\n" % (-shift / 86400)
            )
        if env and not args.server:
            out.write("note: wirecheck ran your server with %s set.\n" % ", ".join("%s=%s" % kv for kv in sorted(env.items())))
        if any(a.get("do") == "sigint" for a in replay.get("actions", [])) and server is None:
            raise CouldNotRun(NEEDS_SERVER)
        status = run(replay, address, out, server)
        if server is not None and status == REPRODUCED:
            tail = server.tail()
            out.write("your server printed (last lines):\n%s\n" % tail if tail else "your server printed nothing\n")
        return status
    except CouldNotRun as exc:
        out.write("replay: %s\n" % exc)
        return COULD_NOT_RUN
    except KeyboardInterrupt:
        out.write("replay: interrupted\n")
        return COULD_NOT_RUN
    finally:
        if server is not None:
            server.stop()
        out.flush()
