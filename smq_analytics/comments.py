"""Themes of visitors' comments: which themes each comment touches, and a safe summary per theme.

One job: turn the free-text answers of the survey item `comment` into themes (data/reference/
comment_themes.yaml) with counts, shares of commenters and a few representative quotes. Nothing here
returns a comment's raw text (docs/ARCHITECTURE.md, « Privacy »):

- every comment goes through `privacy.redact` before anything else, so a masked detail (an e-mail, a
  phone number, a name) never decides a theme, and a quote is redacted, truncated at a word boundary
  beyond QUOTE_CHARS characters with « … », then HTML-escaped;
- a theme counted by fewer than `privacy.MIN_CELL` comments shows no quote and no count (`small` is
  set: the report writes « moins de 10 »); zero stays zero;
- a quote never comes from a museum with fewer than MIN_CELL comments in all, nor from a summary
  resting on fewer than MIN_CELL comments (the section then shows its fixed sentence).

Matching rule (one home: `fold_words`, built on `reference.fold_name`, docs/ARCHITECTURE.md, « One home
per rule »): a comment and every keyword are split into words and folded (case, accents, punctuation);
the elided article of « l'accueil » is a word of its own. A keyword `expo*` is a stem (any word that
begins with it), `prix` a whole word that may take a plural (-s, -x, -es), `visite guidée` words in a
row. At each position the longest keyword wins and its words are consumed, so « salle de bain » is a
service, not an exhibition room. Both languages' keywords are tried on every comment: a museum's
visitors answer in either language whatever the questionnaire's.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Iterable, Iterator

import numpy as np
import pandas as pd
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from . import schema
from .i18n import LocalizedError, Message, check_language
from .paths import project_dir, reference_dir
from .privacy import MIN_CELL, redact
from .reference import fold_name
from .schema import Invalid

OTHER = "other"  # the key of comments that match no theme (« Autre »)
QUOTE_CHARS = 200  # a longer quote is cut at the last word boundary before this length, then « … »
QUOTES_PER_THEME = 3
MIN_STEM = 3  # a shorter stem (« ex* ») would match too many words
PLURAL_ENDINGS = ("", "s", "x", "es")

# --- folding --------------------------------------------------------------------------------------

# NFD does not decompose the ligatures, which fold_name would then drop (« œuvre » → « uvre »); a
# comment is prose, so they are spelled out first. Combining accents stay inside their word.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
_WORD_BREAK = re.compile(r"(?:[^\w\u0300-\u036f]|_)+")


def fold_words(text: str | None) -> list[str]:
    """The words of `text`, each folded by `reference.fold_name` (lower case, no accents, letters and
    digits only) after the ligatures œ and æ are spelled out: « L'Accueil des Œuvres » →
    ['l', 'accueil', 'des', 'oeuvres']."""
    if text is None:
        return []
    words = _WORD_BREAK.split(unicodedata.normalize("NFC", str(text).translate(_LIGATURES)))
    return [folded for word in words if (folded := fold_name(word))]


@dataclass(frozen=True)
class Keyword:
    """One keyword as folded words; `stem` applies to the last word (`expo*`)."""

    text: str
    words: tuple[str, ...]
    stem: bool

    def length_at(self, tokens: list[str], start: int) -> int:
        """How many words of `tokens` this keyword matches from `start` (0: no match)."""
        size = len(self.words)
        if start + size > len(tokens):
            return 0
        for offset, word in enumerate(self.words):
            token = tokens[start + offset]
            if self.stem and offset == size - 1:
                if not token.startswith(word):
                    return 0
            elif token not in {word + ending for ending in PLURAL_ENDINGS}:
                return 0
        return size


def parse_keyword(text: str) -> Keyword:
    """`visite guidée`, `expo*` → a Keyword; an unusable one raises `Invalid` (its rule in MSG)."""
    pieces = str(text).split()
    if not pieces:
        raise Invalid(MSG["keyword_empty"])
    words: list[str] = []
    for position, piece in enumerate(pieces):
        body = piece[:-1] if piece.endswith("*") else piece
        if "*" in body or (piece.endswith("*") and position < len(pieces) - 1):
            raise Invalid(MSG["keyword_star"])
        folded = fold_words(body)
        if not folded:
            raise Invalid(MSG["keyword_empty"])
        words.extend(folded)
    stem = pieces[-1].endswith("*")
    if stem and len(words[-1]) < MIN_STEM:
        raise Invalid(MSG["keyword_stem"], minimum=MIN_STEM)
    return Keyword(text=str(text), words=tuple(words), stem=stem)


# --- the file's models ----------------------------------------------------------------------------
# data/reference/comment_themes.yaml is described by ThemesFile; schema.validate reports every problem
# of the file at once, in French and English (docs/ARCHITECTURE.md, « Validating YAML files »).


class ThemeError(LocalizedError):
    """A theme file that cannot be used as it is."""


MSG = {
    "keyword_empty": Message(
        "{field} « {value} » : mot-clé sans lettre ni chiffre", "{field} '{value}': keyword without letters or digits"
    ),
    "keyword_star": Message(
        "{field} « {value} » : l'astérisque ne peut suivre que le dernier mot (radical : « expo* »)",
        "{field} '{value}': the asterisk may only follow the last word (stem: 'expo*')",
    ),
    "keyword_stem": Message(
        "{field} « {value} » : un radical compte au moins {minimum} lettres ; écrivez le mot entier",
        "{field} '{value}': a stem has at least {minimum} letters; write the whole word",
    ),
    "no_keywords": Message(
        "{field} : au moins un mot-clé attendu (fr: ou en:)", "{field}: at least one keyword expected (fr: or en:)"
    ),
    "theme_key": Message(
        "{field} : identifiant de thème « {value} » invalide (lettres minuscules, chiffres et _, pas « other »)",
        "{field}: theme id '{value}' is invalid (lower-case letters, digits and _, not 'other')",
    ),
    "duplicate": Message(
        "{field} « {value} » : mot-clé déjà dans le thème {first} ; gardez-le dans un seul thème",
        "{field} '{value}': keyword already in theme {first}; keep it in one theme only",
    ),
    "weights_count": Message(
        "{count} pondérations pour {n} réponses : une pondération par réponse attendue",
        "{count} weights for {n} answers: one weight per answer expected",
    ),
    "unknown_theme": Message("thème inconnu « {key} » ({known} attendu)", "unknown theme '{key}' ({known} expected)"),
    "museums_count": Message(
        "{count} musées pour {n} réponses : un musée par réponse attendu",
        "{count} museums for {n} answers: one museum per answer expected",
    ),
    "weights": Message(
        "pondérations invalides : un nombre positif ou nul attendu pour chaque commentaire",
        "invalid weights: a non-negative number expected for every comment",
    ),
}

_THEME_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def _keyword_text(value: str) -> str:
    parse_keyword(value)
    return value


KeywordText = Annotated[str, AfterValidator(_keyword_text)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ThemeLabel(_Part):
    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def message(self) -> Message:
        return Message(self.fr, self.en)


class KeywordLists(_Part):
    fr: list[KeywordText] = Field(default_factory=list)
    en: list[KeywordText] = Field(default_factory=list)


class ThemeEntry(_Part):
    label: ThemeLabel
    keywords: KeywordLists

    @model_validator(mode="after")
    def _some_keywords(self) -> "ThemeEntry":
        """A theme without keywords would never be counted: a file mistake, not a choice."""
        if not self.keywords.fr and not self.keywords.en:
            raise Invalid(MSG["no_keywords"], field="keywords")
        return self


class ThemesFile(_Part):
    version: int = 1
    other: ThemeLabel
    themes: dict[str, ThemeEntry] = Field(min_length=1)


def theme_keys(document: Any) -> Iterator[tuple[tuple, Invalid]]:
    """A rule on the keys: a theme id is a short slug, and `other` is the « Autre » row's own."""
    themes = document.get("themes") if isinstance(document, dict) else None
    if not isinstance(themes, dict):
        return
    for key in themes:
        if not isinstance(key, str) or not _THEME_KEY.match(key) or key == OTHER:
            yield ("themes",), Invalid(MSG["theme_key"], value=key)


