"""results.json: the whole grading as data — per student, per protocol, the ``check
--json`` object unchanged, with the points, the server's output for each failure and the
replays. It is also what ``wirecheck merge`` reads back, so it round-trips."""

from __future__ import annotations

import json
from typing import Any

from protocols import Level

from .. import __version__
from ..core.errors import ConfigError
from ..core.results import CheckResult, RequirementResult
from .model import GRADED, MISSING, PENDING, AppliedPolicy, ClassGrading, Outcome, ProtocolScheme, RequirementScheme, StudentPolicies
from .scoring import final_points, max_points, protocol_points, requirement_points, student_done, student_points
from .text import output_tail

FORMAT = 1
OUTPUT_LINES = 40  # of a server's output, per failing requirement


def to_results(grading: ClassGrading) -> dict[str, Any]:
    students: dict[str, Any] = {}
    for student in grading.students:
        protocols = {}
        for name, scheme in grading.schemes.items():
            protocols[name] = _outcome(scheme, grading.outcome(student, name))
        students[student] = {
            "points": student_points(grading, student),
            "max_points": max_points(grading),
            "complete": student_done(grading, student),
            "protocols": protocols,
        }
        applied = grading.policies.get(student)
        if applied is not None:  # what counts after the course's policies, and each one's part
            students[student]["final_points"] = final_points(grading, student)
            students[student]["policies"] = [
                {"policy": p.name, "state": p.state, "detail": p.detail, "before": p.before, "after": p.after}
                for p in applied.applied
            ]
    return {
        "wirecheck": __version__,
        "format": FORMAT,
        "seed": grading.seed,
        "complete": grading.complete,
        "interrupted": grading.interrupted,
        "settings": grading.settings,
        "max_points": max_points(grading),
        "protocols": {name: _scheme(scheme) for name, scheme in grading.schemes.items()},
        "students": students,
    }


def results_text(grading: ClassGrading) -> str:
    return json.dumps(to_results(grading), indent=2, ensure_ascii=False) + "\n"


def _scheme(scheme: ProtocolScheme) -> dict[str, Any]:
    return {
        "file": scheme.filename,
        "max_points": scheme.max_points,
        "requirements": [
            {
                "id": r.id,
                "level": str(r.level),
                "text": r.text,
                "points": r.points,
                "visibility": r.visibility,
                "counted": r.counted,
                "checked": r.checked,
                "intermittent_credit": r.intermittent_credit,
            }
            for r in scheme.requirements
        ],
    }


def _outcome(scheme: ProtocolScheme, outcome: Outcome) -> dict[str, Any]:
    data: dict[str, Any] = {
        "state": outcome.state,
        "file": outcome.file,
        "sha256": outcome.digest,
        "points": protocol_points(scheme, outcome),
        "max_points": scheme.max_points,
        "seconds": round(outcome.seconds, 3),
        "check": outcome.result.to_dict() if outcome.result is not None else None,
    }
    if outcome.result is not None:
        data["requirement_points"] = {
            r.id: requirement_points(r, outcome.item(r.id)) for r in scheme.requirements if outcome.item(r.id) is not None
        }
        data["server_output"] = {
            i.id: output_tail(i.server_output, OUTPUT_LINES)
            for i in outcome.result.requirements
            if i.verdict in ("fail", "not shown", "error") and i.server_output.strip()
        }
        data["replays"] = {i.id: i.replay for i in outcome.result.requirements if i.replay}
    return data


# --- reading it back -------------------------------------------------------------------


def grading_from_results(data: dict[str, Any], source: str = "results.json") -> ClassGrading:
    """A ClassGrading from results.json data (for ``merge``)."""
    try:
        if data.get("format") != FORMAT:
            raise ConfigError(f"{source}: not a wirecheck results.json of format {FORMAT}")
        schemes = {name: _scheme_from(name, value) for name, value in data["protocols"].items()}
        grading = ClassGrading(
            seed=int(data["seed"]),
            schemes=schemes,
            students=list(data["students"]),
            settings=dict(data.get("settings") or {}),
            complete=bool(data.get("complete")),
            interrupted=bool(data.get("interrupted")),
        )
        for student, record in data["students"].items():
            for name in schemes:
                grading.outcomes[(student, name)] = _outcome_from(student, name, record["protocols"][name])
            if "policies" in record:
                grading.policies[student] = StudentPolicies(
                    float(record["points"]),
                    float(record["final_points"]),
                    tuple(
                        AppliedPolicy(p["policy"], p["state"], p["detail"], _number(p.get("before")), _number(p.get("after")))
                        for p in record["policies"]
                    ),
                )
        return grading
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{source}: not a complete wirecheck results.json ({type(exc).__name__}: {exc})") from None


def _number(value) -> float | None:
    return None if value is None else float(value)


def _scheme_from(name: str, value: dict[str, Any]) -> ProtocolScheme:
    requirements = tuple(
        RequirementScheme(
            id=r["id"],
            level=Level(r["level"]),
            text=r["text"],
            points=float(r["points"]),
            visibility=r["visibility"],
            counted=bool(r["counted"]),
            checked=bool(r["checked"]),
            intermittent_credit=float(r.get("intermittent_credit", 0.0)),
        )
        for r in value["requirements"]
    )
    return ProtocolScheme(name, value["file"], requirements)


def _outcome_from(student: str, protocol: str, value: dict[str, Any]) -> Outcome:
    state = value["state"]
    if state not in (PENDING, GRADED, MISSING):
        raise ValueError(f"unknown state {state!r}")
    check = value.get("check")
    result = None
    if check is not None:
        outputs = value.get("server_output") or {}
        replays = value.get("replays") or {}
        result = CheckResult(check["protocol"], check["target"], int(check["seed"]), address=check.get("address") or "")
        for item in check["requirements"]:
            result.requirements.append(
                RequirementResult(
                    item["id"],
                    Level(item["level"]),
                    item["verdict"],
                    item.get("detail") or "",
                    item.get("counterexample"),
                    outputs.get(item["id"], ""),
                    replay=replays.get(item["id"]),
                    fault=item.get("fault"),
                )
            )
    return Outcome(student, protocol, value.get("file"), state, result, float(value.get("seconds") or 0.0), value.get("sha256"))
