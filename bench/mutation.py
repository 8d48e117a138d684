"""The suite's own mutation score: how many small changes to correct servers does
``wirecheck check`` notice?

    python bench/mutation.py --servers 'reference_servers/clock*.py' --profile both --jobs 2
    python bench/mutation.py --sample 8 --sample-seed 25 --profile grading     # the CI sample
    python bench/mutation.py --list                                            # the mutants, not run
    python bench/mutation.py --report bench/results/mutation-....json          # tables again

The mutants are cosmic-ray's: its operators find every place a change can be made and
``cosmic_ray.mutating.mutate_code`` makes it, in memory. Each mutant is written to a
temporary folder of its own (the repository's files are never touched) and checked there by
the oracle, ``wirecheck check PROTOCOL MUTANT --seed N --profile P --json``, the whole
protocol at once, bounded by ``--timeout``. The original server is checked the same way with
the same seed first; a mutant is **killed** when a requirement that passes on the original
does not pass on it (``fail``, ``not shown``, ``error``), and **timed out** (counted as
killed: the server or the check hung) when its check outlives the bound. A mutant that
survives is read by hand: an equivalent one goes into ``bench/mutation_equivalent.toml``
with its reason, a non-equivalent one is a blind spot of the suite (listed there too, as a
known blind spot, until a check closes it).

Why cosmic-ray is not also the runner: ``cosmic-ray exec`` changes the module in place and
runs one mutant at a time, its test command says only killed or survived (not which
requirement saw it), and at a timeout it SIGKILLs the command's process group, so the
servers a ``wirecheck check`` started (in sessions of their own) would be left behind. Here
a timed-out check gets SIGTERM first, which wirecheck answers by stopping its servers.

Mutants in lines that cannot matter are skipped and counted: docstrings and ``print``
calls. An ``except X`` mutant (cosmic-ray's ExceptionReplacer) names an exception class
nothing raises; it is made an expression that defines one, so the mutant is "this handler
is gone" rather than a NameError. Results go to ``bench/results/`` as JSON, written after
every mutant, so an interrupted run keeps what it measured."""

from __future__ import annotations

import argparse
import ast
import collections
import concurrent.futures
import contextlib
import difflib
import fnmatch
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVERS = ROOT / "tests" / "selftest" / "servers"
REFERENCE = ROOT / "reference_servers"
RESULTS = ROOT / "bench" / "results"
EQUIVALENT = ROOT / "bench" / "mutation_equivalent.toml"
DEFAULT_SEED = 20261206
DEFAULT_TIMEOUT = 240.0  # a whole protocol's check is bounded at 3 min (V-BOUNDED); a margin
STOP_GRACE = 15.0  # after SIGTERM, before SIGKILL
TEMP_ROOT: Path | None = None  # where each check's folder is made (None: the system's temporary folder)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# A handler of an exception nothing raises, on one line, so line numbers stay as they were.
_NEVER_RAISED = 'type("CosmicRayTestingException", (Exception,), {})'

# The checks running now, so that an interrupted run stops them (they run in sessions of their
# own, out of reach of the terminal's ctrl-C), and a flag that no new one starts.
_RUNNING: set = set()
_STOPPING = threading.Event()


# ---------------------------------------------------------------------------------------------
# Servers and their mutants


def default_servers() -> list[Path]:
    """The reference servers and every protocol's correct fixtures."""
    refs = sorted(p for p in REFERENCE.glob("*.py") if p.name != "__init__.py")
    return refs + sorted(SERVERS.glob("*/correct_*.py"))


def select_servers(pattern: str | None) -> list[Path]:
    servers = default_servers()
    if not pattern:
        return servers
    patterns = [p.strip() for p in pattern.split(",") if p.strip()]
    chosen = [s for s in servers if any(fnmatch.fnmatch(relative(s), p) for p in patterns)]
    # A pattern may also name servers outside the default set (another fixture, say).
    for p in patterns:
        for extra in sorted(ROOT.glob(p)):
            if extra.suffix == ".py" and extra.resolve() not in {c.resolve() for c in chosen}:
                chosen.append(extra)
    return chosen


def relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def protocol_of(path: Path) -> str:
    """``reference_servers/clock_udp.py`` and ``servers/clock_udp/correct_x.py`` are clock-udp."""
    resolved = path.resolve()
    name = resolved.stem if resolved.parent == REFERENCE.resolve() else resolved.parent.name
    return name.replace("_", "-")


@dataclass
class Mutant:
    server: str  # the server's path, relative to the repository
    protocol: str
    operator: str  # cosmic-ray's operator name
    occurrence: int  # cosmic-ray's occurrence of that operator in the file (shifts with edits)
    line_no: int
    line: str  # the original line, stripped: with ``mutant`` and ``nth``, the stable identity
    mutant: str  # the mutated line, stripped
    nth: int = 0  # among mutants of this server with the same operator, line and mutant
    code: str = field(default="", repr=False)

    @property
    def key(self) -> str:
        return f"{self.server}:{self.line_no}: {self.operator}: {self.line!r} -> {self.mutant!r}" + (
            f" #{self.nth}" if self.nth else ""
        )

    def identity(self) -> tuple:
        return (self.server, self.operator, self.line, self.mutant, self.nth)


def _operators():
    import cosmic_ray.plugins

    for name in cosmic_ray.plugins.operator_names():
        cls = cosmic_ray.plugins.get_operator(name)
        if not cls.arguments():  # those that need arguments (VariableReplacer, ...) are left out
            yield name, cls()


def _lines_that_cannot_matter(source: str) -> set[int]:
    """Lines of docstrings and of ``print(...)`` calls."""
    lines: set[int] = set()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                lines.update(range(first.lineno, first.end_lineno + 1))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            lines.update(range(node.lineno, node.end_lineno + 1))
    return lines


@dataclass(frozen=True)
class Site:
    """A place where one of cosmic-ray's operators can change a server: cheap to find, made
    into a ``Mutant`` (the mutated source) only when chosen."""

    path: Path
    operator: str
    occurrence: int
    line_no: int


def sites_of(path: Path) -> tuple[list[Site], int]:
    """Every place cosmic-ray's operators can change one server, and how many were skipped
    (docstrings, ``print``)."""
    from cosmic_ray.ast import ast_nodes, get_ast

    source = path.read_text(encoding="utf-8")
    skip = _lines_that_cannot_matter(source)
    nodes = list(ast_nodes(get_ast(source)))
    found, skipped = [], 0
    for name, operator in _operators():
        positions = [pos for node in nodes for pos in operator.mutation_positions(node)]
        for occurrence, (start, _end) in enumerate(positions):
            if start[0] in skip:
                skipped += 1
            else:
                found.append(Site(path, name, occurrence, start[0]))
    return found, skipped


