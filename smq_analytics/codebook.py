"""The canonical survey codebook (data/reference/codebook.yaml): items, types, codes, labels.

Ingest brings every export to these items; notebooks use the labels to name answers. Codes are
strings here ("4", "true", "car") whatever type YAML gave them, so callers compare like with like.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from . import schema
from .i18n import LocalizedError, Message
from .paths import project_dir, reference_dir
from .schema import Invalid

ITEM_TYPES = frozenset(
    {
        "scale4",
        "scale0_10",
        "yesno",
        "category",
        "multi",
        "date",
        "integer",
        "postal_code",
        "text",
        "province",
        "country",
    }
)
LABELLED_TYPES = frozenset({"scale4", "yesno", "category", "multi"})


def code_text(key) -> str:
    """A YAML key as a code: True -> 'true', 4 -> '4', 'car' -> 'car'."""
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


@dataclass(frozen=True)
class Item:
    """One survey question: canonical column name, type, labels and accepted codes."""

    name: str
    type: str
    required: bool
    label: Message
    codes: dict[str, Message] = field(default_factory=dict)  # code -> answer label (scale codes for scale4)
    scale: str | None = None
    min: int | None = None
    max: int | None = None


@dataclass(frozen=True)
class Codebook:
    version: int
    items: dict[str, Item]
    no_answer: tuple[str, ...]
    scale4_no_answer: tuple[str, ...]
    scales: dict[str, dict[str, Message]]
    origin_categories: dict[str, Message]  # desk-count origin categories, in display order

    def item(self, name: str) -> Item:
        try:
            return self.items[name]
        except KeyError:
            raise LocalizedError(
                Message(f"question inconnue du codebook : « {name} »", f"item not in the codebook: '{name}'")
            ) from None

    def required(self) -> list[Item]:
        return [item for item in self.items.values() if item.required]

    def label(self, item: str, code, lang: str = "fr") -> str:
        """The answer label of a code, e.g. label('sat_overall', 4) -> 'Très satisfait'."""
        message = self.item(item).codes.get(code_text(code))
        return message(lang) if message else str(code)


# --- the file's models -----------------------------------------------------------------------------
# data/reference/codebook.yaml is described by CodebookFile; schema.load reports every problem of the
# file at once, in French and English (docs/ARCHITECTURE.md, « Validating YAML files »).


class CodebookError(LocalizedError):
    """A codebook file that cannot be used as it is."""


MSG = {
    "codes": Message(
        "{field} : codes attendus pour une question de type {type} (codes: ou scale:)",
        "{field}: codes expected for an item of type {type} (codes: or scale:)",
    ),
    "codes_and_scale": Message(
        "{field} : codes et scale à la fois ; gardez l'un des deux",
        "{field}: both codes and scale given; keep one of them",
    ),
    "bounds": Message("{field} : min {low} plus grand que max {high}", "{field}: min {low} is larger than max {high}"),
    "scale": Message(
        "{field} « {value} » : échelle absente de scales ({known} attendu)",
        "{field} '{value}': scale not declared in scales ({known} expected)",
    ),
}


def _code_keys(node: Any) -> Any:
    """Codes as text whatever type YAML gave them (4 -> '4', true -> 'true'), so callers compare like with like."""
    return {code_text(code): label for code, label in node.items()} if isinstance(node, dict) else node


def _texts(node: Any) -> Any:
    """A list of markers as text: YAML reads 0 as a number, the marker is the text '0'."""
    if isinstance(node, list):
        return [code_text(v) if isinstance(v, (int, float)) else v for v in node]
    return node


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Label(_Part):
    fr: str
    en: str

    def message(self) -> Message:
        return Message(self.fr, self.en)


Codes = Annotated[dict[str, Label], BeforeValidator(_code_keys)]
Texts = Annotated[list[str], BeforeValidator(_texts)]


class ItemEntry(_Part):
    type: Literal[tuple(sorted(ITEM_TYPES))]  # type: ignore[valid-type]
    required: bool = False
    label: Label
    codes: Codes | None = None
    scale: str | None = None
    min: int | None = None
    max: int | None = None

    @model_validator(mode="after")
    def _codes_for_coded_items(self) -> "ItemEntry":
        """A coded item takes its codes from a scale or lists them; never both (one would be ignored)."""
        if self.codes and self.scale:
            raise Invalid(MSG["codes_and_scale"])
        if self.type in LABELLED_TYPES and not self.codes and not self.scale and self.type != "yesno":
            raise Invalid(MSG["codes"], type=self.type)
        if self.min is not None and self.max is not None and self.min > self.max:
            raise Invalid(MSG["bounds"], low=self.min, high=self.max)
        return self


class CodebookFile(_Part):
    version: int = 1
    no_answer: Texts = Field(default_factory=list)
    scale4_no_answer: Texts = Field(default_factory=list)
    scales: dict[str, Codes] = Field(default_factory=dict)
    items: dict[str, ItemEntry] = Field(default_factory=dict)
    desk_count_origins: Codes = Field(default_factory=dict)


def declared_scales(document: Any) -> Iterator[tuple[tuple, Invalid]]:
    """A rule across sections: an item's scale (yesno items default to the yesno scale) is declared in scales."""
    if not isinstance(document, dict) or not isinstance(document.get("items"), dict):
        return
    scales = document.get("scales") if isinstance(document.get("scales"), dict) else {}
    known = ", ".join(map(str, scales)) or "–"
    for name, node in document["items"].items():
        if not isinstance(node, dict):
            continue
        scale = node.get("scale", "yesno" if node.get("type") == "yesno" and not node.get("codes") else None)
        if scale is not None and (not isinstance(scale, str) or scale not in scales):
            yield ("items", name, "scale"), Invalid(MSG["scale"], known=known, value=scale)


def _item(name: str, entry: ItemEntry, scales: dict[str, dict[str, Message]]) -> Item:
    scale = entry.scale or ("yesno" if entry.type == "yesno" and not entry.codes else None)
    codes = dict(scales[scale]) if scale else {code: label.message() for code, label in (entry.codes or {}).items()}
    return Item(
        name=name,
        type=entry.type,
        required=entry.required,
        label=entry.label.message(),
        codes=codes,
        scale=scale,
        min=entry.min,
        max=entry.max,
    )


def _codebook(model: CodebookFile) -> Codebook:
    scales = {name: {code: label.message() for code, label in codes.items()} for name, codes in model.scales.items()}
    return Codebook(
        version=model.version,
        items={name: _item(name, entry, scales) for name, entry in model.items.items()},
        no_answer=tuple(model.no_answer),
        scale4_no_answer=tuple(model.scale4_no_answer),
        scales=scales,
        origin_categories={code: label.message() for code, label in model.desk_count_origins.items()},
    )


def parse_codebook(document: dict, where: Message = Message("codebook", "codebook")) -> Codebook:
    """A codebook document (already read from YAML), validated: every problem in one CodebookError."""
    model = schema.validate(
        CodebookFile, schema.without_nulls(document), where, CodebookError, rules=(declared_scales,)
    )
    return _codebook(model)


@cache
def _load(path: Path) -> Codebook:
    file = schema.file_label(path, project_dir())
    where = Message(file, file)
    return parse_codebook(schema.read_yaml(path, where, CodebookError), where)


def load_codebook(path: str | Path | None = None) -> Codebook:
    """The codebook shipped in data/reference/codebook.yaml (or another file), read once."""
    return _load(Path(path).resolve() if path else reference_dir() / "codebook.yaml")
