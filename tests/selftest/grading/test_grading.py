"""The grading core without servers: configuration, discovery, scoring, and every writer
on a class made of plain data. Fast; the live grading of a class is test_grading_class.py."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from protocols import Level, get_protocol
from wirecheck.core.errors import ConfigError
from wirecheck.grading.config import GradingConfig, build_scheme, load_config, parse_config
from wirecheck.grading.discovery import locate, parse_shard, present_protocols, shard, student_folders
from wirecheck.grading.feedback import feedback_markdown
from wirecheck.grading.files import replace_folder_files, write_atomic
from wirecheck.grading.gradebook import gradebook_csv
from wirecheck.grading.gradescope import gradescope_results
from wirecheck.grading.html_report import html_report
from wirecheck.grading.junit import junit_xml
from wirecheck.grading.model import GRADED, MISSING, PENDING, ClassGrading, Outcome
from wirecheck.grading.outputs import CLASS_FILES, write_outputs
from wirecheck.grading.progress import duration, progress_line
from wirecheck.grading.results_json import grading_from_results, to_results
from wirecheck.grading.run import Progress, missing_result
from wirecheck.grading.scoring import max_points, protocol_points, show_points, student_points
from wirecheck.grading.text import split_counterexample
from wirecheck.grading.worker import run_options
from wirecheck.core.results import CheckResult, RequirementResult

from ..chromium import chromium, probe_report
from ..gradescope_schema import validate_gradescope

CLOCK = get_protocol("clock")
COUNTEREXAMPLE = (
    'client 1 connects · client 1 sends "What is the time?        " · client 1 waits for the reply'
    " · expected: the current time as ctime text, like 'Thu Nov  5 10:00:00 2026'"
    ' · got: "Thu Nov 05 10:00:00 2026": not ctime\'s format — CLOCK-1'
)
REPLAY = {
    "format": 1,
    "protocol": "clock",
    "transport": "tcp",
    "port": 12091,
    "requirement": "CLOCK-1",
    "clock_shift": 0.0,
    "steps": ["client 1 connects", 'client 1 sends "What is the time?        "', "client 1 waits for the reply"],
    "actions": [
        {"step": 0, "client": 1, "do": "connect"},
        {"step": 1, "client": 1, "do": "send", "data": b"What is the time?        ".hex()},
        {"step": 3, "do": "wait", "clients": [1], "seconds": 2.0, "held": True, "until": {"1": {"count": 24, "ended": True}}},
    ],
    "expected": "the current time as ctime text",
    "got": '"Thu Nov 05 10:00:00 2026"',
    "judge": {"kind": "ctime", "client": 1, "exact": True},
    "observed": {"1": {"received": b"Thu Nov 05 10:00:00 2026".hex(), "ended": True}},
}


def clock_result(failing: dict[str, str] | None = None, target: str = "x/clockserver.py", seed: int = 7) -> CheckResult:
    failing = failing or {}
    result = CheckResult("clock", target, seed)
    for req in CLOCK.requirements:
        if req.id in failing:
            verdict = failing[req.id]
            result.requirements.append(
                RequirementResult(
                    req.id,
                    req.level,
                    verdict,
                    "server did not start" if verdict == "error" else "not ctime's format",
                    COUNTEREXAMPLE if verdict == "fail" else None,
                    "read b'What is the time?'\n\x00binary\x1b[0m\n",
                    0.5,
                    replay=REPLAY if verdict == "fail" else None,
                )
            )
        else:
            result.requirements.append(RequirementResult(req.id, req.level, "pass", seconds=0.25))
    return result


def make_class(config: GradingConfig | None = None) -> ClassGrading:
    config = config or GradingConfig()
    scheme = build_scheme(CLOCK, config, set(CLOCK.ids))
    grading = ClassGrading(seed=7, schemes={"clock": scheme}, students=["alice", "bob", "carol", "dave"], settings={"profile": "quick"})
    grading.outcomes[("alice", "clock")] = Outcome("alice", "clock", "alice/clockserver.py", GRADED, clock_result(), 3.0)
    grading.outcomes[("bob", "clock")] = Outcome(
        "bob", "clock", "bob/clockserver.py", GRADED, clock_result({"CLOCK-1": "fail", "CLOCK-7": "fail"}), 4.0
    )
    grading.outcomes[("carol", "clock")] = Outcome(
        "carol", "clock", None, MISSING, missing_result("clock", "carol/clockserver.py", 7, ("clockserver.py",))
    )
    grading.outcomes[("dave", "clock")] = Outcome("dave", "clock", "dave/sub/clockserver.py", PENDING)
    return grading


# --- configuration -----------------------------------------------------------------------


def test_defaults_are_two_points_per_must_and_one_per_should():
    scheme = build_scheme(CLOCK, GradingConfig(), set(CLOCK.ids))
    assert scheme.max_points == 5 * 2 + 3 * 1
    assert {r.id: r.points for r in scheme.requirements}["CLOCK-7"] == 1


def test_a_full_configuration_is_read(tmp_path):
    path = tmp_path / "grading.toml"
    path.write_text(
        """
