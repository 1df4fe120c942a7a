"""Findings about satisfaction and recommendation in plain French (English on request), Quebec number
formats, and the figures of the workbook's charts.

Every function takes results of topics.satisfaction.metrics and returns a Narrative (which carries the
disclosure cells of the counts it prints) or, for charts, a plotly figure through smq_analytics.charts.
Rules that keep the text honest:
- every number printed is the one the chart beside it shows, formatted the same way (i18n);
- a share is « des visiteurs » only when weighted to attendance, else « des répondants »;
- a change is said in the words of stats.change_phrase (« hausse significative », « écart dans la marge
  d'erreur »), never read from two intervals; two seasons on different scales get the warning of
  scales.comparison_warning and no change;
- items are named with their article (labels.ITEMS: « l'accueil », « les expositions ») and verbs
  agree with them;
- a figure that is not published gets one sentence saying why (« pas assez de réponses »).
"""

from __future__ import annotations

from ... import charts, privacy, scales, stats
from ... import targets as target_rules
from ...codebook import load_codebook
from ...i18n import Message, Plural, capitalize_first, count_noun, format_number
from ...labels import UNWEIGHTED_NOTE, WEIGHTED_NOTE, RuleText
from ...metrics.narrative import RESPONSE, Narrative, ci_phrase, join_words, pct, points
from . import labels
from .metrics import (
    COMPARED,
    HEADLINE,
    IMPRECISE,
    MIXED_SCALE,
    NOT_ASKED,
    OVERALL,
    RECOMMEND,
    SCALE_CHANGED,
    SHOWN,
    TOO_FEW,
    Answers,
    DataBasis,
    Distribution,
    Drivers,
    ItemChange,
    ItemResult,
    NpsResult,
    PeerComparison,
    base_cell,
    change_cells,
    driver_cells,
    top2_table,
)

T = Message
ANSWER = Plural.of("réponse", "réponses", "answer", "answers")
COMPLETE = Plural.of("réponse complète", "réponses complètes", "complete response", "complete responses")


def _narrative(paragraphs: list[str], lang: str, cells=(), bullets: bool = False) -> Narrative:
    return Narrative([capitalize_first(p) for p in paragraphs if p], bullets=bullets, lang=lang, cells=cells)


def _who(weighted: bool, lang: str) -> str:
    return T("des visiteurs", "of visitors")(lang) if weighted else T("des répondants", "of respondents")(lang)


def _quote(text: str, lang: str) -> str:
    """« Très satisfait » / "Very satisfied"."""
    return f"« {text} »" if lang == "fr" else f"\u201c{text}\u201d"


def _scale_name(name: str, lang: str) -> str:
    """« échelle de 1 à 4 » (the codebook's name of the scale)."""
    return load_codebook().rating_scale(name).label(lang)


# --- 1. data basis ------------------------------------------------------------------------------------

