"""One attempt at a requirement's check — one Hypothesis run of its state machine, exploring or
only replaying a failure, or one run of its fixed scenario — and what came of it, as one
``Attempt``.

What an attempt can come to is one of a few kinds (``Outcome``); the verdict policy
(``runner``) and the minimiser (``minimise``) read the kind, never the type of an exception.
Hypothesis is reached through ``hypothesis_glue`` for all it does beyond its public API."""

from __future__ import annotations

import enum
import functools
import hashlib
import inspect
import time
import traceback
from dataclasses import dataclass, replace
from typing import Any, Callable

import hypothesis
from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis.errors import DidNotReproduce, Flaky

from ..core import timing
from ..core.errors import ServerDidNotStart
from . import hypothesis_glue as glue
from .machine import MachineContext, NoAnswer, TimeLimitReached, Violation
from .profiles import Profile


class Outcome(enum.Enum):
    PASSED = "passed"  # nothing broke (what it showed is the runner's to judge)
    VIOLATED = "violated"  # a requirement was broken: ``Attempt.violation``
    NOT_SHOWN = "not shown"  # ended early (no readable answer) before the point the requirement is about
    SERVER_ERROR = "server error"  # cut short by the server: it did not start, a scenario ran out of time
    WIRECHECK_FAULT = "wirecheck fault"  # cut short by a fault of wirecheck itself (retried once)
    OUT_OF_TIME = "out of time"  # the requirement's time (V-BOUNDED) ran out with nothing broken


@dataclass(frozen=True)
class Attempt:
    outcome: Outcome
    violation: Violation | None = None  # VIOLATED: the failure, as far as it was shrunk
    flaky: bool = False  # VIOLATED: Hypothesis's own replay of the shrunk steps passed
    blob: glue.Blob | None = None  # VIOLATED: Hypothesis's reproduce_failure arguments
    detail: str = ""  # NOT_SHOWN and the errors: what to tell
    output: str = ""  # SERVER_ERROR: what the server printed

    @classmethod
    def passed(cls) -> "Attempt":
        return cls(Outcome.PASSED)

    @classmethod
    def violated(cls, violation: Violation, flaky: bool = False, blob: glue.Blob | None = None) -> "Attempt":
        return cls(Outcome.VIOLATED, violation, flaky, blob)

    @classmethod
    def not_shown(cls, detail: str) -> "Attempt":
        return cls(Outcome.NOT_SHOWN, detail=detail)

    @classmethod
    def server_error(cls, detail: str, output: str = "") -> "Attempt":
        return cls(Outcome.SERVER_ERROR, detail=detail, output=output)

    @classmethod
    def wirecheck_fault(cls, detail: str) -> "Attempt":
        return cls(Outcome.WIRECHECK_FAULT, detail=detail)

    @classmethod
    def out_of_time(cls, detail: str) -> "Attempt":
        return cls(Outcome.OUT_OF_TIME, detail=detail)

    @property
    def cut_short(self) -> bool:
        """No verdict came of it: an error, or the time ran out."""
        return self.outcome in (Outcome.SERVER_ERROR, Outcome.WIRECHECK_FAULT, Outcome.OUT_OF_TIME)

    @property
    def fault(self) -> str:
        """Whose an error is: ``wirecheck`` (ungraded, retried once) or the ``server``'s."""
        return "wirecheck" if self.outcome is Outcome.WIRECHECK_FAULT else "server"

    def with_blob(self, blob: glue.Blob | None) -> "Attempt":
        return replace(self, blob=blob)


def did_not_start(exc: ServerDidNotStart) -> Attempt:
    """A server that did not start: the server's error, or wirecheck's own when its bootstrap
    failed inside the target (V-HERMETIC: told by where the exception was raised)."""
    if exc.fault == "wirecheck":
        return Attempt(Outcome.WIRECHECK_FAULT, detail=exc.detail(), output=exc.output)
    return Attempt.server_error(exc.detail(), exc.output)


def internal(exc: BaseException) -> Attempt:
    """An exception inside wirecheck (not a violation, not the server's doing)."""
    return Attempt.wirecheck_fault(f"internal error: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-6)}")


