"""Time to verdict: ``wirecheck check PROTOCOL`` on the reference server (and, with
--buggy, on one buggy fixture server per protocol), wall-clock, as a user runs it.

    python bench/time_to_verdict.py clock swap --runs 5

Run by hand on an otherwise idle machine; the results go in bench/README.md."""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wirecheck.checks import checked_protocols  # noqa: E402

BUGGY = {  # one buggy fixture per protocol, named in its manifest
    "clock": "tests/selftest/servers/clock/buggy_sequential_tcpserver.py",
    "clock-fork": "tests/selftest/servers/clock_fork/buggy_never_reaps.py",
    "swap": "tests/selftest/servers/swap/buggy_echo.py",
    "guess": "tests/selftest/servers/guess/buggy_no_found_state.py",
    "guess-web": "tests/selftest/servers/guess_web/buggy_no_found_state.py",
    "hello-web": "tests/selftest/servers/hello_web/buggy_course_version.py",
}


def timed(args: list[str]) -> tuple[float, int]:
    began = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "wirecheck", *args], cwd=ROOT, capture_output=True)
    return time.monotonic() - began, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("protocols", nargs="*", default=checked_protocols())
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--buggy", action="store_true", help="also time one buggy server per protocol")
    args = parser.parse_args()
    print(f"# {time.strftime('%Y-%m-%d')} — {platform.machine()}, {platform.python_version()}, {len(__import__('os').sched_getaffinity(0))} cores")
    print("| protocol | target | runs | median s | max s | exit codes |")
    print("|---|---|---|---|---|---|")
    for protocol in args.protocols:
        targets = [("reference", [])]
        if args.buggy and protocol in BUGGY and (ROOT / BUGGY[protocol]).exists():
            targets.append((Path(BUGGY[protocol]).name, [BUGGY[protocol]]))
        for label, extra in targets:
            times, codes = [], set()
            for run in range(args.runs):
                seconds, code = timed(["check", protocol, *extra, "--seed", str(1000 + run)])
                times.append(seconds)
                codes.add(code)
            print(f"| {protocol} | {label} | {args.runs} | {statistics.median(times):.1f} | {max(times):.1f} | {sorted(codes)} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