def make_mutants(sites: list[Site]) -> list[Mutant]:
    """The mutants of these sites (a site cosmic-ray cannot change is left out). ``nth`` counts
    among all the sites of the same server, so a mutant's identity does not depend on which
    other sites were chosen."""
    import cosmic_ray.plugins
    from cosmic_ray.mutating import mutate_code

    by_path: dict[Path, list[Site]] = collections.defaultdict(list)
    for site in sites:
        by_path[site.path].append(site)
    made: dict[Site, Mutant] = {}
    for path, chosen in by_path.items():
        source = path.read_text(encoding="utf-8")
        original_lines = source.splitlines()
        server, protocol = relative(path), protocol_of(path)
        for site in chosen:
            operator = cosmic_ray.plugins.get_operator(site.operator)()
            try:
                code = mutate_code(source, operator, site.occurrence)
            except Exception:  # cosmic-ray's ExceptionReplacer cannot rename `except a.b:`
                code = None
            if code is None or code == source:
                continue
            # cosmic-ray turns `except a.B:` into `except aCosmicRayTestingExceptionB:` (the dot is
            # what it renames): the whole dotted name goes.
            code = re.sub(r"(?:\w+\.)*\w*CosmicRayTestingException\w*", lambda _: _NEVER_RAISED, code)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # `x is "literal"`: a mutant, not our mistake
                    compile(code, str(path), "exec")
            except SyntaxError:
                continue
            mutated_lines = code.splitlines()
            changed = [i for i, (a, b) in enumerate(zip(original_lines, mutated_lines)) if a != b]
            where = changed[0] if changed else site.line_no - 1
            mutant = mutated_lines[where].strip() if where < len(mutated_lines) else ""
            made[site] = Mutant(server, protocol, site.operator, site.occurrence, where + 1, original_lines[where].strip(), mutant, 0, code)
    # nth: identical (operator, line, mutant) in one server, numbered in occurrence order. Two
    # such sites are on two identical lines; chosen alone, the later one is still counted
    # after the earlier (the line text of an unchosen site is read from the file).
    result = []
    for site in sites:
        m = made.get(site)
        if m is None:
            continue
        lines = site.path.read_text(encoding="utf-8").splitlines()
        same = _same_operator_sites(site)

        def rank(x: Site) -> int:  # its place among this operator's sites on its own line
            return sum(1 for o in same if o.line_no == x.line_no and o.occurrence < x.occurrence)

        twins = [
            other for other in same
            if other.occurrence < site.occurrence and other.line_no != site.line_no
            and lines[other.line_no - 1].strip() == lines[site.line_no - 1].strip() and rank(other) == rank(site)
        ]
        m.nth = len(twins)
        result.append(m)
    return result


def _same_operator_sites(site: Site) -> list[Site]:
    return [s for s in _sites_cached(site.path) if s.operator == site.operator]


_SITES: dict[Path, list[Site]] = {}


def _sites_cached(path: Path) -> list[Site]:
    if path not in _SITES:
        _SITES[path] = sites_of(path)[0]
    return _SITES[path]


def diff(mutant: Mutant, original: str) -> str:
    return "".join(
        difflib.unified_diff(
            original.splitlines(True), mutant.code.splitlines(True), f"a/{mutant.server}", f"b/{mutant.server}", n=1
        )
    )


# ---------------------------------------------------------------------------------------------
# The reviewed list


@dataclass(frozen=True)
class Listed:
    kind: str  # "equivalent" or "blind-spot"
    reason: str
    requirement: str = ""  # a blind spot: the requirement that should catch it


def load_reviewed(path: Path = EQUIVALENT) -> dict[tuple, Listed]:
    """``[[equivalent]]`` and ``[[blind-spot]]`` entries, keyed as ``Mutant.identity``."""
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    found: dict[tuple, Listed] = {}
    for kind in ("equivalent", "blind-spot"):
        for entry in data.get(kind, []):
            missing = [k for k in ("file", "operator", "line", "mutant", "reason") if not entry.get(k)]
            if missing:
                raise ValueError(f"{path.name}: a [[{kind}]] entry lacks {', '.join(missing)}: {entry}")
            key = (entry["file"], entry["operator"], entry["line"], entry["mutant"], int(entry.get("occurrence", 0)))
            if key in found:
                raise ValueError(f"{path.name}: listed twice: {key}")
            found[key] = Listed(kind, entry["reason"], entry.get("requirement", ""))
    return found


def toml_entry(mutant: Mutant, kind: str = "equivalent") -> str:
    """A skeleton entry for the reviewed list (the reason is the reviewer's to write)."""
    lines = [
        f"[[{kind}]]",
        f"file = {json.dumps(mutant.server)}",
        f"operator = {json.dumps(mutant.operator)}",
        f"line = {json.dumps(mutant.line)}",
        f"mutant = {json.dumps(mutant.mutant)}",
    ]
    if mutant.nth:
        lines.append(f"occurrence = {mutant.nth}")
    if kind == "blind-spot":
        lines.append('requirement = ""')
    lines.append('reason = ""')
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# The oracle


