"""Tests of wirecheck/grading/."""
