"""Mapping files (YAML) that bring an export's own headers and answer labels to canonical names.

The format is documented in data/reference/mappings/README.md. A mapping is named on the command
line by its path, or by its name in data/reference/mappings/ (`--mapping limesurvey_ete`).

Every key of a mapping file is either applied or refused with a message naming it: a key the
source does not use (a `scales:` section in a desk-count mapping, labels on a free-text column, a
sub-key of `columns.X` the tool does not know) refuses the file rather than being ignored.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import pandas as pd
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator

from .. import schema
from ..codebook import code_text
from ..i18n import Message
from ..paths import reference_dir
from ..schema import Invalid
from .errors import IngestError, quoted_list, refuse

if TYPE_CHECKING:
    from .tabular import Table

TOP_KEYS = (
    "tool",
    "description",
    "source",
    "sheet",
    "header_rows",
    "date_format",
    "no_answer",
    "columns",
    "labels",
    "scales",
    "rating_scales",
    "weight",
    "sites",
)
# keys each source applies; any other key of TOP_KEYS refuses the file (it would be ignored)
SOURCE_KEYS = {
    "survey": tuple(k for k in TOP_KEYS if k != "sites"),
    "desk-counts": ("tool", "description", "source", "sheet", "header_rows", "date_format", "columns", "labels"),
    "attendance": ("tool", "description", "source", "sheet", "header_rows", "columns", "labels", "sites"),
}
GLOBAL = "all"  # no_answer: {all: [...]} is the global list (a plain list means the same)
COLUMN_KEYS = {
    "column": "{column, separator} (multi)",
    "separator": "{column, separator} (multi)",
    "options": "{options, checked} (multi)",
    "checked": "{options, checked} (multi)",
    "day": "{day, month, year} (date)",
    "month": "{day, month, year} (date)",
    "year": "{day, month, year} (date)",
    "constant": "{constant}",
}


def every(names) -> str:
    """Every name, never cut (errors show the whole list of valid names)."""
    names = list(names)
    return quoted_list(names, limit=max(len(names), 1))


@dataclass(frozen=True)
class JoinedChoices:
    """A multiple-choice item held in one column, options joined by `separator` (Google Forms ', ')."""

    column: str
    separator: str


@dataclass(frozen=True)
class OptionColumns:
    """A multiple-choice item held in one column per option (LimeSurvey 'Q10[SQ001]')."""

    options: dict[str, str]  # code -> header
    checked: tuple[str, ...] = ()  # extra values meaning "ticked" (Y, 1, the label are standard)


@dataclass(frozen=True)
class BuiltDate:
    """A date built from a day-of-month column and a month (and year) the mapping states."""

    day: str  # header of the day-of-month column
    month: int
    year: int | None = None  # None: the season given with --year


@dataclass(frozen=True)
class Constant:
    """The same answer for every row: an item the tool did not ask (questionnaire only in French)."""

    value: str


ColumnSpec = str | JoinedChoices | OptionColumns | BuiltDate | Constant


@dataclass(frozen=True)
class Mapping:
    path: Path | None = None
    sha256: str | None = None
    source: str | None = None
    sheet: str | None = None
    header_rows: int = 1
    date_format: str | None = None
    no_answer: tuple[str, ...] = ()  # global list (`all`)
    no_answer_for: dict[str, tuple[str, ...]] = field(default_factory=dict)  # item or scale -> markers
    columns: dict[str, ColumnSpec] = field(default_factory=dict)
    labels: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # item -> code -> labels
    scales: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # scale -> code -> labels
    # the rating scale the export uses, per label group (satisfaction) or per item (sat_overall):
    # name -> scale4 | scale5 | scale0_10; an item's own entry wins over its group's
    rating_scales: dict[str, str] = field(default_factory=dict)
    weight: str | None = None  # header of a weight column
    sites: dict[str, str] = field(default_factory=dict)  # attendance: header -> site name
    keys: tuple[str, ...] = ()  # top-level keys present in the file

    @property
    def file_name(self) -> str | None:
        return self.path.name if self.path else None

    def check_names(
        self,
        columns: set[str],
        scales: set[str] = frozenset(),
        source: str = "survey",
        *,
        rated: set[str] = frozenset(),
        rating_scales: tuple[str, ...] = (),
    ) -> None:
        """Refuse keys the source does not apply, and column, label, scale or no-answer names it does not
        know (whole lists shown). This is the second pass of a mapping's validation: the names depend on
        the source and the codebook, known only when the mapping is used. Every problem is reported at once.

        `rated` are the names `rating_scales:` may declare (rating items and their label groups),
        `rating_scales` the codebook's scales they may be declared on."""
        problems = self._key_problems(source)
        no_answer_known = set(columns) | set(scales) | {GLOBAL}
        for name, scale in self.rating_scales.items():
            if name in rated and scale not in rating_scales:
                problems.append(
                    self.error(
                        "rating_scales.{name} : échelle inconnue « {scale} ». Échelles possibles : {known}.",
                        "rating_scales.{name}: unknown scale '{scale}'. Possible scales: {known}.",
                        name=name,
                        scale=scale,
                        known=every(rating_scales),
                    ).message
                )
        for section, known, names in (
            ("columns", columns, self.columns),
            ("labels", columns, self.labels),
            ("scales", scales, self.scales),
            ("rating_scales", rated, self.rating_scales),
            ("no_answer", no_answer_known, self.no_answer_for),
        ):
            unknown = sorted(set(names) - set(known))
            if unknown:
                problems.append(
                    self.error(
                        "nom inconnu dans {section} : {names}. Noms possibles : {known}.",
                        "unknown name in {section}: {names}. Possible names: {known}.",
                        section=section,
                        names=every(unknown),
                        known=every(sorted(known)),
                    ).message
                )
        if problems:
            raise IngestError(schema.joined(problems))

    def check_keys(self, source: str) -> None:
        """Refuse a top-level key this source does not apply (survey keys in a count mapping, `sites`
        outside attendance, `date_format` for attendance, whose months carry no day)."""
        problems = self._key_problems(source)
        if problems:
            raise IngestError(schema.joined(problems))

    def _key_problems(self, source: str) -> list[Message]:
        known = SOURCE_KEYS[source]
        unused = [key for key in self.keys if key not in known]
        if not unused:
            return []
        return [
            self.error(
                "clé {keys} sans effet pour la source {source} : retirez-la. Clés possibles pour cette source : "
                "{known}.",
                "key {keys} has no effect for source {source}: remove it. Possible keys for this source: {known}.",
                keys=every(unused),
                source=source,
                known=every(known),
            ).message
        ]

    def check_count_keys(self, source: str, label_columns: set[str]) -> None:
        """A desk-count or attendance mapping: refuse keys these sources do not apply, columns that are
        not plain headers, and labels on a column that takes none."""
        self.check_keys(source)
        for item, spec in self.columns.items():
            if not isinstance(spec, str):
                raise self.error(
                    "columns.{name} : un nom de colonne est attendu.",
                    "columns.{name}: a column name is expected.",
                    name=item,
                )
        unlabelled = sorted(set(self.labels) - label_columns)
        if unlabelled:
            raise self.error(
                "labels.{name} : cette colonne ne prend pas de libellés. Colonnes qui en prennent : {known}.",
                "labels.{name}: this column takes no labels. Columns that take labels: {known}.",
                name=unlabelled[0],
                known=every(sorted(label_columns)) or "(aucune / none)",
            )

    def error(self, fr: str, en: str, **values) -> IngestError:
        where = self.file_name or "(--mapping)"
        return refuse(
            "Fichier de correspondance « {mapping} » : " + fr,
            "Mapping file '{mapping}': " + en,
            mapping=where,
            **values,
        )


