"""Baselines: the pure core (load, compare, write) and the round trip through
``wirecheck check --write-baseline / --baseline``, with ``--junit``."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from protocols import Level
from wirecheck.baseline import Baseline, baseline_text, compare, current_failures, load_baseline, parse_baseline
from wirecheck.render.check_junit import check_junit_xml
from wirecheck.core.errors import ConfigError
from wirecheck.core.results import CheckResult, RequirementResult

ROOT = Path(__file__).resolve().parents[2]
BUGGY = ROOT / "tests/selftest/servers/clock/buggy_zero_padded_day.py"  # fails CLOCK-1 alone


def result(**verdicts: str) -> CheckResult:
    items = [
        RequirementResult(rid.replace("_", "-"), Level.SHOULD if rid in ("CLOCK_4", "CLOCK_7") else Level.MUST, verdict, f"{verdict} at 12:00:01")
        for rid, verdict in verdicts.items()
    ]
    return CheckResult("clock", "server.py", 1, items)


def test_compare_tolerates_known_fails_on_new_and_reports_fixed():
    baseline = Baseline({"CLOCK-1": "", "CLOCK-2": "known", "CLOCK-7": ""})
    run = result(CLOCK_1="fail", CLOCK_2="pass", CLOCK_3="not shown", CLOCK_4="fail", CLOCK_7="error")
    comparison = compare(baseline, [run])
    assert [r.id for r in comparison.known] == ["CLOCK-1", "CLOCK-7"]
    assert [r.id for r in comparison.new] == ["CLOCK-3", "CLOCK-4"]
    assert comparison.fixed == ["CLOCK-2"]
    assert comparison.messages() == ["CLOCK-2 now passes: remove it from the baseline"]
    assert not comparison.passed  # CLOCK-3 is a MUST that was not shown
    assert compare(Baseline({"CLOCK-3": ""}), [run]).passed is False  # CLOCK-1 is new then
    assert compare(Baseline({"CLOCK-1": "", "CLOCK-3": ""}), [run]).passed  # only a SHOULD is new


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_written_text_loads_back_the_same_and_is_stable(tmp_path, suffix):
    run = result(CLOCK_1="fail", CLOCK_2="pass", CLOCK_6="error", CLOCK_3="not shown")
    known = current_failures([run])
    assert known == {"CLOCK-1": "MUST fail", "CLOCK-3": "MUST not shown", "CLOCK-6": "MUST error (server)"}
    path = tmp_path / f"baseline{suffix}"
    text = baseline_text({**known, "CLOCK-2": 'odd "quotes" \\ \x7f and é'}, toml=suffix == ".toml")
    path.write_text(text, encoding="utf-8")
    loaded = load_baseline(path)
    assert loaded.known == {**known, "CLOCK-2": 'odd "quotes" \\ \x7f and é'}
    assert list(loaded.known) == ["CLOCK-1", "CLOCK-2", "CLOCK-3", "CLOCK-6"]  # in the standard's order
    assert text == baseline_text(dict(reversed(list(loaded.known.items()))), toml=suffix == ".toml")


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("b.toml", "[known-failures]\nCLOCK-99 = ''\n", "known-failures.CLOCK-99: no requirement 'CLOCK-99'"),
        ("b.toml", "[known-failures]\nCLOCK-1 = 3\n", "the reason must be a string"),
        ("b.toml", "[other]\n", "expected one table, [known-failures]"),
        ("b.toml", "[known-failures\n", "not valid TOML"),
        ("b.json", "{", "not valid JSON"),
        ("b.json", '["CLOCK-1"]', "expected one table"),
        ("b.json", '{"known-failures": ["CLOCK-1"]}', "must map requirement IDs to reasons"),
        ("missing.toml", None, "missing.toml"),
    ],
)
def test_a_bad_baseline_says_where(tmp_path, name, text, message):
    if text is not None:
        (tmp_path / name).write_text(text)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace(".", r"\.")):
        load_baseline(tmp_path / name)


def test_parse_accepts_an_empty_table():
    assert parse_baseline({}, "b.toml").known == {}


def test_junit_fails_exactly_when_check_would():
    run = result(CLOCK_1="fail", CLOCK_2="pass", CLOCK_3="not shown", CLOCK_4="fail", CLOCK_6="error", CLOCK_5="skip")
    root = ET.fromstring(check_junit_xml([run], Baseline({"CLOCK-3": "known"}), "Python 3.12.1 (/usr/bin/python3)"))
    cases = {c.get("name").split()[0]: c for c in root.iter("testcase")}
    assert cases["CLOCK-1"].find("failure") is not None
    assert cases["CLOCK-2"].find("*") is None
    assert "in the baseline: known" in cases["CLOCK-3"].find("skipped").get("message")
    assert "SHOULD not met" in cases["CLOCK-4"].find("skipped").get("message")
    assert cases["CLOCK-6"].find("error").get("type") == "error: server"
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("6", "1", "1", "3")
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert props["interpreter"] == "Python 3.12.1 (/usr/bin/python3)"


def wirecheck(*args, cwd):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "wirecheck", *args], cwd=cwd, capture_output=True, text=True, timeout=240, env=env)


@pytest.mark.slow
def test_check_baseline_round_trip_with_junit(tmp_path):
    quick = ("--profile", "quick", "--only", "CLOCK-1,CLOCK-3", "--no-colour")
    written = wirecheck("check", "clock", str(BUGGY), *quick, "--write-baseline", "known.toml", "--junit", "out.xml", cwd=tmp_path)
    assert written.returncode == 1, written.stdout + written.stderr
    assert load_baseline(tmp_path / "known.toml").known == {"CLOCK-1": "MUST fail"}
    failures = [c.get("name") for c in ET.parse(tmp_path / "out.xml").iter("testcase") if c.find("failure") is not None]
    assert failures == ["CLOCK-1 (MUST)"]

    known = wirecheck("check", "clock", str(BUGGY), *quick, "--baseline", "known.toml", "--junit", "known.xml", cwd=tmp_path)
    assert known.returncode == 0, known.stdout + known.stderr
    assert "1 known not to hold, 0 new" in known.stdout
    assert ET.parse(tmp_path / "known.xml").getroot().get("failures") == "0"

    (tmp_path / "other.json").write_text('{"known-failures": {"CLOCK-3": ""}}')
    new = wirecheck("check", "clock", str(BUGGY), *quick, "--baseline", "other.json", cwd=tmp_path)
    assert new.returncode == 1, new.stdout + new.stderr
    assert "1 new (CLOCK-1)" in new.stdout and "CLOCK-3 now passes: remove it from the baseline" in new.stdout

    fixed = wirecheck("check", "clock", *quick, "--baseline", "known.toml", cwd=tmp_path)  # the reference
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "CLOCK-1 now passes: remove it from the baseline" in fixed.stdout


def test_check_bad_baseline_is_a_one_line_usage_error(tmp_path):
    (tmp_path / "b.toml").write_text("[known-failures]\nSWAP-77 = ''\n")
    done = wirecheck("check", "clock", "--baseline", "b.toml", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "no requirement 'SWAP-77'" in done.stderr
