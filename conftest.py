"""Makes the checkout's packages importable and loads wirecheck's pytest plugin (the
``--impl`` option, one test per requirement) for every test run from here."""

pytest_plugins = ["wirecheck.pytest_plugin"]