def unique_keywords(document: Any) -> Iterator[tuple[tuple, Invalid]]:
    """A rule across themes: a keyword (as folded) belongs to one theme only, else one word would
    count a comment twice for unrelated reasons."""
    themes = document.get("themes") if isinstance(document, dict) else None
    if not isinstance(themes, dict):
        return
    seen: dict[tuple[tuple[str, ...], bool], str] = {}
    for key, node in themes.items():
        keywords = node.get("keywords") if isinstance(node, dict) else None
        if not isinstance(keywords, dict):
            continue
        for lang in ("fr", "en"):
            entries = keywords.get(lang)
            if not isinstance(entries, list):
                continue
            for position, text in enumerate(entries):
                try:
                    keyword = parse_keyword(text)
                except Invalid:
                    continue  # the model reports it
                first = seen.setdefault((keyword.words, keyword.stem), key)
                if first != key:
                    yield ("themes", key, "keywords", lang, position), Invalid(MSG["duplicate"], first=first)


# --- the lexicon ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    key: str
    label: Message
    keywords: tuple[Keyword, ...]


@dataclass(frozen=True)
class Lexicon:
    """The themes in display order, and the label of comments matching none."""

    themes: tuple[Theme, ...]
    other: Message

    def label(self, key: str, lang: str = "fr") -> str:
        if key == OTHER:
            return self.other(lang)
        for theme in self.themes:
            if theme.key == key:
                return theme.label(lang)
        raise LocalizedError(MSG["unknown_theme"].format(key=key, known=" | ".join(self.keys())))

    def keys(self) -> list[str]:
        return [theme.key for theme in self.themes] + [OTHER]

    def hits(self, text: str) -> dict[str, int]:
        """Keyword matches per theme in `text` (already redacted), longest keyword first at each word."""
        tokens = fold_words(text)
        counts: dict[str, int] = {}
        start = 0
        while start < len(tokens):
            best, winners = 0, set()
            for theme in self.themes:
                for keyword in theme.keywords:
                    size = keyword.length_at(tokens, start)
                    if size > best:
                        best, winners = size, {theme.key}
                    elif size and size == best:
                        winners.add(theme.key)
            for key in winners:
                counts[key] = counts.get(key, 0) + 1
            start += max(best, 1)
        return counts


