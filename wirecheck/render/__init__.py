"""Renderers: verdicts as text, JSON, JUnit, pages, sequence diagrams, charts and the standard's tables. Pure functions of data; nothing here runs a server."""
