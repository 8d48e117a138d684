"""C-ADDR in grading: the one line in the feedback, and the points it costs when the
configuration says ``address_must_match``."""

from __future__ import annotations

import json

import pytest

from protocols import CLOCK
from wirecheck.core.errors import ConfigError
from wirecheck.grading.config import parse_config
from wirecheck.grading.feedback import feedback_markdown
from wirecheck.grading.feedback_html import feedback_html
from wirecheck.grading.model import GRADED, ClassGrading, Outcome
from wirecheck.grading.config import build_scheme
from wirecheck.grading.scoring import protocol_points
from wirecheck.render.check_html import check_page
from wirecheck.render.report import to_json, to_text

from .test_verdict_faces import clock_result

ELSEWHERE = "your server listened on port 41233 (no bind); the course's client connects to 12091"


def graded(address: str, must_match: bool):
    config = parse_config({"address_must_match": must_match})
    scheme = build_scheme(CLOCK, config, set(CLOCK.ids))
    result = clock_result({})
    result.address = address
    grading = ClassGrading(seed=7, schemes={"clock": scheme}, students=["ann"], settings={"profile": "quick"})
    grading.outcomes[("ann", "clock")] = Outcome("ann", "clock", "ann/clockserver.py", GRADED, result, 1.0)
    return grading, scheme


@pytest.mark.parametrize("must_match", [False, True])
def test_a_server_elsewhere_is_told_and_pays_only_when_the_configuration_says(must_match):
    grading, scheme = graded(ELSEWHERE, must_match)
    points = protocol_points(scheme, grading.outcome("ann", "clock"))
    assert points == (0.0 if must_match else scheme.max_points)
    markdown = feedback_markdown(grading, "ann")
    assert markdown.count(ELSEWHERE) == 1
    assert ("earns no points" in markdown) == must_match
    assert "41233 (no bind)" in feedback_html(grading, "ann")


def test_a_server_where_the_client_finds_it_loses_nothing():
    grading, scheme = graded("", True)
    assert protocol_points(scheme, grading.outcome("ann", "clock")) == scheme.max_points
    assert "Where it listened" not in feedback_markdown(grading, "ann")


def test_every_check_report_says_it_in_one_line():
    result = clock_result({})
    result.address = ELSEWHERE
    assert [line for line in to_text(result, CLOCK).splitlines() if ELSEWHERE in line] == [f"  C-ADDR    {ELSEWHERE}"]
    assert json.loads(to_json(result))["address"] == ELSEWHERE
    assert check_page([result]).count("41233 (no bind)") == 1
    result.address = ""
    assert "address" not in json.loads(to_json(result)) and "C-ADDR" not in to_text(result, CLOCK)


def test_the_key_takes_only_true_or_false():
    with pytest.raises(ConfigError):
        parse_config({"address_must_match": "yes"})
