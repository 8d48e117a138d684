"""Does a shown failure read as the bug? For every buggy fixture server (the BUGGY entries of
``tests/selftest/servers/<protocol>/manifest.py``) and every requirement it is meant to fail,
the check is run as ``wirecheck check`` runs it (default profile, an example database in
memory) on two seeds, and the failure's shown sequence is compared with the shortest one we
could write by hand for that bug (``HAND`` below).

    python bench/shown_length.py                        # every protocol, seeds 1 and 2
    python bench/shown_length.py clock swap --seeds 3

"Length" is what a student reads: the numbered steps of the text report (``wirecheck.render.report.
counterexample_lines``); the clients are the distinct ``client N`` those steps name. Beside
it, the length Hypothesis itself gave before clients that play no part were left out
(``wirecheck.drive.runner.drop_clients``). A requirement that is not a failure with a shown
sequence (``not shown``, an error, a fixed scenario such as CLOCK-5's 200 clients in a row)
is listed but not counted. Run by hand, one check at a time; the table goes in
bench/README.md."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from protocols import get_protocol  # noqa: E402
from wirecheck.checks import checks_for  # noqa: E402
from wirecheck.drive import runner  # noqa: E402
from wirecheck.drive.profiles import get_profile  # noqa: E402
from wirecheck.harness.target import resolve_target  # noqa: E402
from wirecheck.render.report import counterexample_lines  # noqa: E402

SERVERS = ROOT / "tests" / "selftest" / "servers"

# The shortest sequence we could write by hand for each bug, in the checks' own steps:
# (protocol, fixture, requirement) -> (steps, clients, the sequence in words). A fixture's
# "*" stands for any fixture of the protocol with that requirement not named on its own.
# The clock family's checks on a day of the month with two digits add a first line (the
# server's clock is set back); these counts are for a day with one digit.
S = "the server runs with SECRET=…"  # the first line of every guess and guess-web sequence
HAND: dict[tuple[str, str, str], tuple[int, int, str]] = {
    ("clock", "*", "CLOCK-1"): (3, 1, "client 1 connects · sends the request · waits for the reply (not the time)"),
    ("clock", "*", "CLOCK-2"): (4, 1, "client 1 connects · sends part of the request · sends the rest · waits (no reply without EOF)"),
    ("clock", "buggy_recv1024_early_reply.py", "CLOCK-2"): (2, 1, "client 1 connects · sends part of the request (answered before byte 25)"),
    ("clock", "*", "CLOCK-3"): (3, 1, "client 1 connects · sends a request · waits for the reply (not ctime)"),
    ("clock", "*", "CLOCK-4"): (3, 1, "client 1 connects · asks · waits for the reply (the connection stays open)"),
    ("clock", "*", "CLOCK-5"): (1, 1, "client N asks (after N − 1 served, no reply)"),
    ("clock", "*", "CLOCK-6"): (2, 2, "client 1 connects and resets (or closes at once) · client 2 asks (no reply)"),
    ("clock", "*", "CLOCK-7"): (3, 1, "client 1 connects · asks · waits (no reply at all)"),
    ("clock", "buggy_sequential_tcpserver.py", "CLOCK-7"): (4, 2, "client 1 connects and says nothing · client 2 connects · asks · waits"),
    ("clock-udp", "*", "UDP-1"): (3, 1, "client 1 opens a socket · sends the datagram · waits for its reply"),
    ("clock-udp", "*", "UDP-2"): (3, 1, "client 1 opens a socket · sends the datagram · waits for its reply (none)"),
    ("clock-unix", "*", "UNIX-1"): (3, 1, "client 1 connects · sends the request · waits for the reply"),
    ("clock-unixdgram", "*", "UNIXD-1"): (3, 1, "client 1 opens a socket · sends the datagram · waits for its reply"),
    ("clock-fork", "*", "FORK-1"): (3, 1, "client 1 connects · sends · waits for its reply (wrong, or none)"),
    ("clock-fork", "buggy_answers_first_exchange_only.py", "FORK-1"): (5, 1, "client 1 connects · sends · waits · sends again · waits (no second reply)"),
    ("clock-fork", "*", "FORK-2"): (3, 1, "client 1 connects · sends one request · waits for its reply"),
    ("clock-fork", "buggy_recv1024.py", "FORK-2"): (2, 1, "client 1 connects · sends part of a request (answered before byte 25)"),
    ("clock-fork", "buggy_recv25.py", "FORK-2"): (2, 1, "client 1 connects · sends part of a request (answered before byte 25)"),
    ("clock-fork", "*", "FORK-3"): (3, 1, "client 1 connects · sends · waits for its reply (no child process serves it)"),
    ("clock-fork", "*", "FORK-4"): (4, 1, "client 1 connects · sends · waits for its reply · closes (its process stays)"),
    ("clock-fork", "*", "FORK-5"): (4, 1, "client 1 connects · sends · waits for its reply · closes (its child is never reaped)"),
    ("clock-fork", "*", "FORK-6"): (3, 1, "client 1 connects · sends · ctrl-C (a process is left)"),
    ("clock-fork", "*", "FORK-7"): (4, 2, "client 1 connects · closes at once · client 2 connects · sends (no reply)"),
    ("clock-fork", "*", "FORK-8"): (3, 1, "client 1 connects · sends · waits for its reply (none)"),
    ("guess", "*", "GUESS-1"): (3, 1, f"{S} · client 1 connects · guesses a wrong number (the answer is not `wrong`)"),
    ("guess", "*", "GUESS-2"): (4, 1, f"{S} · client 1 connects · guesses the secret · reads its reply (not `right`)"),
    ("guess", "*", "GUESS-3"): (5, 2, f"{S} · client 1 connects · client 2 connects · client 2 guesses the secret → `right` · client 1 guesses (not `secret found`)"),
    ("guess", "*", "GUESS-4"): (4, 2, f"{S} · clients 1 and 2 guess the secret at the same moment · client 1 is told `right` · client 2 reads its reply (`right` too)"),
    ("guess", "*", "GUESS-5"): (3, 1, f"{S} · client 1 connects · guesses SECRET (told `wrong`)"),
    ("guess", "*", "GUESS-6"): (3, 1, f"{S} · client 1 connects · sends part of a guess (answered before its last byte)"),
    ("guess", "buggy_banner_first.py", "GUESS-6"): (2, 1, f"{S} · client 1 connects (answered before it sends)"),
    # No early answer here but none at all: the failure is the wait (as CLOCK-2's is).
    ("guess", "buggy_never_answers.py", "GUESS-6"): (4, 1, f"{S} · client 1 connects · guesses · waits (no reply without EOF)"),
    ("guess", "*", "GUESS-7"): (3, 1, f"{S} · client 1 connects · guesses something that is not a number (no `wrong`)"),
    ("guess", "buggy_no_found_state.py", "GUESS-7"): (4, 1, f"{S} · client 1 connects · guesses the secret → `right` · guesses a non-number (not `secret found`)"),
    ("guess", "*", "GUESS-8"): (4, 1, f"{S} · client 1 connects · guesses · reads its reply"),
    ("guess-web", "*", "WGUESS-1"): (3, 1, f"{S} · client 1 connects · sends GET /<a word> (the answer is not `wrong`)"),
    ("guess-web", "buggy_no_found_state.py", "WGUESS-1"): (6, 2, f"{S} · client 1 connects · GET /<secret> → right · client 2 connects · GET /<word> · reads its reply"),
    ("guess-web", "*", "WGUESS-2"): (4, 1, f"{S} · client 1 connects · sends GET /<a word> · reads the response"),
    ("guess-web", "*", "WGUESS-3"): (4, 1, f"{S} · client 1 connects · sends a request · reads the response"),
    ("guess-web", "*", "WGUESS-4"): (4, 1, f"{S} · client 1 connects · sends GET /<markup> · reads the page (unescaped)"),
    ("guess-web", "*", "WGUESS-5"): (5, 2, f"{S} · client 1 sends a malformed request · client 2 connects · sends GET /… · waits for its reply"),
    ("guess-web", "buggy_echoes_request.py", "WGUESS-5"): (4, 2, f"{S} · client 1 sends a malformed request · client 2 connects · sends GET /… (no HTTP response)"),
    ("guess-web", "*", "WGUESS-6"): (2, 1, f"{S} · client 1 connects, sends part of a request and waits"),
    ("hello-web", "*", "WEB-1"): (1, 1, "client 1 sends GET / (no page)"),
    ("hello-web", "buggy_course_version.py", "WEB-1"): (1, 1, "client 1 sends GET /index.html (HTTP/1.1, as a browser does)"),
    ("hello-web", "*", "WEB-2"): (1, 1, "client 1 sends GET / (no Content-Type)"),
    ("hello-web", "*", "WEB-3"): (1, 1, "client 1 sends GET /<a path that does not exist> (not 404)"),
    ("hello-web", "*", "WEB-4"): (1, 1, "client 1 sends GET /<markup> (reflected unescaped)"),
    ("hello-web", "*", "WEB-5"): (2, 2, "client 1 sends a malformed request · client 2 sends GET / (no page)"),
    ("hello-web", "*", "WEB-6"): (2, 2, "client 1 connects, sends part of a request and waits · client 2 sends GET / (no response)"),
    ("swap", "*", "SWAP-1"): (4, 2, "client 1 connects · sends · client 2 connects · sends"),
    ("swap", "*", "SWAP-2"): (2, 1, "client 1 connects · sends its message (it comes back to it)"),
    ("swap", "buggy_sends_twice.py", "SWAP-2"): (4, 2, "client 1 connects · sends · client 2 connects · sends (a message twice)"),
    ("swap", "*", "SWAP-3"): (5, 3, "client 1 connects · sends · clients 2 and 3 connect · send at the same moment"),
    ("swap", "*", "SWAP-4"): (2, 1, "client 1 connects · sends its message (an answer before a partner)"),
    ("swap", "buggy_never_answers.py", "SWAP-4"): (4, 2, "client 1 connects · sends · client 2 connects · sends (no swap)"),
    ("swap", "*", "SWAP-5"): (6, 3, "clients 1, 2, 3 connect · 2 and 3 send · 1 sends last (served last in, first out)"),
    ("swap", "*", "SWAP-6"): (5, 2, "client 1 connects · sends · disconnects while it waits · client 2 connects · sends"),
    ("swap", "*", "SWAP-7"): (2, 1, "client 1 connects · sends the first byte of its message (answered early)"),
    ("swap", "buggy_recv25_once.py", "SWAP-7"): (5, 2, "client 1 connects · sends a piece · sends the rest · client 2 connects · sends a piece"),
    ("swap", "*", "SWAP-8"): (5, 3, "client 1 misbehaves (closes at once, or sends part) · clients 2 and 3 connect and send (no swap)"),
    ("swap", "buggy_dies_on_partial.py", "SWAP-8"): (2, 2, "client 1 connects and closes at once · client 2 connects (refused: the server died)"),
    ("swap", "*", "SWAP-9"): (5, 3, "clients 1, 2, 3 connect · 2 and 3 send (1 stays silent: they are not paired)"),
}


def hand(protocol: str, fixture: str, requirement: str) -> tuple[int, int, str] | None:
    return HAND.get((protocol, fixture, requirement)) or HAND.get((protocol, "*", requirement))


def buggy_fixtures(protocols: list[str] | None) -> list[tuple[str, Path, list[str]]]:
    found = []
    for folder in sorted(p for p in SERVERS.iterdir() if (p / "manifest.py").is_file()):
        protocol = folder.name.replace("_", "-")
        if protocols and protocol not in protocols:
            continue
        spec = importlib.util.spec_from_file_location(f"manifest_{folder.name}", folder / "manifest.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name, ids in sorted(getattr(module, "BUGGY", {}).items()):
            found.append((protocol, folder / name, sorted(ids)))
    return found


def length(counterexample: str | None) -> tuple[int, int]:
    """(numbered steps, clients named in them) of a counterexample as the text report shows it."""
    if not counterexample:
        return 0, 0
    steps = [line for line in counterexample_lines(counterexample) if re.match(r"\s*\d+\. ", line)]
    clients = {n for line in steps for n in re.findall(r"\bclient (\d+)\b", line)}
    return len(steps), len(clients)


class Before:
    """What Hypothesis showed before clients were left out, per requirement."""

    def __init__(self) -> None:
        self.shown: dict[str, str] = {}
        self._real = runner.drop_clients

    def __enter__(self):
        def watched(attempt, context, first, profile, until):
            self.shown[context.focus] = first.violation.counterexample()
            return self._real(attempt, context, first, profile, until)

        runner.drop_clients = watched
        return self

    def __exit__(self, *exc) -> None:
        runner.drop_clients = self._real


def measure(protocols: list[str] | None, seeds: list[int], only: set[str] | None = None) -> list[dict]:
    """Every buggy fixture's failures, checked: one row per (fixture, requirement, seed)."""
    profile = get_profile("default")
    rows = []
    for protocol, path, requirements in buggy_fixtures(protocols):
        if only and f"{protocol}/{path.name}" not in only:
            continue
        target = resolve_target(path)
        for seed in seeds:
            options = runner.RunOptions(profile=profile, seed=seed)
            began = time.monotonic()
            with Before() as before:
                result = runner.check_protocol(get_protocol(protocol), checks_for(protocol), target, options, only=set(requirements))
            for item in result.requirements:
                rows.append({
                    "protocol": protocol, "fixture": path.name, "requirement": item.id, "seed": seed,
                    "verdict": item.verdict, "shown": item.counterexample, "given": before.shown.get(item.id),
                    "seconds": round(item.seconds, 2),
                })
            print(f"{protocol}/{path.name} seed {seed}: {time.monotonic() - began:.0f} s", file=sys.stderr, flush=True)
    return rows


