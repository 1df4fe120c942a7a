"""Summer visitor survey exports → raw_survey, checked against the codebook.

Columns are found by canonical item name (or the item's French or English question label), or
through a mapping file. Each item type has one parser working on whole columns; every problem is
recorded with the row, the item and what was expected.

One bad answer does not cost the whole response. Rule:

- An item whose value is invalid (a score of 7 on a 1–4 scale, an impossible postal code, an
  unreadable or out-of-season date, an unknown country…) is stored missing — as if the respondent
  had not answered it — and the row is accepted; the problem is kept as an item problem
  (Problems.item_problems(): row, column, value, reason FR/EN; postal codes masked to their first
  three characters, see values.mask_postal_code).
- A row is rejected (quarantine) only when a row-required value is missing or invalid. The one
  value a response cannot do without is its season: survey_year is NOT NULL in raw_survey and every
  figure is per season. It comes from --year when given, otherwise from the visit date, so
  visit_date is row-required exactly when --year is not given (ROW_REQUIRED, row_required()).
  The museum comes from --museum, and response_id is optional (paper questionnaires keyed by hand
  have none).
- The codebook's `required: true` keeps its meaning: the column must be present in the file or the
  file is refused whole; its values may still be « no answer » (missing postal codes make the
  « unknown » provenance share, they do not make a response unusable).

Rows read = rows accepted + rows rejected still holds: an item problem never removes a row.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import postal, reference
from ..codebook import Codebook, Item
from ..i18n import Message
from .base import LoadContext, Parsed, single_year
from .errors import quoted_list, refuse
from .mapping import JoinedChoices, Mapping, OptionColumns, file_header
from .periods import parse_dates
from .messages import NOT_WHOLE, named
from .problems import Problems
from .tabular import Table, read_table
from .values import (fold, label_index, map_distinct, mask_postal_code, match_codes, no_answer_mask,
                     parse_integers)

DEFAULT_SEPARATOR = ";"
TICKED = ("Y", "Yes", "Oui", "O", "1", "X", "true", "Vrai", "checked", "coché")
UNTICKED = ("N", "No", "Non", "0", "false", "Faux")
ANY_VALUE = "any"   # mapping `checked: any`: every non-empty cell ticks the option (SurveyMonkey)

OUT_OF_RANGE = Message("valeur {value} hors de l'intervalle {min}–{max} pour {item}",
                       "value {value} outside the {min}–{max} range for {item}")
OUT_OF_SCALE = Message("note {value} hors de l'échelle 1–4 pour {item}",
                       "score {value} outside the 1–4 scale for {item}")
UNKNOWN_ANSWER = Message("réponse « {value} » inconnue pour {item} (attendu : {expected})",
                         "unknown answer '{value}' for {item} (expected: {expected})")
UNKNOWN_OPTION = Message("option « {value} » inconnue pour {item} (attendu : {expected})",
                         "unknown option '{value}' for {item} (expected: {expected})")
UNEXPECTED_TICK = Message(
    "valeur « {value} » inattendue pour l'option {code} de {item} : attendu Y, 1, Oui, le libellé de l'option ou vide",
    "unexpected value '{value}' for option {code} of {item}: expected Y, 1, Yes, the option label or empty")
BAD_DATE = Message("date impossible ou illisible « {value} » pour {item} (attendu : {expected})",
                   "impossible or unreadable date '{value}' for {item} (expected: {expected})")
OUT_OF_SEASON = Message("date {value} hors de la saison {year} pour {item}",
                        "date {value} outside the {year} season for {item}")
NO_SEASON = Message("date de visite manquante : la saison est inconnue (indiquez --year) pour {item}",
                    "visit date missing: the season is unknown (give --year) for {item}")
UNKNOWN_COUNTRY = Message("pays inconnu « {value} » pour {item}", "unknown country '{value}' for {item}")
UNKNOWN_PROVINCE = Message("province inconnue « {value} » pour {item}", "unknown province '{value}' for {item}")
IMPOSSIBLE_POSTAL = Message(
    "code postal impossible « {value} » pour {item} (D, F, I, O, Q et U ne sont jamais utilisées ; "
    "W et Z jamais en premier)",
    "impossible postal code '{value}' for {item} (D, F, I, O, Q and U are never used; W and Z never first)")
NOT_CANADIAN_POSTAL = Message(
    "code postal « {value} » sans la forme canadienne A1A 1A1 alors que le pays est le Canada ou absent, "
    "pour {item}",
    "postal code '{value}' lacks the Canadian A1A 1A1 shape while the country is Canada or missing, "
    "for {item}")
DATE_EXPECTED = Message("AAAA-MM-JJ", "YYYY-MM-DD")

# Items whose missing or invalid value rejects the row, and when (module docstring).
ROW_REQUIRED = {"visit_date": "without --year, the season comes from the visit date"}


def row_required(item: str, year: int | None) -> bool:
    """True when a problem with `item` rejects the whole row: the visit date when no --year is given."""
    return item in ROW_REQUIRED and year is None


class SurveySource:
    name = "survey"
    raw_table = "raw_survey"

    def parse(self, path: Path, context: LoadContext) -> Parsed:
        codebook, mapping = context.codebook, context.mapping
        mapping.check_names(set(codebook.items), set(codebook.scales))
        table = read_table(path, mapping.sheet, mapping.header_rows)
        columns = resolve_columns(table, codebook, mapping)
        parser = _ItemParser(table, codebook, mapping, context.year)
        records = pd.DataFrame({"row_number": table.frame.index.to_numpy()}, index=table.frame.index)
        # postal codes are read against the country, so countries come first
        ordered = sorted(codebook.items.values(), key=lambda item: item.type == "postal_code")
        for item in ordered:
            if item.name in columns:
                values = parser.parse(item, columns[item.name], records)
                void = parser.problems.rows_with(item.name)     # an invalid answer is stored missing
                records[item.name] = values.where(~void, None) if values.dtype == object else values.where(~void)
        visit_dates = records["visit_date"]
        records["survey_year"] = parser.survey_year(visit_dates)
        year = context.year if context.year is not None else single_year(visit_dates)
        return Parsed(table, records.reset_index(drop=True), parser.problems, year=year)


def resolve_columns(table: Table, codebook: Codebook, mapping: Mapping) -> dict[str, str | JoinedChoices | OptionColumns]:
    """item -> header (or multiple-choice layout) in this file; refuse the file if a required item is absent."""
    columns: dict[str, str | JoinedChoices | OptionColumns] = {}
    for item in codebook.items.values():
        spec = mapping.columns.get(item.name)
        if isinstance(spec, str):
            header = file_header(table, mapping, spec, item.name)
            columns[item.name] = JoinedChoices(header, DEFAULT_SEPARATOR) if item.type == "multi" else header
        elif isinstance(spec, JoinedChoices):
            columns[item.name] = JoinedChoices(file_header(table, mapping, spec.column, item.name), spec.separator)
        elif isinstance(spec, OptionColumns):
            unknown = sorted(set(spec.options) - set(item.codes))
            if unknown:
                raise mapping.error("codes d'option inconnus pour {item} : {codes}. Codes : {known}.",
                                    "unknown option codes for {item}: {codes}. Codes: {known}.",
                                    item=item.name, codes=quoted_list(unknown), known=quoted_list(item.codes))
            columns[item.name] = OptionColumns(
                {code: file_header(table, mapping, header, item.name) for code, header in spec.options.items()},
                spec.checked)
        else:
            header = table.find(item.name, item.label.fr, item.label.en)
            if header is not None:
                columns[item.name] = JoinedChoices(header, DEFAULT_SEPARATOR) if item.type == "multi" else header
    missing = [item for item in codebook.required() if item.name not in columns]
    if missing:
        raise refuse(
            "Le fichier « {file} » n'a pas de colonne pour : {items}. Colonnes trouvées : {found}. Renommez "
            "les colonnes avec les noms du codebook ou indiquez-les dans un fichier de correspondance (columns:).",
            "The file '{file}' has no column for: {items}. Columns found: {found}. Rename the columns with the "
            "codebook names or list them in a mapping file (columns:).",
            file=table.file_name, items=", ".join(f"{i.name} ({i.label.fr})" for i in missing),
            found=quoted_list(table.headers))
    return columns


class _ItemParser:
    """One parser per item type; each reads a whole column and records its problems."""

    def __init__(self, table: Table, codebook: Codebook, mapping: Mapping, year: int | None):
        self.table, self.codebook, self.mapping, self.year = table, codebook, mapping, year
        self.problems = Problems(table.frame.index)
        self.markers = tuple(codebook.no_answer) + tuple(mapping.no_answer)
        self.date_header: str | None = None
        self.bad_dates = pd.Series(False, index=table.frame.index)
        self.country_header: str | None = None

    # --- shared ---------------------------------------------------------------------------------
    def _add(self, mask: pd.Series, owner: Item, message: Message, /, **fields) -> None:
        """Record a problem with item `owner`: it rejects the row only for a row-required item."""
        self.problems.add(mask, owner.name, message, rejects=row_required(owner.name, self.year), **fields)

    def _answers(self, item: Item, header: str, extra_markers=()) -> tuple[pd.Series, pd.Series]:
        raw = self.table.values(header)
        answered = ~no_answer_mask(raw, self.markers + tuple(extra_markers))
        return raw, answered

    @staticmethod
    def _named(item: Item, header: str) -> Message:
        return named(item.name, header)

    def _index(self, item: Item) -> dict[str, str]:
        """folded label -> code: codes, codebook labels, then the mapping's scale and item labels."""
        entries: dict[str, list[str]] = {code: [code, m.fr, m.en] for code, m in item.codes.items()}
        layers = [self.mapping.scales.get(item.scale or "", {}), self.mapping.labels.get(item.name, {})]
        index = label_index(entries)
        for layer in layers:
            unknown = sorted(set(layer) - set(item.codes))
            if unknown:
                raise self.mapping.error("codes inconnus pour {item} : {codes}. Codes : {known}.",
                                         "unknown codes for {item}: {codes}. Codes: {known}.",
                                         item=item.name, codes=quoted_list(unknown), known=quoted_list(item.codes))
            index.update(label_index(layer))
        return index

    @staticmethod
    def _expected(item: Item) -> Message:
        codes = list(item.codes)
        fr = ", ".join(item.codes[c].fr for c in codes)
        en = ", ".join(item.codes[c].en for c in codes)
        if item.type == "scale4":
            return Message(f"1 à 4 ou {fr}", f"1 to 4 or {en}")
        if item.type == "yesno":
            return Message(fr, en)
        return Message(f"{', '.join(codes)} ou {fr}", f"{', '.join(codes)} or {en}")

    def parse(self, item: Item, spec, records: pd.DataFrame) -> pd.Series:
        if isinstance(spec, (JoinedChoices, OptionColumns)):
            return self.multi(item, spec)
        method = {
            "text": self.text, "integer": self.integer, "scale0_10": self.integer, "scale4": self.scale4,
            "yesno": self.yesno, "category": self.category, "date": self.date,
            "country": self.country, "province": self.province,
        }.get(item.type)
        if item.type == "postal_code":
            return self.postal_code(item, spec, records.get("country"))
        return method(item, spec)

    # --- item types -----------------------------------------------------------------------------
    def text(self, item: Item, header: str) -> pd.Series:
        raw, answered = self._answers(item, header)
        return raw.where(answered)

    def integer(self, item: Item, header: str) -> pd.Series:
        raw, answered = self._answers(item, header)
        numbers, not_whole = parse_integers(raw.where(answered, ""))
        named = self._named(item, header)
        self._add(not_whole, item, NOT_WHOLE, value=raw, item=named)
        low = item.min if item.min is not None else 0
        high = item.max if item.max is not None else 2**31 - 1
        outside = numbers.notna() & ((numbers < low) | (numbers > high))
        self._add(outside, item, OUT_OF_RANGE, value=raw, item=named, min=low, max=high)
        return numbers.where(~outside)

    def _coded(self, item: Item, header: str, extra_markers=()) -> tuple[pd.Series, pd.Series, pd.Series]:
        raw, answered = self._answers(item, header, extra_markers)
        codes = match_codes(raw.where(answered, ""), self._index(item)).where(answered)
        unmatched = answered & codes.isna()
        return raw, codes, unmatched

    def scale4(self, item: Item, header: str) -> pd.Series:
        raw, codes, unmatched = self._coded(item, header, self.codebook.scale4_no_answer)
        numbers, _ = parse_integers(raw.where(unmatched, ""))
        named = self._named(item, header)
        out_of_scale = unmatched & numbers.notna()
        self._add(out_of_scale, item, OUT_OF_SCALE, value=raw, item=named)
        self._add(unmatched & ~out_of_scale, item, UNKNOWN_ANSWER, value=raw, item=named,
                  expected=self._expected(item))
        return pd.to_numeric(codes, errors="coerce").astype("Int64")

    def yesno(self, item: Item, header: str) -> pd.Series:
        raw, codes, unmatched = self._coded(item, header)
        self._add(unmatched, item, UNKNOWN_ANSWER, value=raw, item=self._named(item, header),
                  expected=self._expected(item))
        return codes.map({"true": True, "false": False}).astype("boolean")

    def category(self, item: Item, header: str) -> pd.Series:
        raw, codes, unmatched = self._coded(item, header)
        self._add(unmatched, item, UNKNOWN_ANSWER, value=raw, item=self._named(item, header),
                  expected=self._expected(item))
        return codes

    def date(self, item: Item, header: str) -> pd.Series:
        raw, answered = self._answers(item, header)
        dates, bad = parse_dates(raw.where(answered, ""), self.mapping.date_format)
        named = self._named(item, header)
        expected = Message(f"{DATE_EXPECTED.fr} ou {self.mapping.date_format or 'JJ/MM/AAAA'}",
                           f"{DATE_EXPECTED.en} or {self.mapping.date_format or 'DD/MM/YYYY'}")
        self._add(bad, item, BAD_DATE, value=raw, item=named, expected=expected)
        if item.name == "visit_date":
            self.date_header, self.bad_dates = header, bad
        if self.year is not None:
            outside = dates.notna() & dates.dt.year.ne(self.year)
            self._add(outside, item, OUT_OF_SEASON, value=dates.dt.strftime("%Y-%m-%d"),
                      item=named, year=self.year)
            dates = dates.where(~outside)
        return dates

    def survey_year(self, visit_dates: pd.Series | None) -> pd.Series:
        index = self.table.frame.index
        if self.year is not None:
            return pd.Series(self.year, index=index, dtype="Int64")
        years = (visit_dates.dt.year.astype("Int64") if visit_dates is not None
                 else pd.Series(pd.NA, index=index, dtype="Int64"))
        item = self.codebook.item("visit_date")
        # the season is row-required: a row without one is rejected (module docstring)
        self.problems.add(years.isna() & ~self.bad_dates, item.name, NO_SEASON, rejects=True,
                          item=self._named(item, self.date_header or item.name))
        return years

    def _reference(self, item: Item, header: str, lookup, message: Message) -> pd.Series:
        raw, answered = self._answers(item, header)
        codes = map_distinct(raw.where(answered), lookup).astype("str")
        self._add(answered & codes.isna(), item, message, value=raw, item=self._named(item, header))
        return codes

    def country(self, item: Item, header: str) -> pd.Series:
        self.country_header = header
        return self._reference(item, header, reference.country_code, UNKNOWN_COUNTRY)

    def province(self, item: Item, header: str) -> pd.Series:
        return self._reference(item, header, reference.province_code, UNKNOWN_PROVINCE)

    def postal_code(self, item: Item, header: str, countries: pd.Series | None) -> pd.Series:
        raw, answered = self._answers(item, header)
        given = raw.where(answered)
        if countries is None or self.country_header is None:
            canada_or_none = pd.Series(True, index=raw.index)
        else:
            # an unknown country is stored missing, so it counts as absent here too
            canada_or_none = countries.eq("CA").fillna(False).astype(bool) | countries.isna()
        shaped = map_distinct(given, postal.looks_canadian).astype("boolean").fillna(False).astype(bool)
        normal = map_distinct(given, postal.normalise_canadian).astype("str")
        named = self._named(item, header)
        checked = answered & canada_or_none
        masked = mask_postal_code(raw)     # a personal detail: only the FSA stays readable in problems
        self._add(checked & shaped & normal.isna(), item, IMPOSSIBLE_POSTAL, value=masked, item=named)
        self._add(checked & ~shaped, item, NOT_CANADIAN_POSTAL, value=masked, item=named)
        foreign = given.str.upper()
        return normal.where(canada_or_none, foreign).where(answered)

    def multi(self, item: Item, spec: JoinedChoices | OptionColumns) -> pd.Series:
        codes = list(item.codes)
        if isinstance(spec, JoinedChoices):
            ticked = self._joined(item, spec)
        else:
            ticked = self._options(item, spec)
        ticked = ticked.reindex(columns=codes, fill_value=False)
        tokens = np.array([f"{code}\x1f" for code in codes], dtype=object)
        joined = pd.Series(np.where(ticked.to_numpy(), tokens, "").sum(axis=1), index=ticked.index, dtype="str")
        lists = joined.str.rstrip("\x1f").str.split("\x1f")
        return lists.where(joined.ne(""), None).astype(object)

    def _joined(self, item: Item, spec: JoinedChoices) -> pd.DataFrame:
        raw, answered = self._answers(item, spec.column)
        text = raw.where(answered, "")
        # split each distinct answer once, then spread the pieces over the rows that gave it
        distinct = pd.Series(text.unique(), dtype="str")
        joined = distinct
        # labels that contain the separator ("Journaux, radio ou télévision") become their code first
        for code, message in item.codes.items():
            for label in (message.fr, message.en, *self.mapping.labels.get(item.name, {}).get(code, ())):
                if (spec.separator.strip() or spec.separator) in label:
                    joined = joined.str.replace(re.escape(label), code, case=False, regex=True)
        pieces = joined.str.split(spec.separator, regex=False).explode().str.strip()
        pieces = pieces[pieces.notna() & pieces.ne("")]
        pieces = pieces[~no_answer_mask(pieces, self.markers)]
        found = pd.DataFrame({"position": pieces.index, "piece": pieces.to_numpy(),
                              "code": match_codes(pieces, self._index(item)).to_numpy()})
        positions = pd.DataFrame({"row": text.index, "position": pd.Index(distinct).get_indexer(text)})
        per_row = positions.merge(found, on="position").set_index("row")
        self._add(per_row["code"].isna(), item, UNKNOWN_OPTION, value=per_row["piece"],
                  item=self._named(item, spec.column), expected=self._expected(item))
        ticked = per_row[per_row["code"].notna()]
        matrix = np.zeros((len(text), len(item.codes)), dtype=bool)
        matrix[text.index.get_indexer(ticked.index), pd.Index(list(item.codes)).get_indexer(ticked["code"])] = True
        return pd.DataFrame(matrix, index=text.index, columns=list(item.codes))

    def _options(self, item: Item, spec: OptionColumns) -> pd.DataFrame:
        columns = {}
        any_value = tuple(fold(c) for c in spec.checked) == (ANY_VALUE,)
        for code, header in spec.options.items():
            label = item.codes[code]
            yes = label_index({"y": (*TICKED, *spec.checked, code, label.fr, label.en)})
            no = label_index({"n": UNTICKED})
            raw, answered = self._answers(item, header)
            keys = match_codes(raw.where(answered, ""), {**no, **yes})
            if any_value:
                keys = keys.fillna("y").where(answered)
            unexpected = answered & keys.isna()
            self._add(unexpected, item, UNEXPECTED_TICK, value=raw, code=code,
                      item=self._named(item, header))
            columns[code] = keys.eq("y").fillna(False).astype(bool)
        return pd.DataFrame(columns, index=self.table.frame.index)