def parse_themes(document: Any, where: Message = Message("thèmes", "themes")) -> Lexicon:
    """A theme document (already read from YAML), validated: every problem in one ThemeError."""
    model = schema.validate(
        ThemesFile, schema.without_nulls(document), where, ThemeError, rules=(theme_keys, unique_keywords)
    )
    themes = tuple(
        Theme(
            key=key,
            label=entry.label.message(),
            keywords=tuple(parse_keyword(text) for text in [*entry.keywords.fr, *entry.keywords.en]),
        )
        for key, entry in model.themes.items()
    )
    return Lexicon(themes=themes, other=model.other.message())


@cache
def _load(path: Path) -> Lexicon:
    file = schema.file_label(path, project_dir())
    where = Message(file, file)
    return parse_themes(schema.read_yaml(path, where, ThemeError), where)


def load_themes(path: str | Path | None = None) -> Lexicon:
    """The themes shipped in data/reference/comment_themes.yaml (or another file), read once."""
    return _load(Path(path).resolve() if path else reference_dir() / "comment_themes.yaml")


# --- tagging --------------------------------------------------------------------------------------


def _texts(comments: Iterable[Any]) -> pd.Series:
    """The comments as a Series of redaction-ready text (None for a blank answer), index kept."""
    series = comments.copy() if isinstance(comments, pd.Series) else pd.Series(list(comments), dtype=object)
    return series.astype(object).map(lambda v: v if isinstance(v, str) and v.strip() else None)


def _redacted(text: Any, lang: str) -> str | None:
    return redact(text, lang, escape=False) if isinstance(text, str) else None


def tag(comments: Iterable[Any], lang: str = "fr", lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Each comment's themes, tagged after redaction: `themes` (keys, in the file's order; ('other',)
    when none matches; () for a blank answer, which is not a comment) and `labels` in `lang`. One row
    per comment, the input's index kept; no text is returned."""
    lang = check_language(lang)
    lexicon = lexicon or load_themes()
    texts = _texts(comments)
    order = {key: position for position, key in enumerate(lexicon.keys())}
    memo: dict[str, tuple[str, ...]] = {}

    def themes_of(text: Any) -> tuple[str, ...]:
        if not isinstance(text, str):
            return ()
        if text not in memo:
            found = lexicon.hits(_redacted(text, lang))
            memo[text] = tuple(sorted(found, key=order.__getitem__)) or (OTHER,)
        return memo[text]

    themes = texts.map(themes_of)
    labels = themes.map(lambda keys: tuple(lexicon.label(key, lang) for key in keys))
    return pd.DataFrame({"themes": themes, "labels": labels}, index=texts.index)


# --- summary --------------------------------------------------------------------------------------


