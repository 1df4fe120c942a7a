"""French (and English) a director can read: place names with their article, agreement, spacing.

Each table below is what a careful writer would put in a report; a wrong article, contraction,
elision, preposition, plural or space makes a test fail.
"""

from __future__ import annotations

from datetime import date

import pytest

from smq_analytics import places
from smq_analytics.i18n import (
    NBSP,
    Message,
    Plural,
    count_noun,
    french_spacing,
    is_singular,
    localize_spacing,
    museum_display_name,
    plural_form,
)
from smq_analytics.metrics.narrative import RESPONDENT, Narrative, ci_phrase, format_month_precision, points
from smq_analytics.places import de_phrase, est_phrase, locative, place, subject, verb_form, vers_phrase
from smq_analytics.reference import PLACE_FILES, read_reference_csv

# --- countries ------------------------------------------------------------------------------------

# code: subject, « de », locative, English subject
COUNTRIES = {
    "US": ("les États-Unis", "des États-Unis", "aux États-Unis", "the United States"),
    "FR": ("la France", "de la France", "en France", "France"),
    "MX": ("le Mexique", "du Mexique", "au Mexique", "Mexico"),
    "DE": ("l'Allemagne", "de l'Allemagne", "en Allemagne", "Germany"),
    "HT": ("Haïti", "d'Haïti", "à Haïti", "Haiti"),
    "NL": ("les Pays-Bas", "des Pays-Bas", "aux Pays-Bas", "the Netherlands"),
    "IL": ("Israël", "d'Israël", "en Israël", "Israel"),
    "CU": ("Cuba", "de Cuba", "à Cuba", "Cuba"),
    "MG": ("Madagascar", "de Madagascar", "à Madagascar", "Madagascar"),
    "CA": ("le Canada", "du Canada", "au Canada", "Canada"),
    "GB": ("le Royaume-Uni", "du Royaume-Uni", "au Royaume-Uni", "the United Kingdom"),
    "BE": ("la Belgique", "de la Belgique", "en Belgique", "Belgium"),
    "CH": ("la Suisse", "de la Suisse", "en Suisse", "Switzerland"),
    "JP": ("le Japon", "du Japon", "au Japon", "Japan"),
    "CN": ("la Chine", "de la Chine", "en Chine", "China"),
    "IT": ("l'Italie", "de l'Italie", "en Italie", "Italy"),
    "ES": ("l'Espagne", "de l'Espagne", "en Espagne", "Spain"),
    "IR": ("l'Iran", "de l'Iran", "en Iran", "Iran"),
    "EC": ("l'Équateur", "de l'Équateur", "en Équateur", "Ecuador"),
    "HN": ("le Honduras", "du Honduras", "au Honduras", "Honduras"),  # h aspiré: no elision
    "HU": ("la Hongrie", "de la Hongrie", "en Hongrie", "Hungary"),
    "HK": ("Hong Kong", "de Hong Kong", "à Hong Kong", "Hong Kong"),
    "PH": ("les Philippines", "des Philippines", "aux Philippines", "the Philippines"),
    "BS": ("les Bahamas", "des Bahamas", "aux Bahamas", "the Bahamas"),
    "BB": ("la Barbade", "de la Barbade", "à la Barbade", "Barbados"),
    "SG": ("Singapour", "de Singapour", "à Singapour", "Singapore"),
    "MT": ("Malte", "de Malte", "à Malte", "Malta"),
    "MC": ("Monaco", "de Monaco", "à Monaco", "Monaco"),
    "RE": ("La Réunion", "de La Réunion", "à La Réunion", "Réunion"),
    "YE": ("le Yémen", "du Yémen", "au Yémen", "Yemen"),
    "CI": ("la Côte d'Ivoire", "de la Côte d'Ivoire", "en Côte d'Ivoire", "Côte d'Ivoire"),
    "AE": ("les Émirats arabes unis", "des Émirats arabes unis", "aux Émirats arabes unis", "the United Arab Emirates"),
    "CD": (
        "la République démocratique du Congo",
        "de la République démocratique du Congo",
        "en République démocratique du Congo",
        "the Democratic Republic of the Congo",
    ),
    "AG": ("Antigua-et-Barbuda", "d'Antigua-et-Barbuda", "à Antigua-et-Barbuda", "Antigua and Barbuda"),
    "IM": ("l'Île de Man", "de l'Île de Man", "à l'Île de Man", "the Isle of Man"),
    "VA": ("le Vatican", "du Vatican", "au Vatican", "Vatican City"),
}


