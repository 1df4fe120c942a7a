"""reports/index.html: French order of museums, and each report's season, n and generation day.

Reports are written by the exporter from hand-made notebooks (no kernel); their facts reach the index
through the results and the manifest (report/manifest.py), as the runner records them, never by
reading the pages back.
"""

from __future__ import annotations

import html
import re
from datetime import date

from smq_analytics.report import manifest
from smq_analytics.report.html import REPORT_MIME, export, report_facts
from smq_analytics.report.index import collation_key, write_index
from smq_analytics.report.runner import ReportResult


def notebook(**info):
    outputs = [{"output_type": "display_data", "data": {REPORT_MIME: info, "text/plain": ""}}] if info else []
    return {
        "cells": [{"cell_type": "code", "metadata": {}, "source": "", "outputs": outputs}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def report(out, museum_id, name, language="fr", generated=date(2026, 12, 2), **info) -> ReportResult:
    """A page written by the exporter and its result as the runner builds it (facts from the notebook)."""
    nb = notebook(**info)
    page = export(
        nb,
        out / museum_id / "01_provenance.html",
        title="Provenance des visiteurs",
        language=language,
        museum=name,
        generated=generated,
    )
    return ReportResult(
        museum_id,
        name,
        "01_provenance",
        "Provenance des visiteurs",
        True,
        None,
        page,
        topic="provenance",
        language=language,
        **report_facts(nb, language),
        generated=generated and generated.isoformat(),
    )


def test_french_order_sets_accents_and_case_aside(tmp_path):
    names = {
        "maison": "Maison des Vents salés",
        "ecomusee": "Écomusée de la Sève",
        "zoo": "zoo du Nord",
        "domaine": "Domaine des Anguilles sages",
        "centre": "Centre des Engrenages",
        "eglise": "église Sainte-Anne",
    }
    results = [report(tmp_path, museum_id, name) for museum_id, name in names.items()]
    text = write_index(tmp_path, results).read_text(encoding="utf-8")
    order = re.findall(r"<h2>(.*?)</h2>", text)
    assert order == [
        "Centre des Engrenages",
        "Domaine des Anguilles sages",
        "Écomusée de la Sève",
        "église Sainte-Anne",
        "Maison des Vents salés",
        "zoo du Nord",
    ]
    assert sorted(["Maison", "Écomusée", "Domaine"], key=collation_key) == ["Domaine", "Écomusée", "Maison"]
    assert sorted(["ecole", "École", "Ecole"], key=collation_key) == ["Ecole", "ecole", "École"]  # ties: as written


def test_each_report_shows_season_responses_and_generation_day(tmp_path):
    results = [
        report(tmp_path, "a", "Musée A", season=2026, n_responses=1280, data_basis="…"),
        report(tmp_path, "b", "Musée B", season=2025),  # a notebook that does not publish n
        report(tmp_path, "c", "Musée C", season=2026, n_responses=1, generated=date(2026, 7, 1)),
    ]
    text = write_index(tmp_path, results, generated=date(2026, 12, 3)).read_text(encoding="utf-8")
    lines = re.findall(r'<li><a href="([^"]+)">[^<]*</a>(?: <span class="smq-facts">· ([^<]*)</span>)?</li>', text)
    assert lines == [
        ("a/01_provenance.html", "Saison 2026 · 1\u00a0280 réponses · généré le 2 décembre 2026"),
        ("b/01_provenance.html", "Saison 2025 · généré le 2 décembre 2026"),
        ("c/01_provenance.html", "Saison 2026 · 1 réponse · généré le 1er juillet 2026"),
    ]
    assert '<p class="smq-generated">Généré le 3 décembre 2026</p>' in text
    english = write_index(tmp_path, results, language="en").read_text(encoding="utf-8")
    assert "2026 season · 1,280 responses · generated on December 2, 2026" in english
    assert "Generated on" not in english  # no day given to the index itself


def test_a_report_without_date_or_facts_is_listed_plainly(tmp_path):
    results = [report(tmp_path, "a", "Musée A", generated=None)]
    text = write_index(tmp_path, results).read_text(encoding="utf-8")
    assert '<li><a href="a/01_provenance.html">Provenance des visiteurs</a></li>' in text
    assert "généré" not in text.lower()


def test_reports_of_an_earlier_run_keep_their_own_facts(tmp_path):
    manifest.update(
        tmp_path, [report(tmp_path, "old", "Ancien musée", season=2024, n_responses=90, generated=date(2025, 1, 15))]
    )
    fresh = [report(tmp_path, "new", "Nouveau musée", season=2026, n_responses=300)]
    text = write_index(tmp_path, fresh).read_text(encoding="utf-8")
    assert "Saison 2024 · 90 réponses · généré le 15 janvier 2025" in text
    assert "Saison 2026 · 300 réponses · généré le 2 décembre 2026" in text
    assert write_index(tmp_path, fresh).read_text(encoding="utf-8") == text  # deterministic


def test_the_index_never_reads_facts_back_out_of_the_pages(tmp_path):
    result = report(tmp_path, "a", "Musée A", season=2026, n_responses=280)
    result.html_path.write_text(
        '<html><title>Autre</title><meta name="smq-season" content="1999"></html>', encoding="utf-8"
    )
    text = write_index(tmp_path, [result]).read_text(encoding="utf-8")
    assert "Saison 2026 · 280 réponses" in text and "1999" not in text and "Autre" not in text


def test_a_page_older_than_the_manifest_is_listed_by_name_with_a_note(tmp_path):
    """A page an earlier version wrote has no manifest entry: listed (the registry's title for a known
    notebook, else the file name), its facts replaced by a note, counted as produced."""
    fresh = [report(tmp_path, "new", "Nouveau musée", season=2026, n_responses=300)]
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "01_provenance.html").write_text("<title>Provenance des visiteurs</title>", encoding="utf-8")
    (tmp_path / "old" / "07_essai.html").write_text("<title>Essai</title>", encoding="utf-8")
    text = write_index(tmp_path, fresh).read_text(encoding="utf-8")
    lines = re.findall(r'<li><a href="([^"]+)">([^<]*)</a>(?: <span class="smq-facts">· ([^<]*)</span>)?</li>', text)
    note = "rapport d'une version antérieure, absent de manifest.json"
    assert [(href, title) for href, title, _ in lines] == [
        ("new/01_provenance.html", "Provenance des visiteurs"),
        ("old/01_provenance.html", "Provenance des visiteurs"),
        ("old/07_essai.html", "07_essai"),
    ]
    assert [note in html.unescape(facts) for _, _, facts in lines] == [False, True, True]
    nbsp = "\u00a0"
    assert f"3{nbsp}rapports produits, 0{nbsp}non produit faute de données, 0{nbsp}en échec." in text


def test_a_recorded_report_whose_page_was_deleted_is_left_out(tmp_path):
    kept = report(tmp_path, "a", "Musée A", season=2026)
    gone = report(tmp_path, "b", "Musée B", season=2026)
    manifest.update(tmp_path, [kept, gone])
    gone.html_path.unlink()
    text = write_index(tmp_path).read_text(encoding="utf-8")
    assert re.findall(r'<a href="([^"]+)">', text) == ["a/01_provenance.html"] and "Musée B" not in text


def test_a_skipped_report_is_a_note_not_a_failure_and_hides_its_stale_page(tmp_path):
    """A report skipped for missing data reads « non produit » with its sentence, never as an alert,
    and counts apart from produced and failed ones; a page left from an earlier run is not listed."""
    produced = report(tmp_path, "a", "Musée A", season=2026)
    stale = report(tmp_path, "b", "Musée B", season=2025)  # its page stays in the folder
    sentence = "Données manquantes pour ce musée : sondage auprès des visiteurs."
    skipped = ReportResult(
        "b",
        "Musée B",
        "01_provenance",
        "Provenance des visiteurs",
        True,
        None,
        None,
        error=sentence,
        topic="provenance",
        skipped=True,
    )
    assert stale.html_path.is_file()
    text = write_index(tmp_path, [produced, skipped]).read_text(encoding="utf-8")
    assert re.findall(r'<a href="([^"]+)">', text) == ["a/01_provenance.html"]
    line = re.search(r'<li class="smq-skipped">(.*?)</li>', text, re.DOTALL).group(1)
    assert "non produit" in line and html.escape(sentence) in line and "role=" not in line
    nbsp = "\u00a0"
    assert f"1{nbsp}rapport produit, 1{nbsp}non produit faute de données, 0{nbsp}en échec." in text
    english = write_index(tmp_path, [produced, skipped], language="en").read_text(encoding="utf-8")
    assert f"1{nbsp}report written, 1{nbsp}not produced for lack of data, 0{nbsp}failed." in english
