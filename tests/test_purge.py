"""smq-analytics purge: a museum's or a load's rows leave every table, in one transaction, and stop
counting in the other museums' comparison."""

from __future__ import annotations

import pytest
from provenance_fixtures import build_store

from smq_analytics import purge, store
from smq_analytics.cli import main
from smq_analytics.topics.provenance import metrics as provenance
from smq_analytics.metrics import scope as scopes

TABLES = (
    "raw_survey",
    "raw_desk_counts",
    "raw_attendance",
    "raw_ga4_events",
    "raw_web_rows",
    "raw_web_tables",
    "quarantine",
    "item_problems",
    "survey_item_scales",
    "load_ledger",
    "museum_peer_groups",
    "museum_web_domains",
    "museum_key_events",
    "cohort_members",
)
BY_LOAD = ("quarantine", "item_problems", "survey_item_scales")  # tables that reach a museum through its loads


def nothing_but(**counts: int) -> dict[str, int]:
    """What a purge reports when it erases only `counts`: every table it visits, zero elsewhere."""
    return {table: counts.get(table, 0) for table, _ in purge.statements()}


def rows_of(con, museum_id: str) -> dict[str, int]:
    """Rows held for a museum, per table (quarantine, item problems and item scales through the museum's loads)."""
    loads = "SELECT load_id FROM load_ledger WHERE museum_id = ?"
    counts = {}
    for table in TABLES:  # table names are ours
        where = f"load_id IN ({loads})" if table in BY_LOAD else "museum_id = ?"
        counts[table] = store.query_rows(con, f"SELECT count(*) FROM {table} WHERE {where}", [museum_id])[0][0]
    counts["museums"] = store.query_rows(con, "SELECT count(*) FROM museums WHERE museum_id = ?", [museum_id])[0][0]
    return counts


def add_desk_quarantine_and_problems(con, museum_id: str) -> int:
    """A desk-count load of museum_id with one quarantined row, one item problem and the recorded scale
    of one item of its first survey load, and the museum in a peer group and a cohort: the desk-count
    load's id."""
    load_id = store.query_rows(con, "SELECT max(load_id) + 1 FROM load_ledger")[0][0]
    con.execute(
        "INSERT INTO load_ledger (load_id, source, museum_id, file_name, file_sha256, file_format, rows_read,"
        " rows_accepted, rows_rejected, loaded_at) VALUES (?, 'desk-counts', ?, 'comptoir.csv', 'x', 'csv',"
        " 2, 1, 1, now())",
        [load_id, museum_id],
    )
    con.execute(
        "INSERT INTO raw_desk_counts VALUES (?, 2, ?, DATE '2024-07-01', DATE '2024-07-01', 'local', 12)",
        [load_id, museum_id],
    )
    con.execute(
        "INSERT INTO raw_ga4_events (load_id, museum_id, row_number, export_table, event_date, event_timestamp, "
        "event_name) VALUES (?, ?, 3, 'daily', DATE '2024-07-01', 1719835200000000, 'page_view')",
        [load_id, museum_id],
    )
    con.execute(
        "INSERT INTO raw_web_tables VALUES (?, ?, 1, 'ua', 'ua_export', 'Canaux', NULL, 'Toutes les données', "
        "DATE '2019-01-01', DATE '2019-01-31', 'total', '[]', NULL, NULL)",
        [load_id, museum_id],
    )
    con.execute(
        "INSERT INTO raw_web_rows VALUES (?, ?, 1, 8, 'range', DATE '2019-01-01', DATE '2019-01-31', 'total', NULL,"
        " 'sessions', 120, false)",
        [load_id, museum_id],
    )
    con.execute(
        "INSERT INTO quarantine VALUES (?, 3, 'visitors', 'ligne 3 : marie@exemple.ca', 'row 3', "
        "MAP {'courriel': 'marie@exemple.ca'})",
        [load_id],
    )
    survey_load = store.query_rows(
        con, "SELECT min(load_id) FROM load_ledger WHERE museum_id = ? AND source = 'survey'", [museum_id]
    )[0][0]
    con.execute("INSERT INTO item_problems VALUES (?, 2, 'postal_code', 'G1R ***', 'ligne 2', 'row 2')", [survey_load])
    con.execute("INSERT INTO survey_item_scales VALUES (?, 'sat_overall', 'satisfaction', 'scale5')", [survey_load])
    con.execute("INSERT INTO museum_peer_groups VALUES (?, 'petits-musees') ON CONFLICT DO NOTHING", [museum_id])
    con.execute(
        "INSERT INTO museum_web_domains VALUES (?, 'musee.example', 'site') ON CONFLICT DO NOTHING", [museum_id]
    )
    con.execute(
        "INSERT INTO museum_key_events VALUES (?, 'achat', 'purchase', NULL, NULL) ON CONFLICT DO NOTHING", [museum_id]
    )
    con.execute("INSERT INTO cohorts VALUES ('cohorte-test', 'Cohorte test', 2026, false) ON CONFLICT DO NOTHING")
    con.execute("INSERT INTO cohort_members VALUES ('cohorte-test', ?) ON CONFLICT DO NOTHING", [museum_id])
    return load_id