EMPTY = Mapping()


def file_header(table: "Table", mapping: Mapping, wanted: str, name: str) -> str:
    """The file's header for a column the mapping names; refuse the file when it is absent."""
    if wanted in table.headers:
        return wanted
    found = table.find(wanted)
    if found is None:
        raise mapping.error(
            "la colonne « {header} » prévue pour {name} est absente de « {file} ». Colonnes du fichier : {found}.",
            "column '{header}' given for {name} is not in '{file}'. File columns: {found}.",
            header=wanted,
            name=name,
            file=table.file_name,
            found=every(table.headers),
        )
    return found


def find_header(table: "Table", mapping: Mapping, name: str, aliases: tuple[str, ...] = ()) -> str | None:
    """The header of canonical column `name`: the mapping's choice, else the name or an alias."""
    spec = mapping.columns.get(name)
    if spec is None:
        return table.find(name, *aliases)
    if not isinstance(spec, str):
        raise mapping.error(
            "columns.{name} : un nom de colonne est attendu.", "columns.{name}: a column name is expected.", name=name
        )
    return file_header(table, mapping, spec, name)


def read_with_headers(path: Path, mapping: Mapping, aliases: dict[str, tuple[str, ...]]) -> tuple["Table", dict]:
    """Read a count grid (desk counts, attendance) and find the header of each canonical column,
    after checking that the mapping names only columns and keys this source uses."""
    from .tabular import read_table

    source = "desk-counts" if "origin_category" in aliases else "attendance"
    mapping.check_names(set(aliases), source=source)
    mapping.check_count_keys(source, {"origin_category"} & set(aliases))
    table = read_sheet(path, mapping, read_table)
    return table, {name: find_header(table, mapping, name, names) for name, names in aliases.items()}


