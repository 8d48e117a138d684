"""What the user names as a target — a file path or a dotted module — resolved to a file,
without importing anything of it: the student's code runs only inside the harness's
subprocess, never in wirecheck's own process."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from protocols import get_protocol

from ..core.errors import TargetError

REFERENCE_DIR = Path(__file__).resolve().parent.parent.parent / "reference_servers"

_DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


@dataclass(frozen=True)
class Target:
    """A runnable server: ``path`` is the file that runs as ``__main__``; ``module`` is set
    when the user named a dotted module (run with ``runpy.run_module`` from ``import_root``)."""

    path: Path
    display: str
    module: str | None = None
    import_root: Path | None = None

    @property
    def directory(self) -> Path:
        return self.path.parent


def reference_target(protocol_name: str) -> Target:
    """The reference server of ``protocol_name``, the answer a teacher shows."""
    protocol = get_protocol(protocol_name)
    path = REFERENCE_DIR / f"{protocol.reference}.py"
    return Target(path=path, display=f"reference_servers/{path.name} (reference)")


def resolve_target(spec: str | os.PathLike, cwd: str | os.PathLike | None = None) -> Target:
    """A file path (absolute or relative to ``cwd``) or a dotted module importable from ``cwd``."""
    base = Path(cwd or os.getcwd())
    text = os.fspath(spec)
    candidate = (base / text) if not os.path.isabs(text) else Path(text)
    if candidate.is_dir():
        raise TargetError(f"{text}: is a directory, not a server file")
    if candidate.is_file():
        if not os.access(candidate, os.R_OK):
            raise TargetError(f"{text}: cannot be read")
        return Target(path=candidate.resolve(), display=text)
    if text.endswith(".py") or os.sep in text or not _DOTTED.match(text):
        raise TargetError(f"{text}: no such file")
    return _resolve_module(text, base)


def _resolve_module(name: str, root: Path) -> Target:
    parts = name.split(".")
    folder = root.joinpath(*parts[:-1])
    if not folder.is_dir():
        raise TargetError(f"{name}: no module of that name under {root.name or root} (no folder {'/'.join(parts[:-1])})")
    as_file = folder / f"{parts[-1]}.py"
    as_package = folder / parts[-1] / "__main__.py"
    for path in (as_file, as_package):
        if path.is_file():
            if not os.access(path, os.R_OK):
                raise TargetError(f"{name}: {path.name} cannot be read")
            return Target(path=path.resolve(), display=name, module=name, import_root=root.resolve())
    raise TargetError(f"{name}: no module of that name (looked for {as_file.name} and {parts[-1]}/__main__.py)")
