"""Client drivers: sockets that record everything they see, and wait for conditions with
deadlines instead of sleeping.

The state machines drive several clients from one thread; a client never blocks for
longer than the deadline it is given, so a server that hangs yields a verdict, not a
hang."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import threading
import select
import socket
import struct
import tempfile
import time
from typing import Callable, Iterable

from ..core import timing
from ..harness import ending
from ..harness.launcher import ListenAddress, scratch_dir

CONNECT_TIMEOUT = 2.0
RECEIVE_LIMIT = 256 * 1024  # bytes a stream client takes in at most
DATAGRAM_LIMIT = 4096  # datagrams a datagram client takes in at most
_CLONE_NEWNET = 0x40000000


@contextlib.contextmanager
def network_of(pid: int | None):
    """Open sockets inside the network namespace of process ``pid`` (a target that has one
    of its own): setns on this thread, and back. A socket keeps its namespace for life."""
    if pid is None:
        yield
        return
    libc = ctypes.CDLL(None, use_errno=True)
    own = os.open(f"/proc/{threading.get_native_id()}/ns/net", os.O_RDONLY)
    try:
        target = os.open(f"/proc/{pid}/ns/net", os.O_RDONLY)
    except OSError:
        os.close(own)
        raise
    try:
        if libc.setns(target, _CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "cannot enter the server's network namespace")
        try:
            yield
        finally:
            libc.setns(own, _CLONE_NEWNET)
    finally:
        os.close(target)
        os.close(own)
_FAMILIES = {"inet": socket.AF_INET, "inet6": socket.AF_INET6, "unix": socket.AF_UNIX}


class _StreamSocket(socket.socket):
    """A stream socket that tells its client when it is shut down: a half-close is a step
    of a replay, and checks call ``client.sock.shutdown`` directly."""

    owner = None

    def shutdown(self, how: int) -> None:
        if self.owner is not None:
            self.owner._note("half_close" if how == socket.SHUT_WR else "shutdown")
        super().shutdown(how)


class StreamClient:
    """One TCP or Unix stream connection and everything received on it.

    ``recorder`` (set by the machine that opened it) notes every action for replays."""

    recorder = None

    def __init__(self, address: ListenAddress, name: str) -> None:
        self.name = name
        self.received = bytearray()
        self.eof = False  # the server closed (orderly)
        self.reset = False  # the connection was reset
        self.closed = False  # we closed it
        self.half_closed = False  # we sent EOF: the server has all it will get
        self.sent = 0
        self.send_error: str | None = None
        self.first_byte_at: float | None = None  # time.time() of the first byte received
        capture = timing.capture
        if capture is not None:
            capture.note(self, "connect")
            noted, began = capture.actions[-1], time.monotonic()
        with network_of(address.netns_pid):
            self.sock = _StreamSocket(_FAMILIES[address.family], socket.SOCK_STREAM)
        self.sock.owner = self
        if address.family == "unix":
            # A Unix socket with a timeout is non-blocking inside, and its connect to a full
            # listen queue fails at once (EAGAIN): a serial server with listen(1) would look
            # as if it never accepts. Blocking, with the send timeout as the bound, the
            # connect waits for room in the queue, as the course's client does.
            self.sock.setblocking(True)
            seconds = int(CONNECT_TIMEOUT)
            micro = int((CONNECT_TIMEOUT - seconds) * 1_000_000)
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, struct.pack("ll", seconds, micro))
        else:
            self.sock.settimeout(CONNECT_TIMEOUT)
        try:
            self.sock.connect(address.connect_to)
        except OSError:
            self.sock.close()
            raise
        finally:
            if capture is not None:
                noted["took"] = round(time.monotonic() - began, 4)
        if address.family != "unix":
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.setblocking(False)

    def __repr__(self) -> str:
        return self.name

    @property
    def ended(self) -> bool:
        """The server side is gone: no more bytes can arrive."""
        return self.eof or self.reset

    def fileno(self) -> int:
        return self.sock.fileno()

    def _note(self, action: str, **details) -> None:
        if self.recorder is not None:
            self.recorder.note(self, action, **details)
        if timing.capture is not None:
            timing.capture.note(self, action, **details)

    def send(self, data: bytes, timeout: float = 2.0) -> bool:
        """Write all of ``data``; False (and ``send_error``) when the server has gone."""
        self._note("send", data=bytes(data))
        end = time.monotonic() + timeout
        view = memoryview(data)
        while view:
            try:
                n = self.sock.send(view)
                view = view[n:]
                self.sent += n
            except BlockingIOError:
                remaining = end - time.monotonic()
                if remaining <= 0:
                    self.send_error = "the server stopped reading"
                    return False
                select.select([], [self.sock], [], remaining)
            except OSError as exc:
                self.send_error = _describe(exc)
                if exc.errno == errno.ECONNRESET:
                    self.reset = True
                    self._receipt(end="reset")
                return False
        return True

    def pump(self) -> int:
        """Take in whatever has arrived, without waiting; returns the number of new bytes."""
        if self.closed or self.ended:
            return 0
        got = 0
        while not self.full:
            try:
                chunk = self.sock.recv(65536)
            except BlockingIOError:
                return got
            except OSError as exc:
                if exc.errno in (errno.ECONNRESET, errno.EPIPE, errno.ETIMEDOUT):
                    self.reset = True
                    self._receipt(end="reset")
                    return got
                raise
            if not chunk:
                self.eof = True
                self._receipt(end="eof")
                return got
            if self.first_byte_at is None:
                self.first_byte_at = time.time()
            self.received += chunk
            got += len(chunk)
            self._receipt(chunk)
        return got

    @property
    def full(self) -> bool:
        """RECEIVE_LIMIT bytes came: more than any answer of the standard (a server that
        floods). Nothing more is taken in, so no wait and no look at the bytes grows without
        end; the bytes kept are judged as they are."""
        return len(self.received) >= RECEIVE_LIMIT

    def _receipt(self, data: bytes = b"", end: str | None = None) -> None:
        if self.recorder is not None:
            self.recorder.note_receipt(self, data, end)

    def half_close(self) -> bool:
        """Send EOF (shut the writing side). On a connection the server has already reset
        or closed this fails, and that is no error of the client's: what the server sent
        before is still there to read. False when it failed."""
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            return False
        self.half_closed = True
        return True

    def wait_until(self, condition: Callable[["StreamClient"], bool], timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for ``condition(self)``; True when it held.

        When it held, what the machine judges next is what this client received: a left-out
        client that waited in vain before it (``ProtocolMachine.ghost_waited``) is no longer
        what a failure may be about."""
        held = wait_any([self], lambda: condition(self), timeout)
        machine = getattr(self.recorder, "machine", None)
        if held and getattr(machine, "ghost_waited", False):
            machine.ghost_waited = False
        return held

    def wait_bytes(self, count: int, timeout: float) -> bool:
        return self.wait_until(lambda c: len(c.received) >= count or c.ended, timeout)

    def wait_end(self, timeout: float) -> bool:
        return self.wait_until(lambda c: c.ended, timeout)

    def close(self) -> None:
        if not self.closed:
            self._note("close")
            self.closed = True
            self.sock.close()

    def abort(self) -> None:
        """Close with a reset (RST) instead of an orderly FIN."""
        if not self.closed:
            self._note("reset")
            try:
                self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass
            self.closed = True
            self.sock.close()


