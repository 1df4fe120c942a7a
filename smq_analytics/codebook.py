"""The canonical survey codebook (data/reference/codebook.yaml): items, types, codes, labels.

Ingest brings every export to these items; notebooks use the labels to name answers. Codes are
strings here ("4", "true", "car") whatever type YAML gave them, so callers compare like with like.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from .i18n import LocalizedError, Message
from .paths import reference_dir

ITEM_TYPES = frozenset({
    "scale4", "scale0_10", "yesno", "category", "multi", "date", "integer", "postal_code", "text",
    "province", "country",
})
LABELLED_TYPES = frozenset({"scale4", "yesno", "category", "multi"})


def code_text(key) -> str:
    """A YAML key as a code: True -> 'true', 4 -> '4', 'car' -> 'car'."""
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _message(node, where: str) -> Message:
    if not isinstance(node, dict) or not {"fr", "en"} <= set(node):
        raise LocalizedError(Message(
            f"codebook : libellé fr/en attendu pour {where}",
            f"codebook: fr/en label expected for {where}"))
    return Message(str(node["fr"]), str(node["en"]))


def _codes(node, where: str) -> dict[str, Message]:
    return {code_text(code): _message(label, f"{where}.{code}") for code, label in (node or {}).items()}


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
    origin_categories: dict[str, Message]   # desk-count origin categories, in display order

    def item(self, name: str) -> Item:
        try:
            return self.items[name]
        except KeyError:
            raise LocalizedError(Message(
                f"question inconnue du codebook : « {name} »",
                f"item not in the codebook: '{name}'")) from None

    def required(self) -> list[Item]:
        return [item for item in self.items.values() if item.required]

    def label(self, item: str, code, lang: str = "fr") -> str:
        """The answer label of a code, e.g. label('sat_overall', 4) -> 'Très satisfait'."""
        message = self.item(item).codes.get(code_text(code))
        return message(lang) if message else str(code)


def _item(name: str, node: dict, scales: dict[str, dict[str, Message]]) -> Item:
    kind = node.get("type")
    if kind not in ITEM_TYPES:
        raise LocalizedError(Message(
            f"codebook : type « {kind} » inconnu pour {name}",
            f"codebook: unknown type '{kind}' for {name}"))
    scale = node.get("scale")
    if kind == "yesno":
        scale = scale or "yesno"
    if scale is not None and scale not in scales:
        raise LocalizedError(Message(
            f"codebook : échelle « {scale} » inconnue pour {name}",
            f"codebook: unknown scale '{scale}' for {name}"))
    codes = dict(scales[scale]) if scale else _codes(node.get("codes"), name)
    if kind in LABELLED_TYPES and not codes:
        raise LocalizedError(Message(
            f"codebook : codes attendus pour {name}", f"codebook: codes expected for {name}"))
    return Item(
        name=name, type=kind, required=bool(node.get("required", False)),
        label=_message(node.get("label"), name), codes=codes, scale=scale,
        min=node.get("min"), max=node.get("max"),
    )


def parse_codebook(document: dict) -> Codebook:
    scales = {name: _codes(codes, name) for name, codes in (document.get("scales") or {}).items()}
    items = {name: _item(name, node, scales) for name, node in (document.get("items") or {}).items()}
    return Codebook(
        version=int(document.get("version", 1)),
        items=items,
        no_answer=tuple(str(v) for v in document.get("no_answer") or ()),
        scale4_no_answer=tuple(str(v) for v in document.get("scale4_no_answer") or ()),
        scales=scales,
        origin_categories=_codes(document.get("desk_count_origins"), "desk_count_origins"),
    )


@cache
def _load(path: Path) -> Codebook:
    with path.open(encoding="utf-8") as handle:
        return parse_codebook(yaml.safe_load(handle) or {})


def load_codebook(path: str | Path | None = None) -> Codebook:
    """The codebook shipped in data/reference/codebook.yaml (or another file), read once."""
    return _load(Path(path).resolve() if path else reference_dir() / "codebook.yaml")
