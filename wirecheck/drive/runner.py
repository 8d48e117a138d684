"""Run a protocol's checks against a target and return verdicts as data.

Each requirement is one Hypothesis run of its state machine (or one fixed scenario).
A failure is replayed before it is reported (by Hypothesis, with the standard's full waits,
and ``rechecks`` more times in the deep profile): one that comes back is a failure; one that
does not is still a failure — races are real bugs — but is reported as intermittent with
how often it showed, so it is never mistaken for a flaky suite."""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from hypothesis.database import DirectoryBasedExampleDatabase, InMemoryExampleDatabase

from protocols import Protocol

from ..core import timing
from ..harness import startup, zygote
from ..core.errors import ServerDidNotStart
from ..harness.launcher import STOP_GRACE, LaunchOptions, RunningServer
from . import edges, hypothesis_glue as glue
from .attempt import Attempt, Outcome, attempts, requirement_seed  # noqa: F401  - requirement_seed: where it was
from .machine import REPLY_DUE, SHRINK_REPLY_DUE, WITNESSES, AnswerWatch, MachineContext, ProtocolMachine, ServerSession, not_shown_detail
from .minimise import drop_clients, failure_signature  # noqa: F401  - failure_signature: where it was
from .profiles import Profile
from ..core.results import CheckResult, RequirementResult
from ..harness.target import Target


# V-BOUNDED: whatever the server does, a requirement's verdict comes within this many seconds
# (exploring, shrinking and the final replay together), and a whole protocol's within
# PROTOCOL_LIMIT.
REQUIREMENT_LIMIT = 60.0
PROTOCOL_LIMIT = 180.0
RESERVE_CAP = 20.0  # seconds at most kept back from exploring for a failure's shrink and replay


@dataclass(frozen=True)
class Check:
    """How one requirement is checked: a state machine explored by Hypothesis, or a fixed
    scenario (200 clients in a row, a shutdown) that needs no generated steps."""

    requirement: str
    machine: type[ProtocolMachine] | None = None
    scenario: Callable[[MachineContext], None] | None = None
    fresh_server: bool = False  # a new server for every example (stateful protocols)
    weight: float = 1.0  # scales the profile's number of examples
    max_steps: int | None = None
    # the server's clock is moved by clock_shift(now) seconds (a day of the month with one digit)
    clock_shift: Callable[[float], int] | None = None
    env: dict[str, str] | None = None  # set in the server's environment (SECRET, ...)
    # V-WITNESS: what the run must have shown for the requirement to hold (a kind of
    # wirecheck.drive.machine.WITNESSES): without it a run that found nothing is "not shown".
    witness: str | None = "answer"

    def __post_init__(self) -> None:
        if (self.machine is None) == (self.scenario is None):
            raise ValueError(f"{self.requirement}: a check is a machine or a scenario")


@dataclass
class RunOptions:
    profile: Profile
    seed: int
    env: dict[str, str] | None = None
    database_root: Path | None = None  # where failures are kept, per target; None: in memory
    time_limit: float | None = None  # wall-clock seconds for a whole protocol check
    isolation: str | None = None  # auto, unprivileged or off (see launcher.launch)
    netns: bool | None = None  # a network namespace of its own per target (see launcher.launch)
    python: str | None = None  # the interpreter the targets run under; None: wirecheck's own

    @property
    def launching(self) -> LaunchOptions:
        """How this run starts every server (the one launch path)."""
        return LaunchOptions(env=self.env, isolation=self.isolation, netns=self.netns, python=self.python)


def target_key(target: Target, protocol: str) -> str:
    return hashlib.sha256(f"{protocol}\0{target.path}".encode()).hexdigest()[:16]