class DatagramClient:
    """A UDP socket, or a Unix datagram socket bound to a path of its own, and every
    datagram it received with its sender."""

    recorder = None  # set by the machine that opened it: notes every action for replays

    def __init__(self, address: ListenAddress, name: str) -> None:
        self.name = name
        self.server = address.connect_to
        self.datagrams: list[tuple[bytes, object, float]] = []
        self._dir = None
        if timing.capture is not None:
            timing.capture.note(self, "open")
        with network_of(address.netns_pid):
            self.sock = socket.socket(_FAMILIES[address.family], socket.SOCK_DGRAM)
        if address.family == "unix":
            # The server may run as another (unprivileged) user: it must be able to reach
            # this path to answer.
            self._dir = tempfile.mkdtemp(prefix="wirecheck-c-", dir=scratch_dir())
            os.chmod(self._dir, 0o711)
            path = os.path.join(self._dir, "c.sock")
            self.sock.bind(path)
            os.chmod(path, 0o777)
        else:
            self.sock.bind(("::1" if address.family == "inet6" else "127.0.0.1", 0))
        self.sock.setblocking(False)
        self.closed = False

    def __repr__(self) -> str:
        return self.name

    ended = False

    def fileno(self) -> int:
        return self.sock.fileno()

    def send(self, data: bytes) -> bool:
        if self.recorder is not None:
            self.recorder.note(self, "send", data=bytes(data))
        if timing.capture is not None:
            timing.capture.note(self, "send", data=bytes(data))
        try:
            self.sock.sendto(data, self.server)
            return True
        except OSError:
            return False

    def pump(self) -> int:
        got = 0
        while len(self.datagrams) < DATAGRAM_LIMIT:  # a flood of datagrams is bounded too
            try:
                data, sender = self.sock.recvfrom(65536)
            except (BlockingIOError, ConnectionRefusedError):
                return got
            self.datagrams.append((data, sender, time.time()))
            got += 1
            if self.recorder is not None:
                self.recorder.note_receipt(self, data)
        return got

    def wait_datagrams(self, count: int, timeout: float) -> bool:
        return wait_any([self], lambda: len(self.datagrams) >= count, timeout)

    def close(self) -> None:
        if not self.closed:
            if self.recorder is not None:
                self.recorder.note(self, "close")
            if timing.capture is not None:
                timing.capture.note(self, "close")
            self.closed = True
            self.sock.close()
            if self._dir:
                for name in os.listdir(self._dir):
                    os.unlink(os.path.join(self._dir, name))
                os.rmdir(self._dir)


