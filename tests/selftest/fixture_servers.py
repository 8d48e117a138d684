"""The buggy and correct servers kept as test fixtures, found through their manifests.

Each folder under ``servers/`` is named after a protocol (``clock_fork`` is clock-fork) and
holds a ``manifest.py`` with ``BUGGY = {file: {IDs it must fail}}`` and ``CORRECT = [files]``.
An ID "fails" when it does not hold: `fail`, `not shown` (V-WITNESS) or `error`. A manifest
may also say, with ``NOT_SHOWN = {file: {IDs}}``, which of a server's IDs must be `not
shown` rather than failed (a server that never answers cannot fail GUESS-3: it shows
nothing); its other IDs may be either. ``TOO_SLOW_OK = {file: {IDs}}`` names the IDs of a
correct but slow server that may end ungraded because the check ran out of its time before
it could show its witness (``error`` with ``fault="wirecheck"``: never charged to the
student) instead of passing."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

SERVERS = Path(__file__).parent / "servers"


@dataclass(frozen=True)
class FixtureServer:
    protocol: str
    path: Path
    must_fail: frozenset[str]  # empty for a correct server
    not_shown: frozenset[str] | None = None  # these must be "not shown", when the manifest says
    too_slow_ok: frozenset[str] = frozenset()  # may be ungraded as too slow to check

    @property
    def id(self) -> str:
        return f"{self.protocol}/{self.path.name}"


def load_manifest(folder: Path, prefix: str = "manifest"):
    """``folder/manifest.py`` as a module (named ``PREFIX_FOLDER``: manifests of two trees
    never share a name)."""
    spec = importlib.util.spec_from_file_location(f"{prefix}_{folder.name}", folder / "manifest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fixture_servers() -> list[FixtureServer]:
    found = []
    for folder in sorted(p for p in SERVERS.iterdir() if (p / "manifest.py").is_file()):
        manifest = load_manifest(folder)
        protocol = folder.name.replace("_", "-")
        not_shown = getattr(manifest, "NOT_SHOWN", {})
        for name, ids in sorted(getattr(manifest, "BUGGY", {}).items()):
            shown = frozenset(not_shown[name]) if name in not_shown else None
            found.append(FixtureServer(protocol, folder / name, frozenset(ids), shown))
        slow = getattr(manifest, "TOO_SLOW_OK", {})
        for name in getattr(manifest, "CORRECT", []):
            found.append(FixtureServer(protocol, folder / name, frozenset(), too_slow_ok=frozenset(slow.get(name, ()))))
    return found
