"""Display labels (FR/EN) of the attendance topic: chart titles, axis titles, the names of the
paid / free / school parts and their colours, so that charts.py knows no topic (docs/ARCHITECTURE.md,
« Topics »)."""

from __future__ import annotations

from ...i18n import Message

TITLE_MONTHS = Message("Fréquentation mensuelle", "Monthly attendance")
TITLE_YEARS = Message("Fréquentation par exercice complet", "Attendance by complete fiscal year")
TITLE_MIX = Message("Entrées payantes, gratuites et scolaires", "Paid, free and school entries")
TITLE_TARGET = Message("Fréquentation et cible", "Attendance and target")

ENTRIES = Message("Entrées", "Entries")
SHARE_OF_ENTRIES = Message("Part des entrées", "Share of entries")
MONTH = Message("Mois", "Month")
FISCAL_YEAR = Message("Exercice", "Fiscal year")
WINDOW = Message("{first} à {last}", "{first} to {last}")

PARTS: dict[str, Message] = {
    "paid": Message("Payantes", "Paid"),
    "free": Message("Gratuites", "Free"),
    "school": Message("Scolaires", "School"),
    "other": Message("Autres entrées", "Other entries"),
}
# White text inside reads at 4.5:1 on each (the house series colours, charts.SERIES_COLOURS).
PART_COLOURS = {"paid": "#2a6f97", "free": "#b35c00", "school": "#9e2a2b", "other": "#4b5563"}

TARGET_BARS = {
    "baseline": Message("Référence {year}", "Baseline {year}"),
    "current": Message("Exercice {year}", "Fiscal year {year}"),
    "target": Message("Cible {year}", "Target {year}"),
}
TARGET_COLOURS = ("#2f6eb5",)
COUNT_NOTE = Message(
    "Entrées comptées par le musée : des comptes, pas des estimations (aucune marge d'erreur).",
    "Entries counted by the museum: counts, not estimates (no margin of error).",
)
PARTIAL_NOTE = Message(
    "Les exercices incomplets (moins de 12 mois) ne sont pas montrés.",
    "Incomplete fiscal years (fewer than 12 months) are not shown.",
)
MISSING_NOTE = Message("Mois sans barre : fréquentation non chargée.", "Month without a bar: attendance not loaded.")


def part_label(part: str, lang: str = "fr") -> str:
    message = PARTS.get(part)
    return message(lang) if message else str(part)


# --- sections 6 to 9: the survey season beside attendance (survey.py, desk.py, visitors.py, footprint.py)

# The front-desk grid's origins (data/reference/codebook.yaml, desk_count_origins: the same words).
DESK_ORIGINS: dict[str, Message] = {
    "local": Message("Local (moins de 40 km)", "Local (within 40 km)"),
    "quebec_other": Message("Ailleurs au Québec", "Elsewhere in Quebec"),
    "other_province": Message("Autre province canadienne", "Other Canadian province"),
    "united_states": Message("États-Unis", "United States"),
    "other_country": Message("Autre pays", "Other country"),
}
DESK_SERIES = {
    "desk": Message("Comptage à l'accueil", "Front-desk count"),
    "survey": Message("Sondage (estimation)", "Survey (estimate)"),
}
DESK_COLOURS = ("#838e9b", "#2f6eb5")  # desk grey, survey blue (charts.SECTOR_COLOUR, MAIN_COLOUR)
TITLE_DESK = Message("Provenance : comptage à l'accueil et sondage", "Origin: front-desk count and survey")
SHARE_OF_KNOWN = Message("Part des visiteurs de provenance connue", "Share of visitors of known origin")

VISITOR_CATEGORIES: dict[str, Message] = {
    "local": Message("Locaux", "Locals"),
    "excursionist": Message("Excursionnistes", "Excursionists"),
    "tourist": Message("Touristes", "Tourists"),
}
CATEGORY_COLOURS = ("#2f6eb5",)
TITLE_VISITORS = Message("Visiteurs estimés par catégorie", "Estimated visitors by category")
VISITORS_AXIS = Message("Visiteurs (estimation)", "Visitors (estimate)")

TRIP_REASONS: dict[str, Message] = {
    "main": Message("Raison principale", "Main reason"),
    "one_of": Message("Une des raisons", "One of the reasons"),
}
TRIP_COLOURS = ("#2f6eb5", "#b35c00")  # 3:1 with white and with the whiskers (charts.WHISKER_COLOUR)
TITLE_ROLE = Message(
    "La visite du musée comme raison de venir dans la région", "Visiting the museum as a reason to come to the region"
)
SHARE_OF_GROUP = Message("Part des visiteurs du groupe (estimée)", "Share of the group's visitors (estimate)")
ROLE_GROUPS: dict[str, Message] = {
    "tourist": Message("Touristes", "Tourists"),
    "excursionist": Message("Excursionnistes", "Excursionists"),
}

TRANSPORT_MODES: dict[str, Message] = {
    "car": Message("Automobile", "Car"),
    "motorhome": Message("Véhicule récréatif", "Recreational vehicle"),
    "coach": Message("Autocar", "Coach"),
    "public_transit": Message("Transport en commun", "Public transit"),
    "train": Message("Train", "Train"),
    "plane": Message("Avion", "Plane"),
    "boat": Message("Bateau ou traversier", "Boat or ferry"),
    "bicycle": Message("Vélo", "Bicycle"),
    "walk": Message("À pied", "On foot"),
    "other": Message("Autre", "Other"),
    "folded": Message("Moyens peu cités, regroupés", "Rarely cited means, grouped"),
}
TITLE_DISTANCE = Message(
    "Distance aller-retour moyenne par moyen de transport", "Average round trip by means of transport"
)
DISTANCE_AXIS = Message("Kilomètres par visiteur (aller-retour)", "Kilometres per visitor (round trip)")
TITLE_EMISSIONS = Message(
    "Émissions estimées du déplacement par moyen de transport", "Estimated travel emissions by means of transport"
)
EMISSIONS_AXIS = Message("Tonnes d'équivalent CO₂", "Tonnes of CO₂ equivalent")
MODE = Message("Moyen de transport", "Means of transport")


def desk_label(key: str, lang: str = "fr") -> str:
    message = DESK_ORIGINS.get(key)
    return message(lang) if message else str(key)


def mode_label(key: str, lang: str = "fr") -> str:
    message = TRANSPORT_MODES.get(key)
    return message(lang) if message else str(key)
