"""Read a YAML file and validate it against a pydantic model, reporting every problem in French and English.

One job: turn a YAML document into a validated pydantic model, or into one `LocalizedError` that lists
every problem of the file, each line naming the file, the field (dotted path, list positions counted
from 1: `targets[2].value`), what was expected and what was found. Museum and cohort parameters
(params.py), the codebook (codebook.py) and mapping files (ingest/mapping.py) describe their files
with pydantic models and call `load`; see docs/ARCHITECTURE.md, « Validating YAML files ».

Why one module: the three hand-written validators it replaces each phrased, counted and stopped
differently (one collected every problem, two stopped at the first). Here the phrasing lives in one
table per pydantic error type (`PHRASES`), so a museum file and a mapping file say « champ
obligatoire absent » the same way, and a person fixing a file sees all of its problems at once.

Rules a type cannot state (a range that depends on another field, a code that must exist in a
reference table) raise `Invalid` from a pydantic validator: it carries its own French and English
template, filled with the field path and the value found, so custom rules read like the others.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .i18n import LocalizedError, Message, format_number

# libyaml's safe loader when PyYAML has it (a tenth of the pure-Python loader's time, the same documents and
# error marks), else the pure-Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ModelT = TypeVar("ModelT", bound=BaseModel)

# Technical steps pydantic puts in an error location; they are not fields a person can find in the file.
_INTERNAL_STEP = re.compile(
    r"^(\[key\]|function-(?:after|before|wrap|plain)\[.*\]"
    r"|(?:list|dict|tuple|set|frozenset|tagged-union|union|chain)\[.*\])$"
)


class Invalid(ValueError):
    """A rule a custom validator enforces, phrased in both languages.

    `message` is a template that may use {field} (the dotted path of the field) and {value} (what the
    file holds); `values` fill its other placeholders (a `Message` value gives each language its own
    text, e.g. a bound in Quebec format: `number_message(44.9)`). `field` names a sub-field or a list
    position (from 0) when the rule is checked on the enclosing model or list: a target's value range
    depends on its indicator, so the problem is reported on `targets[1].value`, not on `targets[1]`.
    """

    def __init__(self, message: Message, field: str | int | None = None, **values: Any):
        super().__init__(message.en)
        self.message = message
        self.field = field
        self.values = values


def number_text(value: Any, lang: str = "fr") -> str:
    """A bound quoted in a message, in the reader's number format: 44,9 · 100 000 000 (fr), 44.9 · 100,000,000 (en)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if float(value).is_integer():
        # years and other numbers below 10 000 are not grouped (2026, not 2 026)
        return format_number(value, 0, lang) if abs(value) >= 10_000 else str(int(value))
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "fr" else text


def number_message(value: Any) -> Message:
    """A number as quoted in each language (see `number_text`)."""
    return Message(number_text(value, "fr"), number_text(value, "en"))


def _m(fr: str, en: str) -> Message:
    return Message(fr, en)


_NUMBER = _m("{field} « {value} » n'est pas un nombre", "{field} '{value}' is not a number")
_WHOLE = _m("{field} « {value} » n'est pas un nombre entier", "{field} '{value}' is not a whole number")
_BOOLEAN = _m(
    "{field} « {value} » n'est pas un booléen (true ou false attendu)",
    "{field} '{value}' is not a boolean (true or false expected)",
)
_MAPPING = _m(
    "{field} : un dictionnaire (clé: valeur) est attendu, pas « {value} »",
    "{field}: a mapping (key: value) is expected, not '{value}'",
)

