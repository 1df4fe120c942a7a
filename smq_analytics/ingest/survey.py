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

Personal data (docs/ARCHITECTURE.md, « Privacy »): accepted Canadian postal codes are stored to their
first three characters (the FSA, all the store uses) and foreign ones to their first three letters
or digits; the quarantine keeps only the columns read for codebook items, postal codes masked to
their FSA and every other cell through privacy.redact (e-mails, phone numbers, postal codes, names).
Columns outside the codebook (IP address, e-mail, name) are never stored.

Rating scales (docs/ARCHITECTURE.md, « Survey scales »): satisfaction and recommendation items are read
on the scale the mapping declares (`rating_scales:`), else on their codebook default (scale4). A value
outside that scale is an invalid answer (stored missing, an item problem); a 5-point answer is never
mapped onto 4 points. The scale of each item read goes to the store with the load (Parsed.item_scales →
survey_item_scales), so two seasons on different scales are never compared as if they were one.

No-answer markers: the codebook's standard ones everywhere, a rating scale's own codes on its items; then the mapping's list for the item, or
for its scale, or else its global list — which never applies to dates, nor to a number an integer
item can take (a global `6` does not erase the 6s of a 0–10 item).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from dataclasses import replace

from .. import postal, reference
from ..codebook import LABELLED_TYPES, RATING_TYPES, Codebook, Item
from ..i18n import Message
from .base import LoadContext, Parsed, SourceSpec, single_year
from .errors import refuse
from .errors import IngestError
from .mapping import (
    BuiltDate,
    Constant,
    JoinedChoices,
    Mapping,
    OptionColumns,
    day_first_dates,
    every,
    file_header,
    read_sheet,
    with_sheet_hint,
)
from .periods import parse_dates, season_periods
from .messages import NOT_WHOLE, named
from .problems import Problems
from .tabular import Table, read_table
from ..privacy import redact
from .values import fold, label_index, map_distinct, mask_postal_code, match_codes, no_answer_mask, parse_integers

DEFAULT_SEPARATOR = ";"
TICKED = ("Y", "Yes", "Oui", "O", "1", "X", "true", "Vrai", "checked", "coché")
UNTICKED = ("N", "No", "Non", "0", "false", "Faux")
ANY_VALUE = "any"  # mapping `checked: any`: every non-empty cell ticks the option (SurveyMonkey)