@pytest.mark.parametrize("code", COUNTRIES)
def test_country_phrases(code):
    where = place("country", code)
    fr_subject, fr_de, fr_in, en_subject = COUNTRIES[code]
    assert subject(where) == fr_subject
    assert de_phrase(where) == fr_de
    assert locative(where) == fr_in
    assert vers_phrase(where) == f"vers {fr_subject}"
    assert subject(where, "en") == en_subject
    assert de_phrase(where, "en") == f"from {en_subject}"
    assert de_phrase(where, "en", en="") == en_subject
    assert locative(where, "en") == f"in {en_subject}"


def test_sentence_start_capitalises_the_article():
    assert subject(place("country", "FR"), capital=True) + " arrive en tête" == "La France arrive en tête"
    assert subject(place("province", "ON"), capital=True) == "L'Ontario"
    assert subject(place("country", "US"), capital=True) == "Les États-Unis"
    assert subject(place("country", "US"), "en", capital=True) == "The United States"
    assert subject(place("country", "HT"), capital=True) == "Haïti"


def test_verb_agrees_with_a_plural_name_in_french_only():
    arrive = (Message("arrive", "comes"), Message("arrivent", "come"))
    assert (
        f"{subject(place('country', 'US'))} {verb_form(place('country', 'US'), *arrive)} en tête"
        == "les États-Unis arrivent en tête"
    )
    assert verb_form(place("country", "FR"), *arrive) == "arrive"
    assert verb_form(place("country", "NL"), *arrive, lang="en") == "comes"  # the Netherlands comes first


def test_unknown_code_gives_a_name_without_article():
    unknown = place("country", "ZZ", fallback="Atlantide")
    assert (subject(unknown), de_phrase(unknown), locative(unknown)) == ("Atlantide", "d'Atlantide", "à Atlantide")
    assert subject(place("country", None, fallback="Autres pays")) == "Autres pays"
    with pytest.raises(ValueError):
        place("planet", "EA")


# --- provinces and territories: all 13 ---------------------------------------------------------------

PROVINCES = {  # « de » form, locative, English subject
    "NL": ("de Terre-Neuve-et-Labrador", "à Terre-Neuve-et-Labrador", "Newfoundland and Labrador"),
    "NS": ("de la Nouvelle-Écosse", "en Nouvelle-Écosse", "Nova Scotia"),
    "PE": ("de l'Île-du-Prince-Édouard", "à l'Île-du-Prince-Édouard", "Prince Edward Island"),
    "NB": ("du Nouveau-Brunswick", "au Nouveau-Brunswick", "New Brunswick"),
    "QC": ("du Québec", "au Québec", "Quebec"),
    "ON": ("de l'Ontario", "en Ontario", "Ontario"),
    "MB": ("du Manitoba", "au Manitoba", "Manitoba"),
    "SK": ("de la Saskatchewan", "en Saskatchewan", "Saskatchewan"),
    "AB": ("de l'Alberta", "en Alberta", "Alberta"),
    "BC": ("de la Colombie-Britannique", "en Colombie-Britannique", "British Columbia"),
    "YT": ("du Yukon", "au Yukon", "Yukon"),
    "NT": ("des Territoires du Nord-Ouest", "aux Territoires du Nord-Ouest", "the Northwest Territories"),
    "NU": ("du Nunavut", "au Nunavut", "Nunavut"),
}


def test_every_province_is_in_the_table():
    assert {row["province_code"] for row in read_reference_csv("provinces.csv")} == set(PROVINCES)


