"""The demo web files (ga4-events, ga4-ui, ga4-api, ua): byte-identical on every run, every planned
file written in the real shapes, and, in the demo store (SMQ_DB, files in SMQ_DEMO_DIR), no planted
personal data kept and no day counted twice by the intraday and re-delivered exports.

Everything is checked from the files themselves with the independent reader tests/web_demo_support.py.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
import web_demo_support as support
from recompute_support import _find_demo_files, _ledger, _store_path

from smq_analytics import params
from smq_analytics.demo import PROFILES
from smq_analytics.demo.manifest import DemoMuseum, ManifestEntry
from smq_analytics.demo.web_events import PLANTED_EMAILS
from smq_analytics.demo.web_files import WEB_PLANS, ga4_api_files, ga4_events_files, ga4_ui_files, ua_files

GENERATORS = (ga4_events_files, ga4_ui_files, ga4_api_files, ua_files)


def generate_web(out: Path) -> list[ManifestEntry]:
    """Every museum's web files (the four generators, as demo.generate calls them)."""
    entries: list[ManifestEntry] = []
    for index, profile in enumerate(PROFILES):
        folder = out / profile.museum_id
        folder.mkdir(parents=True, exist_ok=True)
        demo = DemoMuseum(index, profile, params.load_museum(profile.museum_id), folder, None, [])
        for generator in GENERATORS:
            entries += generator(demo)
    return entries


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, list[ManifestEntry]]:
    out = tmp_path_factory.mktemp("web_a")
    return out, generate_web(out)


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def months(start: date, end: date) -> list[str]:
    out, current = [], date(start.year, start.month, 1)
    while current <= end:
        out.append(f"{current:%Y-%m}")
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def every_day(start: date, end: date) -> set[str]:
    return {f"{start + timedelta(n):%Y-%m-%d}" for n in range((end - start).days + 1)}


def files(entries, museum_id: str, source: str) -> list[Path]:
    return [e.path for e in entries if e.museum_id == museum_id and e.source == source]


# --- the files ---------------------------------------------------------------------------------------


@pytest.mark.timeout(300)
def test_two_runs_write_byte_identical_web_files(generated, tmp_path):
    first, manifest = generated
    second = generate_web(tmp_path)
    assert hashes(first) == hashes(tmp_path)
    assert [(e.source, e.path.relative_to(first)) for e in manifest] == [
        (e.source, e.path.relative_to(tmp_path)) for e in second
    ]


def test_only_the_planned_museums_send_web_files(generated):
    _, entries = generated
    sent = {(e.museum_id, e.source) for e in entries}
    planned = set()
    for museum_id, plan in WEB_PLANS.items():
        for source, part in (("ga4-events", plan.ga4_events), ("ga4-ui", plan.ga4_ui), ("ga4-api", plan.ga4_api),
                             ("ua", plan.ua)):  # fmt: skip
            if part is not None:
                planned.add((museum_id, source))
    assert sent == planned
    assert all(e.path.is_file() for e in entries)
    assert not {"musee-du-filon-perdu", "ecomusee-de-la-seve", "musee-du-rocher-aux-goelands"} & {m for m, _ in sent}


def test_the_ga4_exports_are_monthly_shards_plus_one_redelivered_day_and_one_intraday_file(generated):
    _, entries = generated
    brumes = [p.name for p in files(entries, "musee-des-brumes", "ga4-events")]
    expected = [
        f"ga4_export_{m.replace('-', '')}_000000000000.json.gz" for m in months(date(2025, 1, 1), date(2026, 11, 30))
    ]
    assert brumes == [*expected, "events_20260714.json.gz", "events_intraday_20261130.json.gz"]
    lucioles = files(entries, "musee-des-lucioles", "ga4-events")
    assert [p.name for p in lucioles] == [n.replace(".json.gz", ".parquet") for n in expected]
    con = duckdb.connect()
    for path in lucioles:
        columns = {row[0] for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()}
        modern = path.name >= "ga4_export_202507"
        assert ("collected_traffic_source" in columns) == modern, path.name
        assert ("session_traffic_source_last_click" in columns) == modern, path.name
        assert {"event_date", "event_timestamp", "event_params", "user_pseudo_id", "stream_id"} <= columns
    # the re-delivered file holds the whole day, the shard of July misses its late events
    folder = lucioles[0].parent.parent / "musee-des-brumes"
    shard = [
        e
        for e in support.read_ga4_file(folder / "ga4_export_202607_000000000000.json.gz")
        if e.event_date == "2026-07-14"
    ]
    again = support.read_ga4_file(folder / "events_20260714.json.gz")
    assert {e.event_date for e in again} == {"2026-07-14"} and len(again) > len(shard)
    intraday = support.read_ga4_file(folder / "events_intraday_20261130.json.gz")
    assert {e.event_date for e in intraday} == {"2026-11-30"}
    assert all(e.last_click is None and e.collected is None for e in intraday)