OUT_OF_RANGE = Message(
    "valeur {value} hors de l'intervalle {min}–{max} pour {item}",
    "value {value} outside the {min}–{max} range for {item}",
)
OUT_OF_SCALE = Message(
    "note {value} hors de l'échelle {min}–{max} pour {item}", "score {value} outside the {min}–{max} scale for {item}"
)
UNKNOWN_ANSWER = Message(
    "réponse « {value} » inconnue pour {item} (attendu : {expected})",
    "unknown answer '{value}' for {item} (expected: {expected})",
)
UNKNOWN_OPTION = Message(
    "option « {value} » inconnue pour {item} (attendu : {expected})",
    "unknown option '{value}' for {item} (expected: {expected})",
)
UNEXPECTED_TICK = Message(
    "valeur « {value} » inattendue pour l'option {code} de {item} : attendu Y, 1, Oui, le libellé de l'option ou vide",
    "unexpected value '{value}' for option {code} of {item}: expected Y, 1, Yes, the option label or empty",
)
BAD_DATE = Message(
    "date impossible ou illisible « {value} » pour {item} (attendu : {expected})",
    "impossible or unreadable date '{value}' for {item} (expected: {expected})",
)
OUT_OF_SEASON = Message(
    "date {value} hors de la saison {year} pour {item}", "date {value} outside the {year} season for {item}"
)
NO_SEASON = Message(
    "date de visite manquante : la saison est inconnue (indiquez --year) pour {item}",
    "visit date missing: the season is unknown (give --year) for {item}",
)
UNKNOWN_COUNTRY = Message("pays inconnu « {value} » pour {item}", "unknown country '{value}' for {item}")
UNKNOWN_PROVINCE = Message("province inconnue « {value} » pour {item}", "unknown province '{value}' for {item}")
IMPOSSIBLE_POSTAL = Message(
    "code postal impossible « {value} » pour {item} (D, F, I, O, Q et U ne sont jamais utilisées ; "
    "W et Z jamais en premier)",
    "impossible postal code '{value}' for {item} (D, F, I, O, Q and U are never used; W and Z never first)",
)
NOT_CANADIAN_POSTAL = Message(
    "code postal « {value} » sans la forme canadienne A1A 1A1 alors que le pays est le Canada ou absent, pour {item}",
    "postal code '{value}' lacks the Canadian A1A 1A1 shape while the country is Canada or missing, for {item}",
)
DATE_EXPECTED = Message("AAAA-MM-JJ", "YYYY-MM-DD")
BAD_WEIGHT = Message(
    "poids « {value} » invalide pour {item} (attendu : un nombre positif, par exemple 1,25)",
    "invalid weight '{value}' for {item} (expected: a positive number, e.g. 1.25)",
)
# item types whose answers a mapping may label (labels: / scales:), and what a label stands for
LABEL_TYPES = {**{t: "code" for t in sorted(LABELLED_TYPES)}, "integer": "number"}
WEIGHT = "weight"

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
        mapping.check_names(
            set(codebook.items),
            set(codebook.scales),
            rated=rated_names(codebook),
            rating_scales=tuple(codebook.rating_scales),
        )
        codebook = on_declared_scales(codebook, mapping)
        check_mapping(codebook, mapping, context.year)
        table = read_sheet(path, mapping, read_table)
        try:
            columns = resolve_columns(table, codebook, mapping)
        except IngestError as error:
            raise with_sheet_hint(error, path, mapping) from None
        parser = _ItemParser(table, codebook, mapping, context.year)
        records = pd.DataFrame({"row_number": table.frame.index.to_numpy()}, index=table.frame.index)
        # postal codes are read against the country, so countries come first
        ordered = sorted(codebook.items.values(), key=lambda item: item.type == "postal_code")
        for item in ordered:
            if item.name in columns:
                values = parser.parse(item, columns[item.name], records)
                void = parser.problems.rows_with(item.name)  # an invalid answer is stored missing
                records[item.name] = values.where(~void, None) if values.dtype == object else values.where(~void)
                if isinstance(columns[item.name], Constant) and void.any():
                    raise constant_refused(mapping, item, columns[item.name], parser.problems, table)
        if mapping.weight is not None:
            records[WEIGHT] = parser.weight(file_header(table, mapping, mapping.weight, WEIGHT))
        if "postal_code" in records and not context.keep_full_postal_code:
            records["postal_code"] = stored_postal_code(records["postal_code"])
        visit_dates = records["visit_date"]
        records["survey_year"] = parser.survey_year(visit_dates)
        year = context.year if context.year is not None else single_year(visit_dates)
        safe = replace(table, frame=quarantine_cells(table, columns, mapping))
        parsed = Parsed(safe, records.reset_index(drop=True), parser.problems, year=year)
        parsed.cells_safe = True  # the loader stores these cells in quarantine as they are
        parsed.item_scales = item_scales(codebook, columns)  # the loader stores them in survey_item_scales
        return parsed


def rated_names(codebook: Codebook) -> set[str]:
    """The names a mapping's rating_scales: may declare: every rating item and its label group."""
    rated = [item for item in codebook.items.values() if item.rating]
    return {item.name for item in rated} | {item.scale for item in rated if item.scale}


def declared_scale(item: Item, mapping: Mapping) -> str:
    """The scale a rating item is read on: the mapping's entry for the item, else for its label group,
    else the item's codebook type (its default scale)."""
    return mapping.rating_scales.get(item.name) or mapping.rating_scales.get(item.scale or "") or item.type


