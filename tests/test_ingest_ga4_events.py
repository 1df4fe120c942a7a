"""GA4 BigQuery export ingest (source ga4-events): files crafted here in the export's real shape.

NDJSON plain and gzip, Parquet written by DuckDB with the export's INT64 types, INT64 values as JSON
strings, session_engaged as an int and as a string, numeric-looking user_pseudo_id, exports without the
traffic-source records, consent-mode NULLs, duplicate events, bad lines, unreadable files, re-delivered
and intraday files, URLs carrying personal data, purge. Expected values are computed here from the
events written (pure Python), never read off the loader's output.
"""

from __future__ import annotations

import gzip
import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest
from ingest_support import MUSEUM, assert_balanced, rows

from smq_analytics import purge, store
from smq_analytics.ingest import IngestError, ingest_file, ledger
from smq_analytics.ingest.ga4_events import EXPORT_COLUMNS

DAY = date(2026, 7, 14)
NOON = datetime(2026, 7, 14, 16, 0, tzinfo=timezone.utc)  # noon in Quebec, the property's time zone
NUMERIC_ID = "3868899112.4128253975"  # a float would read it as 3868899112.4128256


def micros(moment: datetime) -> int:
    return int(moment.timestamp()) * 1_000_000 + moment.microsecond


def param(key: str, string: str | None = None, integer: int | str | None = None) -> dict:
    """One event_params entry as the NDJSON export writes it (INT64 as a JSON string)."""
    value = {"string_value": string, "int_value": None if integer is None else str(integer)}
    return {"key": key, "value": {**value, "float_value": None, "double_value": None}}


def event(
    n: int, name: str = "page_view", user: str | None = NUMERIC_ID, session: int | None = 1784044800, **extra
) -> dict:
    """Event n of one session at noon on DAY, n seconds apart; extra keys replace the export's fields."""
    record = {
        "event_date": DAY.strftime("%Y%m%d"),
        "event_timestamp": str(micros(NOON + timedelta(seconds=n))),
        "event_name": name,
        "event_params": [
            param("ga_session_id", integer=session) if session is not None else param("page_title", "Accueil"),
            param("ga_session_number", integer=2),
            param("page_location", f"https://www.musee.example/fr/page-{n}"),
            param("engagement_time_msec", integer=1000 * n),
        ],
        "user_pseudo_id": user,
        "stream_id": "4285071811",
        "platform": "WEB",
        "device": {"category": "mobile", "operating_system": "iOS"},
        "geo": {"country": "Canada", "city": "Québec"},
    }
    record.update(extra)
    return record


def write_ndjson(path: Path, events: list) -> Path:
    """One JSON object per line (a str in `events` is written as the line itself)."""
    text = "".join((e if isinstance(e, str) else json.dumps(e, ensure_ascii=False)) + "\n" for e in events)
    if path.name.endswith(".gz"):
        with gzip.GzipFile(path, "wb", mtime=0) as handle:
            handle.write(text.encode("utf-8"))
    else:
        path.write_text(text, encoding="utf-8")
    return path


# The export's Parquet types (BigQuery writes INT64 as integers there).
PARQUET_TYPES = {
    **EXPORT_COLUMNS,
    "event_timestamp": "BIGINT",
    "event_params": "STRUCT(key VARCHAR, value STRUCT(string_value VARCHAR, int_value BIGINT, float_value DOUBLE, "
    "double_value DOUBLE))[]",
}


def write_parquet(path: Path, events: list[dict], drop: tuple[str, ...] = ()) -> Path:
    """A Parquet export of `events` with the export's types, without the columns `drop`."""
    source = write_ndjson(path.with_suffix(".source.json"), events)
    columns = {name: kind for name, kind in PARQUET_TYPES.items() if name not in drop}
    con = duckdb.connect()
    relation = con.sql(
        "SELECT * FROM read_json(?, format = 'newline_delimited', records = true, columns = ?)",
        params=[str(source), columns],
    )
    relation.write_parquet(str(path))
    con.close()
    source.unlink()
    return path


