"""schema.py: a YAML file validated against a pydantic model, every problem reported in French and English
with the file, the field, what was expected and what was found."""

from __future__ import annotations

from typing import Annotated, Literal

import pytest
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from smq_analytics import schema
from smq_analytics.i18n import LocalizedError, Message, format_number
from smq_analytics.schema import Invalid

WHERE = Message("dossier/f.yaml", "dossier/f.yaml")
LOW, HIGH = 1, 12_500


class Problem(LocalizedError):
    """The error class a caller chooses (ParameterError, IngestError…)."""


def _even(value: int) -> int:
    if value % 2:
        raise Invalid(Message("{field} {value} impair (pair attendu)", "{field} {value} is odd (even expected)"))
    return value


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    code: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    count: Annotated[int, Field(ge=LOW, le=HIGH)] = 1
    even: Annotated[int, AfterValidator(_even)] = 0


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    name: str
    kind: Literal["art", "history"]
    active: bool = False
    share: float = 0.0
    entries: list[Entry] = Field(default_factory=list)


def write(tmp_path, text: str):
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path, text: str) -> tuple[list[str], list[str]]:
    with pytest.raises(Problem) as info:
        schema.load(write(tmp_path, text), Document, WHERE, Problem)
    return info.value.message.fr.splitlines(), info.value.message.en.splitlines()


def test_a_good_file_gives_the_model(tmp_path):
    model = schema.load(
        write(tmp_path, "name: A\nkind: art\nentries: [{code: AB, count: 3}]\n"), Document, WHERE, Problem
    )
    assert model == Document(name="A", kind="art", entries=[Entry(code="AB", count=3)])


def test_three_different_mistakes_are_all_reported_in_both_languages(tmp_path):
    fr, en = problems(tmp_path, "kind: zoo\nactive: oui\nentries: [{code: AB}, {code: ab}]\n")
    assert fr == [
        "dossier/f.yaml : champ obligatoire « name » absent",
        "dossier/f.yaml : kind « zoo » inconnu (art | history attendu)",
        "dossier/f.yaml : active « oui » n'est pas un booléen (true ou false attendu)",
        "dossier/f.yaml : entries[2].code « ab » n'a pas la forme attendue (motif ^[A-Z]{2}$)",
    ]
    assert en == [
        "dossier/f.yaml: required field 'name' is missing",
        "dossier/f.yaml: kind 'zoo' is unknown (art | history expected)",
        "dossier/f.yaml: active 'oui' is not a boolean (true or false expected)",
        "dossier/f.yaml: entries[2].code 'ab' does not have the expected form (pattern ^[A-Z]{2}$)",
    ]


def test_an_unknown_key_lists_the_known_keys_of_its_own_level(tmp_path):
    fr, en = problems(tmp_path, "name: A\nkind: art\nnom: B\nentries: [{code: AB, cuont: 2}]\n")
    top = ", ".join(Document.model_fields)
    inner = ", ".join(Entry.model_fields)
    assert fr == [
        f"dossier/f.yaml : champ inconnu « entries[1].cuont » (champs permis : {inner})",
        f"dossier/f.yaml : champ inconnu « nom » (champs permis : {top})",
    ]
    assert en[1] == f"dossier/f.yaml: unknown field 'nom' (allowed fields: {top})"


def test_a_yaml_syntax_error_names_the_file_and_the_line(tmp_path):
    text = "name: A\nkind: art\nentries: [{code: AB}\n"
    fr, en = problems(tmp_path, text)
    line = len(text.splitlines()) + 1  # the parser notices the missing bracket at the end
    assert fr[0].startswith(f"dossier/f.yaml : YAML invalide ligne {line} (")
    assert en[0].startswith(f"dossier/f.yaml: invalid YAML at line {line} (")


def test_a_document_that_is_not_a_mapping_is_refused(tmp_path):
    fr, en = problems(tmp_path, "- a\n- b\n")
    assert fr == ["dossier/f.yaml : un dictionnaire de champs (clé: valeur) est attendu"]
    assert en == ["dossier/f.yaml: a mapping of fields (key: value) is expected"]


