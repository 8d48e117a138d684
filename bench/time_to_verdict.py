"""Time to verdict, where it goes, and the floor: ``wirecheck check PROTOCOL`` run as a user
runs it (default settings, a fresh example database), on the reference server and on one
buggy server per protocol, with wirecheck's opt-in timers on (``WIRECHECK_BENCH``).

For each run it reports the wall-clock time to the verdict, the examples run and their rate,
the seconds spent starting servers, stopping them, waiting for replies, watching windows in
which nothing was to arrive, watching a forking server's processes, and the rest (Hypothesis,
the machines) — summed over the requirement workers, so they add up to more than the wall
clock when requirements run side by side — then the shrinking of a failure and its replays;
and the floor (bench/floor.py): the same client sequences replayed, one after the other, by a
plain socket client against the same server started once by a bare interpreter. The ratio is
the time to verdict over the floor, both measured in the same run.

    python bench/time_to_verdict.py                      # every protocol, reference and buggy
    python bench/time_to_verdict.py clock swap --runs 5 --no-buggy
    python bench/time_to_verdict.py --all-runs 3         # and `wirecheck check --all`, timed

Each figure is the median over the runs (seeds 1000, 1001, ...); the 1-minute load average
is printed with each, since absolute times move with whatever else the machine does."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.floor import load, replay_floor  # noqa: E402
from wirecheck.checks import checked_protocols  # noqa: E402

BUGGY = {  # one buggy fixture server per protocol, named in its manifest
    "clock": "tests/selftest/servers/clock/buggy_sequential_tcpserver.py",
    "clock-udp": "tests/selftest/servers/clock_udp/buggy_zero_padded_day.py",
    "clock-unix": "tests/selftest/servers/clock_unix/buggy_zero_padded_day.py",
    "clock-unixdgram": "tests/selftest/servers/clock_unixdgram/buggy_zero_padded_day.py",
    "clock-fork": "tests/selftest/servers/clock_fork/buggy_never_reaps.py",
    "swap": "tests/selftest/servers/swap/buggy_echo.py",
    "guess": "tests/selftest/servers/guess/buggy_no_found_state.py",
    "guess-web": "tests/selftest/servers/guess_web/buggy_no_found_state.py",
    "hello-web": "tests/selftest/servers/hello_web/buggy_course_version.py",
}
CATEGORIES = ("start", "stop", "wait", "idle", "observe")


def load_average() -> float:
    return os.getloadavg()[0]


def machine() -> str:
    cores = len(os.sched_getaffinity(0))
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{model or platform.machine()}, {cores} cores, {memory:.0f} GiB, Linux {platform.release()}, Python {platform.python_version()}"


def wirecheck(args: list[str], bench: Path | None, database: Path) -> tuple[float, int, str]:
    env = dict(os.environ, WIRECHECK_DATABASE=str(database))
    env.pop("WIRECHECK_BENCH", None)
    if bench is not None:
        env["WIRECHECK_BENCH"] = str(bench)
    began = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "wirecheck", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    return time.monotonic() - began, done.returncode, done.stdout + done.stderr


def measure(protocol: str, target: str | None, seed: int) -> dict:
    """One run of one check, with its breakdown and its floor."""
    work = Path(tempfile.mkdtemp(prefix="wirecheck-bench-"))
    try:
        load_now = load_average()
        extra = [target] if target else []
        wall, code, output = wirecheck(["check", protocol, *extra, "--seed", str(seed)], work / "timings", work / "db")
        timings, examples = load(work / "timings")
        requirements = [t for t in timings if t.get("requirement")]
        outside = {}
        for line in timings:
            for name, seconds in line["phases"].get("outside", {}).items():
                outside[name] = outside.get(name, 0.0) + seconds
        phase = lambda name, key: sum(t["phases"].get(name, {}).get(key, 0.0) for t in requirements)  # noqa: E731
        floors = replay_floor(examples)
        floor = sum(floors.values())
        explore_wall = phase("explore", "wall")
        figures = {
            "protocol": protocol,
            "target": Path(target).name if target else "reference",
            "seed": seed,
            "load": load_now,
            "exit": code,
            "verdict": wall,
            "floor": floor,
            "ratio": wall / floor if floor else float("inf"),
            "work": sum(t["seconds"] for t in requirements),
            "examples": sum(phase(p, "examples") for p in ("explore", "shrink", "recheck")),
            "explored": phase("explore", "examples"),
            "shrink": phase("shrink", "wall"),
            "recheck": phase("recheck", "wall"),
            "probe": outside.get("start", 0.0) + outside.get("stop", 0.0),
            "report": outside.get("report", 0.0),
            "failing": sorted(t["requirement"] for t in requirements if t["verdict"] != "pass"),
        }
        figures["work_ratio"] = figures["work"] / floor if floor else float("inf")
        figures["rate"] = figures["examples"] / wall
        for name in CATEGORIES:
            figures[name] = phase("explore", name)
        figures["other"] = explore_wall - sum(figures[name] for name in CATEGORIES)
        figures["slowest"] = max(((t["seconds"], t["requirement"]) for t in requirements), default=(0.0, ""))
        if code not in (0, 1):
            figures["error"] = output[-2000:]
        return figures
    finally:
        shutil.rmtree(work, ignore_errors=True)


def median_row(runs: list[dict]) -> dict:
    row = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key not in ("seed", "exit"):
            row[key] = statistics.median(r[key] for r in runs)
    row["verdict_max"] = max(r["verdict"] for r in runs)
    # What failed in any run; an ID that did not fail in every run is marked with its count.
    seen = sorted({rid for r in runs for rid in r["failing"]})
    row["failing"] = [rid if all(rid in r["failing"] for r in runs) else f"{rid} ({sum(rid in r['failing'] for r in runs)}/{len(runs)})" for rid in seen]
    row["exits"] = sorted({r["exit"] for r in runs})
    return row


GOALS_HEADER = (
    "| protocol | target | runs | load | verdict s (max) | floor s | ratio | work s | work ratio | examples | ex/s | failing |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)
PARTS_HEADER = (
    "| protocol | target | start | stop | wait | idle | observe | other | shrink | recheck | probe | report |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def goals_line(row: dict, runs: int) -> str:
    return (
        f"| {row['protocol']} | {row['target']} | {runs} | {row['load']:.1f} | {row['verdict']:.1f} ({row['verdict_max']:.1f}) "
        f"| {row['floor']:.1f} | {row['ratio']:.2f} | {row['work']:.1f} | {row['work_ratio']:.2f} | {row['examples']:.0f} "
        f"| {row['rate']:.0f} | {', '.join(row['failing']) or '—'} |"
    )


def parts_line(row: dict) -> str:
    cells = [f"{row[name]:.1f}" for name in (*CATEGORIES, "other", "shrink", "recheck", "probe", "report")]
    return f"| {row['protocol']} | {row['target']} | " + " | ".join(cells) + " |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("protocols", nargs="*", default=checked_protocols())
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-buggy", dest="buggy", action="store_false", help="the reference servers only")
    parser.add_argument("--no-reference", dest="reference", action="store_false", help="the buggy servers only")
    parser.add_argument("--all-runs", type=int, default=0, help="also time `wirecheck check --all` (no timers) this many times")
    parser.add_argument("--json", metavar="FILE", help="write every run's figures to FILE")
    args = parser.parse_args()
    print(f"# {time.strftime('%Y-%m-%d %H:%M')} — {machine()}")
    rows: list[dict] = []
    everything: list[dict] = []
    for protocol in args.protocols:
        targets = [None] if args.reference else []
        if args.buggy and protocol in BUGGY and (ROOT / BUGGY[protocol]).exists():
            targets.append(BUGGY[protocol])
        for target in targets:
            runs = [measure(protocol, target, 1000 + run) for run in range(args.runs)]
            everything += runs
            for run in runs:
                if "error" in run:
                    print(f"{protocol} {run['target']}: wirecheck exited with {run['exit']}:\n{run['error']}", file=sys.stderr)
            row = median_row(runs)
            rows.append(row)
            print(f"{protocol} {row['target']}: {row['verdict']:.1f} s, floor {row['floor']:.1f} s, ratio {row['ratio']:.2f} "
                  f"(load {row['load']:.1f}; slowest {row['slowest'][1]} {row['slowest'][0]:.1f} s)", file=sys.stderr, flush=True)
    print("\nTime to verdict (medians):\n")
    print(GOALS_HEADER)
    for row in rows:
        print(goals_line(row, args.runs))
    print("\nWhere the time goes (medians, seconds summed over the requirement workers):\n")
    print(PARTS_HEADER)
    for row in rows:
        print(parts_line(row))
    if args.all_runs:
        walls, loads = [], []
        for run in range(args.all_runs):
            with tempfile.TemporaryDirectory(prefix="wirecheck-bench-") as work:
                loads.append(load_average())
                wall, code, _ = wirecheck(["check", "--all", "--seed", str(2000 + run)], None, Path(work))
                walls.append(wall)
                everything.append({"all": True, "verdict": wall, "exit": code, "load": loads[-1]})
        print(f"\n`wirecheck check --all`: median {statistics.median(walls):.1f} s, max {max(walls):.1f} s "
              f"over {args.all_runs} runs (load {statistics.median(loads):.1f})")
    if args.json:
        Path(args.json).write_text(json.dumps(everything, indent=1, default=str))
    return 0


if __name__ == "__main__":
    from wirecheck.harness.ending import run_to_the_end

    # SIGTERM, SIGHUP and ctrl-C end the servers this started and remove its folders.
    sys.exit(run_to_the_end(main))