def fingerprint(con) -> dict[str, tuple]:
    """Row count and an order-free hash of every table of the store, and the temporary tables left."""
    tables = [
        name for (name,) in rows(con, "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY table_name")
    ]
    prints = {name: tuple(rows(con, f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM {name} t")[0]) for name in tables}
    prints["(temporary)"] = tuple(rows(con, "SELECT count(*) FROM duckdb_tables() WHERE temporary")[0])
    return prints


def loaded_rows(con, columns: str, load_id: int | None = None) -> list[tuple]:
    where = "" if load_id is None else f"WHERE load_id = {int(load_id)}"
    return rows(con, f"SELECT {columns} FROM raw_ga4_events {where} ORDER BY load_id, row_number")


# --- formats ----------------------------------------------------------------------------------------


def expected_rows(events: list[dict]) -> list[tuple]:
    """(row_number, event_date, event_timestamp, event_name, user_pseudo_id, ga_session_id, engagement),
    computed from the events written."""
    out = []
    for number, e in enumerate(events, start=1):
        params = {p["key"]: p["value"] for p in e["event_params"]}
        session = params.get("ga_session_id", {}).get("int_value")
        out.append(
            (
                number,
                datetime.strptime(e["event_date"], "%Y%m%d").date(),
                int(e["event_timestamp"]),
                e["event_name"],
                e["user_pseudo_id"],
                None if session is None else int(session),
                int(params["engagement_time_msec"]["int_value"]),
            )
        )
    return out


COLUMNS = "row_number, event_date, event_timestamp, event_name, user_pseudo_id, ga_session_id, engagement_time_msec"


def test_every_format_loads_the_same_events(con, tmp_path):
    events = [event(n, name=("session_start", "page_view", "click")[n % 3]) for n in range(5)]
    for name in ("events_20260714.json", "events_20260714.jsonl.gz", "export.ndjson", "e.parquet"):
        path = tmp_path / name
        write_parquet(path, events) if name.endswith(".parquet") else write_ndjson(path, events)
        result = ingest_file(con, "ga4-events", path, MUSEUM)
        assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (5, 5, 0)
        assert result.file_format == ("parquet" if name.endswith(".parquet") else "ndjson")
        assert loaded_rows(con, COLUMNS, result.load_id) == expected_rows(events), name
        assert rows(con, "SELECT periods, survey_year FROM load_ledger WHERE load_id = ?", [result.load_id]) == [
            ([DAY.isoformat()], 2026)
        ]
    assert rows(con, "SELECT DISTINCT export_table, museum_id, device_category, geo_country FROM raw_ga4_events") == [
        ("daily", MUSEUM, "mobile", "Canada")
    ]
    assert rows(con, "SELECT count(*) FROM duckdb_tables() WHERE temporary") == [(0,)]


def test_int64_values_as_strings_or_numbers_are_cast(con, tmp_path):
    first, second = event(1), event(2)
    second["event_timestamp"] = int(second["event_timestamp"])  # a number this time
    second["event_params"][0]["value"]["int_value"] = 1784044800  # idem
    path = write_ndjson(tmp_path / "events_20260714.json", [first, second])
    ingest_file(con, "ga4-events", path, MUSEUM)
    assert loaded_rows(con, "event_timestamp, ga_session_id, ga_session_number") == [
        (int(first["event_timestamp"]), 1784044800, 2),
        (second["event_timestamp"], 1784044800, 2),
    ]


def test_numeric_looking_user_pseudo_id_round_trips_exactly(con, tmp_path):
    ids = [NUMERIC_ID, "1234567890.1234567890", "0042.10", "abc-déf"]
    events = [event(n, user=user) for n, user in enumerate(ids)]
    for path in (write_ndjson(tmp_path / "a.json", events), write_parquet(tmp_path / "b.parquet", events)):
        result = ingest_file(con, "ga4-events", path, MUSEUM)
        assert [user for (user,) in loaded_rows(con, "user_pseudo_id", result.load_id)] == ids


def test_session_engaged_counts_as_an_int_or_a_string(con, tmp_path):
    values = [("int", 1), ("string", "1"), ("int", 0), ("string", "0"), ("string", " 1"), (None, None)]
    events = []
    for n, (kind, value) in enumerate(values):
        e = event(n)
        if kind == "int":
            e["event_params"].append(param("session_engaged", integer=value))
        elif kind == "string":
            e["event_params"].append(param("session_engaged", value))
        events.append(e)
    ingest_file(con, "ga4-events", write_ndjson(tmp_path / "events_20260714.json", events), MUSEUM)
    expected = [None if value is None else int(str(value).strip()) for _, value in values]
    assert [engaged for (engaged,) in loaded_rows(con, "session_engaged")] == expected


def test_traffic_sources_are_read_when_present_and_null_in_older_exports(con, tmp_path):
    newer = event(
        1,
        collected_traffic_source={"manual_source": "infolettre", "manual_medium": "email", "gclid": "Cj0KC"},
        session_traffic_source_last_click={
            "manual_campaign": {"source": "infolettre", "medium": "email", "campaign_name": "juillet"},
            "cross_channel_campaign": {"source": "google", "medium": "cpc", "campaign_name": "été"},
        },
        ecommerce={"transaction_id": "T-17", "purchase_revenue": "42.5"},
    )
    manual_only = event(
        2,
        session_traffic_source_last_click={
            "manual_campaign": {"source": "fb", "medium": "social", "campaign_name": "x"}
        },
    )
    newer["event_params"] += [param("source", "google"), param("medium", "cpc"), param("campaign", "été")]
    older = event(3)  # an export before 2023: neither record
    path = write_ndjson(tmp_path / "events_20260714.json", [newer, manual_only, older])
    ingest_file(con, "ga4-events", path, MUSEUM)
    assert loaded_rows(
        con,
        "collected_source, collected_medium, collected_gclid, last_click_source, last_click_medium, "
        "last_click_campaign, param_source, param_campaign, transaction_id, purchase_revenue",
    ) == [
        ("infolettre", "email", "Cj0KC", "google", "cpc", "été", "google", "été", "T-17", 42.5),
        (None, None, None, "fb", "social", "x", None, None, None, None),
        (None, None, None, None, None, None, None, None, None, None),
    ]


def test_a_parquet_export_without_the_newer_columns_loads(con, tmp_path):
    events = [event(n) for n in range(3)]
    path = write_parquet(
        tmp_path / "ga4_export_202501_000000000000.parquet",
        events,
        drop=("collected_traffic_source", "session_traffic_source_last_click", "ecommerce"),
    )
    result = ingest_file(con, "ga4-events", path, MUSEUM)
    assert (result.rows_read, result.rows_rejected) == (3, 0)
    assert loaded_rows(con, "row_number, collected_source, last_click_source, transaction_id") == [
        (n, None, None, None) for n in (1, 2, 3)
    ]


def test_consent_mode_nulls_and_duplicates_are_kept_raw(con, tmp_path):
    denied = event(1, user=None, session=None)
    twice = event(2, name="purchase")
    events = [denied, twice, twice, event(3)]
    result = ingest_file(con, "ga4-events", write_ndjson(tmp_path / "events_20260714.json", events), MUSEUM)
    assert (result.rows_read, result.rows_accepted) == (4, 4)
    got = loaded_rows(con, "row_number, user_pseudo_id, ga_session_id, params_hash")
    assert [(n, user, session) for n, user, session, _ in got] == [
        (1, None, None),
        (2, NUMERIC_ID, 1784044800),
        (3, NUMERIC_ID, 1784044800),
        (4, NUMERIC_ID, 1784044800),
    ]
    assert got[1][3] == got[2][3] != got[3][3]  # the duplicate shares its parameters' hash


# --- rejected rows ----------------------------------------------------------------------------------


def test_a_bad_line_in_the_middle_is_rejected_with_its_real_line_number(con, tmp_path):
    events = [event(n) for n in range(7)]
    events[3] = {**events[3], "event_name": None}
    result = ingest_file(con, "ga4-events", write_ndjson(tmp_path / "events_20260714.json", events), MUSEUM)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (7, 6, 1)
    assert result.reasons("fr") == [
        "ligne 4 : event_name manquant dans « events_20260714.json » (attendu : le nom de l'événement, ex. page_view)"
    ]
    assert result.reasons("en")[0].startswith("row 4: event_name missing in 'events_20260714.json'")
    assert [n for (n,) in loaded_rows(con, "row_number")] == [1, 2, 3, 5, 6, 7]
    line = (tmp_path / "events_20260714.json").read_text(encoding="utf-8").splitlines()[3]
    assert json.loads(line)["event_name"] is None  # line 4 of the file is the one named
    assert_balanced(con)


def _shifted(n: int, days: float) -> dict:
    return event(n, event_timestamp=str(micros(NOON + timedelta(days=days, seconds=n))))


REJECTIONS = [
    (event(1, event_date=None), "event_date", "ligne 1 : event_date manquant"),
    (event(1, event_date="2026-07-14"), "event_date", "ligne 1 : event_date illisible « 2026-07-14 »"),
    (event(1, event_date="20261314"), "event_date", "ligne 1 : event_date illisible « 20261314 »"),
    (event(1, event_timestamp=None), "event_timestamp", "ligne 1 : event_timestamp manquant"),
    (
        event(1, event_timestamp="1.78e15"),
        "event_timestamp",
        "ligne 1 : event_timestamp « 1.78e15 » n'est pas un entier",
    ),
    (event(1, event_name=""), "event_name", "ligne 1 : event_name manquant"),
    (
        _shifted(1, 2),
        "event_date",
        "ligne 1 : event_date 2026-07-14 à plus d'un jour de la date UTC de event_timestamp (2026-07-16)",
    ),
    (
        _shifted(1, -3),
        "event_date",
        "ligne 1 : event_date 2026-07-14 à plus d'un jour de la date UTC de event_timestamp (2026-07-11)",
    ),
    (event(1, event_timestamp=str(10**19 // 2)), "event_date", "ligne 1 : event_date 2026-07-14 à plus d'un jour"),
]


def test_each_rejection_names_the_line_the_field_and_what_was_expected(con, tmp_path):
    """One file: each bad event of REJECTIONS on its own line, between good ones; events a day apart
    (the property's time zone) and a user id that is an e-mail address are accepted."""
    good = [_shifted(0, 1), _shifted(0, -1), _shifted(0, -0.9), event(0, user="marie.tremblay@exemple.ca")]
    lines = [*good[:2], *(bad for bad, _, _ in REJECTIONS), *good[2:]]
    path = write_ndjson(tmp_path / "events_20260714.json", lines)
    result = ingest_file(con, "ga4-events", path, MUSEUM)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (len(lines), len(good), len(REJECTIONS))
    for offset, (rejection, (_, column, reason)) in enumerate(zip(result.rejections, REJECTIONS)):
        line = 3 + offset  # after the two good lines
        assert rejection.row_number == line and rejection.column_name == column
        fr, en = rejection.reason("fr"), rejection.reason("en")
        assert fr.startswith(reason.replace("ligne 1 :", f"ligne {line} :")), fr
        assert "events_20260714.json" in fr and "attendu" in fr and "expected" in en and en.startswith(f"row {line}:")
    assert [n for (n,) in loaded_rows(con, "row_number")] == [1, 2, len(lines) - 1, len(lines)]
    cells = rows(con, "SELECT original FROM quarantine ORDER BY row_number")
    assert all(set(kept) == {"event_date", "event_timestamp", "event_name", "user_pseudo_id"} for (kept,) in cells)
    assert_balanced(con)


def test_quarantined_cells_are_only_the_export_fields_redacted(con, tmp_path):
    bad = event(1, event_name=None, user="marie.tremblay@exemple.ca")
    bad["event_params"].append(param("page_location", "https://www.musee.example/?courriel=marie@exemple.ca"))
    ingest_file(con, "ga4-events", write_ndjson(tmp_path / "events_20260714.json", [bad, event(2)]), MUSEUM)
    (cells,) = rows(con, "SELECT original FROM quarantine")[0]
    assert set(cells) == {"event_date", "event_timestamp", "event_name", "user_pseudo_id"}
    assert "marie" not in json.dumps(cells) and cells["event_date"] == "20260714"


# --- files refused whole ----------------------------------------------------------------------------


def _refused(con, path: Path) -> tuple[str, str]:
    before = fingerprint(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, "ga4-events", path, MUSEUM)
    assert fingerprint(con) == before
    fr, en = info.value.text("fr"), info.value.text("en")
    for text in (fr, en):
        assert "\n" not in text and path.name in text and len(text) < 600
    return fr, en


@pytest.fixture
def loaded(con, tmp_path):
    """The test store with one GA4 load already in it (so « as it was » is not just « empty »)."""
    ingest_file(
        con, "ga4-events", write_ndjson(tmp_path / "events_20260713.json", [event(1, event_date="20260714")]), MUSEUM
    )
    return con


UNREADABLE = [
    ("texte.json", b"bonjour\n", "Fichier illisible « texte.json », ligne 1 : JSON mal formé"),
    ("tableau.json", b'[{"event_name": "a"}]', "Fichier illisible « tableau.json », ligne 1 : Expected OBJECT"),
    ("faux.json.gz", b'{"event_name": "a"}\n', "Fichier illisible « faux.json.gz » : ce n'est pas une archive gzip"),
    ("faux.parquet", b"PAR1 pas du parquet", "Fichier illisible « faux.parquet » : ce n'est pas un fichier Parquet"),
    ("vide.json", b"", "Le fichier « vide.json » est vide : aucun événement."),
    ("export.csv", b"a,b\n", "Format non pris en charge pour « export.csv » : .csv. Attendu : un export BigQuery"),
]


def test_unreadable_files_are_refused_and_the_store_is_unchanged(loaded, tmp_path):
    for name, content, fr in UNREADABLE:
        path = tmp_path / name
        path.write_bytes(content)
        assert _refused(loaded, path)[0].startswith(fr), name
    # malformed JSON on line 3 of 5, plain and gzip: the message names line 3
    lines = [json.dumps(event(n)) for n in range(5)]
    lines[2] = lines[2][:-5] + ",,}"
    for name in ("casse.json", "casse.json.gz"):
        fr, en = _refused(loaded, write_ndjson(tmp_path / name, lines))
        assert fr.startswith(f"Fichier illisible « {name} », ligne 3 : JSON mal formé (")
        assert en.startswith(f"Unreadable file '{name}', line 3: malformed JSON (")
    # a download cut in the middle
    whole = write_ndjson(tmp_path / "entier.json.gz", [event(n) for n in range(200)]).read_bytes()
    cut = tmp_path / "coupe.json.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    assert _refused(loaded, cut)[0].startswith("Fichier illisible « coupe.json.gz »")
    # a Parquet file that is not the export
    other = tmp_path / "autre.parquet"
    duckdb.connect().sql("SELECT 1 AS visits, 'x' AS event_name").write_parquet(str(other))
    fr, en = _refused(loaded, other)
    assert fr.startswith(
        "Le fichier « autre.parquet » n'a pas les colonnes de l'export GA4 : event_date, event_timestamp manquante(s)."
    )
    assert "visits" in en
    # every event rejected
    fr, _ = _refused(loaded, write_ndjson(tmp_path / "rien.json", [event(1, event_name=None)]))
    assert "rien n'a été chargé" in fr


def test_a_store_failure_rolls_back_and_drops_the_staged_rows(loaded, tmp_path, monkeypatch):
    def broken(con, entry):
        con.execute("SELECT 'x'::INTEGER")  # a ConversionException in the transaction

    monkeypatch.setattr(ledger, "insert_ledger", broken)
    fr, _ = _refused(loaded, write_ndjson(tmp_path / "events_20260715.json", [event(1, event_date="20260715")]))
    assert "l'entrepôt a refusé l'écriture" in fr


# --- duplicates, re-deliveries, intraday ------------------------------------------------------------


def test_an_identical_file_adds_nothing(con, tmp_path):
    path = write_ndjson(tmp_path / "events_20260714.json.gz", [event(n) for n in range(3)])
    first = ingest_file(con, "ga4-events", path, MUSEUM)
    before = fingerprint(con)
    again = ingest_file(con, "ga4-events", path, MUSEUM)
    assert again.skipped_duplicate and again.load_id == first.load_id and again.records_loaded == 3
    assert fingerprint(con) == before


def test_a_redelivered_day_and_an_intraday_file_are_loaded_beside_the_daily_one(con, tmp_path):
    daily = ingest_file(con, "ga4-events", write_ndjson(tmp_path / "events_20260714.json.gz", [event(1)]), MUSEUM)
    late = [event(1), event(2), event(3, event_date="20260715", event_timestamp=str(micros(NOON + timedelta(days=1))))]
    again = ingest_file(con, "ga4-events", write_ndjson(tmp_path / "events_20260714_v2.json.gz", late), MUSEUM)
    intraday = ingest_file(
        con, "ga4-events", write_ndjson(tmp_path / "events_intraday_20260715.json", [late[2], event(4)]), MUSEUM
    )
    active = rows(con, "SELECT load_id, periods FROM load_ledger WHERE replaced_at IS NULL ORDER BY load_id")
    assert active == [
        (daily.load_id, ["2026-07-14"]),
        (again.load_id, ["2026-07-14", "2026-07-15"]),
        (intraday.load_id, ["2026-07-14", "2026-07-15"]),
    ]
    assert rows(con, "SELECT load_id, export_table, count(*) FROM raw_ga4_events GROUP BY ALL ORDER BY 1") == [
        (daily.load_id, "daily", 1),
        (again.load_id, "daily", 3),
        (intraday.load_id, "intraday", 2),
    ]
    assert again.summary("fr").splitlines()[1] == (
        f"« events_20260714_v2.json.gz » : remplace 1\u00a0jour du chargement n° {daily.load_id} (2026-07-14)."
    )
    assert again.supersede_notes("en") == [
        f"'events_20260714_v2.json.gz': supersedes 1\u00a0day of load #{daily.load_id} (2026-07-14)."
    ]
    notes = intraday.supersede_notes("fr")
    assert notes[0].startswith("« events_intraday_20260715.json » : fichier intraday : ses jours déjà chargés depuis")
    assert f"1\u00a0jour du chargement n° {daily.load_id}" in notes[0]
    assert f"2\u00a0jours du chargement n° {again.load_id} : 2026-07-14, 2026-07-15" in notes[1]
    # a daily file after an intraday one supersedes it
    daily16 = ingest_file(
        con, "ga4-events", write_ndjson(tmp_path / "events_20260715.json", [late[2]]), MUSEUM
    ).supersede_notes("en")
    assert daily16[-1] == f"'events_20260715.json': supersedes 1\u00a0day of load #{intraday.load_id} (2026-07-15)."


def test_a_ga4_load_is_purged_with_its_rows(con, tmp_path):
    keep = ingest_file(con, "ga4-events", write_ndjson(tmp_path / "events_20260713.json", [event(1)]), MUSEUM)
    bad = [event(1, event_name=None), event(2), event(3)]
    gone = ingest_file(con, "ga4-events", write_ndjson(tmp_path / "events_20260714.json", bad), MUSEUM)
    result = purge.purge(con, load_id=gone.load_id)
    assert result.removed["raw_ga4_events"] == 2 and result.removed["quarantine"] == 1
    assert rows(con, "SELECT DISTINCT load_id FROM raw_ga4_events") == [(keep.load_id,)]
    assert rows(con, "SELECT count(*) FROM quarantine") == [(0,)]


# --- personal data in URLs (sql/models/macros/web_urls.sql) ----------------------------------------

KEPT_KEYS = {
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "utm_id",
    "gclid",
    "dclid",
    "fbclid",
    "lang",
}
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def clean_url(url: str) -> str:
    """The rule of web_clean_url, written again with urllib for the test."""
    parts = urlsplit(url)
    origin = ""
    if parts.scheme and parts.netloc:
        origin = f"{parts.scheme.lower()}://{parts.netloc.rsplit('@', 1)[-1].lower()}"
    query = "&".join(pair for pair in parts.query.split("&") if pair.split("=", 1)[0].lower() in KEPT_KEYS)
    return EMAIL.sub("[courriel]", origin + parts.path + (f"?{query}" if query else ""))


URLS = [
    "https://www.musee.example/fr/expositions",
    "HTTPS://WWW.Musee.Example/Fr/Page?utm_source=Infolettre&utm_medium=email&nom=Tremblay#haut",
    "https://www.musee.example/merci?courriel=marie.tremblay%40exemple.ca&code_postal=G1R2L3&lang=fr",
    "https://www.musee.example/u/marie.tremblay@exemple.ca/profil?gclid=Cj0&utm_content=jean@exemple.org",
    "https://jean:secret@billets.musee.example:8443/panier?session=abc&fbclid=IwAR",
    "https://www.musee.example",
    "https://www.musee.example/?",
    "/fr/relatif?lang=en&x=1",
]


@pytest.fixture(scope="module")
def macros():
    """A store in memory, for the URL macros alone."""
    connection = store.connect(":memory:", read_only=False)
    yield connection
    connection.close()


def test_urls_keep_only_allowed_query_keys_and_no_email(macros):
    got = rows(macros, "SELECT web_clean_url(u) FROM unnest(?::VARCHAR[]) t(u)", [URLS])
    assert [url for (url,) in got] == [clean_url(url) for url in URLS]
    assert not any("@" in url or "%40" in url or "Tremblay" in url or "secret" in url for (url,) in got)


def test_url_host_and_path(macros):
    got = rows(macros, "SELECT url_host(u), url_path(u) FROM unnest(?::VARCHAR[]) t(u)", [URLS])
    expected = []
    for url in URLS:
        parts = urlsplit(url)
        host = parts.hostname.removeprefix("www.") if parts.scheme else None
        expected.append((host, EMAIL.sub("[courriel]", parts.path or "/")))
    assert got == expected
    assert rows(macros, "SELECT url_host(NULL), url_path(NULL), web_clean_url(NULL)") == [(None, None, None)]


def test_page_urls_are_stored_clean(con, tmp_path):
    events = []
    for n, url in enumerate(URLS):
        e = event(n)
        e["event_params"][2] = param("page_location", url)
        e["event_params"].append(param("page_referrer", url))
        events.append(e)
    ingest_file(con, "ga4-events", write_ndjson(tmp_path / "events_20260714.json", events), MUSEUM)
    assert loaded_rows(con, "page_location, page_referrer") == [(clean_url(u), clean_url(u)) for u in URLS]