@dataclass
class Check:
    verdicts: dict  # requirement ID → verdict
    status: int | None
    seconds: float
    cpu: float
    timed_out: bool = False
    note: str = ""


def run_check(code: str, filename: str, protocol: str, profile: str, seed: int, timeout: float, check_jobs: int) -> Check:
    """``wirecheck check`` of one server's source, in a temporary folder removed afterwards."""
    if _STOPPING.is_set():
        return Check({}, None, 0.0, 0.0, note="not run: stopping")
    work = Path(tempfile.mkdtemp(prefix="wirecheck-mutant-", dir=TEMP_ROOT))
    try:
        target = work / filename
        target.write_text(code, encoding="utf-8")
        out = work / "verdicts.json"
        env = dict(os.environ, WIRECHECK_DATABASE=str(work / "examples"), PYTHONDONTWRITEBYTECODE="1")
        command = [
            sys.executable, "-m", "wirecheck", "check", protocol, str(target), "--seed", str(seed),
            "--profile", profile, "--json", str(out), "--jobs", str(check_jobs), "--no-colour",
        ]
        began = time.monotonic()
        proc = subprocess.Popen(
            command, cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )
        _RUNNING.add(proc)
        timed_out = threading.Event()

        def stop(sig):
            timed_out.set()
            try:
                os.kill(proc.pid, sig) if sig == signal.SIGTERM else os.killpg(proc.pid, sig)
            except ProcessLookupError:
                pass

        term = threading.Timer(timeout, stop, (signal.SIGTERM,))
        kill = threading.Timer(timeout + STOP_GRACE, stop, (signal.SIGKILL,))
        term.start(), kill.start()
        stderr = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        term.cancel(), kill.cancel()
        _RUNNING.discard(proc)
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stderr.close()
        seconds = time.monotonic() - began
        cpu = usage.ru_utime + usage.ru_stime
        verdicts = {}
        if out.exists():
            try:
                verdicts = {
                    # wirecheck's own fault is never the server's: kept apart, it kills nothing
                    r["id"]: "error: wirecheck" if r["verdict"] == "error" and r.get("fault") == "wirecheck" else r["verdict"]
                    for r in json.loads(out.read_text())["requirements"]
                }
            except (ValueError, KeyError):
                pass
        note = "" if verdicts else stderr.decode(errors="replace").strip()[-300:]
        return Check(verdicts, proc.returncode, seconds, cpu, timed_out.is_set(), note)
    finally:
        shutil.rmtree(work, ignore_errors=True)


@dataclass
class Outcome:
    mutant: Mutant
    profile: str
    status: str  # killed, timeout, survived, equivalent / blind-spot (survived and listed), unjudged
    killed_by: list  # requirement IDs that pass on the original and not on the mutant
    seconds: float
    cpu: float
    listed: str = ""  # equivalent / blind-spot when the reviewed list names it
    note: str = ""
    verdicts: dict = field(default_factory=dict)  # the mutant's own, to judge it again later


def judge(mutant: Mutant, profile: str, original: dict, check: Check, reviewed: dict) -> Outcome:
    listed = reviewed.get(mutant.identity())
    passing = [rid for rid, verdict in original.items() if verdict == "pass"]
    if check.timed_out:
        return Outcome(mutant, profile, "timeout", [], check.seconds, check.cpu, listed.kind if listed else "")
    if not check.verdicts:
        # No verdicts at all: the check itself could not run it (it exits 2 only for a wrong
        # command, which the original's run rules out); count it killed, say why.
        return Outcome(mutant, profile, "killed", ["(no verdicts)"], check.seconds, check.cpu,
                       listed.kind if listed else "", check.note)
    if not passing:  # nothing passes on the original: nothing can kill its mutants
        return Outcome(mutant, profile, "unjudged", [], check.seconds, check.cpu, listed.kind if listed else "",
                       "no requirement passes on the original")
    killed_by = [rid for rid in passing if check.verdicts.get(rid) not in ("pass", "error: wirecheck")]
    if not killed_by and any(check.verdicts.get(rid) == "error: wirecheck" for rid in passing):
        return Outcome(mutant, profile, "unjudged", [], check.seconds, check.cpu, listed.kind if listed else "",
                       "error: wirecheck")
    if killed_by:
        status = "killed"
    elif listed:
        status = listed.kind
    else:
        status = "survived"
    return Outcome(mutant, profile, status, killed_by, check.seconds, check.cpu, listed.kind if listed else "")


