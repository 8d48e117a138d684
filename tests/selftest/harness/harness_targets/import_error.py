"""Imports a module that does not exist."""
import socketserverr  # noqa: F401
