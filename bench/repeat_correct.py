"""A correct server is never failed, and wirecheck never fails itself: every correct fixture
server (each protocol's manifest CORRECT entries, and each protocol's reference server)
checked again and again, with a new seed each time, must pass every requirement it is
checked on — no ``fail``, no ``not shown``, no ``error`` (an internal error of wirecheck
included).

    python bench/repeat_correct.py --runs 20 --profile grading --jobs 2

Each run is one ``wirecheck grade`` of the class of all those servers (one student per
server), seeds SEED, SEED+1, ...; the grader runs its checks side by side, so the run also
shows the verdicts hold with the cores loaded. Run by hand; the figures go in bench/README.md."""

from __future__ import annotations

import argparse
import collections
import json
import os
import runpy
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVERS = ROOT / "tests" / "selftest" / "servers"
REFERENCE = ROOT / "reference_servers"
sys.path.insert(0, str(ROOT))

from protocols import PROTOCOLS, get_protocol  # noqa: E402


def correct_servers(protocols: list[str]) -> list[tuple[str, Path]]:
    found = []
    for protocol in protocols:
        folder = SERVERS / protocol.replace("-", "_")
        manifest = runpy.run_path(str(folder / "manifest.py")) if (folder / "manifest.py").exists() else {}
        found += [(protocol, folder / name) for name in sorted(manifest.get("CORRECT", {}))]
        found.append((protocol, REFERENCE / f"{get_protocol(protocol).reference}.py"))
    return found


def build_class(root: Path, servers: list[tuple[str, Path]]) -> Path:
    """One student per server; the protocols graded are all of them, so each student is
    graded on every protocol whose file name its server has — only its own counts."""
    subs = root / "submissions"
    for protocol, server in servers:
        student = subs / f"{protocol}-{server.parent.name}-{server.stem}"
        student.mkdir(parents=True)
        shutil.copy(server, student / get_protocol(protocol).filename)
    return subs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--protocols", default=",".join(PROTOCOLS))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", default="grading")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()
    protocols = [p.strip() for p in args.protocols.split(",") if p.strip()]
    servers = correct_servers(protocols)
    work = Path(tempfile.mkdtemp(prefix="wirecheck-repeat-"))
    bad: list[tuple[int, str, str, str, str]] = []
    tally: collections.Counter[str] = collections.Counter()
    try:
        subs = build_class(work, servers)
        owner = {f"{protocol}-{server.parent.name}-{server.stem}": protocol for protocol, server in servers}
        print(f"{len(servers)} correct servers × {args.runs} runs, profile {args.profile}, --jobs {args.jobs}, seeds {args.seed}…")
        for run in range(args.runs):
            seed = args.seed + run
            out = work / f"out{run}"
            began, load = time.monotonic(), os.getloadavg()[0]
            done = subprocess.run(
                [sys.executable, "-m", "wirecheck", "grade", str(subs), "--out", str(out), "--seed", str(seed),
                 "--profile", args.profile, "--jobs", str(args.jobs), "--protocols", ",".join(protocols)],
                cwd=ROOT, capture_output=True, text=True,
            )
            if not (out / "results.json").exists():
                print(done.stdout + done.stderr)
                return 2
            results = json.loads((out / "results.json").read_text())
            checks = 0
            for student, record in results["students"].items():
                for protocol, value in record["protocols"].items():
                    check = value.get("check")
                    if not check or protocol != owner[student]:
                        continue  # a file of the same name is another protocol's too: not this one's server
                    checks += 1
                    for item in check["requirements"]:
                        tally[item["verdict"]] += 1
                        if item["verdict"] not in ("pass", "skip"):
                            bad.append((seed, student, item["id"], item["verdict"], (item.get("detail") or "")[:160]))
            shutil.rmtree(out, ignore_errors=True)
            print(f"run {run + 1} (seed {seed}): {checks} checks in {time.monotonic() - began:.0f} s, load {load:.1f} → "
                  f"{os.getloadavg()[0]:.1f}; not passed so far: {len(bad)}", flush=True)
        print("verdicts: " + ", ".join(f"{verdict} {count}" for verdict, count in sorted(tally.items())))
        internal = [b for b in bad if "internal error" in b[4] or b[3] == "error"]
        print(f"not passed: {len(bad)} (errors, internal ones included: {len(internal)})")
        for seed, student, req, verdict, detail in bad:
            print(f"  seed {seed} {student} {req}: {verdict}: {detail}")
        return 1 if bad else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    from wirecheck.harness.ending import run_to_the_end

    # SIGTERM, SIGHUP and ctrl-C end the servers this started and remove its folders.
    sys.exit(run_to_the_end(main))
