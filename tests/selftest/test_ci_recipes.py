"""The CI recipes in docs/ci/, run here by their own commands.

Each workflow file is read as YAML and its shell commands are run locally, in a folder laid
out as the runner's checkout would be, with the variables a runner gives (the matrix value
and job total on GitHub, CI_NODE_INDEX/CI_NODE_TOTAL on GitLab). What only a hosted runner
does is left out and checked instead: installing wirecheck (it is installed here), checking
out, setting up Python. Artifacts need no copying: every job here shares one folder, and
the recipes upload and download each shard at the same path.

The class is tiny (two students, the quick profile) so that this stays bounded."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each recipe grades a class

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[2]
RECIPES = ROOT / "docs/ci"
REFERENCE = ROOT / "reference_servers/clock.py"
BUGGY = ROOT / "tests/selftest/servers/clock/buggy_zero_padded_day.py"  # fails CLOCK-1 alone
SHARDS = 2


def load(name: str) -> dict:
    return yaml.safe_load((RECIPES / name).read_text())


def is_install(command: str) -> bool:
    return bool(re.match(r"python -m pip install ", command.strip()))


def shell(command: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full = dict(os.environ)
    full["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), full.get("PATH", "")])
    full["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    full.update(env or {})
    return subprocess.run(["bash", "-eo", "pipefail", "-c", command], cwd=cwd, env=full, capture_output=True, text=True, timeout=600)


def expand(text: str, values: dict[str, str]) -> str:
    """GitHub's ``${{ expr }}``, for the few expressions the recipes use."""

    def one(match: re.Match) -> str:
        expr = match.group(1).strip()
        if expr not in values:
            raise AssertionError(f"expression {expr!r} not known to this test")
        return values[expr]

    return re.sub(r"\$\{\{(.*?)\}\}", one, text)


def run_all(commands: list[str], cwd: Path, env: dict[str, str]) -> None:
    for command in commands:
        done = shell(command, cwd, env)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"


def test_classroom_autograding_gives_the_points_the_command_grader_would(tmp_path):
    workflow = load("github-classroom-autograding.yml")
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    graders = [s for s in steps if str(s.get("uses", "")).startswith("classroom-resources/autograding-command-grader")]
    others = [s for s in steps if s not in graders]
    assert all(is_install(s["run"]) for s in others if "run" in s), "a shell step that this test does not run"
    (reporter,) = [s for s in others if str(s.get("uses", "")).startswith("classroom-resources/autograding-grading-reporter")]
    assert reporter["with"]["runners"].split(",") == [s["id"] for s in graders]
    for step in graders:
        assert f"{step['id'].upper()}_RESULTS" in reporter["env"]
    assert len(graders) >= 2

    repos = {}
    for name, server in (("correct", REFERENCE), ("buggy", BUGGY)):
        repos[name] = tmp_path / name
        repos[name].mkdir()
        shutil.copy(server, repos[name] / "clockserver.py")
    runs = [(name, step) for name in repos for step in graders]
    with ThreadPoolExecutor(4) as pool:
        done = list(pool.map(lambda r: shell(r[1]["with"]["command"], repos[r[0]], dict(workflow.get("env", {}))), runs))
    points = {name: 0 for name in repos}
    for (name, step), result in zip(runs, done):
        assert result.returncode in (0, 1), result.stdout + result.stderr  # a verdict, never a usage error
        if result.returncode == 0:
            points[name] += int(step["with"]["max-score"])
    total = sum(int(s["with"]["max-score"]) for s in graders)
    clock_1 = next(int(s["with"]["max-score"]) for s in graders if "--only CLOCK-1 " in s["with"]["command"])
    assert points == {"correct": total, "buggy": total - clock_1}


@pytest.fixture
def grading_repo(tmp_path: Path) -> Path:
    """A course's grading repository: two students and a configuration with a fixed seed."""
    repo = tmp_path / "course"
    for student, server in (("alice", REFERENCE), ("bob", BUGGY)):
        (repo / "submissions" / student).mkdir(parents=True)
        shutil.copy(server, repo / "submissions" / student / "clockserver.py")
    (repo / "grading.toml").write_text('protocols = ["clock"]\nseed = 2026\nprofile = "quick"\n')
    return repo


def github_commands(job: dict, values: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    env = {k: expand(str(v), values) for k, v in (job.get("env") or {}).items()}
    commands = []
    for step in job["steps"]:
        if "run" not in step:
            assert str(step.get("uses", "")).split("@")[0] in (
                "actions/checkout", "actions/setup-python", "actions/upload-artifact", "actions/download-artifact",
            ), step  # fmt: skip
            continue
        if not is_install(step["run"]):
            commands.append(expand(step["run"], values))
    return commands, env


def gitlab_commands(job: dict) -> list[str]:
    assert all(is_install(c) for c in job.get("before_script", []))
    return list(job["script"])


def test_sharded_recipes_merge_into_the_gradebook_of_one_machine(grading_repo):
    """Both recipes' shard jobs run side by side, as a runner's matrix would, each recipe in
    a checkout of its own, beside the whole class graded on one machine."""
    github, gitlab = grading_repo.with_name("github"), grading_repo.with_name("gitlab")
    shutil.copytree(grading_repo, github)
    shutil.copytree(grading_repo, gitlab)

    workflow = load("github-actions-grading.yml")
    top_env = {k: str(v) for k, v in workflow.get("env", {}).items()}
    grade, merge = workflow["jobs"]["grade"], workflow["jobs"]["merge"]
    assert merge["needs"] == "grade"
    pipeline = load("gitlab-ci-grading.yml")
    variables = {k: str(v) for k, v in pipeline.get("variables", {}).items()}
    assert pipeline["stages"] == ["grade", "merge"] and isinstance(pipeline["grade"]["parallel"], int)

    shard_jobs = [(["wirecheck grade submissions --config grading.toml --out whole"], grading_repo, {})]
    for index in range(SHARDS):
        values = {"matrix.shard": str(index + 1), "strategy.job-total": str(SHARDS), "strategy.job-index": str(index)}
        commands, env = github_commands(grade, values)
        shard_jobs.append((commands, github, {**top_env, **env}))
        node = {"CI_NODE_INDEX": str(index + 1), "CI_NODE_TOTAL": str(SHARDS)}
        shard_jobs.append((gitlab_commands(pipeline["grade"]), gitlab, {**variables, **node}))
    with ThreadPoolExecutor(len(shard_jobs)) as pool:
        list(pool.map(lambda job: run_all(*job), shard_jobs))

    expected = (grading_repo / "whole/gradebook.csv").read_text()
    assert "alice" in expected and "bob" in expected
    commands, env = github_commands(merge, {})
    run_all(commands, github, {**top_env, **env})
    run_all(gitlab_commands(pipeline["merge"]), gitlab, variables)
    for checkout in (github, gitlab):
        assert (checkout / "graded/gradebook.csv").read_text() == expected
        assert (checkout / "graded/report.html").is_file()
