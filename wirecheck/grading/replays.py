"""Replay scripts: a failure's client sequence as a standalone, stdlib-only Python script
that a student runs against their own server, without wirecheck installed.

The script is the replay's data (``wirecheck.drive.replay``) followed by the source of
``wirecheck.drive.replay_engine``, which runs it."""

from __future__ import annotations

import ast
import pprint
import textwrap
from functools import lru_cache
from pathlib import Path

from ..drive import replay_engine


@lru_cache(maxsize=1)
def engine_source() -> str:
    """The engine's code without its module docstring (the script has its own)."""
    source = Path(replay_engine.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    first = tree.body[0]
    if isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant):
        source = "\n".join(source.splitlines()[first.end_lineno :])
    return source.strip("\n") + "\n"


def script_name(protocol: str, requirement: str) -> str:
    return f"{protocol}-{requirement}.py"


def replay_script(
    replay: dict,
    *,
    requirement_text: str,
    level: str,
    seed: int,
    server_file: str,
    env: dict[str, str] | None = None,
) -> str:
    """The whole script for one failure. ``server_file`` is the file name the student knows
    (``clockserver.py``); ``env`` what the check set in the server's environment."""
    data = dict(replay)
    data.pop("recorded_at", None)
    data.pop("receipts", None)  # what came back, for the diagram: a replay watches for itself
    if env:
        data["env"] = dict(env)
    protocol, requirement = data.get("protocol", ""), data.get("requirement", "")
    name = script_name(protocol, requirement)
    steps = "\n".join(f"   {i:>2}. {step}" for i, step in enumerate(data.get("steps", []), 1)) or "   (no steps)"
    where = "its Unix socket path with --unix PATH" if data.get("transport") in ("unix", "unixdgram") else (
        f"127.0.0.1:{data.get('port')} (--host, --port to change)"
    )
    doc = "\n".join(
        [
            f"Replays a wirecheck failure: {requirement} ({level}) of {protocol}.",
            "",
            textwrap.fill(f"{requirement}: {requirement_text}", 88),
            "",
            f"wirecheck found it with seed {seed}; the same check, in wirecheck:",
            f"    wirecheck check {protocol} {server_file} --seed {seed} --only {requirement}",
            "",
            "What the clients did:",
            steps,
            "",
            textwrap.fill(f"expected: {data.get('expected', '')}", 88, subsequent_indent="    "),
            textwrap.fill(f"got: {data.get('got', '')}", 88, subsequent_indent="    "),
            "",
            "Run your server, then this script; it connects to " + where + ":",
            f"    python {name}",
            "or let the script start your server (and stop it):",
            f"    python {name} --server {server_file}",
            "Exit status 0: the server did what the requirement asks this time; 1: the failure",
            "happened again; 2: the replay could not run. Needs only Python's standard library.",
        ]
    )
    doc = doc.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    literal = pprint.pformat(data, width=100, sort_dicts=False)
    return (
        "#!/usr/bin/env python3\n"
        f'"""{doc}\n"""\n\n'
        f"REPLAY = {literal}\n\n"
        + engine_source()
        + '\n\nif __name__ == "__main__":\n    sys.exit(main(REPLAY))\n'
    )
