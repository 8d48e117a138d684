"""What the grader's fork server loads once, so that every worker forked from it starts with
it done (``worker_process``): wirecheck's checks, drivers and harness, Hypothesis, and the two
things Hypothesis otherwise builds in every process on its first draw — its table of Unicode
categories (1.1 million lookups) and the constants it collects from local modules.

Hypothesis keeps its table on disk in its home folder; here that is a folder of its own,
removed at once (the table stays in memory), so nothing is written where the grader runs."""

from __future__ import annotations

import shutil
import tempfile

from . import worker  # noqa: F401  - the worker and, through it, checks, drive and harness
from ..checks import CHECKS  # noqa: F401  - every protocol's checks


def _warm_hypothesis() -> None:
    home = tempfile.mkdtemp(prefix="wirecheck-preload-")
    try:
        from hypothesis.configuration import set_hypothesis_home_dir
        from hypothesis.internal.charmap import charmap

        set_hypothesis_home_dir(home)
        charmap()
        try:
            from hypothesis.internal.conjecture.providers import _get_local_constants

            _get_local_constants()
        except ImportError:  # pragma: no cover - a Hypothesis without it: each worker collects its own
            pass
    except Exception:  # pragma: no cover - a Hypothesis without these: each worker builds its own
        pass
    finally:
        shutil.rmtree(home, ignore_errors=True)
        tempfile.tempdir = None  # chosen again in each worker, from its own environment


_warm_hypothesis()
