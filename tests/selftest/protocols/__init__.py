"""Tests of protocols/ (the models)."""
