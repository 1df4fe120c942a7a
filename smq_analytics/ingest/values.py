"""Vectorised cell parsing shared by every source: folding, no-answer markers, labels, integers.

Every function takes and returns pandas Series aligned on the table's index (spreadsheet rows);
none loops over rows in Python. Lookups that need Python (reference names, postal rules) run once
per distinct value, not once per row.
"""

from __future__ import annotations

from typing import Callable, Iterable

import numpy as np
import pandas as pd

from ..reference import fold_name

_COMBINING = r"[\u0300-\u036f]"
_SPACES = r"[\s\u00a0\u202f]+"
# Whole numbers as written: 1234, -12, 1 234 (space, no-break or narrow no-break), 1,234, 12.0
_INTEGER = r"[+-]?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{1,3}(?:,\d{3})+|\d+)(?:[.,]0+)?"
_NUMBER = r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)"
_INT64_DIGITS = 18  # every whole number of up to 18 digits fits in 64 bits
INT64_MIN, INT64_MAX = -(2**63) + 1, 2**63 - 1
INTEGER_MAX = 2**31 - 1  # the largest count the raw tables' INTEGER columns hold


def fold(text: str | None) -> str:
    """The matching key of one string: lower case, no accents, letters and digits only."""
    return fold_name(text) or ""


def on_distinct(values: pd.Series, transform: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """transform (a Series → Series string operation) run on the distinct texts only, then spread.

    Survey answers repeat a handful of values over thousands of rows; without pyarrow, pandas string
    methods cost a Python call per element, so this keeps large files fast.
    """
    codes, distinct = pd.factorize(values.astype("str").fillna(""))
    keys = transform(pd.Series(distinct, dtype="str")).astype("str").to_numpy()
    return pd.Series(keys[codes] if len(codes) else [], index=values.index, dtype="str")


def _fold(text: pd.Series) -> pd.Series:
    return text.map(lambda value: fold_name(value) or "")


def _marker(text: pd.Series) -> pd.Series:
    return (
        text.str.strip()
        .str.lower()
        .str.normalize("NFKD")
        .str.replace(_COMBINING, "", regex=True)
        .str.replace(_SPACES, " ", regex=True)
    )


def fold_series(values: pd.Series) -> pd.Series:
    """Matching keys: same rule as reference.fold_name and the SQL macro fold_name ('' when empty)."""
    return on_distinct(values, _fold)


def marker_key(values: pd.Series) -> pd.Series:
    """Key for no-answer markers: trimmed, lower case, accents and repeated spaces ignored."""
    return on_distinct(values, _marker)


def strip(values: pd.Series) -> pd.Series:
    """Cells trimmed of surrounding spaces."""
    return on_distinct(values, lambda text: text.str.strip())


def no_answer_mask(values: pd.Series, markers: Iterable[str]) -> pd.Series:
    """True where the cell is empty or a no-answer marker (NSP, BLANK, …)."""
    keys = set(marker_key(pd.Series(list(markers) + [""], dtype="str")))
    return marker_key(values).isin(keys)


def match_codes(values: pd.Series, index: dict[str, str]) -> pd.Series:
    """Code of each value through a folded-label index; <NA> where nothing matches."""
    return fold_series(values).map(index).astype("str")


def label_index(codes: dict[str, Iterable[str]]) -> dict[str, str]:
    """{folded label: code} from {code: [code itself, labels...]}; later entries win."""
    index: dict[str, str] = {}
    for code, labels in codes.items():
        for label in labels:
            key = fold(label)
            if key:
                index[key] = code
    return index


def parse_integers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(numbers as Int64, not_whole mask). Accepts '1 234' and '1 234' as written in Quebec.

    `not_whole` is True for non-empty cells that are not a whole number (text, 12.5, 1,5). A whole
    number too long for 64 bits (a pasted identifier, 10^30) saturates at INT64_MIN / INT64_MAX
    rather than failing: every range check (INTEGER_MAX, an item's max) still catches it, and the
    messages quote the cell as written.
    """
    text = strip(values)
    whole = on_distinct(text, lambda t: t.str.fullmatch(_INTEGER).map({True: "1", False: ""})).eq("1")
    digits = (
        text.where(whole, "").str.replace(r"[.,]0+$", "", regex=True).str.replace(r"[ \u00a0\u202f,]", "", regex=True)
    )
    negative = digits.str.startswith("-").to_numpy()
    body = digits.str.lstrip("+-").str.lstrip("0")
    huge = (whole & body.str.len().gt(_INT64_DIGITS)).to_numpy()
    small = body.where(whole & ~huge, "").replace("", "0")
    magnitude = pd.to_numeric(small).to_numpy(dtype="int64")
    numbers = np.where(negative, -magnitude, magnitude)
    numbers = np.where(huge, np.where(negative, INT64_MIN, INT64_MAX), numbers)
    return (pd.Series(numbers, index=values.index, dtype="Int64").where(whole.to_numpy()), text.ne("") & ~whole)


def looks_numeric(values: pd.Series) -> pd.Series:
    """True where the cell is a plain number (whole or decimal, either decimal mark)."""
    return values.astype("str").fillna("").str.strip().str.fullmatch(_NUMBER)


def map_distinct(values: pd.Series, function: Callable[[str], object]) -> pd.Series:
    """function applied once per distinct value, spread back over the rows."""
    distinct = pd.unique(values.dropna())
    lookup = {value: function(value) for value in distinct}
    return values.map(lookup)


def _mask_after_three(text: pd.Series) -> pd.Series:
    """Letters and digits after the third one become '*'; spaces and hyphens stay."""

    def mask(value: str) -> str:
        seen, out = 0, []
        for char in value:
            if char.isalnum():
                seen += 1
                out.append(char if seen <= 3 else "*")
            else:
                out.append(char)
        return "".join(out)

    return text.map(mask)


def mask_postal_code(values: pd.Series) -> pd.Series:
    """Postal codes as they may be kept in an item problem: 'D1A 1A1' -> 'D1A ***', '90210' -> '902**'.

    A full Canadian postal code points to a few dozen households (a personal detail under Quebec's
    Law 25); its first three characters (the FSA) are the level the store uses anyway, so they stay
    readable to find and fix the cell. Empty cells stay empty.
    """
    text = values.astype("str").fillna("")
    return on_distinct(text, _mask_after_three).where(values.notna())
