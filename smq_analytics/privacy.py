"""Confidentiality rules (Quebec Law 25; statistical-agency practice; docs/ARCHITECTURE.md, « Privacy »).

- A cell with fewer than MIN_CELL (10) responses is not shown; fewer than CAUTION_CELL (30) is
  flagged « à interpréter avec prudence ». A share is also flagged when its base has fewer than 30
  responses, and nothing of a table is shown when the base itself has fewer than 10.
- Complementary suppression is decided over everything one report publishes, by disclosure.plan,
  and checked by disclosure.audit (linear programming over the linked tables).
- A peer or sector figure needs at least MIN_PEER_MUSEUMS (5) museums each with MIN_CELL responses,
  none above MAX_PEER_SHARE of the group. Peers are anonymous
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
MAX_PEER_SHARE = 0.5      # dominance: no museum above half of a peer group

HIDDEN = "hidden"          # withheld by the report's disclosure plan (see disclosure.py)
COMPLEMENT = HIDDEN        # charts: one label for every withheld cell, whatever the reason


def cell_shown(n) -> bool:
    return n is not None and not pd.isna(n) and int(n) >= MIN_CELL


def needs_caution(n) -> bool:
    return not cell_shown(n) or int(n) < CAUTION_CELL


def needs_caution_share(n, base_n) -> bool:
    """A share resting on fewer than CAUTION_CELL respondents, or on a base that small."""
    return needs_caution(n) or int(base_n) < CAUTION_CELL


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
