"""Themes of visitors' comments (smq_analytics/comments.py, data/reference/comment_themes.yaml): tagging
in French and English, counts and shares per theme, deterministic redacted quotes, small themes and
small museums withheld, and a theme file with mistakes refused in both languages."""

from __future__ import annotations

import html
import random

import numpy as np
import pandas as pd
import pytest
import yaml

from smq_analytics import comments
from smq_analytics.comments import OTHER, ThemeError, fold_words, load_themes, tag, theme_summary
from smq_analytics.demo.profiles import COMMENTS
from smq_analytics.paths import reference_dir
from smq_analytics.privacy import MASKS, MIN_CELL
from smq_analytics.reference import fold_name

SHIPPED = reference_dir() / "comment_themes.yaml"


def themes_of(text: str) -> tuple[str, ...]:
    return tag([text])["themes"].iloc[0]


# --- tagging --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("L'ACCUEIL était chaleureux", ("staff",)),  # elision, capitals
        ("Les préposés sont très aimables", ("staff",)),  # accents, plural of a stem
        ("Belles EXPOSITIONS temporaires", ("exhibitions",)),
        ("Des œuvres magnifiques", ("exhibitions",)),  # the ligature is spelled out
        ("Les prix sont élevés", ("price",)),  # a whole word in the plural (-x stays -x)
        ("Trop cher pour nous", ("price",)),
        ("Les bancs manquaient", ("comfort",)),  # a whole word with its plural -s
        ("Pas de stationnement gratuit", ("price", "access")),
        ("On s'est perdus, aucune indication", ("wayfinding",)),
        ("Salles de bain propres", ("amenities", "comfort")),  # the longest keyword wins: not an exhibition room
        ("Rien en anglais pour mon conjoint", ("language",)),
        ("Belle découverte, on reviendra!", ("general",)),  # the visit as a whole
    ],
)
def test_french_comments_are_tagged_whatever_their_case_accents_plurals_and_elisions(text, expected):
    assert themes_of(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The STAFF were so friendly", ("staff",)),
        ("Great exhibits, very informative", ("exhibitions",)),
        ("Tickets are overpriced", ("price",)),
        ("No wheelchair ramp at the side door", ("access",)),
        ("Poor signage from the highway", ("wayfinding",)),
        ("Loved the gift shop", ("amenities",)),
        ("We waited an hour in the queue", ("comfort",)),
        ("Our kids had fun", ("families",)),
        ("Please add more English texts", ("language",)),
        ("We will come back and recommend it", ("general",)),
    ],
)
def test_english_comments_are_tagged_with_the_english_keywords(text, expected):
    assert themes_of(text) == expected


def test_a_comment_about_two_things_gets_both_themes_in_the_files_order():
    order = load_themes().keys()
    found = themes_of("Le personnel était gentil mais le café était fermé")
    assert set(found) == {"staff", "amenities"}
    assert list(found) == sorted(found, key=order.index)


def test_a_comment_matching_no_keyword_is_other_and_a_blank_answer_is_no_comment():
    tagged = tag(["Rien à signaler", "", "   ", None, float("nan")], lang="en")
    assert tagged["themes"].tolist() == [(OTHER,), (), (), (), ()]
    assert tagged["labels"].iloc[0] == (load_themes().other.en,)


def test_tagging_keeps_the_index_of_the_comments_and_labels_follow_the_language():
    series = pd.Series(["Superbe exposition"], index=[42])
    lexicon = load_themes()
    for lang in ("fr", "en"):
        tagged = tag(series, lang=lang)
        assert tagged.index.tolist() == [42]
        assert tagged["labels"].iloc[0] == (lexicon.label("exhibitions", lang),)


def test_an_unknown_theme_is_named_with_the_known_ones():
    with pytest.raises(comments.LocalizedError) as info:
        load_themes().label("weather", "en")
    known = " | ".join(load_themes().keys())
    assert info.value.message.en == f"unknown theme 'weather' ({known} expected)"


