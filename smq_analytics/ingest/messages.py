"""Row-level reasons shared by several sources ({item} names the canonical column)."""

from __future__ import annotations

import pandas as pd

from ..i18n import Message, format_number
from .values import INTEGER_MAX

NOT_WHOLE = Message("« {value} » n'est pas un nombre entier pour {item}", "'{value}' is not a whole number for {item}")
NEGATIVE = Message("nombre {value} négatif pour {item}", "negative count {value} for {item}")
TOO_LARGE = Message(
    f"nombre {{value}} trop grand pour {{item}} (attendu : au plus {format_number(INTEGER_MAX, lang='fr')})",
    f"count {{value}} too large for {{item}} (expected: at most {format_number(INTEGER_MAX, lang='en')})",
)
MISSING = Message("valeur manquante pour {item}", "missing value for {item}")
OUT_OF_SEASON = Message(
    "période {value} hors de la saison {year} pour {item}", "period {value} outside the {year} season for {item}"
)
COLUMN_NAMED = Message("{item} (colonne « {header} »)", "{item} (column '{header}')")


def named(item: str, header: str | None) -> Message:
    """'sat_overall', or 'sat_overall (colonne « Q3 »)' when the file names the column differently."""
    if header is None or header == item:
        return Message(item, item)
    return COLUMN_NAMED.format(item=item, header=header)


def named_series(items: pd.Series, headers: pd.Series) -> Message:
    """named() for every entry at once: a Message whose fr and en are Series."""
    same = headers.eq(items)
    fr = (items + " (colonne « " + headers + " »)").where(~same, items)
    en = (items + " (column '" + headers + "')").where(~same, items)
    return Message(fr, en)