# --- a workbook whose data is not on the first sheet ------------------------------------------------

SHEET_HINT = Message(
    "Le classeur a d'autres feuilles ({sheets}) : les données y sont peut-être. Indiquez la feuille avec la clé "
    "« sheet: » d'un fichier de correspondance (--mapping).",
    "The workbook has other sheets ({sheets}): the data may be on one of them. Name the sheet with the "
    "'sheet:' key of a mapping file (--mapping).",
)


def other_sheets(path: Path, mapping: Mapping) -> list[str]:
    """The sheets after the first of an .xlsx file read without `sheet:` ([] otherwise)."""
    if mapping.sheet is not None or Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        return []
    try:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        try:
            return list(book.sheetnames[1:])
        finally:
            book.close()
    except Exception:  # an unreadable workbook keeps its own error
        return []


def with_sheet_hint(error: IngestError, path: Path, mapping: Mapping) -> IngestError:
    """`error` with the other-sheets hint appended, when the workbook has other sheets."""
    sheets = other_sheets(path, mapping)
    if not sheets:
        return error
    hint = SHEET_HINT.format(sheets=every(sheets))
    return IngestError(Message(f"{error.text('fr')} {hint.fr}", f"{error.text('en')} {hint.en}"))


def read_sheet(path: Path, mapping: Mapping, read_table) -> "Table":
    """read_table on the mapping's sheet; an empty first sheet of a workbook says where to look."""
    try:
        return read_table(path, mapping.sheet, mapping.header_rows)
    except IngestError as error:
        raise with_sheet_hint(error, path, mapping) from None


# --- loading ----------------------------------------------------------------------------------------


def resolve_mapping_path(mapping: str | Path) -> Path:
    """A path as given, else a name in data/reference/mappings/ (with or without .yaml)."""
    path = Path(mapping)
    if path.is_file():
        return path
    if path.parent == Path("."):
        folder = reference_dir() / "mappings"
        for candidate in (folder / path.name, folder / f"{path.name}.yaml", folder / f"{path.name}.yml"):
            if candidate.is_file():
                return candidate
    raise refuse(
        "Fichier de correspondance introuvable : « {path} ».", "Mapping file not found: '{path}'.", path=str(mapping)
    )


# --- the file's model --------------------------------------------------------------------------------
# A mapping file is described by MappingFile and validated by schema.validate, which reports every
# problem of the file at once (docs/ARCHITECTURE.md, « Validating YAML files »). Names that depend on the
# source and the codebook (columns, labels, scales, no_answer) are checked when the mapping is used
# (Mapping.check_names), since a mapping may serve any source it does not name.

