"""Confidentiality rules (Quebec Law 25; statistical-agency practice, DESIGN.md §6).

- A cell with fewer than MIN_CELL (10) responses is not shown; fewer than CAUTION_CELL (30) is
  flagged « à interpréter avec prudence ». A share is also flagged when its base has fewer than 30
  responses, and every cell is hidden when the base itself has fewer than 10.
- Complementary suppression: in a table whose cells add up to a published base (a partition), a single
  hidden cell could be recovered as base − shown cells. While the hidden cells add up to 1–9
  responses, the smallest shown cell is hidden too (reason "complement"), so what can be recovered is
  never a small group.
- A peer or sector figure needs at least MIN_PEER_MUSEUMS (5) museums. Peers are anonymous
  (« Musée A », « Musée B » …) unless the cohort file says its members agreed to be named.
- Free text goes through redact(): e-mail addresses, phone numbers, postal codes and names
  introduced by « je m'appelle » / « mon nom est » / "my name is" are masked, then HTML-escaped.

The metrics functions call these rules before returning, so no notebook or report can skip them.
"""

from __future__ import annotations

import html
import re
import string

import numpy as np
import pandas as pd

from .i18n import Message

MIN_CELL = 10
CAUTION_CELL = 30
MIN_PEER_MUSEUMS = 5

SMALL = "small"            # hidden: fewer than MIN_CELL responses
COMPLEMENT = "complement"  # hidden so a small cell cannot be recovered by subtraction
SMALL_BASE = "small_base"  # hidden: the whole base has fewer than MIN_CELL responses


def cell_shown(n) -> bool:
    return n is not None and not pd.isna(n) and int(n) >= MIN_CELL


def needs_caution(n) -> bool:
    return not cell_shown(n) or int(n) < CAUTION_CELL


def suppress_partition(table: pd.DataFrame, count: str = "n", base: int | None = None,
                       residual: pd.Series | None = None) -> pd.DataFrame:
    """Add `suppressed` (bool), `suppression_reason` and `caution` (bool) to a partition table.

    table has one row per cell with its response count in column `count`; base is the published
    total (defaults to the sum of the cells). Values are not blanked here: see blank_suppressed().
    residual marks cells that say nothing about anyone (« provenance inconnue »): they are hidden
    when small, but recovering them by subtraction discloses nothing, so they never cost another
    cell its place through complementary suppression.
    """
    out = table.copy()
    counts = out[count].fillna(0).astype("int64")
    total = int(counts.sum()) if base is None else int(base)
    reason = pd.Series(pd.NA, index=out.index, dtype="string")
    if total < MIN_CELL:
        reason[:] = SMALL_BASE
    else:
        reason[counts < MIN_CELL] = SMALL
        protected = pd.Series(True, index=out.index) if residual is None else ~residual.to_numpy(dtype=bool)
        while True:
            hidden = reason.notna() & protected
            hidden_total = int(counts[hidden].sum()) + (total - int(counts.sum()))
            shown = counts[reason.isna()]
            if not 0 < hidden_total < MIN_CELL or shown.empty:
                break
            # smallest shown cell; ties broken by table order so the result is deterministic
            reason[shown.index[int(np.argmin(shown.to_numpy()))]] = COMPLEMENT
    out["suppressed"] = reason.notna().to_numpy()
    out["suppression_reason"] = reason.to_numpy()
    out["caution"] = ((counts < CAUTION_CELL) | (total < CAUTION_CELL)).to_numpy() & ~out["suppressed"].to_numpy()
    return out