@pytest.mark.parametrize("code", PROVINCES)
def test_province_phrases(code):
    where = place("province", code)
    fr_de, fr_in, en_subject = PROVINCES[code]
    assert de_phrase(where) == fr_de
    assert locative(where) == fr_in
    assert subject(where, "en") == en_subject
    assert f"surtout {de_phrase(where)}".startswith(("surtout de ", "surtout du ", "surtout des ", "surtout d'"))


# --- administrative regions: all 17 -------------------------------------------------------------------

ADMIN_REGIONS = {  # « vers » form, « de » form
    "01": ("vers le Bas-Saint-Laurent", "du Bas-Saint-Laurent"),
    "02": ("vers le Saguenay–Lac-Saint-Jean", "du Saguenay–Lac-Saint-Jean"),
    "03": ("vers la Capitale-Nationale", "de la Capitale-Nationale"),
    "04": ("vers la Mauricie", "de la Mauricie"),
    "05": ("vers l'Estrie", "de l'Estrie"),
    "06": ("vers Montréal", "de Montréal"),
    "07": ("vers l'Outaouais", "de l'Outaouais"),
    "08": ("vers l'Abitibi-Témiscamingue", "de l'Abitibi-Témiscamingue"),
    "09": ("vers la Côte-Nord", "de la Côte-Nord"),
    "10": ("vers le Nord-du-Québec", "du Nord-du-Québec"),
    "11": ("vers la Gaspésie–Îles-de-la-Madeleine", "de la Gaspésie–Îles-de-la-Madeleine"),
    "12": ("vers la Chaudière-Appalaches", "de la Chaudière-Appalaches"),
    "13": ("vers Laval", "de Laval"),
    "14": ("vers Lanaudière", "de Lanaudière"),
    "15": ("vers les Laurentides", "des Laurentides"),
    "16": ("vers la Montérégie", "de la Montérégie"),
    "17": ("vers le Centre-du-Québec", "du Centre-du-Québec"),
}


def test_every_admin_region_is_in_the_table():
    assert [row["admin_region_code"] for row in read_reference_csv("admin_regions.csv")] == list(ADMIN_REGIONS)


@pytest.mark.parametrize("code", ADMIN_REGIONS)
def test_admin_region_phrases(code):
    where = place("admin_region", code)
    assert (vers_phrase(where), de_phrase(where)) == ADMIN_REGIONS[code]


def test_region_predicates_and_locatives():
    assert est_phrase(place("admin_region", "03")) == "est la Capitale-Nationale"
    assert est_phrase(place("admin_region", "06")) == "est Montréal"
    assert est_phrase(place("admin_region", "07"), "en") == "is the Outaouais"
    assert [
        locative(place("admin_region", code)) for code in ("01", "03", "04", "05", "06", "09", "14", "15", "17")
    ] == [
        "dans le Bas-Saint-Laurent",
        "dans la Capitale-Nationale",
        "en Mauricie",
        "en Estrie",
        "à Montréal",
        "sur la Côte-Nord",
        "dans Lanaudière",
        "dans les Laurentides",
        "au Centre-du-Québec",
    ]


# --- tourist regions: all 21 -------------------------------------------------------------------------

TOURIST_REGIONS = {  # « vers » form, « de » form
    "TR01": ("vers les Îles-de-la-Madeleine", "des Îles-de-la-Madeleine"),
    "TR02": ("vers la Gaspésie", "de la Gaspésie"),
    "TR03": ("vers le Bas-Saint-Laurent", "du Bas-Saint-Laurent"),
    "TR04": ("vers la région de Québec", "de la région de Québec"),
    "TR05": ("vers Charlevoix", "de Charlevoix"),
    "TR06": ("vers la Chaudière-Appalaches", "de la Chaudière-Appalaches"),
    "TR07": ("vers la Mauricie", "de la Mauricie"),
    "TR08": ("vers les Cantons-de-l'Est", "des Cantons-de-l'Est"),
    "TR09": ("vers la Montérégie", "de la Montérégie"),
    "TR10": ("vers Lanaudière", "de Lanaudière"),
    "TR11": ("vers les Laurentides", "des Laurentides"),
    "TR12": ("vers Montréal", "de Montréal"),
    "TR13": ("vers Laval", "de Laval"),
    "TR14": ("vers l'Outaouais", "de l'Outaouais"),
    "TR15": ("vers l'Abitibi-Témiscamingue", "de l'Abitibi-Témiscamingue"),
    "TR16": ("vers le Saguenay–Lac-Saint-Jean", "du Saguenay–Lac-Saint-Jean"),
    "TR17": ("vers la Côte-Nord", "de la Côte-Nord"),
    "TR18": ("vers la Baie-James", "de la Baie-James"),
    "TR19": ("vers Eeyou Istchee", "d'Eeyou Istchee"),
    "TR20": ("vers le Nunavik", "du Nunavik"),
    "TR21": ("vers le Centre-du-Québec", "du Centre-du-Québec"),
}