def test_the_raw_events_carry_the_real_exports_quirks(generated):
    out, _ = generated
    folder = out / "musee-des-brumes"
    events = support.winning_events(support.demo_ga4_files(folder, since="202605"))
    engaged = [e.params.get("session_engaged") for e in events if "session_engaged" in e.params]
    assert {type(v) for v in engaged} == {int, str}  # int on session_start / first_visit, "1"/"0" later
    assert all(isinstance(e.params["session_engaged"], int) for e in events if e.name == "session_start")
    consent = sum(e.user is None for e in events) / len(events)
    assert 0.02 < consent < 0.08
    found = support.sessions(events)
    crossing = sum(len({e.event_date for e in s.events}) > 1 for s in found) / len(found)
    assert 0.003 < crossing < 0.03
    # duplicates: the same event delivered twice
    records = [e for p in support.demo_ga4_files(folder, since="202605")[:-2] for e in support.read_ga4_file(p)]
    assert 0 < len(records) - len({e.key for e in records}) < 0.02 * len(records)
    # tickets bought after a visit to the ticketing site: purchases land in sessions from that site
    ticketing = "billets.brumes-billetterie.example"
    buyers = [s for s in found if any(e.name == "purchase" for e in s.events)]
    assert buyers and all(s.channel in ("Referral", "Direct") for s in buyers)
    assert sum(s.traffic[0] == ticketing for s in buyers) / len(buyers) > 0.5
    assert any(str(e.params.get("page_location", "")).find("email=") > 0 for e in events)


def test_the_web_traffic_follows_the_season_and_leads_the_visits(generated):
    out, _ = generated
    monthly = support.by_month(support.ga4_ui_daily_sessions(out / "centre-des-engrenages"))
    by_month: dict[int, list[float]] = {}
    for month, value in monthly.items():
        if month[:4] in ("2024", "2025"):
            by_month.setdefault(int(month[5:]), []).append(value)
    mean = {m: sum(v) / len(v) for m, v in by_month.items()}
    assert mean[6] > mean[1] * 1.5 and mean[6] > mean[8]  # spring lead: June above August


def test_french_ga4_downloads_have_a_no_break_space_before_colons_crlf_and_no_final_newline(generated):
    _, entries = generated
    checked = 0
    for museum_id, plan in WEB_PLANS.items():
        if plan.ga4_ui is None:
            continue
        for path in files(entries, museum_id, "ga4-ui"):
            data = path.read_bytes()
            assert not data.endswith(b"\n") and b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
            text = data.decode("utf-8")
            assert not text.startswith("\ufeff")
            lines = [line for line in text.split("\r\n") if line.startswith("#") and ":" in line]
            assert lines, path.name
            if plan.ga4_ui[0] == "fr":
                assert all("\u00a0:" in line and " :" not in line.replace("\u00a0:", "") for line in lines), path.name
            else:
                assert "\u00a0" not in text, path.name
            checked += 1
    assert checked > 20


def test_the_snapshot_the_duplicate_name_and_the_totals_row(generated):
    out, entries = generated
    folder = out / "maison-des-vents-sales"
    tables = support.ga4_csv_tables(folder / "Instantané_des_rapports.csv")
    assert len(tables) >= 4 and any(not rows for _, _, rows in tables)
    retention = tables[-1]
    assert any(len(row) < len(retention[1]) for row in retention[2]) and any("-1" in row for row in retention[2])
    assert any(p.name.endswith(" (1).csv") for p in files(entries, "maison-des-vents-sales", "ga4-ui"))
    with_total = [
        p for p in files(entries, "centre-des-engrenages", "ga4-ui") if any(r and r[0] == "Total" for _, _, rs in support.ga4_csv_tables(p) for r in rs)
    ]  # fmt: skip
    without = [p for p in files(entries, "centre-des-engrenages", "ga4-ui") if p not in with_total]
    assert len(with_total) == 1 and without


def test_the_api_responses_hold_two_ranges_and_a_thresholded_report(generated):
    import json

    _, entries = generated
    documents = [
        json.loads(p.read_text(encoding="utf-8")) for p in files(entries, "centre-des-marees-douces", "ga4-api")
    ]
    responses = [d.get("response", d) for d in documents]
    two = [r for r in responses if any(h["name"] == "dateRange" for h in r["dimensionHeaders"])]
    assert two and all(r["rowCount"] != len(r["rows"]) for r in two)
    assert {v["value"] for r in two for row in r["rows"] for v in row["dimensionValues"][-1:]} == {
        "date_range_0",
        "date_range_1",
    }
    thresholded = [r for r in responses if r["metadata"].get("subjectToThresholding")]
    assert thresholded and any(row["dimensionValues"][0]["value"] == "(other)" for row in thresholded[0]["rows"])
    for response in responses:
        assert response["totals"][0]["dimensionValues"][0]["value"] == "RESERVED_TOTAL"
        assert all(isinstance(v["value"], str) for row in response["rows"] for v in row["metricValues"])
    days = support.api_daily_sessions(entries[0].path.parent.parent / "centre-des-marees-douces")
    assert set(days) == every_day(*WEB_PLANS["centre-des-marees-douces"].ga4_api)


