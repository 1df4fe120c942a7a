"""Provenance metrics on a synthetic store, checked against hand counts made with pandas."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from provenance_fixtures import M01_ATTENDANCE_2024, build_store
from smq_analytics import privacy
from smq_analytics.metrics import scope as scopes
from smq_analytics.metrics import shares
from smq_analytics import weighting as weighting_rules
from smq_analytics.topics.provenance import metrics as provenance


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    connection = build_store(tmp_path_factory.mktemp("store") / "t.duckdb", n_museums=5)
    yield connection
    connection.close()


@pytest.fixture
def scope(con):
    return scopes.open_scope(con=con)


def responses(con, museum_id="M01", year=2024):
    """Every response, row by row — allowed in tests, as the independent hand count."""
    frame = con.execute(
        "SELECT museum_id, survey_year, visit_date, provenance_category, province, country, admin_region_code"
        " FROM survey_responses WHERE (? IS NULL OR museum_id = ?) AND survey_year = ?",
        [museum_id, museum_id, year],
    ).df()
    frame["month"] = pd.to_datetime(frame["visit_date"]).dt.to_period("M").dt.to_timestamp().dt.date
    return frame


def attendance_weights(frame, attendance_by_museum):
    """attendance_h / n_h per row, normalised to mean 1 (no weight here reaches the caps)."""
    n = frame.groupby(["museum_id", "month"])["month"].transform("size")
    attendance = [attendance_by_museum[m][month] for m, month in zip(frame["museum_id"], frame["month"])]
    raw = np.array(attendance, dtype=float) / n.to_numpy()
    return raw / raw.mean()


def test_scope_defaults_to_first_museum_and_latest_season(scope):
    assert (scope.museum_id, scope.year, scope.seasons, scope.lang) == ("M01", 2024, (2023, 2024), "fr")


def test_scope_errors_name_museum_and_season(con):
    with pytest.raises(scopes.ScopeError) as error:
        scopes.open_scope(museum="M99", con=con)
    assert "M99" in error.value.text("fr") and "Known museums: M01, M02" in error.value.text("en")
    with pytest.raises(scopes.ScopeError) as error:
        scopes.open_scope(museum="M02", year=2023, con=con)
    assert "Saisons disponibles : 2024" in error.value.text("fr")


def test_data_basis(scope, con):
    frame = responses(con)
    basis = provenance.data_basis(scope)
    assert basis.n_responses == len(frame) == 211
    assert basis.n_known == int((frame["provenance_category"] != "unknown").sum()) == 199
    assert (basis.first_visit.isoformat(), basis.last_visit.isoformat()) == ("2024-07-15", "2024-08-17")
    assert basis.weighting.weighted and basis.weighting.reason == weighting_rules.WEIGHTED


def test_category_shares_match_weighted_hand_count(scope, con):
    frame = responses(con)
    frame["w"] = attendance_weights(frame, {"M01": M01_ATTENDANCE_2024})
    known = frame[frame["provenance_category"] != "unknown"]
    result = provenance.category_shares(scope)
    table = result.table.set_index("key")
    assert list(table.index) == ["local", "excursionist", "tourist"]
    assert result.base_n == len(known) == 199 and result.n_unknown == 12
    n_eff = known["w"].sum() ** 2 / (known["w"] ** 2).sum()
    for category, group in known.groupby("provenance_category"):
        row = table.loc[category]
        assert row["n"] == len(group)
        assert row["share_unweighted"] == pytest.approx(len(group) / len(known))
        share = group["w"].sum() / known["w"].sum()
        assert row["share"] == pytest.approx(share)
        low, high = proportion_confint(share * n_eff, n_eff, method="wilson")
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high))
    # July (130 responses, 5000 visitors) weighs more than August (81, 3000): tourists, mostly
    # interviewed in August, lose weight
    assert table.loc["tourist", "share"] < table.loc["tourist", "share_unweighted"]
    assert not table["caution"].any()


def test_region_table_folds_the_nine_and_the_row_that_would_give_it_away(scope, con):
    quebec = responses(con).query("province == 'QC'")
    counts = quebec["admin_region_code"].value_counts()
    assert counts["01"] == 9 and counts["05"] == 12 and counts["06"] == 29
    result = provenance.admin_region_shares(scope)
    table = result.table.set_index("key")
    assert result.n_unknown == int(quebec["admin_region_code"].isna().sum()) == 3
    assert result.base_n == int(counts.sum())
    # 01 (9) cannot be listed, and « Autres régions » = 9 alone would be it: Estrie (12) joins it
    assert list(table.index) == ["03", "04", "06", shares.OTHER]
    assert table.loc[shares.OTHER, "n"] == 21 and not table.loc[shares.OTHER, "suppressed"]
    assert table.loc["06", "n"] == 29 and table.loc["06", "caution"]
    assert table.loc["03", "label"] == "Capitale-Nationale" and table.loc["other", "label"] == "Autres régions"
    known = quebec[quebec["admin_region_code"].notna()]
    assert table.loc["03", "share_unweighted"] == pytest.approx((known["admin_region_code"] == "03").mean())
    # no listed row is small and the labels never name a withheld region
    assert (table["n"] >= privacy.MIN_CELL).all()


def test_countries_fold_hidden_into_other(scope, con):
    foreign = responses(con).query("country.notna() and country != 'CA'")
    table = provenance.country_shares(scope).table
    assert list(table["key"]) == ["US", "other"]
    assert table["label"].tolist() == ["États-Unis", "Autres pays"]
    # France 10 + Belgium 4: Belgium is folded, then France so that « Autres pays » is not Belgium alone
    assert table["n"].tolist() == [15, int((foreign["country"] != "US").sum())]


def test_world_areas_list_every_area_and_provinces_fold(scope, con):
    frame = responses(con)
    areas = provenance.world_area_shares(scope)
    assert areas.n_unknown == int(frame["country"].isna().sum()) == 9
    by_area = dict(zip(areas.table["key"], areas.table["n"]))
    assert list(by_area) == list(provenance.WORLD_AREAS)  # zeros are listed as zeros
    assert {k: v for k, v in by_area.items() if v} == {"canada": 173, "usa": 15, "europe": 14}
    provinces = provenance.province_shares(scope).table
    # Ontario 9 folded, New Brunswick 11 with it: only the combined row remains
    assert provinces[["key", "n"]].values.tolist() == [["other", 20]]


def test_the_report_plan_passes_its_own_audit(scope, con):
    from smq_analytics import disclosure

    cells = provenance.report_plan(scope).cells()
    assert disclosure.audit(cells, disclosure.structure_from_store(con)) == []
    assert {c.population for c in cells} == {"M01:2023", "M01:2024"}


def test_other_museums_exclude_the_reader_and_need_five_of_them(tmp_path, con, scope):
    withheld = provenance.sector_category_shares(scope)  # 4 other museums
    assert not withheld.available and withheld.n_museums == 4
    assert withheld.withheld_reason == provenance.TOO_FEW_MUSEUMS
    six = build_store(tmp_path / "six.duckdb", n_museums=6)
    try:
        others = provenance.sector_category_shares(scopes.open_scope(con=six))
        assert others.available and others.n_museums == 5 and not others.counts_published
        table = others.table.set_index("key")
        # each other museum: 30 locals, 20 tourists, all in July: equal weights, so 60 % / 40 %
        assert table.loc["local", "share"] == pytest.approx(0.6) and table.loc["tourist", "share"] == pytest.approx(0.4)
        assert table.loc["excursionist", "share"] == 0
        assert table["n"].isna().all()  # counts of other museums are never published
        # from another museum's point of view, M01 is one of the others — and holds 211 of their
        # 411 responses, more than half: the comparison is withheld
        seen_by_m02 = provenance.sector_category_shares(scopes.open_scope(museum="M02", con=six))
        assert not seen_by_m02.available and seen_by_m02.withheld_reason == provenance.DOMINANT_MUSEUM
    finally:
        six.close()


def test_a_museum_dominating_the_others_withholds_the_comparison(tmp_path):
    big = build_store(tmp_path / "big.duckdb", n_museums=7)
    try:
        big.execute("UPDATE raw_attendance SET total = 100000 WHERE museum_id = 'M02'")
        result = provenance.sector_category_shares(scopes.open_scope(con=big))
        assert not result.available and result.withheld_reason == provenance.DOMINANT_MUSEUM
    finally:
        big.close()


def test_trend_weights_each_season_on_its_own(scope, con):
    table = provenance.trend(scope).table
    assert sorted(table["survey_year"].unique()) == [2023, 2024]
    season_2023 = table[table["survey_year"] == 2023].set_index("key")
    assert not season_2023["weighted"].any()  # no attendance loaded for 2023
    assert season_2023.loc["local", "share"] == pytest.approx(50 / 80)
    assert season_2023.loc["excursionist", "n"] == 0 and not season_2023.loc["excursionist", "suppressed"]
    season_2024 = table[table["survey_year"] == 2024].set_index("key")
    current = provenance.category_shares(scope).table.set_index("key")
    assert season_2024["share"].to_dict() == pytest.approx(current["share"].to_dict())


def test_unweighted_without_attendance_and_a_missing_month_is_merged(tmp_path):
    con = build_store(tmp_path / "plain.duckdb", attendance=False)
    try:
        scope = scopes.open_scope(con=con)
        result = provenance.category_shares(scope)
        assert result.weighting.reason == weighting_rules.NO_ATTENDANCE and not result.weighting.weighted
        table = result.table.set_index("key")
        assert table.loc["tourist", "share"] == pytest.approx(87 / 199)
        low, high = proportion_confint(87, 199, method="wilson")
        assert (table.loc["tourist", "ci_low"], table.loc["tourist", "ci_high"]) == pytest.approx((low, high))
    finally:
        con.close()
    con = build_store(tmp_path / "july.duckdb", attendance=False)
    try:
        con.execute(
            "INSERT INTO load_ledger (load_id, source, museum_id, file_name, file_sha256, file_format, rows_read,"
            " rows_accepted, rows_rejected, loaded_at) VALUES (99, 'attendance', 'M01', 'a.csv', 'x', 'csv', 1, 1, 0,"
            " TIMESTAMP '2024-09-02 00:00:00')"
        )
        con.execute(
            "INSERT INTO raw_attendance (load_id, row_number, museum_id, month, total)"
            " VALUES (99, 2, 'M01', DATE '2024-07-01', 5000)"
        )
        weighting = provenance.data_basis(scopes.open_scope(con=con)).weighting
        # one month of two lacks attendance: it joins July instead of unweighting the season
        assert weighting.weighted and [m.months for m in weighting.months_without_attendance] == [("2024-08",)]
    finally:
        con.close()


def test_english_labels(con):
    from smq_analytics.topics.provenance import labels

    scope = scopes.open_scope(language="en", con=con)
    table = provenance.category_shares(scope).table
    assert table["label"].tolist() == [labels.category_label(k, "en") for k in provenance.KNOWN_CATEGORIES]
    assert table["label"].tolist()[0].startswith("Locals")
    assert provenance.country_shares(scope).table["label"].tolist() == ["United States", "Other countries"]
    assert provenance.tourist_region_shares(scope).table.set_index("key").loc["TR12", "label"] == "Montréal"


# --- what the reader sees: charts and sentences -------------------------------------------------


def test_region_chart_draws_listed_rows_and_declares_its_cells(scope):
    from smq_analytics import charts, disclosure
    from smq_analytics.topics.provenance import labels

    result = provenance.admin_region_shares(scope)
    figure = charts.share_bars(result, labels.TITLE_ADMIN_REGIONS, "fr")
    bar, values = figure.data
    assert list(bar.y) == ["Capitale-Nationale", "Mauricie", "Montréal", "Autres régions"]
    assert list(values.y) == list(bar.y)
    assert list(values.text)[2:] == ["\u00a019\u00a0%*", "\u00a014\u00a0%*"]
    # each value is written beyond the end of its confidence interval, so the whisker never crosses it
    for share, plus, label_x in zip(bar.x, bar.error_x.array, values.x):
        assert label_x == pytest.approx(share + plus, abs=0.01)
    assert figure.layout.separators == ",\u00a0" and figure.layout.xaxis.ticksuffix == "\u00a0%"
    assert figure.layout.xaxis.title.text == "Part des visiteurs (estimée)"
    assert "uid" not in figure.to_plotly_json()["data"][0]
    # the figure declares exactly the cells of the table, for the runner's audit
    declared = [disclosure.Cell.from_json(c) for c in figure.layout.meta["smq_cells"]]
    assert declared == list(result.cells)
    assert {c.key for c in declared} >= {"03", "04", "06", "other", "*"}
    english = charts.share_bars(
        provenance.admin_region_shares(scopes.open_scope(language="en", con=scopes.connection(scope))),
        labels.TITLE_ADMIN_REGIONS,
        "en",
    )
    assert english.layout.title.text == "Quebec respondents by administrative region"
    assert english.layout.separators == ".,"


def test_a_withheld_or_tiny_table_has_no_chart(scope):
    from dataclasses import replace

    from smq_analytics import charts
    from smq_analytics.topics.provenance import labels

    provinces = provenance.province_shares(scope)
    assert charts.share_bars(replace(provinces, too_small=True), labels.TITLE_PROVINCES) is None
    assert (
        charts.share_bars(replace(provinces, withheld_reason=shares.WITHHELD_FOR_PRIVACY), labels.TITLE_PROVINCES)
        is None
    )
    charts.show(None)  # displays nothing


def test_other_museums_chart_only_when_the_group_may_be_shown(tmp_path, scope):
    from smq_analytics import charts
    from smq_analytics.topics.provenance import labels

    bars = lambda figure: [trace.name for trace in figure.data if trace.type == "bar"]
    shares = provenance.category_shares(scope)
    four = charts.museum_vs_sector(shares, provenance.sector_category_shares(scope), labels.TITLE_SECTOR)
    assert bars(four) == ["Votre musée"]
    assert "Autres musées non affichés" in four.layout.annotations[0].text
    six = build_store(tmp_path / "six.duckdb", n_museums=6)
    try:
        scope6 = scopes.open_scope(con=six)
        figure = charts.museum_vs_sector(
            provenance.category_shares(scope6), provenance.sector_category_shares(scope6), labels.TITLE_SECTOR
        )
        assert bars(figure) == ["Votre musée", "Autres musées"]
        others_hover = [trace for trace in figure.data if trace.type == "bar"][1].hovertext
        assert all("n =" not in text for text in others_hover)  # no count of the other museums
    finally:
        six.close()


def test_narratives_in_french_and_english(scope, con):
    from smq_analytics.topics.provenance import narrative

    shares, others = provenance.category_shares(scope), provenance.sector_category_shares(scope)
    tourist = shares.table.set_index("key").loc["tourist"]
    pct = lambda share: f"{round(share * 100)}\u00a0%"
    text = str(narrative.categories(shares, others, "fr"))
    assert text.startswith(
        f"{pct(tourist['share'])} de vos visiteurs sont des touristes (estimation\u00a0; IC à 95\u00a0%\u00a0: "
        f"{pct(tourist['ci_low'])} à {pct(tourist['ci_high'])})."
    )
    assert "autres musées" not in text  # only four other museums: no comparison
    english = str(narrative.categories(shares, others, "en"))
    assert english.startswith(f"{round(tourist['share'] * 100)}% of your visitors are tourists (estimate; 95% CI: ")
    basis = str(narrative.basis(provenance.data_basis(scope), "fr"))
    # survey dates to the month only
    assert "211\u00a0réponses au sondage estival 2024, recueillies de juillet à août 2024" in basis
    assert "15" not in basis.split("recueillies")[1].split(".")[0]
    assert "est établie pour 199 d'entre elles (94\u00a0%)" in basis
    regions = str(narrative.regions(provenance.admin_region_shares(scope), "admin", "fr"))
    assert "la région administrative la plus représentée est la Capitale-Nationale" in regions
    assert "Bas-Saint-Laurent" not in regions and "Estrie" not in regions
    assert "de Montréal (19\u00a0%*)" in regions
    # the 3 Quebec respondents without a region are « moins de 10 », never « 3 »
    assert "pour moins de 10 répondants du Québec" in regions and " 3 " not in regions


def test_no_narrative_prints_a_count_under_ten(scope):
    import re

    from smq_analytics.topics.provenance import narrative

    for lang in ("fr", "en"):
        shares, others = provenance.category_shares(scope), provenance.sector_category_shares(scope)
        texts = [
            narrative.basis(provenance.data_basis(scope), lang),
            narrative.categories(shares, others, lang),
            narrative.regions(provenance.admin_region_shares(scope), "admin", lang),
            narrative.regions(provenance.tourist_region_shares(scope), "tourist", lang),
            narrative.provinces(provenance.province_shares(scope), lang),
            narrative.countries(provenance.world_area_shares(scope), provenance.country_shares(scope), lang),
            narrative.trend(provenance.trend(scope), lang),
        ]
        for text in map(str, texts):
            for number in re.findall(r"(?<![\d,.])(\d+)\s(?:répondants?|réponses?|respondents?|responses?)", text):
                assert int(number) == 0 or int(number) >= privacy.MIN_CELL, text


def test_narrative_html_is_escaped():
    from smq_analytics.metrics.narrative import Narrative

    assert Narrative(["Musée <b>&</b>"])._repr_html_() == "<p>Musée &lt;b&gt;&amp;&lt;/b&gt;</p>"


def test_long_chart_notes_wrap_and_stay_escaped():
    from smq_analytics import charts

    note = " · ".join(
        [
            "Barres : intervalle de confiance à 95 %",
            "Pondéré selon la fréquentation mensuelle",
            "Masqué (moins de 10 répondants) : Provenance inconnue 2024, Provenance inconnue 2025",
            "A <b> & C",
        ]
    )
    wrapped = charts._wrap_note(note, width=90)
    lines = wrapped.split("<br>")
    assert len(lines) == 3 and all(len(line) <= 90 for line in lines[:2])
    assert lines[-1].endswith("A &lt;b&gt; &amp; C")
    assert wrapped.replace("<br>", " · ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == note


def test_world_area_sentence_reads_well_in_both_languages(scope):
    from smq_analytics.topics.provenance import narrative

    areas, countries = provenance.world_area_shares(scope), provenance.country_shares(scope)
    french = str(narrative.countries(areas, countries, "fr"))
    english = str(narrative.countries(areas, countries, "en"))
    assert "résident au Canada" in french
    assert "live in Canada" in english and "live in elsewhere" not in english and "live in in" not in english


def test_a_report_refuses_a_store_that_changed_since_the_run_began(tmp_path):
    from smq_analytics import store
    from smq_analytics.paths import notebooks_dir
    from smq_analytics.report import runner

    path = tmp_path / "snap.duckdb"
    con = build_store(path)
    try:
        snapshot = store.snapshot_id(con)
        assert scopes.open_scope(con=con, snapshot=snapshot).museum_id == "M01"
        con.execute(
            "INSERT INTO load_ledger (load_id, source, museum_id, file_name, file_sha256, file_format, rows_read,"
            " rows_accepted, rows_rejected, loaded_at) VALUES (98, 'attendance', 'M02', 'b.csv', 'y', 'csv', 0, 0, 0,"
            " TIMESTAMP '2024-09-03 00:00:00')"
        )
        assert store.snapshot_id(con) != snapshot
        with pytest.raises(scopes.ScopeError) as error:
            scopes.open_scope(con=con, snapshot=snapshot)
        assert "relancez" in error.value.text("fr") and "same data" in error.value.text("en")
    finally:
        con.close()
    assert runner.store_snapshot(path) == snapshot_of(path)
    assert runner.declares(notebooks_dir() / "01_provenance.ipynb", "snapshot")


def snapshot_of(path):
    from smq_analytics import store

    with store.open_store(path, read_only=True) as con:
        return store.snapshot_id(con)


def test_a_notebook_scope_exposes_no_connection(scope):
    """Notebooks reach data only through package functions (disclosure plan, redaction)."""
    assert not hasattr(scope, "con") and "DuckDB" not in repr(scope)
    public = [name for name in dir(scope) if not name.startswith("_")]
    assert set(public) <= {"museum_id", "museum_name", "year", "lang", "seasons", "with_choice", "choices", "close"}