GHOST_NAME = "ghost-client"  # what a ghost is called; a machine says nothing that names one
GHOST_MARK = "ghost-"  # in any line that names a ghost, however the name was cut ("ghost-1003")
GHOST_NUMBERS = 1000  # a ghost's number is this plus its place in connect order


class _GhostSocket:
    """What a check may call on a client's socket directly, doing nothing."""

    def shutdown(self, how: int) -> None:
        pass

    def setsockopt(self, *args) -> None:
        pass

    def getsockname(self):
        return ("", 0)


class GhostStreamClient:
    """A client left out of a failure's shown sequence (see wirecheck.drive.runner): the
    machine's model keeps it, so every draw maps to the same client as when the failure was
    found, but nothing of it reaches the server and nothing arrives for it. It never waits."""

    ghost = True
    recorder = None
    pause_recorder = None  # the machine's: a wait on ghosts alone is noted as a pause
    machine = None  # the machine that opened it
    closed = False
    half_closed = False
    eof = reset = False
    ended = False
    full = False
    send_error = None
    first_byte_at = None

    def __init__(self, ordinal: int) -> None:
        self.name = f"{GHOST_NAME} {GHOST_NUMBERS + ordinal}"
        self.received = bytearray()
        self.sent = 0
        self.sock = _GhostSocket()

    def __repr__(self) -> str:
        return self.name

    def send(self, data: bytes, timeout: float = 2.0) -> bool:
        self.sent += len(data)
        return True

    def pump(self) -> int:
        return 0

    def half_close(self) -> bool:
        return True

    def starved(self) -> None:
        """Nothing comes for a ghost: what the machine judges next may be its silence."""
        if self.machine is not None:
            self.machine.ghost_waited = True

    def wait_until(self, condition, timeout: float) -> bool:
        held = bool(condition(self))
        if not held:
            self.starved()
        return held

    def wait_bytes(self, count: int, timeout: float) -> bool:
        return self.wait_until(lambda c: len(c.received) >= count or c.ended, timeout)

    def wait_end(self, timeout: float) -> bool:
        self.starved()
        return False

    def close(self) -> None:
        self.closed = True

    abort = close


class GhostDatagramClient(GhostStreamClient):
    """The datagram kind of ghost."""

    def __init__(self, ordinal: int) -> None:
        super().__init__(ordinal)
        self.datagrams: list = []

    def wait_datagrams(self, count: int, timeout: float) -> bool:
        held = len(self.datagrams) >= count
        if not held:
            self.starved()
        return held