def test_words_are_folded_by_the_name_folding_rule():
    text = "L'Accueil des Œuvres, près du CAFÉ-boutique"
    words = fold_words(text)
    assert words[:2] == ["l", "accueil"] and "oeuvres" in words
    # every folded word is what reference.fold_name gives for that word (one home per rule)
    for word in ("L", "Accueil", "des", "près", "du", "CAFÉ", "boutique"):
        assert fold_name(word) in words


def test_a_masked_detail_never_decides_a_theme():
    """Comments are tagged after redaction: the masks' own words belong to no theme."""
    for mask in MASKS.values():
        for lang in ("fr", "en"):
            assert themes_of(mask(lang)) == (OTHER,)
    # a name introduced by « je m'appelle » is masked before tagging: « Boutique » is a surname here
    assert themes_of("Je m'appelle Julie Boutique") == (OTHER,)


def test_every_keyword_of_the_shipped_file_tags_a_comment_made_of_it():
    lexicon = load_themes()
    for theme in lexicon.themes:
        for keyword in theme.keywords:
            assert theme.key in tag([keyword.text.replace("*", "")])["themes"].iloc[0], keyword.text


# Demo comments that name no theme on purpose: a request to be called back says nothing about the visit.
DEMO_WITHOUT_THEME = {"Vous pouvez me joindre au 418 555-0142 pour en discuter."}


def test_every_demo_comment_has_a_theme_except_the_listed_ones():
    tagged = tag(list(COMMENTS))["themes"].tolist()
    without = {text for text, themes in zip(COMMENTS, tagged) if themes == (OTHER,)}
    assert without == DEMO_WITHOUT_THEME


# --- summary --------------------------------------------------------------------------------------

# Comments whose themes are known by construction (the keyword written in each), so counts are checked
# against this table, not against tag().
STAFF = "Le personnel était accueillant"  # staff (2 hits)
PRICE = "Le prix est élevé"  # price
STAFF_FAMILY = "Le guide a su parler aux enfants"  # staff + families
NOTHING = "Rien à redire"  # other


def test_counts_and_shares_per_theme_match_a_hand_count():
    data = [STAFF] * 12 + [PRICE] * 4 + [STAFF_FAMILY] * 10 + [NOTHING] * 11 + [None, ""] * 3
    weights = [2.0] * 12 + [1.0] * 4 + [0.5] * 10 + [1.5] * 11 + [9.0] * 6
    expected_n = {"staff": 22, "price": 4, "families": 10, OTHER: 11}
    commenters = 12 + 4 + 10 + 11
    weight_of = {"staff": 12 * 2.0 + 10 * 0.5, "families": 10 * 0.5, OTHER: 11 * 1.5}
    total_weight = 12 * 2.0 + 4 * 1.0 + 10 * 0.5 + 11 * 1.5

    summary = theme_summary(data, weights=weights, lang="fr")
    table = summary.table.set_index("theme")
    assert summary.n_commenters == commenters and not summary.small
    assert list(table.index) == load_themes().keys()
    for key in table.index:
        n = expected_n.get(key, 0)
        row = table.loc[key]
        if 0 < n < MIN_CELL:
            assert row["small"] and row["n"] is pd.NA and np.isnan(row["share"]) and row["quotes"] == ()
        else:
            assert not row["small"] and row["n"] == n
            assert row["share"] == pytest.approx(weight_of.get(key, 0.0) / total_weight)

    unweighted = theme_summary(data).table.set_index("theme")
    assert unweighted.loc["staff", "share"] == pytest.approx(22 / commenters)


def test_zero_is_published_as_zero():
    table = theme_summary([STAFF] * MIN_CELL).table.set_index("theme")
    assert table.loc["price", "n"] == 0 and not table.loc["price", "small"] and table.loc["price", "share"] == 0


def expected_quotes(candidates: list[str], hits: dict[str, int], k: int) -> list[str]:
    """The rule written out again: most hits, then length closest to the median, then text."""
    median = float(np.median([len(text) for text in candidates]))
    distinct = sorted(set(candidates), key=lambda t: (-hits[t], abs(len(t) - median), t))
    return distinct[:k]


