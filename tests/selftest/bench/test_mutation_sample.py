"""The suite's own mutation score, in CI: a small fixed sample of mutants of the reference
servers and correct fixtures (bench/mutation.py; cosmic-ray's operators), spread over the
protocols, checked with the grading profile. Each must be killed — some requirement that a
correct server passes does not pass on it — or be in the reviewed list
(bench/mutation_equivalent.toml: an equivalent mutant, or a known blind spot with the
requirement that should catch it). A new survivor fails the test: read it, then list it with
its reason or close the blind spot."""

from __future__ import annotations

import hashlib
import json

import pytest

from bench import mutation

SAMPLE = 8
SAMPLE_SEED = 25
SEED = 20261206


def _digest(paths):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_the_reviewed_list_names_mutants_that_exist_with_a_reason():
    reviewed = mutation.load_reviewed()
    assert reviewed, "bench/mutation_equivalent.toml lists nothing"
    for (file, operator, line, mutant, _nth), entry in reviewed.items():
        source = (mutation.ROOT / file).read_text(encoding="utf-8")
        lines = {text.strip() for text in source.splitlines()}
        assert line in lines, f"{file} no longer has the line {line!r}: update or remove its entry"
        assert operator.startswith("core/"), operator
        assert mutant != line, f"{file}: {line!r} is listed as its own mutant"
        assert len(entry.reason) > 20, f"{file}: {line!r} -> {mutant!r}: a reason is a sentence"
        if entry.kind == "blind-spot":
            assert entry.requirement, f"{file}: {line!r}: a blind spot names the requirement that should catch it"


def test_the_sample_is_fixed_and_spread_over_the_protocols():
    sites, _ = mutation.collect(mutation.default_servers())
    first = mutation.sample(sites, SAMPLE, SAMPLE_SEED)
    again = mutation.sample(sites, SAMPLE, SAMPLE_SEED)
    assert first == again
    assert len({mutation.protocol_of(s.path) for s in first}) == SAMPLE


@pytest.mark.slow
def test_every_sampled_mutant_is_killed_or_listed(tmp_path, monkeypatch):
    servers = mutation.default_servers()
    before = _digest(servers)
    monkeypatch.setattr(mutation, "TEMP_ROOT", tmp_path)
    sites, _ = mutation.collect(servers)
    chosen = mutation.make_mutants(mutation.sample(sites, SAMPLE, SAMPLE_SEED))
    assert len(chosen) == SAMPLE
    lines = []
    # The originals are correct servers (their manifests' tests say so): every requirement
    # that does not pass on a mutant kills it, so no check of the originals is needed here.
    record = mutation.run(
        chosen, ["grading"], seed=SEED, jobs=2, timeout=120, check_jobs=2,
        reviewed=mutation.load_reviewed(), assume_original_passes=True, progress=lines.append,
    )
    statuses = {o["status"] for o in record["outcomes"]}
    survivors = [o for o in record["outcomes"] if o["status"] == "survived"]
    assert len(record["outcomes"]) == SAMPLE, "\n".join(lines)
    assert not survivors, "survivors not in bench/mutation_equivalent.toml:\n" + "\n".join(
        mutation.toml_entry(mutation.Mutant(**o["mutant"])) for o in survivors
    )
    assert statuses & {"killed", "timeout"}, "\n".join(lines)
    # A mutant is made in a folder of its own: the repository's servers are as they were,
    # and no folder is left behind.
    assert _digest(servers) == before
    assert list(tmp_path.iterdir()) == []


def test_a_run_goes_on_where_an_earlier_one_stopped(tmp_path, monkeypatch):
    """``--skip-judged``: a mutant an earlier run judged in a profile is not checked again in
    it; one it left unjudged (or judged only in the other profile) is."""
    sites, _ = mutation.collect(mutation.default_servers())
    first, second = mutation.make_mutants(mutation.sample(sites, 2, SAMPLE_SEED))
    earlier = {"outcomes": [
        {"profile": "grading", "status": "killed", "mutant": mutation.outcome_record(
            mutation.Outcome(first, "grading", "killed", ["X-1"], 1.0, 1.0))["mutant"]},
        {"profile": "grading", "status": "unjudged", "mutant": mutation.outcome_record(
            mutation.Outcome(second, "grading", "unjudged", [], 1.0, 1.0))["mutant"]},
    ]}
    path = tmp_path / "earlier.json"
    path.write_text(json.dumps(earlier))
    judged = mutation.judged_in([path])
    assert judged == {("grading", *first.identity())}
    checked = []

    def fake_check(code, filename, protocol, profile, *_):
        checked.append((profile, code))
        return mutation.Check({"X-1": "pass"}, 0, 0.1, 0.1)

    monkeypatch.setattr(mutation, "run_check", fake_check)
    record = mutation.run(
        [first, second], ["default", "grading"], seed=SEED, jobs=1, timeout=10, check_jobs=1,
        reviewed={}, assume_original_passes=True, judged=judged, progress=lambda _line: None,
    )
    assert sorted((p, c == first.code) for p, c in checked) == [("default", False), ("default", True), ("grading", False)]
    assert len(record["outcomes"]) == 3
