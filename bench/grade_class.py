"""Grading a class: ``wirecheck grade`` on a made-up class of N students × protocols,
built from the fixture servers (correct and buggy, a few files missing), wall-clock time
and memory — the grader's own peak, the largest single process's, and the peak of the
whole process tree (grader, workers and servers), sampled.

    python bench/grade_class.py --students 100 --protocols clock,swap,guess --jobs 2

Run by hand on an otherwise idle machine; the results go in bench/README.md."""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
SERVERS = ROOT / "tests" / "selftest" / "servers"
REFERENCE = ROOT / "reference_servers"
sys.path.insert(0, str(ROOT))

from protocols import get_protocol  # noqa: E402


def variants(protocol: str) -> list[Path]:
    """The servers students of this protocol hand in: the fixtures, else the reference."""
    folder = SERVERS / protocol.replace("-", "_")
    found = sorted(folder.glob("correct_*.py")) + sorted(folder.glob("buggy_*.py")) if folder.is_dir() else []
    return found or [REFERENCE / f"{get_protocol(protocol).reference}.py"]


def build_class(root: Path, students: int, protocols: list[str]) -> Path:
    subs = root / "submissions"
    cycles = {p: itertools.cycle(variants(p)) for p in protocols}
    for number in range(1, students + 1):
        folder = subs / f"student{number:03d}"
        folder.mkdir(parents=True)
        for index, protocol in enumerate(protocols):
            if (number + index) % 10 == 0:
                continue  # one file in ten is missing
            shutil.copy(next(cycles[protocol]), folder / get_protocol(protocol).filename)
    return subs


class TreeSampler(threading.Thread):
    """The peak resident memory of a process and all its descendants, sampled."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.every = every
        self.peak = 0
        self.peak_processes = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            total = 0
            for proc in procs:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            if total > self.peak:
                self.peak, self.peak_processes = total, len(procs)
            self.done.wait(self.every)


def print_timings(folder: Path, students: int) -> None:
    """Per protocol: requirement-seconds per student, split as bench/time_to_verdict.py does."""
    from bench.floor import load

    timings, _examples = load(folder)
    by_protocol: dict[str, dict[str, float]] = {}
    for line in timings:
        if not line.get("requirement"):
            continue
        sums = by_protocol.setdefault(line["protocol"], {})
        sums["checked"] = sums.get("checked", 0.0) + line["seconds"]
        for phase, figures in line["phases"].items():
            for name, value in figures.items():
                key = name if phase == "explore" else phase if name == "wall" else None
                if key and name != "examples":
                    sums[key] = sums.get(key, 0.0) + value
    print(f"seconds per student (requirements one after the other; {students} students):")
    names = ("checked", "start", "stop", "wait", "idle", "observe", "shrink", "recheck")
    print("| protocol | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for protocol, sums in by_protocol.items():
        print(f"| {protocol} | " + " | ".join(f"{sums.get(n, 0.0) / students:.1f}" for n in names) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--protocols", default="clock,swap,guess")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--profile", default="default")
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--keep", metavar="DIR", help="grade into DIR and keep it")
    parser.add_argument("--timings", action="store_true", help="also say where the checks' time went (wirecheck's timers)")
    args = parser.parse_args()
    protocols = [p.strip() for p in args.protocols.split(",")]
    work = Path(tempfile.mkdtemp(prefix="wirecheck-bench-"))
    try:
        subs = build_class(work, args.students, protocols)
        out = Path(args.keep) if args.keep else work / "out"
        command = [sys.executable, "-m", "wirecheck", "grade", str(subs), "--out", str(out), "--jobs", str(args.jobs),
                   "--seed", str(args.seed), "--profile", args.profile, "--protocols", ",".join(protocols)]
        env = dict(os.environ)
        if args.timings:
            env["WIRECHECK_BENCH"] = str(work / "timings")
        load_before = os.getloadavg()[0]
        began = time.monotonic()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        sampler = TreeSampler(process.pid)
        sampler.start()
        output, _ = process.communicate()
        seconds = time.monotonic() - began
        sampler.done.set()
        sampler.join()
        largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB, the largest single process
        results = json.loads((out / "results.json").read_text())
        checks = sum(len(s["protocols"]) for s in results["students"].values())
        per_check = [p["seconds"] for s in results["students"].values() for p in s["protocols"].values() if p["state"] == "graded"]
        print(output.rstrip().splitlines()[0] if output.strip() else f"exit status {process.returncode}")
        print(f"machine: {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}")
        print(f"class: {args.students} students × {len(protocols)} protocols ({', '.join(protocols)}) = {checks} checks, --jobs {args.jobs}, profile {args.profile}")
        print(f"wall clock: {seconds:.1f} s; per graded check: mean {sum(per_check) / max(len(per_check), 1):.1f} s, max {max(per_check, default=0):.1f} s")
        print(f"memory: peak of the whole tree {sampler.peak / 2**20:.0f} MiB ({sampler.peak_processes} processes); largest single process {largest / 1024:.0f} MiB")
        print(f"load average: {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
        if args.timings:
            print_timings(work / "timings", args.students)
        return process.returncode
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
