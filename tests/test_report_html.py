"""Report runner, offline HTML export and index, on the fixture notebook tests/fixtures/report/.

The fixture is run for real with papermill (two museums in a small store plus one museum the store
does not know, whose notebook fails). Expected counts are taken from the executed .ipynb or by hand,
never from the exporter itself.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest
from plotly.offline import get_plotlyjs

from smq_analytics.report.html import PLOTLY_MIME, export, stylesheet
from smq_analytics.report.index import write_index
from smq_analytics.report.meta import REPORT_MIME
from smq_analytics.report.runner import plain, store_outputs

# helpers shared with other test modules live in report_support (test_sanitize and test_reports_demo
# still import some of them from here)
from report_support import (
    FIXTURE,
    URL_IN_ATTRIBUTE,
    network_references,
    notebook,
    plotly_output_count,
    render,
    run_fixture,
    without_plotly_js,
)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("run")
    # numpy year on purpose: the runner must hand papermill a plain int
    db, out, results = run_fixture(tmp, ["mus-a", "ghost", "mus-b"], jobs=2, year=np.int64(2024))
    return {"db": db, "out": out, "results": results, "tmp": tmp}


@pytest.fixture(scope="module")
def page(run):
    return (run["out"] / "mus-b" / "fixture_report.html").read_text(encoding="utf-8")


def test_each_museum_gets_its_executed_notebook_and_report(run):
    by_museum = {r.museum_id: r for r in run["results"]}
    assert [r.museum_id for r in run["results"]] == ["mus-a", "ghost", "mus-b"]
    for museum in ("mus-a", "mus-b"):
        result = by_museum[museum]
        assert result.ok and result.error is None
        assert result.ipynb_path == run["out"].resolve() / museum / "fixture_report.ipynb"
        assert result.html_path == run["out"].resolve() / museum / "fixture_report.html"
        assert result.html_path.is_file() and result.ipynb_path.is_file()
    assert by_museum["mus-b"].museum_name == "Musée B & fils"
    assert by_museum["mus-a"].title == "Provenance des visiteurs (essai)"


def test_a_failing_notebook_is_reported_and_the_others_still_run(run):
    ghost = next(r for r in run["results"] if r.museum_id == "ghost")
    assert not ghost.ok
    assert ghost.html_path is None
    # by hand: parameters = [1], injected parameters = [2], setup = [3], the store lookup = [4]
    assert ghost.error == "cellule 4 — IndexError : list index out of range"
    assert ghost.ipynb_path is not None and ghost.ipynb_path.is_file()  # kept for the analyst
    assert sum(r.ok for r in run["results"]) == 2


def test_parameters_reach_the_notebook_as_plain_python_values(run):
    nb = json.loads((run["out"] / "mus-a" / "fixture_report.ipynb").read_text(encoding="utf-8"))
    injected = next(c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", []))
    source = "".join(injected["source"])
    assert 'museum = "mus-a"' in source
    assert "year = 2024\n" in source and '"2024"' not in source
    assert f'db = "{run["db"].resolve()}"' in source
    assert plain({"y": np.int64(3), "p": Path("/x"), "l": [np.float64(0.5)]}) == {"y": 3, "p": "/x", "l": [0.5]}
    assert type(plain(np.int64(3))) is int


def test_one_plot_div_per_plotly_output(run, page):
    expected = plotly_output_count(run["out"] / "mus-b" / "fixture_report.ipynb")
    assert expected == 2  # fixture: a bar chart and a pie; the interactive cell draws nothing by default
    assert page.count('<div class="smq-plot"') == expected
    assert len(set(re.findall(r'id="(smq-plot-\d+)"', page))) == expected


def test_plotly_js_once_and_nothing_loaded_from_the_network(page):
    rest = without_plotly_js(page)
    assert "<script src" not in page.lower()
    assert network_references(page) == []
    assert not URL_IN_ATTRIBUTE.search(rest)
    assert "http://" not in rest and "https://" not in rest
    assert "require.js" not in rest and "MathJax" not in rest and "widget" not in rest.lower()
    assert '"showSendToCloud":false' in rest and '"displaylogo":false' in rest


def test_no_code_no_parameters_no_hidden_cells(page):
    page = without_plotly_js(page)
    nb = json.loads(FIXTURE.read_text(encoding="utf-8"))
    code_lines = [
        line.strip()
        for cell in nb["cells"]
        if cell["cell_type"] == "code"
        for line in "".join(cell["source"]).splitlines()
        if len(line.strip()) >= 12
    ]
    assert len(code_lines) > 20
    leaked = [line for line in code_lines if line in page]
    assert leaked == []
    for hidden in (
        "widget interactif",
        "cellule retirée",
        'museum = "',
        "interactive = False",
        "sortie d'erreur cachée",
        "avertissement qui ne doit pas paraître",
        "In [",
        "Out[",
    ):
        assert hidden not in page
    assert "Texte imprimé visible" in page  # stdout stays


def test_markdown_tables_header_and_footer(page):
    assert page.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert "<em>texte en italique</em>" in page and "<h2>Tableau</h2>" in page
    assert "cahier d'essai" not in page  # the notebook's own '# ' title gives way to the header
    assert '<p class="smq-museum">Musée B &amp; fils</p>' in page
    assert "<h1>Provenance des visiteurs (essai)</h1>" in page
    assert '<p class="smq-season">Saison 2024</p>' in page
    assert "Produit par smq-analytics · Données : Saison 2024, 120 réponses, non pondéré" in page
    assert REPORT_MIME not in page


def test_html_table_kept_and_its_plain_text_twin_dropped(run, page):
    nb = json.loads((run["out"] / "mus-b" / "fixture_report.ipynb").read_text(encoding="utf-8"))
    table = next(o for c in nb["cells"] for o in c.get("outputs", []) if "text/html" in o.get("data", {}))
    plain_text = "".join(table["data"]["text/plain"])
    assert "Excursionniste" in plain_text
    assert plain_text.splitlines()[1] not in page
    assert "<td>Excursionniste</td>" in page and '<table border="1" class="dataframe">' in page


def test_two_runs_give_byte_identical_html(run, tmp_path):
    shutil.copy(run["db"], tmp_path / "store.duckdb")
    _, out, results = run_fixture(tmp_path, ["mus-b"], jobs=1)
    assert results[0].ok
    first = (run["out"] / "mus-b" / "fixture_report.html").read_bytes()
    assert (out / "mus-b" / "fixture_report.html").read_bytes() == first
    again = export(
        run["out"] / "mus-b" / "fixture_report.ipynb",
        tmp_path / "again.html",
        title="Provenance des visiteurs (essai)",
        language="fr",
        museum="Musée B & fils",
        season=2024,
        generated=date.today(),
    )
    assert again.read_bytes() == first


def test_index_links_every_report_and_shows_failures(run):
    index = write_index(run["out"], run["results"], language="fr", db=run["db"])
    text = index.read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="([^"]+)">', text)
    assert sorted(hrefs) == ["mus-a/fixture_report.html", "mus-b/fixture_report.html"]
    assert all((run["out"] / href).is_file() for href in hrefs)
    assert "<h2>Musée A</h2>" in text and "<h2>Musée B &amp; fils</h2>" in text and "<h2>ghost</h2>" in text
    assert "cellule 4 — IndexError : list index out of range" in text
    assert "2\u00a0rapports produits, 0\u00a0non produit faute de données, 1\u00a0en échec." in text
    assert network_references(text) == [] and "<script" not in text
    assert "http://" not in text and "https://" not in text
    assert write_index(run["out"], run["results"], language="fr", db=run["db"]).read_text(encoding="utf-8") == text
    english = write_index(run["out"], run["results"], language="en").read_text(encoding="utf-8")
    assert (
        '<html lang="en">' in english
        and "2\u00a0reports written, 0\u00a0not produced for lack of data, 1\u00a0failed." in english
    )


def test_store_outputs_is_byte_identical_run_after_run(run, tmp_path):
    # Warnings carry the kernel's temporary file path (/tmp/ipykernel_<pid>/…), which no stored output
    # can match: notebooks kept for nbval must not warn, so the warning cell is left out here.
    nb = json.loads(FIXTURE.read_text(encoding="utf-8"))
    nb["cells"] = [c for c in nb["cells"] if c.get("id") != "warning"]
    notebook = tmp_path / "fixture_report.ipynb"
    notebook.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    store_outputs(notebook, {"museum": "mus-a", "db": str(run["db"])})
    first = notebook.read_bytes()
    store_outputs(notebook, {"museum": "mus-a", "db": str(run["db"])})
    assert notebook.read_bytes() == first
    nb = json.loads(first)
    assert "papermill" not in nb["metadata"]
    assert all("papermill" not in c["metadata"] and "execution" not in c["metadata"] for c in nb["cells"])
    assert plotly_output_count(notebook) == 2


# --- the exporter on hand-written notebooks (no kernel) ---------------------------------------


def test_output_choice_and_dropped_kinds(tmp_path):
    page = render(
        notebook(
            {"output_type": "stream", "name": "stderr", "text": "bruit"},
            {"output_type": "display_data", "data": {"text/plain": "repr du graphique", "image/png": "iVBORw0KGgo=\n"}},
            {"output_type": "display_data", "data": {"text/plain": "seulement du texte <b>"}},
            {
                "output_type": "display_data",
                "data": {
                    "application/vnd.jupyter.widget-view+json": {"model_id": "m"},
                    "text/plain": "HBox(children=…)",
                },
            },
            {"output_type": "display_data", "data": {"application/javascript": "alert(1)", "text/plain": ""}},
            {
                "output_type": "error",
                "ename": "ValueError",
                "evalue": "\x1b[31mtaux  impossible\x1b[0m",
                "traceback": ["Traceback secret"],
            },
        ),
        tmp_path,
    )
    assert "bruit" not in page and "repr du graphique" not in page
    assert '<img alt="" src="data:image/png;base64,iVBORw0KGgo=">' in page
    assert "seulement du texte &lt;b&gt;" in page
    assert "HBox" not in page and "alert(1)" not in page
    assert "Ce calcul a échoué :</strong> ValueError: taux impossible</p>" in page
    assert "Traceback secret" not in page and "\x1b" not in page
    assert "<script" not in page  # no plot, so no plotly.js either


def test_html_output_that_would_load_from_the_network_is_withheld(tmp_path):
    page = render(
        notebook(
            {
                "output_type": "display_data",
                "data": {
                    "text/html": '<script src="https://cdn.example/x.js"></script>',
                    "text/plain": "repli en texte",
                },
            },
            {"output_type": "display_data", "data": {"text/html": '<img src="//cdn.example/a.png">'}},
        ),
        tmp_path,
    )
    assert "cdn.example" not in page
    assert "repli en texte" in page
    assert "Contenu retiré : il aurait chargé des ressources en ligne." in page


def test_english_report_and_metadata_hooks(tmp_path):
    nb = notebook(
        {"output_type": "display_data", "data": {REPORT_MIME: {"season": 2023}, "text/plain": ""}},
        metadata={
            "smq": {"title": {"fr": "Titre", "en": "Title"}, "data_basis": {"fr": "n = 5", "en": "n = 5 responses"}}
        },
    )
    page = export(nb, tmp_path / "e.html", language="en").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "<h1>Title</h1>" in page
    assert '<p class="smq-season">2023 season</p>' in page
    assert "Produced by smq-analytics · Data: n = 5 responses" in page


def test_plot_json_cannot_close_its_script_tag(tmp_path):
    figure = {
        "data": [{"type": "bar", "x": ["</script><script>alert(1)</script>"], "y": [1]}],
        "layout": {"width": 900, "height": 300},
    }
    page = render(
        notebook({"output_type": "display_data", "data": {PLOTLY_MIME: figure, "text/plain": "Figure"}}), tmp_path
    )
    rest = without_plotly_js(page)
    assert "alert(1)" in rest and "<script>alert(1)" not in rest
    assert rest.count("</script>") == 4  # plot JSON, folding the tables, plotly.js, the drawing loop
    assert "<td>40</td>" not in rest and '<th scope="row">alert(1)</th>' in rest  # table text, tags dropped
    spec = re.search(r'<script type="application/json" data-plot="smq-plot-1">(.*?)</script>', rest, re.S).group(1)
    decoded = json.loads(spec)
    assert decoded["data"][0]["x"] == ["</script><script>alert(1)</script>"]
    assert "width" not in decoded["layout"] and decoded["layout"]["height"] == 300
    assert decoded["config"]["displayModeBar"] is False and decoded["config"]["responsive"] is True


def test_text_tagged_for_one_language_appears_only_in_that_report(tmp_path):
    cells = [
        {
            "cell_type": "markdown",
            "metadata": {"tags": ["lang-fr"]},
            "source": "# Provenance des visiteurs\n\nTexte français",
        },
        {"cell_type": "markdown", "metadata": {"tags": ["lang-en"]}, "source": "# Visitor provenance\n\nEnglish text"},
        {"cell_type": "markdown", "metadata": {}, "source": "Commun / shared"},
    ]
    french = export(notebook(cells=cells), tmp_path / "fr.html", language="fr").read_text(encoding="utf-8")
    english = export(notebook(cells=cells), tmp_path / "en.html", language="en").read_text(encoding="utf-8")
    assert "Texte français" in french and "English text" not in french and "Commun / shared" in french
    assert "English text" in english and "Texte français" not in english and "Commun / shared" in english
    assert "<h1>Provenance des visiteurs</h1>" in french and "<h1>Visitor provenance</h1>" in english


def test_index_keeps_the_reports_of_earlier_runs(run, tmp_path):
    out = tmp_path / "reports"
    shutil.copytree(run["out"], out)
    only_b = [
        dataclasses.replace(r, html_path=out / "mus-b" / "fixture_report.html")
        for r in run["results"]
        if r.museum_id == "mus-b"
    ]
    text = write_index(out, only_b, language="fr").read_text(encoding="utf-8")
    hrefs = sorted(re.findall(r'<a href="([^"]+)">', text))
    assert hrefs == ["mus-a/fixture_report.html", "mus-b/fixture_report.html"]
    (out / "mus-a" / "fixture_report.html").unlink()
    text = write_index(out, only_b, language="fr").read_text(encoding="utf-8")
    assert re.findall(r'<a href="([^"]+)">', text) == ["mus-b/fixture_report.html"]


def test_generation_day_in_the_footer_only_when_given(tmp_path):
    nb = notebook(
        {"output_type": "display_data", "data": {REPORT_MIME: {"season": 2026, "n_responses": 280}, "text/plain": ""}}
    )
    page = render(nb, tmp_path, generated=date(2026, 12, 2))
    assert '<p class="smq-generated">Généré le 2 décembre 2026</p>' in page
    assert '<meta name="dcterms.created" content="2026-12-02">' in page
    assert '<meta name="smq-season" content="2026">' in page and '<meta name="smq-responses" content="280">' in page
    assert "Généré le 1er mars 2027" in render(nb, tmp_path, generated="2027-03-01")
    english = render(nb, tmp_path, language="en", generated=datetime(2026, 12, 2, 23, 59))  # the day, never the time
    assert '<p class="smq-generated">Generated on December 2, 2026</p>' in english and "23:59" not in english
    undated = render(nb, tmp_path)
    assert "Généré" not in undated and "dcterms.created" not in undated
    assert render(nb, tmp_path, generated=date(2026, 12, 2)) == page  # same day, same bytes
    assert "smq-responses" not in render(notebook(), tmp_path)  # a notebook that does not publish n


def chart_output(title="Parts", note=None):
    layout = {"title": {"text": title}, "height": 400, "margin": {"t": 60, "b": 100}}
    if note:
        layout["annotations"] = [
            {"text": note, "name": "smq-note", "showarrow": False},
            {"text": "autre", "showarrow": False},
        ]
    figure = {"data": [{"type": "bar", "x": ["A", "B"], "y": [3, 4], "text": ["3 %", "masqué"]}], "layout": layout}
    return {"output_type": "display_data", "data": {PLOTLY_MIME: figure, "text/plain": ""}}


def test_a_chart_becomes_a_named_figure_with_its_note_and_data(tmp_path):
    page = render(notebook(chart_output("Répondants &amp; <b>parts</b>", "Barres : IC<br>Non pondéré")), tmp_path)
    figure = re.search(r'<figure class="smq-figure">(.*?)<script type="application/json"', page, re.S).group(1)
    assert figure.startswith('<figcaption class="smq-chart-title">Répondants &amp; parts</figcaption>')
    assert '<div class="smq-plot" id="smq-plot-1" role="img" aria-label="Répondants &amp; parts"></div>' in figure
    assert '<p class="smq-chart-note">Barres : IC · Non pondéré</p>' in figure
    assert '<details class="smq-chart-data" open><summary>Données du graphique</summary>' in figure
    assert (
        '<thead><tr><th scope="col">Catégorie</th><th scope="col">Valeur</th></tr></thead>'
        '<tbody><tr><th scope="row">A</th><td>3 %</td></tr>'
        '<tr><th scope="row">B</th><td>masqué</td></tr>'
    ) in figure
    spec = json.loads(re.search(r'data-plot="smq-plot-1">(.*?)</script>', page, re.S).group(1))
    assert "title" not in spec["layout"] and [a["text"] for a in spec["layout"]["annotations"]] == ["autre"]
    assert spec["layout"]["margin"] == {"t": 12, "b": 56} and spec["layout"]["height"] == 400 - 48 - 44
    # without JavaScript the table stays open and the empty plot box hidden; with it, the page folds it
    fold = page.index("document.documentElement.classList.add('smq-js')")
    assert fold < page.index(plotly_js_start()) and "d.open = false" in page[fold : fold + 300]
    assert "html:not(.smq-js) .smq-plot { display: none; }" in page


def plotly_js_start() -> str:
    return get_plotlyjs()[:200]


def test_an_untitled_chart_is_named_by_its_number(tmp_path):
    figure = {
        "data": [{"type": "pie", "labels": ["Local", "Touriste"], "values": {"dtype": "i1", "bdata": "KB4="}}],
        "layout": {},
    }
    page = render(
        notebook({"output_type": "display_data", "data": {PLOTLY_MIME: figure, "text/plain": ""}}),
        tmp_path,
        language="en",
    )
    assert '<div class="smq-plot" id="smq-plot-1" role="img" aria-label="Chart 1"></div>' in page
    assert "<figcaption" not in page and "<summary>Chart data</summary>" in page
    assert '<th scope="row">Local</th><td>40</td></tr><tr><th scope="row">Touriste</th><td>30</td>' in page


def test_each_chart_is_kept_with_the_commentary_its_cell_prints_after_it(tmp_path):
    text = {"output_type": "display_data", "data": {"text/html": "<p>commentaire</p>"}}
    before = {"output_type": "stream", "name": "stdout", "text": "avant"}
    page = render(notebook(before, chart_output("Un"), text, chart_output("Deux"), text), tmp_path)
    main = page[page.index("<main") : page.index("</main>")]
    units = re.findall(r'<div class="smq-unit">(.*?)</div>\n', main, re.S)
    assert len(units) == 2 and main.index("avant") < main.index('<div class="smq-unit">')
    for title, unit in zip(("Un", "Deux"), units):
        assert unit.startswith(f'<figure class="smq-figure"><figcaption class="smq-chart-title">{title}</figcaption>')
        assert unit.endswith('</figure><div class="smq-output"><p>commentaire</p></div>')
    css = stylesheet()
    printed = css[css.index("@media print") :]
    assert ".smq-unit > .smq-figure { break-after: avoid; }" in printed
    assert ".smq-figure, .smq-image, table { break-inside: avoid; }" in printed
    assert "h1, h2, h3, .smq-chart-title { break-after: avoid; }" in printed
    assert ".smq-output, .smq-figure, .smq-image, .smq-table-scroll { overflow: visible; }" in printed
