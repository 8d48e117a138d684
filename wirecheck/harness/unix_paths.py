"""The Unix socket paths a target hard-codes, found before it runs (V-HERMETIC).

The bootstrap moves a Unix socket's path to a private one at ``bind()``; but the usual
server removes a stale file *before* it binds (``if os.path.exists(PATH): os.remove(PATH)``),
and that must not act on whatever an earlier run left at the real path (a socket owned by
another user, a directory). So the paths are known up front, and every file operation of
the target on them acts on the private path from its first one.

Two sources, each for what the other misses:

- the conventional paths of the standard's Unix protocols (``/tmp/clock.sock``), which
  cover a path the target builds at run time (``os.path.join(tempfile.gettempdir(), ...)``)
  with the course's name;
- the string constants of the target's own source (and the Python files beside it, where a
  ``config.py`` may hold the path) that are bound as a Unix socket: the first argument of
  ``bind``, ``UnixStreamServer``, ``start_unix_server`` and their kin, given as a literal
  or as a name assigned a literal, and any constant whose name ends like a socket file's
  (``.sock``, ``.socket``), whatever the student called it.

Mapping every path under ``/tmp`` instead would also hide files that are no sockets (a log
the student reads back) and gain nothing. A path built at run time under another name is
still moved at ``bind()``, as before. Nothing here runs the target: it reads its text."""

from __future__ import annotations

import ast
from pathlib import Path

from protocols import PROTOCOLS

# Calls whose first argument is a Unix socket path (or an address, which a literal is not).
_BINDERS = {
    "bind",
    "UnixStreamServer",
    "UnixDatagramServer",
    "ThreadingUnixStreamServer",
    "ThreadingUnixDatagramServer",
    "ForkingUnixStreamServer",
    "ForkingUnixDatagramServer",
    "start_unix_server",
    "create_unix_server",
}
_SOCKET_SUFFIXES = (".sock", ".socket", ".sck")
_MAX_FILES = 40
_MAX_BYTES = 1 << 20


def conventional_paths() -> list[str]:
    """The paths the standard's Unix protocols hard-code."""
    return sorted({p.unix_path for p in PROTOCOLS.values() if p.unix_path})


def source_paths(source: str) -> set[str]:
    """The Unix socket paths a Python source hard-codes (none when it cannot be parsed)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set()
    found: set[str] = set()
    bound_names: set[str] = set()
    assigned: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and _path_text(node.value):
            text = _path_text(node.value)
            if text.endswith(_SOCKET_SUFFIXES):
                found.add(text)
        elif isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name not in _BINDERS:
                continue
            args = list(node.args[:1]) + [k.value for k in node.keywords if k.arg in ("path", "server_address")]
            for arg in args:
                if isinstance(arg, ast.Constant) and _path_text(arg.value):
                    found.add(_path_text(arg.value))
                elif isinstance(arg, ast.Name):
                    bound_names.add(arg.id)
                elif isinstance(arg, ast.Attribute):
                    bound_names.add(arg.attr)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Constant):
            text = _path_text(node.value.value)
            if not text:
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)
                if name:
                    assigned.setdefault(name, set()).add(text)
    for name in bound_names:
        found |= assigned.get(name, set())
    return found


def _path_text(value) -> str | None:
    """A constant that may name a file: a non-empty str or bytes with no NUL, not abstract."""
    if isinstance(value, bytes):
        try:
            value = value.decode()
        except UnicodeDecodeError:
            return None
    if not isinstance(value, str) or not value or "\0" in value or "\n" in value or len(value) > 200:
        return None
    return value


def hard_coded_paths(target_file: Path) -> list[str]:
    """Every Unix socket path the target may use: the standard's, its own file's and those
    of the Python files beside it. Relative paths stay relative: the target's working
    directory gives them their meaning."""
    found = set(conventional_paths())
    files = [target_file] + sorted(p for p in target_file.parent.glob("*.py") if p != target_file)[:_MAX_FILES]
    for path in files:
        try:
            if path.stat().st_size > _MAX_BYTES:
                continue
            found |= source_paths(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
    return sorted(found)
