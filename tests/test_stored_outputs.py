"""Stored notebook outputs are kept in one canonical, minimal form (report/stored.py): the same bytes
run after run, one line per JSON output, and the same notebook as nbformat's own layout."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from smq_analytics.report.stored import canonical_json

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_stored_notebook_is_in_canonical_form(path):
    """A notebook saved from JupyterLab instead of `make notebooks` fails here, before its diff does."""
    text = path.read_text(encoding="utf-8")
    assert text == canonical_json(nbformat.reads(text, as_version=4)), f"run `make notebooks` for {path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_canonical_form_is_the_same_notebook_as_nbformats_layout(path):
    nb = nbformat.read(path, as_version=4)
    assert json.loads(canonical_json(nb)) == json.loads(nbformat.writes(nb))
    nbformat.validate(nbformat.reads(canonical_json(nb), as_version=4))


def test_each_json_output_is_one_line_and_text_stays_readable():
    nb = nbformat.v4.new_notebook()
    figure = {"data": [{"type": "bar", "x": [1, 2, 3], "y": ["a", "b", "c"]}], "layout": {"title": {"text": "é"}}}
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "x",
            outputs=[
                nbformat.v4.new_output("display_data", data={"application/vnd.plotly.v1+json": figure}),
                nbformat.v4.new_output("execute_result", data={"text/plain": "ligne 1\nligne 2"}, execution_count=1),
            ],
        )
    )
    text = canonical_json(nb)
    lines = [line for line in text.splitlines() if '"application/vnd.plotly.v1+json"' in line]
    assert len(lines) == 1 and json.loads("{" + lines[0].strip().rstrip(",") + "}") == {
        "application/vnd.plotly.v1+json": figure
    }
    assert "é" in lines[0]  # UTF-8 as is, like nbformat
    assert '"ligne 1\\n",' in text  # text keeps nbformat's line list
    assert json.loads(text)["cells"][0]["outputs"][0]["data"]["application/vnd.plotly.v1+json"] == figure


def _spaces(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_french_text_of_every_notebook_follows_french_spacing(path):
    """A director reads the markdown cells as written: a space before « ; : ? ! % » and inside « »."""
    from smq_analytics.i18n import french_spacing

    nb = nbformat.read(path, as_version=4)
    french = [c.source for c in nb.cells if c.cell_type == "markdown" and "lang-fr" in c.metadata.get("tags", [])]
    assert french, "no French markdown cell"
    assert [t for t in french if _spaces(french_spacing(t)) != _spaces(t)] == []