BASIS = T(
    "Saison {year} : {n} au sondage.",
    "{year} season: {n} to the survey.",
)
WEIGHTED = T(
    "Les résultats sont pondérés selon la fréquentation mensuelle (la même pondération que le rapport de "
    "provenance) : ce sont des estimations pour l'ensemble des visiteurs de la saison. Chaque répondant compte pour "
    "lui-même : une opinion est personnelle, elle n'est pas multipliée par la taille du groupe.",
    "Results are weighted to monthly attendance (the same weighting as the provenance report): they are "
    "estimates for all the season's visitors. Each respondent counts for themselves: an opinion is personal, it is "
    "not multiplied by the size of the party.",
)
UNWEIGHTED = T(
    "Les résultats ne sont pas pondérés ({why}) : ce sont des parts de répondants, qui peuvent s'écarter de "
    "l'ensemble des visiteurs si certains mois ont été plus sondés que d'autres.",
    "Results are not weighted ({why}): they are shares of respondents, which may differ from all visitors if some "
    "months were surveyed more than others.",
)
SCALES = T(
    "Échelles du questionnaire : satisfaction sur une {sat}, recommandation sur une {rec}. Les réponses sont lues sur "
    "l'échelle posée, sans conversion ; les « deux meilleures cotes » sont les deux réponses les plus favorables de "
    "cette échelle ({top}).",
    "Questionnaire scales: satisfaction on a {sat}, recommendation on a {rec}. Answers are read on the scale asked, "
    "never converted; the \u201ctop two boxes\u201d are the scale's two most favourable answers ({top}).",
)
SCALES_MIXED = T(
    "Les questions de satisfaction de cette saison n'ont pas toutes été posées sur la même échelle ({sat}) : "
    "chacune est lue sur la sienne, sans conversion.",
    "This season's satisfaction items were not all asked on the same scale ({sat}): each is read on its own, "
    "never converted.",
)
MARGIN_RULE = RuleText(
    "Marge d'erreur : chaque pourcentage est donné avec son intervalle de confiance à 95 % (méthode de Wilson, sur "
    "la taille effective de l'échantillon pondéré, selon Kish). Un résultat qui repose sur moins de {min_cell} "
    "réponses n'est pas publié ; sous {caution_cell} réponses, ou avec un coefficient de variation de {cv_good} % à "
    "{cv_caution} %, il est marqué d'un astérisque (à interpréter avec prudence).",
    "Margin of error: each percentage comes with its 95% confidence interval (Wilson's method, on the effective "
    "size of the weighted sample, after Kish). A result resting on fewer than {min_cell} answers is not published; "
    "under {caution_cell} answers, or with a coefficient of variation of {cv_good}% to {cv_caution}%, it is marked "
    "with an asterisk (interpret with caution).",
)
PRIVACY_RULE = RuleText(
    "Confidentialité : les réponses d'opinion (satisfaction, recommandation) ne sont publiées que sur une base "
    "d'au moins {min_cell} répondants, quel que soit le nombre de personnes qui donnent une même réponse ; les "
    "caractéristiques des répondants (provenance, âge, type de groupe…) ne le sont jamais pour moins de "
    "{min_cell} personnes, même par soustraction.",
    "Confidentiality: opinion answers (satisfaction, recommendation) are published only on a base of at least "
    "{min_cell} respondents, however few give one answer; the respondents' characteristics (origin, age, party "
    "type…) are never published for fewer than {min_cell} people, not even by subtraction.",
)
TOO_FEW_REPORT = RuleText(
    "Pas assez de réponses pour publier des résultats de satisfaction (moins de {min_cell}).",
    "Not enough responses to publish satisfaction results (fewer than {min_cell}).",
)
SUMMARY = T("Saison {year}, {n}, {weighting}", "{year} season, {n}, {weighting}")
SUMMARY_WEIGHTED = T("pondéré selon la fréquentation mensuelle", "weighted to monthly attendance")
SUMMARY_UNWEIGHTED = T("non pondéré", "unweighted")


def _top_codes(name: str, lang: str) -> str:
    """« 3 et 4 sur l'échelle de 1 à 4 » / "3 and 4 on the 1 to 4 scale"."""
    scale = scales.scale(name)
    low, high = sorted(scale.top_box)
    return T("{a} et {b} sur l'{scale}", "{a} and {b} on the {scale}").format(
        a=low, b=high, scale=_scale_name(name, lang)
    )(lang)


def basis(result: DataBasis, lang: str = "fr", cells=()) -> Narrative:
    if result.n_responses < privacy.MIN_CELL:
        return _narrative([TOO_FEW_REPORT(lang)], lang)
    paragraphs = [BASIS.format(year=result.year, n=count_noun(result.n_responses, RESPONSE, lang))(lang)]
    paragraphs.append(WEIGHTED(lang) if result.weighted else UNWEIGHTED.format(why=result.note or "–")(lang))
    sat = [s for s in result.satisfaction_scales]
    if len(sat) == 1 and sat[0] in scales.SCALES and result.recommend_scale in scales.SCALES:
        tops = [_top_codes(sat[0], lang)]
        if result.recommend_scale != sat[0]:
            tops.append(_top_codes(result.recommend_scale, lang))
        paragraphs.append(
            SCALES.format(
                sat=_scale_name(sat[0], lang),
                rec=_scale_name(result.recommend_scale, lang),
                top=" ; ".join(tops) if lang == "fr" else "; ".join(tops),
            )(lang)
        )
    elif sat:
        named = [_scale_name(s, lang) if s in scales.SCALES else s for s in sat]
        paragraphs.append(SCALES_MIXED.format(sat=join_words(named, lang))(lang))
    paragraphs.append(MARGIN_RULE(lang))
    paragraphs.append(PRIVACY_RULE(lang))
    return _narrative(paragraphs, lang, cells=cells)


