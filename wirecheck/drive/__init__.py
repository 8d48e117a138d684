"""What drives clients and runs checks against a server the harness started.

``clients`` (socket drivers that record what they see and wait with deadlines),
``machine`` (the state-machine base every protocol's checks share), ``replay`` and
``replay_engine`` (a counterexample as data, and the stdlib-only code that replays it),
``process_observer`` (a forking server's processes over time), ``runner`` (the verdict
policy: one requirement's verdict from its attempts), ``attempt`` (one Hypothesis run of a
check, and what came of it), ``minimise`` (clients and steps that play no part in a failure
left out), ``hypothesis_glue`` (every use of Hypothesis's internals), ``parallel`` (requirements side by side in worker
processes) and ``profiles`` (the Hypothesis settings of quick, default, deep and grading).

It builds on ``wirecheck.harness`` and never on the faces (CLI, pytest plugin, grading).
"""
