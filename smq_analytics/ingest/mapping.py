"""Mapping files (YAML) that bring an export's own headers and answer labels to canonical names.

The format is documented in data/reference/mappings/README.md. A mapping is named on the command
line by its path, or by its name in data/reference/mappings/ (`--mapping limesurvey_ete`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ..codebook import code_text
from ..paths import reference_dir
from .errors import IngestError, quoted_list, refuse

if TYPE_CHECKING:
    from .tabular import Table

TOP_KEYS = ("tool", "description", "source", "sheet", "header_rows", "date_format", "no_answer", "columns", "labels", "scales")


@dataclass(frozen=True)
class JoinedChoices:
    """A multiple-choice item held in one column, options joined by `separator` (Google Forms ', ')."""

    column: str
    separator: str


@dataclass(frozen=True)
class OptionColumns:
    """A multiple-choice item held in one column per option (LimeSurvey 'Q10[SQ001]')."""

    options: dict[str, str]            # code -> header
    checked: tuple[str, ...] = ()      # extra values meaning "ticked" (Y, 1, the label are standard)


@dataclass(frozen=True)
class Mapping:
    path: Path | None = None
    sha256: str | None = None
    source: str | None = None
    sheet: str | None = None
    header_rows: int = 1
    date_format: str | None = None
    no_answer: tuple[str, ...] = ()
    columns: dict[str, str | JoinedChoices | OptionColumns] = field(default_factory=dict)
    labels: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)   # item -> code -> labels
    scales: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)   # scale -> code -> labels

    @property
    def file_name(self) -> str | None:
        return self.path.name if self.path else None

    def check_names(self, columns: set[str], scales: set[str] = frozenset()) -> None:
        """Refuse column, label or scale names the source does not know."""
        for section, known, names in (("columns", columns, self.columns), ("labels", columns, self.labels),
                                      ("scales", scales, self.scales)):
            unknown = sorted(set(names) - set(known))
            if unknown:
                raise self.error(
                    "nom inconnu dans {section} : {names}. Noms possibles : {known}.",
                    "unknown name in {section}: {names}. Possible names: {known}.",
                    section=section, names=quoted_list(unknown), known=quoted_list(sorted(known)))

    def error(self, fr: str, en: str, **values) -> IngestError:
        where = self.file_name or "?"
        return refuse("Fichier de correspondance « {mapping} » : " + fr,
                      "Mapping file '{mapping}': " + en, mapping=where, **values)


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
            header=wanted, name=name, file=table.file_name, found=quoted_list(table.headers))
    return found


def find_header(table: "Table", mapping: Mapping, name: str, aliases: tuple[str, ...] = ()) -> str | None:
    """The header of canonical column `name`: the mapping's choice, else the name or an alias."""
    spec = mapping.columns.get(name)
    if spec is None:
        return table.find(name, *aliases)
    if not isinstance(spec, str):
        raise mapping.error("columns.{name} : un nom de colonne est attendu.",
                            "columns.{name}: a column name is expected.", name=name)
    return file_header(table, mapping, spec, name)


def read_with_headers(path: Path, mapping: Mapping, aliases: dict[str, tuple[str, ...]]) -> tuple["Table", dict]:
    """Read a count grid (desk counts, attendance) and find the header of each canonical column,
    after checking that the mapping names only columns of this source."""
    from .tabular import read_table

    mapping.check_names(set(aliases))
    table = read_table(path, mapping.sheet, mapping.header_rows)
    return table, {name: find_header(table, mapping, name, names) for name, names in aliases.items()}


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
    raise refuse("Fichier de correspondance introuvable : « {path} ».", "Mapping file not found: '{path}'.",
                 path=str(mapping))


def load_mapping(mapping: str | Path | None) -> Mapping:
    if mapping is None:
        return EMPTY
    path = resolve_mapping_path(mapping)
    data = path.read_bytes()
    shell = Mapping(path=path, sha256=hashlib.sha256(data).hexdigest())
    try:
        document = yaml.safe_load(data.decode("utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise shell.error("YAML illisible ({error}).", "unreadable YAML ({error}).",
                          error=" ".join(str(error).split())) from None
    if not isinstance(document, dict):
        raise shell.error("un dictionnaire YAML est attendu.", "a YAML mapping (dictionary) is expected.")
    unknown = sorted(set(map(str, document)) - set(TOP_KEYS))
    if unknown:
        raise shell.error("clé inconnue : {keys}. Clés possibles : {known}.",
                          "unknown key: {keys}. Possible keys: {known}.",
                          keys=quoted_list(unknown), known=quoted_list(TOP_KEYS))
    return Mapping(
        path=path, sha256=shell.sha256,
        source=_optional_text(document.get("source")),
        sheet=_optional_text(document.get("sheet")),
        header_rows=_header_rows(shell, document.get("header_rows", 1)),
        date_format=_optional_text(document.get("date_format")),
        no_answer=tuple(_text_list(shell, document.get("no_answer"), "no_answer")),
        columns={str(item): _column(shell, str(item), spec) for item, spec in (document.get("columns") or {}).items()},
        labels=_label_sections(shell, document.get("labels"), "labels"),
        scales=_label_sections(shell, document.get("scales"), "scales"),
    )


def _header_rows(shell: Mapping, value) -> int:
    if value not in (1, 2):
        raise shell.error("header_rows : 1 ou 2 attendu, pas {value}.", "header_rows: 1 or 2 expected, not {value}.",
                          value=value)
    return value


def _optional_text(value) -> str | None:
    return None if value is None else str(value)


def _text_list(shell: Mapping, value, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, int, float)):
        return [str(value)]
    if isinstance(value, list):
        return ["" if v is None else code_text(v) for v in value]
    raise shell.error("liste de textes attendue pour {where}.", "list of texts expected for {where}.", where=where)


def _column(shell: Mapping, item: str, spec) -> str | JoinedChoices | OptionColumns:
    if isinstance(spec, (str, int)):
        return str(spec)
    if isinstance(spec, dict) and "options" in spec:
        options = spec["options"]
        if not isinstance(options, dict) or not options:
            raise shell.error("columns.{item}.options : dictionnaire code → colonne attendu.",
                              "columns.{item}.options: a code → column dictionary is expected.", item=item)
        return OptionColumns({code_text(c): str(h) for c, h in options.items()},
                             tuple(_text_list(shell, spec.get("checked"), f"columns.{item}.checked")))
    if isinstance(spec, dict) and "column" in spec:
        return JoinedChoices(str(spec["column"]), str(spec.get("separator", ";")))
    raise shell.error(
        "columns.{item} : un nom de colonne, {{column, separator}} ou {{options, checked}} est attendu.",
        "columns.{item}: a column name, {{column, separator}} or {{options, checked}} is expected.", item=item)


def _label_sections(shell: Mapping, node, where: str) -> dict[str, dict[str, tuple[str, ...]]]:
    if node is None:
        return {}
    if not isinstance(node, dict):
        raise shell.error("{where} : dictionnaire attendu.", "{where}: a dictionary is expected.", where=where)
    sections = {}
    for name, codes in node.items():
        if not isinstance(codes, dict):
            raise shell.error("{where}.{name} : dictionnaire code → libellés attendu.",
                              "{where}.{name}: a code → labels dictionary is expected.", where=where, name=name)
        sections[str(name)] = {code_text(code): tuple(_text_list(shell, labels, f"{where}.{name}.{code}"))
                               for code, labels in codes.items()}
    return sections
