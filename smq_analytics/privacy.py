"""Confidentiality rules (Quebec Law 25; statistical-agency practice; docs/ARCHITECTURE.md, « Privacy »).

- A cell with fewer than MIN_CELL (10) responses is not shown; fewer than CAUTION_CELL (30) is
  flagged « à interpréter avec prudence ». A share is also flagged when its base has fewer than 30
  responses, and nothing of a table is shown when the base itself has fewer than 10.
- Complementary suppression is decided over everything one report publishes, by disclosure.plan,
  and checked by disclosure.audit (linear programming over the linked tables).
- A peer or sector figure needs at least MIN_PEER_MUSEUMS (5) museums each with MIN_CELL responses,
  none above MAX_PEER_SHARE of the group. Peers are anonymous
  (« Musée A », « Musée B » …) unless the cohort file says its members agreed to be named.
- Free text goes through redact(): e-mail addresses, phone numbers, postal codes and names
  introduced by « je m'appelle », « mon nom est », « moi c'est », « signé », "my name is"… are masked
  (patterns documented at « free text » below; corpus in tests/test_redact_corpus.py), then
  HTML-escaped. What the store keeps and how to erase it: docs/PERSONAL_DATA.md.

The metrics functions call these rules before returning, so no notebook or report can skip them.
"""

from __future__ import annotations

import html
import re
import string

import numpy as np
import pandas as pd

from .i18n import Message
from .postal import FIRST_LETTERS, OTHER_LETTERS

MIN_CELL = 10
CAUTION_CELL = 30
MIN_PEER_MUSEUMS = 5
MAX_PEER_SHARE = 0.5  # dominance: no museum above half of a peer group

HIDDEN = "hidden"  # withheld by the report's disclosure plan (see disclosure.py)
COMPLEMENT = HIDDEN  # charts: one label for every withheld cell, whatever the reason


def cell_shown(n) -> bool:
    return n is not None and not pd.isna(n) and int(n) >= MIN_CELL


def needs_caution(n) -> bool:
    return not cell_shown(n) or int(n) < CAUTION_CELL


def needs_caution_share(n, base_n) -> bool:
    """A share resting on fewer than CAUTION_CELL respondents, or on a base that small."""
    return needs_caution(n) or int(base_n) < CAUTION_CELL