def check_protocol(
    protocol: Protocol,
    checks: dict[str, Check],
    target: Target,
    options: RunOptions,
    only: set[str] | None = None,
    on_result: Callable[[RequirementResult], None] | None = None,
) -> CheckResult:
    """Every requirement of ``protocol`` against ``target``. A target that does not start
    gets ``error: server did not start`` for every requirement."""
    started = time.monotonic()
    # Stopping the last server (its SIGINT grace, then the kill) fits inside the limit.
    limit = protocol_limit(options)
    deadline = started + max(limit - STOP_GRACE - 1, limit / 2)

    try:
        address = probe(target, protocol, options)
    except ServerDidNotStart as exc:
        result = CheckResult.all_errors(protocol, target.display, options.seed, exc.detail(), exc.output, exc.fault)
        if only is not None:
            result.requirements = [r for r in result.requirements if r.id in only]
        result.seconds = time.monotonic() - started
        for item in result.requirements:
            if on_result:
                on_result(item)
        return result
    result = CheckResult(protocol.name, target.display, options.seed, address=address)
    for req in protocol.requirements:
        if only is not None and req.id not in only:
            continue
        check = checks.get(req.id)
        if check is None:
            item = RequirementResult(req.id, req.level, "skip", "no check for this requirement yet")
        elif deadline is not None and time.monotonic() > deadline:
            item = RequirementResult(req.id, req.level, "error", time_limit_detail(options))
        else:
            item = run_requirement(protocol, check, target, options, deadline)
        result.requirements.append(item)
        if on_result:
            on_result(item)
    result.seconds = time.monotonic() - started
    return result


def probe(target: Target, protocol: Protocol, options: RunOptions) -> str:
    """Start the target once and stop it: it starts (else ServerDidNotStart), and where it
    listened, as C-ADDR's line ("" when the course's client would find it). A fault of
    wirecheck's own bootstrap is retried once before it is reported (V-HERMETIC)."""
    for attempt in (1, 2):
        try:
            server = options.launching.start(target, protocol.transport)
        except ServerDidNotStart as exc:
            if exc.fault == "wirecheck" and attempt == 1:
                continue
            raise
        ended = server.ended_on_its_own()
        server.stop()
        if ended == 0:
            # It listened (or bound) and then ran to its end without an error: it never
            # served, as a server that exited before it listened (C-START).
            raise ServerDidNotStart(
                "it exited with status 0 right after it listened",
                server.output.text(),
                "your server exited (status 0) right after it listened, before serving anyone: "
                "is its serving loop ever entered (its `while` condition, `main()` called)?",
            )
        found = server.address
        return startup.address_note(protocol.port, found.family, found.asked, found.connect_to)
    raise AssertionError("unreachable")  # pragma: no cover


def protocol_limit(options: RunOptions) -> float:
    """Seconds for a whole protocol's check: the run's own limit, at most PROTOCOL_LIMIT."""
    return min(options.time_limit, PROTOCOL_LIMIT) if options.time_limit else PROTOCOL_LIMIT


def time_limit_detail(options: RunOptions) -> str:
    return f"time limit: the check did not finish within {protocol_limit(options):g} s"


REQUIREMENT_LIMIT_DETAIL = (
    f"time limit: not one example of this requirement's check finished within its {REQUIREMENT_LIMIT:g} s"
)


WIRECHECK_FAULT = "wirecheck fault (not your server's; ungraded)"
# A server that answers correctly but so slowly (each reply within C-TIME's 2 s) that the
# check cannot reach what it must show within V-BOUNDED's time: ungraded, never retried.
TOO_SLOW_TO_CHECK = (
    "ungraded: your server answered correctly, but so slowly that this requirement's check "
    "could not finish within its"
)


def run_requirement(
    protocol: Protocol,
    check: Check,
    target: Target,
    options: RunOptions,
    deadline: float | None = None,
    start: Callable[[], RunningServer] | None = None,
) -> RequirementResult:
    """One requirement's verdict. Its servers start as ``options`` say, with the check's own
    environment and clock (``start`` replaces that only in tests of the runner itself). A fault of wirecheck itself (an exception that is neither a
    violation nor the server's doing) is never charged to the student: the check is run once
    more, and when the fault persists the verdict is ``error`` with ``fault="wirecheck"``."""
    first = _run_once(protocol, check, target, options, start, deadline)
    if first.verdict != "error" or first.fault != "wirecheck" or first.detail.startswith(TOO_SLOW_TO_CHECK):
        return first
    if deadline is not None and time.monotonic() > deadline:
        return first
    again = _run_once(protocol, check, target, options, start, deadline)
    if again.verdict == "error" and again.fault == "wirecheck":
        seconds = first.seconds + again.seconds
        return RequirementResult(
            again.id, again.level, "error", f"{WIRECHECK_FAULT}, twice: {again.detail}", None, again.server_output, seconds,
            fault="wirecheck",
        )
    return again