def on_declared_scales(codebook: Codebook, mapping: Mapping) -> Codebook:
    """The codebook as this export asks it: each rating item on its declared scale (codes, labels, type).
    Other items, and the codebook itself, are unchanged; a mapping's scales: labels for a rating group
    are then checked against the group's declared scale."""
    if not mapping.rating_scales:
        return codebook
    items = {
        name: codebook.on_scale(name, declared_scale(item, mapping)) if item.rating else item
        for name, item in codebook.items.items()
    }
    scales = dict(codebook.scales)
    for group, scale in mapping.rating_scales.items():
        if group in scales and scale in codebook.rating_scales:
            scales[group] = codebook.rating_scale(scale).codes(group)
    return replace(codebook, items=items, scales=scales)


def item_scales(codebook: Codebook, columns: dict) -> pd.DataFrame:
    """(item, scale_group, scale) of every rating item the file holds: what survey_item_scales records."""
    rows = [
        (item.name, item.scale or item.name, item.type)
        for item in codebook.items.values()
        if item.rating and item.name in columns
    ]
    return pd.DataFrame(rows, columns=["item", "scale_group", "scale"], dtype="str")


def stored_postal_code(codes: pd.Series) -> pd.Series:
    """What the store keeps of a postal code: the first three letters or digits (the FSA of a
    Canadian code, the only part the store uses; three characters of a foreign one)."""
    text = codes.astype("str")
    kept = text.str.replace(r"[^0-9A-Za-z]", "", regex=True).str.slice(0, 3).str.upper()
    return kept.where(codes.notna() & kept.ne(""), None).astype(object)


def quarantine_cells(table: Table, columns: dict, mapping: Mapping) -> pd.DataFrame:
    """The cells a rejected row keeps: only the columns read for codebook items (and the weight),
    postal codes masked to their FSA, every other cell through privacy.redact."""
    headers: list[str] = []
    postal_headers: set[str] = set()
    for item, spec in columns.items():
        if isinstance(spec, str):
            found = [spec]
        elif isinstance(spec, JoinedChoices):
            found = [spec.column]
        elif isinstance(spec, OptionColumns):
            found = list(spec.options.values())
        elif isinstance(spec, BuiltDate):
            found = [spec.day]
        else:
            found = []
        headers += [h for h in found if h not in headers]
        if item == "postal_code":
            postal_headers.update(found)
    if mapping.weight is not None and mapping.weight in table.headers and mapping.weight not in headers:
        headers.append(mapping.weight)
    ordered = [h for h in table.headers if h in headers]
    frame = table.frame[ordered].copy()
    for header in ordered:
        if header in postal_headers:
            frame[header] = mask_postal_code(frame[header]).fillna("")
        else:
            frame[header] = map_distinct(
                frame[header].astype("str").fillna(""), lambda text: redact(text, "fr", escape=False)
            )
    return frame


def constant_refused(mapping: Mapping, item: Item, spec: Constant, problems: Problems, table: Table) -> IngestError:
    reasons = problems.item_problems()
    reasons = reasons[reasons["column_name"].eq(item.name)]
    detail = Message(
        *(
            r.split(" : ", 1)[-1] if lang == "fr" else r.split(": ", 1)[-1]
            for lang, r in (("fr", reasons["reason_fr"].iloc[0]), ("en", reasons["reason_en"].iloc[0]))
        )
    )
    return mapping.error(
        "columns.{item}.constant « {value} » n'est pas une réponse valide : {detail}.",
        "columns.{item}.constant '{value}' is not a valid answer: {detail}.",
        item=item.name,
        value=spec.value,
        detail=detail,
    )


