"""docs/standard.md is the standard of record and protocols/ its executable form: they agree
on every ID, level and text, and the tables in the document are exactly what
``wirecheck list --markdown`` makes. A copy of the standard kept elsewhere can still be
compared with protocols/ by naming it in WIRECHECK_SPEC."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from protocols import PROTOCOLS
from wirecheck.cli import main
from wirecheck.render.standard import DOCUMENT, disagreements, document_tables, table_rows, update_document

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / DOCUMENT
ROW = re.compile(r"^\|\s*([A-Z]+(?:-[A-Z]+)*-\d+)\s*\|\s*(MUST|SHOULD)\s*\|", re.M)
INLINE = re.compile(r"[(;]\s*((?:UDP|UNIX|UNIXD)-\d+)\s+(MUST|SHOULD)[):,]")
FIX = "regenerate them with: wirecheck list --markdown --update docs/standard.md"


def test_the_document_and_protocols_agree_on_every_id_level_and_text():
    problems = disagreements(DOC.read_text(encoding="utf-8"), PROTOCOLS.values())
    assert not problems, "docs/standard.md and protocols/ disagree (" + FIX + "):\n" + "\n".join(problems)


def test_every_requirement_appears_once_in_the_document():
    rows: dict[str, tuple[str, str]] = {}
    for body in document_tables(DOC.read_text(encoding="utf-8")).values():
        for req_id, row in table_rows(body).items():
            assert req_id not in rows, f"{req_id} appears in two tables"
            rows[req_id] = row
    ours = {r.id: (str(r.level), r.text) for p in PROTOCOLS.values() for r in p.requirements}
    assert rows == ours


def test_a_changed_text_level_or_id_is_caught_and_regenerating_fixes_it():
    text = DOC.read_text(encoding="utf-8")
    for before, after in [("| CLOCK-4 | SHOULD |", "| CLOCK-4 | MUST |"), ("| SWAP-1 | MUST | Swap:", "| SWAP-1 | MUST | Trade:"),
                          ("| GUESS-8 |", "| GUESS-9 |")]:
        assert before in text
        broken = text.replace(before, after)
        assert disagreements(broken, PROTOCOLS.values()), after
        assert not disagreements(update_document(broken, PROTOCOLS.values()), PROTOCOLS.values())


def test_the_document_carries_every_rule_and_verdict():
    text = DOC.read_text(encoding="utf-8")
    for name in ["V-LENIENT", "V-WITNESS", "V-BOUNDED", "V-FOCUS", "V-SAME", "C-FRAME", "C-EXACT", "C-TIME", "C-TEXT",
                 "C-ROBUST", "C-CONC", "C-START", "C-STOP", "`not shown`", "`error: wirecheck`", "intermittent",
                 "Where two requirements meet", "harness contract"]:
        assert name in text, name
    for protocol in PROTOCOLS.values():
        assert f"`{protocol.filename}`" in text, protocol.name


def test_list_markdown_prints_the_tables_of_the_document(capsys):
    assert main(["list", "swap", "--markdown"]) == 0
    printed = capsys.readouterr().out
    assert printed.strip() in DOC.read_text(encoding="utf-8")
    assert "| SWAP-9 | SHOULD |" in printed


def test_list_update_rewrites_a_stale_copy(tmp_path, capsys):
    stale = tmp_path / "standard.md"
    stale.write_text(DOC.read_text(encoding="utf-8").replace("| CLOCK-4 | SHOULD |", "| CLOCK-4 | MUST |"), encoding="utf-8")
    assert main(["list", "--markdown", "--update", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == DOC.read_text(encoding="utf-8")
    assert "tables updated" in capsys.readouterr().out


def test_the_project_points_to_its_own_document():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/standard.md)" in readme
    for path in [ROOT / "README.md", *ROOT.glob("docs/**/*.md"), *ROOT.glob("wirecheck/**/*.py"), *ROOT.glob("protocols/*.py"),
                 *ROOT.glob("tests/**/*.py")]:
        assert "shared" + "/spec" not in path.read_text(encoding="utf-8"), path


def _outside_copy() -> Path:
    spec = os.environ.get("WIRECHECK_SPEC")
    if not spec or not Path(spec).is_file():
        pytest.skip("no outside copy of the standard named in WIRECHECK_SPEC")
    return Path(spec)


def test_an_outside_copy_of_the_standard_has_the_same_ids_and_levels():
    text = _outside_copy().read_text(encoding="utf-8")
    levels = dict(ROW.findall(text))
    levels.update(dict(INLINE.findall(text)))
    assert {r.id: str(r.level) for p in PROTOCOLS.values() for r in p.requirements} == levels


def test_the_edge_cases_table_is_generated_and_a_changed_row_is_caught():
    text = DOC.read_text(encoding="utf-8")
    before = "| CLOCK-2 | C-EXACT | last byte alone |"
    assert before in text
    broken = text.replace(before, "| CLOCK-2 | C-EXACT | last two bytes alone |")
    assert "edge cases (V-EDGE): the table is not as generated" in disagreements(broken, PROTOCOLS.values())
    assert not disagreements(update_document(broken, PROTOCOLS.values()), PROTOCOLS.values())


def test_list_edges_prints_each_requirements_cases(capsys):
    assert main(["list", "swap", "--edges"]) == 0
    out = capsys.readouterr().out
    assert "SWAP-4\n  lone waiter (C-PATIENCE)" in out
    assert "CLOCK-2" not in out
    assert main(["list", "--edges", "--markdown"]) == 0
    table = capsys.readouterr().out
    assert "| SWAP-8 | C-ROBUST | non-ASCII |" in table
    for row in ["| CLOCK-7 | C-CONC | silent then one asks |", "| FORK-8 | C-CONC | half then one asks |",
                "| SWAP-9 | C-CONC | silent then two swap |", "| GUESS-8 | C-CONC | half then one asks |",
                "| UNIX-1 | C-ROBUST | part then leaves |", "| SWAP-6 | SWAP-6 | waiter leaves as next completes |"]:
        assert row in table, row
        assert row in DOC.read_text(encoding="utf-8"), row


def test_the_document_records_that_c_robust_over_a_unix_socket_is_judged_under_unix_1():
    meet = DOC.read_text(encoding="utf-8").split("## Where two requirements meet", 1)[1]
    assert "**clock-unix and C-ROBUST:**" in meet and "judged under UNIX-1" in meet
