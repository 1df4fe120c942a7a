"""Display labels (FR/EN) of the provenance topic: its categories, world areas, « Autres … » rows
and chart titles.

These are codes the package itself defines (region, province and country names come from the
reference tables). Wording every topic shares (notes, units, confidentiality marks) stays in
smq_analytics/labels.py; the category colours of the charts sit here too, so that charts.py knows no
topic (docs/ARCHITECTURE.md, « Topics »).
"""

from __future__ import annotations

from ...i18n import Message

PROVENANCE_CATEGORIES: dict[str, Message] = {
    "local": Message("Locaux (moins de 40 km)", "Locals (under 40 km)"),
    "excursionist": Message("Excursionnistes (40 km ou plus, sans nuitée)", "Excursionists (40 km or more, same day)"),
    "tourist": Message("Touristes (au moins une nuitée)", "Tourists (at least one night away)"),
    "unknown": Message("Provenance inconnue", "Unknown origin"),
}

# Short forms for legends and narratives: « 46 % de vos répondants sont des touristes ».
PROVENANCE_SHORT: dict[str, Message] = {
    "local": Message("locaux", "locals"),
    "excursionist": Message("excursionnistes", "excursionists"),
    "tourist": Message("touristes", "tourists"),
    "unknown": Message("de provenance inconnue", "of unknown origin"),
}

# The categories in the order charts stack them, and their colours (white text inside reads at 4.5:1
# on each, tests/test_report_a11y.py): charts.trend_bars(..., categories=CATEGORY_ORDER, colours=CATEGORY_COLOURS).
CATEGORY_ORDER = tuple(PROVENANCE_CATEGORIES)
CATEGORY_COLOURS = {"local": "#2a6f97", "excursionist": "#b35c00", "tourist": "#9e2a2b"}

WORLD_AREAS: dict[str, Message] = {
    "canada": Message("Canada", "Canada"),
    "usa": Message("États-Unis", "United States"),
    "europe": Message("Europe", "Europe"),
    "latin_america": Message("Amérique latine et Caraïbes", "Latin America and the Caribbean"),
    "asia": Message("Asie", "Asia"),
    "africa": Message("Afrique", "Africa"),
    "oceania": Message("Océanie", "Oceania"),
    "other": Message("Autres", "Other"),
}

UNKNOWN_REGION = Message("Région inconnue", "Unknown region")
OTHER_COUNTRIES = Message("Autres pays", "Other countries")
OTHER_WORLD_AREAS = Message("Autres régions du monde", "Other parts of the world")
OTHER_REGIONS = Message("Autres régions", "Other regions")
OTHER_PROVINCES = Message("Autres provinces et territoires", "Other provinces and territories")


def category_label(code: str, lang: str = "fr", short: bool = False) -> str:
    table = PROVENANCE_SHORT if short else PROVENANCE_CATEGORIES
    message = table.get(code)
    return message(lang) if message else str(code)


def world_area_label(code: str, lang: str = "fr") -> str:
    message = WORLD_AREAS.get(code)
    return message(lang) if message else str(code)


# Chart titles of the provenance notebook.
TITLE_CATEGORIES = Message("Locaux, excursionnistes et touristes", "Locals, excursionists and tourists")
TITLE_ADMIN_REGIONS = Message(
    "Répondants du Québec par région administrative", "Quebec respondents by administrative region"
)
TITLE_TOURIST_REGIONS = Message("Répondants du Québec par région touristique", "Quebec respondents by tourist region")
TITLE_PROVINCES = Message(
    "Répondants des autres provinces et territoires", "Respondents from other provinces and territories"
)
TITLE_WORLD_AREAS = Message("Répondants par grande région du monde", "Respondents by world area")
TITLE_COUNTRIES = Message("Répondants de l'étranger par pays", "Respondents from abroad by country")
TITLE_TREND = Message("Évolution d'une saison à l'autre", "Change from season to season")
TITLE_SECTOR = Message("Votre musée et les autres musées", "Your museum and the other museums")

# Peer groups and targets (sections « Votre musée et les autres musées » and « Vos cibles »).
TITLE_PEERS = {
    "tourist": Message(
        "Part de touristes : votre musée et ses groupes de pairs", "Share of tourists: your museum and its peer groups"
    ),
    "excursionist": Message(
        "Part d'excursionnistes : votre musée et ses groupes de pairs",
        "Share of excursionists: your museum and its peer groups",
    ),
}
PEER_INDICATORS = {
    "tourist": Message("part de touristes", "share of tourists"),
    "excursionist": Message("part d'excursionnistes", "share of excursionists"),
}
TITLE_TARGETS = Message("Vos cibles : point de départ, résultat et cible", "Your targets: baseline, result and target")
