"""Each report needs only its own data: a museum that has not sent a source its topic requires gets no
run of that notebook, only a « non produit » line naming the source (smq_analytics/topics/availability.py).

The store is the provenance fixture (tests/provenance_fixtures.py) with two museums, ids in lower case:
m01 keeps its survey and attendance, m02 keeps only its attendance (its survey loads and rows are removed). The
report is the fixture notebook (tests/fixtures/report/), registered as a topic with monkeypatch so that
no real workbook has to run; expected values are recomputed from the ledger rows, never from the
availability code.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from provenance_fixtures import build_store
from report_support import FIXTURE
from smq_analytics import params, store, topics
from smq_analytics.cli import main
from smq_analytics.i18n import Message
from smq_analytics.ingest.registry import SOURCES
from smq_analytics.metrics.scope import ScopeError, open_scope
from smq_analytics.report import manifest, runner
from smq_analytics.report.index import write_index
from smq_analytics.topics import Topic, availability

pytestmark = pytest.mark.timeout(300)

FIXTURE_TOPIC = Topic(
    "essai",
    FIXTURE.stem,
    Message("Cahier d'essai", "Test workbook"),
    sources=("survey",),
    optional_sources=("attendance", "desk-counts"),
)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("availability") / "store.duckdb"
    con = build_store(path, n_museums=2)
    with store.transaction(con):
        for table in ("museums", "load_ledger", "raw_survey", "raw_attendance"):  # ids as slugs (params.SLUG)
            con.execute(f"UPDATE {table} SET museum_id = lower(museum_id)")
        con.execute("DELETE FROM raw_survey WHERE museum_id = 'm02'")
        con.execute("DELETE FROM load_ledger WHERE museum_id = 'm02' AND source = 'survey'")
    con.close()
    return path


@pytest.fixture
def registered(monkeypatch):
    """The fixture notebook as a registered topic requiring the survey."""
    monkeypatch.setattr(topics, "TOPICS", (*topics.TOPICS, FIXTURE_TOPIC))
    return FIXTURE_TOPIC


def ledger_sources(db, museum_id, season=None) -> set[str]:
    """What the museum sent, read straight from the ledger rows (the independent computation)."""
    with store.open_store(db, read_only=True) as con:
        rows = con.execute(
            "SELECT source, survey_year, periods FROM load_ledger WHERE museum_id = ? AND replaced_at IS NULL",
            [museum_id],
        ).fetchall()
    return {
        source
        for source, year, periods in rows
        if season is None or SOURCES[source].period_kind != "season" or year == season or str(season) in (periods or [])
    }


def test_a_museum_without_survey_misses_the_survey_and_only_it(db):
    provenance = topics.topic("provenance")
    with store.open_store(db, read_only=True) as con:
        for museum_id in ("m01", "m02"):
            expected = tuple(s for s in provenance.sources if s not in ledger_sources(db, museum_id))
            assert availability.missing_sources(con, museum_id, provenance) == expected
        assert availability.missing_sources(con, "m02", provenance) == ("survey",)
        assert availability.missing_sources(con, "m01", provenance) == ()


def test_the_survey_counts_only_for_the_season_asked(db):
    provenance = topics.topic("provenance")
    with store.open_store(db, read_only=True) as con:
        for season in (2023, 2024, 2019):
            expected = () if "survey" in ledger_sources(db, "m01", season) else ("survey",)
            assert availability.missing_sources(con, "m01", provenance, season) == expected
    assert "survey" in ledger_sources(db, "m01", 2023) and "survey" not in ledger_sources(db, "m01", 2019)


def test_optional_sources_never_stop_a_report(db):
    with store.open_store(db, read_only=True) as con:
        assert "desk-counts" not in ledger_sources(db, "m01")
        assert availability.missing_sources(con, "m01", FIXTURE_TOPIC) == ()


def test_a_replaced_load_does_not_count(tmp_path):
    con = build_store(tmp_path / "s.duckdb", n_museums=1)
    con.execute("UPDATE load_ledger SET replaced_at = now() WHERE source = 'survey'")
    assert availability.missing_sources(con, "M01", topics.topic("provenance")) == ("survey",)
    con.close()


def test_the_sentence_names_each_missing_source_by_its_registry_title():
    french = availability.missing_sentence(("survey", "desk-counts"), 2024, "fr")
    english = availability.missing_sentence(("survey", "desk-counts"), None, "en")
    assert "sondage auprès des visiteurs (saison 2024) et comptages de provenance à l'accueil" in french
    assert "visitor survey and desk provenance counts" in english
    for sentence in (french, english):
        assert "\n" not in sentence and sentence.count(".") == 1 and sentence.endswith(".")


def test_the_runner_skips_a_museum_without_survey_and_produces_the_other(db, registered, tmp_path):
    out = tmp_path / "reports"
    results = runner.run_reports(db, ["m01", "m02"], [FIXTURE], year=2024, out_dir=out, jobs=1, progress=False)
    by_museum = {r.museum_id: r for r in results}
    produced, skipped = by_museum["m01"], by_museum["m02"]
    assert (produced.status, skipped.status) == ("ok", "skipped")
    assert produced.html_path.is_file()
    assert skipped.ok and skipped.html_path is None and skipped.ipynb_path is None
    assert not (out / "m02").exists()  # no kernel ran, nothing written
    assert "sondage" in skipped.error and "2024" in skipped.error

    entries = {e["museum"]: e for e in json.loads((out / manifest.FILE_NAME).read_text(encoding="utf-8"))["reports"]}
    assert entries["m01"]["status"] == "ok" and entries["m01"]["html"] == "m01/fixture_report.html"
    assert entries["m02"]["status"] == "skipped" and entries["m02"]["html"] is None
    assert entries["m02"]["error"] == skipped.error

    text = write_index(out, language="fr").read_text(encoding="utf-8")
    assert re.findall(r'<a href="([^"]+)">', text) == ["m01/fixture_report.html"]
    line = re.search(r'<li class="smq-skipped">(.*?)</li>', text, re.DOTALL).group(1)
    assert "non produit" in line and "sondage" in line and 'role="alert"' not in line
    assert '<li class="smq-failed">' not in text
    nbsp = "\u00a0"
    assert f"1{nbsp}rapport produit, 1{nbsp}non produit faute de données, 0{nbsp}en échec." in text


def test_the_english_sentence_names_the_survey(db, registered, tmp_path):
    results = runner.run_reports(db, ["m02"], [FIXTURE], language="en", out_dir=tmp_path, jobs=1, progress=False)
    assert [r.status for r in results] == ["skipped"]
    assert "visitor survey" in results[0].error and "season" not in results[0].error  # no season asked


def test_a_topic_requiring_desk_counts_is_skipped_for_a_museum_without_them(db, monkeypatch, tmp_path):
    desk = replace(FIXTURE_TOPIC, sources=("desk-counts",), optional_sources=())
    monkeypatch.setattr(topics, "TOPICS", (*topics.TOPICS, desk))
    assert "desk-counts" not in ledger_sources(db, "m01")
    results = runner.run_reports(db, ["m01"], [FIXTURE], out_dir=tmp_path, jobs=1, progress=False)
    assert [r.status for r in results] == ["skipped"]
    assert "comptages de provenance" in results[0].error


def test_smq_analytics_run_exits_zero_when_reports_are_only_skipped(db, registered, monkeypatch, tmp_path, capsys):
    folder = tmp_path / "museums"
    folder.mkdir()
    (folder / "m02.yaml").write_text("", encoding="utf-8")  # _reported_museums only looks for the file
    monkeypatch.setattr(params, "museums_folder", lambda folder_=None: folder)
    monkeypatch.setattr(runner, "notebooks_dir", lambda: FIXTURE.parent)
    out = tmp_path / "reports"
    code = main(
        ["--db", str(db), "--lang", "fr", "run", "--museum", "m02", "--notebook", FIXTURE.stem, "--out", str(out)]
    )
    assert code == 0
    assert "Échec" not in capsys.readouterr().err
    entries = json.loads((out / manifest.FILE_NAME).read_text(encoding="utf-8"))["reports"]
    assert [e["status"] for e in entries] == ["skipped"]


def test_open_scope_keeps_its_one_line_error_for_a_museum_without_survey(db):
    with pytest.raises(ScopeError) as caught:
        open_scope("m02", db=str(db))
    for lang in ("fr", "en"):
        text = caught.value.text(lang)
        assert "\n" not in text and "m02" in text
    assert "sondage" in caught.value.text("fr") and "survey" in caught.value.text("en")


def test_a_museum_the_store_does_not_know_still_fails_rather_than_being_skipped(db, registered, tmp_path):
    results = runner.run_reports(db, ["ghost"], [FIXTURE], out_dir=tmp_path, jobs=1, progress=False)
    assert [r.status for r in results] == ["failed"] and not results[0].ok
