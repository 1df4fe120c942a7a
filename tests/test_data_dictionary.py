"""Every column of every public view (and of the ledger and quarantine tables) is documented in DATA_DICTIONARY.md."""

from __future__ import annotations

import re
from pathlib import Path

from smq_analytics import store

ROOT = Path(__file__).resolve().parents[1]
PUBLIC_VIEWS = ["survey_responses", "attendance_monthly", "desk_counts", "load_summary", "load_ledger", "quarantine", "item_problems"]


def documented_columns() -> dict[str, set[str]]:
    sections: dict[str, set[str]] = {}
    current = None
    for line in (ROOT / "DATA_DICTIONARY.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (\w+)\s*$", line)
        if heading:
            current = sections.setdefault(heading.group(1), set())
        elif current is not None and line.startswith("| "):
            first_cell = line.split("|")[1].strip()
            if first_cell != "column":  # the table header
                current.update(re.findall(r"`(\w+)`", line) if "…" in first_cell else [first_cell])
    return sections


def test_public_views_are_documented_column_by_column(tmp_path):
    with store.open_store(tmp_path / "s.duckdb", read_only=False) as con:
        actual = {
            view: {r[0] for r in store.query_rows(
                con, "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [view])}
            for view in PUBLIC_VIEWS
        }
    documented = documented_columns()
    for view in PUBLIC_VIEWS:
        assert actual[view], view
        assert actual[view] - documented.get(view, set()) == set(), view
        assert documented.get(view, set()) - actual[view] == set(), view