def test_every_month_of_the_plan_is_covered(generated):
    out, _ = generated
    for museum_id, plan in WEB_PLANS.items():
        folder = out / museum_id
        if plan.ga4_ui is not None:
            assert set(support.ga4_ui_daily_sessions(folder)) == every_day(*plan.ga4_ui[1:]), museum_id
        if plan.ua is not None:
            assert sorted(support.ua_monthly_sessions(folder)) == months(*plan.ua[2:]), museum_id


def test_ua_numbers_are_written_in_the_interface_language(generated):
    _, entries = generated
    french = files(entries, "musee-des-brumes", "ua") + files(entries, "domaine-des-anguilles-sages", "ua")
    text = "".join(path.read_text(encoding="utf-8") for path in french if path.suffix == ".csv")
    assert re.search(r"\d,\d\d\u00a0%", text) and re.search(r"\d\u00a0\d{3}", text)
    assert re.search(r"\b\d\d:\d\d:\d\d\b", text) and re.search(r"\b\d\d/\d\d/\d\d\b", text)
    english = files(entries, "musee-des-lucioles", "ua")[0].read_text(encoding="utf-8")
    assert re.search(r'"\d{1,3},\d{3}"', english) and re.search(r"\d\.\d\d%", english) and "\u00a0" not in english
    kinds = {(m, e.path.suffix) for m in WEB_PLANS for e in entries if e.museum_id == m and e.source == "ua"}
    assert ("maison-des-vents-sales", ".xlsx") in kinds and ("musee-de-la-lumiere-urbaine", ".xlsx") in kinds


def test_dual_tagged_months_measure_fewer_ga4_sessions_and_the_breaks_have_no_overlap(generated):
    out, _ = generated
    for museum_id in ("musee-des-brumes", "centre-des-engrenages", "musee-de-la-lumiere-urbaine"):
        ga4 = support.by_month(support.ga4_ui_daily_sessions(out / museum_id))
        ua = support.ua_monthly_sessions(out / museum_id)
        both = sorted(set(ga4) & set(ua))
        assert both, museum_id
        assert all(0.83 < ga4[m] / ua[m] < 0.97 for m in both), museum_id
    for museum_id in ("maison-des-vents-sales", "domaine-des-anguilles-sages"):
        ga4 = support.by_month(support.ga4_ui_daily_sessions(out / museum_id))
        assert not set(ga4) & set(support.ua_monthly_sessions(out / museum_id)), museum_id


# --- the demo store ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store_and_files():
    """The demo store and the folder of the files it was built from (recompute_support finds it)."""
    db = _store_path()
    assert db.is_file(), f"demo store missing ({db}): build one (smq-analytics --db STORE demo)"
    folder = _find_demo_files(db, _ledger(db))
    con = duckdb.connect(str(db), read_only=True)
    yield con, folder
    con.close()


def has_table(con, name: str) -> bool:
    return bool(
        con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[0]
    )


def test_planted_personal_data_never_reaches_the_store(store_and_files):
    con, folder = store_and_files
    planted = [p for p in (folder / "musee-des-brumes").iterdir() if p.suffix in (".gz", ".csv")]
    raw = b"".join(gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes() for p in planted)
    assert any(e.encode() in raw for e in PLANTED_EMAILS)  # planted in the files…
    loaded = {s for (s,) in con.execute("SELECT DISTINCT source FROM load_ledger").fetchall()}
    assert {"ga4-ui", "ua"} <= loaded
    for table in ("raw_ga4_events", "raw_web_rows", "raw_web_tables", "quarantine"):
        if not has_table(con, table):
            continue
        for column in support.text_columns(con, table):
            found = con.execute(
                f"SELECT count(*) FROM {table} WHERE CAST({column} AS VARCHAR) ILIKE '%exemple.ca%'"  # noqa: S608 - names from the catalog
            ).fetchone()[0]
            assert found == 0, f"{table}.{column} keeps {found} value(s) with a planted e-mail address"


def test_the_intraday_and_redelivered_files_do_not_double_a_day(store_and_files):
    con, folder = store_and_files
    shards = support.demo_ga4_files(folder / "musee-des-brumes", since="202607")
    chosen = [p for p in shards if not p.name.startswith("ga4_export_") or p.name[11:17] in ("202607", "202611")]
    mine: dict[str, int] = {}
    for event in support.winning_events(chosen):  # identified events (consent-mode rows have no key to dedupe on)
        if event.event_date[:7] in ("2026-07", "2026-11") and event.user is not None:
            mine[event.event_date] = mine.get(event.event_date, 0) + 1
    stored = dict(
        con.execute(
            "SELECT strftime(event_date, '%Y-%m-%d'), count(*) FROM stg_ga4__events WHERE museum_id = ? "
            "AND user_pseudo_id IS NOT NULL AND strftime(event_date, '%Y-%m') IN ('2026-07', '2026-11') GROUP BY 1",
            ["musee-des-brumes"],
        ).fetchall()
    )
    for day in ("2026-07-14", "2026-11-30", "2026-07-13", "2026-11-29"):
        assert stored.get(day) == mine[day], day
    assert stored == mine
