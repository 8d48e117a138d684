"""Tests of wirecheck/render/."""
