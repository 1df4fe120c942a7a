"""notebooks/04_web.ipynb runs on a small stand-in store (tests/test_web_topic.py's build): every chart
declares its cells and the runner's audit passes; a museum without web data reads « Pas de données Web »
in every section after the first and gets no chart (docs/ARCHITECTURE.md, « Topics », Web)."""

from __future__ import annotations

import json

import pytest

from smq_analytics import paths
from smq_analytics.report.runner import audit_report, execute
from test_web_topic import NONE, A, build

PLOTLY = "application/vnd.plotly.v1+json"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("nb04"))


def run(db, museum, lang, tmp_path):
    out = tmp_path / f"{museum}-{lang}.ipynb"
    execute(paths.notebooks_dir() / "04_web.ipynb", out, {"museum": museum, "db": str(db), "language": lang})
    nb = json.loads(out.read_text(encoding="utf-8"))
    audit_report(nb, db)
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    figures = [o["data"][PLOTLY] for o in outputs if PLOTLY in o.get("data", {})]
    texts = ["".join(o["data"]["text/plain"]) for o in outputs if "text/plain" in o.get("data", {})]
    return figures, [t.replace("\u00a0", " ") for t in texts if t.strip()]


def test_a_museum_with_web_data_gets_every_section_with_declared_charts(db, tmp_path):
    figures, texts = run(db, A, "fr", tmp_path)
    assert len(figures) >= 10
    assert all(f["layout"]["meta"]["smq_cells"] == [] for f in figures)  # sessions are not respondents
    titles = {f["layout"]["title"]["text"] for f in figures}
    assert {"Sessions par mois", "Part des sessions par canal d'acquisition", "Sessions avant et après GA4"} <= titles
    assert any("Problème de mesure entre domaines" in t for t in texts)


def test_a_museum_without_web_data_reads_one_sentence_per_section_and_no_chart(db, tmp_path):
    figures, texts = run(db, NONE, "en", tmp_path)
    assert figures == []
    assert texts[0].startswith("No web data was sent for this museum")
    assert texts[1:] == ["No web data."] * 7
