"""The regression guard: wirecheck's overhead over the floor, measured side by side in one
run, against the figure recorded in bench/baseline.json.

Two requirements of the clock protocol are checked in this process with the timers on —
CLOCK-2 on one server (its examples are the machines' own work and the standard's "no reply
yet" windows) and CLOCK-6 on a fresh server per example (server starts and stops) — then
their examples are replayed by a plain socket client (bench/floor.py). The ratio of the two
times moves with wirecheck's overhead, not with the speed of the machine, which is why an
absolute time is never compared. tests/selftest/test_bench_guard.py fails when the ratio
grows past twice the recorded one.

    python bench/guard.py            # measure and print
    python bench/guard.py --record   # measure and write bench/baseline.json"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.floor import load, replay_floor  # noqa: E402
from protocols import get_protocol  # noqa: E402
from wirecheck.core import timing  # noqa: E402
from wirecheck.checks import checks_for  # noqa: E402
from wirecheck.harness.target import reference_target  # noqa: E402
from wirecheck.drive.profiles import get_profile  # noqa: E402
from wirecheck.drive.runner import RunOptions, check_protocol  # noqa: E402

BASELINE = Path(__file__).with_name("baseline.json")
PROTOCOL = "clock"
REQUIREMENTS = {"CLOCK-2", "CLOCK-6"}
SEED = 8
EXAMPLES = 10


def measure_once() -> dict:
    """One check and its floor; seconds of each and their ratio."""
    protocol = get_protocol(PROTOCOL)
    options = RunOptions(profile=replace(get_profile("quick"), examples=EXAMPLES), seed=SEED)
    with tempfile.TemporaryDirectory(prefix="wirecheck-guard-") as folder:
        was = timing.folder
        timing.enable(folder)
        try:
            began = time.monotonic()
            result = check_protocol(protocol, checks_for(PROTOCOL), reference_target(PROTOCOL), options, only=REQUIREMENTS)
            verdict = time.monotonic() - began
        finally:
            timing.disable()
            if was is not None:
                timing.enable(was)
        _timings, examples = load(Path(folder))
    floor = sum(replay_floor(examples).values())
    verdicts = {r.id: r.verdict for r in result.requirements}
    return {"verdict": verdict, "floor": floor, "ratio": verdict / floor, "examples": len(examples), "verdicts": verdicts}


def measure(runs: int = 2) -> dict:
    """The run with the smallest ratio of ``runs``: a busy machine only ever adds to it."""
    return min((measure_once() for _ in range(runs)), key=lambda m: m["ratio"])


def recorded() -> dict:
    return json.loads(BASELINE.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help=f"write the figure to {BASELINE.name}")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    load_average = os.getloadavg()[0]
    figure = measure(args.runs)
    print(f"{PROTOCOL} {', '.join(sorted(REQUIREMENTS))}: check {figure['verdict']:.2f} s, floor {figure['floor']:.2f} s, "
          f"ratio {figure['ratio']:.2f} ({figure['examples']} examples; load {load_average:.1f})")
    if args.record:
        BASELINE.write_text(json.dumps({
            "ratio": round(figure["ratio"], 2),
            "check_seconds": round(figure["verdict"], 2),
            "floor_seconds": round(figure["floor"], 2),
            "recorded": time.strftime("%Y-%m-%d"),
            "load_average": round(load_average, 1),
            "machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}",
        }, indent=2) + "\n")
        print(f"written to {BASELINE}")
    return 0


if __name__ == "__main__":
    from wirecheck.harness.ending import run_to_the_end

    # SIGTERM, SIGHUP and ctrl-C end the servers this started and remove its folders.
    sys.exit(run_to_the_end(main))