def test_every_tourist_region_is_in_the_table():
    assert [row["tourist_region_code"] for row in read_reference_csv("tourist_regions.csv")] == list(TOURIST_REGIONS)


@pytest.mark.parametrize("code", TOURIST_REGIONS)
def test_tourist_region_phrases(code):
    where = place("tourist_region", code)
    assert (vers_phrase(where), de_phrase(where)) == TOURIST_REGIONS[code]


def test_tourist_region_quebec_is_the_city_area_in_running_text_only():
    quebec = place("tourist_region", "TR04")
    assert quebec.name_fr == "Québec"  # the label of tables and charts
    assert locative(quebec) == "dans la région de Québec"
    assert subject(quebec, "en") == "the Québec City area" and quebec.name_en == "Québec City and Area"
    assert subject(place("tourist_region", "TR08"), "en") == "the Eastern Townships"
    assert locative(place("tourist_region", "TR01")) == "aux Îles-de-la-Madeleine"


def test_every_place_yields_well_formed_phrases():
    for kind in PLACE_FILES:
        file_name, code_column = PLACE_FILES[kind]
        for row in read_reference_csv(file_name):
            where = place(kind, row[code_column])
            text = de_phrase(where)
            assert not text.startswith(("de le ", "de les ", "à le ", "à les ", "de l' ")), text
            assert "  " not in text and "' " not in locative(where), locative(where)
            if where.article_fr == "l'":
                assert subject(where).startswith("l'") and " " not in subject(where)[:3]


# --- plural agreement --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, fr, en",
    [
        (0, "0 répondant", "0 respondents"),
        (1, "1 répondant", "1 respondent"),
        (2, "2 répondants", "2 respondents"),
        (12345, "12 345 répondants", "12,345 respondents"),
    ],
)
def test_count_noun_agrees_in_both_languages(n, fr, en):
    assert count_noun(n, RESPONDENT, "fr") == fr.replace(" ", NBSP)
    assert count_noun(n, RESPONDENT, "en") == en.replace(" ", NBSP, 1)


def test_participles_agree_too():
    produced = Plural.of("rapport produit", "rapports produits", "report written", "reports written")
    assert count_noun(1, produced) == f"1{NBSP}rapport produit"
    assert count_noun(2, produced) == f"2{NBSP}rapports produits"
    assert count_noun(0, produced, "en") == f"0{NBSP}reports written"
    assert count_noun(1, (Message("échec", "failure"), Message("échecs", "failures")), "en") == f"1{NBSP}failure"


def test_singular_rule_differs_between_french_and_english():
    assert [is_singular(n, "fr") for n in (0, 1, 1.5, 2, -1)] == [True, True, True, False, True]
    assert [is_singular(n, "en") for n in (0, 1, 1.5, 2, -1)] == [False, True, False, False, True]
    assert count_noun(1.5, Plural.of("point", "points", "point", "points"), "fr", decimals=1) == f"1,5{NBSP}point"
    assert plural_form(1, Message("vient", "comes"), Message("viennent", "come")) == "vient"
    assert plural_form(3, Message("vient", "comes"), Message("viennent", "come"), "en") == "come"
    assert points(0.46, 0.45) == f"+1{NBSP}point" and points(0.45, 0.45, "en") == f"0{NBSP}points"


