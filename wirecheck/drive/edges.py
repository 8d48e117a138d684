"""V-EDGE: the edge cases of a requirement's rule (``protocols.edges``) are played before any
random example, on every run and in every profile, whatever the seed.

A case is a fixed example: the check's own machine, whose method ``edge_<name>`` drives
its clients with the machine's own steps, then ends as every example of that machine ends
(its teardown). So a case fails, is told and replayed like any other example (the same
transcript, the same replay script), and it costs no draws: the random examples that follow
are the ones the seed gives, as before. A case that fails is played once more, as Hypothesis
replays a failure it found: one that does not come back is intermittent (a race)."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from hypothesis.errors import UnsatisfiedAssumption

from protocols.edges import EdgeCase, edges_for

from .attempt import Outcome
from .machine import MachineContext, ProtocolMachine


def edges_of(check) -> tuple[EdgeCase, ...]:
    """The edge cases a check plays: those of its requirement its machine can play."""
    machine = getattr(check, "machine", None)
    if machine is None:
        return ()
    return tuple(e for e in edges_for(check.requirement) if callable(getattr(machine, e.method, None)))


def scenario(machine: type[ProtocolMachine], edge: EdgeCase) -> Callable[[MachineContext], None]:
    """One edge case as a fixed scenario of ``machine``: its steps, then its usual end."""

    def play(context: MachineContext) -> None:
        example = machine(context)
        try:
            getattr(example, edge.method)()
        except UnsatisfiedAssumption:
            # The machine drops an example it cannot judge (a serial server's full listen
            # queue outside C-CONC): so does a case.
            example.found = None
        finally:
            example.teardown()

    play.__name__ = f"{machine.__name__}.{edge.method}"
    return play


def explore(check, attempt: Callable, attempt_of: Callable[[Callable], Callable], forget_misses: Callable[[], None] = lambda: None):
    """The first outcome of a requirement's run, and the attempt that made it: each edge case
    in turn (``attempt_of(scenario)`` runs one as a fixed scenario), and the random examples
    (``attempt``) only when every case held. A failure of a case is played once more; when it
    does not fail again it is flagged as Hypothesis flags a failure that did not reproduce.

    A case the server left unanswered, with no answer seen before (``not shown``), does not
    end the run: a server that cannot serve that case may still answer the plain ones, and
    the requirement's verdict is then theirs (V-FOCUS: a swap server that drops a client
    waiting alone fails SWAP-4, not SWAP-7 too). ``forget_misses`` starts the count of missed
    replies afresh, so a server that never answers is still told apart by the random part."""
    for edge in edges_of(check):
        run = attempt_of(scenario(check.machine, edge))
        outcome = run(replay=False)
        if outcome.outcome is Outcome.PASSED:
            continue
        if outcome.outcome is Outcome.NOT_SHOWN:
            forget_misses()
            continue
        if outcome.outcome is Outcome.VIOLATED:
            again = run(replay=True)
            outcome = replace(outcome, flaky=again.outcome is not Outcome.VIOLATED)
        return outcome, run
    return attempt(replay=False), attempt
