"""notebooks/01_provenance.ipynb runs against a synthetic store, in French and English, deterministically."""

import json

import nbformat
import pytest

from provenance_fixtures import build_store
from smq_analytics.demo import DEFAULT_MUSEUM
from smq_analytics.paths import notebooks_dir
from smq_analytics.report import runner

NOTEBOOK = notebooks_dir() / "01_provenance.ipynb"
CELL_TIMEOUT = 90  # seconds: a cell of this small store takes a few seconds at most


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("nb") / "t.duckdb"
    build_store(path).close()
    return path


def run(db, tmp_path, **parameters):
    """The runner's own execution: kernel start and cell timeouts, one retry after a kernel failure,
    so a lost kernel message fails the test with a message instead of hanging it."""
    output = tmp_path / f"out_{parameters.get('language', 'fr')}.ipynb"
    parameters = {"db": str(db), "museum": "M01", **parameters}
    runner.execute_with_retry(NOTEBOOK, output, parameters, cell_timeout=CELL_TIMEOUT)
    return nbformat.read(output, as_version=4)


def texts(notebook):
    return [
        output["data"]["text/plain"]
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "text/plain" in output.get("data", {})
    ]


def test_structure_parameters_then_setup_and_tagged_interactive_cell():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code[0].metadata["tags"] == ["parameters"]
    assert "interactive = False" in code[0].source
    assert f'museum = "{DEFAULT_MUSEUM}"' in code[0].source  # the demo museum the stored outputs show
    assert "use_notebook_renderer()" in code[1].source
    assert code[-1].metadata["tags"] == ["interactive"]
    assert code[-1].source.startswith("if interactive:")
    assert not any("SELECT" in cell.source.upper() for cell in code)


def test_runs_in_french_and_english_with_stable_outputs(db, tmp_path):
    french = run(db, tmp_path)
    (tmp_path / "again").mkdir()
    again = run(db, tmp_path / "again")
    outputs = [json.dumps(cell.get("outputs", []), sort_keys=True) for cell in french.cells]
    assert outputs == [json.dumps(cell.get("outputs", []), sort_keys=True) for cell in again.cells]
    found = "\n".join(texts(french))
    assert "211\u00a0réponses au sondage estival 2024" in found
    assert "de vos visiteurs sont des touristes (estimation\u00a0; IC à 95\u00a0%\u00a0:" in found
    plots = [
        o
        for cell in french.cells
        for o in cell.get("outputs", [])
        if "application/vnd.plotly.v1+json" in o.get("data", {})
    ]
    titles = [o["data"]["application/vnd.plotly.v1+json"]["layout"]["title"]["text"] for o in plots]
    # 6 charts: no peer-group chart, M01 having only 4 other museums (privacy.MIN_PEER_MUSEUMS is 5),
    # which the text says plainly; no target chart (M01 has no parameter file); no chart of a table
    # whose every row folds into « Autres » (a lone 100 % bar)
    assert len(plots) == 6, titles
    assert "Ensemble du réseau SMQ\u00a0: comparaison non publiée (4 autres musées ont au moins" in found
    assert "Le musée n'a pas fixé de cible pour sa part de touristes ou d'excursionnistes." in found
    assert str(db) not in "".join(outputs)  # no paths in stored outputs

    english = "\n".join(texts(run(db, tmp_path, language="en")))
    assert "211\u00a0responses to the 2024 summer survey" in english and "of your visitors are tourists" in english


def test_interactive_mode_shows_the_pickers(db, tmp_path):
    notebook = run(db, tmp_path, interactive=True)
    last = [cell for cell in notebook.cells if cell.cell_type == "code"][-1]
    widgets = [o for o in last.outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert widgets, "the interactive cell should display the museum / year / language pickers"
