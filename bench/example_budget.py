"""How many examples a requirement needs before the buggy fixture servers fail it: every
buggy fixture of each protocol checked with the default profile on a few seeds, with
wirecheck's timers on; for each requirement that failed, the examples explored up to and
including the first failing one. The grading profile's budgets (wirecheck/drive/profiles.py)
come from these figures.

    python bench/example_budget.py clock swap guess --seeds 3

Run by hand; the table goes in bench/README.md."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVERS = ROOT / "tests" / "selftest" / "servers"
sys.path.insert(0, str(ROOT))

from bench.floor import load  # noqa: E402


def manifest(protocol: str) -> dict[str, set[str]]:
    path = SERVERS / protocol.replace("-", "_") / "manifest.py"
    spec = importlib.util.spec_from_file_location(f"manifest_{protocol}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.BUGGY


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("protocols", nargs="+")
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--first-seed", type=int, default=20261124)
    parser.add_argument("--profile", default="default")
    parser.add_argument("--json", metavar="FILE", help="also write every figure here")
    args = parser.parse_args()
    from wirecheck.checks import checks_for
    from wirecheck.drive.profiles import get_profile

    profile = get_profile(args.profile)
    rows = []
    for protocol in args.protocols:
        checks = checks_for(protocol)
        for server, expected in sorted(manifest(protocol).items()):
            for seed in range(args.first_seed, args.first_seed + args.seeds):
                work = Path(tempfile.mkdtemp(prefix="wirecheck-budget-"))
                try:
                    env = {**os.environ, "WIRECHECK_BENCH": str(work / "timings"), "WIRECHECK_DATABASE": str(work / "db")}
                    target = SERVERS / protocol.replace("-", "_") / server
                    subprocess.run([sys.executable, "-m", "wirecheck", "check", protocol, str(target), "--seed", str(seed),
                                    "--profile", args.profile], cwd=ROOT, env=env, capture_output=True, timeout=600)
                    timings, _ = load(work / "timings")
                finally:
                    shutil.rmtree(work, ignore_errors=True)
                failed = set()
                for line in timings:
                    req = line.get("requirement")
                    if not req or line.get("verdict") != "fail":
                        continue
                    failed.add(req)
                    budget = profile.examples_for(req, checks[req].weight)
                    found_at = int(line["phases"].get("explore", {}).get("examples", 0))
                    rows.append({"protocol": protocol, "server": server, "seed": seed, "requirement": req,
                                 "found_at": found_at, "budget": budget, "expected": req in expected})
                missed = sorted(expected - failed)
                extra = sorted(failed - expected)
                print(f"{protocol} {server} seed {seed}: failed {sorted(failed)}"
                      + (f"; NOT FAILED {missed}" if missed else "") + (f"; not in the manifest {extra}" if extra else ""),
                      flush=True)
    print("\n| protocol | requirement | budget (default) | found at (max over fixtures × seeds) | all |")
    print("|---|---|---|---|---|")
    by_req: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        if row["expected"]:
            by_req.setdefault((row["protocol"], row["requirement"]), []).append(row)
    for (protocol, req), found in sorted(by_req.items()):
        values = sorted(r["found_at"] for r in found)
        print(f"| {protocol} | {req} | {found[0]['budget']} | {values[-1]} | {', '.join(map(str, values))} |")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    from wirecheck.harness.ending import run_to_the_end

    # SIGTERM, SIGHUP and ctrl-C end the servers this started and remove its folders.
    sys.exit(run_to_the_end(main))
