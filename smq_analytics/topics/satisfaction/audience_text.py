"""The audience sections of the satisfaction workbook in words and charts: satisfaction by segment,
information sources, the respondents' profile, comment themes (notebooks/02_satisfaction.ipynb).

Figures come from audience.py, which applies the privacy rules of its docstring before anything is
drawn or written; each section returns a Narrative and shows its charts through charts.show. Gaps
between segments and changes since the last season are tested on effective sizes
(stats.difference_test) and said as « écart significatif » or « dans la marge d'erreur »
(docs/ARCHITECTURE.md, « Satisfaction statistics »).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from ... import charts, stats
from ...codebook import load_codebook
from ...i18n import Message, capitalize_first, count_noun, format_number, plural_form
from ... import labels as shared
from ...labels import RuleText
from ...metrics.narrative import RESPONDENT, Narrative, join_words, pct
from ...metrics.scope import Scope
from . import audience as au
from .metrics import OVERALL, RECOMMEND, Answers, answers as load_answers

M = Message


@dataclass(frozen=True)
class Group:
    """A segment as a chart row (`label`), in a sentence's parentheses (`short`) and as the subject
    of a sentence with its article (`subject`; `feminine` for French agreement)."""

    label: Message
    short: Message
    subject: Message
    feminine: bool = False


def _group(label_fr, label_en, subject_fr, subject_en, feminine=False) -> Group:
    """A segment; in parentheses it is named by its subject without the article (« couples »)."""
    short = M(subject_fr.removeprefix("les "), subject_en)
    return Group(M(label_fr, label_en), short, M(subject_fr, subject_en), feminine)


GROUPS: dict[str, dict[str, Group]] = {
    "category": {
        "local": _group("Résidents locaux", "Local residents", "les résidents locaux", "local residents"),
        "excursionist": _group("Excursionnistes", "Excursionists", "les excursionnistes", "excursionists"),
        "tourist": _group("Touristes", "Tourists", "les touristes", "tourists"),
    },
    "first_visit": {
        "first": _group(
            "Première visite", "First visit", "les visiteurs venus pour la première fois", "first-time visitors"
        ),
        "return": _group(
            "Visiteurs déjà venus", "Returning visitors", "les visiteurs déjà venus", "returning visitors"
        ),
    },
    "party_type": {
        "alone": _group("Seul", "Alone", "les visiteurs venus seuls", "visitors on their own"),
        "couple": _group("En couple", "As a couple", "les couples", "couples"),
        "family_children": _group(
            "En famille avec enfants",
            "Family with children",
            "les familles avec enfants",
            "families with children",
            True,
        ),
        "family_adults": _group(
            "En famille, adultes seulement",
            "Family, adults only",
            "les familles d'adultes",
            "adult family groups",
            True,
        ),
        "friends": _group("Entre amis", "With friends", "les groupes d'amis", "groups of friends"),
        "organised_group": _group("Groupe organisé", "Organised group", "les groupes organisés", "organised groups"),
    },
}
FOLD_LABELS = {
    "category": M("Autres", "Other"),
    "first_visit": M("Autres", "Other"),
    "party_type": M("Autres types de groupe", "Other party types"),
    "age_band": M("Autres groupes d'âge", "Other age groups"),
    "gender": M("Autres", "Other"),
    "questionnaire_language": M("Autres langues", "Other languages"),
    "party_size": M("Autres tailles", "Other sizes"),
}
PARTY_SIZES = {
    "1": M("1 personne", "1 person"),
    "2": M("2 personnes", "2 people"),
    "3_4": M("3 ou 4 personnes", "3 or 4 people"),
    "5_plus": M("5 personnes ou plus", "5 people or more"),
}
DIMENSION_PHRASE = {
    "category": M("selon la provenance", "by origin"),
    "first_visit": M("selon qu'il s'agit ou non d'une première visite", "by first or return visit"),
    "party_type": M("selon le type de groupe", "by party type"),
}
DIMENSION_TOPIC = {  # « trop peu de groupes publiés pour comparer selon … »
    "category": M("la provenance", "origin"),
    "first_visit": M("la première visite", "first visit"),
    "party_type": M("le type de groupe", "party type"),
}
DIMENSION_NAME = {
    "age_band": M("Groupe d'âge", "Age group"),
    "gender": M("Genre", "Gender"),
    "questionnaire_language": M("Langue du questionnaire", "Questionnaire language"),
    "party_type": M("Type de groupe", "Party type"),
    "party_size": M("Taille du groupe", "Party size"),
}
ITEM_NAME = {
    OVERALL: M("Satisfaction globale", "Overall satisfaction"),
    RECOMMEND: M("Recommandation", "Recommendation"),
}
SEGMENT_TITLE = {
    "category": M(
        "Satisfaction globale et recommandation selon la provenance",
        "Overall satisfaction and recommendation by origin",
    ),
    "first_visit": M(
        "Satisfaction globale et recommandation : première visite ou non",
        "Overall satisfaction and recommendation: first or return visit",
    ),
    "party_type": M(
        "Satisfaction globale et recommandation selon le type de groupe",
        "Overall satisfaction and recommendation by party type",
    ),
}
DEFAULT_SCALE = "scale4"  # the codebook's own scale: named in a legend only when another one was asked
SCALE_NOTE = M(" (échelle : {scale})", " ({scale} scale)")
TOP_TWO_NOTE = M(
    "Part des répondants qui donnent l'une des deux meilleures réponses",
    "Share of respondents giving one of the two best answers",
)
DASH_NOTE = RuleText(
    "« – » : moins de {min_cell} répondants du groupe à la question, groupe masqué (pour qu'un petit groupe ne "
    "se déduise pas des autres chiffres) ou estimation trop imprécise",
    "'–': fewer than {min_cell} of the group answered the item, group hidden (so that a small group cannot be "
    "worked out from other figures) or estimate too imprecise",
)
SERIES_COLOURS = {OVERALL: charts.MAIN_COLOUR, RECOMMEND: charts.SERIES_COLOURS[1]}
SOURCE_PHRASES = {  # a source in a sentence, with its article
    "website": M("le site Web du musée", "the museum website"),
    "social_media": M("les médias sociaux", "social media"),
    "search_engine": M("les moteurs de recherche", "search engines"),
    "word_of_mouth": M("le bouche-à-oreille", "word of mouth"),
    "tourist_office": M("les bureaux d'information touristique", "tourist information offices"),
    "tourist_guide": M("les guides touristiques ou brochures", "travel guides or brochures"),
    "media": M("les journaux, la radio ou la télévision", "newspapers, radio or television"),
    "signage": M("la signalisation routière", "road signs"),
    "accommodation": M("l'hébergement", "their accommodation"),
    "previous_visit": M("une visite précédente", "a previous visit"),
}
TEXT = {
    "gap": M(
        "{hi} {verb} que {lo} : {p_hi} contre {p_lo} (écart significatif).",
        "{hi} {verb} than {lo}: {p_hi} vs {p_lo} (significant difference).",
    ),
    "within": M(
        "{item} {dimension} : de {p_lo} ({lo}) à {p_hi} ({hi}), un écart dans la marge d'erreur.",
        "{item} {dimension}: from {p_lo} ({lo}) to {p_hi} ({hi}), a difference within the margin of error.",
    ),
    "same": M("{item} {dimension} : {p} dans chaque groupe publié.", "{item} {dimension}: {p} in every group shown."),
    "too_few": M(
        "{item} : trop peu de groupes publiés pour comparer selon {dimensions}.",
        "{item}: too few groups shown to compare by {dimensions}.",
    ),
    "no_scale": M(
        "{item} : la saison réunit des fichiers sur des échelles différentes ; pas de résultat par segment.",
        "{item}: the season's files use different scales; no result by segment.",
    ),
    "sources_intro": M(
        "Plusieurs réponses possibles : les parts s'additionnent à plus de 100 %. Base : {base}.",
        "Several answers allowed: the shares add up to more than 100%. Base: {base}.",
    ),
    "sources_top": M("Les sources les plus citées sont {listed}.", "The sources cited most are {listed}."),
    "source_top": M("La source la plus citée est {listed}.", "The source cited most is {listed}."),
    "source_change": M(
        "{label} : {phrase} depuis {year} ({before} → {after}).", "{label}: {phrase} since {year} ({before} → {after})."
    ),
    "sources_stable": M(
        "Depuis {year}, aucune source n'a varié au-delà de la marge d'erreur.",
        "Since {year}, no source has changed beyond the margin of error.",
    ),
    "sources_others": M(
        "Pour les autres sources, l'écart depuis {year} reste dans la marge d'erreur.",
        "For the other sources, the difference since {year} is within the margin of error.",
    ),
    "no_previous": M("Aucune saison précédente à comparer.", "No previous season to compare with."),
    "profile_bases": M(
        "Répondants ayant répondu à chaque question : {listed}.", "Respondents who answered each question: {listed}."
    ),
    "profile_withheld": M(
        "{names} : {table} (il faudrait masquer la plupart des répondants pour protéger les petits groupes).",
        "{names}: {table} (most respondents would have to be hidden to protect the small groups).",
    ),
    "comments_none": M("Aucun commentaire libre cette saison.", "No free-text comment this season."),
    "comments_intro": M(
        "{n} ont laissé un commentaire. Un commentaire peut toucher plusieurs thèmes : les parts "
        "s'additionnent à plus de 100 %. Les extraits sont anonymisés (coordonnées et noms masqués).",
        "{n} left a comment. A comment can touch several themes: the shares add up to more than "
        "100%. Quotes are anonymised (contact details and names masked).",
    ),
    "theme": M("{label} : {count} ({share} des commentateurs)", "{label}: {count} ({share} of commenters)"),
    "theme_small": RuleText("Moins de {min_cell} commentaires : {listed}", "Fewer than {min_cell} comments: {listed}"),
    "themes_small": RuleText(
        "Moins de {min_cell} commentaires chacun : {listed}", "Fewer than {min_cell} comments each: {listed}"
    ),
    "not_asked": M("{names} : question absente des questionnaires de la saison.", "{names}: not asked this season."),
    "sources_stable_shown": M(
        "Depuis {year}, aucune des sources publiées n'a varié au-delà de la marge d'erreur.",
        "Since {year}, none of the sources shown has changed beyond the margin of error.",
    ),
}
TOO_FEW = RuleText(
    "{names} : pas assez de réponses (moins de {min_cell}).", "{names}: not enough responses (fewer than {min_cell})."
)
TABLES = (M("tableau non publié", "table not published"), M("tableaux non publiés", "tables not published"))
COMMENTS_FEW = RuleText(
    "Moins de {min_cell} commentaires cette saison : ni thème ni extrait n'est publié.",
    "Fewer than {min_cell} comments this season: no theme or quote is published.",
)
COMMENTS_WITHHELD = RuleText(
    "Les nombres de commentaires par thème ne sont pas publiés : un thème de moins de {min_cell} commentaires "
    "pourrait se déduire des autres.",
    "Comment counts by theme are not published: a theme with fewer than {min_cell} comments could be worked out "
    "from the others.",
)
COMMENT = (M("commentaire", "comment"), M("commentaires", "comments"))
VERB = {
    OVERALL: (M("sont plus satisfaits", "are more satisfied"), M("sont plus satisfaites", "are more satisfied")),
    RECOMMEND: (M("recommanderaient davantage le musée", "are more likely to recommend the museum"),) * 2,
}


def row_label(dimension: str, key: str, lang: str) -> str:
    if key == au.FOLD:
        return FOLD_LABELS[dimension](lang)
    if dimension in GROUPS and key in GROUPS[dimension]:
        return GROUPS[dimension][key].label(lang)
    if dimension == "party_size":
        return PARTY_SIZES[key](lang)
    return load_codebook().label(dimension, key, lang)


def profile_rows(dimension: str, part: au.Partition, estimates: dict, lang: str) -> list[dict]:
    """The published rows of a profile table: shown keys with their count, « Autres », withheld keys."""
    rows = []
    for key in part.rows:
        hidden = key in part.hidden
        n = None if hidden else (sum(part.counts[k] for k in part.folded) if key == au.FOLD else part.counts[key])
        est = estimates.get(key)
        rows.append(au.share_row(key, row_label(dimension, key, lang), n, est, hidden or est is None))
    return rows


# --- segments ---------------------------------------------------------------------------------------


def segment_plans(answers: Answers) -> dict[str, tuple[au.Partition, list[au.SegmentShares]]]:
    out = {}
    for dimension in au.SEGMENT_DIMENSIONS:
        part = au.partition(answers, dimension)
        out[dimension] = (part, [au.segment_shares(answers, part, item) for item in au.SEGMENT_ITEMS])
    return out


def _gap_sentence(item: str, dimension: str, part: au.Partition, s: au.SegmentShares, lang: str) -> str | None:
    """The largest gap between the segments of one dimension, tested; None with fewer than two
    segments published."""
    names = {"item": ITEM_NAME[item](lang), "dimension": DIMENSION_PHRASE[dimension](lang)}
    groups = GROUPS[dimension]
    published = [
        k
        for k in part.shown
        if k in groups
        and k in s.estimates
        and k not in s.withheld
        and not math.isnan(s.estimates[k].share)
        and s.estimates[k].quality != stats.QUALITY_UNRELIABLE
    ]
    if len(published) < 2:
        return None
    lo = min(published, key=lambda k: (s.estimates[k].share, k))
    hi = max(published, key=lambda k: (s.estimates[k].share, k))
    e_lo, e_hi = s.estimates[lo], s.estimates[hi]
    if pct(e_lo.share, lang) == pct(e_hi.share, lang):
        return TEXT["same"].format(p=pct(e_hi.share, lang), **names)(lang)
    test = stats.difference_test(e_lo.share, e_lo.effective_n, e_hi.share, e_hi.effective_n)
    if test.significant:
        verb = VERB[item][groups[hi].feminine](lang)
        text = TEXT["gap"].format(
            hi=groups[hi].subject(lang),
            verb=verb,
            lo=groups[lo].subject(lang),
            p_hi=pct(e_hi.share, lang),
            p_lo=pct(e_lo.share, lang),
        )(lang)
        return capitalize_first(text)
    return TEXT["within"].format(
        p_lo=pct(e_lo.share, lang),
        lo=groups[lo].short(lang),
        p_hi=pct(e_hi.share, lang),
        hi=groups[hi].short(lang),
        **names,
    )(lang)


def segment_figure(answers: Answers, dimension: str, part: au.Partition, shares: list, lang: str):
    """One chart per dimension: a row per published segment (its count in the label), one bar per item
    with its interval; a withheld or imprecise share has no bar (« – »). None when no share may be
    published (a chart of empty rows would say nothing)."""
    if part.withheld or part.base < au.MIN_CELL:
        return None
    keys = [k for k in part.rows if not (k in part.shown and part.counts[k] == 0)]
    labels = []
    for key in keys:
        label = row_label(dimension, key, lang)
        if key not in part.hidden:
            n = sum(part.counts[k] for k in part.folded) if key == au.FOLD else part.counts[key]
            label += f" (n = {format_number(n, 0, lang)})"
        labels.append(label)
    series = []
    for s in shares:
        if s.scale is None:
            continue
        shown = {}
        for key in keys:
            est = s.estimates.get(key)
            if est is not None and key not in s.withheld and est.quality != stats.QUALITY_UNRELIABLE:
                shown[key] = est
        name = ITEM_NAME[s.item](lang)
        if s.scale.name != DEFAULT_SCALE:  # the reader compares with other charts: say the scale asked
            name += SCALE_NOTE.format(scale=s.scale.label(lang))(lang)
        series.append(
            charts.BarSeries(
                name,
                [shown[k].share if k in shown else None for k in keys],
                SERIES_COLOURS[s.item],
                low=[shown[k].low if k in shown else None for k in keys],
                high=[shown[k].high if k in shown else None for k in keys],
            )
        )
    cells = au.category_cells(answers, part) if dimension == "category" else ()
    weighting = shared.WEIGHTED_NOTE if answers.weighted else shared.UNWEIGHTED_NOTE
    note = " · ".join(m(lang) for m in (TOP_TWO_NOTE, shared.CI_NOTE, weighting, DASH_NOTE))
    return charts.interval_bars(
        labels,
        series,
        SEGMENT_TITLE[dimension],
        lang,
        cells=cells,
        note=note,
        value_title=shared.SHARE_OF_VISITORS if answers.weighted else shared.SHARE_OF_RESPONDENTS,
    )


def segments_section(scope: Scope, answers: Answers) -> Narrative:
    """Top-2-box of overall satisfaction and of recommendation by segment (origin, first visit, party
    type), a chart per item and a sentence per comparison (audience.py for what is withheld)."""
    lang = scope.lang
    plans = segment_plans(answers)
    for dimension, (part, shares) in plans.items():
        charts.show(segment_figure(answers, dimension, part, shares, lang))
    paragraphs = []
    for index, item in enumerate(au.SEGMENT_ITEMS):
        if plans["category"][1][index].scale is None:
            paragraphs.append(TEXT["no_scale"].format(item=ITEM_NAME[item](lang))(lang))
            continue
        missing = []
        for dimension, (part, shares) in plans.items():
            sentence = _gap_sentence(item, dimension, part, shares[index], lang)
            if sentence:
                paragraphs.append(sentence)
            else:
                missing.append(DIMENSION_TOPIC[dimension](lang))
        if missing:
            alternatives = join_words(missing, lang).rsplit(" et " if lang == "fr" else " and ", 1)
            listed = (" ou " if lang == "fr" else " or ").join(alternatives)
            paragraphs.append(TEXT["too_few"].format(item=ITEM_NAME[item](lang), dimensions=listed)(lang))
    return Narrative(paragraphs, lang=lang)  # shares only: the counts are on the charts, which declare them


# --- information sources ----------------------------------------------------------------------------


def _previous(scope: Scope, year: int) -> Answers | None:
    earlier = [s for s in scope.seasons if s < year]
    return load_answers(scope, earlier[-1]) if earlier else None


def _source_label(code: str, lang: str) -> str:
    return load_codebook().label("info_sources", code, lang)


def sources_table(answers: Answers, sources: au.SourceShares, lang: str) -> au.ShareTable | None:
    if sources.base < au.MIN_CELL:
        return None
    order = sorted(au.INFO_SOURCES, key=lambda c: (c in sources.withheld, c == "other", -sources.estimates[c].share, c))
    rows = [au.share_row(c, _source_label(c, lang), None, sources.estimates[c], c in sources.withheld) for c in order]
    return au.share_table(rows, sources.base, answers.weighted)


def info_sources_section(scope: Scope, answers: Answers) -> Narrative:
    """Weighted share of respondents citing each source (several answers allowed), with intervals, and
    the change since the previous season in words (stats.change_phrase)."""
    lang = scope.lang
    current = au.source_shares(answers)
    if current.base < au.MIN_CELL:
        return Narrative([TOO_FEW.format(names=SOURCE_TITLE(lang))(lang)], lang=lang)
    charts.show(charts.share_bars(sources_table(answers, current, lang), SOURCE_TITLE, lang))
    paragraphs = [TEXT["sources_intro"].format(base=count_noun(current.base, RESPONDENT, lang))(lang)]
    published = [c for c in au.INFO_SOURCES if c not in current.withheld and c != "other"]
    top = sorted(published, key=lambda c: -current.estimates[c].share)[:3]
    if top:
        listed = join_words([f"{SOURCE_PHRASES[c](lang)} ({pct(current.estimates[c].share, lang)})" for c in top], lang)
        paragraphs.append(TEXT["sources_top" if len(top) > 1 else "source_top"].format(listed=listed)(lang))
    previous = _previous(scope, answers.year)
    if previous is None:
        paragraphs.append(TEXT["no_previous"](lang))
        return Narrative(paragraphs, lang=lang)
    before = au.source_shares(previous)
    changes = []
    for code in published:
        if code in before.withheld or before.base < au.MIN_CELL:
            continue
        a, b = before.estimates[code], current.estimates[code]
        test = stats.difference_test(a.share, a.effective_n, b.share, b.effective_n)
        if test.significant:
            changes.append(
                TEXT["source_change"].format(
                    label=_source_label(code, lang),
                    phrase=stats.change_phrase(test, lang),
                    year=previous.year,
                    before=pct(a.share, lang),
                    after=pct(b.share, lang),
                )(lang)
            )
    paragraphs += changes
    compared_all = not current.withheld and not before.withheld and before.base >= au.MIN_CELL
    stable = "sources_stable" if compared_all else "sources_stable_shown"
    paragraphs.append(TEXT["sources_others" if changes else stable].format(year=previous.year)(lang))
    return Narrative(paragraphs, lang=lang)


SOURCE_TITLE = M(
    "Comment les répondants ont connu le musée (plusieurs réponses possibles)",
    "How respondents heard about the museum (several answers allowed)",
)


# --- profile ----------------------------------------------------------------------------------------


def profile_tables(answers: Answers, lang: str) -> dict[str, tuple[au.Partition, au.ShareTable | None]]:
    frame, out = answers.frame, {}
    for dimension in au.PROFILE_DIMENSIONS:
        part = au.partition(answers, dimension)
        keys = au.values(frame, dimension)
        answered = keys.notna()
        estimates = {}
        for key in part.rows:
            members = keys[answered].isin(part.folded if key == au.FOLD else (key,)).to_numpy(dtype=bool)
            estimates[key] = au.estimate(members, frame.loc[answered, "weight"])
        table = None
        if not part.withheld and part.base >= au.MIN_CELL:
            table = au.share_table(profile_rows(dimension, part, estimates, lang), part.base, answers.weighted)
        out[dimension] = (part, table)
    return out


def demographics_section(scope: Scope, answers: Answers) -> Narrative:
    """Age group, gender, questionnaire language, party type and size: weighted shares, small
    categories folded or withheld (audience.py)."""
    lang = scope.lang
    bases, missing = [], {"not_asked": [], "too_few": [], "profile_withheld": []}
    for dimension, (part, table) in profile_tables(answers, lang).items():
        name = DIMENSION_NAME[dimension]
        if table is None:
            why = "not_asked" if part.base == 0 else ("too_few" if part.base < au.MIN_CELL else "profile_withheld")
            missing[why].append(name(lang))
            continue
        charts.show(charts.share_bars(table, name, lang))
        bases.append(f"{name(lang).lower()} {format_number(part.base, 0, lang)}")
    paragraphs = [TEXT["profile_bases"].format(listed=", ".join(bases))(lang)] if bases else []
    for why, names in missing.items():  # one sentence per reason, naming every table it keeps out
        if names:
            listed = capitalize_first(join_words([names[0]] + [n[0].lower() + n[1:] for n in names[1:]], lang))
            table = plural_form(len(names), *TABLES, lang)
            template = TOO_FEW if why == "too_few" else TEXT[why]
            paragraphs.append(template.format(names=listed, table=table)(lang))
    return Narrative(paragraphs, lang=lang)


# --- comments ---------------------------------------------------------------------------------------


def comments_section(scope: Scope, answers: Answers) -> Narrative:
    """Themes of the season's comments: counts, weighted share of commenters and a few redacted quotes
    (comments.py); fewer than 10 comments give one sentence and no quote."""
    lang = scope.lang
    summary, withheld = au.theme_summary(answers, lang)
    if summary.small:
        return Narrative([COMMENTS_FEW(lang)], lang=lang)
    if not summary.n_commenters:
        return Narrative([TEXT["comments_none"](lang)], lang=lang)
    from IPython.display import display

    intro = TEXT["comments_intro"].format(n=count_noun(summary.n_commenters, RESPONDENT, lang))(lang)
    display(Narrative([intro], lang=lang))
    if withheld:
        return Narrative([COMMENTS_WITHHELD(lang)], lang=lang)
    items, small = [], []
    for row in summary.table.itertuples():
        if row.small:
            small.append(row.label[0].lower() + row.label[1:])
        elif row.n:
            count = count_noun(int(row.n), COMMENT, lang)
            text = TEXT["theme"].format(label=row.label, count=count, share=pct(row.share, lang))(lang)
            opening, closing, separator = ("« ", " »", " ; ") if lang == "fr" else ("“", "”", "; ")
            quotes = separator.join(f"{opening}{html.unescape(q)}{closing}" for q in row.quotes)
            items.append(f"{text} — {quotes}" if quotes else text)
    if small:
        listed = " ; ".join(small) if lang == "fr" else "; ".join(small)  # labels may hold « et » and commas
        items.append(TEXT["themes_small" if len(small) > 1 else "theme_small"].format(listed=listed)(lang))
    return Narrative(items, bullets=True, lang=lang)
