"""Finding the submissions and, in each, the server file of each protocol.

SUBMISSIONS holds one folder per student; the folder's name is the student's id. A
protocol's server is the file with its conventional name (``clockserver.py``) or a name the
configuration gives, at the top of the folder or, failing that, in a subfolder (students
upload folders too): the shallowest match wins, ties in name order."""

from __future__ import annotations

import os
import re
from pathlib import Path

from protocols import get_protocol

from ..core.errors import ConfigError
from .config import GradingConfig
from .model import Attempt, Submission

_SKIPPED = {"__pycache__", "__MACOSX", "node_modules", "venv", ".venv"}


def student_folders(root: Path) -> list[Path]:
    """Every student's folder, in name order (hidden folders and caches aside)."""
    if not root.is_dir():
        raise ConfigError(f"{root}: not a folder of submissions")
    return sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name not in _SKIPPED),
        key=lambda p: p.name,
    )


def locate(folder: Path, names: tuple[str, ...]) -> Path | None:
    """The server file in ``folder`` for the first of ``names`` that is found."""
    for name in names:
        direct = folder / name
        if direct.is_file():
            return direct
    for name in names:
        base = Path(name).name
        found: list[tuple[int, str, Path]] = []
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in _SKIPPED)
            if base in filenames:
                path = Path(dirpath) / base
                found.append((len(path.relative_to(folder).parts), str(path), path))
        if found:
            return min(found)[2]
    return None


def natural_key(name: str) -> list:
    """``2`` before ``10``: submission folders in the order they were made."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]


def attempts_of(student: str, folder: Path, best_of: bool) -> list[Attempt]:
    """A student's submissions: with ``best_of``, each folder directly in theirs is one (in
    natural order; a folder without any is itself the only one); else their folder."""
    if best_of:
        inner = sorted(
            (p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name not in _SKIPPED),
            key=lambda p: natural_key(p.name),
        )
        if inner:
            return [Attempt(f"{student}/{p.name}", student, p.name, p) for p in inner]
    return [Attempt(student, student, None, folder)]


def submission(folder: Path, protocols: list[str], config: GradingConfig, student: str | None = None) -> Submission:
    files = {name: locate(folder, config.file_names(get_protocol(name))) for name in protocols}
    return Submission(student or folder.name, folder, files)


def discover(root: Path, protocols: list[str], config: GradingConfig) -> list[Submission]:
    return [submission(folder, protocols, config) for folder in student_folders(root)]


def present_protocols(folders: list[Path], candidates: list[str], config: GradingConfig) -> list[str]:
    """The protocols (of ``candidates``, in their order) whose file is in any folder."""
    return [
        name
        for name in candidates
        if any(locate(folder, config.file_names(get_protocol(name))) is not None for folder in folders)
    ]


def parse_shard(text: str) -> tuple[int, int]:
    """``K/N`` → (K, N), 1 ≤ K ≤ N."""
    left, sep, right = text.partition("/")
    try:
        k, n = int(left), int(right)
    except ValueError:
        k = n = 0
    if not sep or n < 1 or not 1 <= k <= n:
        raise ConfigError(f"--shard {text!r}: expected K/N with 1 <= K <= N, like 2/4")
    return k, n


def shard(students: list[str], k: int, n: int) -> list[str]:
    """Shard K of N: every N-th student in name order, from the K-th. Deterministic, and
    balanced; the shards of one N cover every student exactly once."""
    return [s for i, s in enumerate(sorted(students)) if i % n == k - 1]