# ---------------------------------------------------------------------------------------------
# Sampling and running


def sample(sites: list[Site], n: int, seed: int) -> list[Site]:
    """``n`` sites spread over the protocols: each protocol's sites in an order drawn from
    ``seed``, then one from each protocol in turn."""
    by_protocol: dict[str, list[Site]] = collections.defaultdict(list)
    for site in sites:
        by_protocol[protocol_of(site.path)].append(site)
    rng = random.Random(seed)
    for protocol in sorted(by_protocol):
        rng.shuffle(by_protocol[protocol])
    chosen: list[Site] = []
    while len(chosen) < n and any(by_protocol.values()):
        for protocol in sorted(by_protocol):
            if by_protocol[protocol] and len(chosen) < n:
                chosen.append(by_protocol[protocol].pop())
    return chosen


def run(
    mutants: list[Mutant], profiles: list[str], *, seed: int, jobs: int, timeout: float, check_jobs: int,
    reviewed: dict, assume_original_passes: bool = False, results: Path | None = None, progress=print,
    judged: frozenset = frozenset(),
) -> dict:
    """Check the originals, then every mutant, in every profile; returns the results as data.
    A ``(profile, *identity)`` in ``judged`` is left out: an earlier run judged it."""
    servers = sorted({m.server for m in mutants if any((p, *m.identity()) not in judged for p in profiles)})
    began, cpu_before = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
    originals: dict[tuple, dict] = {}
    record = {
        "seed": seed, "profiles": profiles, "timeout": timeout, "jobs": jobs, "check_jobs": check_jobs,
        "started": time.strftime("%Y-%m-%d %H:%M:%S"), "originals": {}, "outcomes": [], "skipped": {},
    }

    def save():
        if results is not None:
            record["wall"] = time.monotonic() - began
            results.write_text(json.dumps(record, indent=1))

    pool = concurrent.futures.ThreadPoolExecutor(jobs)
    try:
        work = {}
        for profile in profiles:
            for server in servers:
                path = ROOT / server
                if assume_original_passes:
                    continue
                work[pool.submit(run_check, path.read_text(), path.name, protocol_of(path), profile, seed, timeout, check_jobs)] = (profile, server)
        for future in concurrent.futures.as_completed(work):
            profile, server = work[future]
            check = future.result()
            if any(v != "pass" for v in check.verdicts.values()) or not check.verdicts:
                # A correct server that does not pass everything: once more (a loaded machine's
                # flake), and a requirement that passed either time can kill its mutants.
                path = ROOT / server
                again = run_check(path.read_text(), path.name, protocol_of(path), profile, seed, timeout, check_jobs)
                progress(f"original {profile:8} {server}: {check.verdicts}, checked again: {again.verdicts}")
                check.verdicts = {
                    rid: "pass" if "pass" in (v, again.verdicts.get(rid)) else v
                    for rid, v in (check.verdicts or again.verdicts).items()
                }
            originals[(profile, server)] = check.verdicts
            record["originals"].setdefault(profile, {})[server] = {
                "verdicts": check.verdicts, "seconds": round(check.seconds, 1), "cpu": round(check.cpu, 1),
                "timed_out": check.timed_out, "note": check.note,
            }
            bad = {r: v for r, v in check.verdicts.items() if v != "pass"}
            progress(f"original {profile:8} {server}: {'all pass' if not bad else bad} ({check.seconds:.0f} s)")
        save()

        work = {}
        for profile in profiles:
            for m in mutants:
                if (profile, *m.identity()) in judged:
                    continue
                work[pool.submit(run_check, m.code, Path(m.server).name, m.protocol, profile, seed, timeout, check_jobs)] = (profile, m)
        done = 0
        for future in concurrent.futures.as_completed(work):
            profile, m = work[future]
            check = future.result()
            if assume_original_passes:
                original = {rid: "pass" for rid, v in check.verdicts.items() if v != "skip"} or {"(any)": "pass"}
            else:
                original = originals.get((profile, m.server), {})
            outcome = judge(m, profile, original, check, reviewed)
            outcome.verdicts = check.verdicts
            done += 1
            record["outcomes"].append(outcome_record(outcome))
            what = ", ".join(outcome.killed_by) if outcome.killed_by else outcome.status
            progress(f"[{done}/{len(work)}] {profile:8} {outcome.status:10} {m.key}  ({what}; {check.seconds:.0f} s)")
            save()
    except BaseException:  # ctrl-C, SIGTERM: no new check, the running ones stopped
        stop_running()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    record["cpu"] = round((cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime), 1)
    save()
    return record