def _run_once(protocol, check, target, options, start, deadline) -> RequirementResult:
    # A check that starts a server per example forks them from a zygote (wirecheck.harness.zygote).
    with zygote.zygotes() if check.fresh_server else contextlib.nullcontext():
        return _run_requirement(protocol, check, target, options, start, deadline)


def _run_requirement(
    protocol: Protocol,
    check: Check,
    target: Target,
    options: RunOptions,
    start: Callable[[], RunningServer] | None,
    deadline: float | None = None,
) -> RequirementResult:
    req = protocol.requirement(check.requirement)
    begun = time.monotonic()
    # The requirement's own bound, within the protocol's: stopping the last server (its
    # SIGINT grace, then the kill) fits inside it.
    own = begun + REQUIREMENT_LIMIT - STOP_GRACE - 1
    protocol_bound = deadline is not None and deadline < own
    deadline = own if deadline is None else min(deadline, own)
    shift = check.clock_shift(time.time()) if check.clock_shift else 0
    if start is None:
        start = options.launching.starter(target, protocol.transport, extra_env=check.env, clock_shift=shift)
    session = ServerSession(start, check.fresh_server)
    steps = check.max_steps or options.profile.steps
    # Time kept back for what follows the last new example: one shrink attempt and the final
    # replay of the shrunk steps with the standard's full waits. That replay waits in full only
    # up to the failure (the rest of the example is not waited for), so the reserve is capped:
    # a correct server's exploration is not cut shorter than it needs to be.
    reserve = min(steps * (REPLY_DUE + SHRINK_REPLY_DUE) + 2, RESERVE_CAP)
    explore_until = max(begun + (deadline - begun) / 3, deadline - reserve)
    context = MachineContext(protocol, req.id, session, clock_shift=shift, deadline=deadline, explore_until=explore_until)
    context.limit_detail = time_limit_detail(options) if protocol_bound else REQUIREMENT_LIMIT_DETAIL
    database = _database(target, protocol, options)
    attempt = attempts(check, context, options.profile, options.seed, req.id, database, reserve)
    timing.begin_requirement(
        protocol.name, req.id, target.display, str(target.path), protocol.transport.value, check.fresh_server,
        {**(options.env or {}), **(check.env or {})}, shift,
    )
    verdict = "error"
    try:
        # V-EDGE: the edge cases of the requirement's rule first, then the random examples.
        def edge_check(play):
            return attempts(replace(check, machine=None, scenario=play), context, options.profile, options.seed, req.id, database, reserve)

        first, attempt = edges.explore(check, attempt, edge_check, context.answers.forget_misses)
        if first.outcome is Outcome.OUT_OF_TIME:
            if check.witness is None or check.witness in context.witnesses:
                first = Attempt.passed()  # out of time with nothing broken, and its witness shown: it holds
            elif context.answers.answered:
                # Readable answers, nothing broken, but too slow for the check to reach its
                # witness in its time: the check's limit, not the server's fault.
                witness = WITNESSES.get(check.witness, check.witness)
                first = Attempt.wirecheck_fault(f"{TOO_SLOW_TO_CHECK} {REQUIREMENT_LIMIT:g} s ({witness} in that time)")
        if first.outcome is Outcome.PASSED:
            if check.witness and check.witness not in context.witnesses:
                # V-WITNESS: nothing broke, but nothing was shown either.
                verdict = "not shown"
                detail = not_shown_detail(check.witness, req.id, context.cut_short)
                return RequirementResult(req.id, req.level, "not shown", detail, None, session_output(session), time.monotonic() - begun)
            verdict = "pass"
            return RequirementResult(req.id, req.level, "pass", "", seconds=time.monotonic() - begun)
        if first.outcome is Outcome.NOT_SHOWN:
            verdict = "not shown"
            session.close()
            return RequirementResult(
                req.id, req.level, "not shown", first.detail + session.incidents(), None,
                session_output(session), time.monotonic() - begun,
            )
        if first.cut_short:
            session.close()  # stopped servers tell what their limits stopped
            detail = first.detail + session.incidents()
            return RequirementResult(
                req.id, req.level, "error", detail, None, first.output, time.monotonic() - begun, fault=first.fault
            )
        verdict = "fail"
        output = session.failing_output if session.failing_output is not None else session_output(session)
        violation, blob = first.violation, first.blob
        context.explore_until = None  # the replays below are not new examples
        if not first.flaky:
            # A failure that came back in Hypothesis's own replay: clients that play no
            # part in it are left out of what is shown (an intermittent one is shown as
            # Hypothesis gave it).
            fewer = drop_clients(attempt, context, first, options.profile, deadline - reserve)
            if fewer is not None:
                violation, output, blob = fewer
        # The shrunk steps were run once more by Hypothesis itself (a Flaky error when they
        # passed), then replayed ``rechecks`` times here (with the clients left out).
        replays_made = 0
        failed = 0 if first.flaky else 1
        timing.rechecking()
        # The rechecks replay a failure already seen: no early end for a server without an
        # answer (its replay would end before failing, and read as a race).
        context.answers = AnswerWatch(answered=True)
        for _ in range(options.profile.rechecks):
            if time.monotonic() > explore_until:
                break  # V-BOUNDED: the verdict stands on the replays made so far
            session.shrinking = False
            outcome = attempt(replay=True, blob=blob)
            if outcome.cut_short:
                break  # cut short (its time ran out, its server did not start): no verdict
            replays_made += 1
            if outcome.outcome is Outcome.VIOLATED:
                failed += 1
        session.close()
        detail = violation.got + session.incidents()
        replays = 1 + replays_made
        # A failure that did not come back every time is intermittent (a race: it may earn
        # a share of its points) only for a server that showed, at least once, what the
        # requirement asks for; one that never did has no passing run to be intermittent with.
        if failed < replays and (check.witness is None or check.witness in context.witnesses):
            detail = f"intermittent: the same steps failed again in {failed} of {replays} replays — {detail}"
        return RequirementResult(
            req.id,
            req.level,
            "fail",
            detail,
            violation.counterexample(),
            output,
            time.monotonic() - begun,
            replay=getattr(violation, "replay", None),
        )
    finally:
        session.close()
        timing.end_requirement(verdict, time.monotonic() - begun)


