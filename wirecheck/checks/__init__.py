"""Which check covers each requirement, per protocol. Every module of this package that
defines ``PROTOCOL_CHECKS = {"protocol": {"ID": Check(...)}}`` is found here, so a new
protocol's checks are one new module. A protocol "exists" for ``wirecheck check --all``
once it has checks."""

from __future__ import annotations

import importlib
import pkgutil

from protocols import PROTOCOLS

from ..drive.runner import Check


def _collect() -> dict[str, dict[str, Check]]:
    found: dict[str, dict[str, Check]] = {}
    for module in pkgutil.iter_modules(__path__):
        checks = getattr(importlib.import_module(f"{__name__}.{module.name}"), "PROTOCOL_CHECKS", {})
        for protocol, by_id in checks.items():
            known = PROTOCOLS[protocol].ids
            for req_id, check in by_id.items():
                if req_id not in known or check.requirement != req_id:
                    raise ValueError(f"{module.name}: {req_id} is not a requirement of {protocol}")
                if req_id in found.get(protocol, {}):  # one check per requirement, whatever the import order
                    raise ValueError(f"{module.name}: {req_id} of {protocol} is already checked by another module")
            found.setdefault(protocol, {}).update(by_id)
    return {name: found[name] for name in PROTOCOLS if name in found}


CHECKS = _collect()


def checks_for(protocol: str) -> dict[str, Check]:
    return CHECKS.get(protocol, {})


def checked_protocols() -> list[str]:
    return list(CHECKS)
