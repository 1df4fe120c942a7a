"""Row-level and item-level problems, collected column by column without looping over rows.

Each check adds a mask and a message template. A problem either rejects its row (rejects=True, the
default) or only voids the item (rejects=False):

- a row with at least one rejecting problem goes to quarantine with all its reasons joined (item
  problems included, so the file can be fixed in one pass), prefixed by its spreadsheet row number
  ("ligne 14 : …" / "row 14: …"), and the first column whose problem rejected it;
- on a row that is accepted, each non-rejecting problem is an item problem: the cell is stored
  missing and the problem is kept (item_problems(): row, column, value as given to the message —
  callers mask personal values — and the reason in French and English).

Either way rows read = rows accepted + rows rejected: an item problem never removes a row.
"""

from __future__ import annotations

from string import Formatter

import pandas as pd

from ..i18n import Message

ROW_PREFIX = Message("ligne {row} : ", "row {row}: ")
JOIN = Message(" ; ", "; ")
REJECTED_COLUMNS = ["row_number", "column_name", "reason_fr", "reason_en"]
ITEM_COLUMNS = ["row_number", "column_name", "value", "reason_fr", "reason_en"]


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
    """Reasons per row (index = spreadsheet row number), and the item problems of accepted rows."""

    def __init__(self, index: pd.Index):
        self.index = index
        self.column = pd.Series(pd.NA, index=index, dtype="str")  # first column that rejected the row
        self.fr = pd.Series(pd.NA, index=index, dtype="str")  # every reason of the row
        self.en = pd.Series(pd.NA, index=index, dtype="str")
        self.rejects = pd.Series(False, index=index)
        self._entries: list[pd.DataFrame] = []  # one row per problem, with rejects

    def add(
        self, mask: pd.Series, column: str | pd.Series | None, message: Message, *, rejects: bool = True, **fields
    ) -> None:
        """Record `message` for the rows where `mask` is True.

        `mask` is indexed by row number; several entries may share a row (one per cell of a wide
        sheet): their texts are joined. Series fields and a Series `column` share the mask's index.
        rejects=False: the problem voids the item only (see the module docstring); the `value` field,
        when given, is kept with it.
        """
        mask = mask.astype("boolean").fillna(False).astype(bool)
        if not mask.any():
            return
        keep = mask.to_numpy()
        entries = mask.index[keep]
        picked = {key: _pick(value, keep) for key, value in fields.items()}
        columns = pd.Series(
            column[keep].to_numpy() if isinstance(column, pd.Series) else column, index=entries, dtype="str"
        )
        texts = {lang: render(message(lang), entries, picked, lang) for lang in ("fr", "en")}
        value = picked.get("value")
        values = (
            pd.Series(value.to_numpy(), index=entries).astype("str")
            if isinstance(value, pd.Series)
            else pd.Series(None if value is None else str(value), index=entries, dtype="str")
        )
        self._entries.append(
            pd.DataFrame(
                {
                    "row_number": entries.to_numpy(),
                    "column_name": columns.to_numpy(),
                    "value": values.to_numpy(),
                    "fr": texts["fr"].to_numpy(),
                    "en": texts["en"].to_numpy(),
                    "rejects": rejects,
                }
            )
        )
        if entries.has_duplicates:
            columns = columns.groupby(level=0, sort=False).first()
        rows = columns.index
        for lang, target in (("fr", self.fr), ("en", self.en)):
            text = texts[lang]
            if entries.has_duplicates:
                text = text.groupby(level=0, sort=False).agg(JOIN(lang).join)
            before = target[rows]
            target[rows] = before.str.cat(text, sep=JOIN(lang)).where(before.notna(), text)
        if rejects:
            first = rows[self.column[rows].isna().to_numpy()]
            self.column[first] = columns[first]
            self.rejects[rows] = True

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
        """At least one row is rejected."""
        return bool(self.rejects.any())

    def rejected_mask(self) -> pd.Series:
        return self.rejects.copy()

    def rows_with(self, column: str) -> pd.Series:
        """True on the rows with any problem (rejecting or not) on `column`: their cell is void."""
        hit = [e.loc[e["column_name"] == column, "row_number"] for e in self._entries]
        rows = pd.concat(hit) if hit else pd.Series([], dtype="int64")
        return pd.Series(self.index.isin(rows), index=self.index)

    def frame(self) -> pd.DataFrame:
        """Rejected rows: row_number, column_name, reason_fr, reason_en (row prefix included)."""
        bad = self.rejected_mask()
        rows = self.index[bad.to_numpy()]
        numbers = pd.Series(rows, index=rows)
        return pd.DataFrame(
            {
                "row_number": numbers.astype("int64"),
                "column_name": self.column[rows],
                "reason_fr": render(ROW_PREFIX.fr, rows, {"row": numbers}, "fr") + self.fr[rows],
                "reason_en": render(ROW_PREFIX.en, rows, {"row": numbers}, "en") + self.en[rows],
            }
        ).reset_index(drop=True)

    def item_problems(self) -> pd.DataFrame:
        """Problems that voided an item of an accepted row, one line per row and column:
        row_number, column_name, value, reason_fr, reason_en (row prefix included; several problems
        of one cell joined). Rejected rows are not here: the quarantine holds them whole."""
        if not self._entries:
            return pd.DataFrame({c: pd.Series(dtype="int64" if c == "row_number" else "str") for c in ITEM_COLUMNS})
        entries = pd.concat(self._entries, ignore_index=True)
        rejected = self.index[self.rejects.to_numpy()]
        entries = entries[~entries["rejects"] & ~entries["row_number"].isin(rejected)]
        entries = entries.assign(value=entries["value"].astype("object").where(entries["value"].notna(), None))

        def joined(lang: str):
            return lambda texts: JOIN(lang).join(texts)

        grouped = (
            entries.groupby(["row_number", "column_name"], sort=True, dropna=False)
            .agg(
                value=("value", lambda v: JOIN("fr").join(str(x) for x in v if x is not None) or None),
                fr=("fr", joined("fr")),
                en=("en", joined("en")),
            )
            .reset_index()
        )
        numbers = pd.Series(grouped["row_number"].to_numpy(), index=grouped.index)
        return pd.DataFrame(
            {
                "row_number": numbers.astype("int64"),
                "column_name": grouped["column_name"].astype("str"),
                "value": grouped["value"].astype("str"),
                "reason_fr": render(ROW_PREFIX.fr, grouped.index, {"row": numbers}, "fr") + grouped["fr"].astype("str"),
                "reason_en": render(ROW_PREFIX.en, grouped.index, {"row": numbers}, "en") + grouped["en"].astype("str"),
            }
        )
