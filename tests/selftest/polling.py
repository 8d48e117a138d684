"""Waiting in a test: for a condition, with a deadline — never for a time to pass."""

from __future__ import annotations

import time


def wait_until(condition, timeout: float, interval: float = 0.02):
    """Poll ``condition`` until it is truthy or ``timeout`` seconds pass; returns its last
    value (looked at once more at the deadline, so a slow machine only ever costs time)."""
    end = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= end:
            return value
        time.sleep(min(interval, max(0.0, end - time.monotonic())))
