"""The real workbooks on the demo store: every report holds every chart of its notebook, draws them in
Chromium with the network off, hides code, and follows the report language.

Uses the demo store that `make test` builds (SMQ_DB, else data/demo/demo.duckdb), through the session's
reports (conftest.py `demo_reports`: each report executed once, whichever module asks first).
"""

from __future__ import annotations

import re

import pytest

from smq_analytics.demo import DEFAULT_MUSEUM
from smq_analytics.paths import notebooks_dir
from report_support import browse
from report_support import network_references, plotly_output_count, without_plotly_js

NOTEBOOKS = sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb"))
OTHER_MUSEUM = "musee-des-lucioles"


@pytest.fixture(scope="module")
def french(demo_reports):
    """The reports of two demo museums, executed once per session (conftest.py DemoReports)."""
    results = demo_reports.get([DEFAULT_MUSEUM, OTHER_MUSEUM], NOTEBOOKS)
    assert [r.error for r in results if not r.ok] == []
    assert len(results) == 2 * len(NOTEBOOKS)
    return results


def test_every_chart_of_every_notebook_reaches_its_report(french):
    for result in french:
        page = result.html_path.read_text(encoding="utf-8")
        expected = plotly_output_count(result.ipynb_path)
        assert expected >= 1, result.notebook
        assert len(re.findall(r'<div class="smq-plot\b', page)) == expected, (result.museum_id, result.notebook)
        rest = without_plotly_js(page)  # plotly.js inlined exactly once
        assert network_references(rest) == [] and "http://" not in rest and "https://" not in rest


def test_reports_are_french_with_quebec_numbers_and_no_code(french):
    page = french[0].html_path.read_text(encoding="utf-8")
    assert '<html lang="fr">' in page
    assert "Provenance des visiteurs" in page and "Visitor provenance" not in page
    assert re.search(r"\d\u00a0%", page)  # 45 % with a no-break space
    for code in ("open_scope(", "import ", "provenance.category_shares", "interactive = False"):
        assert code not in without_plotly_js(page), code


def test_the_charts_draw_offline_in_chromium(french, tmp_path):
    result = next(r for r in french if r.museum_id == DEFAULT_MUSEUM)
    dom = browse(result.html_path, tmp_path / "profile", "--dump-dom").stdout
    expected = plotly_output_count(result.ipynb_path)
    assert dom.count('class="plot-container plotly"') == expected
    assert len(re.findall(r'class="main-svg"', dom)) >= expected


def test_an_english_report(demo_reports):
    [result] = demo_reports.get([DEFAULT_MUSEUM], NOTEBOOKS[:1], language="en")
    assert result.ok, result.error
    page = without_plotly_js(result.html_path.read_text(encoding="utf-8"))
    assert '<html lang="en">' in page and "Visitor provenance" in page
    assert "Provenance des visiteurs" not in page and "Les données utilisées" not in page
    assert "of your visitors are tourists" in page
