"""Writing the outputs: each file is written whole to a temporary name and renamed into
place, so a grading that is interrupted at any moment leaves every file valid (the
previous version or the new one, never half of one)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def replace_folder_files(folder: Path, files: dict[str, str]) -> None:
    """Make ``folder`` hold exactly ``files`` (name → text): written atomically, and files
    left from an earlier grading removed."""
    for name, text in files.items():
        write_atomic(folder / name, text)
    if folder.is_dir():
        for stale in folder.iterdir():
            if stale.is_file() and stale.name not in files and not stale.name.startswith("."):
                stale.unlink()
        if not files and not any(folder.iterdir()):
            folder.rmdir()