def check_mapping(codebook: Codebook, mapping: Mapping, year: int | None) -> None:
    """Refuse what a mapping says that the survey would not apply: labels on an item that takes none,
    label codes outside an item's codes or range, a column layout that does not fit the item's type."""
    takes_labels = [name for name, item in codebook.items.items() if item.type in LABEL_TYPES]
    for name, codes in mapping.labels.items():
        item = codebook.items[name]
        if item.type not in LABEL_TYPES:
            raise mapping.error(
                "labels.{item} : la colonne {item} (type {type}) ne prend pas de libellés de réponse. Colonnes qui "
                "en prennent : {known}.",
                "labels.{item}: column {item} (type {type}) takes no answer labels. Columns that take labels: {known}.",
                item=name,
                type=item.type,
                known=every(takes_labels),
            )
        if LABEL_TYPES[item.type] == "number":
            low, high = item.min if item.min is not None else 0, item.max if item.max is not None else 2**31 - 1
            bad = [c for c in codes if not re.fullmatch(r"\d+", c) or not low <= int(c) <= high]
            if bad:
                raise mapping.error(
                    "labels.{item} : {codes} hors de l'intervalle {low}–{high} de {item} (un libellé vaut un nombre "
                    "entier de cet intervalle).",
                    "labels.{item}: {codes} outside the {low}–{high} range of {item} (a label stands for a whole "
                    "number in that range).",
                    item=name,
                    codes=every(bad),
                    low=low,
                    high=high,
                )
        else:
            _check_codes(mapping, f"labels.{name}", codes, item.codes)
    for name, codes in mapping.scales.items():
        _check_codes(mapping, f"scales.{name}", codes, codebook.scales[name])
    for name, spec in mapping.columns.items():
        item = codebook.items[name]
        multi = isinstance(spec, (JoinedChoices, OptionColumns))
        if multi and item.type != "multi":
            raise mapping.error(
                "columns.{item} : {{column, separator}} et {{options, checked}} ne valent que pour une question à choix "
                "multiples ({multi}) ; {item} se donne par un nom de colonne.",
                "columns.{item}: {{column, separator}} and {{options, checked}} apply only to a multiple-choice item "
                "({multi}); give {item} as a column name.",
                item=name,
                multi=every(n for n, i in codebook.items.items() if i.type == "multi"),
            )
        if isinstance(spec, BuiltDate):
            if item.type != "date":
                raise mapping.error(
                    "columns.{item} : {{day, month, year}} ne vaut que pour une date ({dates}).",
                    "columns.{item}: {{day, month, year}} applies only to a date ({dates}).",
                    item=name,
                    dates=every(n for n, i in codebook.items.items() if i.type == "date"),
                )
            if spec.year is None and year is None:
                raise mapping.error(
                    "columns.{item} : l'année manque pour bâtir la date ; ajoutez « year: » ou donnez --year.",
                    "columns.{item}: the year is missing to build the date; add 'year:' or give --year.",
                    item=name,
                )
        if isinstance(spec, Constant) and item.type == "multi":
            raise mapping.error(
                "columns.{item} : une constante ne vaut pas pour une question à choix multiples.",
                "columns.{item}: a constant does not apply to a multiple-choice item.",
                item=name,
            )


def _check_codes(mapping: Mapping, where: str, codes: dict, known: dict) -> None:
    unknown = sorted(set(codes) - set(known))
    if unknown:
        raise mapping.error(
            "{where} : codes inconnus {codes}. Codes possibles : {known}.",
            "{where}: unknown codes {codes}. Possible codes: {known}.",
            where=where,
            codes=every(unknown),
            known=every(known),
        )


def resolve_columns(table: Table, codebook: Codebook, mapping: Mapping) -> dict:
    """item -> header (or multiple-choice layout, built date, constant) in this file; refuse the file
    if a required item is absent."""
    columns: dict = {}
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
                raise mapping.error(
                    "codes d'option inconnus pour {item} : {codes}. Codes : {known}.",
                    "unknown option codes for {item}: {codes}. Codes: {known}.",
                    item=item.name,
                    codes=every(unknown),
                    known=every(item.codes),
                )
            columns[item.name] = OptionColumns(
                {code: file_header(table, mapping, header, item.name) for code, header in spec.options.items()},
                spec.checked,
            )
        elif isinstance(spec, BuiltDate):
            columns[item.name] = replace(spec, day=file_header(table, mapping, spec.day, item.name))
        elif isinstance(spec, Constant):
            columns[item.name] = spec
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
            file=table.file_name,
            items=", ".join(f"{i.name} ({i.label.fr})" for i in missing),
            found=every(table.headers),
        )
    return columns


