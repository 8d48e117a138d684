"""What drives clients and runs checks against a server the harness started.

``clients`` (socket drivers that record what they see and wait with deadlines),
``machine`` (the state-machine base every protocol's checks share), ``replay`` and
``replay_engine`` (a counterexample as data, and the stdlib-only code that replays it),
``process_observer`` (a forking server's processes over time), ``runner`` (one
requirement as one Hypothesis run), ``parallel`` (requirements side by side in worker
processes) and ``profiles`` (the Hypothesis settings of quick, default, deep and grading).

It builds on ``wirecheck.harness`` and never on the faces (CLI, pytest plugin, grading).
"""