# --- French spacing ----------------------------------------------------------------------------------


# "~" marks where a no-break space (U+00A0) must be.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("IC 95 % : 42 % à 50 %", "IC 95~%~: 42~% à 50~%"),
        ("Musée: X; Y? Z!", "Musée~: X~; Y~? Z~!"),
        ("Musée : X", "Musée~: X"),
        ("Musée\u202f: X", "Musée~: X"),
        ("Musée  :  X", "Musée~:  X"),
        ("45%, 3 %* et 100 %)", "45~%, 3~%* et 100~%)"),
        ("« make demo »", "«~make demo~»"),
        ("«make demo»", "«~make demo~»"),
        ("Vraiment ?!", "Vraiment~?!"),
        ("Ouvert à 10:30, ratio 3:1.", "Ouvert à 10:30, ratio 3:1."),
        ("Voir https://smq.qc.ca/a?b=1;c:d : merci", "Voir https://smq.qc.ca/a?b=1;c:d~: merci"),
        ("Site : www.musees.qc.ca/page?x=50%25!", "Site~: www.musees.qc.ca/page?x=50%25~!"),
        ("Écrire à mailto:info@smq.qc.ca ?", "Écrire à mailto:info@smq.qc.ca~?"),
        ("", ""),
    ],
)
def test_french_spacing(text, expected):
    fixed = french_spacing(text)
    assert fixed == expected.replace("~", NBSP)
    assert french_spacing(fixed) == fixed  # idempotent


def test_french_spacing_is_for_french_only():
    assert localize_spacing("Museum: 45%!", "en") == "Museum: 45%!"
    assert localize_spacing("Musée: 45%!", "fr") == f"Musée{NBSP}: 45{NBSP}%{NBSP}!"


def test_confidence_interval_phrase():
    assert ci_phrase(0.42, 0.50) == f"IC à 95{NBSP}%{NBSP}: 42{NBSP}% à 50{NBSP}%"
    assert ci_phrase(0.42, 0.50, "en") == "95% CI: 42% to 50%"


def test_a_french_narrative_gets_french_spacing():
    french = Narrative(["Musée : X. Part : 45 %."], lang="fr")
    assert french.paragraphs == [f"Musée{NBSP}: X. Part{NBSP}: 45{NBSP}%."]
    assert Narrative(["Museum: X."], lang="en").paragraphs == ["Museum: X."]
    assert Narrative(["Musée : X"]).paragraphs == ["Musée : X"]  # no language: text kept as given


# --- dates and museum names ---------------------------------------------------------------------------


def test_month_precision():
    assert format_month_precision(date(2024, 7, 15)) == "juillet 2024"
    assert format_month_precision(date(2024, 8, 1), "en") == "August 2024"
    assert format_month_precision(None) == "–"


def test_museum_display_name_falls_back_to_french():
    assert museum_display_name("Musée des Brumes", "Museum of Mists", "en") == "Museum of Mists"
    assert museum_display_name("Musée des Brumes", "Museum of Mists", "fr") == "Musée des Brumes"
    assert museum_display_name("Musée des Brumes", None, "en") == "Musée des Brumes"
    assert museum_display_name("Musée des Brumes", "  ", "en") == "Musée des Brumes"
    assert museum_display_name("Musée des Brumes", float("nan"), "en") == "Musée des Brumes"  # NULL via pandas
    assert places.KINDS == ("admin_region", "tourist_region", "province", "country")


# --- thresholds stated in messages come from the rules ----------------------------------------------


