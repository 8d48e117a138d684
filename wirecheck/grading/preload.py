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
from ..drive import hypothesis_glue


def _warm_hypothesis() -> None:
    home = tempfile.mkdtemp(prefix="wirecheck-preload-")
    try:
        hypothesis_glue.warm(home, local_constants=True)
    finally:
        shutil.rmtree(home, ignore_errors=True)
        tempfile.tempdir = None  # chosen again in each worker, from its own environment


_warm_hypothesis()
