"""Plain-language findings: a small display object and the phrases every topic shares.

A Narrative is a list of paragraphs (plain text). Notebooks display it; Jupyter shows the HTML form,
which is escaped, so names coming from data cannot inject markup. Given its language, a French
Narrative passes every paragraph through i18n.french_spacing (no-break space before « : ; ? ! % »),
so templates need not get the typography right by hand.

Agreement and place names have their own helpers: i18n.count_noun (« 1 répondant », « 2 répondants »)
and smq_analytics.places (« de l'Ontario », « aux États-Unis », « vers le Centre-du-Québec »).
"""

from __future__ import annotations

import html
from datetime import date

from ..i18n import NBSP, Message, Plural, format_number, format_percent, is_singular, localize_spacing, month_name

# Nouns every topic counts; use with i18n.count_noun: count_noun(n, RESPONDENT, lang).
RESPONDENT = Plural.of("répondant", "répondants", "respondent", "respondents")
RESPONSE = Plural.of("réponse", "réponses", "response", "responses")


class Narrative:
    """Paragraphs of findings; `bullets` marks a list (« Pistes d'action »).

    lang: when "fr", every paragraph gets French spacing (i18n.french_spacing); None leaves the text
    exactly as given (the former behaviour).
    """

    def __init__(self, paragraphs: list[str], bullets: bool = False, lang: str | None = None, cells=()):
        self.paragraphs = [localize_spacing(p, lang) if lang else p for p in paragraphs if p]
        self.bullets = bullets
        self.lang = lang
        self.cells = tuple(cells)  # disclosure.Cell: the published figures the text draws on

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """HTML and plain text, plus the cells the runner's disclosure audit reads (never shown)."""
        from ..disclosure import cells_bundle

        return {"text/html": self._repr_html_(), "text/plain": str(self), **cells_bundle(self.cells)}

    def _repr_html_(self) -> str:
        items = [html.escape(p, quote=False) for p in self.paragraphs]
        if self.bullets:
            return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
        return "".join(f"<p>{item}</p>" for item in items)

    def __str__(self) -> str:
        prefix = "• " if self.bullets else ""
        return "\n\n".join(prefix + p for p in self.paragraphs)

    def __repr__(self) -> str:
        return str(self)


def format_date(day: date | None, lang: str = "fr", with_year: bool = True) -> str:
    """15 juillet 2024 / July 15, 2024 (1er for the first of the month in French)."""
    if day is None:
        return "–"
    month = month_name(day.month, lang)
    if lang == "en":
        return f"{month} {day.day}, {day.year}" if with_year else f"{month} {day.day}"
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first}{NBSP}{month} {day.year}" if with_year else f"{first}{NBSP}{month}"


def format_month(month: str, lang: str = "fr") -> str:
    """'2024-08' -> août 2024 / August 2024."""
    year, number = month.split("-")
    return f"{month_name(int(number), lang)} {year}"


def format_month_precision(day: date | None, lang: str = "fr") -> str:
    """A date shown only to the month: juillet 2024 / July 2024 ('–' when unknown).

    Survey dates are reported at month precision: the day adds nothing for a reader and, in a small
    museum, could help single out a respondent. French month names take no capital.
    """
    if day is None:
        return "–"
    return f"{month_name(day.month, lang)} {day.year}"


def join_words(words: list[str], lang: str = "fr") -> str:
    """a, b et c / a, b and c."""
    if len(words) <= 1:
        return "".join(words)
    last = " et " if lang == "fr" else " and "
    return ", ".join(words[:-1]) + last + words[-1]


def pct(share: float, lang: str = "fr") -> str:
    return format_percent(share, 0, lang)


# French reads « IC à 95 % », short for « intervalle de confiance à 95 % » (not « IC 95 % »).
CI_PHRASE = Message("IC à 95 % : {low} à {high}", "95% CI: {low} to {high}")


def ci_phrase(low: float, high: float, lang: str = "fr") -> str:
    """« IC à 95 % : 42 % à 50 % » (no-break spaces before % and :) / "95% CI: 42% to 50%"."""
    return localize_spacing(CI_PHRASE.format(low=pct(low, lang), high=pct(high, lang))(lang), lang)


def count(value: int, lang: str = "fr") -> str:
    return format_number(value, 0, lang)


def points(after: float, before: float, lang: str = "fr") -> str:
    """after − before in percentage points, from the rounded percentages the reader sees: +5 points."""
    value = round(after * 100) - round(before * 100)
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    word = "point" if is_singular(value, lang) else "points"
    return f"{sign}{format_number(abs(value), 0, lang)}{NBSP}{word}"
