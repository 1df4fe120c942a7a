"""Chart and table wording (FR/EN) shared by every topic.

A topic's own words (its categories, « Autres … » rows, chart titles) live in its package, e.g.
smq_analytics/topics/provenance/labels.py (docs/ARCHITECTURE.md, « Topics »). Notes that state a
confidentiality or precision threshold are RuleText: the numbers are read from privacy.MIN_CELL,
privacy.CAUTION_CELL, stats.CV_GOOD and stats.CV_CAUTION each time the text is asked for, so that a
rule changed in one place changes every sentence that states it.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import privacy, stats
from .i18n import Message, format_number


def thresholds(lang: str = "fr") -> dict[str, str]:
    """The rule values a message may name, as written in `lang`: {min_cell} respondents under which
    a cell is hidden, {caution_cell} under which it is flagged, CV limits {cv_good} and {cv_caution}
    in percent (numbers only: the message writes the « % » with its own spacing)."""

    def percent(value: float) -> str:
        number = float(value) * 100
        return format_number(number, 0 if number == round(number) else 1, lang)

    return {
        "min_cell": format_number(privacy.MIN_CELL, 0, lang),
        "caution_cell": format_number(privacy.CAUTION_CELL, 0, lang),
        "cv_good": percent(stats.CV_GOOD),
        "cv_caution": percent(stats.CV_CAUTION),
    }


@dataclass(frozen=True)
class RuleText:
    """A Message that names thresholds ({min_cell}, {caution_cell}, {cv_good}, {cv_caution}), filled
    from the rules when it is read, never frozen at import (a test may change a rule)."""

    fr: str
    en: str

    def message(self, **values) -> Message:
        return Message(self.fr.format(**thresholds("fr"), **values), self.en.format(**thresholds("en"), **values))

    def __call__(self, lang: str = "fr") -> str:
        return self.message()(lang)

    def format(self, **values) -> Message:
        return self.message(**values)


SHARE_OF_RESPONDENTS = Message("Part des répondants", "Share of respondents")
SHARE_OF_VISITORS = Message("Part des visiteurs (estimée)", "Share of visitors (estimated)")
SEASON = Message("Saison", "Season")
THIS_MUSEUM = Message("Votre musée", "Your museum")
SECTOR = Message("Autres musées", "Other museums")
HIDDEN_CELL = Message("masqué", "hidden")
IMPRECISE_CELL = Message("imprécis", "imprecise")
IMPRECISE_NOTE = RuleText(
    "« imprécis » : estimation trop imprécise pour être publiée (coefficient de variation supérieur à {cv_caution} %)",
    "'imprecise': estimate too imprecise to publish (coefficient of variation above {cv_caution}%)",
)
CAUTION_MARK = "*"
CAUTION_NOTE = RuleText(
    "* à interpréter avec prudence (moins de {caution_cell} répondants, ou coefficient de variation de {cv_good} % à "
    "{cv_caution} %)",
    "* interpret with caution (fewer than {caution_cell} respondents, or a coefficient of variation of {cv_good}% to "
    "{cv_caution}%)",
)
CI_NOTE = Message("Barres : intervalle de confiance à 95 %", "Bars: 95% confidence interval")
WEIGHTED_NOTE = Message("Pondéré selon la fréquentation mensuelle", "Weighted to monthly attendance")
UNWEIGHTED_NOTE = Message("Non pondéré", "Unweighted")
MIXED_WEIGHTING_NOTE = Message(
    "Pondération selon la fréquentation pour certaines saisons seulement",
    "Weighted to attendance for some seasons only",
)
SECTOR_WITHHELD = Message(
    "Autres musées non affichés (règles de confidentialité du groupe)",
    "Other museums not shown (peer-group confidentiality rules)",
)
HIDDEN_LIST = Message("Masqué (confidentialité) : {cells}", "Hidden (confidentiality): {cells}")
HIDDEN_NOTE = RuleText(
    "« masqué » : moins de {min_cell} répondants, ou masqué pour qu'un petit groupe ne se déduise pas des autres chiffres",
    "'hidden': fewer than {min_cell} respondents, or hidden so that a small group cannot be worked out from other figures",
)
WITHHELD_CHART = Message(
    "Graphique non publié (confidentialité ou trop peu de répondants)",
    "Chart not published (confidentiality or too few respondents)",
)
