"""The attendance workbook (notebooks/03_attendance.ipynb): its figures recomputed from the raw demo
attendance files by an independent path (plain csv / openpyxl, the parsing of tests/demo_files_support.py,
never smq_analytics.ingest), the grammar of its sentences on hand-built frames, and a museum with
attendance but no survey getting its report."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from smq_analytics import paths, store
from smq_analytics.ingest import ingest_file
from smq_analytics.metrics.scope import open_scope
from smq_analytics.topics.attendance import metrics, narrative
from smq_analytics.topics.attendance.metrics import DataBasis, MonthlyWindow
from demo_files_support import read_attendance

pytestmark = pytest.mark.timeout(300)

DEMO_DIR = Path(os.environ.get("SMQ_DEMO_DIR") or paths.demo_dir())
DB = paths.default_db()
FISCAL = "musee-du-filon-perdu"  # year from April (parameters/museums/musee-du-filon-perdu.yaml)
CALENDAR = "musee-des-brumes"  # calendar year
START = {FISCAL: 4, CALENDAR: 1}
needs_demo = pytest.mark.skipif(not DB.is_file() or not DEMO_DIR.is_dir(), reason="demo store and files needed")


def raw_months(museum: str) -> dict[str, float]:
    """'YYYY-MM' -> entries, from the museum's attendance files read by the test's own parser."""
    files = sorted((DEMO_DIR / museum).glob("frequentation*"))
    return read_attendance(files)


def fiscal_of(month: str, start: int) -> int:
    year, number = int(month[:4]), int(month[5:])
    return year + (1 if start > 1 and number >= start else 0)


def shift(month: str, months: int) -> str:
    index = int(month[:4]) * 12 + int(month[5:]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@pytest.fixture(scope="module")
def scopes():
    opened = {m: open_scope(m, 0, "fr", str(DB), needs_survey=False) for m in START}
    yield opened
    for scope in opened.values():
        scope.close()


@needs_demo
@pytest.mark.parametrize("museum", sorted(START))
def test_monthly_totals_match_the_raw_files(scopes, museum):
    raw = raw_months(museum)
    got = metrics.series(scopes[museum])
    assert dict(zip(got["month"], got["total"].astype(float))) == raw


@needs_demo
@pytest.mark.parametrize("museum", sorted(START))
def test_fiscal_year_totals_and_completeness_match_the_raw_files(scopes, museum):
    raw = raw_months(museum)
    expected: dict[int, list[float]] = {}
    for month, value in raw.items():
        expected.setdefault(fiscal_of(month, START[museum]), []).append(value)
    got = metrics.years(scopes[museum])
    assert list(got["fiscal_year"]) == sorted(expected)
    for row in got.itertuples():
        assert row.total == sum(expected[row.fiscal_year])
        assert row.complete == (len(expected[row.fiscal_year]) == 12)


@needs_demo
@pytest.mark.parametrize("museum", sorted(START))
def test_the_twelve_months_and_the_summer_share_match_the_raw_files(scopes, museum):
    raw = raw_months(museum)
    scope = scopes[museum]
    last = max(m for m in raw if fiscal_of(m, START[museum]) == scope.year)
    window = [shift(last, i) for i in range(-11, 1)]
    got = metrics.monthly(scope)
    assert list(got.table["month"]) == window
    assert [float(v) for v in got.table["total"]] == [raw[m] for m in window]
    assert [float(v) for v in got.table["previous_total"]] == [raw[shift(m, -12)] for m in window]
    summer = sum(raw[m] for m in window if int(m[5:]) in (6, 7, 8, 9)) / sum(raw[m] for m in window)
    assert got.summer_share == pytest.approx(summer)
    before = [shift(m, -12) for m in window]
    previous = sum(raw[m] for m in before if int(m[5:]) in (6, 7, 8, 9)) / sum(raw[m] for m in before)
    assert got.previous_summer_share == pytest.approx(previous)
    busiest = sorted(window, key=lambda m: (-raw[m], m))[:3]
    assert list(got.busiest["month"]) == busiest


@needs_demo
@pytest.mark.parametrize("museum", sorted(START))
def test_year_over_year_change_compares_complete_years_only(scopes, museum):
    raw = raw_months(museum)
    totals: dict[int, float] = {}
    months: dict[int, int] = {}
    for month, value in raw.items():
        year = fiscal_of(month, START[museum])
        totals[year] = totals.get(year, 0) + value
        months[year] = months.get(year, 0) + 1
    got = metrics.year_changes(scopes[museum])
    for row in got.itertuples():
        if months[row.fiscal_year] == 12 and months.get(row.fiscal_year - 1) == 12:
            assert row.change == pytest.approx(totals[row.fiscal_year] / totals[row.fiscal_year - 1] - 1)
            assert row.difference == totals[row.fiscal_year] - totals[row.fiscal_year - 1]
        else:
            assert pd.isna(row.change)
    text = str(narrative.year_changes(got, "fr"))
    for row in got[got["change"].notna()].itertuples():
        assert f"{round(abs(row.change) * 100)}\u00a0%" in text or "stable" in text


# --- grammar, on hand-built results ---------------------------------------------------------------


def basis_with(n_months: int, year_months: int) -> DataBasis:
    first = "2025-01" if n_months else None
    last = shift("2025-01", max(n_months - 1, 0)) if n_months else None
    return DataBasis(
        "m",
        "Musée test",
        1,
        n_months,
        first,
        last,
        (),
        2025,
        "2025",
        year_months,
        year_months == 12,
        first if year_months else None,
        shift("2025-01", year_months - 1) if year_months else None,
    )


@pytest.mark.parametrize("n", [0, 1, 2])
def test_month_counts_agree_in_french_and_english(n):
    french = str(narrative.basis(basis_with(n, n), "fr"))
    english = str(narrative.basis(basis_with(n, n), "en"))
    if n == 0:
        assert "Aucune fréquentation" in french and "No monthly attendance" in english
        return
    assert f"{n}\u00a0mois de fréquentation" in french
    assert f"{n}\u00a0mois sur 12" in french
    assert f"{n}\u00a0{'month' if n == 1 else 'months'} of attendance" in english
    assert f"{n}\u00a0{'month' if n == 1 else 'months'} out of 12" in english
    assert "1\u00a0months" not in english and "mois sur 12 (en " not in french or n == 1


def window_with(totals: list[int | None]) -> MonthlyWindow:
    months = [shift("2025-01", i) for i in range(12)]
    table = pd.DataFrame(
        {
            "month": months,
            "month_number": range(1, 13),
            "total": pd.array(totals, dtype="Int64"),
            "previous_month": [shift(m, -12) for m in months],
            "previous_total": pd.array([None] * 12, dtype="Int64"),
        }
    )
    loaded = table[table["total"].notna()]
    busiest = loaded.sort_values(["total", "month"], ascending=[False, True]).head(3).reset_index(drop=True)
    return MonthlyWindow(table, months[0], months[-1], False, False, None, None, None, None, busiest)


@pytest.mark.parametrize("loaded", [1, 2])
def test_busiest_months_agree_with_their_number(loaded):
    totals = [None] * 12
    totals[6] = 0
    if loaded == 2:
        totals[7] = 1
    text = str(narrative.monthly(window_with(totals), "fr"))
    if loaded == 1:
        assert "Le mois le plus achalandé est juillet 2025 (0\u00a0visiteur)." in text
    else:
        assert (
            "Les mois les plus achalandés sont août 2025 (1\u00a0visiteur) et juillet 2025 (0\u00a0visiteur)." in text
        )
    assert "La part de l'été" in text  # incomplete months: no summer share


@pytest.mark.parametrize(
    ("change", "difference", "words"),
    [
        (0.004, 2, ("stable", "2\u00a0visiteurs de plus")),
        (-0.009, -1, ("stable", "1\u00a0visiteur de moins")),
        (0.0, 0, ("stable", "même total")),
        (0.061, 120, ("hausse de 6\u00a0%", "120\u00a0visiteurs de plus")),
        (-0.03, -1500, ("baisse de 3\u00a0%", "1\u00a0500\u00a0visiteurs de moins")),
    ],
)
def test_changes_are_worded_by_the_stable_rule(change, difference, words):
    assert narrative.change_words(change, difference, "fr") == words


def test_an_unknown_mix_says_the_file_does_not_distinguish_it():
    text = str(narrative.mix(pd.DataFrame(), False, "fr"))
    assert text.startswith("Votre fichier de fréquentation ne distingue pas")


# --- a museum with attendance and no survey -------------------------------------------------------


def test_a_museum_with_attendance_and_no_survey_gets_its_figures(tmp_path):
    db = tmp_path / "t.duckdb"
    con = store.connect(db, read_only=False)
    con.execute(
        "INSERT INTO museums (museum_id, name, museum_type, size_class, admin_region_code, tourist_region_code,"
        " municipality, latitude, longitude, fiscal_year_start_month)"
        " VALUES ('musee-sans-sondage', 'Musée sans sondage', 'history', 'small', '03', 'TR04', 'Québec', 46.81, -71.21, 4)"
    )
    months = [date(2024 + (3 + i) // 12, (3 + i) % 12 + 1, 1) for i in range(14)]  # April 2024 – May 2025
    lines = ["Mois,Fréquentation"] + [f"{m:%Y-%m},{100 + i}" for i, m in enumerate(months)]
    source = tmp_path / "frequentation.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingest_file(con, "attendance", source, "musee-sans-sondage")
    con.close()
    scope = open_scope("musee-sans-sondage", 0, "fr", str(db), needs_survey=False)
    try:
        assert scope.seasons == (2025, 2026)  # fiscal years April–March, named by the year they end in
        assert scope.year == 2026
        basis = metrics.data_basis(scope)
        assert (basis.n_months, basis.year_months, basis.year_complete) == (14, 2, False)
        changes = metrics.year_changes(scope)
        assert list(changes["total"]) == [sum(range(100, 112)), 112 + 113]
        assert changes["change"].isna().all()  # only one complete year
        assert "2\u00a0mois sur 12" in str(narrative.basis(basis, "fr"))
        assert metrics.targets(scope) == []  # no parameter file
    finally:
        scope.close()


@needs_demo
def test_the_executed_notebook_passes_the_runner_audit(tmp_path):
    from smq_analytics.report.runner import audit_report, execute

    out = tmp_path / "03.ipynb"
    execute(
        paths.notebooks_dir() / "03_attendance.ipynb",
        out,
        {"museum": FISCAL, "db": str(DB), "language": "fr"},
    )
    nb = json.loads(out.read_text(encoding="utf-8"))
    audit_report(nb, DB)
    figures = [
        o["data"]["application/vnd.plotly.v1+json"]
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if "application/vnd.plotly.v1+json" in o.get("data", {})
    ]
    # attendance counts publish no respondent cell; the survey sections' charts declare theirs
    counts = [f for f in figures if f["layout"]["title"]["text"].startswith(("Fréquentation", "Entrées"))]
    assert counts and all(f["layout"]["meta"]["smq_cells"] == [] for f in counts)
    assert all(isinstance(f["layout"]["meta"]["smq_cells"], list) for f in figures)


def test_the_month_chart_explains_missing_bars_only_when_a_month_is_missing():
    assert narrative.month_note(window_with([None] + [5] * 11), "fr") == "Mois sans barre : fréquentation non chargée."
    full = window_with([5] * 12)
    full.table["previous_total"] = pd.array([4] * 12, dtype="Int64")
    assert narrative.month_note(full, "fr") == ""
