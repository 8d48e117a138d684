"""Where one grading check's CPU and wall time go: one student × protocol check run as the
grader's worker runs it, but in this process, its requirements one after the other (so one
profiler sees them all), under cProfile, with wirecheck's timers on.

    python bench/profile_check.py swap tests/selftest/servers/swap/buggy_lifo.py

CPU is split by where the profiled code lives (Hypothesis, the state machines, the drivers,
the harness, the standard library) and into the CPU of the processes the check starts (the
servers, the zygote): RUSAGE_CHILDREN. Wall time is split with the timers (start, stop,
wait, idle, observe; the rest is this process's own work). Run by hand; the table is in
bench/README.md."""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Where a function's own time is counted, by the first matching piece of its file name.
AREAS = (
    ("hypothesis", "hypothesis/"),
    ("wirecheck: checks", "wirecheck/checks/"),
    ("wirecheck: machine, runner", "wirecheck/drive/machine.py"),
    ("wirecheck: machine, runner", "wirecheck/drive/runner.py"),
    ("wirecheck: replays", "wirecheck/drive/replay"),
    ("wirecheck: clients", "wirecheck/drive/clients.py"),
    ("wirecheck: process observer", "wirecheck/drive/process_observer.py"),
    ("wirecheck: harness", "wirecheck/harness/"),
    ("protocols (models, judgement)", "protocols/"),
    ("wirecheck: other", "wirecheck/"),
    ("psutil", "psutil/"),
)


def area(filename: str) -> str:
    for name, piece in AREAS:
        if piece in filename:
            return name
    if filename.startswith("~") or filename == "{built-in}":
        return "builtins (select, sockets, fork...)"
    return "standard library"


def by_area(stats: pstats.Stats) -> dict[str, float]:
    sums: dict[str, float] = {}
    for (filename, _line, function), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        name = area(filename)
        if name.startswith("builtins") and function.startswith("<method 'poll'") or "select" in function:
            name = "waiting in select/poll (wall, not CPU)"
        sums[name] = sums.get(name, 0.0) + tottime
    return sums


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("protocol")
    parser.add_argument("target")
    parser.add_argument("--profile", default="default")
    parser.add_argument("--examples", type=int)
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--top", type=int, default=15, help="also list the N functions with the most own time")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wirecheck-profile-"))
    try:
        os.environ["WIRECHECK_BENCH"] = str(work / "timings")
        from wirecheck.core import timing
        from wirecheck.grading import worker

        timing.enable(work / "timings")
        spec = {
            "protocol": args.protocol,
            "target": str(Path(args.target).resolve()),
            "display": Path(args.target).name,
            "seed": args.seed,
            "profile": args.profile,
            "examples": args.examples,
            "env": {},
            "time_limit": 600,
            "workers": 1,
            "out": str(work / "results.jsonl"),
        }
        (work / "spec.json").write_text(json.dumps(spec))
        profiler = cProfile.Profile()
        cpu0, wall0 = time.process_time(), time.monotonic()
        children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        profiler.enable()
        worker.main(["worker", str(work / "spec.json")])
        profiler.disable()
        wall, cpu = time.monotonic() - wall0, time.process_time() - cpu0
        children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        timing.disable()
        child_cpu = (children1.ru_utime - children0.ru_utime) + (children1.ru_stime - children0.ru_stime)
        lines = [json.loads(x) for x in (work / "results.jsonl").read_text().splitlines()]
        verdicts = {x["requirement"]["id"]: x["requirement"]["verdict"] for x in lines if "requirement" in x}
        print(f"{args.protocol} {Path(args.target).name}: wall {wall:.1f} s, CPU of this process {cpu:.2f} s, "
              f"of the servers it started {child_cpu:.2f} s")
        print("verdicts: " + " ".join(f"{k}={v}" for k, v in verdicts.items()))
        stats = pstats.Stats(profiler)
        print("\nown time by area (cProfile, s; profiling inflates it):")
        for name, seconds in sorted(by_area(stats).items(), key=lambda kv: -kv[1]):
            print(f"  {name:<42} {seconds:6.2f}")
        from bench.floor import load

        timings, _examples = load(work / "timings")
        sums: dict[str, float] = {}
        for line in timings:
            if not line.get("requirement"):
                continue
            sums["checked"] = sums.get("checked", 0.0) + line["seconds"]
            for phase, figures in line["phases"].items():
                for name, value in figures.items():
                    if name == "examples":
                        sums[f"examples ({phase})"] = sums.get(f"examples ({phase})", 0.0) + value
                        continue
                    key = name if phase == "explore" else phase if name == "wall" else None
                    if key:
                        sums[key] = sums.get(key, 0.0) + value
        print("\nwall time by the timers (s, requirements one after the other):")
        for name, value in sums.items():
            print(f"  {name:<42} {value:6.2f}")
        if args.top:
            print()
            stats.sort_stats("tottime").print_stats(args.top)
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    from wirecheck.harness.ending import run_to_the_end

    # SIGTERM, SIGHUP and ctrl-C end the servers this started and remove its folders.
    sys.exit(run_to_the_end(main))