SOURCES = tuple(SOURCE_KEYS)
WHERE = Message("Fichier de correspondance « {mapping} »", "Mapping file '{mapping}'")
# The mapping README speaks of keys, not fields.
PHRASES = {
    "extra_forbidden": Message(
        "clé inconnue : {field}. Clés possibles : {allowed}.", "unknown key: {field}. Possible keys: {allowed}."
    )
}
MSG = {
    "date_format": Message(
        "{field} « {value} » : codes strftime %d, %m et %Y attendus (par exemple %d/%m/%Y ou %m/%d/%Y).",
        "{field} '{value}': strftime codes %d, %m and %Y expected (for example %d/%m/%Y or %m/%d/%Y).",
    ),
    "text_list": Message("liste de textes attendue pour {field}.", "list of texts expected for {field}."),
    "whole": Message(
        "{field} : nombre entier de {low} à {high} attendu, pas « {value} ».",
        "{field}: a whole number from {low} to {high} is expected, not '{value}'.",
    ),
    "column_key": Message(
        "{field} : clé inconnue {keys}. Formes possibles : {known}.",
        "{field}: unknown key {keys}. Possible forms: {known}.",
    ),
    "options": Message(
        "{field} : dictionnaire code → colonne attendu.", "{field}: a code → column dictionary is expected."
    ),
    "constant": Message("{field} : une valeur est attendue.", "{field}: a value is expected."),
    "column": Message(
        "{field} : un nom de colonne ou l'une des formes {forms} est attendu.",
        "{field}: a column name or one of the forms {forms} is expected.",
    ),
    "sites": Message(
        "{field} : liste des colonnes à lire comme sites ([Pavillon, Maison]) ou dictionnaire colonne → nom du "
        "site ({{Pav.: Pavillon principal}}) attendu.",
        "{field}: a list of the columns to read as sites ([Pavillon, Maison]) or a column → site name "
        "dictionary ({{Pav.: Main building}}) is expected.",
    ),
}
MONTHS = (1, 12)
BUILT_YEARS = (1900, 2100)
_DATE_CODES = re.compile(r"%[dmYyHMSbBpIf%]")


def _scalar_text(value: Any) -> Any:
    """A header or sheet name YAML read as a number (2024) is the text '2024'."""
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _text_list(value: Any) -> Any:
    """Markers or labels: a list, or one value alone; YAML numbers and booleans as codes ('0', 'true')."""
    if value is None:
        return []
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [str(value)]
    if isinstance(value, list):
        return ["" if v is None else code_text(v) for v in value]
    raise Invalid(MSG["text_list"])


def _code_keys(node: Any) -> Any:
    return {code_text(key): value for key, value in node.items()} if isinstance(node, dict) else node


def _date_format(text: str) -> str:
    codes = set(_DATE_CODES.findall(text))
    if not {"%d", "%m"} <= codes or not ({"%Y", "%y"} & codes):
        raise Invalid(MSG["date_format"])
    return text