def test_representative_quotes_follow_hits_then_median_length_then_text_whatever_the_order():
    texts = {
        "Personnel accueillant et guide passionné": 3,
        "Personnel très aimable": 2,
        "Le personnel était là": 1,
        "Bon personnel": 1,
        "Un employé nous a aidés": 1,
        "Guide super": 1,
        "Très bon accueil": 1,
    }
    data = [text for text in texts for _ in range(2)]
    expected = expected_quotes(data, texts, 3)
    for seed in range(3):
        shuffled = data[:]
        random.Random(seed).shuffle(shuffled)
        quotes = theme_summary(shuffled, k=3).table.set_index("theme").loc["staff", "quotes"]
        assert list(quotes) == [html.escape(text) for text in expected]


def test_planted_email_and_phone_never_reach_a_quote():
    planted = [
        "Le personnel était génial, écrivez-moi à julie.test@example.com",
        "Accueil parfait, rappelez-moi au 418 555-0142",
        "Guide formidable (514) 555-0199 poste 22",
    ]
    data = planted * 4
    table = theme_summary(data, k=3).table.set_index("theme")
    shown = " ".join(q for quotes in table["quotes"] for q in quotes)
    assert table.loc["staff", "quotes"], "the staff theme has enough comments to be quoted"
    for secret in ("julie.test", "example.com", "@", "555", "0142", "0199"):
        assert secret not in shown
    assert MASKS["email"]("fr") in shown and MASKS["phone"]("fr") in shown


def test_a_small_theme_shows_neither_its_count_nor_a_quote():
    data = [STAFF] * MIN_CELL + [PRICE] * (MIN_CELL - 1)
    table = theme_summary(data).table.set_index("theme")
    assert table.loc["price", "small"] and table.loc["price", "quotes"] == ()
    assert table.loc["price", "n"] is pd.NA and np.isnan(table.loc["price", "share"])
    assert table.loc["staff", "n"] == MIN_CELL and table.loc["staff", "quotes"]


def test_a_summary_of_fewer_than_ten_comments_shows_nothing():
    summary = theme_summary([STAFF] * (MIN_CELL - 1))
    assert summary.small and summary.n_commenters is None
    assert summary.table["small"].all() and summary.table["n"].isna().all()
    assert all(quotes == () for quotes in summary.table["quotes"])


def test_a_museum_with_fewer_than_ten_comments_is_never_quoted():
    secret = "Personnel du petit musée, guide et accueil et employés aimables"  # the best-scoring comment
    data = [STAFF] * MIN_CELL + [secret] * (MIN_CELL - 1)
    museums = ["big"] * MIN_CELL + ["small"] * (MIN_CELL - 1)
    table = theme_summary(data, museums=museums).table.set_index("theme")
    assert table.loc["staff", "n"] == 2 * MIN_CELL - 1  # still counted
    assert list(table.loc["staff", "quotes"]) == [html.escape(STAFF)]
    same_museum = theme_summary(data).table.set_index("theme")
    assert same_museum.loc["staff", "quotes"][0] == html.escape(secret)


def test_a_long_quote_is_cut_at_a_word_and_escaped():
    words = ["Le", "personnel", "<b>accueillant</b>", "&", "gentil"] + ["exposition"] * 40
    text = " ".join(words)
    quote = theme_summary([text] * MIN_CELL).table.set_index("theme").loc["staff", "quotes"][0]
    assert quote.endswith(" …")
    plain = html.unescape(quote[: -len(" …")])
    assert len(plain) <= comments.QUOTE_CHARS and text.startswith(plain) and text[len(plain)] == " "
    assert "<b>" not in quote and "&lt;b&gt;" in quote and "&amp;" in quote


def test_a_cut_never_leaves_half_a_mask():
    text = "x" * 190 + " H2X 1Y4 et le personnel"
    cut = comments.truncate(comments.redact(text, "fr", escape=False))
    assert "[code" not in cut and cut.endswith(" …")


