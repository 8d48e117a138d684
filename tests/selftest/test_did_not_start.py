"""A server that does not start is told once per run, with its cause and the traceback from
the student's own file, while every requirement still carries the error in JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from protocols.swap import SWAP

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = len(SWAP.ids)  # every one of them is told the server did not start

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
    assert len(data["requirements"]) == REQUIREMENTS
    assert all(r["verdict"] == "error" and cause in r["detail"] for r in data["requirements"])


def _wirecheck(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WIRECHECK_DATABASE": str(cwd / "db")}
    return subprocess.run(
        [sys.executable, "-m", "wirecheck.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def _cause_told_once(text: str, cause: str, traceback_line: str, where: str) -> None:
    assert text.count(cause) == 1, f"{where}: the cause is not told exactly once\n{text}"
    assert text.count(traceback_line) == 1, f"{where}: the traceback is not shown exactly once\n{text}"


@pytest.mark.slow
def test_grading_tells_it_once_per_student(tmp_path):
    """In grading too: each student's feedback (Markdown, HTML, Gradescope's results.json)
    tells the start failure once, at the top, with its cause and the traceback from the
    student's own file; each requirement then says so in a line; results.json keeps every
    requirement's error."""
    from wirecheck.grading.text import NOT_STARTED

    subs = tmp_path / "submissions"
    students = dict(zip(("ada", "ben", "cy"), SERVERS.values()))
    for name, (source, _cause) in students.items():
        (subs / name).mkdir(parents=True)
        (subs / name / "swapserver.py").write_text(source)
    out = tmp_path / "out"
    done = _wirecheck("grade", str(subs), "--out", str(out), "--protocols", "swap", "--seed", "1", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    results = json.loads((out / "results.json").read_text())
    for name, (_source, cause) in students.items():
        requirements = results["students"][name]["protocols"]["swap"]["check"]["requirements"]
        assert len(requirements) == REQUIREMENTS and all(r["verdict"] == "error" and cause in r["detail"] for r in requirements)
        markdown = (out / "feedback" / f"{name}.md").read_text()
        _cause_told_once(markdown, cause, 'File "swapserver.py"', f"{name}.md")
        assert markdown.index(cause) < markdown.index("| requirement |"), "the start failure is not told above the table"
        assert markdown.count(NOT_STARTED) == REQUIREMENTS, markdown
        assert str(tmp_path) not in markdown and "bootstrap" not in markdown, markdown  # the student's own paths
        page = (out / "feedback" / f"{name}.html").read_text()
        _cause_told_once(page, cause, "File &quot;swapserver.py&quot;", f"{name}.html")
        assert page.count(NOT_STARTED) == REQUIREMENTS and str(tmp_path) not in page
        junit = (out / "junit.xml").read_text()
        assert junit.count(cause) == 1  # once, in the student's suite
    # Gradescope: once, in the run's output above the tests; each test says so in a line.
    for name, (_source, cause) in students.items():
        scored = tmp_path / f"{name}-results.json"
        done = _wirecheck("gradescope", "--submission", str(subs / name), "--results", str(scored), "--protocols", "swap", "--seed", "1", cwd=tmp_path)
        assert done.returncode in (0, 1), done.stdout + done.stderr
        data = json.loads(scored.read_text())
        _cause_told_once(data["output"], cause, 'File "swapserver.py"', f"{name} gradescope output")
        assert str(tmp_path) not in data["output"]
        assert len(data["tests"]) == REQUIREMENTS and all(t["output"].endswith(NOT_STARTED) and cause not in t["output"] for t in data["tests"])
        assert data["score"] == 0


ENDS_WITHOUT_SERVING = {
    # main() defined, never called: it never listens
    "main never called": (
        "clock",
        'import socket\ndef main():\n    s = socket.socket()\n    s.bind(("", 12091))\n    s.listen()\n'
        "    while True:\n        s.accept()[0].close()\n",
        "exited (status 0) before it listened: is `main()` called?",
    ),
    # bound (which is a datagram server's listening), then a loop whose condition is false
    "a loop never entered": (
        "clock-udp",
        'import socket\nrunning = False\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(("", 12091))\n'
        "while running:\n    s.recvfrom(100)\n",
        "exited (status 0) right after it listened, before serving anyone",
    ),
}


@pytest.mark.parametrize("name", list(ENDS_WITHOUT_SERVING))
def test_a_server_that_ends_without_error_and_without_serving_did_not_start(name, tmp_path):
    protocol, source, cause = ENDS_WITHOUT_SERVING[name]
    server = tmp_path / "server.py"
    server.write_text(source)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WIRECHECK_CACHE": "off"}
    done = subprocess.run(
        [sys.executable, "-m", "wirecheck.cli", "check", protocol, str(server), "--seed", "1", "--json", str(tmp_path / "r.json")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    data = json.loads((tmp_path / "r.json").read_text())
    assert all(
        r["verdict"] == "error" and r["fault"] == "server" and r["detail"].startswith("server did not start: your server ")
        and cause in r["detail"] for r in data["requirements"]
    ), data