def table(rows: list[dict], seeds: list[int], examples: bool = False) -> str:
    """The markdown table, the count of equal rows and what is longer."""
    lines = [
        "| protocol | fixture | requirement | by hand | " + " | ".join(f"seed {s}: shown (Hypothesis's)" for s in seeds) + " | equal |",
        "|---|---|---|---|" + "---|" * len(seeds) + "---|",
    ]
    by_key: dict[tuple, dict[int, dict]] = {}
    for row in rows:
        by_key.setdefault((row["protocol"], row["fixture"], row["requirement"]), {})[row["seed"]] = row
    equal = counted = 0
    longer = []
    for (protocol, fixture, req), runs in by_key.items():
        want = hand(protocol, fixture, req)
        cells, same, judged = [], 0, 0
        for seed in seeds:
            row = runs.get(seed)
            if row is None:
                cells.append("")
                continue
            if row["verdict"] != "fail" or not row["shown"]:
                cells.append(row["verdict"])
                continue
            steps, clients = length(row["shown"])
            given = row.get("given")
            cells.append(f"{steps}/{clients}" + (f" ({length(given)[0]}/{length(given)[1]})" if given and given != row["shown"] else ""))
            if want is not None:
                judged += 1
                if steps <= want[0]:
                    same += 1
                else:
                    longer.append(f"{protocol}/{fixture} {req} seed {seed} ({steps} steps, by hand {want[0]}): {row['shown']}")
        equal += same
        counted += judged
        by_hand = f"{want[0]}/{want[1]}" if want else "?"
        lines.append(f"| {protocol} | {fixture} | {req} | {by_hand} | " + " | ".join(cells) + f" | {f'{same}/{judged}' if judged else '—'} |")
        if examples:
            lines += [f"    seed {seed}: {run['shown']}" for seed, run in sorted(runs.items()) if run["shown"]]
    lines.append("")
    lines.append(f"equal (or shorter) for {equal} of {counted} shown sequences")
    lines += [f"longer: {line}" for line in longer]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("protocols", nargs="*")
    parser.add_argument("--seeds", default="1,2", help="comma-separated seeds")
    parser.add_argument("--only", default="", help="comma-separated protocol/fixture.py to check (default: all)")
    parser.add_argument("--save", metavar="FILE", help="also write the rows measured, as JSON")
    parser.add_argument("--load", metavar="FILE", action="append", default=[], help="print the table of rows saved before (no checks run)")
    parser.add_argument("--examples", action="store_true", help="print each shown sequence too")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    if args.load:
        rows = [row for name in args.load for row in json.loads(Path(name).read_text())]
        print(table(rows, seeds, args.examples))
        return 0
    began = time.monotonic()
    print(f"# {time.strftime('%Y-%m-%d %H:%M')} — load {os.getloadavg()[0]:.1f} — default profile, seeds {args.seeds}")
    rows = measure(args.protocols or None, seeds, {o for o in args.only.split(",") if o} or None)
    if args.save:
        Path(args.save).write_text(json.dumps(rows, indent=1))
    print(table(rows, seeds, args.examples))
    print(f"{time.monotonic() - began:.0f} s; load at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    from wirecheck.harness.ending import run_to_the_end

    # SIGTERM, SIGHUP and ctrl-C end the servers this started and remove its folders.
    sys.exit(run_to_the_end(main))
