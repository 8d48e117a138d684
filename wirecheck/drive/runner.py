"""Run a protocol's checks against a target and return verdicts as data.

Each requirement is one Hypothesis run of its state machine (or one fixed scenario).
A failure is replayed before it is reported (by Hypothesis, with the standard's full waits,
and ``rechecks`` more times in the deep profile): one that comes back is a failure; one that
does not is still a failure — races are real bugs — but is reported as intermittent with
how often it showed, so it is never mistaken for a flaky suite."""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import inspect
import re
import os
import time
import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import hypothesis
import hypothesis.internal.conjecture.engine as _engine
from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis.database import DirectoryBasedExampleDatabase, InMemoryExampleDatabase
from hypothesis.core import encode_failure
from hypothesis.errors import DidNotReproduce, Flaky
from hypothesis.reporting import with_reporter
from hypothesis.stateful import get_state_machine_test

from protocols import Protocol

from ..core import timing
from ..harness import zygote
from ..core.errors import ServerDidNotStart
from ..harness.launcher import STOP_GRACE, LaunchOptions, RunningServer
from . import edges
from .machine import REPLY_DUE, SHRINK_REPLY_DUE, WITNESSES, AnswerWatch, MachineContext, NoAnswer, ProtocolMachine, ServerSession, TimeLimitReached, Violation, not_shown_detail
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