def is_ghost(client) -> bool:
    return getattr(client, "ghost", False)


def wait_any(clients: Iterable, condition: Callable[[], bool], timeout: float) -> bool:
    """Take in data on all ``clients`` until ``condition()`` holds or ``timeout`` passes.

    This is the one place the drivers wait: on the sockets themselves, so the wait ends the
    moment the awaited bytes arrive. A recorded client's wait is noted for replays (a ghost
    is not waited on, nor noted)."""
    given = list(clients)
    clients = [c for c in given if not is_ghost(c)]
    if given and not clients:
        # The time passes as it did when the ghosts were clients, and a replay pauses as long.
        recorder = next((c.pause_recorder for c in given if getattr(c, "pause_recorder", None) is not None), None)
        before = recorder.begin_wait([]) if recorder is not None else None
        held = _pause(condition, timeout)
        if recorder is not None:
            recorder.note_wait([], before, timeout, held)
        return held
    recorder = next((c.recorder for c in clients if getattr(c, "recorder", None) is not None), None)
    before = recorder.begin_wait(clients) if recorder is not None else None
    if timing.folder is None:
        held = _wait_any(clients, condition, timeout)
    else:
        capture, began = timing.capture, time.monotonic()
        seen = capture.begin_wait(clients) if capture is not None else None
        held = _wait_any(clients, condition, timeout)
        took = time.monotonic() - began
        timing.add(timing.WAIT if held else timing.IDLE, took)
        if capture is not None:
            capture.note_wait(clients, seen, timeout, held, took)
    if recorder is not None:
        recorder.note_wait(clients, before, timeout, held)
    return held


def _wait_any(clients: list, condition: Callable[[], bool], timeout: float) -> bool:
    end = time.monotonic() + timeout
    while True:
        ending.check()
        for client in clients:
            client.pump()
        if condition():
            return True
        remaining = end - time.monotonic()
        if remaining <= 0:
            return False
        live = [c for c in clients if not c.closed and not c.ended and not getattr(c, "full", False)]
        if not live:
            # Nothing can arrive any more; the condition may still be time-based.
            return condition()
        select.select(live, [], [], remaining)


def _pause(condition: Callable[[], bool], timeout: float) -> bool:
    end = time.monotonic() + timeout
    while not condition():
        ending.check()
        remaining = end - time.monotonic()
        if remaining <= 0:
            return False
        select.select([], [], [], min(remaining, 0.05))
    return True


def observe(clients: Iterable, window: float) -> None:
    """Watch ``clients`` for ``window`` seconds, taking in whatever arrives: the way to see
    that something does *not* happen (an early reply, a second message)."""
    wait_any(clients, lambda: False, window)


def _describe(exc: OSError) -> str:
    return what_happened(exc)


_SEEN = {
    errno.EPIPE: "the server had closed the connection",
    errno.ECONNRESET: "the server reset the connection",
    errno.ECONNABORTED: "the connection was aborted",
    errno.ECONNREFUSED: "the connection was refused: nothing listened on the server's address any more",
    errno.ETIMEDOUT: "the connection timed out",
    errno.EHOSTUNREACH: "the server's address could not be reached",
    errno.ENETUNREACH: "the server's address could not be reached",
    errno.EADDRNOTAVAIL: "the server's address could not be reached",
    errno.ENOENT: "the server's socket path was gone",
}


def what_happened(exc: BaseException, connecting: bool = False) -> str:
    """What a client saw when a socket call failed, in the standard's terms — never the raw
    exception text (``timed out``, ``[Errno 104] Connection reset by peer``)."""
    if isinstance(exc, (socket.timeout, TimeoutError)) and getattr(exc, "errno", None) in (None, errno.ETIMEDOUT):
        if connecting:
            return (
                f"the server did not accept the connection within {CONNECT_TIMEOUT:g} s "
                "(it does not call accept(), or its listen queue is full)"
            )
        return f"nothing happened within {CONNECT_TIMEOUT:g} s"
    number = getattr(exc, "errno", None)
    if number in _SEEN:
        return _SEEN[number]
    reason = (getattr(exc, "strerror", None) or "").strip()
    return f"the connection failed ({reason.lower()})" if reason else "the connection failed"
