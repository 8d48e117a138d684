"""Tests of wirecheck/checks/."""