# (message, the text it gives with the shipped rules: MIN_CELL 10, CAUTION_CELL 30, CV 15 % / 25 %)
def rule_messages():
    from smq_analytics import labels
    from smq_analytics.topics.provenance import narrative

    return {
        "caution_note": (
            labels.CAUTION_NOTE,
            "* à interpréter avec prudence (moins de 30 répondants, ou coefficient de variation de 15 % à 25 %)",
            "* interpret with caution (fewer than 30 respondents, or a coefficient of variation of 15% to 25%)",
        ),
        "hidden_note": (
            labels.HIDDEN_NOTE,
            "« masqué » : moins de 10 répondants, ou masqué pour qu'un petit groupe ne se déduise pas des autres chiffres",
            "'hidden': fewer than 10 respondents, or hidden so that a small group cannot be worked out from other figures",
        ),
        "imprecise_note": (
            labels.IMPRECISE_NOTE,
            "« imprécis » : estimation trop imprécise pour être publiée (coefficient de variation supérieur à 25 %)",
            "'imprecise': estimate too imprecise to publish (coefficient of variation above 25%)",
        ),
        "narrative_caution": (
            narrative.CAUTION,
            "* Résultat à interpréter avec prudence (moins de 30 répondants, ou coefficient de variation entre 15 % et 25 %).",
            "* Interpret with caution (fewer than 30 respondents, or a coefficient of variation between 15% and 25%).",
        ),
    }


@pytest.mark.parametrize("name", ["caution_note", "hidden_note", "imprecise_note", "narrative_caution"])
def test_a_message_stating_a_threshold_reads_as_before_with_the_shipped_rules(name):
    from smq_analytics import privacy, stats

    assert (privacy.MIN_CELL, privacy.CAUTION_CELL, stats.CV_GOOD, stats.CV_CAUTION) == (10, 30, 0.15, 0.25)
    message, french, english = rule_messages()[name]
    assert message("fr") == french and message("en") == english


@pytest.mark.parametrize("name", ["caution_note", "hidden_note", "imprecise_note", "narrative_caution"])
def test_a_message_stating_a_threshold_follows_the_rule_when_it_changes(name, monkeypatch):
    from smq_analytics import privacy, stats

    message, french, english = rule_messages()[name]
    monkeypatch.setattr(privacy, "MIN_CELL", 12)
    monkeypatch.setattr(privacy, "CAUTION_CELL", 40)
    monkeypatch.setattr(stats, "CV_GOOD", 0.125)
    monkeypatch.setattr(stats, "CV_CAUTION", 0.3)
    changed = {"10": "12", "30": "40", "15 %": "12,5 %", "15%": "12.5%", "25 %": "30 %", "25%": "30%"}

    def expected(text):
        for old, new in changed.items():
            text = text.replace(f" {old}", f" {new}")
        return text

    assert message("fr") == expected(french) and message("en") == expected(english)
    assert message("fr") != french


def test_the_imprecise_category_sentence_states_the_cv_limit_of_the_rules(monkeypatch):
    from smq_analytics import stats
    from smq_analytics.topics.provenance import narrative

    assert "supérieur à 25 %" in narrative.IMPRECISE_CATEGORY.format(category="touristes")("fr")
    monkeypatch.setattr(stats, "CV_CAUTION", 0.2)
    sentence = narrative.IMPRECISE_CATEGORY.format(category="touristes")
    assert "supérieur à 20 %" in sentence("fr") and "above 20%" in sentence("en") and "touristes" in sentence("fr")


def frozen_threshold_messages() -> list[str]:
    """Module-level messages (alone or in a dict) of the package that write the small-cell rule's number
    literally instead of {min_cell} (labels.RuleText fills it from privacy.MIN_CELL when read)."""
    import importlib
    import pkgutil

    import smq_analytics
    from smq_analytics import privacy
    from smq_analytics.i18n import Message

    frozen = (f"moins de {privacy.MIN_CELL} ", f"fewer than {privacy.MIN_CELL} ", f"(moins de {privacy.MIN_CELL})")
    found = []
    for module_info in pkgutil.walk_packages(smq_analytics.__path__, "smq_analytics."):
        if ".demo" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            values = value.values() if isinstance(value, dict) else (value,)
            for message in values:
                if isinstance(message, Message) and any(text in f"{message.fr} {message.en}" for text in frozen):
                    found.append(f"{module_info.name}.{name}")
    return found


def test_no_message_freezes_the_small_cell_threshold():
    assert frozen_threshold_messages() == []
