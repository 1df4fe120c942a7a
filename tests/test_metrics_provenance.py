"""Provenance metrics on a synthetic store, checked against hand counts made with pandas."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from provenance_fixtures import M01_ATTENDANCE_2024, OTHER_ATTENDANCE_2024, build_store
from smq_analytics import privacy
from smq_analytics.metrics import provenance, scope as scopes


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
    assert basis.weighting.weighted and basis.weighting.reason == provenance.WEIGHTED


def test_category_shares_match_weighted_hand_count(scope, con):
    frame = responses(con)
    frame["w"] = attendance_weights(frame, {"M01": M01_ATTENDANCE_2024})
    result = provenance.category_shares(scope).table.set_index("key")
    assert list(result.index) == ["local", "excursionist", "tourist", "unknown"]
    n_eff = frame["w"].sum() ** 2 / (frame["w"] ** 2).sum()
    for category, group in frame.groupby("provenance_category"):
        row = result.loc[category]
        assert row["n"] == len(group)
        assert row["share_unweighted"] == pytest.approx(len(group) / len(frame))
        share = group["w"].sum() / frame["w"].sum()
        assert row["share"] == pytest.approx(share)
        low, high = proportion_confint(share * n_eff, n_eff, method="wilson")
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high))
    # July (130 responses, 5000 visitors) weighs more than August (81, 3000): tourists, mostly
    # interviewed in August, lose weight
    assert result.loc["tourist", "share"] < result.loc["tourist", "share_unweighted"]
    assert result.loc["unknown", "caution"] and not result.loc["local", "caution"]


def test_region_table_hides_nine_and_its_complement_and_flags_twenty_nine(scope, con):
    frame = responses(con)
    quebec = frame[frame["province"] == "QC"]
    counts = quebec["admin_region_code"].value_counts()
    assert counts["01"] == 9 and counts["05"] == 12 and counts["06"] == 29
    result = provenance.admin_region_shares(scope)
    table = result.table.set_index("key")
    assert result.n_unknown == int(quebec["admin_region_code"].isna().sum()) == 3
    assert result.base_n == int(counts.sum())
    assert table.loc["01", "suppressed"] and pd.isna(table.loc["01", "n"]) and np.isnan(table.loc["01", "share"])
    assert table.loc["05", "suppression_reason"] == privacy.COMPLEMENT
    assert table.loc["06", "n"] == 29 and table.loc["06", "caution"] and not table.loc["06", "suppressed"]
    assert table.loc["03", "label"] == "Capitale-Nationale"
    # shown rows first by size, hidden rows last
    assert list(table.index) == ["03", "04", "06", "01", "05"]
    known = quebec[quebec["admin_region_code"].notna()]
    assert table.loc["03", "share_unweighted"] == pytest.approx((known["admin_region_code"] == "03").mean())


def test_countries_fold_hidden_into_other(scope, con):
    foreign = responses(con).query("country.notna() and country != 'CA'")
    table = provenance.country_shares(scope).table
    assert list(table["key"]) == ["US", "other"]
    assert table["label"].tolist() == ["États-Unis", "Autres pays"]
    # France 10 + Belgium 4: Belgium is hidden, then France so Belgium cannot be recovered
    assert table["n"].tolist() == [15, int((foreign["country"] != "US").sum())]


def test_world_areas_and_provinces(scope, con):
    frame = responses(con)
    areas = provenance.world_area_shares(scope)
    assert areas.n_unknown == int(frame["country"].isna().sum()) == 9
    assert dict(zip(areas.table["key"], areas.table["n"])) == {"canada": 173, "usa": 15, "europe": 14}
    provinces = provenance.province_shares(scope).table
    # Ontario 9 hidden, New Brunswick 11 hidden as its complement: only the combined row remains
    assert provinces[["key", "n"]].values.tolist() == [["other", 20]]


def test_sector_hidden_with_four_museums_shown_with_five(tmp_path, con, scope):
    small = build_store(tmp_path / "four.duckdb", n_museums=4)
    try:
        withheld = provenance.sector_category_shares(scopes.open_scope(con=small))
        assert not withheld.available and withheld.n_museums == 4 and withheld.table.empty
    finally:
        small.close()
    sector = provenance.sector_category_shares(scope)
    assert sector.available and sector.n_museums == 5
    frame = responses(con, museum_id=None)
    attendance = {"M01": M01_ATTENDANCE_2024, **{m: OTHER_ATTENDANCE_2024 for m in ["M02", "M03", "M04", "M05"]}}
    frame["w"] = attendance_weights(frame, attendance)
    table = sector.table.set_index("key")
    assert table.loc["local", "n"] == int((frame["provenance_category"] == "local").sum()) == 180
    tourist = frame.loc[frame["provenance_category"] == "tourist", "w"].sum() / frame["w"].sum()
    assert table.loc["tourist", "share"] == pytest.approx(tourist)


def test_trend_weights_each_season_on_its_own(scope, con):
    table = provenance.trend(scope).table
    assert sorted(table["survey_year"].unique()) == [2023, 2024]
    season_2023 = table[table["survey_year"] == 2023].set_index("key")
    assert not season_2023["weighted"].any()              # no attendance loaded for 2023
    assert season_2023.loc["local", "share"] == pytest.approx(50 / 80)
    assert season_2023.loc["excursionist", "suppressed"]  # nobody: 0 < 10
    season_2024 = table[table["survey_year"] == 2024].set_index("key")
    current = provenance.category_shares(scope).table.set_index("key")
    assert season_2024["share"].to_dict() == pytest.approx(current["share"].to_dict())


def test_unweighted_without_attendance_and_says_which_months_are_missing(tmp_path):
    con = build_store(tmp_path / "plain.duckdb", attendance=False)
    try:
        scope = scopes.open_scope(con=con)
        result = provenance.category_shares(scope)
        assert result.weighting.reason == provenance.NO_ATTENDANCE and not result.weighting.weighted
        table = result.table.set_index("key")
        assert table.loc["tourist", "share"] == pytest.approx(87 / 211)
        low, high = proportion_confint(87, 211, method="wilson")
        assert (table.loc["tourist", "ci_low"], table.loc["tourist", "ci_high"]) == pytest.approx((low, high))
        con.execute(
            "INSERT INTO load_ledger (load_id, source, museum_id, file_name, file_sha256, file_format, rows_read,"
            " rows_accepted, rows_rejected, loaded_at) VALUES (99, 'attendance', 'M01', 'a.csv', 'x', 'csv', 1, 1, 0,"
            " TIMESTAMP '2024-09-02 00:00:00')")
        con.execute("INSERT INTO raw_attendance (load_id, row_number, museum_id, month, total)"
                    " VALUES (99, 2, 'M01', DATE '2024-07-01', 5000)")
        weighting = provenance.data_basis(scope).weighting
        assert weighting.reason == provenance.MONTHS_MISSING and weighting.missing_months == ("2024-08",)
    finally:
        con.close()


def test_english_labels(con):
    scope = scopes.open_scope(language="en", con=con)
    table = provenance.category_shares(scope).table
    assert table["label"].tolist() == ["Locals (under 40 km)", "Excursionists (over 40 km, same day)",
                                       "Tourists (at least one night away)", "Unknown origin"]
    assert provenance.country_shares(scope).table["label"].tolist() == ["United States", "Other countries"]
    assert provenance.tourist_region_shares(scope).table.set_index("key").loc["TR08", "label"] == "Eastern Townships"


# --- what the reader sees: charts and sentences -------------------------------------------------

def test_region_chart_labels_hidden_cells_and_does_not_draw_them(scope):
    from smq_analytics import charts, labels

    figure = charts.share_bars(provenance.admin_region_shares(scope), labels.TITLE_ADMIN_REGIONS, "fr")
    bar, values = figure.data
    assert list(bar.y) == ["Capitale-Nationale", "Mauricie", "Montréal", "Bas-Saint-Laurent", "Estrie"]
    assert list(values.y) == list(bar.y)
    assert list(values.text)[2:] == ["\u00a019\u00a0%*", "\u00a0n < 10", "\u00a0masqué (confidentialité)"]
    assert list(bar.x)[3:] == [0.0, 0.0] and list(bar.error_x.array)[3:] == [None, None]
    # each value is written beyond the end of its confidence interval, so the whisker never crosses it
    for end, share, plus, label_x in zip(bar.x[:3], bar.x[:3], bar.error_x.array[:3], values.x[:3]):
        assert label_x == pytest.approx(share + plus, abs=0.01) and label_x > end
    assert figure.layout.separators == ",\u00a0" and figure.layout.xaxis.ticksuffix == "\u00a0%"
    assert "uid" not in figure.to_plotly_json()["data"][0]
    english = charts.share_bars(provenance.admin_region_shares(scopes.open_scope(language="en", con=scope.con)),
                                labels.TITLE_ADMIN_REGIONS, "en")
    assert english.layout.title.text == "Quebec respondents by administrative region"
    assert english.layout.separators == ".,"


def test_sector_chart_only_with_five_museums(tmp_path, scope):
    from smq_analytics import charts, labels

    shares, sector = provenance.category_shares(scope), provenance.sector_category_shares(scope)
    bars = lambda figure: [trace.name for trace in figure.data if trace.type == "bar"]
    assert bars(charts.museum_vs_sector(shares, sector, labels.TITLE_SECTOR)) == ["Votre musée", "Ensemble des musées"]
    small = build_store(tmp_path / "four.duckdb", n_museums=4)
    try:
        four = scopes.open_scope(con=small)
        figure = charts.museum_vs_sector(provenance.category_shares(four), provenance.sector_category_shares(four),
                                         labels.TITLE_SECTOR)
        assert bars(figure) == ["Votre musée"]
        assert "moins de 5 musées" in figure.layout.annotations[0].text
    finally:
        small.close()


def test_narratives_in_french_and_english(scope):
    from smq_analytics.metrics import provenance_narrative as narrative

    shares, sector = provenance.category_shares(scope), provenance.sector_category_shares(scope)
    tourist, sector_tourist = shares.table.set_index("key").loc["tourist"], sector.table.set_index("key").loc["tourist"]
    pct = lambda share: f"{round(share * 100)}\u00a0%"
    text = str(narrative.categories(shares, sector, "fr"))
    assert text.startswith(
        f"{pct(tourist['share'])} de vos répondants sont des touristes (IC 95\u00a0% : {pct(tourist['ci_low'])} à "
        f"{pct(tourist['ci_high'])}), contre {pct(sector_tourist['share'])} pour l'ensemble des musées.")
    english = str(narrative.categories(shares, sector, "en"))
    assert english.startswith(f"{round(tourist['share'] * 100)}% of your respondents are tourists (95% CI: ")
    basis = str(narrative.basis(provenance.data_basis(scope), "fr"))
    assert "211 réponses au sondage estival 2024, recueillies du 15\u00a0juillet au 17\u00a0août 2024" in basis
    assert "pondérées selon la fréquentation mensuelle" in basis
    regions = str(narrative.regions(provenance.admin_region_shares(scope), "admin", "fr"))
    assert "Bas-Saint-Laurent" not in regions and "Montréal* (19\u00a0%)" in regions
    assert "2 autres régions comptent trop peu de répondants" in regions


def test_narrative_html_is_escaped():
    from smq_analytics.metrics.narrative import Narrative

    assert Narrative(["Musée <b>&</b>"])._repr_html_() == "<p>Musée &lt;b&gt;&amp;&lt;/b&gt;</p>"


def test_long_chart_notes_wrap_and_stay_escaped():
    from smq_analytics import charts

    note = " · ".join(["Barres : intervalle de confiance à 95 %", "Pondéré selon la fréquentation mensuelle",
                       "Masqué (moins de 10 répondants) : Provenance inconnue 2024, Provenance inconnue 2025",
                       "A <b> & C"])
    wrapped = charts._wrap_note(note, width=90)
    lines = wrapped.split("<br>")
    assert len(lines) == 3 and all(len(line) <= 90 for line in lines[:2])
    assert lines[-1].endswith("A &lt;b&gt; &amp; C")
    assert wrapped.replace("<br>", " · ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == note


def test_world_area_sentence_reads_well_in_both_languages(scope):
    from smq_analytics.metrics import provenance_narrative as narrative

    areas, countries = provenance.world_area_shares(scope), provenance.country_shares(scope)
    french = str(narrative.countries(areas, countries, "fr"))
    english = str(narrative.countries(areas, countries, "en"))
    assert "résident au Canada" in french
    assert "live in Canada" in english and "live in elsewhere" not in english and "live in in" not in english
