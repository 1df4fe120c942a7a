"""<out>/manifest.json: what a run records (ok and failed reports), how a partial run merges into it,
and that it is replaced whole or not at all.

The run is the fixture notebook (tests/fixtures/report/) executed for real, one museum the store knows
and one it does not (its notebook fails); expected values come from the executed .ipynb and the
results, never from the manifest code.
"""

from __future__ import annotations

import json
import os
from datetime import date

import pytest

from report_support import run_fixture
from smq_analytics.report import manifest
from smq_analytics.report.meta import REPORT_MIME
from smq_analytics.report.runner import ReportResult


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("manifest")
    db, out, results = run_fixture(tmp, ["mus-a", "ghost"], jobs=1)
    return {
        "db": db,
        "out": out,
        "results": results,
        "entries": json.loads((out / manifest.FILE_NAME).read_text(encoding="utf-8")),
    }


def published_facts(ipynb) -> dict:
    """What the executed notebook published through report_info, read from its JSON."""
    nb = json.loads(ipynb.read_text(encoding="utf-8"))
    facts = {}
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            facts.update(output.get("data", {}).get(REPORT_MIME, {}))
    return facts


def test_a_run_records_each_report_with_its_facts(run):
    data = run["entries"]
    assert data["version"] == manifest.VERSION
    by_museum = {e["museum"]: e for e in data["reports"]}
    assert sorted(by_museum) == ["ghost", "mus-a"]
    ok = by_museum["mus-a"]
    result = next(r for r in run["results"] if r.museum_id == "mus-a")
    assert result.ok
    facts = published_facts(result.ipynb_path)
    assert isinstance(facts["n_responses"], int)
    assert ok == {
        "museum": "mus-a",
        "museum_name": "Musée A",
        "notebook": "fixture_report",
        "topic": None,
        "title": result.title,
        "season": 2024,
        "language": "fr",
        "n_responses": facts["n_responses"],
        "generated": date.today().isoformat(),
        "status": "ok",
        "error": None,
        "html": "mus-a/fixture_report.html",
    }
    assert (run["out"] / ok["html"]).is_file()


def test_a_failed_report_is_recorded_with_its_one_line_error(run):
    failed = next(e for e in run["entries"]["reports"] if e["museum"] == "ghost")
    result = next(r for r in run["results"] if r.museum_id == "ghost")
    assert not result.ok and failed["status"] == "failed"
    assert failed["error"] == result.error and "\n" not in failed["error"]
    assert failed["html"] is None and failed["n_responses"] is None


def fake(museum, notebook="01_provenance", language="fr", ok=True, out=None, **facts):
    page = out / museum / f"{notebook}.html" if ok and out is not None else None
    return ReportResult(
        museum,
        museum.upper(),
        notebook,
        "Titre",
        ok,
        None,
        page,
        error=None if ok else "cellule 2 — ValueError : non",
        language=language,
        **facts,
    )


def test_a_partial_run_keeps_the_other_museums_and_replaces_its_own(tmp_path):
    manifest.update(tmp_path, [fake("a", out=tmp_path, season=2025), fake("b", out=tmp_path, season=2025)])
    manifest.update(tmp_path, [fake("b", ok=False, out=tmp_path)])
    entries = manifest.read(tmp_path)
    assert [(e["museum"], e["status"], e["season"]) for e in entries] == [("a", "ok", 2025), ("b", "failed", None)]
    manifest.update(tmp_path, [fake("a", language="en", out=tmp_path, season=2026)])
    entries = manifest.read(tmp_path)
    # a/01_provenance.html now holds the English page: the French entry that named it is gone
    assert [(e["museum"], e["language"], e["season"]) for e in entries] == [("a", "en", 2026), ("b", "fr", None)]


def test_the_same_reports_give_the_same_bytes(tmp_path):
    results = [fake("b", out=tmp_path, season=2025), fake("a", out=tmp_path, n_responses=12)]
    first = manifest.update(tmp_path, results).read_bytes()
    assert manifest.update(tmp_path, list(reversed(results))).read_bytes() == first


def test_the_manifest_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch):
    path = manifest.update(tmp_path, [fake("a", out=tmp_path, season=2025)])
    before = path.read_bytes()
    assert not list(tmp_path.glob(".*partial"))  # nothing left behind by a good write

    def interrupted(src, dst):
        raise OSError("disque plein / disk full")

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(OSError):
        manifest.update(tmp_path, [fake("b", out=tmp_path, season=2025)])
    assert path.read_bytes() == before  # the reader still sees the old, complete manifest


@pytest.mark.parametrize("damage", ["{ not json", json.dumps({"version": 99, "reports": []}), json.dumps([1, 2])])
def test_a_damaged_or_foreign_manifest_is_not_trusted_and_the_next_run_starts_a_new_one(tmp_path, damage):
    (tmp_path / manifest.FILE_NAME).write_text(damage, encoding="utf-8")
    assert manifest.read(tmp_path) == []
    manifest.update(tmp_path, [fake("a", out=tmp_path)])
    assert [e["museum"] for e in manifest.read(tmp_path)] == ["a"]


def test_a_skipped_report_is_recorded_as_skipped_with_its_sentence(tmp_path):
    """Skipped (the museum has not sent the sources the topic needs): status « skipped », no page, the
    sentence in « error »; a later run that produces it replaces the entry."""
    sentence = "Données manquantes pour ce musée : sondage auprès des visiteurs."
    skipped = ReportResult("a", "A", "01_provenance", "Titre", True, None, None, error=sentence, skipped=True)
    manifest.update(tmp_path, [skipped])
    (entry,) = manifest.read(tmp_path)
    assert (entry["status"], entry["error"], entry["html"]) == ("skipped", sentence, None)
    manifest.update(tmp_path, [fake("a", out=tmp_path)])
    (entry,) = manifest.read(tmp_path)
    assert entry["status"] == "ok" and entry["error"] is None
