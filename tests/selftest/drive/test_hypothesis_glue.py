"""The canary of wirecheck's use of Hypothesis's internals (``wirecheck.drive.hypothesis_glue``).

Each test uses one internal the way wirecheck does and checks its shape, so that a
Hypothesis release that moves or changes one fails here, by name, rather than changing
verdicts quietly (the glue degrades to "no such information" where it can). The Hypothesis
pin in ``pyproject.toml`` is the range of releases these tests passed on. No server is
started: the machines here are made up."""

from __future__ import annotations

import inspect
import math
import re
from pathlib import Path

import hypothesis
import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from hypothesis.database import InMemoryExampleDatabase
from hypothesis.errors import DidNotReproduce, Flaky
from hypothesis.stateful import RuleBasedStateMachine, rule

from wirecheck.drive import hypothesis_glue as glue

ROOT = Path(__file__).resolve().parents[3]


class Found(AssertionError):
    pass


class Machine(RuleBasedStateMachine):
    """Fails when a drawn number exceeds 10: its shrunk example is one step drawing 11."""

    @rule(n=st.integers(0, 1000))
    def step(self, n):
        if n > 10:
            raise Found(n)


def chosen(database=None, **changes) -> settings:
    return settings(
        max_examples=200, deadline=None, database=database, derandomize=False, suppress_health_check=list(HealthCheck),
        verbosity=hypothesis.Verbosity.quiet, report_multiple_bugs=False, print_blob=True, **changes,
    )


def failing_run(database=None, digest=b"one", blob=None, **changes) -> BaseException:
    def factory():
        return Machine()

    hypothesis.seed(1)(factory)
    if blob is not None:
        hypothesis.reproduce_failure(*blob)(factory)
    test = glue.machine_test(factory, chosen(database, **changes), digest)
    with pytest.raises(BaseException) as caught:
        glue.quietly(test)
    return caught.value


def test_the_state_machine_test_and_its_database_digest():
    # get_state_machine_test(factory, settings=...) gives a test whose inner test's
    # _hypothesis_internal_add_digest is part of its example-database key.
    assert "settings" in inspect.signature(glue.get_state_machine_test).parameters
    first, second = InMemoryExampleDatabase(), InMemoryExampleDatabase()
    assert isinstance(failing_run(first, b"one"), Found)
    assert isinstance(failing_run(second, b"two"), Found)
    again = InMemoryExampleDatabase()
    failing_run(again, b"one")
    assert first.data and second.data
    assert set(first.data) == set(again.data)  # the same digest, the same keys
    assert not set(first.data) & set(second.data)  # another digest, other keys


def test_the_blob_of_a_shrunk_failure_is_read_from_its_notes_and_replays_it():
    error = failing_run()
    blob = glue.blob_of(error)
    assert blob is not None, getattr(error, "__notes__", None)
    assert blob[0] == hypothesis.__version__ and isinstance(blob[1], bytes)
    choices = glue.choices_of(blob)
    assert isinstance(choices, tuple) and 11 in choices, choices
    replayed = failing_run(blob=blob, phases=[Phase.explicit, Phase.reuse])
    assert isinstance(replayed, Found) and replayed.args == (11,)


def with_number(n: int) -> tuple:
    """The choices of the shrunk failure (one step drawing 11) with ``n`` drawn instead."""
    choices = glue.choices_of(glue.blob_of(failing_run()))
    assert choices.count(11) == 1, choices
    return tuple(n if c == 11 and type(c) is int else c for c in choices)


def test_a_sequence_of_choices_hypothesis_never_made_replays_as_given():
    made_up = (False, 0, 7, 2.5, -0.0, b"\x00x", "é", True)
    assert [repr(c) for c in glue.choices_of(glue.blob_for(made_up))] == [repr(c) for c in made_up]
    # the choices of a one-step example whose number is 500: a failure replayed exactly
    blob = glue.blob_for(with_number(500))
    replayed = failing_run(blob=blob, phases=[Phase.explicit, Phase.reuse])
    assert isinstance(replayed, Found) and replayed.args == (500,), replayed


def test_a_replay_that_does_not_fail_is_did_not_reproduce():
    blob = glue.blob_for(with_number(5))
    assert isinstance(failing_run(blob=blob, phases=[Phase.explicit, Phase.reuse]), DidNotReproduce)