def test_bounds_are_quoted_in_quebec_and_english_number_formats(tmp_path):
    fr, en = problems(
        tmp_path, f"name: A\nkind: art\nentries: [{{code: AB, count: {HIGH + 1}}}, {{code: CD, count: 0}}]\n"
    )
    assert fr == [
        f"dossier/f.yaml : entries[1].count {HIGH + 1} trop grand ({format_number(HIGH, 0, 'fr')} au plus attendu)",
        f"dossier/f.yaml : entries[2].count 0 trop petit ({LOW} au moins attendu)",
    ]
    assert (
        en[0]
        == f"dossier/f.yaml: entries[1].count {HIGH + 1} is too large (at most {format_number(HIGH, 0, 'en')} expected)"
    )
    assert "\u00a0" in fr[0] and "," in en[0]


def test_type_errors_name_the_value_found(tmp_path):
    fr, en = problems(tmp_path, "name: 12\nkind: art\nshare: beaucoup\nentries: {code: AB}\n")
    assert fr == [
        "dossier/f.yaml : name doit être un texte, pas « 12 »",
        "dossier/f.yaml : share « beaucoup » n'est pas un nombre",
        "dossier/f.yaml : entries doit être une liste, pas « {'code': 'AB'} »",
    ]
    assert en[1] == "dossier/f.yaml: share 'beaucoup' is not a number"


def test_a_custom_rule_reads_like_the_others(tmp_path):
    fr, en = problems(tmp_path, "name: A\nkind: art\nentries: [{code: AB, even: 3}]\n")
    assert fr == ["dossier/f.yaml : entries[1].even 3 impair (pair attendu)"]
    assert en == ["dossier/f.yaml: entries[1].even 3 is odd (even expected)"]


def test_rules_across_entries_run_even_when_the_model_refuses_the_file(tmp_path):
    def codes_once(document):
        seen = set()
        for position, entry in enumerate(document.get("entries", [])):
            if entry.get("code") in seen:
                yield (
                    ("entries", position, "code"),
                    Invalid(Message("{field} « {value} » en double", "{field} '{value}' listed twice")),
                )
            seen.add(entry.get("code"))

    with pytest.raises(Problem) as info:
        schema.load(
            write(tmp_path, "kind: art\nentries: [{code: AB}, {code: AB}]\n"),
            Document,
            WHERE,
            Problem,
            rules=(codes_once,),
        )
    assert info.value.message.fr.splitlines() == [
        "dossier/f.yaml : champ obligatoire « name » absent",
        "dossier/f.yaml : entries[2].code « AB » en double",
    ]


def test_an_empty_key_counts_as_absent(tmp_path):
    fr, _ = problems(tmp_path, "name:\nkind: art\nactive:\n")
    assert fr == ["dossier/f.yaml : champ obligatoire « name » absent"]


def test_an_error_type_without_its_own_phrase_falls_back_to_field_value_and_detail():
    class Short(BaseModel):
        tags: Annotated[list[str], Field(max_length=1)]

    with pytest.raises(ValidationError) as info:
        Short.model_validate({"tags": ["a", "b"]})
    [line] = schema.messages(info.value, Short, WHERE)
    detail = info.value.errors()[0]["msg"]
    assert line.fr == f"dossier/f.yaml : tags « ['a', 'b'] » invalide ({detail})"
    assert line.en == f"dossier/f.yaml: tags '['a', 'b']' is invalid ({detail})"


@pytest.mark.parametrize(
    "loc, path",
    [
        (("targets", 0, "value"), "targets[1].value"),
        (("columns", "info_sources", "options"), "columns.info_sources.options"),
        (("codes", 4, "[key]"), "codes[5]"),
        ((), "(document)"),
    ],
)
def test_field_paths_count_list_positions_from_one(loc, path):
    assert schema.field_path(loc) == path


@pytest.mark.parametrize("value", [44.9, -79.8, 2026, 100_000_000, 0, 1])
def test_numbers_in_messages_follow_each_language(value):
    fr, en = schema.number_text(value, "fr"), schema.number_text(value, "en")
    if float(value).is_integer():
        grouped = abs(value) >= 10_000
        assert fr == (format_number(value, 0, "fr") if grouped else str(value))
        assert en == (format_number(value, 0, "en") if grouped else str(value))
    else:
        assert fr == str(value).replace(".", ",") and en == str(value)
