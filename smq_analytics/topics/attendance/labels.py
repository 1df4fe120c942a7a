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