def stop_running() -> None:
    """SIGTERM to every check still running (wirecheck then stops its servers), SIGKILL to
    the process group of any still there after the grace."""
    _STOPPING.set()
    for proc in list(_RUNNING):
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE
    while _RUNNING and time.monotonic() < deadline:
        time.sleep(0.1)
    for proc in list(_RUNNING):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def outcome_record(o: Outcome) -> dict:
    m = asdict(o.mutant)
    m.pop("code")
    return {
        "mutant": m, "profile": o.profile, "status": o.status, "killed_by": o.killed_by,
        "seconds": round(o.seconds, 1), "cpu": round(o.cpu, 1), "listed": o.listed, "note": o.note,
        "verdicts": o.verdicts,
    }


# ---------------------------------------------------------------------------------------------
# Tables


def tables(record: dict) -> str:
    out = []
    outcomes = record["outcomes"]
    for profile in record["profiles"]:
        mine = [o for o in outcomes if o["profile"] == profile]
        if not mine:
            continue
        out.append(f"\nprofile {profile} (seed {record['seed']})\n")
        head = (
            f"{'protocol':16} {'mutants':>7} {'killed':>6} {'timeout':>7} {'equiv':>5} {'blind':>5} {'surv':>4} "
            f"{'unjudged':>8} {'score':>6} {'cpu s':>7}"
        )
        out.append(head)
        by_protocol = collections.defaultdict(list)
        for o in mine:
            by_protocol[o["mutant"]["protocol"]].append(o)
        for protocol in sorted(by_protocol) + ["all"]:
            rows = mine if protocol == "all" else by_protocol[protocol]
            c = collections.Counter(o["status"] for o in rows)
            killed = c["killed"] + c["timeout"]
            denominator = len(rows) - c["equivalent"] - c["unjudged"]
            score = f"{100 * killed / denominator:.1f}%" if denominator else "—"
            cpu = sum(o["cpu"] for o in rows)
            out.append(
                f"{protocol:16} {len(rows):7} {c['killed']:6} {c['timeout']:7} {c['equivalent']:5} {c['blind-spot']:5} "
                f"{c['survived']:4} {c['unjudged']:8} {score:>6} {cpu:7.0f}"
            )
        out.append("")
        out.append(f"{'requirement':12} {'kills':>5} {'alone':>5}   (mutants it caught; caught by it alone)")
        kills, alone = collections.Counter(), collections.Counter()
        for o in mine:
            for rid in o["killed_by"]:
                kills[rid] += 1
            if len(o["killed_by"]) == 1:
                alone[o["killed_by"][0]] += 1
        originals = record.get("originals", {}).get(profile, {})
        every = sorted({r for v in originals.values() for r in v["verdicts"]} | set(kills), key=_req_order)
        for rid in every:
            out.append(f"{rid:12} {kills[rid]:5} {alone[rid]:5}")
        listed = [o for o in mine if o["status"] in ("survived", "blind-spot", "equivalent")]
        if listed:
            out.append("")
            for status in ("survived", "blind-spot", "equivalent"):
                for o in (o for o in listed if o["status"] == status):
                    m = o["mutant"]
                    out.append(f"{status:10} {m['server']}:{m['line_no']} {m['operator']}: {m['line']}  →  {m['mutant']}")
        stale = [o for o in mine if o["listed"] and o["status"] in ("killed", "timeout")]
        for o in stale:
            m = o["mutant"]
            out.append(
                f"listed as {o['listed']} but killed by {', '.join(o['killed_by']) or o['status']}: "
                f"{m['server']}:{m['line_no']} {m['line']}  →  {m['mutant']}"
            )
    return "\n".join(out)