def fold_hidden(table: pd.DataFrame, key: str, other_key: str, sums: list[str], count: str = "n",
                base: int | None = None, also: pd.Series | None = None) -> pd.DataFrame:
    """Replace the hidden rows of a suppress_partition() table (and rows where `also` is true) by one
    « other » row holding their sums. The hidden total is what subtraction would reveal anyway, and
    complementary suppression keeps it at 10 or more, so the other row is shown unless the base is
    itself too small. Other columns of the new row are missing.
    """
    fold = table["suppressed"].to_numpy(dtype=bool)
    if also is not None:
        fold = fold | also.to_numpy(dtype=bool)
    if not fold.any() or (table["suppression_reason"] == SMALL_BASE).any():
        return table
    kept = table[~fold]
    other = {column: table.loc[fold, column].sum() for column in sums}
    other[key] = other_key
    total = int(table[count].fillna(0).sum()) if base is None else int(base)
    n_other = int(other[count])
    hidden = n_other < MIN_CELL
    other.update(
        suppressed=hidden,
        suppression_reason=SMALL if hidden else pd.NA,
        caution=(not hidden) and (n_other < CAUTION_CELL or total < CAUTION_CELL),
    )
    return pd.concat([kept, pd.DataFrame([other])], ignore_index=True)


def blank_suppressed(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Replace the values of hidden cells by missing values (counts become <NA>, shares NaN)."""
    out = table.copy()
    hidden = out["suppressed"].to_numpy(dtype=bool)
    for column in columns:
        if pd.api.types.is_integer_dtype(out[column]):
            out[column] = out[column].astype("Int64")
        else:
            out[column] = out[column].astype(float)
        out.loc[hidden, column] = pd.NA if str(out[column].dtype) == "Int64" else np.nan
    return out


def peer_group_allowed(n_museums: int) -> bool:
    """A peer or sector figure is shown only for a group of at least MIN_PEER_MUSEUMS museums."""
    return int(n_museums) >= MIN_PEER_MUSEUMS


PEER_ANONYMOUS = Message("Musée {letter}", "Museum {letter}")


def peer_labels(names: list[str], peers_named: bool, lang: str = "fr") -> list[str]:
    """Display names for peers: their own names when the cohort agreed, else Musée A, B, … in order."""
    if peers_named:
        return list(names)
    labels = []
    for index in range(len(names)):
        letters, value = "", index
        while True:
            letters = string.ascii_uppercase[value % 26] + letters
            value = value // 26 - 1
            if value < 0:
                break
        labels.append(PEER_ANONYMOUS.format(letter=letters)(lang))
    return labels


# --- free text --------------------------------------------------------------------------------

MASKS = {
    "email": Message("[courriel]", "[email]"),
    "phone": Message("[téléphone]", "[phone]"),
    "postal": Message("[code postal]", "[postal code]"),
    "name": Message("[nom]", "[name]"),
}

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# North American numbers with optional +1, parentheses, spaces, dots or hyphens and an extension;
# then other international numbers written with a leading +.
_PHONE = re.compile(
    r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}"
    r"(?:\s*(?:poste|ext\.?|x)\s*\d{1,6})?(?!\w)"
    r"|(?<![\w+])\+\d{1,3}(?:[\s.-]?\d{1,4}){3,6}(?!\w)",
    re.IGNORECASE,
)
_POSTAL = re.compile(
    r"(?<![A-Za-z0-9])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z](?:[\s-]?\d[ABCEGHJ-NPRSTV-Z]\d)?(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’-]*"
_INTRODUCED_NAME = re.compile(
    r"(?P<intro>\b(?i:je\s+m['’]\s?appelle|mon\s+nom\s+est|my\s+name\s+is|my\s+name['’]s)\s+)"
    rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}|[\w'’-]+)"
)


def redact(text: str | None, lang: str = "fr", escape: bool = True) -> str:
    """Mask personal details in free text, then HTML-escape it (escape=False for plain-text output).

    Names are masked after « je m'appelle », « mon nom est » and "my name is": up to three
    capitalised words, or the next word when it is not capitalised.
    """
    if text is None or (isinstance(text, float) and np.isnan(text)) or text is pd.NA:
        return ""
    out = str(text)
    out = _EMAIL.sub(MASKS["email"](lang), out)
    out = _PHONE.sub(MASKS["phone"](lang), out)
    out = _POSTAL.sub(MASKS["postal"](lang), out)
    out = _INTRODUCED_NAME.sub(lambda m: m.group("intro") + MASKS["name"](lang), out)
    return html.escape(out) if escape else out
