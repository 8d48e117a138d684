"""Typed errors: the core raises them, only the CLI turns them into a line and an exit code."""

from __future__ import annotations


class WirecheckError(Exception):
    """A mistake in how wirecheck was called (exit status 2): one line, no traceback."""


class TargetError(WirecheckError):
    """The target named cannot be found or read."""


class ConfigError(WirecheckError):
    """A bad option or configuration value, with where it came from."""


class ServerDidNotStart(Exception):
    """The target ran but never listened: every requirement gets ``error: server did not start``."""

    def __init__(self, reason: str, output: str, cause: str | None = None, fault: str = "server") -> None:
        super().__init__(reason)
        self.reason = reason
        self.output = output
        self.cause = cause  # in a student's words, where it can be told (wirecheck.harness.startup)
        # "wirecheck" when wirecheck's own code inside the target (its bootstrap) raised:
        # retried once, then `error: wirecheck`, never charged to the student (V-HERMETIC).
        self.fault = fault

    def detail(self) -> str:
        if self.fault == "wirecheck":
            return f"wirecheck fault (not your server's; ungraded): its bootstrap raised {self.cause or self.reason}"
        return f"server did not start: {self.cause or self.reason}"
