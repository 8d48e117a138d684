"""A run that ended on an interrupt ends only itself: the next run in the same process (a
test, a notebook, a grader's loop) starts its servers as usual."""

from __future__ import annotations

import os
import subprocess
import sys

import psutil

import pytest

from wirecheck.harness import ending

from ..polling import wait_until


def test_a_run_ended_by_an_interrupt_leaves_the_next_run_free_to_start_servers():
    with pytest.raises(KeyboardInterrupt):
        with ending.whole_run():
            raise KeyboardInterrupt
    ending.check()  # raises Terminated while the ended run's abort is still in force
    assert not ending.aborting


def test_inside_an_ending_run_no_new_server_starts():
    with pytest.raises(KeyboardInterrupt):
        with ending.whole_run():
            try:
                raise KeyboardInterrupt
            except KeyboardInterrupt:
                ending.begin_abort()
                with pytest.raises(ending.Terminated):
                    ending.check()
                raise


def test_a_run_ends_what_runs_from_its_folder_wherever_it_was_reparented():
    """A process that runs from the run's folder and was orphaned twice over (a double fork:
    its parent is gone) is ended when the run's folder is; one started before the run is not."""
    sleeper = "import os, sys, time\nif os.fork() == 0:\n    time.sleep(120)\nos._exit(0)\n"
    outside = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])  # started before the run
    with ending.run_folder() as folder:
        marker = os.path.join(folder, "stray.py")
        with open(marker, "w") as code:
            code.write(sleeper)
        subprocess.run([sys.executable, marker], check=True)  # returns at once: its child stays
        strays = lambda: [p for p in psutil.process_iter(["cmdline"]) if marker in (p.info["cmdline"] or [])]  # noqa: E731
        assert wait_until(lambda: len(strays()) == 1, 5.0)
        stray = strays()[0]
    try:
        assert wait_until(lambda: not stray.is_running() or stray.status() == psutil.STATUS_ZOMBIE, 5.0)
        assert outside.poll() is None  # not from the folder: left alone
    finally:
        outside.kill()
        outside.wait()


SWALLOWED = """
import os, signal, sys, time
from wirecheck.harness import ending

class Swallows:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGTERM)  # the handler's raise happens here, and is only printed

with ending.whole_run():
    Swallows()  # collected at once: the raise from the handler is lost
    print("still running", flush=True)
    for _ in range(600):
        time.sleep(0.1)  # a run that would go on for a minute
print("ended by itself", flush=True)
"""


@pytest.mark.slow
def test_a_run_whose_signal_was_swallowed_still_ends():
    """An ending signal whose raise is lost (Python only prints an exception raised in a
    `__del__`, an at-fork or a garbage-collector callback) still ends the run, from its
    last-resort thread, with 128 + the signal's number."""
    process = subprocess.run(
        [sys.executable, "-c", SWALLOWED], capture_output=True, text=True, timeout=ending.SWALLOWED_GRACE + 20,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))),
    )
    assert "still running" in process.stdout  # the raise was indeed swallowed
    assert "ended by itself" not in process.stdout
    assert process.returncode == 128 + 15, process.stderr
    assert "stopped by SIGTERM" in process.stderr