@pytest.fixture
def seven(tmp_path):
    con = build_store(tmp_path / "seven.duckdb", n_museums=7)
    yield con
    con.close()


def test_purging_a_museum_empties_every_table_of_it_and_only_of_it(seven):
    add_desk_quarantine_and_problems(seven, "M03")
    add_desk_quarantine_and_problems(seven, "M04")
    before = rows_of(seven, "M03")
    assert all(before.values()), before  # the museum holds rows in every table
    others = {m: rows_of(seven, m) for m in ("M01", "M02", "M04")}
    result = purge.purge(seven, museum_id="M03")
    assert result.committed
    assert result.removed == {
        "raw_survey": before["raw_survey"],
        "raw_desk_counts": 1,
        "raw_attendance": before["raw_attendance"],
        "raw_ga4_events": 1,
        "raw_web_rows": 1,
        "raw_web_tables": 1,
        "quarantine": 1,
        "item_problems": 1,
        "survey_item_scales": 1,
        "load_ledger": before["load_ledger"],
        "museum_peer_groups": 1,
        "museum_web_domains": 1,
        "museum_key_events": 1,
        "cohort_members": 1,
        "museums": 1,
    }
    assert set(rows_of(seven, "M03").values()) == {0}
    assert {m: rows_of(seven, m) for m in others} == others


def test_a_purged_museum_leaves_the_other_museums_comparison(seven):
    # M07 only sees tourists: while it is in the store the other museums' shares move away from 60/40
    seven.execute("UPDATE raw_survey SET overnight = true WHERE museum_id = 'M07'")
    before = provenance.sector_category_shares(scopes.open_scope(museum="M01", con=seven))
    assert before.available and before.n_museums == 6
    assert before.table.set_index("key").loc["tourist", "share"] > 0.45
    purge.purge(seven, museum_id="M07")
    after = provenance.sector_category_shares(scopes.open_scope(museum="M01", con=seven))
    assert after.available and after.n_museums == 5
    table = after.table.set_index("key")
    assert table.loc["local", "share"] == pytest.approx(0.6) and table.loc["tourist", "share"] == pytest.approx(0.4)
    with pytest.raises(scopes.ScopeError):
        scopes.open_scope(museum="M07", con=seven)


def test_purging_a_load_keeps_the_museum_and_its_other_loads(seven):
    desk = add_desk_quarantine_and_problems(seven, "M02")
    survey_rows = rows_of(seven, "M02")["raw_survey"]
    result = purge.purge(seven, load_id=desk)
    assert result.removed == nothing_but(
        raw_desk_counts=1, raw_ga4_events=1, raw_web_rows=1, raw_web_tables=1, quarantine=1, load_ledger=1
    )
    after = rows_of(seven, "M02")
    assert after["museums"] == 1 and after["raw_survey"] == survey_rows and after["raw_desk_counts"] == 0
    assert after["quarantine"] == 0 and after["item_problems"] == 1 and after["survey_item_scales"] == 1