def requirement_seed(seed: int, protocol: str, requirement: str) -> int:
    """Each requirement's own stream of examples, fixed by the run's seed."""
    digest = hashlib.sha256(f"{seed}:{protocol}:{requirement}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def attempts(
    check: Any, context: MachineContext, profile: Profile, seed: int, req_id: str, database, reserve: float = 0.0
) -> Callable[..., Attempt]:
    """A function that runs ``check`` (a ``runner.Check``) once — exploring, or with
    ``replay=True`` only replaying saved failures or ``blob`` — and returns its ``Attempt``."""
    seed = requirement_seed(seed, context.protocol.name, req_id)
    examples = profile.examples_for(req_id, check.weight)

    def run(replay: bool, blob: glue.Blob | None = None) -> Attempt:
        if check.scenario is not None:
            return _run_scenario(check, context)
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
        test = glue.machine_test(factory, chosen, _machine_digest(check.machine, context.protocol.name, req_id))
        shrink_until = context.deadline - reserve if context.deadline is not None else float("inf")
        watch = context.answers
        try:
            with glue.shrinking_bounded(glue.ShrinkBudget(profile.shrink_seconds, shrink_until)):
                glue.quietly(test)
        except BaseException as error:
            # An interrupt (the run is ending on a signal) goes on up, even when Hypothesis
            # wrapped it in a report of inconsistent results.
            interrupt = _find(error, KeyboardInterrupt) or _find(error, SystemExit)
            if interrupt is not None:
                raise interrupt
            # An early end (V-BOUNDED) is told by the context, whatever Hypothesis made of it.
            if watch.stopped == "no answer":
                return _early_end(watch)
            if watch.stopped == "time" and isinstance(error, Exception) and _find_violation(error) is None:
                return Attempt.passed()  # no new example in time: the examples run so far stand
            return _outcome(error)
        if watch.stopped == "no answer":
            return _early_end(watch)
        return Attempt.passed()

    def _outcome(error: BaseException) -> Attempt:
        try:
            raise error
        except Violation as violation:
            return Attempt.violated(violation, blob=glue.blob_of(violation))
        except Flaky as flaky:
            found = _find_violation(flaky)
            if found is None:
                # Hypothesis takes the time limit for a failure and replays it, and the replay,
                # out of time at once, draws differently: that too is the time running out.
                if _find(flaky, TimeLimitReached) or _out_of_time(context):
                    return _time_ran_out(context)
                return Attempt.wirecheck_fault(f"internal error: {flaky}")
            return Attempt.violated(found, flaky=True, blob=glue.blob_of(flaky) or glue.blob_of(found))
        except DidNotReproduce:
            return Attempt.passed()
        except TimeLimitReached:
            return _time_ran_out(context)
        except ServerDidNotStart as exc:
            return did_not_start(exc)
        except Exception as exc:  # a bug in wirecheck itself: say so, never hide it
            return internal(exc)

    return run


def _out_of_time(context: MachineContext) -> bool:
    return context.deadline is not None and time.monotonic() > context.deadline


def _time_ran_out(context: MachineContext) -> Attempt:
    """The requirement's time (V-BOUNDED) ran out inside an example. A failure already seen
    stands, as far as it was shrunk. With none, what the examples showed in time stands, as
    when the time for new examples is over (``runner``): a slow server (replies take up to
    C-TIME's 2 s, and a sweep of the guess check plays up to 100 clients in turn) is judged
    on what it showed, never failed for its slowness; only a run that showed no witness in
    its time is a time-limit error."""
    watch = context.answers
    if watch.violation is not None:
        return Attempt.violated(watch.violation)
    return Attempt.out_of_time(context.limit_detail)


def _early_end(watch) -> Attempt:
    """The outcome of a check ended because the server gives no readable answer: the failure
    it already showed (a due reply that never came is one), as far as it was shrunk, or
    ``not shown`` when the check never reached the point its requirement is about."""
    if watch.violation is not None:
        return Attempt.violated(watch.violation)
    return Attempt.not_shown(watch.detail())


@functools.lru_cache(maxsize=None)
def _machine_digest(machine, protocol: str, req_id: str) -> bytes:
    """The example-database key of a check: saved examples are replayed only by the same
    check code (a changed machine would read an old example as different steps)."""
    from .. import __version__

    try:
        source = inspect.getsource(inspect.getmodule(machine))
    except (OSError, TypeError):
        source = ""
    return hashlib.sha256(f"{__version__}:{protocol}:{req_id}:{source}".encode()).digest()


def _run_scenario(check: Any, context: MachineContext) -> Attempt:
    timing.begin_example()
    try:
        check.scenario(context)
    except TimeLimitReached:
        return Attempt.server_error("time limit: the check did not finish in time")
    except NoAnswer:  # an edge case's early end (V-BOUNDED), as an explored example's
        return _early_end(context.answers) if context.answers.stopped == "no answer" else Attempt.passed()
    except Violation as violation:
        return Attempt.violated(violation)
    except ServerDidNotStart as exc:
        return did_not_start(exc)
    except Exception as exc:
        return internal(exc)
    finally:
        timing.end_example()
    return Attempt.passed()


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
