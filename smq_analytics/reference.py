"""Reference data shipped in data/reference/: regions, provinces, countries, municipalities, FSAs.

Lookups used by ingest turn what respondents wrote ("Ontario", "Ont.", "États-Unis", "USA") into codes.
Matching folds case, accents and punctuation with the same rule as the SQL macro fold_name.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

from .paths import reference_dir

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold_name(text: str | None) -> str | None:
    """Lower case, accents stripped, only letters and digits kept (SQL: fold_name)."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text).strip().lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", plain) or None


def read_reference_csv(name: str, folder: Path | None = None) -> list[dict[str, str]]:
    path = (folder or reference_dir()) / name
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _alias_index(rows: list[dict[str, str]], code_column: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for row in rows:
        code = row[code_column]
        names = [code, row["name_fr"], row["name_en"], *filter(None, row.get("aliases", "").split("|"))]
        for name in names:
            key = fold_name(name)
            if key:
                index.setdefault(key, code)
    return index


@cache
def _province_index() -> dict[str, str]:
    return _alias_index(read_reference_csv("provinces.csv"), "province_code")


@cache
def _country_index() -> dict[str, str]:
    return _alias_index(read_reference_csv("countries.csv"), "country_code")


def province_code(text: str | None) -> str | None:
    """'Ontario', 'Ont.', 'ON', 'Québec', 'PQ' -> ISO code; unknown -> None."""
    return _province_index().get(fold_name(text) or "")


def country_code(text: str | None) -> str | None:
    """'Canada', 'États-Unis', 'USA', 'FR' -> ISO alpha-2 code; unknown -> None."""
    return _country_index().get(fold_name(text) or "")