# The phrase of each pydantic error type (https://docs.pydantic.dev/latest/errors/validation_errors/).
# Placeholders: {field}, {value}, {allowed} (extra_forbidden), {expected} (literal_error), and the
# error's own context (ge, le, pattern, min_length…), numbers in the reader's format.
PHRASES: dict[str, Message] = {
    "missing": _m("champ obligatoire « {field} » absent", "required field '{field}' is missing"),
    "extra_forbidden": _m(
        "champ inconnu « {field} » (champs permis : {allowed})", "unknown field '{field}' (allowed fields: {allowed})"
    ),
    "literal_error": _m(
        "{field} « {value} » inconnu ({expected} attendu)", "{field} '{value}' is unknown ({expected} expected)"
    ),
    "enum": _m(
        "{field} « {value} » inconnu ({expected} attendu)", "{field} '{value}' is unknown ({expected} expected)"
    ),
    "string_pattern_mismatch": _m(
        "{field} « {value} » n'a pas la forme attendue (motif {pattern})",
        "{field} '{value}' does not have the expected form (pattern {pattern})",
    ),
    "greater_than_equal": _m(
        "{field} {value} trop petit ({ge} au moins attendu)", "{field} {value} is too small (at least {ge} expected)"
    ),
    "greater_than": _m(
        "{field} {value} trop petit (plus de {gt} attendu)", "{field} {value} is too small (more than {gt} expected)"
    ),
    "less_than_equal": _m(
        "{field} {value} trop grand ({le} au plus attendu)", "{field} {value} is too large (at most {le} expected)"
    ),
    "less_than": _m(
        "{field} {value} trop grand (moins de {lt} attendu)", "{field} {value} is too large (less than {lt} expected)"
    ),
    "int_parsing": _WHOLE,
    "int_type": _WHOLE,
    "int_from_float": _WHOLE,
    "float_parsing": _NUMBER,
    "float_type": _NUMBER,
    "finite_number": _NUMBER,
    "bool_parsing": _BOOLEAN,
    "bool_type": _BOOLEAN,
    "string_type": _m("{field} doit être un texte, pas « {value} »", "{field} must be a text, not '{value}'"),
    "string_too_short": _m("{field} doit être un texte non vide", "{field} must be a non-empty text"),
    "too_short": _m("{field} : au moins {min_length} élément attendu", "{field}: at least {min_length} item expected"),
    "list_type": _m("{field} doit être une liste, pas « {value} »", "{field} must be a list, not '{value}'"),
    "dict_type": _MAPPING,
    "model_type": _MAPPING,
    "model_attributes_type": _MAPPING,
}
# Any other error type: the field, the value and pydantic's own (English) explanation.
FALLBACK = _m("{field} « {value} » invalide ({detail})", "{field} '{value}' is invalid ({detail})")

FILE_MESSAGES = {
    "read": _m("lecture impossible ({error})", "cannot be read ({error})"),
    "yaml": _m("YAML invalide ligne {line} ({error})", "invalid YAML at line {line} ({error})"),
    "not_mapping": _m(
        "un dictionnaire de champs (clé: valeur) est attendu", "a mapping of fields (key: value) is expected"
    ),
}


# --- reading --------------------------------------------------------------------------------------


def file_label(path: Path, root: Path | None) -> str:
    """The file as a person would name it: relative to the project folder when inside it."""
    if root is not None:
        try:
            return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def _problem(where: Message, body: Message) -> Message:
    """« where : body » in French, "where: body" in English (the wording of every file error)."""
    return Message(f"{where.fr} : {body.fr}", f"{where.en}: {body.en}")


def parse_yaml(text: str, where: Message, error: type[LocalizedError]) -> Any:
    """The YAML document in `text`; a syntax error names the line (counted from 1) and the problem."""
    try:
        return yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise error(_problem(where, FILE_MESSAGES["yaml"].format(line=line, error=problem))) from None


def read_yaml(path: Path, where: Message, error: type[LocalizedError]) -> dict:
    """The top-level dictionary of a YAML file; an unreadable file, bad YAML or another shape raise `error`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(_problem(where, FILE_MESSAGES["read"].format(error=exc))) from exc
    return expect_mapping(parse_yaml(text, where, error), where, error)


def expect_mapping(document: Any, where: Message, error: type[LocalizedError]) -> dict:
    if not isinstance(document, dict):
        raise error(_problem(where, FILE_MESSAGES["not_mapping"]))
    return document


def without_nulls(node: Any) -> Any:
    """The document with every `key:` left empty (null) removed, in dictionaries at any depth.

    An empty key means "not given" in a hand-written YAML file: a required field left empty is
    reported missing, an optional one takes its default. Lists keep their nulls (an empty list item
    is a value the model judges).
    """
    if isinstance(node, dict):
        return {key: without_nulls(value) for key, value in node.items() if value is not None}
    if isinstance(node, list):
        return [without_nulls(value) for value in node]
    return node


# --- validating -----------------------------------------------------------------------------------


def field_path(loc: tuple) -> str:
    """('targets', 0, 'value') -> 'targets[1].value': positions counted from 1, as a person counts."""
    text = ""
    for step in loc:
        if isinstance(step, int):
            text += f"[{step + 1}]"
        elif not _INTERNAL_STEP.match(str(step)):
            text += f".{step}" if text else str(step)
    return text or "(document)"


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside an annotation: X, list[X], dict[str, X], X | None, Annotated[X, ...]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None:
        return None
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        args = args[:1]
    for arg in args:
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that validated the value at `loc` (to list its fields)."""
    current: type[BaseModel] | None = model
    for step in loc:
        if current is None:
            return None
        if isinstance(step, str) and step in current.model_fields:
            current = _inner_model(current.model_fields[step].annotation)
    return current


