"""Makes the checkout's packages importable for every test run from here. wirecheck's pytest
plugin (the ``--impl`` option, one test per requirement) is loaded by its ``pytest11`` entry
point once the checkout is installed; only when it is not (the checkout used from
PYTHONPATH, or plugin autoloading turned off) is it loaded from here — registering it twice
under two names is an error in pytest."""

import os


def _entry_point_loads() -> bool:
    if os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
        return False
    from importlib.metadata import entry_points

    return any(ep.value == "wirecheck.pytest_plugin" for ep in entry_points(group="pytest11"))


pytest_plugins = [] if _entry_point_loads() else ["wirecheck.pytest_plugin"]
