"""A server that does not start is told once per run, with its cause and the traceback from
the student's own file, while every requirement still carries the error in JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SERVERS = {
    "python2": ('import socket\ns = socket.socket()\ns.bind(("", 12092))\ns.listen(5)\nprint "waiting"\n', "Python 2"),
    "indentation": ('import socket\ns = socket.socket()\nif True:\n    s.bind(("", 12092))\n      s.listen(5)\n', "indentation"),
    "argv": ('import socket, sys\nPORT = int(sys.argv[1])\ns = socket.socket()\ns.bind(("", PORT))\n', "command-line argument"),
}


@pytest.mark.parametrize("name", list(SERVERS))
def test_told_once_with_its_cause(name, tmp_path):
    source, cause = SERVERS[name]
    server = tmp_path / "swapserver.py"
    server.write_text(source)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WIRECHECK_DATABASE": str(tmp_path / "db")}
    done = subprocess.run(
        [sys.executable, "-m", "wirecheck.cli", "check", "swap", str(server), "--seed", "1", "--json", str(tmp_path / "r.json")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.count("did not start") == 1, done.stdout
    assert cause in done.stdout, done.stdout
    assert f'File "{server}"' in done.stdout, done.stdout  # the student's path, not the private copy's
    assert "wirecheck-" not in done.stdout and "bootstrap" not in done.stdout, done.stdout
    data = json.loads((tmp_path / "r.json").read_text())
    assert len(data["requirements"]) == 9
    assert all(r["verdict"] == "error" and cause in r["detail"] for r in data["requirements"])