def test_weights_and_museums_must_come_one_per_answer():
    with pytest.raises(comments.LocalizedError) as info:
        theme_summary([STAFF, PRICE], weights=[1.0])
    assert "1 pondérations pour 2 réponses" in info.value.message.fr and "1 weights for 2" in info.value.message.en
    with pytest.raises(comments.LocalizedError):
        theme_summary([STAFF, PRICE], weights=[1.0, np.nan])
    with pytest.raises(comments.LocalizedError):
        theme_summary([STAFF, PRICE], weights=[1.0, -1.0])
    with pytest.raises(comments.LocalizedError) as info:
        theme_summary([STAFF, PRICE], museums=["a"])
    assert "1 musées pour 2 réponses" in info.value.message.fr


def test_the_weight_of_a_blank_answer_is_not_read():
    """The respondents' weights can be passed whole: a blank answer's missing weight is no error."""
    data = [STAFF] * MIN_CELL + [None]
    summary = theme_summary(data, weights=[1.0] * MIN_CELL + [np.nan])
    assert summary.n_commenters == MIN_CELL
    assert summary.table.set_index("theme").loc["staff", "share"] == pytest.approx(1.0)


# --- the theme file -------------------------------------------------------------------------------


def test_the_shipped_theme_file_loads_every_theme_with_its_keywords():
    document = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    lexicon = load_themes()
    assert [theme.key for theme in lexicon.themes] == list(document["themes"])
    assert 6 <= len(lexicon.themes) <= 10  # a handful, each with enough comments to say something
    for theme in lexicon.themes:
        node = document["themes"][theme.key]
        assert (theme.label.fr, theme.label.en) == (node["label"]["fr"], node["label"]["en"])
        assert [k.text for k in theme.keywords] == node["keywords"].get("fr", []) + node["keywords"].get("en", [])


GOOD = {"label": {"fr": "Prix", "en": "Price"}, "keywords": {"fr": ["prix"], "en": ["price*"]}}


def test_a_theme_file_with_mistakes_reports_all_of_them_in_both_languages(tmp_path):
    document = {
        "other": {"fr": "Autre", "en": "Other"},
        "themes": {
            "price": GOOD,
            "staff": {"label": {"fr": "Accueil"}, "keywords": {"fr": ["ex*", "accueil"], "en": ["tarif*"]}},
            "other": {"label": {"fr": "X", "en": "X"}, "keywords": {"fr": ["x"]}, "colour": "red"},
        },
    }
    document["themes"]["staff"]["keywords"]["en"].append("prix")  # already in price
    path = tmp_path / "comment_themes.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ThemeError) as info:
        load_themes(path)
    fr, en = info.value.message.fr.splitlines(), info.value.message.en.splitlines()
    file = str(path.resolve())
    assert len(fr) == len(en) == 5
    assert all(line.startswith(f"{file} : ") for line in fr) and all(line.startswith(f"{file}: ") for line in en)
    assert any(line.endswith("champ obligatoire « themes.staff.label.en » absent") for line in fr)
    assert any("themes.staff.keywords.fr[1] « ex* » : un radical compte au moins 3 lettres" in line for line in fr)
    assert any("themes.staff.keywords.fr[1] 'ex*': a stem has at least 3 letters" in line for line in en)
    assert any("champ inconnu « themes.other.colour »" in line for line in fr)
    assert any("identifiant de thème « other » invalide" in line for line in fr)
    assert any(
        "themes.staff.keywords.en[2] « prix » : mot-clé déjà dans le thème price" in line for line in fr
    ) and any("themes.staff.keywords.en[2] 'prix': keyword already in theme price" in line for line in en)


@pytest.mark.parametrize(
    "keyword, rule",
    [("--", "keyword_empty"), ("ex*po", "keyword_star"), ("visite* guidée", "keyword_star"), ("l'a*", "keyword_stem")],
)
def test_an_unusable_keyword_is_refused_with_its_rule(keyword, rule):
    with pytest.raises(comments.Invalid) as info:
        comments.parse_keyword(keyword)
    assert info.value.message == comments.MSG[rule]
