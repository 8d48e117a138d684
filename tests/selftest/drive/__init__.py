"""Tests of wirecheck.drive: clients, the state-machine base, attempts, the runner, the minimiser."""
