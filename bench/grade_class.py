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
import statistics
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
            source = next(cycles[protocol])
            _sources[(folder.name, protocol)] = source.name
            shutil.copy(source, folder / get_protocol(protocol).filename)
    return subs


class TreeSampler(threading.Thread):
    """The peak resident memory of a process and all its descendants, sampled."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.every = every
        self.peak = 0
        self.peak_processes = 0
        self.cpu = 0.0  # the root's own CPU (user + system), last seen
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            try:
                times = self.root.cpu_times()
                self.cpu = times.user + times.system
            except psutil.Error:
                pass
            total = 0
            for proc in procs:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            if total > self.peak:
                self.peak, self.peak_processes = total, len(procs)
            self.done.wait(self.every)


def verdicts_vs_manifests(results: dict) -> None:
    """Each graded check's failing set against its fixture's manifest (the reference)."""
    import importlib.util

    agree, differ = 0, []
    manifests: dict[str, object] = {}
    for student, record in results["students"].items():
        for protocol, outcome in record["protocols"].items():
            if outcome["state"] != "graded" or not outcome.get("check"):
                continue
            folder = SERVERS / protocol.replace("-", "_")
            if protocol not in manifests:
                spec = importlib.util.spec_from_file_location(f"manifest_{protocol}", folder / "manifest.py")
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)  # type: ignore[union-attr]
                manifests[protocol] = module
            module = manifests[protocol]
            name = Path(outcome["file"]).name
            source = _sources.get((student, protocol), name)
            expected = module.BUGGY.get(source, set()) if source in module.BUGGY or source in module.CORRECT else None
            if expected is None:
                continue
            failing = {r["id"] for r in outcome["check"]["requirements"] if r["verdict"] not in ("pass", "skip")}
            if failing == set(expected):
                agree += 1
            else:
                differ.append(f"{student} {protocol} {source}: {sorted(failing)} (manifest {sorted(expected)})")
    print(f"verdicts: {agree} of {agree + len(differ)} graded checks fail exactly their fixture's manifest set")
    for line in differ:
        print("  differs: " + line)


_sources: dict[tuple[str, str], str] = {}  # (student, protocol) -> the fixture file handed in


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


def run_grading(command: list[str], env: dict[str, str]) -> tuple[str, int, float, TreeSampler]:
    began = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = TreeSampler(process.pid)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.monotonic() - began
    sampler.done.set()
    sampler.join()
    return output, process.returncode, seconds, sampler


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--protocols", default="clock,swap,guess")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--profile", default="default")
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--keep", metavar="DIR", help="grade into DIR and keep it")
    parser.add_argument("--timings", action="store_true", help="also say where the checks' time went (wirecheck's timers)")
    parser.add_argument("--shards", type=int, default=1, metavar="N",
                        help="grade as N shards one after the other (as N machines would, each its part), then merge")
    args = parser.parse_args()
    protocols = [p.strip() for p in args.protocols.split(",")]
    work = Path(tempfile.mkdtemp(prefix="wirecheck-bench-"))
    try:
        subs = build_class(work, args.students, protocols)
        out = Path(args.keep) if args.keep else work / "out"
        command = [sys.executable, "-m", "wirecheck", "grade", str(subs), "--jobs", str(args.jobs),
                   "--seed", str(args.seed), "--profile", args.profile, "--protocols", ",".join(protocols)]
        env = dict(os.environ)
        env["WIRECHECK_CPU_LOG"] = str(work / "cpu")
        if args.timings:
            env["WIRECHECK_BENCH"] = str(work / "timings")
        load_before = os.getloadavg()[0]
        if args.shards <= 1:
            output, returncode, seconds, sampler = run_grading([*command, "--out", str(out)], env)
            peak, processes, grader_cpu = sampler.peak, sampler.peak_processes, sampler.cpu
        else:
            seconds, peak, processes, grader_cpu, returncode, walls = 0.0, 0, 0, 0.0, 0, []
            parts = []
            for k in range(1, args.shards + 1):
                part = work / f"shard{k}"
                output, code, wall, sampler = run_grading([*command, "--out", str(part), "--shard", f"{k}/{args.shards}"], env)
                walls.append(wall)
                seconds += wall
                peak, processes = max(peak, sampler.peak), max(processes, sampler.peak_processes)
                grader_cpu += sampler.cpu
                returncode = returncode or code
                parts.append(str(part))
            merged = subprocess.run([sys.executable, "-m", "wirecheck", "merge", *parts, "--out", str(out)], cwd=ROOT,
                                    capture_output=True, text=True)
            returncode = returncode or merged.returncode
            print(f"shards: {args.shards}, one after the other: " + ", ".join(f"{w:.1f}" for w in walls)
                  + f" s; the longest {max(walls):.1f} s (the wall time of {args.shards} machines); merged: {merged.stdout.strip()}")
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        largest = usage.ru_maxrss  # KiB, the largest single process
        results = json.loads((out / "results.json").read_text())
        checks = sum(len(s["protocols"]) for s in results["students"].values())
        per_check = [p["seconds"] for s in results["students"].values() for p in s["protocols"].values() if p["state"] == "graded"]
        print(output.rstrip().splitlines()[0] if output.strip() else f"exit status {returncode}")
        print(f"machine: {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}")
        print(f"class: {args.students} students × {len(protocols)} protocols ({', '.join(protocols)}) = {checks} checks, --jobs {args.jobs}, profile {args.profile}")
        print(f"wall clock: {seconds:.1f} s; per graded check: mean {sum(per_check) / max(len(per_check), 1):.1f} s, max {max(per_check, default=0):.1f} s")
        print(f"memory: peak of the whole tree {peak / 2**20:.0f} MiB ({processes} processes); largest single process {largest / 1024:.0f} MiB")
        print(f"load average: {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
        cpu_lines = [json.loads(line) for path in sorted((work / "cpu").glob("cpu-*.jsonl")) for line in path.read_text().splitlines()]
        cpu_per_check = sorted(line["cpu"] for line in cpu_lines)
        total_cpu = usage.ru_utime + usage.ru_stime
        if cpu_per_check:
            by_protocol: dict[str, list[float]] = {}
            for line in cpu_lines:
                by_protocol.setdefault(line["protocol"], []).append(line["cpu"])
            print(f"CPU: {total_cpu:.0f} s in all ({usage.ru_utime:.0f} user, {usage.ru_stime:.0f} system; "
                  f"{100 * total_cpu / (seconds * (os.cpu_count() or 1)):.0f} % of the cores), the grader itself {grader_cpu:.1f} s; "
                  f"per graded check: median {statistics.median(cpu_per_check):.2f} s, max {cpu_per_check[-1]:.2f} s; "
                  + ", ".join(f"{p} {statistics.median(v):.2f}" for p, v in by_protocol.items()))
        verdicts_vs_manifests(results)
        if args.timings:
            print_timings(work / "timings", args.students)
        return returncode
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the made-up class; --keep's outputs are elsewhere


if __name__ == "__main__":
    from wirecheck.harness.ending import run_to_the_end

    # SIGTERM, SIGHUP and ctrl-C end the servers this started and remove its folders.
    sys.exit(run_to_the_end(main))
