"""The topic registry: every topic has its notebook and every report notebook its topic, the registry's
title is the one the notebook and its report show, and a topic added to the registry is run and indexed."""

from __future__ import annotations

import html
import json
import re
import shutil

import pytest

from smq_analytics import topics
from smq_analytics.i18n import LocalizedError, Message
from smq_analytics.paths import notebooks_dir
from smq_analytics.report import runner
from smq_analytics.report.html import export, notebook_title, read_notebook
from smq_analytics.report.index import write_index


def report_notebooks():
    return sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb"))


def test_every_registered_topic_has_its_notebook_and_every_notebook_its_topic():
    registered = {t.notebook for t in topics.TOPICS}
    on_disk = {path.stem for path in report_notebooks()}
    assert registered == on_disk
    for topic in topics.TOPICS:
        assert topic.notebook_path().is_file(), topic.notebook_path()
        assert topics.by_notebook(topic.notebook) is topic and topics.topic(topic.name) is topic
    assert len({t.name for t in topics.TOPICS}) == len(topics.TOPICS)


def test_the_runner_runs_the_registered_notebooks_in_notebook_order():
    assert runner.default_notebooks() == report_notebooks()
    assert runner.notebook_paths(None) == report_notebooks()
    assert topics.notebook_names() == [path.stem for path in report_notebooks()]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_registry_title_is_the_one_the_notebook_and_its_report_show(language, tmp_path):
    for topic in topics.TOPICS:
        nb = read_notebook(topic.notebook_path())
        assert notebook_title(nb, language) == topic.title(language)  # the notebook's leading heading
        assert runner.report_title(topic.notebook_path(), language) == topic.title(language)
        page = export(
            nb,
            tmp_path / f"{topic.notebook}.html",
            title=runner.report_title(topic.notebook_path(), language),
            language=language,
        ).read_text(encoding="utf-8")
        assert f"<h1>{topic.title(language)}</h1>" in page
        assert re.search(r"<title>([^<]*?)(?: — [^<]*)?</title>", page).group(1) == topic.title(language)


def test_each_topic_names_its_sources_and_a_live_view_that_loads():
    for topic in topics.TOPICS:
        assert (topic.sources or topic.optional_sources) and all(
            isinstance(s, str) for s in (*topic.sources, *topic.optional_sources)
        )
        assert callable(topic.live_view())
    assert topics.topic("provenance").live_view().__module__ == "smq_analytics.topics.provenance.view"


def test_a_topic_name_is_accepted_where_a_notebook_name_is():
    provenance = topics.topic("provenance")
    assert runner.notebook_paths(["provenance"]) == [provenance.notebook_path().resolve()]


@pytest.mark.parametrize("lookup", [lambda: topics.topic("meteo"), lambda: topics.by_notebook("09_meteo.ipynb")])
def test_an_unknown_topic_or_notebook_is_a_bilingual_error_listing_the_known_ones(lookup):
    with pytest.raises(LocalizedError) as caught:
        lookup()
    french, english = caught.value.text("fr"), caught.value.text("en")
    assert "meteo" in french and "meteo" in english
    assert ("inconnu" in french or "absent" in french) and ("unknown" in english or "not in" in english)
    assert "smq_analytics/topics/__init__.py" in french and "smq_analytics/topics/__init__.py" in english
    for topic in topics.TOPICS:
        assert topic.name in french or topic.notebook in french
    assert topics.find_by_notebook("09_meteo") is None


def test_the_live_pickers_refuse_an_unknown_topic_in_both_languages():
    widgets = pytest.importorskip("smq_analytics.widgets")
    with pytest.raises(LocalizedError) as caught:
        widgets.explore_topic(None, "meteo")
    assert "« meteo »" in caught.value.text("fr") and "'meteo'" in caught.value.text("en")


@pytest.fixture
def fake_project(tmp_path, monkeypatch):
    """A project folder with the shipped notebooks plus 99_fake.ipynb, and a topic registered for it."""
    home = tmp_path / "home"
    shutil.copytree(notebooks_dir(), home / "notebooks")
    fake_nb = {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Autre titre"}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (home / "notebooks" / "99_fake.ipynb").write_text(json.dumps(fake_nb), encoding="utf-8")
    monkeypatch.setenv("SMQ_HOME", str(home))
    fake = topics.Topic("fake", "99_fake", Message("Thème d'essai", "Test topic"), sources=("survey",))
    monkeypatch.setattr(topics, "TOPICS", (*topics.TOPICS, fake))
    return home, fake


def test_a_topic_added_to_the_registry_is_run_and_indexed(fake_project, tmp_path):
    home, fake = fake_project
    paths = runner.default_notebooks()
    assert paths[-1] == home / "notebooks" / "99_fake.ipynb" and len(paths) == len(topics.TOPICS)
    assert runner.report_title(paths[-1], "fr") == "Thème d'essai"  # the registry's, not the heading
    out = tmp_path / "reports"
    page = export(read_notebook(paths[-1]), out / "m" / "99_fake.html", title=runner.report_title(paths[-1]))
    result = runner.ReportResult(
        "m", "Musée M", "99_fake", runner.report_title(paths[-1]), True, None, page, topic=fake.name
    )
    text = write_index(out, [result]).read_text(encoding="utf-8")
    assert '<a href="m/99_fake.html">Thème d\'essai</a>' in html.unescape(text)


def test_a_page_of_a_registered_topic_without_manifest_entry_shows_the_registry_title(fake_project, tmp_path):
    out = tmp_path / "reports"
    (out / "m").mkdir(parents=True)
    (out / "m" / "99_fake.html").write_text("<html></html>", encoding="utf-8")
    english = write_index(out, [], language="en").read_text(encoding="utf-8")
    assert "Test topic</a>" in english and "not in manifest.json" in english


def test_a_registered_topic_whose_notebook_is_missing_stops_the_run_naming_the_file(fake_project):
    home, _ = fake_project
    (home / "notebooks" / "99_fake.ipynb").unlink()
    with pytest.raises(LocalizedError) as caught:
        runner.default_notebooks()
    assert "99_fake.ipynb" in caught.value.text("fr") and "99_fake.ipynb" in caught.value.text("en")
    assert "« fake »" in caught.value.text("fr") and "'fake'" in caught.value.text("en")


def test_each_report_words_its_period_as_its_topic_does():
    """A survey report covers a season, the attendance report a fiscal year (header and index alike)."""
    from smq_analytics.topics import period_text

    assert period_text("01_provenance", 2026, "fr") == "Saison 2026"
    assert period_text("03_attendance", "2025-2026", "fr") == "Exercice 2025-2026"
    assert period_text("03_attendance", "2025-2026", "en") == "Fiscal year 2025-2026"
    assert period_text("99_unknown", 2026, "en") == "2026 season"
    assert period_text("03_attendance", None, "fr") is None
