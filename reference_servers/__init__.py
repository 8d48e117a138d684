"""Reference servers: one small stdlib-only model answer per protocol of the standard.

Each runs as a script (``python reference_servers/clock.py --port 12091``) or as a module
(``python -m reference_servers.clock``), with the standard's default port."""