protocols = ["clock", "clock-udp"]
seed = 99
profile = "quick"
examples = 5
time_limit = 30
jobs = 3
count_hidden = false

[files]
clock = ["clock_server.py", "clockserver.py"]
clock-udp = "udp.py"

[points]
MUST = 3
SHOULD = 0.5
CLOCK-5 = 10

[visibility]
CLOCK-5 = "hidden"
CLOCK-6 = "after_published"

[env]
SECRET = "42"
"""
    )
    config = load_config(path)
    assert config.protocols == ("clock", "clock-udp") and config.seed == 99 and config.jobs == 3
    assert config.files["clock"] == ("clock_server.py", "clockserver.py") and config.files["clock-udp"] == ("udp.py",)
    assert config.points_for("CLOCK-1", Level.MUST) == 3 and config.points_for("CLOCK-5", Level.MUST) == 10
    assert config.points_for("CLOCK-7", Level.SHOULD) == 0.5
    scheme = build_scheme(CLOCK, config, set(CLOCK.ids))
    hidden = scheme.requirement("CLOCK-5")
    assert hidden.visibility == "hidden" and not hidden.counted and hidden.max_points == 0
    assert scheme.max_points == 3 * 3 + 0.5 * 3  # CLOCK-5 and CLOCK-6 are hidden and not counted
    assert config.env == {"SECRET": "42"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[points]\nCLOCK-1 = \"two\"", "grading.toml: points.CLOCK-1: expected a number"),
        ("[points]\nCLOCK-99 = 1", "grading.toml: points.CLOCK-99: no such requirement"),
        ("[points]\nMUST = -1", "grading.toml: points.MUST: expected a number"),
        ("[visibility]\nCLOCK-1 = \"secret\"", "grading.toml: visibility.CLOCK-1: expected one of visible, hidden"),
        ("protocols = [\"clocks\"]", "grading.toml: protocols: unknown protocol 'clocks'"),
        ("protocols = \"clock\"", "grading.toml: protocols: expected a list of names"),
        ("pionts = 1", "grading.toml: pionts: unknown setting"),
        ("time_limit = 0", "grading.toml: time_limit: expected a number of seconds above 0"),
        ("seed = -3", "grading.toml: seed: expected a whole number from 0 up"),
        ("jobs = 1.5", "grading.toml: jobs: expected a whole number from 1 up"),
        ("profile = \"fast\"", "grading.toml: profile: expected one of quick, default, deep"),
        ("[files]\nclock = \"../x.py\"", "grading.toml: files.clock: '../x.py' is not a path inside a submission folder"),
        ("[files]\nnope = \"x.py\"", "grading.toml: files.nope: no such protocol"),
        ("count_hidden = \"yes\"", "grading.toml: count_hidden: expected true or false"),
        ("points = 3", "grading.toml: points: expected a table"),
        ("intermittent_credit = 2", "grading.toml: intermittent_credit: expected a number from 0 to 1"),
        ("[points\n", "grading.toml: not valid TOML"),
    ],
)
def test_a_bad_value_is_named_with_where_it_came_from(tmp_path, text, message):
    path = tmp_path / "grading.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).replace(str(tmp_path) + "/", "").startswith(message), str(caught.value)


def test_a_missing_config_file_is_one_line(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "nope.toml")


def test_hidden_requirements_count_unless_the_config_says_not():
    counted = build_scheme(CLOCK, parse_config({"visibility": {"CLOCK-5": "hidden"}}), set(CLOCK.ids))
    assert counted.requirement("CLOCK-5").counted and counted.max_points == 13


# --- discovery -----------------------------------------------------------------------------


def test_files_are_found_at_the_top_or_in_a_subfolder(tmp_path):
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "clockserver.py").write_text("")
    (tmp_path / "bob" / "upload" / "deeper").mkdir(parents=True)
    (tmp_path / "bob" / "upload" / "deeper" / "clockserver.py").write_text("")
    (tmp_path / "bob" / "upload" / "clockserver.py").write_text("")
    (tmp_path / "carol" / "__pycache__").mkdir(parents=True)
    (tmp_path / "carol" / "__pycache__" / "clockserver.py").write_text("")
    (tmp_path / ".git").mkdir()
    names = ("clockserver.py",)
    assert [f.name for f in student_folders(tmp_path)] == ["alice", "bob", "carol"]
    assert locate(tmp_path / "alice", names) == tmp_path / "alice" / "clockserver.py"
    assert locate(tmp_path / "bob", names) == tmp_path / "bob" / "upload" / "clockserver.py"
    assert locate(tmp_path / "carol", names) is None
    folders = student_folders(tmp_path)
    assert present_protocols(folders, ["clock", "clock-udp"], GradingConfig()) == ["clock"]


def test_shards_cover_every_student_once():
    students = [f"s{i:02d}" for i in range(17)]
    parts = [shard(students, k, 4) for k in range(1, 5)]
    assert sorted(s for part in parts for s in part) == students
    assert max(map(len, parts)) - min(map(len, parts)) <= 1
    assert parse_shard("2/4") == (2, 4)
    for bad in ("0/4", "5/4", "2", "a/b", "1/0"):
        with pytest.raises(ConfigError, match="--shard"):
            parse_shard(bad)


# --- scoring ---------------------------------------------------------------------------------


def test_points_are_per_requirement():
    grading = make_class()
    scheme = grading.schemes["clock"]
    assert protocol_points(scheme, grading.outcome("alice", "clock")) == 13
    assert protocol_points(scheme, grading.outcome("bob", "clock")) == 13 - 2 - 1
    assert protocol_points(scheme, grading.outcome("carol", "clock")) == 0
    assert protocol_points(scheme, grading.outcome("dave", "clock")) is None
    assert student_points(grading, "dave") == 0 and max_points(grading) == 13
    assert [show_points(x) for x in (2.0, 1.5, 0.25, None)] == ["2", "1.5", "0.25", ""]


def test_a_failure_seen_only_sometimes_earns_the_configured_share():
    from wirecheck.grading.scoring import requirement_points

    scheme = build_scheme(CLOCK, parse_config({"intermittent_credit": 0.5}), set(CLOCK.ids))
    race = RequirementResult("CLOCK-7", Level.SHOULD, "fail", "intermittent: the same steps failed again in 1 of 2 replays — x")
    steady = RequirementResult("CLOCK-1", Level.MUST, "fail", "not ctime's format")
    assert requirement_points(scheme.requirement("CLOCK-7"), race) == 0.5
    assert requirement_points(scheme.requirement("CLOCK-1"), steady) == 0
    assert requirement_points(build_scheme(CLOCK, GradingConfig(), set(CLOCK.ids)).requirement("CLOCK-7"), race) == 0


def test_a_requirement_without_a_check_is_worth_nothing_to_anyone():
    scheme = build_scheme(CLOCK, GradingConfig(), set(CLOCK.ids) - {"CLOCK-5"})
    assert scheme.max_points == 11


# --- writers ---------------------------------------------------------------------------------


def test_gradebook_has_a_row_per_student_and_the_seed():
    rows = list(csv.reader(io.StringIO(gradebook_csv(make_class()))))
    assert rows[0] == ["student", "clock", "total", "max", "seed"]
    assert rows[1:] == [
        ["alice", "13", "13", "13", "7"],
        ["bob", "10", "10", "13", "7"],
        ["carol", "0", "0", "13", "7"],
        ["dave", "", "0", "13", "7"],
    ]


def test_results_json_keeps_the_check_json_shape_and_round_trips():
    grading = make_class()
    data = json.loads(json.dumps(to_results(grading)))
    bob = data["students"]["bob"]["protocols"]["clock"]
    assert set(bob["check"]) == {"protocol", "target", "passed", "seed", "requirements"}
    assert bob["check"] == grading.outcome("bob", "clock").result.to_dict()
    assert bob["points"] == 10 and bob["requirement_points"]["CLOCK-1"] == 0
    assert bob["replays"]["CLOCK-1"]["judge"]["kind"] == "ctime"
    assert data["students"]["dave"]["protocols"]["clock"]["check"] is None
    back = grading_from_results(data)
    assert to_results(back) == data


def test_junit_parses_with_a_suite_per_student_and_protocol():
    root = ET.fromstring(junit_xml(make_class()))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["alice.clock", "bob.clock", "carol.clock"]  # dave is pending
    bob = suites[1]
    assert (bob.get("tests"), bob.get("failures"), bob.get("errors")) == ("8", "2", "0")
    failure = bob.find("testcase[@name='CLOCK-1 (MUST)']/failure")
    assert "client 1 waits for the reply" in failure.text and "expected:" in failure.text
    assert root.get("tests") == "24" and root.get("failures") == "2" and root.get("errors") == "8"
    assert "\x00" not in junit_xml(make_class())


def test_feedback_leaves_hidden_requirements_out_and_says_when_a_file_is_missing():
    grading = make_class(parse_config({"visibility": {"CLOCK-7": "hidden"}}))
    bob = feedback_markdown(grading, "bob", "replays/bob")
    assert "CLOCK-1 (MUST) — FAIL" in bob and "CLOCK-7" not in bob
    assert "1 more requirement(s) are graded but not shown here." in bob
    assert "1. client 1 connects" in bob and "**Expected:** the current time" in bob
    assert "python clock-CLOCK-1.py --server clockserver.py" in bob
    assert "wirecheck check clock clockserver.py --seed 7 --profile quick --only CLOCK-1" in bob
    carol = feedback_markdown(grading, "carol", "replays/carol")
    assert "`clockserver.py` is missing" in carol and "0 of 12 points" in carol


def test_gradescope_results_validate_and_hide_what_the_config_hides():
    grading = make_class(parse_config({"visibility": {"CLOCK-7": "after_published"}}))
    data = gradescope_results(grading, "bob", 12.5)
    validate_gradescope(data)
    by_name = {t["name"]: t for t in data["tests"]}
    assert by_name["clock: CLOCK-7 (SHOULD)"]["visibility"] == "after_published"
    assert by_name["clock: CLOCK-1 (MUST)"]["status"] == "failed" and by_name["clock: CLOCK-1 (MUST)"]["score"] == 0
    assert data["score"] == sum(t["score"] for t in data["tests"]) == 10
    pending = gradescope_results(grading, "dave")
    validate_gradescope(pending)
    assert pending["score"] == 0 and "did not finish" in pending["output"]


def test_the_html_report_is_self_contained_with_a_row_per_student():
    page = html_report(make_class())
    assert page.count('<tr class="student"') == 4
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert page.count("<details>") == 2 + 8  # bob's two failures; carol's missing file in every cell


def test_outputs_are_written_whole_and_stale_replays_removed(tmp_path):
    grading = make_class()
    write_outputs(tmp_path, grading)
    for name in CLASS_FILES:
        assert (tmp_path / name).is_file()
    assert sorted(p.name for p in (tmp_path / "replays" / "bob").iterdir()) == ["clock-CLOCK-1.py", "clock-CLOCK-7.py"]
    assert not (tmp_path / "replays" / "alice").exists()
    grading.outcome("bob", "clock").result = clock_result({"CLOCK-7": "fail"})
    write_outputs(tmp_path, grading, ["bob"])
    assert [p.name for p in (tmp_path / "replays" / "bob").iterdir()] == ["clock-CLOCK-7.py"]
    assert not [p for p in tmp_path.rglob("*.tmp")]
    compile((tmp_path / "replays" / "bob" / "clock-CLOCK-7.py").read_text(), "replay", "exec")


def test_atomic_writes_replace_and_leave_nothing_behind(tmp_path):
    target = tmp_path / "a" / "file.txt"
    write_atomic(target, "one")
    write_atomic(target, "two")
    assert target.read_text() == "two" and [p.name for p in target.parent.iterdir()] == ["file.txt"]
    replace_folder_files(tmp_path / "b", {})
    assert not (tmp_path / "b").exists()


def test_counterexamples_split_into_steps_expected_and_got():
    example = split_counterexample(COUNTEREXAMPLE)
    assert example.steps[0] == "client 1 connects" and len(example.steps) == 3
    assert example.expected.startswith("the current time") and example.got.startswith('"Thu Nov 05')
    assert split_counterexample(None) is None


def test_progress_line_and_durations():
    progress = Progress(total=10, jobs=2)
    assert "estimating" in progress_line(progress)
    progress.done, progress.seconds, progress.failing = 4, [10.0] * 4, 1
    assert progress_line(progress, width=10) == "[####------] 4/10 checks · 1 with failures · ~30 s left"
    assert duration(75) == "1 min 15 s" and duration(3700) == "1 h 01 min"


def test_workers_share_no_example_database():
    options = run_options({"profile": "quick", "seed": 3, "examples": 4, "time_limit": 60})
    assert options.database_root is None and options.profile.examples == 4 and options.seed == 3


@pytest.mark.skipif(chromium() is None, reason="no Chromium installed")
def test_the_html_report_renders_in_headless_chromium(tmp_path):
    (tmp_path / "report.html").write_text(html_report(make_class()), encoding="utf-8")
    seen = probe_report(tmp_path / "report.html", tmp_path)
    assert seen["rows"] == 4
    assert seen["opened"] and seen["height"] > 0
    assert "CLOCK-1" in seen["text"] and "expected: the current time" in seen["text"]


def test_the_documented_configurations_are_valid():
    import re
    from pathlib import Path

    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib

    docs = Path(__file__).resolve().parents[3] / "docs"
    assert load_config(docs / "gradescope" / "wirecheck.toml").seed is not None
    block = re.search(r"```toml\n(.*?)```", (docs / "grading.md").read_text(), re.S).group(1)
    config = parse_config(tomllib.loads(block), "grading.md")
    assert config.points_for("CLOCK-5", Level.MUST) == 4 and config.visibility["CLOCK-5"] == "hidden"


def test_the_progress_bar_shows_on_a_terminal_only():
    from wirecheck.cli import _progress_printer

    class Stream(io.StringIO):
        def __init__(self, tty: bool) -> None:
            super().__init__()
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

    assert _progress_printer(Stream(False)) is None
    terminal = Stream(True)
    show = _progress_printer(terminal)
    progress = Progress(total=3, jobs=1)
    show(progress)
    progress.done, progress.seconds = 1, [2.0]
    show(progress)
    assert terminal.getvalue().count("\r[") == 2 and "1/3 checks" in terminal.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["grade", "no_such_folder", "--out", "x"], "no_such_folder: not a folder of submissions"),
        (["grade", "tests"], "the following arguments are required: --out"),
        (["grade", "tests/selftest/servers", "--out", "x", "--shard", "3/2"], "--shard '3/2': expected K/N"),
        (["grade", "tests/selftest/servers", "--out", "x", "--protocols", "nope"], "unknown protocol 'nope'"),
        (["merge", "no_such_folder", "--out", "x"], "no_such_folder/results.json: no such file"),
        (["gradescope", "--submission", "no_such_folder", "--results", "x.json", "--protocols", "clock"], "no_such_folder: no submission folder"),
    ],
)
def test_grading_usage_errors_are_one_line_and_exit_2(tmp_path, args, message):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    done = subprocess.run([sys.executable, "-m", "wirecheck", *args], cwd=root, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert not (root / "x").exists()


def test_a_bad_config_stops_grading_with_where_it_is(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "subs" / "ann").mkdir(parents=True)
    (tmp_path / "grading.toml").write_text("[points]\nCLOCK-1 = \"two\"\n")
    root = Path(__file__).resolve().parents[3]
    done = subprocess.run(
        [sys.executable, "-m", "wirecheck", "grade", str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "--config", str(tmp_path / "grading.toml")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "grading.toml: points.CLOCK-1: expected a number" in done.stderr, done.stderr
