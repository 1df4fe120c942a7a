"""Words of the satisfaction workbook: item names with their article (« l'accueil », « la boutique »,
« les expositions »), chart titles, notes and the colours of answer codes.

An item has a short name for charts (« Accueil ») and a noun phrase for sentences, with its article
and its number (singular or plural) so that a generated sentence agrees: « l'accueil pèse le plus »,
« les expositions pèsent le plus ». The phrase is written out whole (elision is not computed:
« l'accueil », « l'accessibilité »).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...i18n import Message


@dataclass(frozen=True)
class ItemName:
    """short: the chart label; the: the noun phrase with its article, « l'accueil » / "the reception";
    plural: the noun phrase is plural (« les expositions » / "the exhibitions", in both languages), so
    that a verb agrees with it."""

    short: Message
    the: Message
    plural: bool = False


ITEMS: dict[str, ItemName] = {
    "sat_overall": ItemName(
        Message("Satisfaction globale", "Overall satisfaction"),
        Message("la visite dans son ensemble", "the visit as a whole"),
    ),
    "sat_reception": ItemName(
        Message("Accueil", "Reception"),
        Message("l'accueil", "the reception"),
    ),
    "sat_exhibitions": ItemName(
        Message("Expositions", "Exhibitions"),
        Message("les expositions", "the exhibitions"),
        plural=True,
    ),
    "sat_activities": ItemName(
        Message("Activités", "Activities"),
        Message("les activités", "the activities"),
        plural=True,
    ),
    "sat_signage": ItemName(
        Message("Signalisation", "Signage"),
        Message("la signalisation", "the signage"),
    ),
    "sat_price_value": ItemName(
        Message("Rapport qualité-prix", "Value for money"),
        Message("le rapport qualité-prix", "value for money"),
    ),
    "sat_shop": ItemName(Message("Boutique", "Shop"), Message("la boutique", "the shop")),
    "sat_cafe": ItemName(Message("Café", "Café"), Message("le café", "the café")),
    "sat_cleanliness": ItemName(
        Message("Propreté des lieux", "Cleanliness"),
        Message("la propreté des lieux", "cleanliness"),
    ),
    "sat_accessibility": ItemName(
        Message("Accessibilité", "Accessibility"),
        Message("l'accessibilité", "accessibility"),
    ),
    "recommend": ItemName(
        Message("Recommandation", "Recommendation"),
        Message("la recommandation du musée", "recommending the museum"),
    ),
}


def short(item: str, lang: str = "fr") -> str:
    return ITEMS[item].short(lang)


def the(item: str, lang: str = "fr") -> str:
    return ITEMS[item].the(lang)


TITLE_TOP2 = Message(
    "Part des visiteurs qui donnent l'une des deux meilleures cotes, par aspect",
    "Share of visitors giving one of the two best answers, by aspect",
)
TITLE_TOP2_UNWEIGHTED = Message(
    "Part des répondants qui donnent l'une des deux meilleures cotes, par aspect",
    "Share of respondents giving one of the two best answers, by aspect",
)
TITLE_DISTRIBUTION = Message("Répartition des réponses, {scale}", "Distribution of answers, {scale}")
TITLE_NPS = Message(
    "Promoteurs, passifs et détracteurs (Net Promoter Score)", "Promoters, passives and detractors (Net Promoter Score)"
)
TITLE_DRIVERS = Message(
    "Ce qui explique la satisfaction globale : part du R² de chaque aspect",
    "What explains overall satisfaction: each aspect's share of R²",
)
TITLE_TARGETS = Message(
    "Cibles de satisfaction et de recommandation : point de départ, résultat et cible",
    "Satisfaction and recommendation targets: baseline, result and target",
)
TITLE_TARGETS_NPS = Message(
    "Cible de Net Promoter Score : point de départ, résultat et cible",
    "Net Promoter Score target: baseline, result and target",
)

TITLE_PEERS = Message(
    "Satisfaction globale (deux meilleures cotes) : votre musée parmi des musées semblables",
    "Overall satisfaction (top two boxes): your museum among similar museums",
)

SHARE_OF_R2 = Message("Part de la variance expliquée (R²)", "Share of explained variance (R²)")
SHARE_OF_ANSWERS = Message("Part des réponses", "Share of answers")
BASE_NOTE = Message("n = réponses à la question", "n = answers to the question")
DRIVERS_NOTE = Message(
    "{method} · R² = {r2} · {n} réponses complètes · {weighting}",
    "{method} · R² = {r2} · {n} complete responses · {weighting}",
)

NPS_GROUPS = {
    "promoters": Message("Promoteurs (9–10)", "Promoters (9–10)"),
    "passives": Message("Passifs (7–8)", "Passives (7–8)"),
    "detractors": Message("Détracteurs (0–6)", "Detractors (0–6)"),
}
NPS_COLOURS = {"promoters": "#2a6f97", "passives": "#6b7280", "detractors": "#9e2a2b"}

# Answer codes, best first, coloured from dark blue (best) to dark red (worst); each with white text
# at 4.5:1 or more. A scale with more codes than colours repeats the middle grey.
CODE_COLOURS = ("#1d4e89", "#2a6f97", "#4b5563", "#b35c00", "#9e2a2b")
CODE_COLOURS_11 = (
    "#1d4e89",
    "#2a6f97",
    "#31688e",
    "#4b5563",
    "#5b5b5b",
    "#6b5a3a",
    "#8a5a00",
    "#b35c00",
    "#a2442a",
    "#9e2a2b",
    "#7f1d1d",
)


def code_colours(k: int) -> tuple[str, ...]:
    """Colours of k answer codes, best first: the two ends of CODE_COLOURS for 4 codes (no neutral
    middle), all five for 5, CODE_COLOURS_11 for a 0–10 scale."""
    if k == 4:
        return tuple(CODE_COLOURS[i] for i in (0, 1, 3, 4))
    if k <= len(CODE_COLOURS):
        return CODE_COLOURS[:k]
    return (CODE_COLOURS_11 * (k // len(CODE_COLOURS_11) + 1))[:k]