def test_a_failure_that_does_not_come_back_is_a_flaky_error_that_holds_it():
    calls = []

    class Once(RuleBasedStateMachine):
        @rule(n=st.integers(0, 10))
        def step(self, n):
            calls.append(n)
            if len(calls) == 1:
                raise Found(n)

    test = glue.machine_test(Once, chosen(), b"once")
    with pytest.raises(Flaky) as caught:
        glue.quietly(test)

    def holds(error, seen=()):
        if isinstance(error, Found):
            return True
        inner = list(getattr(error, "exceptions", ()) or ()) + [error.__cause__, error.__context__]
        return any(e is not None and e not in seen and holds(e, (*seen, error)) for e in inner)

    assert holds(caught.value)


def test_the_shrinking_bound_is_a_module_global_added_to_the_clock_when_shrinking_starts():
    import hypothesis.internal.conjecture.engine as engine

    assert isinstance(engine.MAX_SHRINKING_SECONDS, (int, float))
    assert re.search(r"perf_counter\(\) \+ MAX_SHRINKING_SECONDS", inspect.getsource(engine))
    saved = engine.MAX_SHRINKING_SECONDS
    budget = glue.ShrinkBudget(0.0, math.inf)
    with glue.shrinking_bounded(budget):
        assert engine.MAX_SHRINKING_SECONDS is budget
        assert 5.0 + engine.MAX_SHRINKING_SECONDS == 5.0
    assert engine.MAX_SHRINKING_SECONDS == saved


def test_a_shrinking_bound_of_nothing_leaves_the_failure_unshrunk():
    calls = {"after": 0, "failed": False}

    @given(st.text(min_size=20))
    @settings(chosen(database=None), derandomize=True)
    def test(text):
        if calls["failed"]:
            calls["after"] += 1
        if len(text) >= 20:
            calls["failed"] = True
            raise Found(text)

    with glue.shrinking_bounded(glue.ShrinkBudget(0.0, math.inf)):
        with pytest.raises(Found):
            glue.quietly(test)
    bounded = calls["after"]
    calls.update(after=0, failed=False)
    with pytest.raises(Found):
        glue.quietly(test)
    assert calls["after"] > 5 * max(bounded, 1), (bounded, calls["after"])


def test_the_choices_an_example_drew_their_simplest_values_and_the_final_run():
    assert glue.choices_drawn() is None  # outside an example
    seen = []

    @given(st.integers(3, 9), st.booleans(), st.sampled_from(["a", "b", "c"]), st.binary(min_size=1))
    @chosen(database=None)
    def test(n, flag, letter, data):
        seen.append((glue.choices_drawn(), glue.simplest_drawn(), glue.currently_final()))
        if n > 5:
            raise Found(n)

    with pytest.raises(Found):
        glue.quietly(test)
    choices, simplest, final = seen[-1]
    assert choices is not None and simplest is not None
    assert len(choices) == len(simplest) == 4
    assert choices[0] == 6  # shrunk
    assert simplest == (3, False, 0, b"\x00") or simplest[:2] == (3, False), simplest
    assert final is True
    assert any(run[2] is False for run in seen[:-1])  # the runs before the final one are not


def test_the_caches_built_before_workers_are_forked():
    from hypothesis.configuration import set_hypothesis_home_dir
    from hypothesis.internal.charmap import charmap
    from hypothesis.internal.conjecture.providers import _get_local_constants

    assert len(inspect.signature(set_hypothesis_home_dir).parameters) == 1
    assert isinstance(charmap(), dict) and charmap()
    assert _get_local_constants() is not None
    glue.warm(None, local_constants=True)


# What wirecheck may use of Hypothesis outside the glue: its public API only.
INTERNAL = re.compile(
    r"hypothesis\.internal|_hypothesis_internal|MAX_SHRINKING_SECONDS|current_build_context|get_state_machine_test"
    r"|encode_failure|decode_failure|with_reporter|hypothesis\.configuration|hypothesis\.control|hypothesis\.core\b"
)


def test_no_module_but_the_glue_touches_hypothesis_internals():
    found = []
    for path in sorted((ROOT / "wirecheck").rglob("*.py")):
        if path.name == "hypothesis_glue.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if INTERNAL.search(line) and not line.lstrip().startswith("#"):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "Hypothesis internals outside wirecheck/drive/hypothesis_glue.py:\n" + "\n".join(found)