def basis_summary(result: DataBasis) -> dict[str, str]:
    """One line for the report footer, in both languages: season, responses, weighting."""
    return {
        lang: SUMMARY.format(
            year=result.year,
            n=count_noun(result.n_responses, RESPONSE, lang),
            weighting=(SUMMARY_WEIGHTED if result.weighted else SUMMARY_UNWEIGHTED)(lang),
        )(lang)
        for lang in ("fr", "en")
    }


# --- 2. top-2-box -------------------------------------------------------------------------------------

WHY_NOT = {
    TOO_FEW: RuleText("moins de {min_cell} réponses", "fewer than {min_cell} answers"),
    MIXED_SCALE: T(
        "posée sur des échelles différentes pendant la saison", "asked on different scales during the season"
    ),
    IMPRECISE: T("estimation trop imprécise", "estimate too imprecise"),
}
HEADLINE_OVERALL = T(
    "{share} {who} sont satisfaits ou très satisfaits de leur visite dans son ensemble ({ci}).",
    "{share} {who} are satisfied or very satisfied with their visit as a whole ({ci}).",
)
HEADLINE_RECOMMEND = T(
    "{share} {who} recommanderaient le musée à leurs proches (deux meilleures cotes ; {ci}).",
    "{share} {who} would recommend the museum to friends and family (top two boxes; {ci}).",
)
HEADLINE_TEN = {  # an item asked from 0 to 10: its top two boxes are 9 and 10, not « satisfied »
    OVERALL: T(
        "{share} {who} donnent 9 ou 10 sur 10 à leur visite dans son ensemble (deux meilleures cotes ; {ci}).",
        "{share} {who} give their visit as a whole 9 or 10 out of 10 (top two boxes; {ci}).",
    ),
    RECOMMEND: T(
        "{share} {who} donnent 9 ou 10 sur 10 à la probabilité de recommander le musée (deux meilleures cotes ; {ci}).",
        "{share} {who} give 9 or 10 out of 10 to how likely they are to recommend the museum (top two boxes; {ci}).",
    ),
}
OTHERS_SHOWN = T("Autres aspects publiés : {items}.", "Other aspects published: {items}.")
NOT_SHOWN_WHY = T("Non publiés ({why}) : {items}.", "Not published ({why}): {items}.")
BEST = T("Les mieux notés : {items}.", "Rated highest: {items}.")
WORST = T("Les moins bien notés : {items}.", "Rated lowest: {items}.")
NOT_ASKED_TEXT = T("Questions non posées cette saison : {items}.", "Items not asked this season: {items}.")
NOTHING = RuleText(
    "Aucune question de satisfaction ne compte assez de réponses pour être publiée (moins de {min_cell}).",
    "No satisfaction item has enough answers to be published (fewer than {min_cell}).",
)
RANKED = 2  # items named at each end of the ranking


def _item_share(r: ItemResult, lang: str) -> str:
    return f"{labels.the(r.item, lang)} ({pct(r.estimate.share, lang)})"


def top2(answers: Answers, results: list[ItemResult], lang: str = "fr") -> Narrative:
    table = top2_table(answers, results, lang)
    cells = table.cells
    shown = {r.item: r for r in results if r.status == SHOWN}
    paragraphs = []
    if not shown:
        paragraphs.append(NOTHING(lang))
    who = _who(answers.weighted, lang)
    for item, template in ((OVERALL, HEADLINE_OVERALL), (RECOMMEND, HEADLINE_RECOMMEND)):
        if item in shown:
            e = shown[item].estimate
            if shown[item].scale == "scale0_10":  # 9 or 10 out of 10 is not « satisfied » in words
                template = HEADLINE_TEN[item]
            paragraphs.append(
                template.format(
                    share=pct(e.share, lang),
                    who=who,
                    ci=ci_phrase(e.low, e.high, lang),
                )(lang)
            )
    others = [r for r in results if r.item not in HEADLINE and r.status == SHOWN]
    if len(others) >= 2 * RANKED:
        paragraphs.append(BEST.format(items=join_words([_item_share(r, lang) for r in others[:RANKED]], lang))(lang))
        worst = others[-RANKED:][::-1]
        paragraphs.append(WORST.format(items=join_words([_item_share(r, lang) for r in worst], lang))(lang))
    elif others:
        paragraphs.append(OTHERS_SHOWN.format(items=join_words([_item_share(r, lang) for r in others], lang))(lang))
    for status, why in WHY_NOT.items():
        withheld = [labels.the(r.item, lang) for r in results if r.status == status]
        if withheld:
            paragraphs.append(NOT_SHOWN_WHY.format(why=why(lang), items=join_words(withheld, lang))(lang))
    missing = [labels.the(r.item, lang) for r in results if r.status == NOT_ASKED]
    if missing:
        paragraphs.append(NOT_ASKED_TEXT.format(items=join_words(missing, lang))(lang))
    return _narrative(paragraphs, lang, cells=cells)