def requirement_seed(seed: int, protocol: str, requirement: str) -> int:
    """Each requirement's own stream of examples, fixed by the run's seed."""
    digest = hashlib.sha256(f"{seed}:{protocol}:{requirement}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


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
        options.launching.start(target, protocol.transport).stop()
    except ServerDidNotStart as exc:
        result = CheckResult.all_errors(protocol, target.display, options.seed, exc.detail(), exc.output)
        if only is not None:
            result.requirements = [r for r in result.requirements if r.id in only]
        result.seconds = time.monotonic() - started
        for item in result.requirements:
            if on_result:
                on_result(item)
        return result
    result = CheckResult(protocol.name, target.display, options.seed)
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
    attempt = _attempt(check, context, options, req.id, database, reserve)
    timing.begin_requirement(
        protocol.name, req.id, target.display, str(target.path), protocol.transport.value, check.fresh_server,
        {**(options.env or {}), **(check.env or {})}, shift,
    )
    verdict = "error"
    try:
        # V-EDGE: the edge cases of the requirement's rule first, then the random examples.
        edge_check = lambda play: _attempt(replace(check, machine=None, scenario=play), context, options, req.id, database, reserve)  # noqa: E731
        first, attempt = edges.explore(check, attempt, edge_check)
        if isinstance(first, _Error) and first.time_up:
            if check.witness is None or check.witness in context.witnesses:
                first = None  # out of time with nothing broken, and its witness shown: it holds
            elif context.answers.answered:
                # Readable answers, nothing broken, but too slow for the check to reach its
                # witness in its time: the check's limit, not the server's fault.
                witness = WITNESSES.get(check.witness, check.witness)
                first = _Error(f"{TOO_SLOW_TO_CHECK} {REQUIREMENT_LIMIT:g} s ({witness} in that time)", fault="wirecheck")
        if first is None:
            if check.witness and check.witness not in context.witnesses:
                # V-WITNESS: nothing broke, but nothing was shown either.
                verdict = "not shown"
                detail = not_shown_detail(check.witness, req.id, context.cut_short)
                return RequirementResult(req.id, req.level, "not shown", detail, None, session_output(session), time.monotonic() - begun)
            verdict = "pass"
            return RequirementResult(req.id, req.level, "pass", "", seconds=time.monotonic() - begun)
        if isinstance(first, _NotShown):
            verdict = "not shown"
            session.close()
            return RequirementResult(
                req.id, req.level, "not shown", first.detail + session.incidents(), None,
                session_output(session), time.monotonic() - begun,
            )
        if isinstance(first, _Error):
            session.close()  # stopped servers tell what their limits stopped
            detail = first.detail + session.incidents()
            return RequirementResult(
                req.id, req.level, "error", detail, None, first.output, time.monotonic() - begun, fault=first.fault
            )
        verdict = "fail"
        output = session.failing_output if session.failing_output is not None else session_output(session)
        violation = first.violation
        context.explore_until = None  # the replays below are not new examples
        if not first.flaky:
            # A failure that came back in Hypothesis's own replay: clients that play no
            # part in it are left out of what is shown (an intermittent one is shown as
            # Hypothesis gave it).
            fewer = drop_clients(attempt, context, first, options.profile, deadline - reserve)
            if fewer is not None:
                violation, output, first.blob = fewer
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
            outcome = attempt(replay=True, blob=first.blob)
            if isinstance(outcome, _Error):
                break  # cut short (its time ran out, its server did not start): no verdict
            replays_made += 1
            if isinstance(outcome, Violation):
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


_CLIENT_OR_NUMBER = re.compile(r"\bclient (\d+)\b|\d+")
# A live process's scheduling state (sleeping, running) is the moment's, not the failure's;
# a zombie, or a process gone, is what some failures are about.
_LIVE_STATE = re.compile(r"\(state: (?!zombie\b|gone\b)[a-z -]+")
# The same bytes over and over (a server that spins sends `wrong` until it is stopped) came
# as often as time allowed: how many times is the moment's too.
_REPEATED = re.compile(r"([A-Za-z]{2,}?)\1+")
_TRUNCATED = re.compile(r"…? \(\+\d+ bytes\)")  # how much more of them came, beyond what is quoted


def failure_signature(violation: Violation, renumber: Callable[[int], int | None] = lambda n: n) -> tuple:
    """How a failure fails: its requirement, its judge, what was expected and what came,
    with the clients renumbered by ``renumber`` (None: a client left out), every other
    number (a time of day, a byte count, a process) blanked, a live process's scheduling
    state told as "live" and a word sent over and over told once. What came is part of it: a
    left-out client receives nothing, and a failure that is about what it did not receive
    must not pass for the one that was shown."""

    def text(value: str) -> str:
        def one(match: re.Match) -> str:
            if match.group(1) is None:
                return "#"
            return f"client <{renumber(int(match.group(1)))}>"

        value = _REPEATED.sub(r"\1…", _LIVE_STATE.sub("(state: live", _TRUNCATED.sub("", value)))
        return _CLIENT_OR_NUMBER.sub(one, value)

    judge = dict((getattr(violation, "replay", None) or {}).get("judge") or {})
    if isinstance(judge.get("client"), int):
        judge["client"] = renumber(judge["client"])
    if "clients" in judge:
        judge["clients"] = [renumber(n) for n in judge["clients"]]
    return violation.requirement, repr(sorted(judge.items(), key=lambda kv: kv[0])), text(violation.expected), _headline(text(violation.got))


_LIST = re.compile(r"#(?:, #)*(?: and #)?")


def _headline(got: str) -> str:
    """What came, told the same whatever the number of clients it lists: the first of a
    list of findings ("child … serving client 1; child … serving client 2"), and a list of
    numbers or one number alike ("serving clients 1, 2 and 3", "it is" or "they are"). Which
    client it names is left to the judge and to what was expected."""
    first = got.split("; ", 1)[0]
    first = re.sub(r"\b(it is|they are)\b", "are", first)
    first = re.sub(r"\bclients? (<[^>]*>|#)", "client #", first)
    return _LIST.sub("#", first)


def shown_clients(violation: Violation) -> list[int]:
    """The clients of a failure's shown sequence, by number (their place in connect order)."""
    if getattr(violation, "clients", None) is not None:
        return list(violation.clients)
    replay = getattr(violation, "replay", None) or {}
    return sorted({a["client"] for a in replay.get("actions", ()) if a.get("do") in ("connect", "open")})


def judged_clients(violation: Violation) -> set[int]:
    judge = (getattr(violation, "replay", None) or {}).get("judge") or {}
    named = [judge.get("client")] + list(judge.get("clients", ()))
    return {n for n in named if isinstance(n, int)}


def drop_clients(attempt, context: MachineContext, first: "_Failure", profile: Profile, until: float):
    """The failure with the clients, then the steps, that play no part in it left out, as
    (violation, server output, blob); None to show it as Hypothesis gave it.

    Hypothesis shrinks the draws of an example; a client is not one draw but every step that
    picked it, and a pick is a number counted round the clients of the moment, so deleting
    the step that opened a client re-aims every later pick — its shrinker seldom finds a
    sequence without the client within its time. Here each client of the shown sequence in
    turn, the most recent first, becomes a ghost (the model keeps it, so every draw picks as
    before; the server never sees it) and the same draws are replayed. Then each step that
    said something, the last first, is deleted from the draws (one Hypothesis step, as its
    shrinker deletes one) and replayed. A change stays when the same requirement fails the
    same way (``failure_signature``, the clients renumbered) with fewer clients or fewer
    steps and never more; otherwise it is undone. The trials wait ``SHRINK_REPLY_DUE`` for a
    due reply; what is kept is replayed once more with the standard's full waits, and shown
    only when it fails the same way again — when in doubt, the sequence Hypothesis gave.
    Bounded by the profile's ``drop_runs`` and ``drop_seconds``, and by ``until``. Last,
    values inside the steps kept are simplified one choice at a time (``_next_value``: a
    pause drawn with a send set to its first, zero, value; the number of racers to its
    least) under the same rule, within ``value_runs`` and ``value_seconds``."""
    violation = first.violation
    blob = first.blob
    if blob is None and violation.choices is not None:
        # A check ended early (V-BOUNDED: a server with no readable answer) shows its first
        # failure unshrunk; its draws replay it all the same.
        blob = (hypothesis.__version__, encode_failure(violation.choices))
    if blob is None or profile.drop_runs < 1:
        return None
    watch = context.answers
    # The trials are replays of a failure already seen: no early end, whatever the server.
    context.answers = AnswerWatch(answered=True)
    try:
        return _drop(attempt, context, first, profile, until, blob)
    finally:
        context.answers = watch


FINAL_REPLAYS = 2  # full replays of a shorter sequence at most, before it is given up


def _drop(attempt, context: MachineContext, first: "_Failure", profile: Profile, until: float, blob):
    violation = first.violation
    session = context.session
    saved_output, saved_watch = session.failing_output, context.answers.violation
    ends = min(time.monotonic() + profile.drop_seconds, until)

    def replayed(ghosts: frozenset, blob, quick: bool, renumber, than: Violation):
        context.ghosts, context.quick_waits, context.ghost_mixed = ghosts, quick, False
        context.closing_size = closing
        session.shrinking = False
        try:
            found = attempt(replay=True, blob=blob)
        finally:
            context.quick_waits = False
            context.answers.violation = saved_watch
        if context.answers.stopped or context.ghost_mixed or not isinstance(found, Violation):
            context.answers.stopped = None
            return None
        if failure_signature(found) != failure_signature(than, renumber):
            return None
        # Shorter to read, or not at all: fewer clients or fewer steps, never more of either
        # (a pick that named a ghost may take the example elsewhere: not the same story).
        clients, steps = len(shown_clients(found)), len(found.steps)
        if clients > len(shown_clients(than)) or steps > len(than.steps) or (shown_clients(than) and not clients):
            return None
        if not quick or clients < len(shown_clients(than)) or steps < len(than.steps):
            return found
        return None

    def without(ghosts: frozenset):
        return lambda n: None if n in ghosts else n - sum(1 for g in ghosts if g < n)

    ghosts: frozenset = frozenset()
    current = violation
    runs = 0
    timing.rechecking()
    # A fixed closing scenario (a race at the end of every example) with fewer clients: the
    # fewest first.
    closing = None
    for size in range(1, violation.closing or 0):
        if runs >= profile.drop_runs or time.monotonic() > ends:
            break
        runs += 1
        closing = size
        found = replayed(ghosts, blob, True, lambda n: n, violation)
        if found is not None:
            current = found
            break
        closing = None
    base = current
    candidates = [n for n in reversed(shown_clients(base)) if n not in judged_clients(base)]
    if len(candidates) > 1 and judged_clients(base) and runs < profile.drop_runs and time.monotonic() <= ends:
        # Every client but those the failure is judged on, at once: most failures are one
        # client's, and one trial then does what one a client would.
        runs += 1
        everyone = frozenset(candidates)
        found = replayed(everyone, blob, True, without(everyone), base)
        if found is not None:
            ghosts, current, candidates = everyone, found, []
    for number in candidates:
        if runs >= profile.drop_runs or time.monotonic() > ends:
            break
        runs += 1
        found = replayed(ghosts | {number}, blob, True, without(ghosts | {number}), base)
        if found is not None:
            ghosts, current = ghosts | {number}, found
    # Steps: one Hypothesis step's draws deleted at a time — first the steps that name no
    # client (a pause left by a ghost), then the others, the last first.
    tried: set[tuple] = set()
    while runs < profile.drop_runs and time.monotonic() <= ends:
        step = _next_step(current, tried)
        if step is None:
            break
        begin, end = step
        tried.add(current.choices[:begin] + current.choices[end:])
        runs += 1
        shorter = (hypothesis.__version__, encode_failure(current.choices[:begin] + current.choices[end:]))
        found = replayed(ghosts, shorter, True, lambda n: n, current)
        if found is not None:
            blob, current = shorter, found
    # Values: one choice of a kept step set to the simplest its draw allows (a pause drawn
    # inside a send made zero, the racers of a race made fewer), the steps that say more
    # first, bounded on their own.
    simplified: set[tuple] = set()
    values, value_ends = 0, min(time.monotonic() + profile.value_seconds, until)
    while values < profile.value_runs and time.monotonic() <= value_ends:
        simpler = _next_value(current, simplified)
        if simpler is None:
            break
        simplified.add(simpler)
        values += 1
        candidate = (hypothesis.__version__, encode_failure(simpler))
        found = replayed(ghosts, candidate, True, lambda n: n, current)
        if found is not None:
            blob, current = candidate, found
    kept = None
    # The full replay, once more when it did not fail the same way (a failure seen at a later
    # step as timing goes): what is shown is always one that did.
    for _ in range(FINAL_REPLAYS):
        if kept is not None or current is violation or time.monotonic() >= until:
            break
        kept = replayed(ghosts, blob, False, without(ghosts), base)
    if kept is None:
        context.ghosts, context.closing_size = frozenset(), None
        session.failing_output = saved_output
        return None
    output = session.failing_output if session.failing_output is not None else saved_output
    return kept, output, blob


def _step_spans(violation: Violation) -> list[tuple[int, int, int, int]]:
    """(first choice, end of its choices, first line, end of its lines) of each step of
    ``violation``'s example that said something shown, the last first; the step in which the
    failure was raised (it has no mark after it) ends where the choices end."""
    marks, choices = list(violation.marks or []), violation.choices
    if choices is None or not marks:
        return []
    if marks[-1][0] < len(choices):
        marks.append((len(choices), len(violation.steps)))
    spans = []
    for index in range(len(marks) - 1, 0, -1):
        (begin, said_before), (end, said) = marks[index - 1], marks[index]
        said = min(said, len(violation.steps))
        if said <= said_before or end <= begin:
            continue
        spans.append((begin, end, said_before, said))
    return spans


def _next_value(violation: Violation, tried: set) -> tuple | None:
    """The choices of ``violation``'s example with one more choice set to the simplest value
    its draw allows (``Violation.simplest``), not yet in ``tried``: first in the steps whose
    lines say more than one thing or name more than one client (a value may make them say
    less), then in the others; the last step first and, within a step, its last choice first."""
    choices, simplest = violation.choices, violation.simplest
    if choices is None or simplest is None or len(simplest) != len(choices):
        return None
    ranked = []
    for begin, end, said_before, said in _step_spans(violation):
        lines = violation.steps[said_before:said]
        named = {n for line in lines for n in re.findall(r"\bclients? (\d+)", line)}
        several = len(lines) > 1 or len(named) > 1 or any(re.search(r"\bclients \d", line) for line in lines)
        ranked.append((not several, begin, end))
    ranked.sort(key=lambda item: item[0])  # stable: the last step first within each kind
    for _rank, begin, end in ranked:
        for index in range(end - 1, begin - 1, -1):
            value = simplest[index]
            if value is None or _same_choice(value, choices[index]):
                continue
            if index == begin and isinstance(choices[index], bool):
                continue  # Hypothesis's draw of whether a step follows: not the step's own
            simpler = choices[:index] + (value,) + choices[index + 1 :]
            if simpler not in tried:
                return simpler
    return None


def _same_choice(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return repr(a) == repr(b)  # 0.0 and -0.0 are different choices; nan is itself
    return a == b


def _next_step(violation: Violation, tried: set) -> tuple[int, int] | None:
    """The choices (begin, end) of the next step of ``violation``'s example to try without:
    one that said something shown and has not been tried; those whose lines name no client
    first, then the last first."""
    marks, choices = violation.marks or [], violation.choices
    if choices is None:
        return None
    steps = []
    for index in range(len(marks) - 1, 0, -1):
        (begin, said_before), (end, said) = marks[index - 1], marks[index]
        if said == said_before or said_before >= len(violation.steps) or end <= begin:
            continue  # a step that said nothing shown
        if choices[:begin] + choices[end:] in tried:
            continue
        lines = violation.steps[said_before:said]
        steps.append((any(re.search(r"\bclients? \d", line) for line in lines), begin, end))
    steps.sort(key=lambda item: item[0])  # stable: the last first within each kind
    return (steps[0][1], steps[0][2]) if steps else None


@dataclass
class _Failure:
    violation: Violation
    flaky: bool = False
    blob: tuple[str, bytes] | None = None  # Hypothesis's reproduce_failure arguments


_BLOB = re.compile(r"@reproduce_failure\('([^']+)', (b'[^']*'|b\"[^\"]*\")\)")


def _blob_of(error: BaseException) -> tuple[str, bytes] | None:
    """The exact shrunk example, as Hypothesis offers it for @reproduce_failure."""
    for note in getattr(error, "__notes__", ()) or ():
        match = _BLOB.search(note)
        if match:
            return match.group(1), ast.literal_eval(match.group(2))
    return None


@dataclass
class _Error:
    detail: str
    output: str = ""
    fault: str = "server"  # "wirecheck": a fault of wirecheck itself, retried once
    time_up: bool = False  # the requirement's time ran out with nothing broken (_time_ran_out)


def _internal(exc: BaseException) -> _Error:
    """An exception inside wirecheck (not a violation, not the server's doing)."""
    return _Error(f"internal error: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-6)}", fault="wirecheck")


@dataclass
class _NotShown:
    detail: str


class _ShrinkBudget:
    """Hypothesis's shrinking bound (``MAX_SHRINKING_SECONDS``, added to the clock when
    shrinking starts), as the profile's seconds or the time left before the requirement's
    final replay, whichever is shorter."""

    def __init__(self, seconds: float, until: float) -> None:
        self.seconds = seconds
        self.until = until

    def value(self) -> float:
        return max(0.0, min(self.seconds, self.until - time.monotonic()))

    def __radd__(self, other: float) -> float:
        return other + self.value()

    __add__ = __radd__


def session_output(session: ServerSession) -> str:
    """What the last server of the check printed (the one that showed the failure)."""
    return session.servers[-1].output.text() if session.servers else ""


def _database(target: Target, protocol: Protocol, options: RunOptions):
    if options.database_root is None or not options.profile.persistent_database:
        return InMemoryExampleDatabase()
    return DirectoryBasedExampleDatabase(str(options.database_root / target_key(target, protocol.name)))


def _attempt(check: Check, context: MachineContext, options: RunOptions, req_id: str, database, reserve: float = 0.0):
    """A function that runs the check once — exploring, or only replaying saved failures —
    and returns None (held), a _Failure, a Violation (on replay) or an _Error."""
    profile = options.profile
    seed = requirement_seed(options.seed, context.protocol.name, req_id)
    examples = profile.examples_for(req_id, check.weight)

    def run(replay: bool, blob: tuple[str, bytes] | None = None):
        if check.scenario is not None:
            return _run_scenario(check, context, replay)
        phases = [Phase.explicit, Phase.reuse] if replay else [
            Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink
        ]
        chosen = settings(
            max_examples=examples,
            stateful_step_count=check.max_steps or profile.steps,
            deadline=None,
            database=database,
            phases=phases,
            derandomize=False,
            suppress_health_check=list(HealthCheck),
            verbosity=Verbosity.quiet,
            report_multiple_bugs=False,
            print_blob=True,
        )

        def factory():
            return check.machine(context)

        hypothesis.seed(seed)(factory)
        if blob is not None:
            hypothesis.reproduce_failure(*blob)(factory)
        test = get_state_machine_test(factory, settings=chosen)
        digest = _check_digest(check, context.protocol.name, req_id)
        test.hypothesis.inner_test._hypothesis_internal_add_digest = digest
        saved = _engine.MAX_SHRINKING_SECONDS
        shrink_until = context.deadline - reserve if context.deadline is not None else float("inf")
        _engine.MAX_SHRINKING_SECONDS = _ShrinkBudget(profile.shrink_seconds, shrink_until)
        watch = context.answers
        try:
            with with_reporter(lambda _message: None):
                test()
        except BaseException as error:
            # An interrupt (the run is ending on a signal) goes on up, even when Hypothesis
            # wrapped it in a report of inconsistent results.
            interrupt = _find(error, KeyboardInterrupt) or _find(error, SystemExit)
            if interrupt is not None:
                raise interrupt
            # An early end (V-BOUNDED) is told by the context, whatever Hypothesis made of it.
            if watch.stopped == "no answer":
                return _early_end(watch, replay)
            if watch.stopped == "time" and isinstance(error, Exception) and _find_violation(error) is None:
                return None  # no new example in time: the examples run so far stand
            return _outcome(error, replay)
        finally:
            _engine.MAX_SHRINKING_SECONDS = saved
        if watch.stopped == "no answer":
            return _early_end(watch, replay)
        return None

    def _outcome(error: BaseException, replay: bool):
        try:
            raise error
        except Violation as violation:
            return violation if replay else _Failure(violation, blob=_blob_of(violation))
        except Flaky as flaky:
            found = _find_violation(flaky)
            if found is None:
                # Hypothesis takes the time limit for a failure and replays it, and the replay,
                # out of time at once, draws differently: that too is the time running out.
                if _find(flaky, TimeLimitReached) or _out_of_time(context):
                    return _time_ran_out(context, replay)
                return _Error(f"internal error: {flaky}", fault="wirecheck")
            return found if replay else _Failure(found, flaky=True, blob=_blob_of(flaky) or _blob_of(found))
        except DidNotReproduce:
            return None
        except TimeLimitReached:
            return _time_ran_out(context, replay)
        except ServerDidNotStart as exc:
            return _Error(exc.detail(), exc.output)
        except Exception as exc:  # a bug in wirecheck itself: say so, never hide it
            return _internal(exc)

    return run


def _out_of_time(context: MachineContext) -> bool:
    return context.deadline is not None and time.monotonic() > context.deadline


def _time_ran_out(context: MachineContext, replay: bool):
    """The requirement's time (V-BOUNDED) ran out inside an example. A failure already seen
    stands, as far as it was shrunk. With none, what the examples showed in time stands, as
    when the time for new examples is over (``_run_requirement``): a slow server (replies
    take up to C-TIME's 2 s, and a sweep of the guess check plays up to 100 clients in turn)
    is judged on what it showed, never failed for its slowness; only a run that showed no
    witness in its time is a time-limit error."""
    watch = context.answers
    if watch.violation is not None:
        return watch.violation if replay else _Failure(watch.violation)
    return _Error(context.limit_detail, time_up=True)


def _early_end(watch, replay: bool):
    """The verdict of a check ended because the server gives no readable answer: the failure
    it already showed (a due reply that never came is one), as far as it was shrunk, or
    ``not shown`` when the check never reached the point its requirement is about."""
    if watch.violation is not None:
        return watch.violation if replay else _Failure(watch.violation)
    return _NotShown(watch.detail())


def _check_digest(check: Check, protocol: str, req_id: str) -> bytes:
    """The example-database key of a check: saved examples are replayed only by the same
    check code (a changed machine would read an old example as different steps)."""
    return _machine_digest(check.machine, protocol, req_id)


@functools.lru_cache(maxsize=None)
def _machine_digest(machine, protocol: str, req_id: str) -> bytes:
    from .. import __version__

    try:
        source = inspect.getsource(inspect.getmodule(machine))
    except (OSError, TypeError):
        source = ""
    return hashlib.sha256(f"{__version__}:{protocol}:{req_id}:{source}".encode()).digest()


def _run_scenario(check: Check, context: MachineContext, replay: bool):
    timing.begin_example()
    try:
        check.scenario(context)
    except TimeLimitReached:
        return _Error("time limit: the check did not finish in time")
    except NoAnswer:  # an edge case's early end (V-BOUNDED), as an explored example's
        return _early_end(context.answers, replay) if context.answers.stopped == "no answer" else None
    except Violation as violation:
        return violation if replay else _Failure(violation)
    except ServerDidNotStart as exc:
        return _Error(exc.detail(), exc.output)
    except Exception as exc:
        return _internal(exc)
    finally:
        timing.end_example()
    return None


def _find(error: BaseException, kind: type, seen: set | None = None):
    """The first exception of ``kind`` in a group, its causes or its contexts."""
    seen = seen if seen is not None else set()
    if id(error) in seen:
        return None
    seen.add(id(error))
    if isinstance(error, kind):
        return error
    for inner in list(getattr(error, "exceptions", ()) or ()) + [error.__cause__, error.__context__]:
        if inner is not None:
            found = _find(inner, kind, seen)
            if found is not None:
                return found
    return None


def _find_violation(error: BaseException) -> Violation | None:
    return _find(error, Violation)


def default_database_root() -> Path:
    return Path(os.environ.get("WIRECHECK_DATABASE", ".wirecheck/examples"))
