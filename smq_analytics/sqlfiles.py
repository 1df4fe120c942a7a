"""Named SQL files shipped inside the package (sql/<folder>/<name>.sql)."""

from __future__ import annotations

from functools import cache

from .paths import SQL_DIR


@cache
def sql(name: str) -> str:
    """Text of sql/<name>.sql, e.g. sql('metrics/provenance_shares')."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no SQL file {path}")
    return path.read_text(encoding="utf-8")
