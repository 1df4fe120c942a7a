"""French-first text and Quebec number formats.

Every message a person reads exists in French and English. `Message` carries both; code picks one
with the user's language. Numbers follow Quebec French: 12 345,6 · 45 % · 12,50 $ (no-break spaces).

Three rules keep generated French readable (the reader is a museum director, not a parser):

* Spacing. French puts a space before « : ; ? ! % » and inside « guillemets », and that space must not
  break (a line must never start with « : »). We use U+00A0 NO-BREAK SPACE everywhere (numbers too):
  the narrow U+202F is typographically finer but missing from some fonts and mail readers, and reports
  are sent by email. `french_spacing` applies the rule to finished French text, idempotently.
* Number agreement. French treats 0 and 1 (every |n| < 2) as singular: « 0 répondant », « 1,5 point »;
  English treats only 1 as singular: "0 respondents", "1 respondent". `count_noun` applies it.
* A museum's English name is optional; English text falls back to the French name
  (`museum_display_name`).
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass

LANGUAGES = ("fr", "en")
NBSP = "\u00a0"

# Month names, the one home for every module that writes or reads them (narratives, report dates,
# demo exports, the month parser). French months take no capital; abbreviations are the Office
# québécois de la langue française's (« janv. », « févr. », « juil. »…), the forms Excel writes.
MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
MONTH_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def month_name(month: int, lang: str = "fr", abbreviated: bool = False) -> str:
    """The name of month 1–12 in the language: « août », "August"; abbreviated: « août », "Aug"."""
    return (MONTH_ABBREVIATIONS if abbreviated else MONTH_NAMES)[check_language(lang)][month - 1]


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
        raise ValueError(
            f"langue inconnue « {lang} » : fr ou en attendu / unknown language '{lang}': expected fr or en"
        )
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


def capitalize_first(text: str) -> str:
    """Upper-case the first letter only, for a sentence start: « l'Ontario » -> « L'Ontario »."""
    return text[:1].upper() + text[1:]


def museum_display_name(name_fr: str, name_en: str | None, lang: str = "fr") -> str:
    """The museum's name in the report language: English when asked and given, else the French name.

    The French name is the museum's legal name and is always present; the English one is optional
    (parameters/museums/<id>.yaml, name_en), so English reports fall back to French rather than show
    nothing.
    """
    english = (name_en or "").strip() if isinstance(name_en, str) else ""
    return english if lang == "en" and english else name_fr


# --- plural agreement -------------------------------------------------------------------------------


def is_singular(n: float | int, lang: str = "fr") -> bool:
    """French: |n| < 2 is singular (0 répondant, 1,5 point). English: only 1 is (0 respondents)."""
    if lang == "en":
        return abs(n) == 1
    return abs(n) < 2


@dataclass(frozen=True)
class Plural:
    """A word or phrase with its singular and plural forms, in French and English.

    The phrase may carry agreeing adjectives or participles: Plural.of("rapport produit",
    "rapports produits", "report written", "reports written").
    """

    one: Message
    many: Message

    @classmethod
    def of(cls, fr_one: str, fr_many: str, en_one: str, en_many: str) -> "Plural":
        return cls(Message(fr_one, en_one), Message(fr_many, en_many))

    def form(self, n: float | int, lang: str = "fr") -> str:
        """The form that agrees with n: Plural.of("répondant", "répondants", …).form(0) -> « répondant »."""
        return (self.one if is_singular(n, lang) else self.many)(lang)


def plural_form(n: float | int, one: Message, many: Message, lang: str = "fr") -> str:
    """The form of a word that agrees with n, without the number (verbs, participles)."""
    return Plural(one, many).form(n, lang)


def count_noun(n: float | int, words: Plural | tuple[Message, Message], lang: str = "fr", decimals: int = 0) -> str:
    """n and the agreeing noun phrase, n in Quebec format: « 1 répondant », « 2 répondants »,
    « 12 345 répondants », "0 respondents", "1 report written". The space is a no-break space."""
    plural = words if isinstance(words, Plural) else Plural(*words)
    return f"{format_number(n, decimals, lang)}{NBSP}{plural.form(n, lang)}"


# --- French spacing ---------------------------------------------------------------------------------

_SPACES = "[ \u00a0\u202f\t]*"
# What may follow a closing sign: space, end of text, closing punctuation, another sign, a caution mark.
_AFTER = r"(?=[\s)\]»\"'.,;:?!…*]|$)"
# A URL runs to the next space, less the punctuation that ends the sentence around it.
_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.|\bmailto:)\S*?(?=[.,;:?!)»]*(?:\s|$))", re.IGNORECASE)
_HIGH_SIGN = re.compile(r"(?<=\S)" + _SPACES + r"([:;?!])" + _AFTER)
_PERCENT = re.compile(r"(?<=\d)" + _SPACES + "%" + _AFTER)
_OPEN_QUOTE = re.compile("«" + _SPACES + r"(?=\S)")
_CLOSE_QUOTE = re.compile(r"(?<=\S)" + _SPACES + "»")


def _space_high_sign(match: re.Match) -> str:
    before = match.string[match.start() - 1]
    if before in "?!;:" and match.group(0) == match.group(1):
        return match.group(0)  # « ?! » stays one cluster
    return NBSP + match.group(1)


def _outside_urls(pattern: re.Pattern, replace, text: str) -> str:
    """pattern.sub(replace, text), leaving any match that touches a URL as it is."""
    urls = [url.span() for url in _URL.finditer(text)]

    def guarded(match: re.Match) -> str:
        start, end = match.span()
        if any(start < url_end and url_start < end for url_start, url_end in urls):
            return match.group(0)
        return replace(match) if callable(replace) else replace

    return pattern.sub(guarded, text)


def french_spacing(text: str) -> str:
    """One no-break space (U+00A0) before « : ; ? ! % », after « and before »; nothing else changes.

    A space (ordinary, narrow or none) before a sign becomes one U+00A0, so applying the function
    twice changes nothing. Only signs that close a phrase are spaced: a colon, semicolon, question or
    exclamation mark followed by a space, the end of the text or closing punctuation, so « 10:30 »,
    « 3:1 » and « https://… » are left alone; % only after a digit. URLs (http://, https://, www.,
    mailto:) are left untouched. Apply it to French text only (see localize_spacing).
    """
    if not text:
        return text
    text = _outside_urls(_HIGH_SIGN, _space_high_sign, text)
    text = _outside_urls(_PERCENT, NBSP + "%", text)
    text = _outside_urls(_OPEN_QUOTE, "«" + NBSP, text)
    return _outside_urls(_CLOSE_QUOTE, NBSP + "»", text)


def localize_spacing(text: str, lang: str = "fr") -> str:
    """french_spacing for French text, the text unchanged in English."""
    return french_spacing(text) if lang == "fr" else text
