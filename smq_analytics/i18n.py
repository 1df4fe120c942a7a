"""French-first text and Quebec number formats.

Every message a person reads exists in French and English. `Message` carries both; code picks one
with the user's language. Numbers follow Quebec French: 12 345,6 · 45 % · 12,50 $ (no-break spaces).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

LANGUAGES = ("fr", "en")
NBSP = "\u00a0"


def user_language(explicit: str | None = None) -> str:
    """fr or en: an explicit choice, else SMQ_LANG, else English only when LANG says so, else fr."""
    for value in (explicit, os.environ.get("SMQ_LANG")):
        if value:
            return check_language(value)
    lang = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "en" if lang.lower().startswith("en") else "fr"


def check_language(lang: str) -> str:
    code = str(lang).strip().lower()[:2]
    if code not in LANGUAGES:
        raise ValueError(f"langue inconnue « {lang} » : fr ou en attendu / unknown language '{lang}': expected fr or en")
    return code


@dataclass(frozen=True)
class Message:
    """One message in both languages."""

    fr: str
    en: str

    def __call__(self, lang: str = "fr") -> str:
        return self.en if lang == "en" else self.fr

    def format(self, **values) -> "Message":
        return Message(self.fr.format(**values), self.en.format(**values))

    def __str__(self) -> str:
        return self.fr


class LocalizedError(Exception):
    """An error whose message exists in French and English; str() gives the user's language."""

    def __init__(self, message: Message):
        super().__init__(message.fr)
        self.message = message

    def text(self, lang: str | None = None) -> str:
        return self.message(user_language(lang))

    def __str__(self) -> str:
        return self.text()


def _group(digits: str, sep: str) -> str:
    parts = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return sep.join(parts)


def format_number(value: float | int | None, decimals: int = 0, lang: str = "fr") -> str:
    """12345.6 -> '12 345,6' (fr) or '12,345.6' (en). None/NaN -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{abs(float(value)):.{decimals}f}"
    whole, _, frac = text.partition(".")
    if lang == "en":
        out = _group(whole, ",") + ("." + frac if frac else "")
    else:
        out = _group(whole, NBSP) + ("," + frac if frac else "")
    negative = float(value) < 0 and float(out.replace(NBSP, "").replace(",", "").replace(".", "") or 0) != 0
    return ("-" if negative else "") + out


def format_percent(share: float | None, decimals: int = 0, lang: str = "fr") -> str:
    """0.453 -> '45 %' (fr) or '45%' (en)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    number = format_number(share * 100, decimals, lang)
    return f"{number}{NBSP}%" if lang == "fr" else f"{number}%"


def format_money(amount: float | None, decimals: int = 2, lang: str = "fr") -> str:
    """12.5 -> '12,50 $' (fr) or '$12.50' (en)."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "–"
    number = format_number(amount, decimals, lang)
    return f"{number}{NBSP}$" if lang == "fr" else f"${number}"


def plotly_separators(lang: str = "fr") -> str:
    """Plotly layout.separators: decimal mark then thousands separator."""
    return "," + NBSP if lang == "fr" else ".,"