def judged_in(paths: list[Path]) -> frozenset:
    """``(profile, *identity)`` of every mutant these runs' JSON files judged (not unjudged)."""
    found = set()
    for path in paths:
        for o in json.loads(path.read_text())["outcomes"]:
            if o["status"] != "unjudged":
                m = o["mutant"]
                found.add((o["profile"], m["server"], m["operator"], m["line"], m["mutant"], m["nth"]))
    return frozenset(found)


def merge(records: list[dict]) -> dict:
    """Several runs' records as one: the later run's outcome of a mutant in a profile wins."""
    if len(records) == 1:
        return records[0]
    merged = {"seed": records[0]["seed"], "profiles": [], "originals": {}, "cpu": 0.0, "wall": 0.0}
    outcomes: dict[tuple, dict] = {}
    for record in records:
        if record["seed"] != merged["seed"]:
            raise SystemExit(f"runs with different seeds: {merged['seed']}, {record['seed']}")
        merged["profiles"] += [p for p in record["profiles"] if p not in merged["profiles"]]
        for profile, servers in record.get("originals", {}).items():
            merged["originals"].setdefault(profile, {}).update(servers)
        merged["cpu"] += record.get("cpu", 0.0)
        merged["wall"] += record.get("wall", 0.0)
        for o in record["outcomes"]:
            m = o["mutant"]
            outcomes[(o["profile"], m["server"], m["operator"], m["line"], m["mutant"], m["nth"])] = o
    merged["outcomes"] = list(outcomes.values())
    return merged


def rejudge(record: dict, reviewed: dict) -> dict:
    """The outcomes as the reviewed list says now: a survivor listed since the run is
    equivalent (or a known blind spot); a killed one keeps its kill, marked when listed."""
    for o in record["outcomes"]:
        m = o["mutant"]
        listed = reviewed.get((m["server"], m["operator"], m["line"], m["mutant"], m["nth"]))
        o["listed"] = listed.kind if listed else ""
        original = record.get("originals", {}).get(o["profile"], {}).get(m["server"], {}).get("verdicts", {})
        if o["status"] in ("survived", "equivalent", "blind-spot", "unjudged"):
            o["status"] = listed.kind if listed else "survived"
            if "pass" not in original.values():
                o["status"] = "unjudged"
    return record


def _req_order(rid: str):
    prefix, _, number = rid.rpartition("-")
    return (prefix, int(number) if number.isdigit() else 0)


# ---------------------------------------------------------------------------------------------


