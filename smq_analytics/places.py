"""Grammar of place names: « la France », « de l'Ontario », « aux États-Unis », « vers le Centre-du-Québec ».

French puts a definite article before most names of countries, provinces and regions (le Mexique,
la France, l'Ontario, les États-Unis) but not before cities and many islands (Montréal, Laval, Cuba,
Haïti). The article cannot be guessed from the name, so data/reference/*.csv carry it, with the gender
and, where usage departs from the rule below, the preposition of place (see data/reference/README.md):

    article_fr   le | la | les | l' | ''     the article of the name in running text
    gender_fr    m | f                       for agreement (l' and '' hide it)
    locative_fr  '' or e.g. « dans la »      only when the default preposition of place is not the usage
    article_en   the | ''                    the United States, the Netherlands, the Laurentians

A name is plural exactly when its article is « les ». The prepositions à and de fuse with le and les
(au, aux, du, des), de elides before a vowel (d'Israël) and the preposition of place defaults to:
les -> aux, le -> au, la or l' -> en, no article -> à (aux États-Unis, au Mexique, en France,
en Ontario, à Cuba). Every phrase function takes a Place and a language; English needs no
contraction, so its forms are the name (with "the" where English uses it) after the English
preposition given.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from .i18n import Message, capitalize_first
from .reference import PLACE_FILES, read_reference_csv, starts_with_vowel

KINDS = tuple(PLACE_FILES)  # admin_region, tourist_region, province, country

# Names without article that start with a mute h elide de (d'Haïti); any other h is aspirated
# (de Hong Kong), as in Quebec usage for most names borrowed from English.
MUTE_H = frozenset({"Haïti"})

_DEFAULT_LOCATIVE = {"les": "aux", "le": "au", "la": "en", "l'": "en", "": "à"}


@dataclass(frozen=True)
class Place:
    """A place name and the grammar of the name (see the module docstring)."""

    name_fr: str
    name_en: str
    article_fr: str = ""
    gender_fr: str = "m"
    locative_fr: str = ""
    article_en: str = ""
    text_name_fr: str = ""  # the name in running text when it differs from the label
    text_name_en: str = ""

    @property
    def plural(self) -> bool:
        return self.article_fr == "les"

    @property
    def feminine(self) -> bool:
        return self.gender_fr == "f"

    def name(self, lang: str = "fr") -> str:
        """The name as written in running text, without article (« région de Québec » for TR04)."""
        if lang == "en":
            return self.text_name_en or self.name_en or self.name_fr
        return self.text_name_fr or self.name_fr


def _join(words: str, name: str) -> str:
    """« la » + « France » -> « la France »; « l' » + « Ontario » -> « l'Ontario »; no gap after an apostrophe."""
    if not words:
        return name
    return words + name if words.endswith("'") else f"{words} {name}"


def _elides(name: str) -> bool:
    return starts_with_vowel(name) or (name[:1].lower() == "h" and unicodedata.normalize("NFC", name) in MUTE_H)


@cache
def _table(kind: str) -> dict[str, Place]:
    if kind not in PLACE_FILES:
        raise ValueError(f"type de lieu inconnu « {kind} » / unknown kind of place '{kind}': {', '.join(KINDS)}")
    file_name, code_column = PLACE_FILES[kind]
    return {
        row[code_column]: Place(
            name_fr=row["name_fr"],
            name_en=row["name_en"],
            article_fr=row.get("article_fr") or "",
            gender_fr=row.get("gender_fr") or "m",
            locative_fr=row.get("locative_fr") or "",
            article_en=row.get("article_en") or "",
            text_name_fr=row.get("text_name_fr") or "",
            text_name_en=row.get("text_name_en") or "",
        )
        for row in read_reference_csv(file_name)
    }


def place(kind: str, code: str | None, fallback: str | None = None) -> Place:
    """The place of code in data/reference (kind: admin_region, tourist_region, province, country).

    An unknown code (a country typed as free text, say) gives a place named fallback (else the code)
    with no article: « de XYZ », « à XYZ », which stays grammatical for most unknown names.
    """
    found = _table(kind).get(str(code)) if code is not None else None
    if found is not None:
        return found
    label = fallback if fallback is not None else str(code or "")
    return Place(label, label)


# --- phrases --------------------------------------------------------------------------------------


def subject(where: Place, lang: str = "fr", capital: bool = False) -> str:
    """The name with its article, as subject or object: « la France arrive en tête », « l'Ontario »,
    « Haïti »; "the United States", "France". capital=True for a sentence start: « La France »."""
    if lang == "en":
        text = _join(where.article_en, where.name("en"))
    else:
        text = _join(where.article_fr, where.name("fr"))
    return capitalize_first(text) if capital else text


def de_phrase(where: Place, lang: str = "fr", en: str = "from") -> str:
    """« de » with contraction and elision: « du Nouveau-Brunswick », « des États-Unis », « de l'Ontario »,
    « de la France », « de Montréal », « d'Israël »; English: en + name ("from the United States"),
    en="" for the bare name ("surtout de A, de B et de C" = "mostly from A, B and C")."""
    if lang == "en":
        return _join(en, subject(where, "en"))
    name = where.name("fr")
    article = where.article_fr
    if article == "le":
        return f"du {name}"
    if article == "les":
        return f"des {name}"
    if article:
        return _join(f"de {article}", name)
    return f"d'{name}" if _elides(name) else f"de {name}"


def locative(where: Place, lang: str = "fr", en: str = "in") -> str:
    """Where something is or happens: « en France », « au Mexique », « aux États-Unis », « à Cuba »,
    « en Ontario », « à Terre-Neuve-et-Labrador », « dans la Capitale-Nationale »; "in the United States".

    The reference data override the default (au/aux/en/à from the article) where usage differs:
    « en Israël », « à la Barbade », « à l'Île-du-Prince-Édouard », « sur la Côte-Nord »."""
    if lang == "en":
        return _join(en, subject(where, "en"))
    words = where.locative_fr or _DEFAULT_LOCATIVE.get(where.article_fr, "à")
    return _join(words, where.name("fr"))


def vers_phrase(where: Place, lang: str = "fr", en: str = "to") -> str:
    """« vers » keeps the article uncontracted: « vers le Centre-du-Québec », « vers la Capitale-Nationale »,
    « vers l'Estrie », « vers Laval »; "to the Eastern Townships"."""
    if lang == "en":
        return _join(en, subject(where, "en"))
    return f"vers {subject(where, 'fr')}"


def est_phrase(where: Place, lang: str = "fr") -> str:
    """The place as predicate: « est la Capitale-Nationale », « est Montréal »; "is the Outaouais"."""
    return f"{'is' if lang == 'en' else 'est'} {subject(where, lang)}"


def verb_form(where: Place, singular: Message, plural: Message, lang: str = "fr") -> str:
    """The verb or adjective form agreeing with the place as subject: plural for « les » names in French
    (« les États-Unis arrivent en tête »); English country names take the singular ("the Netherlands is")."""
    return (plural if lang != "en" and where.plural else singular)(lang)