def top2_chart(answers: Answers, results: list[ItemResult], lang: str = "fr"):
    """Top-2-box of every published item with its 95 % interval (charts.share_bars; n in the hover)."""
    title = labels.TITLE_TOP2 if answers.weighted else labels.TITLE_TOP2_UNWEIGHTED
    return charts.share_bars(top2_table(answers, results, lang), title, lang)


# --- 3. distributions ---------------------------------------------------------------------------------

DIST_INTRO = T(
    "Chaque barre montre toutes les réponses à une question, sur l'échelle posée et sans conversion ; la meilleure "
    "cote est à gauche.",
    "Each bar shows every answer to one item, on the scale asked and never converted; the best answer is on the left.",
)
DIST_COLUMNS = T(
    "Sur l'échelle de 0 à 10, chaque colonne est une réponse, de 0 à gauche à 10 à droite.",
    "On the 0 to 10 scale, each column is one answer, from 0 on the left to 10 on the right.",
)
DIST_LOWEST = T(
    "La cote la plus basse ({label}) va de {low} ({low_item}) à {high} ({high_item}).",
    "The lowest answer ({label}) ranges from {low} ({low_item}) to {high} ({high_item}).",
)
DIST_SAME = T(
    "La cote la plus basse ({label}) recueille {value} des réponses à chaque question.",
    "The lowest answer ({label}) gathers {value} of the answers to each item.",
)
DIST_NONE = RuleText(
    "Pas assez de réponses pour montrer la répartition des réponses (moins de {min_cell} par question).",
    "Not enough answers to show the distribution of answers (fewer than {min_cell} per item).",
)


def _groups(dists: list[Distribution]) -> list[tuple[str, str, list[Distribution]]]:
    """Published distributions grouped by (label group, scale): one chart each."""
    groups: dict[tuple[str, str], list[Distribution]] = {}
    for d in dists:
        if d.status == SHOWN:
            group = load_codebook().item(d.item).scale
            groups.setdefault((group, d.scale), []).append(d)
    return [(group, scale, items) for (group, scale), items in groups.items()]


STACKED_MAX_CODES = 5  # a scale with more codes (0–10) is drawn as columns, one chart per item
ANSWER_AXIS = T(
    "Réponse ({low} = {low_label}, {high} = {high_label})", "Answer ({low} = {low_label}, {high} = {high_label})"
)


def _column_charts(answers: Answers, name: str, items: list[Distribution], notes: list[str], lang: str) -> list:
    """A 0–10 item: one column per answer, 0 on the left (charts.count_bars: shares only, its base is
    declared by the top-2-box chart)."""
    figures = []
    for d in items:
        table = d.table.sort_values("code")
        low, high = table.iloc[0], table.iloc[-1]
        figures.append(
            charts.count_bars(
                [str(int(c)) for c in table["code"]],
                {labels.short(d.item, lang): [float(v) for v in table["share"]]},
                labels.TITLE_DISTRIBUTION.format(
                    scale=f"{labels.short(d.item, lang).lower()}, {_scale_name(name, lang)}"
                ),
                lang,
                percent=True,
                value_title=labels.SHARE_OF_ANSWERS,
                category_title=ANSWER_AXIS.format(
                    low=int(low["code"]), low_label=low["label"], high=int(high["code"]), high_label=high["label"]
                ),
                note=" · ".join(notes),
            )
        )
    return figures


