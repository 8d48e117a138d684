"""Every use wirecheck makes of Hypothesis beyond its public API, in one place.

wirecheck runs each check as a Hypothesis state-machine test, then does what Hypothesis
offers no public way to do: bound its shrinking by the requirement's clock, key its example
database by the check's code, read the shrunk example's blob from its report, replay a
sequence of choices it never generated, read the choices of the running example and their
simplest values, and build Hypothesis's caches before worker processes are forked. Each of
these reaches into Hypothesis's internals, which move between releases; here they are named
once, and ``tests/selftest/drive/test_hypothesis_glue.py`` (the canary) uses each one and
checks its shape, so that a Hypothesis release that moves one fails that test by name
rather than changing verdicts quietly. ``pyproject.toml`` pins Hypothesis to the releases
the canary passed on.

Public API used elsewhere (``settings``, ``Phase``, ``seed``, ``reproduce_failure``, the
databases, the errors, ``hypothesis.stateful`` rules) is not repeated here."""

from __future__ import annotations

import ast
import contextlib
import re
import time
from typing import Callable, Iterator

import hypothesis
import hypothesis.internal.conjecture.engine as _engine
from hypothesis.core import decode_failure, encode_failure
from hypothesis.reporting import with_reporter
from hypothesis.stateful import get_state_machine_test

Blob = tuple[str, bytes]  # the arguments of @reproduce_failure: Hypothesis's version, its data

# How Hypothesis offers a shrunk example in its report (settings(print_blob=True)): a note on
# the exception it raises.
_BLOB = re.compile(r"@reproduce_failure\('([^']+)', (b'[^']*'|b\"[^\"]*\")\)")


def blob_of(error: BaseException) -> Blob | None:
    """The exact shrunk example, as Hypothesis offers it for @reproduce_failure."""
    for note in getattr(error, "__notes__", ()) or ():
        match = _BLOB.search(note)
        if match:
            return match.group(1), ast.literal_eval(match.group(2))
    return None


def blob_for(choices: tuple) -> Blob:
    """The @reproduce_failure arguments that replay exactly ``choices`` (choices of an example
    Hypothesis ran, some left out or changed: a sequence it never generated itself)."""
    return hypothesis.__version__, encode_failure(choices)


def choices_of(blob: Blob) -> tuple:
    """The choices a blob replays (``blob_for`` undone)."""
    return tuple(decode_failure(blob[1]))


class ShrinkBudget:
    """Hypothesis's shrinking bound (``MAX_SHRINKING_SECONDS``, added to the clock when
    shrinking starts), as ``seconds`` or the time left before ``until``, whichever is
    shorter."""

    def __init__(self, seconds: float, until: float) -> None:
        self.seconds = seconds
        self.until = until

    def value(self) -> float:
        return max(0.0, min(self.seconds, self.until - time.monotonic()))

    def __radd__(self, other: float) -> float:
        return other + self.value()

    __add__ = __radd__


@contextlib.contextmanager
def shrinking_bounded(budget: ShrinkBudget) -> Iterator[None]:
    """Hypothesis's shrinking stops at ``budget`` (its own bound is 300 s, not a setting)."""
    saved = _engine.MAX_SHRINKING_SECONDS
    _engine.MAX_SHRINKING_SECONDS = budget
    try:
        yield
    finally:
        _engine.MAX_SHRINKING_SECONDS = saved


def machine_test(factory: Callable, chosen: hypothesis.settings, digest: bytes) -> Callable[[], None]:
    """The Hypothesis test of the state machine ``factory`` makes, run with ``chosen``
    settings, its examples kept in the database under a key that ``digest`` is part of
    (saved examples are replayed only by the same check code). ``hypothesis.seed`` and
    ``hypothesis.reproduce_failure`` applied to ``factory`` apply to the test."""
    test = get_state_machine_test(factory, settings=chosen)
    test.hypothesis.inner_test._hypothesis_internal_add_digest = digest
    return test


def quietly(test: Callable[[], None]) -> None:
    """Run a Hypothesis test with nothing it reports printed (its exception says it all)."""
    with with_reporter(lambda _message: None):
        test()


# --- inside a running example: what it has drawn ---------------------------------------------


def choices_drawn() -> tuple | None:
    """The choices the current Hypothesis example has drawn so far (None outside one)."""
    try:
        from hypothesis.control import current_build_context

        return tuple(current_build_context().data.choices)
    except Exception:
        return None


def simplest_drawn() -> tuple | None:
    """For each choice the current example has drawn, the simplest value the same draw could
    have made (what Hypothesis's shrinker aims at: 0, the least of a range, the first of a
    ``sampled_from``, False, empty), or None where the choice was forced."""
    try:
        from hypothesis.control import current_build_context
        from hypothesis.internal.conjecture.choice import choice_from_index

        nodes = current_build_context().data.nodes
        return tuple(None if node.was_forced else choice_from_index(0, node.type, node.constraints) for node in nodes)
    except Exception:
        return None


def currently_final() -> bool:
    """True in Hypothesis's last run of the shrunk example — the one that is reported."""
    try:
        from hypothesis.control import current_build_context

        return current_build_context().is_final
    except Exception:
        return True


# --- caches built once, before workers are forked --------------------------------------------


def use_home(path: str) -> None:
    """Hypothesis keeps its files (its ``.hypothesis`` folder) in ``path`` from now on."""
    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(path)


def warm(home: str | None = None, local_constants: bool = False) -> None:
    """Hypothesis builds a table of Unicode categories the first time a check draws text:
    1.1 million lookups, about 0.35 CPU-seconds, in every process that draws. Built here (or
    read from ``home``, its folder, where an earlier process saved it), once, before worker
    processes are forked, it is theirs for free; so are the constants it collects from the
    loaded modules (``local_constants``). A Hypothesis without these: each process builds its
    own, as it would anyway."""
    try:
        from hypothesis.configuration import set_hypothesis_home_dir
        from hypothesis.internal.charmap import charmap

        if home:
            set_hypothesis_home_dir(home)
        charmap()
        if local_constants:
            try:
                from hypothesis.internal.conjecture.providers import _get_local_constants

                _get_local_constants()
            except ImportError:  # pragma: no cover
                pass
    except Exception:  # pragma: no cover
        pass
