"""The progress bar's text (the CLI decides where, and whether, to show it)."""

from __future__ import annotations

from .run import Progress


def duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def progress_line(progress: Progress, width: int = 24) -> str:
    total = max(progress.total, 1)
    filled = int(width * progress.done / total)
    bar = "#" * filled + "-" * (width - filled)
    eta = progress.eta()
    left = "estimating time left" if eta is None else f"~{duration(eta)} left"
    return f"[{bar}] {progress.done}/{progress.total} checks · {progress.failing} with failures · {left}"
