"""How long a run takes to end after SIGTERM, SIGHUP or SIGINT (issue 14: within 5 s).

    python bench/signal_ending.py --runs 3
    python bench/signal_ending.py --runs 5 --kinds check,grade --signals TERM

Each trial is the signal test's own (``tests/selftest/test_signals.py``): the command is
started on the slow clock server, the signal is sent to the command alone once a server of the
run is seen, and the time is taken from the signal to the moment no process of the run is left
(found by a marker in their environment) and the command has exited. The test asserts the
exit status and that nothing is left, with a bound loose enough for a loaded machine; the
timing goal is measured here, by hand, on a quiet machine. The figures go in bench/README.md."""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.selftest.polling import wait_until  # noqa: E402
from tests.selftest.test_signals import MARKER, _command, _marked, _run_folders, _server_running  # noqa: E402

GOAL = 5.0


def one_trial(kind: str, sig: signal.Signals) -> tuple[float, int, bool]:
    """(seconds from the signal to the run's end, exit status, whether anything was left)."""
    token = uuid.uuid4().hex
    with tempfile.TemporaryDirectory(prefix="wirecheck-bench-") as folder:
        tmp_path = Path(folder)
        env = {**os.environ, MARKER: token, "WIRECHECK_DATABASE": str(tmp_path / "db"), "PYTHONPATH": str(ROOT)}
        env.pop("WIRECHECK_TMPDIR", None)
        process = subprocess.Popen(
            _command(kind, tmp_path), cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        try:
            if not wait_until(lambda: _server_running(token), 60):
                raise RuntimeError(f"{kind}: no server of the run was seen running")
            sent = time.monotonic()
            process.send_signal(sig)
            process.wait(timeout=60)
            wait_until(lambda: not _marked(token), 60)
            took = time.monotonic() - sent
            left = bool(_marked(token)) or bool(_run_folders(process.pid))
            return took, process.returncode, left
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            for proc in _marked(token):
                proc.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="trials of each command and signal")
    parser.add_argument("--kinds", default="check,grade,gradescope,pytest")
    parser.add_argument("--signals", default="TERM,HUP,INT")
    args = parser.parse_args()
    signals = [getattr(signal, f"SIG{name.strip().upper()}") for name in args.signals.split(",")]
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    print("| command | signal | trials | median s | max s | exit status right | nothing left |")
    print("|---|---|---:|---:|---:|---|---|")
    worst = 0.0
    for kind in args.kinds.split(","):
        for sig in signals:
            times, statuses, lefts = [], [], []
            for _ in range(args.runs):
                took, status, left = one_trial(kind, sig)
                times.append(took)
                statuses.append(status == 128 + sig)
                lefts.append(left)
            worst = max(worst, max(times))
            print(
                f"| {kind} | {sig.name} | {len(times)} | {statistics.median(times):.2f} | {max(times):.2f} "
                f"| {'yes' if all(statuses) else 'NO'} | {'yes' if not any(lefts) else 'NO'} |",
                flush=True,
            )
    print(f"load average at end: {os.getloadavg()[0]:.1f}; slowest {worst:.2f} s (goal {GOAL:g} s)")
    return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
