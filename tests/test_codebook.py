"""The codebook (data/reference/codebook.yaml): the shipped file validates item by item, a bad one is
refused with every problem named, in French and English."""

from __future__ import annotations

import pytest
import yaml

from smq_analytics import codebook
from smq_analytics.codebook import CodebookError, code_text, load_codebook, parse_codebook
from smq_analytics.paths import reference_dir

SHIPPED = reference_dir() / "codebook.yaml"


def test_the_shipped_codebook_loads_every_item_with_its_codes():
    document = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    book = load_codebook()
    assert list(book.items) == list(document["items"])
    assert book.no_answer == tuple(map(str, document["no_answer"]))
    assert list(book.origin_categories) == list(document["desk_count_origins"])
    for name, node in document["items"].items():
        item = book.item(name)
        assert (item.type, item.required, item.label.fr, item.label.en) == (
            node["type"],
            node.get("required", False),
            node["label"]["fr"],
            node["label"]["en"],
        )
        scale = node.get("scale") or ("yesno" if node["type"] == "yesno" else None)
        source = document["scales"][scale] if scale else node.get("codes") or {}
        assert {code: (label.fr, label.en) for code, label in item.codes.items()} == {
            code_text(code): (label["fr"], label["en"]) for code, label in source.items()
        }


GOOD_LABEL = {"fr": "Question", "en": "Question"}


def test_a_codebook_with_three_mistakes_reports_all_three_in_both_languages(tmp_path):
    document = {
        "scales": {"satisfaction": {4: {"fr": "Très satisfait", "en": "Very satisfied"}}},
        "items": {
            "sat_overall": {"type": "scale4", "scale": "satisfation", "label": GOOD_LABEL},
            "age_band": {"type": "category", "label": {"fr": "Âge"}, "codes": {"a": GOOD_LABEL}},
            "nights": {"type": "number", "label": GOOD_LABEL},
        },
    }
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    fr, en = info.value.message.fr.splitlines(), info.value.message.en.splitlines()
    file = str(path.resolve())
    assert len(fr) == len(en) == 3
    assert all(line.startswith(f"{file} : ") for line in fr) and all(line.startswith(f"{file}: ") for line in en)
    types = " | ".join(sorted(codebook.ITEM_TYPES))
    assert fr[0].endswith("champ obligatoire « items.age_band.label.en » absent")
    assert fr[1].endswith(f"items.nights.type « number » inconnu ({types} attendu)")
    assert fr[2].endswith("items.sat_overall.scale « satisfation » : échelle absente de scales (satisfaction attendu)")
    assert en[2].endswith("items.sat_overall.scale 'satisfation': scale not declared in scales (satisfaction expected)")


def test_a_coded_item_needs_its_codes_and_a_codebook_its_known_sections():
    with pytest.raises(CodebookError) as info:
        parse_codebook({"items": {"party_type": {"type": "category", "label": GOOD_LABEL}}, "item": {}})
    assert info.value.message.fr.splitlines() == [
        "codebook : items.party_type : codes attendus pour une question de type category (codes: ou scale:)",
        "codebook : champ inconnu « item » (champs permis : " + ", ".join(codebook.CodebookFile.model_fields) + ")",
    ]