def truncate(text: str, limit: int = QUOTE_CHARS) -> str:
    """`text` up to `limit` characters, cut at the last word boundary (never inside a mask such as
    « [code postal] ») with « … » added; a shorter text is returned whole."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit + 1)
    head = text[:cut] if cut > 0 else text[:limit]
    opening = head.rfind("[")
    if opening > head.rfind("]"):  # a mask cut in two: drop it whole
        head = head[:opening]
    return head.rstrip(" ,;:.-–—([«\"'") + " …"


def quote(text: str, lang: str = "fr") -> str:
    """A comment as a report may show it: redacted, truncated, HTML-escaped."""
    return html.escape(truncate(redact(text, lang, escape=False)))


@dataclass(frozen=True)
class ThemeSummary:
    """Per theme (file order, « Autre » last): `theme`, `label`, `n` (comments; <NA> when small),
    `share` (of commenters, weighted when weights were given; NaN when small), `small` (1 to
    MIN_CELL − 1 comments: write « moins de 10 »), `quotes` (redacted, escaped, at most k).
    `n_commenters` is None and `small` True when the whole summary rests on 1 to 9 comments."""

    table: pd.DataFrame
    n_commenters: int | None
    small: bool


def _weights(weights: Any, present: np.ndarray) -> np.ndarray:
    """One weight per comment (1 each without weights); a blank answer's weight is not read, so the
    respondents' weights can be passed whole."""
    if weights is None:
        return np.ones(len(present))
    values = np.asarray(weights.to_numpy() if isinstance(weights, pd.Series) else weights, dtype=float)
    if values.shape != present.shape:
        raise LocalizedError(MSG["weights_count"].format(count=values.size, n=len(present)))
    values = np.where(present, values, 0.0)
    if not np.isfinite(values).all() or (values < 0).any():
        raise LocalizedError(MSG["weights"])
    return values


def _representatives(candidates: list[tuple[int, str]], k: int) -> list[str]:
    """Up to k distinct texts: most keyword hits first, then length closest to the candidates'
    median length, then the text itself, so the same comments always give the same quotes."""
    if not candidates or k <= 0:
        return []
    median = float(np.median([len(text) for _, text in candidates]))
    ranked = sorted(set(candidates), key=lambda c: (-c[0], abs(len(c[1]) - median), c[1]))
    chosen: list[str] = []
    for _, text in ranked:
        if text not in chosen:
            chosen.append(text)
        if len(chosen) == k:
            break
    return chosen


def theme_summary(
    comments: Iterable[Any],
    weights: Any = None,
    lang: str = "fr",
    *,
    museums: Iterable[Any] | None = None,
    k: int = QUOTES_PER_THEME,
    lexicon: Lexicon | None = None,
) -> ThemeSummary:
    """Counts, shares of commenters and up to k representative quotes per theme (see the module's
    rules). `weights` and `museums` (the museum of each comment; None: all from one museum) are
    aligned with `comments`; a blank answer is not a comment and counts nowhere."""
    lang = check_language(lang)
    lexicon = lexicon or load_themes()
    texts = _texts(comments)
    owners = [""] * len(texts) if museums is None else list(museums)
    if len(owners) != len(texts):
        raise LocalizedError(MSG["museums_count"].format(count=len(owners), n=len(texts)))
    owners = pd.Series(owners, index=texts.index, dtype=object)
    present = texts.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
    w = _weights(weights, present)
    redacted = [_redacted(text, lang) for text in texts]
    tagged = tag(texts, lang, lexicon)["themes"].tolist()
    hits = {text: lexicon.hits(text) for text in set(filter(None, redacted))}

    n_commenters = int(present.sum())
    total_weight = float(w[present].sum())
    per_museum = owners[present].value_counts()
    quotable = set(per_museum[per_museum >= MIN_CELL].index) if n_commenters >= MIN_CELL else set()

    rows = []
    for key in lexicon.keys():
        members = [i for i, keys in enumerate(tagged) if key in keys]
        n = len(members)
        small = 0 < n < MIN_CELL
        share = float(w[members].sum()) / total_weight if total_weight > 0 else np.nan
        candidates = [(hits[redacted[i]].get(key, 0), redacted[i]) for i in members if owners.iloc[i] in quotable]
        quotes = () if small else tuple(html.escape(truncate(text)) for text in _representatives(candidates, k))
        rows.append(
            {
                "theme": key,
                "label": lexicon.label(key, lang),
                "n": pd.NA if small else n,
                "share": np.nan if small or n_commenters == 0 else share,
                "small": small,
                "quotes": quotes,
            }
        )
    table = pd.DataFrame(rows).astype({"n": "Int64", "share": float, "small": bool})
    overall_small = 0 < n_commenters < MIN_CELL
    if overall_small:  # the section shows its fixed sentence: nothing of the table may be read
        table["n"], table["share"], table["small"] = pd.NA, np.nan, True
        table["quotes"] = [() for _ in range(len(table))]
    return ThemeSummary(table=table, n_commenters=None if overall_small else n_commenters, small=overall_small)