def session_output(session: ServerSession) -> str:
    """What the last server of the check printed (the one that showed the failure)."""
    return session.servers[-1].output.text() if session.servers else ""


def _database(target: Target, protocol: Protocol, options: RunOptions):
    if options.database_root is None or not options.profile.persistent_database:
        return InMemoryExampleDatabase()
    return DirectoryBasedExampleDatabase(str(options.database_root / target_key(target, protocol.name)))


CACHE_VARIABLE = "WIRECHECK_CACHE"  # the cache's folder, or "off"
DATABASE_VARIABLE = "WIRECHECK_DATABASE"  # the example database alone, elsewhere
_GITIGNORE = "# Created by wirecheck: its cache, never to be committed.\n*\n"


def cache_root() -> Path | None:
    """The folder of wirecheck's cache in the folder it runs in (``.wirecheck``), another
    (WIRECHECK_CACHE=path), or None (WIRECHECK_CACHE=off: nothing kept between runs)."""
    chosen = os.environ.get(CACHE_VARIABLE, "").strip()
    if chosen.lower() in ("off", "0", "no", "none"):
        return None
    return Path(chosen or ".wirecheck")


def default_database_root() -> Path | None:
    """Where failures are kept between runs (None: in memory only)."""
    if os.environ.get(DATABASE_VARIABLE):
        return Path(os.environ[DATABASE_VARIABLE])
    root = cache_root()
    return None if root is None else root / "examples"


def prepare_cache(hypothesis_files: bool = True) -> Path | None:
    """Make the cache's folder carry its own ``.gitignore`` (``*``), as pytest's does, and
    put Hypothesis's own files (its ``.hypothesis`` folder) inside it, so that a run leaves
    nothing else in the folder it ran in — a student's repository, usually. With the cache
    off, Hypothesis's files go to a private temporary folder removed at exit. Inside pytest
    (``hypothesis_files=False``) Hypothesis's folder is the session's to choose."""
    root = cache_root()
    if root is None and not hypothesis_files:
        return None
    if root is None:
        import atexit
        import shutil
        import tempfile

        scratch = tempfile.mkdtemp(prefix="wirecheck-hypothesis-")
        atexit.register(shutil.rmtree, scratch, True)
        glue.use_home(scratch)
        return None
    root.mkdir(parents=True, exist_ok=True)
    ignore = root / ".gitignore"
    if not ignore.exists():
        ignore.write_text(_GITIGNORE, encoding="utf-8")
    if hypothesis_files:
        glue.use_home(str(root / "hypothesis"))
    return root
