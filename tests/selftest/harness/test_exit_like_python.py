"""A target run by the bootstrap ends exactly as ``python FILE`` ends — same exit status, same
output — although the bootstrap skips the interpreter's teardown of its modules: an uncaught
exception's traceback, ``sys.exit`` with a number or a message, an uncaught ctrl-C (death by
SIGINT), exit handlers, a thread that is not a daemon still printing after the main code ends,
output left in a buffer."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from wirecheck.harness.launcher import BOOTSTRAP

ENDINGS = {
    "exit_number": "import sys\nprint('a')\nsys.exit(3)\n",
    "exit_message": "import sys\nsys.exit('bye')\n",
    "exit_wraps": "import sys\nsys.exit(256)\n",
    "exit_none": "import sys\nsys.exit()\n",
    "raises": "def serve():\n    raise ValueError('no port')\nserve()\n",
    "ctrl_c": "import os, signal, time\nprint('up', flush=True)\nos.kill(os.getpid(), signal.SIGINT)\ntime.sleep(5)\n",
    "ctrl_c_caught_then_exit": (
        "import os, signal, sys, time\ntry:\n    os.kill(os.getpid(), signal.SIGINT)\n    time.sleep(5)\n"
        "except KeyboardInterrupt:\n    print('bye')\n    sys.exit(0)\n"
    ),
    "exit_handler": "import atexit\natexit.register(lambda: print('handler ran'))\nprint('main')\n",
    "late_thread": (
        "import threading, time\n"
        "threading.Thread(target=lambda: (time.sleep(0.3), print('late thread'))).start()\nprint('main done')\n"
    ),
    "buffered": "import sys\nsys.stdout.write('no newline')\n",
    "ends": "x = 1\n",
}


def _ctrl_c_as_a_terminal_gives_it() -> None:
    """A run in the background (CI, nohup) inherits SIGINT ignored; the bootstrap gives it
    back its meaning, so the plain run must have it too to be compared."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run(argv: list[str]) -> tuple[int, str, str]:
    done = subprocess.run(
        argv, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL, preexec_fn=_ctrl_c_as_a_terminal_gives_it
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("name", sorted(ENDINGS))
def test_a_target_ends_as_python_would_end_it(tmp_path: Path, name: str):
    script = tmp_path / f"{name}.py"
    script.write_text(ENDINGS[name])
    plain = run([sys.executable, str(script)])
    bootstrapped = run([sys.executable, str(BOOTSTRAP), "path", str(script)])
    assert bootstrapped == plain