def distribution_charts(answers: Answers, dists: list[Distribution], lang: str = "fr") -> list:
    """One 100 % stacked chart per label group and scale (satisfaction items; recommendation); an item on
    a scale of more than STACKED_MAX_CODES answers (0–10) gets columns instead (_column_charts)."""
    figures = []
    for group, name, items in _groups(dists):
        if len(items[0].table) > STACKED_MAX_CODES:
            notes = [(WEIGHTED_NOTE if answers.weighted else UNWEIGHTED_NOTE)(lang)]
            figures += _column_charts(answers, name, items, notes, lang)
            continue
        codes = [str(int(c)) for c in items[0].table["code"]]
        names = dict(zip(codes, items[0].table["label"]))
        colours = dict(zip(codes, labels.code_colours(len(codes))))
        values = {code: [] for code in codes}
        for d in items:
            for row in d.table.itertuples():
                values[str(int(row.code))].append(float(row.share))
        scale_text = _scale_name(name, lang)
        if group == "recommendation":
            scale_text = T("recommandation, {s}", "recommendation, {s}").format(s=scale_text)(lang)
        notes = [(WEIGHTED_NOTE if answers.weighted else UNWEIGHTED_NOTE)(lang)]
        figures.append(
            charts.stacked_share_bars(
                [labels.short(d.item, lang) for d in items],
                codes,
                values,
                labels.TITLE_DISTRIBUTION.format(scale=scale_text),
                lang,
                names=names,
                colours=colours,
                value_title=labels.SHARE_OF_ANSWERS,
                note=" · ".join(notes),
                cells=[base_cell(answers, d.item, d.n) for d in items],
            )
        )
    return figures


def distributions(answers: Answers, dists: list[Distribution], lang: str = "fr") -> Narrative:
    groups = _groups(dists)
    if not groups:
        return _narrative([DIST_NONE(lang)], lang)
    paragraphs = []
    if any(len(items[0].table) <= STACKED_MAX_CODES for _, _, items in groups):
        paragraphs.append(DIST_INTRO(lang))
    if any(len(items[0].table) > STACKED_MAX_CODES for _, _, items in groups):
        paragraphs.append(DIST_COLUMNS(lang))
    for group, name, items in groups:
        lowest = [(d, d.table.iloc[-1]) for d in items]
        if group != "satisfaction" or len(lowest) < 2:
            continue
        low = min(lowest, key=lambda p: p[1]["share"])
        high = max(lowest, key=lambda p: p[1]["share"])
        if pct(low[1]["share"], lang) == pct(high[1]["share"], lang):
            same = DIST_SAME.format(label=_quote(low[1]["label"], lang), value=pct(low[1]["share"], lang))
            paragraphs.append(same(lang))
            continue
        paragraphs.append(
            DIST_LOWEST.format(
                label=_quote(low[1]["label"], lang),
                low=pct(low[1]["share"], lang),
                low_item=labels.the(low[0].item, lang),
                high=pct(high[1]["share"], lang),
                high_item=labels.the(high[0].item, lang),
            )(lang)
        )
    return _narrative(paragraphs, lang)


# --- 4. NPS -------------------------------------------------------------------------------------------

NPS_TEXT = T(
    "Net Promoter Score : {score} (marge d'erreur : ± {margin} ; {ci}), soit {p} de promoteurs (9 ou 10) moins "
    "{d} de détracteurs (0 à 6), sur {n} à la question de 0 à 10.",
    "Net Promoter Score: {score} (margin of error: ± {margin}; {ci}), that is {p} promoters (9 or 10) minus {d} "
    "detractors (0 to 6), from {n} to the 0 to 10 item.",
)
NPS_RULE = T(
    "Le NPS est la part des promoteurs moins celle des détracteurs, en points de −100 à +100 ; sa marge d'erreur "
    "vient de la variance multinomiale (p + d − (p − d)²) / n, sur la taille effective de l'échantillon pondéré.",
    "The NPS is the share of promoters minus that of detractors, in points from −100 to +100; its margin of error "
    "comes from the multinomial variance (p + d − (p − d)²) / n, on the effective size of the weighted sample.",
)
NPS_NONE = T(
    "Le questionnaire de cette saison n'a pas de question de recommandation de 0 à 10 : pas de Net Promoter Score.",
    "This season's questionnaire has no 0 to 10 recommendation item: no Net Promoter Score.",
)
NPS_TOO_FEW = RuleText(
    "Pas assez de réponses à la question de 0 à 10 pour calculer un Net Promoter Score (moins de {min_cell}).",
    "Not enough answers to the 0 to 10 item to compute a Net Promoter Score (fewer than {min_cell}).",
)
NPS_POINT = Plural.of("point", "points", "point", "points")


def _signed(value: float, lang: str) -> str:
    rounded = round(value)
    sign = "+" if rounded > 0 else ("−" if rounded < 0 else "")
    return f"{sign}{format_number(abs(rounded), 0, lang)}"