def collect(servers: list[Path]) -> tuple[list[Site], dict[str, int]]:
    sites, skipped = [], {}
    for server in servers:
        found, skip = sites_of(server)
        _SITES[server] = found
        sites += found
        skipped[relative(server)] = skip
    return sites, skipped


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", help="comma-separated globs, relative to the repository (default: reference servers and correct fixtures)")
    parser.add_argument("--profile", choices=("default", "grading", "both"), default="both")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="the checks' seed (the same for the original and its mutants)")
    parser.add_argument("--sample", type=int, help="only this many mutants, spread over the protocols")
    parser.add_argument("--sample-seed", type=int, default=25)
    parser.add_argument("--operators", help="comma-separated globs of cosmic-ray operator names to keep")
    parser.add_argument(
        "--listed", choices=("blind-spot", "equivalent", "any"),
        help="only the mutants the reviewed list names (of this kind): is a known blind spot closed yet?",
    )
    parser.add_argument("--jobs", type=int, default=2, help="checks at once")
    parser.add_argument("--check-jobs", type=int, default=2, help="requirements at once inside each check")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds for one check (then SIGTERM)")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument(
        "--report", type=Path, nargs="+",
        help="print the tables of earlier runs' JSON files and exit (a later file's outcome of a mutant replaces an earlier one's)",
    )
    parser.add_argument("--skeleton", action="store_true", help="with --report: reviewed-list entries for its survivors")
    parser.add_argument("--out", type=Path, help="the JSON file (default: bench/results/mutation-<time>.json)")
    parser.add_argument(
        "--skip-judged", type=Path, nargs="+", metavar="JSON",
        help="leave out each mutant these earlier runs judged in a profile (go on where they stopped)",
    )
    args = parser.parse_args(argv)

    if args.report:
        record = rejudge(merge([json.loads(p.read_text()) for p in args.report]), load_reviewed())
        if args.skeleton:
            for o in record["outcomes"]:
                if o["status"] == "survived":
                    m = dict(o["mutant"])
                    print(toml_entry(Mutant(**m)))
            return 0
        print(tables(record))
        return 0

    servers = select_servers(args.servers)
    if not servers:
        parser.error(f"no server matches {args.servers!r}")
    sites, skipped = collect(servers)
    if args.operators:
        keep = [p.strip() for p in args.operators.split(",")]
        sites = [s for s in sites if any(fnmatch.fnmatch(s.operator, p) for p in keep)]
    reviewed = load_reviewed()
    if args.listed:
        # Making a mutant is cheap beside checking it: make them all, keep the listed ones.
        kinds = ("blind-spot", "equivalent") if args.listed == "any" else (args.listed,)
        files = {key[0] for key, listed in reviewed.items() if listed.kind in kinds}
        sites = [s for s in sites if relative(s.path) in files]
        mutants = [m for m in make_mutants(sites) if m.identity() in reviewed and reviewed[m.identity()].kind in kinds]
        if args.sample:
            mutants = mutants[: args.sample]
    else:
        if args.sample:
            sites = sample(sites, args.sample, args.sample_seed)
        mutants = make_mutants(sites)
    if args.list:
        for m in mutants:
            listed = reviewed.get(m.identity())
            print(f"{m.key}{'  [' + listed.kind + ']' if listed else ''}")
        print(f"{len(mutants)} mutants of {len(servers)} servers; {sum(skipped.values())} skipped (docstrings, print)")
        return 0
    profiles = ["default", "grading"] if args.profile == "both" else [args.profile]
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = args.out or RESULTS / f"mutation-{time.strftime('%Y%m%d-%H%M%S')}.json"
    print(f"{len(mutants)} mutants of {len(servers)} servers × {len(profiles)} profiles, seed {args.seed}; results: {out}")
    judged = judged_in(args.skip_judged or [])
    if args.skip_judged:
        left = sum((p, *m.identity()) not in judged for p in profiles for m in mutants)
        print(f"{len(mutants) * len(profiles) - left} already judged in {len(args.skip_judged)} earlier runs; {left} checks left")
    record = run(
        mutants, profiles, seed=args.seed, jobs=args.jobs, timeout=args.timeout, check_jobs=args.check_jobs,
        reviewed=reviewed, results=out, judged=judged,
    )
    record["skipped"] = skipped
    out.write_text(json.dumps(record, indent=1))
    print(tables(record))
    survivors = [o for o in record["outcomes"] if o["status"] == "survived"]
    return 1 if survivors else 0


def _interrupted(signum, _frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    signal.signal(signal.SIGTERM, _interrupted)
    signal.signal(signal.SIGHUP, _interrupted)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("stopped: the checks still running are being stopped", file=sys.stderr)
        stop_running()
        sys.exit(130)