def test_a_refused_confirmation_changes_nothing_and_the_store_fingerprint_moves_on_a_purge(seven):
    before = {m: rows_of(seven, m) for m in ("M01", "M02")}
    fingerprint = store.snapshot_id(seven)
    seen = []
    result = purge.purge(seven, museum_id="M02", confirm=lambda r: seen.append(dict(r.removed)) or False)
    assert not result.committed and seen[0]["raw_survey"] == before["M02"]["raw_survey"]
    assert {m: rows_of(seven, m) for m in before} == before and store.snapshot_id(seven) == fingerprint
    purge.purge(seven, museum_id="M02", confirm=lambda r: True)
    assert rows_of(seven, "M02")["load_ledger"] == 0 and store.snapshot_id(seven) != fingerprint


def test_a_failing_statement_rolls_the_whole_purge_back(seven, monkeypatch):
    before = rows_of(seven, "M02")
    statements = (*purge.statements()[:3], ("quarantine", "purge/no_such_statement"))
    monkeypatch.setattr(purge, "statements", lambda: statements)
    with pytest.raises(FileNotFoundError):
        purge.purge(seven, museum_id="M02")
    assert rows_of(seven, "M02") == before


def test_nothing_to_purge_and_one_target_only(seven):
    with pytest.raises(purge.PurgeError) as error:
        purge.purge(seven, museum_id="M99")
    assert "M99" in error.value.text("fr")
    with pytest.raises(purge.PurgeError):
        purge.purge(seven, load_id=999)
    with pytest.raises(purge.PurgeError):
        purge.purge(seven, museum_id="M01", load_id=1)


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.delenv("SMQ_DB", raising=False)
    monkeypatch.delenv("SMQ_LANG", raising=False)
    path = tmp_path / "cli.duckdb"
    build_store(path, n_museums=5).close()
    return path


def test_cli_asks_before_erasing_and_prints_the_counts(db, capsys, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: (print(prompt, end=""), "n")[1])
    assert main(["--db", str(db), "--lang", "fr", "purge", "--museum", "M02"]) == 1
    captured = capsys.readouterr()
    assert "À effacer (musée « M02 ») :" in captured.out and "Effacer définitivement ? [o/N]" in captured.out
    assert "rien n'a été effacé" in captured.err
    with store.open_store(db, read_only=True) as con:
        assert rows_of(con, "M02")["load_ledger"] == 2

    monkeypatch.setattr("builtins.input", lambda prompt: "oui")
    assert main(["--db", str(db), "--lang", "fr", "purge", "--museum", "M02"]) == 0
    lines = capsys.readouterr().out.splitlines()
    done = lines.index("Effacé (musée « M02 ») :")
    table = dict(line.split() for line in lines[done + 1 : done + 1 + len(purge.statements())])
    assert table == {
        name: str(count)
        for name, count in nothing_but(raw_survey=50, raw_attendance=1, load_ledger=2, museums=1).items()
    }
    with store.open_store(db, read_only=True) as con:
        assert set(rows_of(con, "M02").values()) == {0}


def test_cli_never_erases_without_an_answer_and_yes_skips_the_question(db, capsys, monkeypatch):
    def no_terminal(prompt):
        raise EOFError

    monkeypatch.setattr("builtins.input", no_terminal)
    assert main(["--db", str(db), "--lang", "en", "purge", "--load", "1"]) == 1
    assert "nothing was erased" in capsys.readouterr().err
    assert main(["--db", str(db), "--lang", "en", "purge", "--load", "1", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "To erase" not in out and "Erased (load #1):" in out
    assert main(["--db", str(db), "--lang", "en", "purge", "--load", "1", "--yes"]) == 1
    assert "nothing to erase: load #1 not in the store" in capsys.readouterr().err


def test_cli_purge_needs_exactly_one_target(db, capsys):
    with pytest.raises(SystemExit):
        main(["--db", str(db), "purge"])
    with pytest.raises(SystemExit):
        main(["--db", str(db), "purge", "--museum", "M01", "--load", "1"])