def blank_suppressed(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Replace the values of hidden cells by missing values (counts become <NA>, shares NaN)."""
    out = table.copy()
    hidden = out["suppressed"].to_numpy(dtype=bool)
    for column in columns:
        if pd.api.types.is_integer_dtype(out[column]):
            out[column] = out[column].astype("Int64")
        else:
            out[column] = out[column].astype(float)
        out.loc[hidden, column] = pd.NA if str(out[column].dtype) == "Int64" else np.nan
    return out


def peer_group_allowed(n_museums: int) -> bool:
    """A peer or sector figure is shown only for a group of at least MIN_PEER_MUSEUMS museums."""
    return int(n_museums) >= MIN_PEER_MUSEUMS


PEER_ANONYMOUS = Message("Musée {letter}", "Museum {letter}")


def peer_labels(names: list[str], peers_named: bool, lang: str = "fr") -> list[str]:
    """Display names for peers: their own names when the cohort agreed, else Musée A, B, … in order."""
    if peers_named:
        return list(names)
    labels = []
    for index in range(len(names)):
        letters, value = "", index
        while True:
            letters = string.ascii_uppercase[value % 26] + letters
            value = value // 26 - 1
            if value < 0:
                break
        labels.append(PEER_ANONYMOUS.format(letter=letters)(lang))
    return labels


# --- free text --------------------------------------------------------------------------------
#
# Free text (survey comments, values quoted in load reports) reaches a reader only through redact().
# It is a small set of regular expressions, one per kind of personal detail, applied in this order
# (an earlier mask keeps a later pattern from seeing the same digits or words):
#
#   1. e-mail      local@domain.tld in any case, plus-addressing, sub-domains, any TLD (.quebec);
#                  « @ » also written [at] / (at) / [arobase].
#   2. phone       North American: optional +1 / 1, area code with or without parentheses, then
#                  3 + 4 digits (the 4 possibly written 2 + 2: « 514 555 12 34 »), each group
#                  separated by nothing, spaces (NBSP too), dots or any hyphen or dash (U+2010–U+2015,
#                  U+2212); an extension « poste 22 », « p. 22 », « ext. 22 », « x22 », « #22 ».
#                  Other countries: « + » then 4 to 7 groups of digits.
#   3. postal      Canadian postal code A1A 1A1 in any case, halves separated by nothing, spaces
#                  (one or more, NBSP too) or a hyphen/dash; a lone FSA (A1A) with the letters Canada
#                  Post uses.
#   4. name        the words after an introduction: « je m'appelle » (any apostrophe, or none:
#                  « je m appelle », « je mappelle », also « je m'apelle »), « mon nom est »,
#                  « mon prénom est », « moi c'est », « signé(e) », "my name is", "my name's",
#                  "signed" — in any case. Up to three words (plus particles « de », « du », « la »…),
#                  capitalised or not, stopping at punctuation, a digit, or a word that cannot be
#                  part of a name (« et », « je », « and », « merci »…; see _NOT_A_NAME).
#
# Deliberately not masked (tests/test_redact_corpus.py): years, prices « 12,50 $ », times « 10 h 30 »,
# dates, room numbers, small counts « 3 enfants ». The text is HTML-escaped last.

MASKS = {
    "email": Message("[courriel]", "[email]"),
    "phone": Message("[téléphone]", "[phone]"),
    "postal": Message("[code postal]", "[postal code]"),
    "name": Message("[nom]", "[name]"),
}

_DASH = "\\-\u2010-\u2015\u2212"  # hyphen-minus, the Unicode hyphens and dashes, minus sign
_APOSTROPHE = "'\u2018\u2019\u02bc\u2032\uff07`\u00b4"
_H = r"[^\S\r\n]"  # horizontal white space (NBSP and narrow NBSP included)
_NOT_ALNUM_BEFORE = r"(?<![^\W_])"  # not preceded by a letter or digit
_NOT_ALNUM_AFTER = r"(?![^\W_])"

_EMAIL = re.compile(
    # the local part starts where a word starts: a match is never retried from inside a long word,
    # which would make one 30 000-character word cost seconds (quadratic backtracking)
    r"(?<![\w.+\-])[\w.+\-]+"
    rf"(?:@|{_H}*(?:\[(?:at|arobase)\]|\((?:at|arobase)\)){_H}*)"
    r"[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}" + _NOT_ALNUM_AFTER,
    re.IGNORECASE,
)

_PHONE_SEP = rf"(?:{_H}*[.{_DASH}]{_H}*|{_H}+)?"
_PHONE_EXTENSION = rf"(?:{_H}*,?{_H}*(?:poste|p\.|ext\.?|extension|x|\#){_H}*\d{{1,6}})?"
_PHONE = re.compile(
    # North America: [+]1, area code, exchange, line (4 digits or 2 + 2), extension
    rf"(?<![\w+])(?:\+?1{_PHONE_SEP})?(?:\(\d{{3}}\)|\d{{3}}){_PHONE_SEP}\d{{3}}{_PHONE_SEP}"
    rf"(?:\d{{4}}|\d{{2}}{_PHONE_SEP}\d{{2}})(?!\d){_PHONE_EXTENSION}(?!\w)"
    # elsewhere: +country code and 3 to 6 more groups
    rf"|(?<![\w+])\+\d{{1,3}}(?:{_PHONE_SEP}\d{{1,4}}){{3,6}}(?!\w)",
    re.IGNORECASE,
)

_POSTAL = re.compile(
    # full code: any letters (a mistyped letter is still a home address), any separator
    rf"{_NOT_ALNUM_BEFORE}[A-Z]\d[A-Z](?:{_H}*[{_DASH}]?{_H}*)\d[A-Z]\d{_NOT_ALNUM_AFTER}"
    # a lone FSA: only the letters Canada Post uses, so « B12 » or « A1 » stay
    rf"|{_NOT_ALNUM_BEFORE}[{FIRST_LETTERS}]\d[{OTHER_LETTERS}]{_NOT_ALNUM_AFTER}",
    re.IGNORECASE,
)

_APOS = f"[{_APOSTROPHE}]"
_INTRODUCTIONS = (
    rf"je{_H}+m(?:{_H}*{_APOS}{_H}*|{_H}*)app?ell?e?",  # je m'appelle, je m appelle, je mappelle
    rf"mon{_H}+(?:pr[ée]?nom|nom){_H}+(?:est|c{_APOS}?{_H}*est)",
    rf"moi{_H}*,?{_H}*c{_APOS}?{_H}*est",
    r"sign[ée]e?",
    rf"my{_H}+name(?:{_H}+is|{_APOS}s)",
    r"signed",
)
# Words that end a name (conjunctions, pronouns, common verbs and adverbs of a comment), and articles
# that cannot start one (« moi c'est la première fois »). Particles (de, du, la…) may sit inside one.
_NOT_A_NAME = (
    "et",
    "ou",
    "mais",
    "donc",
    "car",
    "ni",
    "je",
    "j",
    "tu",
    "il",
    "elle",
    "on",
    "nous",
    "vous",
    "ils",
    "elles",
    "c",
    "ce",
    "ça",
    "ca",
    "cela",
    "qui",
    "que",
    "qu",
    "quoi",
    "n",
    "ne",
    "pas",
    "plus",
    "s",
    "suis",
    "est",
    "sont",
    "ai",
    "a",
    "avec",
    "pour",
    "par",
    "sans",
    "dans",
    "chez",
    "sur",
    "en",
    "à",
    "au",
    "aux",
    "merci",
    "bonjour",
    "salut",
    "très",
    "tres",
    "vraiment",
    "bien",
    "super",
    "génial",
    "aussi",
    "toujours",
    "jamais",
    "ici",
    "tout",
    "rien",
    "un",
    "une",
    "and",
    "or",
    "but",
    "i",
    "im",
    "you",
    "he",
    "she",
    "we",
    "they",
    "it",
    "is",
    "am",
    "are",
    "was",
    "with",
    "for",
    "from",
    "at",
    "in",
    "on",
    "thanks",
    "thank",
    "hello",
    "hi",
    "very",
    "really",
    "the",
    "an",
    "not",
    "here",
)
_FIRST_NOT_A_NAME = ("la", "le", "les", "l", "d", "des", "du", "de", "mon", "ma", "mes", "my", "this", "that")
_PARTICLES = ("de", "du", "des", "la", "le", "van", "von", "der", "di", "da", "st", "ste", "saint", "sainte")


def _words(words: tuple[str, ...]) -> str:
    return "|".join(sorted(set(words), key=len, reverse=True))


_LETTERS = r"[^\W\d_]"
_NAME_WORD = (
    rf"(?!(?:{_words(_NOT_A_NAME)}){_NOT_ALNUM_AFTER})"
    rf"(?:{_LETTERS}\.(?!\w)|{_LETTERS}+(?:[{_DASH}{_APOSTROPHE}]{_LETTERS}+)*)"  # « T. » or a word
)
_NAME = (
    rf"(?!(?:{_words(_FIRST_NOT_A_NAME)}){_NOT_ALNUM_AFTER}){_NAME_WORD}"
    rf"(?:{_H}+(?:(?:{_words(_PARTICLES)}){_H}+){{0,2}}{_NAME_WORD}){{0,2}}"
)
_INTRODUCED_NAME = re.compile(
    rf"(?P<intro>(?<!\w)(?:{'|'.join(_INTRODUCTIONS)}){_NOT_ALNUM_AFTER}(?:{_H}*[:,{_DASH}]?{_H}*))"
    rf"(?P<name>{_NAME})",
    re.IGNORECASE,
)


def redact(text: str | None, lang: str = "fr", escape: bool = True) -> str:
    """Mask e-mail addresses, phone numbers, postal codes and introduced names in free text, then
    HTML-escape it (escape=False for plain-text output such as the terminal). See the patterns above."""
    if text is None or (isinstance(text, float) and np.isnan(text)) or text is pd.NA:
        return ""
    out = str(text)
    out = _EMAIL.sub(MASKS["email"](lang), out)
    out = _PHONE.sub(MASKS["phone"](lang), out)
    out = _POSTAL.sub(MASKS["postal"](lang), out)
    out = _INTRODUCED_NAME.sub(lambda m: m.group("intro") + MASKS["name"](lang), out)
    return html.escape(out) if escape else out
