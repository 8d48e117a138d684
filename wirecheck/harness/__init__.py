"""The harness: runs any target safely, and leaves nothing behind.

What it promises: any target — a file or a dotted module, a script that hard-codes its
host and port, binds a Unix path, forks, reads standard input or ignores ctrl-C — runs
unchanged, under limits, on a loopback port (or private path) the harness chose, so any
number run side by side; it is stopped with SIGINT, and after the grace period every
process of its tree is killed, however it forked or left its session.

Modules: ``target`` (what the user named, resolved without importing it), ``_bootstrap``
(runs first inside the target process), ``sandbox`` (limits, and an unprivileged user and
private folder under root), ``zygote`` (fresh servers forked from a started interpreter),
``launcher`` (start, wait for listen, stop), ``proctree`` (every process of a target) and
``output`` (the target's output, capped).

What it must never import: the checks (``wirecheck.checks``), grading
(``wirecheck.grading``), the client machinery (``wirecheck.drive``) or Hypothesis. It is
reusable and testable alone; ``tests/selftest/harness/test_layout.py`` keeps this true.
"""
