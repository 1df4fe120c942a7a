"""Display labels (FR/EN) for codes that are not in the ref_* tables, and shared chart wording.

Region, province and country names come from the reference tables (name_fr / name_en); the words
here cover the codes the package itself defines (provenance categories, world areas) and the
phrases every chart and table repeats.
"""

from __future__ import annotations

from .i18n import Message

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

SHARE_OF_RESPONDENTS = Message("Part des répondants", "Share of respondents")
SHARE_OF_VISITORS = Message("Part des visiteurs (estimée)", "Share of visitors (estimated)")
SEASON = Message("Saison", "Season")
THIS_MUSEUM = Message("Votre musée", "Your museum")
SECTOR = Message("Autres musées", "Other museums")
HIDDEN_CELL = Message("masqué", "hidden")
IMPRECISE_CELL = Message("imprécis", "imprecise")
IMPRECISE_NOTE = Message("« imprécis » : estimation trop imprécise pour être publiée (coefficient de variation supérieur à 25 %)",
                         "'imprecise': estimate too imprecise to publish (coefficient of variation above 25%)")
CAUTION_MARK = "*"
CAUTION_NOTE = Message(
    "* à interpréter avec prudence (moins de 30 répondants, ou coefficient de variation de 15 % à 25 %)",
    "* interpret with caution (fewer than 30 respondents, or a coefficient of variation of 15% to 25%)",
)
CI_NOTE = Message("Barres : intervalle de confiance à 95 %", "Bars: 95% confidence interval")
WEIGHTED_NOTE = Message("Pondéré selon la fréquentation mensuelle", "Weighted to monthly attendance")
UNWEIGHTED_NOTE = Message("Non pondéré", "Unweighted")
MIXED_WEIGHTING_NOTE = Message("Pondération selon la fréquentation pour certaines saisons seulement",
                               "Weighted to attendance for some seasons only")
SECTOR_WITHHELD = Message("Autres musées non affichés (règles de confidentialité du groupe)", "Other museums not shown (peer-group confidentiality rules)")
HIDDEN_LIST = Message("Masqué (confidentialité) : {cells}", "Hidden (confidentiality): {cells}")
HIDDEN_NOTE = Message("« masqué » : moins de 10 répondants, ou masqué pour qu'un petit groupe ne se déduise pas des autres chiffres",
                      "'hidden': fewer than 10 respondents, or hidden so that a small group cannot be worked out from other figures")
WITHHELD_CHART = Message("Graphique non publié (confidentialité ou trop peu de répondants)",
                         "Chart not published (confidentiality or too few respondents)")


def category_label(code: str, lang: str = "fr", short: bool = False) -> str:
    table = PROVENANCE_SHORT if short else PROVENANCE_CATEGORIES
    message = table.get(code)
    return message(lang) if message else str(code)


def world_area_label(code: str, lang: str = "fr") -> str:
    message = WORLD_AREAS.get(code)
    return message(lang) if message else str(code)


# Chart titles of the provenance notebook.
TITLE_CATEGORIES = Message("Locaux, excursionnistes et touristes", "Locals, excursionists and tourists")
TITLE_ADMIN_REGIONS = Message("Répondants du Québec par région administrative", "Quebec respondents by administrative region")
TITLE_TOURIST_REGIONS = Message("Répondants du Québec par région touristique", "Quebec respondents by tourist region")
TITLE_PROVINCES = Message("Répondants des autres provinces et territoires", "Respondents from other provinces and territories")
TITLE_WORLD_AREAS = Message("Répondants par grande région du monde", "Respondents by world area")
TITLE_COUNTRIES = Message("Répondants de l'étranger par pays", "Respondents from abroad by country")
TITLE_TREND = Message("Évolution d'une saison à l'autre", "Change from season to season")
TITLE_SECTOR = Message("Votre musée et les autres musées", "Your museum and the other museums")