def nps(answers: Answers, result: NpsResult, lang: str = "fr") -> Narrative:
    if result.status == NOT_ASKED:
        return _narrative([NPS_NONE(lang)], lang)
    if result.status == TOO_FEW:
        return _narrative([NPS_TOO_FEW(lang)], lang)
    n = result.nps
    ci = T("IC à 95 % : {low} à {high}", "95% CI: {low} to {high}").format(
        low=_signed(n.low, lang), high=_signed(n.high, lang)
    )(lang)
    common = dict(
        score=_signed(n.score, lang),
        margin=count_noun(round(result.margin), NPS_POINT, lang),
        ci=ci,
        n=count_noun(result.n, ANSWER, lang),
    )
    text = NPS_TEXT.format(**common, p=pct(n.promoters, lang), d=pct(n.detractors, lang))(lang)
    return _narrative([text, NPS_RULE(lang)], lang, cells=(base_cell(answers, result.item, result.n),))


def nps_chart(answers: Answers, result: NpsResult, lang: str = "fr"):
    if result.status != SHOWN:
        return None
    groups = list(labels.NPS_GROUPS)
    note = [(WEIGHTED_NOTE if answers.weighted else UNWEIGHTED_NOTE)(lang)]
    return charts.stacked_share_bars(
        [
            T("Net Promoter Score {score}", "Net Promoter Score {score}").format(score=_signed(result.nps.score, lang))(
                lang
            )
        ],
        groups,
        {g: [result.groups.get(g)] for g in groups},
        labels.TITLE_NPS,
        lang,
        names={g: labels.NPS_GROUPS[g](lang) for g in groups},
        colours=labels.NPS_COLOURS,
        value_title=labels.SHARE_OF_ANSWERS,
        note=" · ".join(note),
        cells=[base_cell(answers, result.item, result.n)],
    )


# --- 5. change since the previous season --------------------------------------------------------------

NO_PREVIOUS = T(
    "Pas de saison précédente dans l'entrepôt : pas de comparaison.",
    "No previous season in the store: no comparison.",
)
CHANGE_INTRO = T(
    "Part des deux meilleures cotes en {before} puis en {now}. Un écart n'est dit significatif que si le test de la différence, "
    "sur les tailles effectives des deux échantillons pondérés, l'établit au seuil de 5 %.",
    "Share of the top two boxes in {before}, then in {now}. A difference is called significant only when the test of the difference, "
    "on the effective sizes of the two weighted samples, establishes it at the 5% level.",
)
CHANGE_LINE = T(
    "{item} : {before} en {year_before}, {now} en {year} ({points}), {phrase}.",
    "{item}: {before} in {year_before}, {now} in {year} ({points}), {phrase}.",
)
SCALE_LINE = T("Pas de tendance pour {items} ({warning}).", "No trend for {items} ({warning}).")
NOT_COMPARED_ALL = T(
    "Pas de comparaison, faute d'un résultat publié pour les deux saisons (question non posée, pas assez de "
    "réponses ou estimation trop imprécise) : {items}.",
    "No comparison, for want of a published result in both seasons (item not asked, too few answers or "
    "estimate too imprecise): {items}.",
)


def changes(answers: Answers, previous: Answers | None, changed: list[ItemChange], lang: str = "fr") -> Narrative:
    if previous is None:
        return _narrative([NO_PREVIOUS(lang)], lang)
    lines = []
    for c in changed:
        name = labels.short(c.item, lang)
        if c.status == COMPARED:
            lines.append(
                CHANGE_LINE.format(
                    item=name,
                    before=pct(c.previous.estimate.share, lang),
                    year_before=c.previous_year,
                    now=pct(c.current.estimate.share, lang),
                    year=c.year,
                    points=points(c.current.estimate.share, c.previous.estimate.share, lang),
                    phrase=stats.change_phrase(c.difference, lang),
                )(lang)
            )
    warned: dict[str, list[str]] = {}  # one sentence per warning: the items whose scale changed alike
    for c in changed:
        if c.status == SCALE_CHANGED:
            warned.setdefault(c.warning(lang), []).append(labels.the(c.item, lang))
    for warning, items in warned.items():
        lines.append(SCALE_LINE.format(items=join_words(items, lang), warning=warning)(lang))
    not_compared = [c for c in changed if c.status not in (COMPARED, SCALE_CHANGED)]
    if not_compared:
        names = join_words([labels.the(c.item, lang) for c in not_compared], lang)
        lines.append(NOT_COMPARED_ALL.format(items=names)(lang))
    intro = CHANGE_INTRO.format(before=previous.year, now=answers.year)(lang)
    return _narrative([intro, *lines], lang, cells=change_cells(changed, answers, previous))


