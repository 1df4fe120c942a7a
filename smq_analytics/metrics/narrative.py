"""Plain-language findings: a small display object and the phrases every topic shares.

A Narrative is a list of paragraphs (plain text). Notebooks display it; Jupyter shows the HTML form,
which is escaped, so names coming from data cannot inject markup.
"""

from __future__ import annotations

import html
from datetime import date

from ..i18n import NBSP, Message, format_number, format_percent

MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}


class Narrative:
    """Paragraphs of findings; `bullets` marks a list (« Pistes d'action »)."""

    def __init__(self, paragraphs: list[str], bullets: bool = False):
        self.paragraphs = [p for p in paragraphs if p]
        self.bullets = bullets

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
    month = MONTHS[lang][day.month - 1]
    if lang == "en":
        return f"{month} {day.day}, {day.year}" if with_year else f"{month} {day.day}"
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first}{NBSP}{month} {day.year}" if with_year else f"{first}{NBSP}{month}"


def format_month(month: str, lang: str = "fr") -> str:
    """'2024-08' -> août 2024 / August 2024."""
    year, number = month.split("-")
    return f"{MONTHS[lang][int(number) - 1]} {year}"


def join_words(words: list[str], lang: str = "fr") -> str:
    """a, b et c / a, b and c."""
    if len(words) <= 1:
        return "".join(words)
    last = " et " if lang == "fr" else " and "
    return ", ".join(words[:-1]) + last + words[-1]


def pct(share: float, lang: str = "fr") -> str:
    return format_percent(share, 0, lang)


CI_PHRASE = Message("IC 95 % : {low} à {high}", "95% CI: {low} to {high}")


def ci_phrase(low: float, high: float, lang: str = "fr") -> str:
    return CI_PHRASE.format(low=pct(low, lang), high=pct(high, lang))(lang).replace("95 %", f"95{NBSP}%")


def count(value: int, lang: str = "fr") -> str:
    return format_number(value, 0, lang)


def points(after: float, before: float, lang: str = "fr") -> str:
    """after − before in percentage points, from the rounded percentages the reader sees: +5 points."""
    value = round(after * 100) - round(before * 100)
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    singular = abs(value) <= 1 if lang == "fr" else abs(value) == 1
    word = "point" if singular else "points"
    return f"{sign}{format_number(abs(value), 0, lang)}{NBSP}{word}"
