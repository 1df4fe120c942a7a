"""Every registered source is complete, and a new one needs nothing but its descriptor.

Loops over ingest/registry.py: each SourceSpec has a CLI entry, a purge statement, a raw table with
load_id and museum_id after migration, and a demo generator whose files load with no row quarantined
and with exactly the planted invalid values as item problems. A fake source registered here (the
registry monkeypatched) is picked up by the CLI, the loader and purge without any other edit.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from ingest_support import MUSEUM, rows

from smq_analytics import params, purge, reference, store
from smq_analytics.cli import build_parser, main
from smq_analytics.demo import PROFILES
from smq_analytics.demo.draws import _rng
from smq_analytics.demo.counts import attendance
from smq_analytics.demo.geography import Geography
from smq_analytics.demo.manifest import DemoMuseum
from smq_analytics.demo.tools import TOOLS
from smq_analytics.i18n import Message
from smq_analytics.ingest import IngestError, ingest_file
from smq_analytics.ingest.base import LOAD_OPTIONS, Parsed, SourceSpec
from smq_analytics.ingest.periods import month_periods
from smq_analytics.ingest.problems import Problems
from smq_analytics.ingest.registry import SOURCES
from smq_analytics.ingest.tabular import read_table
from smq_analytics.sqlfiles import sql

SPECS = list(SOURCES.values())
NAMES = [spec.name for spec in SPECS]


def ingest_help(capsys) -> str:
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def memory():
    connection = store.connect(":memory:", read_only=False)
    yield connection
    connection.close()


@pytest.mark.parametrize("spec", SPECS, ids=NAMES)
def test_every_source_is_an_ingest_choice_named_in_the_cli_help(spec, capsys):
    args = build_parser().parse_args(["ingest", spec.name, "export.csv", "--museum", MUSEUM])
    assert args.source == spec.name
    shown = ingest_help(capsys)
    assert spec.name in shown and spec.title.fr in shown and spec.title.en in shown


@pytest.mark.parametrize("spec", SPECS, ids=NAMES)
def test_every_source_has_a_purge_statement_for_its_raw_table(spec):
    assert (spec.raw_table, spec.purge) in purge.statements()
    text = sql(spec.purge)
    assert f"DELETE FROM {spec.raw_table}" in text and "$load_id" in text and "$museum_id" in text
    for table in spec.extra_raw_tables:  # the tables it writes beside its raw table (raw_web_tables)
        assert (table, f"purge/delete_{table}") in purge.statements()
        text = sql(f"purge/delete_{table}")
        assert f"DELETE FROM {table}" in text and "$load_id" in text and "$museum_id" in text


@pytest.mark.parametrize("spec", SPECS, ids=NAMES)
def test_every_raw_table_exists_after_migration_with_load_and_museum(memory, spec):
    columns = {
        name
        for (name,) in memory.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [spec.raw_table]
        ).fetchall()
    }
    assert {"load_id", "museum_id", "row_number"} <= columns
    for table in spec.extra_raw_tables:
        assert {"load_id", "museum_id"} <= set(memory.table(table).columns)


@pytest.mark.parametrize("spec", SPECS, ids=NAMES)
def test_every_descriptor_is_complete(spec):
    assert spec.period_kind in ("season", "month", "day")
    assert set(spec.options) <= set(LOAD_OPTIONS)
    assert set(spec.formats) <= {"csv", "xlsx", "json", "ndjson", "parquet"}
    assert spec.covered_periods in ("refuse", "supersede")
    assert spec.title.fr and spec.title.en and spec.help.fr and spec.help.en
    assert callable(spec.demo_generator())


def _demo_museum(tmp_path, generator) -> tuple[DemoMuseum, list]:
    """The first demo museum for which `generator` writes files, and those files."""
    geo = Geography()
    for index, profile in enumerate(PROFILES):
        folder = tmp_path / profile.museum_id
        folder.mkdir()
        demo = DemoMuseum(
            index,
            profile,
            params.load_museum(profile.museum_id),
            folder,
            geo,
            attendance(profile, _rng(index, "attendance")),
        )
        entries = generator(demo)
        if entries:
            return demo, entries
    raise AssertionError("no demo museum has files for this source")


@pytest.mark.timeout(300)
@pytest.mark.parametrize("spec", SPECS, ids=NAMES)
def test_every_demo_generator_writes_files_that_load_with_only_the_planted_problems(tmp_path, spec):
    demo, entries = _demo_museum(tmp_path, spec.demo_generator())
    assert {entry.source for entry in entries} == {spec.name}
    con = store.connect(tmp_path / "demo.duckdb", read_only=False)
    try:
        reference.load_reference(con)
        params.sync_museums(con, [demo.museum])
        results = [ingest_file(con, e.source, e.path, e.museum_id, year=e.year, mapping=e.mapping) for e in entries]
    finally:
        con.close()
    assert sum(r.rows_rejected for r in results) == 0
    # the planted invalid answers (survey tools' kinds, once per season) and nothing else
    planted = sum(len(TOOLS[tool][3]) for tool in demo.profile.tools) if spec.name == "survey" else 0
    assert sum(len(r.item_problems) for r in results) == planted


# --- a source added by its descriptor alone ------------------------------------------------------


class FakeVisits:
    """A minimal source: month,visits rows; a visits cell that is not a number rejects its row."""

    def parse(self, path, context):
        table = read_table(path)
        visits = pd.to_numeric(table.values("visits"), errors="coerce")
        problems = Problems(table.frame.index)
        problems.add(visits.isna(), "visits", Message("visites illisibles", "unreadable visits"))
        records = pd.DataFrame(
            {
                "row_number": table.frame.index.to_numpy(),
                "month": pd.to_datetime(table.values("month")).to_numpy(),
                "visits": visits.astype("Int64").to_numpy(),
            }
        )
        return Parsed(table, records, problems)


@pytest.fixture
def fake(con, monkeypatch):
    con.execute(
        "CREATE TABLE raw_fake_visits (load_id INTEGER, row_number INTEGER, museum_id VARCHAR, "
        "month DATE, visits INTEGER)"
    )
    spec = SourceSpec(
        name="fake-visits",
        title=Message("Visites factices", "Fake visits"),
        help=Message("une source de test", "a test source"),
        raw_table="raw_fake_visits",
        period_kind="month",
        periods=lambda records: month_periods(records, ("month",)),
        parser=FakeVisits(),
        formats=("csv",),
        takes_mapping=False,
        options=(),
        purge="purge/delete_raw_attendance",
        demo=None,
    )
    monkeypatch.setitem(SOURCES, spec.name, spec)
    return spec


def test_a_registered_source_appears_in_the_cli_without_other_edits(fake, capsys):
    assert build_parser().parse_args(["ingest", "fake-visits", "f.csv", "--museum", MUSEUM]).source == "fake-visits"
    shown = ingest_help(capsys)
    assert "fake-visits" in shown and "Fake visits" in shown
    assert (fake.raw_table, fake.purge) in purge.statements()


def test_a_registered_source_loads_through_the_loader_keyed_by_its_periods(con, fake, tmp_path):
    path = tmp_path / "visites.csv"
    path.write_text("month,visits\n2024-07-01,12\n2024-08-01,douze\n2024-09-01,7\n", encoding="utf-8")
    result = ingest_file(con, "fake-visits", path, MUSEUM)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (3, 2, 1)
    assert rows(con, "SELECT museum_id, strftime(month, '%Y-%m'), visits FROM raw_fake_visits ORDER BY month") == [
        (MUSEUM, "2024-07", 12),
        (MUSEUM, "2024-09", 7),
    ]
    periods, options = rows(con, "SELECT periods, load_options FROM load_ledger WHERE load_id = ?", [result.load_id])[0]
    assert periods == ["2024-07", "2024-09"] and json.loads(options) == {}
    other = tmp_path / "septembre.csv"
    other.write_text("month,visits\n2024-09-01,8\n", encoding="utf-8")
    with pytest.raises(IngestError) as refused:
        ingest_file(con, "fake-visits", other, MUSEUM)
    assert "le mois 2024-09" in refused.value.text("fr") and "--replace" in refused.value.text("en")


def test_an_option_the_source_does_not_take_is_refused_naming_the_flag(con, fake, tmp_path):
    path = tmp_path / "visites.csv"
    path.write_text("month,visits\n2024-07-01,12\n", encoding="utf-8")
    with pytest.raises(IngestError) as refused:
        ingest_file(con, "fake-visits", path, MUSEUM, year=2024)
    assert "--year" in refused.value.text("en") and "fake-visits" in refused.value.text("fr")
    assert rows(con, "SELECT count(*) FROM load_ledger") == [(0,)]


def test_the_ledger_contract_accepts_exactly_the_registered_sources():
    """sources.yml lists the ledger's sources for its accepted_values test; a source added to the
    registry without it would make every contract run fail on its first load."""
    from smq_analytics.models import load_contracts

    ledger = next(c for c in load_contracts() if c.name == "load_ledger")
    column = next(col for col in ledger.columns if col.name == "source")
    accepted = [list(t.accepted) for t in column.tests if t.kind == "accepted_values"]
    assert accepted == [list(SOURCES)]
