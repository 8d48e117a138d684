"""Capture of a target's output, capped: a server that prints without end must not fill
memory, yet the end of its output (where a traceback is) is what a student needs to see."""

from __future__ import annotations

import threading
import time
from collections import deque


class CappedOutput:
    """Keeps the first ``head`` and the last ``tail`` bytes written to a pipe, counting the rest."""

    def __init__(self, fd_file, head: int = 16 * 1024, tail: int = 16 * 1024) -> None:
        self._file = fd_file
        self._head_cap = head
        self._tail_cap = tail
        self._head = bytearray()
        self._tail: deque[bytes] = deque()
        self._tail_size = 0
        self.total = 0
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._pump, name="wirecheck-output", daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        try:
            while True:
                chunk = self._file.read1(65536) if hasattr(self._file, "read1") else self._file.read(65536)
                if not chunk:
                    break
                self._keep(chunk)
        except (OSError, ValueError):
            pass
        finally:
            self._done.set()

    def _keep(self, chunk: bytes) -> None:
        with self._lock:
            self.total += len(chunk)
            room = self._head_cap - len(self._head)
            if room > 0:
                self._head += chunk[:room]
                chunk = chunk[room:]
            if chunk:
                self._tail.append(chunk)
                self._tail_size += len(chunk)
                while self._tail_size - len(self._tail[0]) >= self._tail_cap:
                    self._tail_size -= len(self._tail.popleft())

    def wait_closed(self, timeout: float) -> bool:
        """Wait until every writer has closed the pipe (the target's tree is gone)."""
        return self._done.wait(timeout)

    def settle(self, quiet: float, limit: float) -> None:
        """Wait until nothing new has come for ``quiet`` seconds (at most ``limit``): what a
        server printed just before it answered may still be in the pipe."""
        end = time.monotonic() + limit
        seen, since = self.total, time.monotonic()
        while not self._done.is_set():
            now = time.monotonic()
            if now - since >= quiet or now >= end:
                return
            self._done.wait(min(0.01, end - now))
            if self.total != seen:
                seen, since = self.total, time.monotonic()

    def text(self) -> str:
        """What the target printed, with a marker where bytes were dropped."""
        with self._lock:
            tail = b"".join(self._tail)[-self._tail_cap :]
            dropped = self.total - len(self._head) - len(tail)
            parts = [bytes(self._head)]
            if dropped > 0:
                parts.append(f"\n[… {dropped} bytes of output not kept …]\n".encode())
            parts.append(tail)
        return b"".join(parts).decode("utf-8", "replace")

    def since(self, mark: int) -> str:
        """What the target printed after the first ``mark`` bytes (a ``total`` read earlier),
        as far as it was kept."""
        with self._lock:
            new = self.total - mark
            if new <= 0:
                return ""
            tail = b"".join(self._tail)
            dropped = self.total - len(self._head) - len(tail)
            stream = bytes(self._head) + tail if dropped <= 0 else tail
            data = stream[-new:]
            if new > len(stream):
                data = "[… earlier output not kept …]\n".encode() + data
        return data.decode("utf-8", "replace")

    def last_lines(self, count: int = 12) -> str:
        lines = self.text().rstrip("\n").splitlines()
        return "\n".join(lines[-count:])