class _ItemParser:
    """One parser per item type; each reads a whole column and records its problems."""

    def __init__(self, table: Table, codebook: Codebook, mapping: Mapping, year: int | None):
        self.table, self.codebook, self.mapping, self.year = table, codebook, mapping, year
        self.problems = Problems(table.frame.index)
        self.markers = tuple(codebook.no_answer)  # standard markers, every column
        self.built: dict[str, pd.Series] = {}  # item -> cells built by the mapping
        self.date_header: str | None = None
        self.bad_dates = pd.Series(False, index=table.frame.index)
        self.country_header: str | None = None

    # --- shared ---------------------------------------------------------------------------------
    def _add(self, mask: pd.Series, owner: Item, message: Message, /, **fields) -> None:
        """Record a problem with item `owner`: it rejects the row only for a row-required item."""
        self.problems.add(mask, owner.name, message, rejects=row_required(owner.name, self.year), **fields)

    def markers_for(self, item: Item) -> tuple[str, ...]:
        """Standard markers, then the mapping's list for the item, else for its scale, else the global
        list — without dates, nor numbers the item can take (module docstring)."""
        own = self.mapping.no_answer_for.get(item.name)
        if own is None and item.scale:
            own = self.mapping.no_answer_for.get(item.scale)
        if own is not None:
            return self.markers + tuple(own)
        if item.type == "date":
            return self.markers
        extra = tuple(self.mapping.no_answer)
        if item.type == "integer" or item.rating:
            rating = self.codebook.rating_scale(item.type) if item.rating else None
            low = rating.min if rating else item.min if item.min is not None else 0
            high = rating.max if rating else item.max if item.max is not None else 2**31 - 1
            numbers, _ = parse_integers(pd.Series(extra, dtype="str"))
            extra = tuple(m for m, n in zip(extra, numbers) if pd.isna(n) or not low <= n <= high)
        return self.markers + extra

    def _raw(self, item: Item, header: str) -> pd.Series:
        built = self.built.get(item.name)
        return built if built is not None else self.table.values(header)

    def _answers(self, item: Item, header: str, extra_markers=()) -> tuple[pd.Series, pd.Series]:
        raw = self._raw(item, header)
        answered = ~no_answer_mask(raw, self.markers_for(item) + tuple(extra_markers))
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
                raise self.mapping.error(
                    "codes inconnus pour {item} : {codes}. Codes : {known}.",
                    "unknown codes for {item}: {codes}. Codes: {known}.",
                    item=item.name,
                    codes=every(unknown),
                    known=every(item.codes),
                )
            index.update(label_index(layer))
        return index

    @staticmethod
    def _expected(item: Item) -> Message:
        codes = list(item.codes)
        fr = ", ".join(item.codes[c].fr for c in codes)
        en = ", ".join(item.codes[c].en for c in codes)
        if item.rating:
            codes_named = [c for c in codes if item.codes[c].fr != c]  # 0–10: only its ends have labels
            fr = ", ".join(item.codes[c].fr for c in codes_named)
            en = ", ".join(item.codes[c].en for c in codes_named)
            low, high = min(map(int, codes)), max(map(int, codes))
            return Message(f"{low} à {high} ou {fr}", f"{low} to {high} or {en}")
        if item.type == "yesno":
            return Message(fr, en)
        return Message(f"{', '.join(codes)} ou {fr}", f"{', '.join(codes)} or {en}")

    def parse(self, item: Item, spec, records: pd.DataFrame) -> pd.Series:
        if isinstance(spec, (JoinedChoices, OptionColumns)):
            return self.multi(item, spec)
        if isinstance(spec, Constant):
            self.built[item.name] = pd.Series(spec.value, index=self.table.frame.index, dtype="str")
            spec = item.name
        elif isinstance(spec, BuiltDate):
            self.built[item.name] = self._built_date(spec)
            spec = spec.day
        method = {
            "text": self.text,
            "integer": self.integer,
            **{scale: self.rating for scale in RATING_TYPES},
            "yesno": self.yesno,
            "category": self.category,
            "date": self.date,
            "country": self.country,
            "province": self.province,
        }.get(item.type)
        if item.type == "postal_code":
            return self.postal_code(item, spec, records.get("country"))
        return method(item, spec)

    def _built_date(self, spec: BuiltDate) -> pd.Series:
        """'YYYY-MM-DD' from the day column and the stated month and year; other cells as written, so
        a day that is not a whole number is reported as an unreadable date."""
        days = self.table.values(spec.day)
        numbers, _ = parse_integers(days)
        year = spec.year if spec.year is not None else self.year
        text = (f"{year:04d}-{spec.month:02d}-" + numbers.astype("str").str.zfill(2)).astype("str")
        return text.where(numbers.notna() & (numbers >= 1).fillna(False), days).astype("str")

    def weight(self, header: str) -> pd.Series:
        """A declared weight column: a positive number (either decimal mark); else an item problem."""
        raw = self.table.values(header)
        answered = ~no_answer_mask(raw, self.markers + tuple(self.mapping.no_answer))
        numbers = pd.to_numeric(raw.where(answered, "").str.replace(",", ".", regex=False), errors="coerce")
        bad = answered & ~(numbers > 0).fillna(False)
        self.problems.add(bad, WEIGHT, BAD_WEIGHT, rejects=False, value=raw, item=named(WEIGHT, header))
        return numbers.where(answered & ~bad).astype("float64")

    # --- item types -----------------------------------------------------------------------------
    def text(self, item: Item, header: str) -> pd.Series:
        raw, answered = self._answers(item, header)
        return raw.where(answered)

    def integer(self, item: Item, header: str) -> pd.Series:
        raw, answered = self._answers(item, header)
        labels = self.mapping.labels.get(item.name)
        if labels:  # labelled numbers ("Extrêmement probable" = 10), checked in range by check_mapping
            labelled = match_codes(raw.where(answered, ""), label_index(labels)).where(answered)
            raw = labelled.where(labelled.notna(), raw).astype("str")
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
        # matching ignores punctuation, so '-1' would read as 1: a signed number never matches a code
        signed = raw.str.match(r"^\s*[-+\u2212]\s*\d")
        codes = codes.where(~signed.fillna(False).astype(bool))
        unmatched = answered & codes.isna()
        return raw, codes, unmatched

    def rating(self, item: Item, header: str) -> pd.Series:
        """A rating item on its declared scale: a code, a label or a number of that scale; a number
        outside it (a 6 on five points, a 5 on four) is out of scale, never recoded."""
        rating = self.codebook.rating_scale(item.type)
        raw, codes, unmatched = self._coded(item, header, rating.no_answer)
        numbers, _ = parse_integers(raw.where(unmatched, ""))
        named = self._named(item, header)
        out_of_scale = unmatched & numbers.notna()
        self._add(out_of_scale, item, OUT_OF_SCALE, value=raw, item=named, min=rating.min, max=rating.max)
        self._add(unmatched & ~out_of_scale, item, UNKNOWN_ANSWER, value=raw, item=named, expected=self._expected(item))
        return pd.to_numeric(codes, errors="coerce").astype("Int64")

    def yesno(self, item: Item, header: str) -> pd.Series:
        raw, codes, unmatched = self._coded(item, header)
        self._add(
            unmatched, item, UNKNOWN_ANSWER, value=raw, item=self._named(item, header), expected=self._expected(item)
        )
        return codes.map({"true": True, "false": False}).astype("boolean")

    def category(self, item: Item, header: str) -> pd.Series:
        raw, codes, unmatched = self._coded(item, header)
        self._add(
            unmatched, item, UNKNOWN_ANSWER, value=raw, item=self._named(item, header), expected=self._expected(item)
        )
        return codes

    def date(self, item: Item, header: str) -> pd.Series:
        raw, answered = self._answers(item, header)
        given = raw.where(answered, "")
        ordered, order = day_first_dates(given, self.mapping, self.table.file_name, header)
        dates, bad = parse_dates(ordered, self.mapping.date_format)
        named = self._named(item, header)
        shown = {"mdy": ("MM/JJ/AAAA", "MM/DD/YYYY")}.get(order, ("JJ/MM/AAAA", "DD/MM/YYYY"))
        expected = Message(
            f"{DATE_EXPECTED.fr} ou {self.mapping.date_format or shown[0]}",
            f"{DATE_EXPECTED.en} or {self.mapping.date_format or shown[1]}",
        )
        self._add(bad, item, BAD_DATE, value=raw, item=named, expected=expected)
        if item.name == "visit_date":
            self.date_header, self.bad_dates = header, bad
        if self.year is not None:
            outside = dates.notna() & dates.dt.year.ne(self.year)
            self._add(outside, item, OUT_OF_SEASON, value=dates.dt.strftime("%Y-%m-%d"), item=named, year=self.year)
            dates = dates.where(~outside)
        return dates

    def survey_year(self, visit_dates: pd.Series | None) -> pd.Series:
        index = self.table.frame.index
        if self.year is not None:
            return pd.Series(self.year, index=index, dtype="Int64")
        years = (
            visit_dates.dt.year.astype("Int64")
            if visit_dates is not None
            else pd.Series(pd.NA, index=index, dtype="Int64")
        )
        item = self.codebook.item("visit_date")
        # the season is row-required: a row without one is rejected (module docstring)
        self.problems.add(
            years.isna() & ~self.bad_dates,
            item.name,
            NO_SEASON,
            rejects=True,
            item=self._named(item, self.date_header or item.name),
        )
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
        masked = mask_postal_code(raw)  # a personal detail: only the FSA stays readable in problems
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
        pieces = pieces[~no_answer_mask(pieces, self.markers_for(item))]
        found = pd.DataFrame(
            {
                "position": pieces.index,
                "piece": pieces.to_numpy(),
                "code": match_codes(pieces, self._index(item)).to_numpy(),
            }
        )
        positions = pd.DataFrame({"row": text.index, "position": pd.Index(distinct).get_indexer(text)})
        per_row = positions.merge(found, on="position").set_index("row")
        self._add(
            per_row["code"].isna(),
            item,
            UNKNOWN_OPTION,
            value=per_row["piece"],
            item=self._named(item, spec.column),
            expected=self._expected(item),
        )
        ticked = per_row[per_row["code"].notna()]
        matrix = np.zeros((len(text), len(item.codes)), dtype=bool)
        matrix[text.index.get_indexer(ticked.index), pd.Index(list(item.codes)).get_indexer(ticked["code"])] = True
        return pd.DataFrame(matrix, index=text.index, columns=list(item.codes))

    def _options(self, item: Item, spec: OptionColumns) -> pd.DataFrame:
        columns = {}
        any_value = tuple(fold(c) for c in spec.checked) == (ANY_VALUE,)
        for code, header in spec.options.items():
            label = item.codes[code]
            extra = self.mapping.labels.get(item.name, {}).get(code, ())  # the option's own labels
            yes = label_index({"y": (*TICKED, *spec.checked, code, label.fr, label.en, *extra)})
            no = label_index({"n": UNTICKED})
            raw, answered = self._answers(item, header)
            keys = match_codes(raw.where(answered, ""), {**no, **yes})
            if any_value:
                keys = keys.fillna("y").where(answered)
            unexpected = answered & keys.isna()
            self._add(unexpected, item, UNEXPECTED_TICK, value=raw, code=code, item=self._named(item, header))
            columns[code] = keys.eq("y").fillna(False).astype(bool)
        return pd.DataFrame(columns, index=self.table.frame.index)


def survey_periods(records: pd.DataFrame) -> list[str]:
    """A survey load covers the seasons of its responses ('2024')."""
    return season_periods(records, "survey_year")


SPEC = SourceSpec(
    name="survey",
    title=Message("Sondage auprès des visiteurs", "Visitor survey"),
    help=Message(
        "réponses au sondage d'été (LimeSurvey, SurveyMonkey, Google Forms, Excel), par saison",
        "summer survey responses (LimeSurvey, SurveyMonkey, Google Forms, Excel), per season",
    ),
    raw_table="raw_survey",
    period_kind="season",
    periods=survey_periods,
    parser=SurveySource(),
    purge="purge/delete_raw_survey",
    demo="smq_analytics.demo.survey_files:survey_files",
)
