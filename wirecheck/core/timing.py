"""Where a check's time goes — opt-in measurements for the scripts in bench/.

Off (the default), every hook below is one test of a module global, and nothing is kept.
On — ``WIRECHECK_BENCH`` names a folder (requirement worker processes inherit it), or
``enable(folder)`` — each process adds up, per requirement and per phase (exploring, then
shrinking a failure, then replaying it before it is reported), the time spent starting
servers, stopping them, waiting on clients (until what was awaited arrived, or for a whole
window in which nothing was to arrive) and watching a server's processes; and it keeps a
copy of every example's client actions, in ``wirecheck.drive.replay``'s format, so bench/ can
replay the very same sequences with a plain socket client: the floor a check cannot go
below. When a requirement ends its figures are appended to the folder as JSON lines:
``timings-PID.jsonl`` (one line per requirement) and ``examples-PID.jsonl`` (one line per
example)."""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import time
from pathlib import Path
from typing import Any


ENV = "WIRECHECK_BENCH"

# What a span is counted as.
START = "start"  # launching a server until it listens (sandbox, interpreter, readiness)
STOP = "stop"  # ctrl-C, waiting for the tree to go, cleaning up
WAIT = "wait"  # waiting on clients until what was awaited arrived
IDLE = "idle"  # waiting on clients for a whole window: a watch, or a reply that never came
OBSERVE = "observe"  # waiting on a server's processes (forking servers)
REPORT = "report"  # turning verdicts into text
PHASES = ("explore", "shrink", "recheck")

folder: Path | None = None
capture: "_Capture | None" = None  # the current example's client actions (on only)

_requirement: dict[str, Any] | None = None
_phase = "explore"
_phase_began = 0.0
_totals: dict[str, dict[str, float]] = {}  # phase -> category -> seconds (the requirement's)
_outside: dict[str, float] = {}  # outside any requirement: the probe start, reporting
_examples: list[dict[str, Any]] = []
_example_phase = "explore"
_OFF = contextlib.nullcontext()


def enable(path: str | os.PathLike) -> None:
    """Measure from now on, writing to ``path`` (created if missing)."""
    global folder
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)


def disable() -> None:
    global folder, capture, _requirement
    _write_outside()
    folder = None
    capture = None
    _requirement = None


class _Span:
    __slots__ = ("category", "began")

    def __init__(self, category: str) -> None:
        self.category = category

    def __enter__(self) -> "_Span":
        self.began = time.monotonic()
        return self

    def __exit__(self, *exc) -> None:
        add(self.category, time.monotonic() - self.began)


def span(category: str):
    """``with span(START): ...`` counts the block's wall-clock time as ``category``."""
    return _Span(category) if folder is not None else _OFF


def timed(category: str):
    """A function whose every call is counted as ``category``."""

    def decorate(function):
        @functools.wraps(function)
        def counted(*args, **kwargs):
            if folder is None:
                return function(*args, **kwargs)
            with _Span(category):
                return function(*args, **kwargs)

        return counted

    return decorate


def add(category: str, seconds: float) -> None:
    if folder is None:
        return
    bucket = _totals.setdefault(_phase, {}) if _requirement is not None else _outside
    bucket[category] = bucket.get(category, 0.0) + seconds


def _count(name: str) -> None:
    bucket = _totals.setdefault(_phase, {})
    bucket[name] = bucket.get(name, 0) + 1


# --- requirements and their phases ------------------------------------------------------


def begin_requirement(protocol: str, requirement: str, target: str, path: str, transport: str, fresh: bool,
                      env: dict[str, str] | None, clock_shift: float) -> None:
    """A requirement's check begins: what the floor replay needs to start the same server."""
    global _requirement, _phase, _phase_began
    if folder is None:
        return
    _requirement = {
        "protocol": protocol,
        "requirement": requirement,
        "target": target,
        "path": path,
        "transport": transport,
        "fresh": fresh,
        "env": dict(env or {}),
        "clock_shift": clock_shift,
        "began": time.time(),
    }
    _phase, _phase_began = "explore", time.monotonic()
    _totals.clear()
    _examples.clear()


def _switch(phase: str) -> None:
    global _phase, _phase_began
    now = time.monotonic()
    add("wall", now - _phase_began)
    _phase, _phase_began = phase, now


def found() -> None:
    """The first violation: the examples from now on shrink it."""
    if folder is not None and _requirement is not None and _phase == "explore":
        _switch("shrink")


def rechecking() -> None:
    """The shrunk failure is replayed before it is reported."""
    if folder is not None and _requirement is not None:
        _switch("recheck")


def end_requirement(verdict: str, seconds: float) -> None:
    global _requirement
    if folder is None or _requirement is None:
        return
    _switch(_phase)
    line = {**_requirement, "verdict": verdict, "seconds": round(seconds, 4), "pid": os.getpid(), "phases": _totals}
    with open(folder / f"timings-{os.getpid()}.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")
    with open(folder / f"examples-{os.getpid()}.jsonl", "a", encoding="utf-8") as out:
        for example in _examples:
            out.write(json.dumps({**_requirement, **example}) + "\n")
    _requirement = None
    _totals.clear()
    _examples.clear()


# --- examples ---------------------------------------------------------------------------


# The client machinery's Recorder (wirecheck.drive.replay registers it when it is imported):
# the harness imports this module for its hooks and must not import the client machinery.
_recorder_base: type | None = None


def register_recorder(base: type) -> None:
    global _recorder_base
    _recorder_base = base
    _capture_class.cache_clear()


@functools.lru_cache(maxsize=None)
def _capture_class():
    """The Recorder of every client action, made on first use from the registered base."""
    Recorder = _recorder_base
    if Recorder is None:
        return None

    class _Capture(Recorder):
        """Every client action of one example, violations or not (a Recorder of no machine).
        A wait also keeps what each client had when it began, so that a replay can wait for as
        much to arrive as arrived then, whichever client the server gives it to this time."""

        def __init__(self) -> None:
            super().__init__(None)

        def note_wait(self, clients, before, seconds, held, took: float | None = None) -> None:
            super().note_wait(clients, before, seconds, held)
            self.actions[-1]["before"] = {str(n): list(v) for n, v in before.items()}
            if took is not None:
                self.actions[-1]["took"] = round(took, 4)

    return _Capture


def begin_example() -> None:
    """A new example (a machine, or a scenario): its client actions are copied from now."""
    global capture, _example_phase
    kind = _capture_class()
    if folder is None or _requirement is None or kind is None:
        return
    capture = kind()
    _example_phase = _phase
    _count("examples")


def end_example() -> None:
    global capture
    if capture is None:
        return
    _examples.append({"phase": _example_phase, "actions": capture.actions})
    capture = None


# --- outside any requirement (the probe start, reporting) ---------------------------------


@atexit.register
def _write_outside() -> None:
    if folder is None or not _outside:
        return
    line = {"requirement": None, "pid": os.getpid(), "phases": {"outside": dict(_outside)}}
    _outside.clear()
    with open(folder / f"timings-{os.getpid()}.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


if os.environ.get(ENV):
    enable(os.environ[ENV])