# --- 6. targets ---------------------------------------------------------------------------------------

NO_TARGET = T(
    "Le musée n'a pas de cible de satisfaction, de recommandation ou de NPS dans ses paramètres.",
    "The museum has no satisfaction, recommendation or NPS target in its parameters.",
)


def targets(statuses: list, lang: str = "fr") -> Narrative:
    if not statuses:
        return _narrative([NO_TARGET(lang)], lang)
    return _narrative([target_rules.sentence(s, lang=lang) for s in statuses], lang, bullets=len(statuses) > 1)


def target_charts(statuses: list, lang: str = "fr") -> list:
    """One chart for share targets, one for NPS targets (targets.chart does not mix them)."""
    figures = []
    for kind, title in ((False, labels.TITLE_TARGETS), (True, labels.TITLE_TARGETS_NPS)):
        chosen = [s for s in statuses if s.points == kind]
        if chosen:
            figures.append(target_rules.chart(chosen, title, lang))
    return [f for f in figures if f is not None]


# --- 7. key drivers -----------------------------------------------------------------------------------

DRIVERS_TEXT = T(
    "Les aspects notés expliquent ensemble {r2} de la variation de la satisfaction globale (R² de la régression "
    "pondérée, sur {n}).",
    "The rated aspects together explain {r2} of the variation in overall satisfaction (R² of the weighted "
    "regression, from {n}).",
)
DRIVERS_METHOD = T(
    "Méthode : {method}. La part de chaque aspect est sa contribution moyenne au R² sur tous les ordres possibles "
    "d'entrée dans le modèle ; les aspects étant corrélés entre eux, cette méthode partage équitablement ce qu'ils "
    "expliquent ensemble, au lieu de l'attribuer au hasard de la régression.",
    "Method: {method}. Each aspect's share is its average contribution to R² over every order in which aspects can "
    "enter the model; since the aspects are correlated, the method splits fairly what they explain together instead "
    "of leaving it to the chance of the regression.",
)
DRIVERS_TOP_ONE = T("{item} pèse le plus ({share} du R²).", "{item} weighs most ({share} of R²).")
DRIVERS_TOP_MANY = T("{item} pèsent le plus ({share} du R²).", "{item} weigh most ({share} of R²).")
DRIVERS_NEXT = T("Suivent {items}.", "Next come {items}.")
DRIVERS_SAME = T(
    "Contrôle : les {method} donnent le même premier aspect.",
    "Cross-check: {method} give the same leading aspect.",
)
DRIVERS_DIFFERENT = T(
    "Contrôle : les {method} placent {item} en tête ; l'ordre des premiers aspects est donc fragile.",
    "Cross-check: {method} put {item} first; the order of the leading aspects is therefore fragile.",
)
DRIVERS_LEFT_OUT = T(
    "Non retenus, car seule une partie des visiteurs y répondent : {items}.",
    "Left out, since only some visitors answer them: {items}.",
)
DRIVERS_NOT_ASKED = T(
    "Pas d'analyse des facteurs : la satisfaction globale n'a pas été posée cette saison.",
    "No key-driver analysis: overall satisfaction was not asked this season.",
)
DRIVERS_MIXED = T(
    "Pas d'analyse des facteurs : la satisfaction globale a été posée sur des échelles différentes pendant la saison.",
    "No key-driver analysis: overall satisfaction was asked on different scales during the season.",
)


def _share_text(share: float, lang: str) -> str:
    return pct(share, lang)


