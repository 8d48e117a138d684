"""protocols/ is the standard's executable form: its IDs and levels are those of
PROTOCOLS.md (kept beside the project in shared/spec/)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from protocols import PROTOCOLS

SPEC = Path(os.environ.get("WIRECHECK_SPEC", Path(__file__).resolve().parents[3] / "shared" / "spec" / "PROTOCOLS.md"))
ROW = re.compile(r"^\|\s*([A-Z]+(?:-[A-Z]+)*-\d+)\s*\|\s*(MUST|SHOULD)\s*\|", re.M)
INLINE = re.compile(r"\(((?:UDP|UNIX|UNIXD)-\d+)\s+(MUST|SHOULD)[):,]")


@pytest.fixture(scope="module")
def spec_levels() -> dict[str, str]:
    if not SPEC.is_file():
        pytest.skip(f"the standard is not beside the project ({SPEC.name} not found)")
    text = SPEC.read_text()
    levels = dict(ROW.findall(text))
    levels.update(dict(INLINE.findall(text)))
    return levels


def test_every_requirement_of_the_standard_is_in_protocols(spec_levels):
    ours = {r.id: str(r.level) for p in PROTOCOLS.values() for r in p.requirements}
    assert ours == spec_levels


def test_conventional_file_names_match_the_standard():
    if not SPEC.is_file():
        pytest.skip("the standard is not beside the project")
    text = SPEC.read_text()
    for protocol in PROTOCOLS.values():
        assert f"`{protocol.filename}`" in text, protocol.name
