"""A bug is caught whatever the seed (V-EDGE): every buggy fixture server checked on N seeds
in the default and the grading profile, each on the requirements its manifest says it
fails; a table of how many seeds caught it, per fixture and requirement.

    python bench/seed_sweep.py --seeds 20 --jobs 2 --fixtures 'clock/buggy_*24*' --fixtures 'swap/buggy_drops_*'

A requirement counts as caught on a seed when it does not hold (fail, not shown, error), as
the manifests count it. Each check is one ``wirecheck check --only IDS --json`` run with its
requirements one after the other (``--jobs 1``); ``--jobs`` checks run side by side. Run by
hand; the figures go in bench/README.md. Exit status 1 when any requirement was missed on
some seed."""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import contextlib
import fnmatch
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.selftest.fixture_servers import fixture_servers  # noqa: E402

PROFILES = ("default", "grading")
NOT_HOLDING = {"fail", "not shown", "error"}
_RUNNING: set = set()  # the checks running now, ended on an interrupt
_STOPPING = threading.Event()


def buggy_fixtures(patterns: list[str]):
    """The buggy fixture servers whose `protocol_folder/file` matches one of ``patterns``."""
    found = []
    for server in fixture_servers():
        if not server.must_fail:
            continue
        name = f"{server.path.parent.name}/{server.path.name}"
        if not patterns or any(fnmatch.fnmatch(name, p) for p in patterns):
            found.append(server)
    return found


def check_once(server, seed: int, profile: str, folder: Path) -> tuple[dict[str, str], float]:
    """The verdict of each of the server's expected failures on one seed, and the seconds."""
    out = folder / f"{server.protocol}-{server.path.stem}-{profile}-{seed}.json"
    began = time.monotonic()
    if _STOPPING.is_set():
        return {req: "no result" for req in server.must_fail}, 0.0
    proc = subprocess.Popen(
        [sys.executable, "-m", "wirecheck", "check", server.protocol, str(server.path), "--seed", str(seed),
         "--profile", profile, "--only", ",".join(sorted(server.must_fail)), "--jobs", "1", "--json", str(out)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    _RUNNING.add(proc)
    try:
        proc.wait()
    finally:
        _RUNNING.discard(proc)
    took = time.monotonic() - began
    if not out.exists():
        return {req: "no result" for req in server.must_fail}, took
    verdicts = {item["id"]: item["verdict"] for item in json.loads(out.read_text())["requirements"]}
    return verdicts, took


@contextlib.contextmanager
def _queued_cancelled_on_interrupt(pool):
    """On ctrl-C or SIGTERM no queued check starts: the pool's own exit would wait for every
    one of them. The checks running then get the signal's end from wirecheck itself."""
    try:
        yield
    except BaseException:
        _STOPPING.set()
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in list(_RUNNING):  # wirecheck ends on SIGTERM and stops the servers it started
            with contextlib.suppress(ProcessLookupError):
                proc.terminate()
        raise


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", action="append", default=[], metavar="GLOB",
                        help="protocol_folder/file glob (clock/buggy_*24*); repeatable; default: every buggy fixture")
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1, help="the first seed (then SEED+1, ...)")
    parser.add_argument("--profiles", default=",".join(PROFILES))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    servers = buggy_fixtures(args.fixtures)
    profiles = [p.strip() for p in args.profiles.split(",") if p.strip()]
    if not servers:
        print("no buggy fixture matches")
        return 2
    seeds = list(range(args.seed, args.seed + args.seeds))
    jobs = [(s, seed, profile) for s in servers for profile in profiles for seed in seeds]
    print(f"{len(servers)} buggy fixtures × {len(seeds)} seeds × {len(profiles)} profiles = {len(jobs)} checks, --jobs {args.jobs}",
          flush=True)
    caught: collections.Counter = collections.Counter()
    missed: list[tuple[str, str, str, int, str]] = []
    seconds: collections.defaultdict = collections.defaultdict(list)
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="wirecheck-sweep-") as folder, \
            concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool, \
            _queued_cancelled_on_interrupt(pool):
        futures = {pool.submit(check_once, s, seed, profile, Path(folder)): (s, seed, profile) for s, seed, profile in jobs}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            server, seed, profile = futures[future]
            verdicts, took = future.result()
            seconds[(server.id, profile)].append(took)
            for req in sorted(server.must_fail):
                verdict = verdicts.get(req, "no result")
                if verdict in NOT_HOLDING:
                    caught[(server.id, req, profile)] += 1
                else:
                    missed.append((server.id, req, profile, seed, verdict))
                    print(f"  missed: {server.id} {req} {profile} seed {seed}: {verdict}", flush=True)  # seen before the end
            if done % 10 == 0 or done == len(jobs):
                print(f"  {done}/{len(jobs)} checks, {time.monotonic() - began:.0f} s, load {os.getloadavg()[0]:.1f}", flush=True)
    header = "| fixture | requirement | " + " | ".join(f"{p} (caught / {len(seeds)})" for p in profiles) + " | seconds per check |"
    print("\n" + header)
    print("|" + "---|" * (3 + len(profiles)))
    for server in servers:
        per = " / ".join(f"{sum(seconds[(server.id, p)]) / max(1, len(seconds[(server.id, p)])):.1f}" for p in profiles)
        for req in sorted(server.must_fail):
            cells = " | ".join(str(caught[(server.id, req, p)]) for p in profiles)
            print(f"| {server.id} | {req} | {cells} | {per} |")
    if missed:
        print("\nmissed:")
        for fixture, req, profile, seed, verdict in sorted(missed):
            print(f"  {fixture} {req} {profile} seed {seed}: {verdict}")
    print(f"\n{len(jobs)} checks in {time.monotonic() - began:.0f} s; missed {len(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    from wirecheck.harness.ending import run_to_the_end

    sys.exit(run_to_the_end(main))
