"""``wirecheck prairielearn``: PrairieLearn's external grader. The entry point runs on a folder
laid out as PrairieLearn mounts a job (``student/``, ``serverFilesCourse/``, ``tests/``,
``data/data.json``; it writes ``results/results.json``), and its output is validated
against the format PrairieLearn documents for external graders (docs/externalGrading.md,
"Grading results"), written below as a JSON Schema.

The cases of the issue — a correct, a buggy, a not-starting and a wirecheck-fault
submission, and a grader out of time — run the entry point with a scheduler that runs no
server (``fake.py``); one slow test runs it for real on the fixture servers."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest

jsonschema = pytest.importorskip("jsonschema")

from protocols import Level, get_protocol  # noqa: E402
from wirecheck.cli import main  # noqa: E402
from wirecheck.core.results import CheckResult, RequirementResult  # noqa: E402
from wirecheck.grading.config import GradingConfig, build_scheme  # noqa: E402
from wirecheck.grading.model import GRADED, ClassGrading, Outcome  # noqa: E402
from wirecheck.grading import run as run_module  # noqa: E402
from wirecheck.grading.prairielearn import LIMIT, prairielearn_results  # noqa: E402

from .fake import FakeScheduler, server  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs" / "prairielearn"
CLOCK_SERVERS = ROOT / "tests" / "selftest" / "servers" / "clock"
SYNTAX_ERROR = "import socket\nPORT = 12091\n\ndef main(:\n    pass\n"

# PrairieLearn's results.json (docs/externalGrading.md, "Grading results"): when gradable
# (the default) a score from 0 to 1 is the one field required; gradable false needs no score
# and may carry format_errors (a string or a list of them). Tests have a name, description,
# points, max_points, message, output and images; an image is {"label", "url"} (a data URL),
# or, for older graders, the URL alone. wirecheck writes nothing else.
IMAGE = {
    "oneOf": [
        {"type": "string", "pattern": "^data:image/"},
        {
            "type": "object",
            "required": ["url"],
            "additionalProperties": False,
            "properties": {"label": {"type": "string"}, "url": {"type": "string", "pattern": "^data:image/[a-z0-9.+-]+;base64,"}},
        },
    ]
}
TEST = {
    "type": "object",
    "required": ["name", "points", "max_points"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "description": {"type": "string"},
        "points": {"type": "number", "minimum": 0},
        "max_points": {"type": "number", "minimum": 0},
        "message": {"type": "string"},
        "output": {"type": "string"},
        "images": {"type": "array", "items": IMAGE},
    },
}
RESULTS_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "gradable": {"type": "boolean"},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
        "message": {"type": "string"},
        "output": {"type": "string"},
        "format_errors": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "images": {"type": "array", "items": IMAGE},
        "tests": {"type": "array", "items": TEST},
    },
    "if": {"properties": {"gradable": {"const": False}}, "required": ["gradable"]},
    "then": {"required": ["gradable", "format_errors"], "not": {"required": ["score"]}},
    "else": {"required": ["score"]},
}


def validate(data: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(RESULTS_SCHEMA)
    jsonschema.validate(data, RESULTS_SCHEMA, cls=jsonschema.Draft202012Validator)
    assert len(json.dumps(data).encode()) < LIMIT
    for test in data.get("tests", []):
        assert test["points"] <= test["max_points"], test["name"]
        for image in test.get("images", []):
            svg = base64.b64decode(image["url"].split(",", 1)[1])
            assert ET.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"  # a document a browser shows alone


def job_folder(tmp_path: Path, files: dict[str, str | Path], config: str | None = None) -> Path:
    """A grading job as PrairieLearn lays it out: /grade/{student,tests,serverFilesCourse,data}."""
    root = tmp_path / "grade"
    for name, source in files.items():
        path = root / "student" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source.read_text() if isinstance(source, Path) else source)
    (root / "data").mkdir(parents=True)
    (root / "data" / "data.json").write_text(json.dumps({"params": {}, "submitted_answers": {}}))
    (root / "serverFilesCourse").mkdir()
    if config is not None:
        (root / "tests").mkdir()
        (root / "tests" / "wirecheck.toml").write_text(config)
    return root


CLOCK = get_protocol("clock")
# clock's full points, 2 per MUST and 1 per SHOULD: 13 (5 MUSTs, 3 SHOULDs).
FULL = sum(2 if r.level is Level.MUST else 1 for r in CLOCK.requirements)
CONFIG = 'protocols = ["clock"]\nseed = 20261124\nprofile = "quick"\n[visibility]\nCLOCK-6 = "hidden"\n'


def grade(root: Path, *extra: str, monkeypatch=None) -> dict:
    if monkeypatch is not None:
        monkeypatch.setattr(run_module, "Scheduler", FakeScheduler)
    assert main(["prairielearn", "--root", str(root), "--jobs", "1", *extra]) == 0
    return json.loads((root / "results" / "results.json").read_text())


def by_id(data: dict) -> dict[str, dict]:
    return {t["name"].split(": ")[1].split(" ")[0]: t for t in data["tests"]}


def test_a_correct_submission_scores_one(tmp_path, monkeypatch):
    root = job_folder(tmp_path, {"clockserver.py": server()}, CONFIG)
    data = grade(root, monkeypatch=monkeypatch)
    validate(data)
    assert data["gradable"] is True and data["score"] == 1
    tests = by_id(data)
    assert "CLOCK-6" not in tests  # hidden: graded, not shown
    assert "1 more requirement(s) are graded but not shown" in data["message"]
    assert all(t["points"] == t["max_points"] > 0 and "images" not in t for t in tests.values())
    assert tests["CLOCK-1"]["description"] == CLOCK.requirement("CLOCK-1").text
    assert "seed 20261124" in data["output"]  # the question's own configuration was read


def test_a_buggy_submission_scores_its_points_with_each_failure_s_diagram(tmp_path, monkeypatch):
    root = job_folder(tmp_path, {"clockserver.py": server("CLOCK-1=fail CLOCK-7=fail CLOCK-4=not_shown")}, CONFIG)
    data = grade(root, monkeypatch=monkeypatch)
    validate(data)
    tests = by_id(data)
    assert data["gradable"] is True
    # 2 per MUST, 1 per SHOULD: 13 in all; CLOCK-1 (2), CLOCK-4 (1) and CLOCK-7 (1) lost.
    assert data["score"] == pytest.approx((FULL - 4) / FULL)
    assert (tests["CLOCK-1"]["points"], tests["CLOCK-1"]["max_points"]) == (0, 2)
    assert tests["CLOCK-1"]["message"].startswith("FAIL")
    assert "Expected:" in tests["CLOCK-1"]["output"]
    for req_id in ("CLOCK-1", "CLOCK-7"):
        [image] = tests[req_id]["images"]
        assert image["url"].startswith("data:image/svg+xml;base64,") and req_id in image["label"]
        assert "broken here" in base64.b64decode(image["url"].split(",", 1)[1]).decode()
    assert "images" not in tests["CLOCK-4"]  # not shown: nothing to draw
    assert tests["CLOCK-4"]["message"].startswith("NOT SHOWN")


def test_a_server_that_does_not_start_is_gradable_with_zero_and_its_cause(tmp_path, monkeypatch):
    root = job_folder(tmp_path, {"clockserver.py": server("nostart")}, CONFIG)
    data = grade(root, monkeypatch=monkeypatch)
    validate(data)
    assert data["gradable"] is True and data["score"] == 0
    assert "did not start" in data["output"] and "SyntaxError" in data["output"]
    assert data["output"].count("Python cannot read this file") == 1  # told once, not per test
    assert all("did not start" in t["message"] for t in data["tests"])


def test_a_fault_of_wirecheck_is_not_gradable_and_costs_no_attempt(tmp_path, monkeypatch):
    root = job_folder(tmp_path, {"clockserver.py": server("CLOCK-3=wirecheck CLOCK-1=fail")}, CONFIG)
    data = grade(root, monkeypatch=monkeypatch)
    validate(data)
    assert data["gradable"] is False and "score" not in data
    assert "clock: CLOCK-3" in data["format_errors"][0] and "no attempt" in data["message"]


def test_a_grader_out_of_time_is_not_gradable(tmp_path, monkeypatch):
    root = job_folder(tmp_path, {"clockserver.py": server("hang")}, CONFIG)
    clock = iter(range(1000, 10**6, 5))  # seconds that pass as the scheduler ticks: no waiting
    monkeypatch.setattr(run_module, "time", SimpleNamespace(monotonic=lambda: float(next(clock))))
    data = grade(root, "--timeout", "60", monkeypatch=monkeypatch)
    validate(data)
    assert data["gradable"] is False and "ran out of time (60 s)" in data["format_errors"][0]


def test_the_file_written_before_the_first_check_is_not_gradable(tmp_path, monkeypatch):
    root = job_folder(tmp_path, {"clockserver.py": server()}, CONFIG)
    seen = []

    class Watching(FakeScheduler):
        def run(self, jobs, on_done, on_tick=None):
            seen.append(json.loads((root / "results" / "results.json").read_text()))
            super().run(jobs, on_done, on_tick)

    monkeypatch.setattr(run_module, "Scheduler", Watching)
    assert main(["prairielearn", "--root", str(root)]) == 0
    [first] = seen
    validate(first)
    assert first["gradable"] is False and "not finished" in first["format_errors"][0]


def test_a_wrong_configuration_is_exit_2_and_not_gradable(tmp_path, monkeypatch, capsys):
    root = job_folder(tmp_path, {"clockserver.py": server()}, 'protocols = ["clock"]\n[points]\nCLOCK-1 = "two"\n')
    monkeypatch.setattr(run_module, "Scheduler", FakeScheduler)
    assert main(["prairielearn", "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "points.CLOCK-1: expected a number" in err
    data = json.loads((root / "results" / "results.json").read_text())
    validate(data)
    assert data["gradable"] is False


def test_the_root_comes_from_the_environment(tmp_path, monkeypatch):
    root = job_folder(tmp_path, {"clockserver.py": server()}, CONFIG)
    monkeypatch.setenv("WIRECHECK_PRAIRIELEARN_ROOT", str(root))
    monkeypatch.setattr(run_module, "Scheduler", FakeScheduler)
    assert main(["prairielearn"]) == 0
    assert json.loads((root / "results" / "results.json").read_text())["score"] == 1


def test_results_stay_under_prairielearn_s_limit():
    """Seven failures of 3000 steps each: their diagrams and outputs would pass 1 MB."""
    steps = " · ".join(f'client {n % 40 + 1} sends "What is the time?        "' for n in range(3000))
    counterexample = f"{steps} · expected: a reply · got: none — CLOCK-1"
    result = CheckResult("clock", "student/clockserver.py", 7, [
        RequirementResult(r.id, r.level, "fail", "no reply", counterexample.replace("CLOCK-1", r.id)) for r in CLOCK.requirements
    ])
    grading = ClassGrading(7, {"clock": build_scheme(CLOCK, GradingConfig(), set(CLOCK.ids))}, ["student"])
    grading.outcomes[("student", "clock")] = Outcome("student", "clock", "student/clockserver.py", GRADED, result)
    data = prairielearn_results(grading, "student")
    validate(data)
    assert "left out to fit PrairieLearn's 1 MB" in data["message"]
    assert any("images" in t for t in data["tests"])  # as many diagrams kept as fit


def test_the_docs_recipe_is_what_prairielearn_reads():
    info = json.loads((DOCS / "info.json").read_text())
    options = info["externalGradingOptions"]
    assert options["enabled"] is True and options["image"] and 0 < options["timeout"] <= 600
    entry = options["entrypoint"]
    entry = entry.split() if isinstance(entry, str) else entry
    # An absolute path in the image (PrairieLearn's rule), the command, and the question's timeout.
    assert entry[0].startswith("/") and entry[0].endswith("/bin/wirecheck") and entry[1] == "prairielearn"
    assert f"--timeout {options['timeout']}" in " ".join(entry)
    dockerfile = (DOCS / "Dockerfile").read_text()
    assert "pip install" in dockerfile and "wirecheck-*.whl" in dockerfile
    assert str(Path(entry[0]).parent.parent) in dockerfile  # the image installs what the entry point runs
    config = (DOCS / "wirecheck.toml").read_text()
    assert "time_limit" in config and 'seed' in config
    from wirecheck.grading.config import load_config
    from wirecheck.grading.run import time_margin
    from wirecheck.grading.scheduler import LIMIT_GRACE

    # Valid, and a check past its own limit is stopped before the grader's time is up.
    limit = load_config(DOCS / "wirecheck.toml").time_limit
    assert limit + LIMIT_GRACE < options["timeout"] - time_margin(options["timeout"])


@pytest.mark.slow
def test_the_entry_point_grades_real_servers(tmp_path):
    """The entry point as PrairieLearn runs it, a process, on the fixture servers: a correct
    one, a buggy one (CLOCK-1) and one that does not start."""
    config = 'protocols = ["clock"]\nseed = 20261124\nprofile = "quick"\nexamples = 5\ntime_limit = 120\n'
    cases = {
        "correct": CLOCK_SERVERS / "correct_threading_tcpserver.py",
        "buggy": CLOCK_SERVERS / "buggy_zero_padded_day.py",
        "nostart": SYNTAX_ERROR,
    }
    found = {}
    for name, source in cases.items():
        root = job_folder(tmp_path / name, {"clockserver.py": source}, config)
        env = {**os.environ, "WIRECHECK_PRAIRIELEARN_ROOT": str(root), "WIRECHECK_PRAIRIELEARN_TIMEOUT": "300"}
        done = subprocess.run(
            [sys.executable, "-m", "wirecheck", "prairielearn", "--jobs", "1"], cwd=tmp_path, env=env,
            capture_output=True, text=True, timeout=600,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        found[name] = json.loads((root / "results" / "results.json").read_text())
        validate(found[name])
    assert found["correct"]["gradable"] and found["correct"]["score"] == 1
    buggy = by_id(found["buggy"])
    assert found["buggy"]["gradable"] and found["buggy"]["score"] == pytest.approx((FULL - 2) / FULL)  # CLOCK-1, a MUST, lost
    assert buggy["CLOCK-1"]["points"] == 0 and buggy["CLOCK-1"]["images"]
    assert found["nostart"]["gradable"] and found["nostart"]["score"] == 0
    assert "line 4" in found["nostart"]["output"]
