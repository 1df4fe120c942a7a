"""Row-level problems, collected column by column without looping over rows.

Each check adds a mask and a message template; a row with at least one problem goes to quarantine
with all its reasons joined, prefixed by its spreadsheet row number ("ligne 14 : …" / "row 14: …"),
and the first offending canonical column.
"""

from __future__ import annotations

from string import Formatter

import pandas as pd

from ..i18n import Message

ROW_PREFIX = Message("ligne {row} : ", "row {row}: ")
JOIN = Message(" ; ", "; ")
REJECTED_COLUMNS = ["row_number", "column_name", "reason_fr", "reason_en"]


def render(template: str, index: pd.Index, fields: dict, lang: str = "fr") -> pd.Series:
    """Fill a str.format template row by row.

    Series fields vary by row and are taken in order (same length as `index`); Message fields give
    the text (or Series) of `lang`; other fields are fixed.
    """
    out = pd.Series("", index=index, dtype="str")
    for literal, name, spec, _ in Formatter().parse(template):
        out = out + literal
        if name is None:
            continue
        value = fields[name]
        if isinstance(value, Message):
            value = value(lang)
        if isinstance(value, pd.Series):
            text = pd.Series(value.to_numpy(), index=index).astype("str").fillna("")
            out = out + text
        else:
            out = out + format(value, spec or "")
    return out


def _pick(value, keep):
    """The entries of a Series field (or of a Message of Series) where `keep` is True."""
    if isinstance(value, pd.Series):
        return value[keep]
    if isinstance(value, Message) and isinstance(value.fr, pd.Series):
        return Message(value.fr[keep], value.en[keep])
    return value


class Problems:
    """Reasons per row (index = spreadsheet row number)."""

    def __init__(self, index: pd.Index):
        self.index = index
        self.column = pd.Series(pd.NA, index=index, dtype="str")
        self.fr = pd.Series(pd.NA, index=index, dtype="str")
        self.en = pd.Series(pd.NA, index=index, dtype="str")

    def add(self, mask: pd.Series, column: str | pd.Series | None, message: Message, **fields) -> None:
        """Record `message` for the rows where `mask` is True.

        `mask` is indexed by row number; several entries may share a row (one per cell of a wide
        sheet): their texts are joined. Series fields and a Series `column` share the mask's index.
        """
        mask = mask.astype("boolean").fillna(False).astype(bool)
        if not mask.any():
            return
        keep = mask.to_numpy()
        entries = mask.index[keep]
        picked = {key: _pick(value, keep) for key, value in fields.items()}
        columns = pd.Series(column[keep].to_numpy() if isinstance(column, pd.Series) else column,
                            index=entries, dtype="str")
        if entries.has_duplicates:
            columns = columns.groupby(level=0, sort=False).first()
        rows = columns.index
        for lang, target in (("fr", self.fr), ("en", self.en)):
            text = render(message(lang), entries, picked, lang)
            if entries.has_duplicates:
                text = text.groupby(level=0, sort=False).agg(JOIN(lang).join)
            before = target[rows]
            target[rows] = before.str.cat(text, sep=JOIN(lang)).where(before.notna(), text)
        first = rows[self.column[rows].isna().to_numpy()]
        self.column[first] = columns[first]

    def spread(self, groups: pd.Series, message: Message) -> None:
        """Rows sharing a group with a rejected row are rejected too, with `message`.

        `groups` maps each row to a group key (<NA> = no group); `message` may use {rows}, the
        rejected rows of the group ('5, 9').
        """
        bad = self.rejected_mask()
        keyed = groups.reindex(self.index)
        bad_rows = pd.Series(self.index[bad.to_numpy()], index=self.index[bad.to_numpy()])
        listed = bad_rows.groupby(keyed[bad]).agg(lambda rows: ", ".join(str(r) for r in sorted(rows)))
        innocent = ~bad & keyed.isin(listed.index)
        self.add(innocent, None, message, rows=keyed.map(listed))

    @property
    def any(self) -> bool:
        return bool(self.fr.notna().any())

    def rejected_mask(self) -> pd.Series:
        return self.fr.notna()

    def frame(self) -> pd.DataFrame:
        """Rejected rows: row_number, column_name, reason_fr, reason_en (row prefix included)."""
        bad = self.rejected_mask()
        rows = self.index[bad.to_numpy()]
        numbers = pd.Series(rows, index=rows)
        return pd.DataFrame({
            "row_number": numbers.astype("int64"),
            "column_name": self.column[rows],
            "reason_fr": render(ROW_PREFIX.fr, rows, {"row": numbers}, "fr") + self.fr[rows],
            "reason_en": render(ROW_PREFIX.en, rows, {"row": numbers}, "en") + self.en[rows],
        }).reset_index(drop=True)
