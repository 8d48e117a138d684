"""The second minimiser: a failure Hypothesis shrank, shown with the clients and the steps
that play no part in it left out, and the values inside the steps kept made simplest.

Hypothesis shrinks the draws of an example; this shrinks what a reader of the failure sees
(clients, steps), trying each change as a replay (``attempt``'s ``replay=True``) and keeping
it only when the same requirement fails the same way (``failure_signature``)."""

from __future__ import annotations

import re
import time
from typing import Callable

from ..core import timing
from . import hypothesis_glue as glue
from .attempt import Attempt, Outcome
from .machine import AnswerWatch, MachineContext, Violation
from .profiles import Profile


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


def drop_clients(attempt: Callable[..., Attempt], context: MachineContext, first: Attempt, profile: Profile, until: float):
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
        blob = glue.blob_for(violation.choices)
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


def _drop(attempt: Callable[..., Attempt], context: MachineContext, first: Attempt, profile: Profile, until: float, blob):
    violation = first.violation
    session = context.session
    saved_output, saved_watch = session.failing_output, context.answers.violation
    ends = min(time.monotonic() + profile.drop_seconds, until)

    def replayed(ghosts: frozenset, blob, quick: bool, renumber, than: Violation):
        context.ghosts, context.quick_waits, context.ghost_mixed = ghosts, quick, False
        context.closing_size = closing
        session.shrinking = False
        try:
            outcome = attempt(replay=True, blob=blob)
        finally:
            context.quick_waits = False
            context.answers.violation = saved_watch
        if context.answers.stopped or context.ghost_mixed or outcome.outcome is not Outcome.VIOLATED:
            context.answers.stopped = None
            return None
        found = outcome.violation
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
        shorter = glue.blob_for(current.choices[:begin] + current.choices[end:])
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
        candidate = glue.blob_for(simpler)
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
