"""The canonical survey codebook (data/reference/codebook.yaml): items, types, codes, labels, rating scales.

Ingest brings every export to these items; notebooks use the labels to name answers. Codes are
strings here ("4", "true", "car") whatever type YAML gave them, so callers compare like with like.

Rating scales (docs/ARCHITECTURE.md, « Survey scales »): a satisfaction or recommendation item's type
is its default scale (scale4); an export may use another (scale5, scale0_10), declared in its mapping
file. Answers stay on the scale asked: nothing here or in ingest recodes one scale into another, since
a 4 on five points is not a 4 on four; `Codebook.on_scale` gives the item with that scale's codes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from . import schema
from .i18n import LocalizedError, Message
from .paths import project_dir, reference_dir
from .schema import Invalid

# The rating scales an item can be asked on; each is defined in the codebook's rating_scales section.
RATING_TYPES = ("scale4", "scale5", "scale0_10")
ITEM_TYPES = frozenset(
    {
        *RATING_TYPES,
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
LABELLED_TYPES = frozenset({*RATING_TYPES, "yesno", "category", "multi"})


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
    codes: dict[str, Message] = field(default_factory=dict)  # code -> answer label (every code of a rating scale)
    scale: str | None = None  # label group: satisfaction, recommendation, yesno
    min: int | None = None
    max: int | None = None

    @property
    def rating(self) -> bool:
        """True for an item answered on a rating scale (its type: scale4, scale5, scale0_10)."""
        return self.type in RATING_TYPES


@dataclass(frozen=True)
class RatingScale:
    """An answer scale (codebook rating_scales): whole-number codes from min to max, higher is better."""

    name: str  # scale4, scale5, scale0_10
    min: int
    max: int
    no_answer: tuple[str, ...]  # this scale's own no-answer codes (0 = « ne s'applique pas », 99 = NSP)
    label: Message
    labels: dict[str, dict[str, Message]]  # label group -> code -> answer label

    def codes(self, group: str | None) -> dict[str, Message]:
        """Every code, highest first, with its label in `group` (the number itself when unlabelled)."""
        given = self.labels.get(group or "", {})
        return {str(c): given.get(str(c), Message(str(c), str(c))) for c in range(self.max, self.min - 1, -1)}

    @property
    def top_two(self) -> tuple[int, int]:
        """The two highest codes (top-2-box): 3–4 on four points, 4–5 on five, 9–10 on 0–10."""
        return (self.max - 1, self.max)


@dataclass(frozen=True)
class Codebook:
    version: int
    items: dict[str, Item]
    no_answer: tuple[str, ...]
    scales: dict[str, dict[str, Message]]  # label group -> codes on the items' default scale (yesno too)
    origin_categories: dict[str, Message]  # desk-count origin categories, in display order
    rating_scales: dict[str, RatingScale] = field(default_factory=dict)

    def item(self, name: str) -> Item:
        try:
            return self.items[name]
        except KeyError:
            raise LocalizedError(
                Message(f"question inconnue du codebook : « {name} »", f"item not in the codebook: '{name}'")
            ) from None

    def rating_scale(self, name: str) -> RatingScale:
        try:
            return self.rating_scales[name]
        except KeyError:
            known = ", ".join(self.rating_scales)
            raise LocalizedError(
                Message(
                    f"échelle inconnue du codebook : « {name} » ({known} attendu)",
                    f"scale not in the codebook: '{name}' ({known} expected)",
                )
            ) from None

    def on_scale(self, name: str, scale: str) -> Item:
        """Item `name` as asked on rating scale `scale`: that scale's codes and labels, its type the scale.
        The item keeps its label group, so a 5-point satisfaction item reads 5-point satisfaction labels."""
        item = self.item(name)
        if not item.rating:
            raise LocalizedError(
                Message(
                    f"{name} n'est pas une question à échelle de notation",
                    f"{name} is not an item answered on a rating scale",
                )
            )
        return replace(item, type=scale, codes=self.rating_scale(scale).codes(item.scale))

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
    "rating_codes": Message(
        "{field} : une question à échelle de notation prend ses réponses de rating_scales ; retirez codes: et "
        "donnez son groupe de libellés (scale:)",
        "{field}: an item on a rating scale takes its answers from rating_scales; remove codes: and give its "
        "label group (scale:)",
    ),
    "rating_scale": Message(
        "{field} « {value} » : échelle de notation absente de rating_scales ({known} attendu)",
        "{field} '{value}': rating scale not declared in rating_scales ({known} expected)",
    ),
    "scale_bounds": Message(
        "{field} : min {low} doit être plus petit que max {high}",
        "{field}: min {low} must be smaller than max {high}",
    ),
    "scale_code": Message(
        "{field} : codes {codes} hors de l'échelle {low}–{high}",
        "{field}: codes {codes} outside the {low}–{high} scale",
    ),
    "scale_no_answer": Message(
        "{field} : {codes} sont des notes de l'échelle {low}–{high}, pas des codes « sans réponse »",
        "{field}: {codes} are scores of the {low}–{high} scale, not 'no answer' codes",
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
        """A coded item takes its codes from a scale or lists them; never both (one would be ignored).
        A rating item's codes are its rating scale's: it names its label group, never lists codes."""
        if self.codes and self.scale:
            raise Invalid(MSG["codes_and_scale"])
        if self.type in RATING_TYPES and self.codes:
            raise Invalid(MSG["rating_codes"])
        if self.type in LABELLED_TYPES and not self.codes and not self.scale and self.type != "yesno":
            raise Invalid(MSG["codes"], type=self.type)
        if self.min is not None and self.max is not None and self.min > self.max:
            raise Invalid(MSG["bounds"], low=self.min, high=self.max)
        return self


class RatingScaleEntry(_Part):
    min: int
    max: int
    no_answer: Texts = Field(default_factory=list)
    label: Label
    labels: dict[str, Codes] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _codes_on_the_scale(self) -> "RatingScaleEntry":
        """Labels name codes of the scale; a no-answer code is never a score the scale can take (it would
        erase real answers)."""
        if self.min >= self.max:
            raise Invalid(MSG["scale_bounds"], low=self.min, high=self.max)
        for group, codes in self.labels.items():
            outside = [c for c in codes if not (c.lstrip("-").isdigit() and self.min <= int(c) <= self.max)]
            if outside:
                raise Invalid(
                    MSG["scale_code"], field=f"labels.{group}", codes=", ".join(outside), low=self.min, high=self.max
                )
        scores = [c for c in self.no_answer if c.strip().isdigit() and self.min <= int(c) <= self.max]
        if scores:
            raise Invalid(
                MSG["scale_no_answer"], field="no_answer", codes=", ".join(scores), low=self.min, high=self.max
            )
        return self


class CodebookFile(_Part):
    version: int = 1
    no_answer: Texts = Field(default_factory=list)
    rating_scales: dict[Literal[RATING_TYPES], RatingScaleEntry] = Field(default_factory=dict)  # type: ignore[valid-type]
    scales: dict[str, Codes] = Field(default_factory=dict)
    items: dict[str, ItemEntry] = Field(default_factory=dict)
    desk_count_origins: Codes = Field(default_factory=dict)


def declared_scales(document: Any) -> Iterator[tuple[tuple, Invalid]]:
    """A rule across sections: an item's scale (yesno items default to the yesno scale) is declared in
    scales, or for a rating item among the label groups of its rating scale; a rating item's type is
    declared in rating_scales."""
    if not isinstance(document, dict) or not isinstance(document.get("items"), dict):
        return
    scales = document.get("scales") if isinstance(document.get("scales"), dict) else {}
    ratings = document.get("rating_scales") if isinstance(document.get("rating_scales"), dict) else {}
    for name, node in document["items"].items():
        if not isinstance(node, dict):
            continue
        kind = node.get("type")
        if kind in RATING_TYPES:
            rating = ratings.get(kind)
            if not isinstance(rating, dict):
                known = ", ".join(map(str, ratings)) or "–"
                yield ("items", name, "type"), Invalid(MSG["rating_scale"], known=known, value=kind)
                continue
            groups = rating.get("labels") if isinstance(rating.get("labels"), dict) else {}
            scale = node.get("scale")
            if scale is not None and (not isinstance(scale, str) or scale not in groups):
                known = ", ".join(map(str, groups)) or "–"
                yield ("items", name, "scale"), Invalid(MSG["scale"], known=known, value=scale)
            continue
        known = ", ".join(map(str, scales)) or "–"
        scale = node.get("scale", "yesno" if kind == "yesno" and not node.get("codes") else None)
        if scale is not None and (not isinstance(scale, str) or scale not in scales):
            yield ("items", name, "scale"), Invalid(MSG["scale"], known=known, value=scale)


def _item(name: str, entry: ItemEntry, scales: dict[str, dict[str, Message]], ratings: dict[str, RatingScale]) -> Item:
    scale = entry.scale or ("yesno" if entry.type == "yesno" and not entry.codes else None)
    if entry.type in RATING_TYPES:
        codes = ratings[entry.type].codes(scale)
    elif scale:
        codes = dict(scales[scale])
    else:
        codes = {code: label.message() for code, label in (entry.codes or {}).items()}
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


def _labels(codes: dict[str, Label]) -> dict[str, Message]:
    return {code: label.message() for code, label in codes.items()}


def _codebook(model: CodebookFile) -> Codebook:
    scales = {name: _labels(codes) for name, codes in model.scales.items()}
    ratings = {
        name: RatingScale(
            name=name,
            min=entry.min,
            max=entry.max,
            no_answer=tuple(entry.no_answer),
            label=entry.label.message(),
            labels={group: _labels(codes) for group, codes in entry.labels.items()},
        )
        for name, entry in model.rating_scales.items()
    }
    items = {name: _item(name, entry, scales, ratings) for name, entry in model.items.items()}
    # a rating group's codes on its items' default scale (a mapping's scales: section names these groups)
    for item in items.values():
        if item.rating and item.scale:
            scales.setdefault(item.scale, dict(item.codes))
    return Codebook(
        version=model.version,
        items=items,
        no_answer=tuple(model.no_answer),
        scales=scales,
        origin_categories={code: label.message() for code, label in model.desk_count_origins.items()},
        rating_scales=ratings,
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