def _whole(spec: dict, key: str, low: int, high: int) -> int:
    value = spec[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(MSG["whole"], field=key, low=low, high=high, value=value)
    return value


def _column(spec: Any) -> ColumnSpec:
    """columns.X: a header, or one of the built forms of COLUMN_KEYS."""
    forms = every(dict.fromkeys(COLUMN_KEYS.values()))
    if isinstance(spec, (str, int)) and not isinstance(spec, bool):
        return str(spec)
    if isinstance(spec, dict):
        unknown = sorted(str(k) for k in spec if str(k) not in COLUMN_KEYS)
        if unknown:
            raise Invalid(MSG["column_key"], keys=every(unknown), known=forms)
        keys = set(map(str, spec))
        if "options" in keys and keys <= {"options", "checked"}:
            options = spec["options"]
            if not isinstance(options, dict) or not options:
                raise Invalid(MSG["options"], field="options")
            try:
                checked = _text_list(spec.get("checked"))
            except Invalid as problem:
                raise Invalid(problem.message, field="checked") from None
            return OptionColumns({code_text(c): str(h) for c, h in options.items()}, tuple(checked))
        if "column" in keys and keys <= {"column", "separator"}:
            return JoinedChoices(str(spec["column"]), str(spec.get("separator", ";")))
        if keys == {"constant"}:
            if spec["constant"] is None or isinstance(spec["constant"], (list, dict)):
                raise Invalid(MSG["constant"], field="constant")
            return Constant(code_text(spec["constant"]))
        if {"day", "month"} <= keys and keys <= {"day", "month", "year"}:
            year = spec.get("year")
            return BuiltDate(
                str(spec["day"]),
                _whole(spec, "month", *MONTHS),
                None if year is None else _whole(spec, "year", *BUILT_YEARS),
            )
    raise Invalid(MSG["column"], forms=forms)


def _sites(value: Any) -> dict[str, str]:
    """`sites: [header, ...]` (the header is the site) or `sites: {header: site name}`."""
    if isinstance(value, list) and value and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
        return {str(v): str(v) for v in value}
    if (
        isinstance(value, dict)
        and value
        and all(v is not None and not isinstance(v, (list, dict, bool)) for v in value.values())
    ):
        names = {str(header): str(name).strip() for header, name in value.items()}
        if all(names.values()):
            return names
    raise Invalid(MSG["sites"])


Text = Annotated[str, BeforeValidator(_scalar_text)]
TextList = Annotated[list[str], BeforeValidator(_text_list)]
LabelSection = Annotated[
    dict[str, Annotated[dict[str, TextList], BeforeValidator(_code_keys)]], BeforeValidator(_code_keys)
]


class MappingFile(BaseModel):
    """The keys of a mapping file (data/reference/mappings/README.md), in the documented order."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    tool: Any = None  # free text, for people
    description: Any = None
    source: Literal[SOURCES] | None = None  # type: ignore[valid-type]
    sheet: Text | None = None
    header_rows: Literal[1, 2] = 1
    date_format: Annotated[Text, AfterValidator(_date_format)] | None = None
    no_answer: Annotated[
        dict[str, TextList],
        BeforeValidator(lambda node: _code_keys(node) if isinstance(node, dict) else {GLOBAL: node}),
    ] = Field(default_factory=dict)
    columns: Annotated[dict[str, Annotated[Any, PlainValidator(_column)]], BeforeValidator(_code_keys)] = Field(
        default_factory=dict
    )
    labels: LabelSection = Field(default_factory=dict)
    scales: LabelSection = Field(default_factory=dict)
    rating_scales: Annotated[dict[str, Text], BeforeValidator(_code_keys)] = Field(default_factory=dict)
    weight: Text | None = None
    sites: Annotated[Any, PlainValidator(_sites)] = Field(default_factory=dict)


def load_mapping(mapping: str | Path | None) -> Mapping:
    """The mapping file named on the command line, validated: every problem in one IngestError."""
    if mapping is None:
        return EMPTY
    path = resolve_mapping_path(mapping)
    data = path.read_bytes()
    shell = Mapping(path=path, sha256=hashlib.sha256(data).hexdigest())
    where = WHERE.format(mapping=shell.file_name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise shell.error(
            "YAML illisible ({error}).", "unreadable YAML ({error}).", error=" ".join(str(error).split())
        ) from None
    document = schema.expect_mapping(schema.parse_yaml(text, where, IngestError) or {}, where, IngestError)
    # an empty top-level key (`columns:`) means the key is not given
    given = {str(key): value for key, value in document.items() if value is not None}
    model = schema.validate(MappingFile, given, where, IngestError, phrases=PHRASES)
    no_answer_for = {name: tuple(markers) for name, markers in model.no_answer.items()}
    return Mapping(
        path=path,
        sha256=shell.sha256,
        source=model.source,
        sheet=model.sheet,
        header_rows=model.header_rows,
        date_format=model.date_format,
        no_answer=no_answer_for.pop(GLOBAL, ()),
        no_answer_for=no_answer_for,
        columns=dict(model.columns),
        labels=_sections(model.labels),
        scales=_sections(model.scales),
        rating_scales=dict(model.rating_scales),
        weight=model.weight,
        sites=dict(model.sites),
        keys=tuple(str(k) for k in document),
    )


def _sections(node: dict[str, dict[str, list[str]]]) -> dict[str, dict[str, tuple[str, ...]]]:
    return {name: {code: tuple(labels) for code, labels in codes.items()} for name, codes in node.items()}


# --- dates: the day/month order of a file -------------------------------------------------------------

_NUMERIC_DATE = r"^\s*(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4})"
DATE_ORDER_MIXED = Message(
    "Le fichier « {file} », colonne « {header} » : dates dans les deux ordres, jour en premier (ligne {day_row} : "
    "« {day_value} ») et mois en premier (ligne {month_row} : « {month_value} »). Corrigez le fichier, ou indiquez "
    "l'ordre avec la clé « date_format: » du fichier de correspondance (%d/%m/%Y ou %m/%d/%Y) : les dates dans "
    "l'autre ordre seront alors rejetées.",
    "The file '{file}', column '{header}': dates in both orders, day first (row {day_row}: '{day_value}') and "
    "month first (row {month_row}: '{month_value}'). Fix the file, or give the order with the 'date_format:' key "
    "of the mapping file (%d/%m/%Y or %m/%d/%Y): dates in the other order are then rejected.",
)
DATE_ORDER_AMBIGUOUS = Message(
    "Le fichier « {file} », colonne « {header} » : l'ordre du jour et du mois est ambigu (ligne {row} : "
    "« {value} » ; aucun nombre au-dessus de 12 ne le tranche). Indiquez-le avec la clé « date_format: » d'un "
    "fichier de correspondance (--mapping) : %d/%m/%Y (jour en premier) ou %m/%d/%Y (mois en premier).",
    "The file '{file}', column '{header}': the order of day and month is ambiguous (row {row}: '{value}'; no "
    "number above 12 settles it). Give it with the 'date_format:' key of a mapping file (--mapping): %d/%m/%Y "
    "(day first) or %m/%d/%Y (month first).",
)


def day_first_dates(values: pd.Series, mapping: Mapping, file: str, header: str) -> tuple[pd.Series, str | None]:
    """(dates rewritten day first, the order found) for the DD/MM/YYYY parser of periods.parse_dates.

    The order is decided once per file: the mapping's date_format when given (values untouched);
    else a number above 12 in the first place (day first) or in the second (month first) settles it.
    A file with both is refused, and so is one whose dates read differently in either order with
    nothing to settle it: the message names the `date_format:` key. Returns the order:
    'dmy', 'mdy' or None (no numeric date, or both orders give the same dates).
    """
    if mapping.date_format:
        return values, None
    parts = values.astype("str").fillna("").str.extract(_NUMERIC_DATE)
    first = pd.to_numeric(parts[0], errors="coerce")
    second = pd.to_numeric(parts[2], errors="coerce")
    day_first = first.gt(12) & second.le(12)
    month_first = second.gt(12) & first.le(12)
    if day_first.any() and month_first.any():
        d, m = day_first.idxmax(), month_first.idxmax()
        raise IngestError(
            DATE_ORDER_MIXED.format(
                file=file, header=header, day_row=d, day_value=values[d], month_row=m, month_value=values[m]
            )
        )
    if month_first.any():
        swapped = values.astype("str").str.replace(_NUMERIC_DATE, r"\3\2\1\4\5", regex=True)
        return swapped.where(parts[0].notna(), values), "mdy"
    if day_first.any():
        return values, "dmy"
    ambiguous = first.le(12) & second.le(12) & first.ne(second)
    if ambiguous.any():
        row = ambiguous.idxmax()
        raise IngestError(DATE_ORDER_AMBIGUOUS.format(file=file, header=header, row=row, value=values[row]))
    return values, None
