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
        if node["type"] in codebook.RATING_TYPES:
            rating = document["rating_scales"][node["type"]]
            labels = {code_text(c): (m["fr"], m["en"]) for c, m in rating["labels"][scale].items()}
            every_code = [str(c) for c in range(rating["max"], rating["min"] - 1, -1)]
            expected = {code: labels.get(code, (code, code)) for code in every_code}
        else:
            source = document["scales"][scale] if scale else node.get("codes") or {}
            expected = {code_text(code): (label["fr"], label["en"]) for code, label in source.items()}
        assert {code: (label.fr, label.en) for code, label in item.codes.items()} == expected


GOOD_LABEL = {"fr": "Question", "en": "Question"}


def test_a_codebook_with_three_mistakes_reports_all_three_in_both_languages(tmp_path):
    document = {
        "rating_scales": {
            "scale4": {
                "min": 1,
                "max": 4,
                "label": GOOD_LABEL,
                "labels": {"satisfaction": {4: {"fr": "Très satisfait", "en": "Very satisfied"}}},
            }
        },
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


def test_the_shipped_rating_scales_define_four_five_and_eleven_points_each_with_its_no_answer_codes():
    document = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))["rating_scales"]
    book = load_codebook()
    assert set(book.rating_scales) == set(codebook.RATING_TYPES) == set(document)
    for name, node in document.items():
        scale = book.rating_scale(name)
        assert (scale.min, scale.max, scale.no_answer) == (node["min"], node["max"], tuple(map(str, node["no_answer"])))
        assert len(scale.codes("satisfaction")) == node["max"] - node["min"] + 1
        assert scale.top_two == (node["max"] - 1, node["max"])
        # a no-answer code is never a score of its own scale
        assert not any(c.isdigit() and node["min"] <= int(c) <= node["max"] for c in scale.no_answer)
    # labelled in both languages: every code on 4 and 5 points, the ends on 0–10
    for name in ("scale4", "scale5"):
        for group in ("satisfaction", "recommendation"):
            assert set(book.rating_scale(name).labels[group]) == set(map(str, range(1, document[name]["max"] + 1)))
    assert all(set(labels) == {"0", "10"} for labels in book.rating_scale("scale0_10").labels.values())


def test_satisfaction_and_recommendation_items_keep_the_four_point_scale_by_default():
    book = load_codebook()
    rated = [item for item in book.items.values() if item.rating]
    assert {item.name for item in rated} == {n for n in book.items if n.startswith("sat_")} | {"recommend"}
    assert {item.type for item in rated} == {"scale4"}
    assert list(book.item("sat_overall").codes) == ["4", "3", "2", "1"]


def test_an_item_on_another_scale_takes_that_scales_codes_and_its_groups_labels():
    book = load_codebook()
    five = book.on_scale("sat_overall", "scale5")
    assert (five.type, five.scale, list(five.codes)) == ("scale5", "satisfaction", ["5", "4", "3", "2", "1"])
    assert five.codes["5"] == book.rating_scale("scale5").labels["satisfaction"]["5"]
    eleven = book.on_scale("recommend", "scale0_10")
    assert list(eleven.codes) == [str(c) for c in range(10, -1, -1)]
    assert (
        eleven.codes["7"].fr == "7"
        and eleven.codes["10"] == book.rating_scale("scale0_10").labels["recommendation"]["10"]
    )
    assert book.item("sat_overall").type == "scale4"  # the codebook itself is unchanged


def test_a_rating_scale_whose_labels_or_no_answer_codes_leave_the_scale_is_refused():
    document = {
        "rating_scales": {
            "scale5": {
                "min": 1,
                "max": 5,
                "no_answer": [0, 3],
                "label": GOOD_LABEL,
                "labels": {"satisfaction": {6: GOOD_LABEL}},
            }
        },
        "items": {"sat_overall": {"type": "scale4", "scale": "satisfaction", "label": GOOD_LABEL}},
    }
    with pytest.raises(CodebookError) as info:
        parse_codebook(document)
    fr, en = info.value.message.fr.splitlines(), info.value.message.en.splitlines()
    assert fr == [
        "codebook : rating_scales.scale5.labels.satisfaction : codes 6 hors de l'échelle 1–5",
        "codebook : items.sat_overall.type « scale4 » : échelle de notation absente de rating_scales (scale5 attendu)",
    ]
    assert en[1] == (
        "codebook: items.sat_overall.type 'scale4': rating scale not declared in rating_scales (scale5 expected)"
    )