def drivers(answers: Answers, result: Drivers, lang: str = "fr") -> Narrative:
    if result.status == NOT_ASKED:
        return _narrative([DRIVERS_NOT_ASKED(lang)], lang)
    if result.status == MIXED_SCALE:
        return _narrative([DRIVERS_MIXED(lang)], lang)
    shapley = result.shapley
    if not shapley.available:
        reason = shapley.reason(lang) if shapley.reason is not None else ""
        return _narrative([reason], lang)
    table = shapley.table.sort_values("rank")
    first = table.iloc[0]
    template = DRIVERS_TOP_MANY if labels.ITEMS[first["item"]].plural else DRIVERS_TOP_ONE
    paragraphs = [
        DRIVERS_TEXT.format(r2=pct(shapley.r2, lang), n=count_noun(shapley.n_used, COMPLETE, lang))(lang),
        DRIVERS_METHOD.format(method=shapley.method_name(lang))(lang),
        template.format(item=labels.the(first["item"], lang), share=pct(first["share"], lang))(lang),
    ]
    following = [f"{labels.the(r.item, lang)} ({pct(r.share, lang)})" for r in table.iloc[1:3].itertuples()]
    if following:
        paragraphs.append(DRIVERS_NEXT.format(items=join_words(following, lang))(lang))
    relative = result.relative
    if relative is not None and relative.available:
        lead = relative.table.sort_values("rank").iloc[0]["item"]
        method = relative.method_name(lang)
        if lead == first["item"]:
            paragraphs.append(DRIVERS_SAME.format(method=method)(lang))
        else:
            paragraphs.append(DRIVERS_DIFFERENT.format(method=method, item=labels.the(lead, lang))(lang))
    if result.left_out:
        paragraphs.append(
            DRIVERS_LEFT_OUT.format(items=join_words([labels.the(i, lang) for i in result.left_out], lang))(lang)
        )
    return _narrative(paragraphs, lang, cells=driver_cells(answers, result))


def drivers_chart(answers: Answers, result: Drivers, lang: str = "fr"):
    if result.status != SHOWN or result.shapley is None or not result.shapley.available:
        return None
    table = result.shapley.table.sort_values("rank")
    note = T("{method} · R² = {r2} · {weighting}", "{method} · R² = {r2} · {weighting}").format(
        method=capitalize_first(result.shapley.method_name(lang)),
        r2=format_number(result.shapley.r2, 2, lang),
        weighting=(WEIGHTED_NOTE if answers.weighted else UNWEIGHTED_NOTE)(lang),
    )(lang)
    return charts.value_bars(
        [labels.short(i, lang) for i in table["item"]],
        [float(s) for s in table["share"]],
        labels.TITLE_DRIVERS,
        lang,
        value_title=labels.SHARE_OF_R2,
        note=note,
        cells=driver_cells(answers, result),
    )


# --- 8. peer comparison -------------------------------------------------------------------------------

PEER_INDICATOR = T("satisfaction globale, deux meilleures cotes", "overall satisfaction, top two boxes")
PEER_SCALE = T(
    "Seuls les musées qui posent la satisfaction globale sur la même échelle ({scale}) et dont le résultat est "
    "publiable (au moins {min} réponses) entrent dans la comparaison.",
    "Only museums that ask overall satisfaction on the same scale ({scale}) and whose result may be published (at "
    "least {min} answers) enter the comparison.",
)
PEER_NONE = T(
    "Aucun groupe de musées semblables ne compte assez de musées comparables pour être publié.",
    "No peer group has enough comparable museums to be published.",
)


PEER_NO_SCALE = T(
    "Aucun autre musée ne publie cette saison de résultat de satisfaction globale sur la même échelle ({scale}) : "
    "pas de comparaison (deux échelles, ce sont deux questions différentes).",
    "No other museum publishes an overall satisfaction result on the same scale ({scale}) this season: no "
    "comparison (two scales are two different questions).",
)


def peers(answers: Answers, result: PeerComparison, lang: str = "fr") -> Narrative:
    """peers.sentences for the top-2-box of overall satisfaction, and which museums are comparable."""
    from ... import peers as peer_rules

    name = result.scale if result.scale in scales.SCALES else None
    if result.n_comparable == 0 and name is not None:
        return _narrative([PEER_NO_SCALE.format(scale=_scale_name(name, lang))(lang)], lang)
    paragraphs = peer_rules.sentences(result.comparisons, PEER_INDICATOR, answers.year, lang)
    if name is not None:
        paragraphs.append(PEER_SCALE.format(scale=_scale_name(name, lang), min=privacy.MIN_CELL)(lang))
    if not any(c.available for c in result.comparisons):
        paragraphs.append(PEER_NONE(lang))
    return _narrative(paragraphs, lang)


def peers_chart(result: PeerComparison, lang: str = "fr"):
    from ... import peers as peer_rules

    if result.n_comparable == 0:
        return None
    return peer_rules.chart(result.comparisons, labels.TITLE_PEERS, lang)