def _value_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (dict, list)):
        text = " ".join(str(value).split())
        return text if len(text) <= 60 else text[:57] + "…"
    return str(value)


def _choices(expected: str) -> str:
    """pydantic's "'art', 'history' or 'other'" as 'art | history | other'."""
    names = re.findall(r"'([^']*)'", expected) or re.split(r", | or ", expected)
    return " | ".join(names)


def invalid_message(found: Invalid, loc: tuple, value: Any, where: Message) -> Message:
    """The line of a custom rule: its template filled with the field path and the value found there."""
    step = found.field
    path = field_path(loc + ((step,) if step is not None else ()))
    if isinstance(step, str) and isinstance(value, dict):
        value = value.get(step, value)
    elif isinstance(step, int) and isinstance(value, (list, tuple)) and step < len(value):
        value = value[step]
    values = {"value": _value_text(value), **found.values}  # a rule may name the value itself
    body = Message(
        *(
            getattr(found.message, lang).format(
                field=path, **{k: getattr(v, lang) if isinstance(v, Message) else v for k, v in values.items()}
            )
            for lang in ("fr", "en")
        )
    )
    return _problem(where, body)


def messages(
    error: ValidationError, model: type[BaseModel], where: Message, phrases: dict[str, Message] | None = None
) -> list[Message]:
    """One bilingual line per pydantic error: « where : field … expected … found »."""
    table = {**PHRASES, **(phrases or {})}
    lines: list[Message] = []
    for entry in error.errors(include_url=False):
        loc, kind, ctx = tuple(entry["loc"]), entry["type"], entry.get("ctx") or {}
        value = entry.get("input")
        found = ctx.get("error")
        if isinstance(found, Invalid):
            lines.append(invalid_message(found, loc, value, where))
            continue
        values = {"field": field_path(loc), "value": _value_text(value), "detail": entry["msg"]}
        if kind == "extra_forbidden":
            owner = _model_at(model, loc[:-1])
            values["allowed"] = ", ".join(owner.model_fields) if owner is not None else "?"
        if kind in ("literal_error", "enum"):
            values["expected"] = _choices(str(ctx.get("expected", "")))
        template = table.get(kind, FALLBACK)
        fr = template.fr.format(**values, **{k: number_text(v, "fr") for k, v in ctx.items() if k not in values})
        en = template.en.format(**values, **{k: number_text(v, "en") for k, v in ctx.items() if k not in values})
        lines.append(_problem(where, Message(fr, en)))
    return lines


def joined(lines: list[Message]) -> Message:
    """Several problems as one message, one per line."""
    return Message("\n".join(line.fr for line in lines), "\n".join(line.en for line in lines))


# A rule across entries of the document (two targets for the same year, an item naming a scale the
# file does not declare): it reads the raw document and yields (location, Invalid) for each problem.
# Rules run even when the model refuses the file, so a file's every problem is reported at once; a
# rule must therefore skip what it cannot read (the model reports that).
Rule = Callable[[Any], Iterable[tuple[tuple, Invalid]]]


def validate(
    model: type[ModelT],
    document: Any,
    where: Message,
    error: type[LocalizedError],
    *,
    context: dict | None = None,
    phrases: dict[str, Message] | None = None,
    rules: Iterable[Rule] = (),
) -> ModelT:
    """`document` as a `model`, or `error` listing every problem of the file, one per line:
    the model's (types, ranges, choices, custom validators), then the cross-entry `rules`."""
    lines: list[Message] = []
    result = None
    try:
        result = model.model_validate(document, context=context)
    except ValidationError as exc:
        lines = messages(exc, model, where, phrases)
    for rule in rules:
        for loc, found in rule(document):
            lines.append(invalid_message(found, loc, _at(document, loc), where))
    if lines or result is None:
        raise error(joined(lines))
    return result


def _at(document: Any, loc: tuple) -> Any:
    """The raw value at `loc` (None when the path does not exist)."""
    for step in loc:
        try:
            document = document[step]
        except (KeyError, IndexError, TypeError):
            return None
    return document


def load(
    path: Path,
    model: type[ModelT],
    where: Message,
    error: type[LocalizedError],
    *,
    context: dict | None = None,
    phrases: dict[str, Message] | None = None,
    rules: Iterable[Rule] = (),
    drop_nulls: bool = True,
) -> ModelT:
    """Read the YAML file at `path` and validate it against `model` and `rules` (see `validate`)."""
    document = read_yaml(path, where, error)
    return validate(
        model,
        without_nulls(document) if drop_nulls else document,
        where,
        error,
        context=context,
        phrases=phrases,
        rules=rules,
    )
