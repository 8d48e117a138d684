"""V-SAME: the draws of a machine never depend on what the server did. Hypothesis replays a
choice sequence to shrink and to re-check a failure; a draw whose presence, kind or bounds
followed the server's answers or timing made the replay take another path, and Hypothesis
stopped the run with "Inconsistent data generation" — an internal error a student was once
charged for.

Each test makes the same draws twice on the same choice sequence, once as if the server had
answered one way and once another (a secret learnt or not, more or fewer clients left
connected), and asserts that the draws were identical — the check Hypothesis itself makes.
The live test then runs the found-state checks against a server that ignores SECRET (its
secret is random at each start) and answers after random delays."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Callable

import pytest
from hypothesis.control import BuildContext
from hypothesis.internal.conjecture.data import ConjectureData

from protocols.guess import NUMBER_RULES, Answer, FoundStateModel
from protocols.web import WORD_RULES
from wirecheck.checks import checks_for
from wirecheck.checks.guess import GuessMachine
from wirecheck.checks.web import GuessWebMachine
from wirecheck.drive.machine import ProtocolMachine
from wirecheck.drive.parallel import check_many
from wirecheck.drive.profiles import get_profile
from wirecheck.drive.runner import RunOptions
from wirecheck.harness.target import resolve_target


class Drawn:
    """What a machine's code sees as ``data`` (Hypothesis's st.data()): draws go to a
    ConjectureData, whose nodes say what was drawn, of which kind and within which bounds."""

    def __init__(self, data: ConjectureData) -> None:
        self.data = data

    def draw(self, strategy, label=None):
        return self.data.draw(strategy)


def draws(run: Callable[[Drawn], object], choices=None, seed: int = 0):
    data = ConjectureData(random=random.Random(seed)) if choices is None else ConjectureData.for_choices(choices)
    with BuildContext(data, wrapped_test=run):
        run(Drawn(data))
    return [(node.type, node.constraints) for node in data.nodes], tuple(data.choices)


def same_draws(first: Callable[[Drawn], object], second: Callable[[Drawn], object], seeds=range(40)) -> None:
    for seed in seeds:
        nodes, choices = draws(first, seed=seed)
        again, _ = draws(second, choices=choices)
        assert again == nodes, f"seed {seed}: the draws differ"


def model_knowing(rules, secret=None, learnt=None) -> FoundStateModel:
    """A model given ``secret``, or one that learnt ``learnt`` from a `right`."""
    model = FoundStateModel(rules, secret)
    if learnt is not None:
        ticket = model.send(rules.canonical(learnt))
        model.answer(ticket, Answer.RIGHT)
    return model


def bare(machine_class, focus: str, given, model: FoundStateModel):
    machine = object.__new__(machine_class)
    machine.focus = focus
    machine.given = given
    machine.model = model
    return machine


@pytest.mark.parametrize("focus", ["GUESS-2", "GUESS-6", "GUESS-7"])
def test_a_guess_is_drawn_alike_whether_or_not_the_secret_was_learnt(focus):
    unknown = bare(GuessMachine, focus, 7, model_knowing(NUMBER_RULES))
    learnt = bare(GuessMachine, focus, 7, model_knowing(NUMBER_RULES, learnt=63))
    same_draws(unknown.draw_guess, learnt.draw_guess)


@pytest.mark.parametrize("focus", ["WGUESS-1", "WGUESS-4"])
def test_a_web_guess_is_drawn_alike_whether_or_not_the_secret_was_learnt(focus):
    unknown = bare(GuessWebMachine, focus, "quince", model_knowing(WORD_RULES))
    learnt = bare(GuessWebMachine, focus, "quince", model_knowing(WORD_RULES, learnt="pomegranates"))
    same_draws(unknown.draw_target, learnt.draw_target)


def test_picking_a_client_draws_alike_whoever_is_connected():
    machine = object.__new__(ProtocolMachine)
    machine.clients, machine.states = [], {}
    for count in (0, 1, 3):
        same_draws(lambda d: machine.pick(d, ["a"], allow_new=False), lambda d: machine.pick(d, ["a", "b", "c"][:count], allow_new=False))


JITTERY = '''"""Ignores SECRET (its secret is random at each start) and answers after random delays."""
import random
import threading
import time
from socketserver import StreamRequestHandler, ThreadingTCPServer

SECRET = random.randint(0, 99)
found = False
lock = threading.Lock()


class GuessHandler(StreamRequestHandler):
    def handle(self):
        global found
        data = self.rfile.read(25)
        if len(data) < 25:
            return
        text = data.strip()
        with lock:
            if found:
                reply = "secret found"
            elif text.isdigit() and int(text) == SECRET:
                found = True
                reply = "right"
            else:
                reply = "wrong"
        time.sleep(random.choice([0, 0, 0.001, 0.02, 0.1]))
        self.wfile.write(reply.encode())


ThreadingTCPServer.allow_reuse_address = True
ThreadingTCPServer.daemon_threads = True
ThreadingTCPServer(("", 12093), GuessHandler).serve_forever()
'''


@pytest.mark.slow
def test_the_found_state_checks_replay_alike_against_a_server_whose_answers_vary(tmp_path: Path):
    path = tmp_path / "guessserver.py"
    path.write_text(JITTERY)
    options = RunOptions(profile=get_profile("quick"), seed=20261201)
    only = {"GUESS-2", "GUESS-3", "GUESS-6"}
    assert only <= set(checks_for("guess"))
    [result] = check_many([("guess", resolve_target(path))], options, workers=2, catalogue=checks_for, only=only)
    verdicts = {r.id: (r.verdict, r.detail) for r in result.requirements}
    assert not [r for r in result.requirements if "Inconsistent data generation" in r.detail], verdicts
    assert all(r.verdict == "pass" for r in result.requirements), verdicts
