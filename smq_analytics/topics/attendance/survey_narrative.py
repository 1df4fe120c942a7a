"""Findings of sections 6 to 9 of the attendance workbook in plain French (English on request): the
survey season beside attendance — desk counts, visitors by category, the tourism role, the travel
footprint (docs/ARCHITECTURE.md, « Attendance »).

Every function takes a result of survey.py, desk.py, visitors.py or footprint.py and returns a
Narrative. Rules that keep the text honest:
- a section without its data says so in one sentence (no survey for the season, no desk grid, too few
  responses, not weighted), never a misleading figure;
- shares of the survey describe the visitors of the surveyed months, and the text says which months;
- every number printed is the one the chart beside it shows; estimates are « environ … (… à …) »,
  rounded as survey.rounding_step says;
- the only respondent count printed is the number of responses of the season (its cell declared;
  « moins de 10 » when 1 to 9, as disclosure.shown publishes it).
"""

from __future__ import annotations

import math

import pandas as pd

from ... import privacy, stats
from ...labels import RuleText
from ...i18n import NBSP, Message, Plural, capitalize_first, count_noun, format_number
from ...metrics.narrative import RESPONSE, Narrative, ci_phrase, format_month, join_words, pct, points
from . import desk as desk_module
from . import emission_factors, footprint as footprint_module, survey, visitors as visitors_module
from .narrative import _span, visitors as visitor_count

T = Message
DESK_VISITORS = Plural.of("visiteur", "visiteurs", "visitor", "visitors")
CATEGORY_NOUNS = {
    "local": Plural.of("local", "locaux", "local", "locals"),
    "excursionist": Plural.of("excursionniste", "excursionnistes", "excursionist", "excursionists"),
    "tourist": Plural.of("touriste", "touristes", "tourist", "tourists"),
}
CATEGORY_PLURAL = {  # « un nombre non publié de touristes »
    "local": T("de locaux", "locals"),
    "excursionist": T("d'excursionnistes", "excursionists"),
    "tourist": T("de touristes", "tourists"),
}


def _narrative(paragraphs: list[str], lang: str, cells=()) -> Narrative:
    return Narrative([capitalize_first(p) for p in paragraphs if p], lang=lang, cells=cells)


def _months_span(months: tuple[str, ...], lang: str) -> str:
    return _span(months[0], months[-1], lang) if months else ""


CAUTION = T(", à interpréter avec prudence", ", interpret with caution")


def _about(value: int, low: int, high: int, noun: Plural, lang: str, caution: bool = False) -> str:
    """« environ 24 000 touristes (21 500 à 26 500) » / "about 24,000 tourists (21,500 to 26,500)";
    caution: the share it rests on is to be read with caution (stats.quality_flag, privacy)."""
    words = count_noun(value, noun, lang)
    careful = CAUTION(lang) if caution else ""
    if lang == "en":
        return f"about {words} ({format_number(low, 0, lang)} to {format_number(high, 0, lang)}{careful})"
    return f"environ {words} ({format_number(low, 0, lang)} à {format_number(high, 0, lang)}{careful})"


def tonnes(value: float, lang: str) -> str:
    """Tonnes of CO₂ equivalent: the unit under 10, else whole tonnes (« 1 234 t » / « 3,4 t »)."""
    decimals = 1 if value < 10 else 0
    return f"{format_number(value, decimals, lang)}{NBSP}t"


# --- 1. data basis: the survey season --------------------------------------------------------------
NO_SEASON = T(
    "Aucun sondage n'est chargé pour l'été {season}, la saison qui accompagne l'exercice {label} : les sections 6 à 9, qui reposent sur le sondage, sont laissées vides.",
    "No survey is loaded for summer {season}, the season that goes with fiscal year {label}: sections 6 to 9, which rest on the survey, are left empty.",
)
SEASON = T(
    "Le sondage qui accompagne l'exercice {label} est celui de l'été {season} (la saison dont le mois d'août tombe dans l'exercice) : {n}, sur les mois {span}.",
    "The survey that goes with fiscal year {label} is the summer {season} survey (the season whose August falls in the fiscal year): {n}, over the months {span}.",
)
SEASON_UNDATED = T(
    "Le sondage qui accompagne l'exercice {label} est celui de l'été {season} (la saison dont le mois d'août tombe dans l'exercice) : {n}, sans date de visite.",
    "The survey that goes with fiscal year {label} is the summer {season} survey (the season whose August falls in the fiscal year): {n}, without a visit date.",
)
SEASON_SHARES = T(
    "Les parts tirées du sondage décrivent les visiteurs de ces mois, pas ceux de l'exercice entier : le musée y a reçu {attendance}.",
    "Shares from the survey describe the visitors of those months, not of the whole fiscal year: the museum received {attendance} in them.",
)
SEASON_MISSING = T(
    "Fréquentation non chargée pour {months} : les visiteurs de ces mois ne sont pas comptés dans les nombres estimés.",
    "Attendance not loaded for {months}: the visitors of those months are not counted in the estimated numbers.",
)
NOT_WEIGHTED = T(
    "Les réponses ne peuvent pas être pondérées par la fréquentation mensuelle des mois du sondage : les parts sont celles des répondants et aucun nombre de visiteurs n'est estimé.",
    "Responses cannot be weighted to the monthly attendance of the surveyed months: shares are those of respondents and no number of visitors is estimated.",
)
FEWER_THAN = T("moins de {n} réponses", "fewer than {n} responses")


def basis(result: survey.SurveyBasis, lang: str = "fr") -> Narrative:
    """Which survey season goes with the fiscal year, its responses and months, and what its shares
    describe (the visitors of the surveyed months)."""
    plan = result.plan
    if plan is None:
        return _narrative([NO_SEASON.format(season=result.season, label=result.fiscal_year_label)(lang)], lang)
    n = plan.n_responses
    n_text = (
        count_noun(n, RESPONSE, lang) if not 0 < n < privacy.MIN_CELL else FEWER_THAN.format(n=privacy.MIN_CELL)(lang)
    )
    months = plan.months or tuple(sorted(set(plan.responses["month"]) - {""}))
    template = SEASON if months else SEASON_UNDATED
    span = _months_span(months, lang)
    paragraphs = [template.format(label=result.fiscal_year_label, season=plan.season, n=n_text, span=span)(lang)]
    if plan.estimates_visitors:
        paragraphs.append(SEASON_SHARES.format(attendance=visitor_count(plan.attendance, lang))(lang))
        if plan.missing_months:
            listed = join_words([format_month(m, lang) for m in plan.missing_months], lang)
            paragraphs.append(SEASON_MISSING.format(months=listed)(lang))
    else:
        paragraphs.append(NOT_WEIGHTED(lang))
    return _narrative(paragraphs, lang, cells=plan.basis_cells())


# --- 6. desk counts beside the survey ---------------------------------------------------------------
DESK_NONE = {
    desk_module.NO_SURVEY: T(
        "Pas de sondage pour la saison de cet exercice : la comparaison avec les comptages à l'accueil n'est pas possible.",
        "No survey for this fiscal year's season: the comparison with the front-desk counts is not possible.",
    ),
    desk_module.NO_DESK: T(
        "Le musée n'envoie pas de comptage de provenance fait à l'accueil : il n'y a rien à comparer au sondage.",
        "The museum sends no origin count kept at the front desk: there is nothing to compare with the survey.",
    ),
    desk_module.NO_DESK_MONTHS: T(
        "Aucun comptage de provenance fait à l'accueil ne couvre les mois du sondage : il n'y a rien à comparer.",
        "No front-desk origin count covers the surveyed months: there is nothing to compare.",
    ),
    desk_module.TOO_SMALL: RuleText(
        "Pas assez de réponses de provenance connue (moins de {min_cell}) : la comparaison n'est pas montrée.",
        "Not enough responses of known origin (fewer than {min_cell}): the comparison is not shown.",
    ),
    desk_module.WITHHELD: T(
        "Les parts du sondage par provenance ne peuvent pas être publiées sans laisser deviner de petits groupes : la comparaison n'est pas montrée.",
        "The survey's shares by origin cannot be published without giving small groups away: the comparison is not shown.",
    ),
}
DESK_BASIS = T(
    "À l'accueil, {known} de provenance connue {counted} {span}{unknown}.",
    "At the front desk, {known} of known origin {counted} {span}{unknown}.",
)
COUNTED = Plural.of("a été compté", "ont été comptés", "was counted", "were counted")
DESK_UNKNOWN = T(" ({n} de provenance inconnue, {left})", " ({n} of unknown origin, {left})")
LEFT_OUT = Plural.of("laissé de côté", "laissés de côté", "left out", "left out")
DESK_ROW = T(
    "{label} : {desk} à l'accueil, {survey} selon le sondage ({ci}), un écart de {gap} {verdict}.",
    "{label}: {desk} at the desk, {survey} according to the survey ({ci}), a gap of {gap} {verdict}.",
)
DESK_ROW_HIDDEN = RuleText(
    "{label} : {desk} à l'accueil; la part du sondage n'est pas publiée (moins de {min_cell} répondants, masquée ou trop imprécise).",
    "{label}: {desk} at the desk; the survey's share is not published (fewer than {min_cell} respondents, hidden or too imprecise).",
)
WITHIN = T("dans la marge d'erreur du sondage", "within the survey's margin of error")
BEYOND = T("au-delà de la marge d'erreur du sondage", "beyond the survey's margin of error")
DESK_SUMMARY_BEYOND = T(
    "L'écart dépasse la marge d'erreur du sondage pour : {labels}.",
    "The gap exceeds the survey's margin of error for: {labels}.",
)
DESK_SUMMARY_WITHIN = T(
    "Les écarts publiés restent tous dans la marge d'erreur du sondage.",
    "Every published gap stays within the survey's margin of error.",
)
DESK_SUMMARY_ONE = T(
    "Le seul écart publié reste dans la marge d'erreur du sondage.",
    "The only published gap stays within the survey's margin of error.",
)
DESK_WHY = T(
    "Les deux sources ne comptent pas la même chose. À l'accueil, le personnel inscrit chaque visiteur, enfants et groupes compris, en demandant sa provenance (ou en la devinant aux heures de pointe). Le sondage interroge une personne par groupe, et ses réponses sont pondérées selon la fréquentation de chaque mois et la taille du groupe; sa marge d'erreur (IC à 95 %) tient au hasard de l'échantillon, pas aux différences de définition. Un écart au-delà de la marge signale plutôt une différence de ce qui est compté : groupes scolaires et organisés (plus nombreux à l'accueil), visiteurs qui répondent moins au sondage, ou provenance notée différemment.",
    "The two sources do not count the same thing. At the front desk, staff record every visitor, children and groups included, by asking where they come from (or guessing at busy times). The survey asks one person per party, and its answers are weighted to each month's attendance and to party size; its margin of error (95% CI) reflects sampling chance, not differences of definition. A gap beyond the margin rather points to a difference in what is counted: school and organised groups (more of them at the desk), visitors less likely to answer the survey, or origins recorded differently.",
)


def desk(result: desk_module.DeskComparison, lang: str = "fr") -> Narrative:
    """The desk's and the survey's shares, origin by origin, each gap against the survey's margin."""
    if result.reason is not None:
        return _narrative([DESK_NONE[result.reason](lang)], lang)
    span = _span(result.desk_months[0], result.desk_months[-1], lang)
    unknown = ""
    if result.desk_unknown:
        n = count_noun(result.desk_unknown, DESK_VISITORS, lang)
        unknown = DESK_UNKNOWN.format(n=n, left=LEFT_OUT.form(result.desk_unknown, lang))(lang)
    known = count_noun(result.desk_known, DESK_VISITORS, lang)
    counted = COUNTED.form(result.desk_known, lang)
    paragraphs = [DESK_BASIS.format(known=known, counted=counted, span=span, unknown=unknown)(lang)]
    beyond = []
    for row in result.table.itertuples():
        desk_share = pct(row.desk_share, lang)
        if pd.isna(row.survey_share):
            paragraphs.append(DESK_ROW_HIDDEN.format(label=row.label, desk=desk_share)(lang))
            continue
        inside = bool(row.within)
        if not inside:
            beyond.append(row.label)
        paragraphs.append(
            DESK_ROW.format(
                label=row.label,
                desk=desk_share,
                survey=pct(row.survey_share, lang),
                ci=ci_phrase(row.ci_low, row.ci_high, lang) + (CAUTION(lang) if row.caution else ""),
                gap=points(row.survey_share, row.desk_share, lang),
                verdict=(WITHIN if inside else BEYOND)(lang),
            )(lang)
        )
    if beyond:
        paragraphs.append(DESK_SUMMARY_BEYOND.format(labels=join_words(beyond, lang))(lang))
    elif int(result.table["survey_share"].notna().sum()) == 1:
        paragraphs.append(DESK_SUMMARY_ONE(lang))
    elif result.table["survey_share"].notna().any():
        paragraphs.append(DESK_SUMMARY_WITHIN(lang))
    paragraphs.append(DESK_WHY(lang))
    return _narrative(paragraphs, lang)


# --- 7. estimated visitors by category --------------------------------------------------------------
VISITORS_NONE = {
    visitors_module.NO_SURVEY: T(
        "Pas de sondage pour la saison de cet exercice : le nombre de visiteurs par catégorie ne peut pas être estimé.",
        "No survey for this fiscal year's season: the number of visitors by category cannot be estimated.",
    ),
    visitors_module.NOT_WEIGHTED: T(
        "Les mois du sondage n'ont pas de fréquentation utilisable pour pondérer les réponses : le nombre de visiteurs par catégorie n'est pas estimé.",
        "The surveyed months have no attendance usable to weight the responses: the number of visitors by category is not estimated.",
    ),
    visitors_module.TOO_SMALL: RuleText(
        "Pas assez de réponses de catégorie connue (moins de {min_cell}) : le nombre de visiteurs par catégorie n'est pas estimé.",
        "Not enough responses of known category (fewer than {min_cell}): the number of visitors by category is not estimated.",
    ),
    visitors_module.WITHHELD: T(
        "Les parts par catégorie ne peuvent pas être publiées sans laisser deviner de petits groupes : le nombre de visiteurs par catégorie n'est pas montré.",
        "The shares by category cannot be published without giving small groups away: the number of visitors by category is not shown.",
    ),
}
VISITORS_TOTAL = T(
    "{span}, le musée a reçu {attendance}. D'après le sondage, il y avait parmi eux {items}.",
    "{span}, the museum received {attendance}. According to the survey, they included {items}.",
)
VISITORS_HIDDEN = RuleText(
    "un nombre non publié {noun} (moins de {min_cell} répondants, masqué ou trop imprécis)",
    "an unpublished number of {noun} (fewer than {min_cell} respondents, hidden or too imprecise)",
)
VISITORS_RULE = T(
    "Estimation : fréquentation de ces mois × part pondérée de chaque catégorie parmi les répondants de catégorie connue; l'intervalle (IC à 95 %) vient de celui de la part. Les visiteurs de catégorie inconnue sont supposés se répartir comme les autres. Les nombres sont arrondis à la précision que permet l'intervalle.",
    "Estimate: attendance of those months × the weighted share of each category among respondents of known category; the interval (95% CI) comes from the share's. Visitors of unknown category are assumed to split like the others. Numbers are rounded to the precision the interval allows.",
)


def visitors(result: visitors_module.CategoryVisitors, lang: str = "fr") -> Narrative:
    if result.reason is not None:
        return _narrative([VISITORS_NONE[result.reason](lang)], lang)
    items = []
    for row in result.table.itertuples():
        if pd.isna(row.visitors):
            items.append(VISITORS_HIDDEN.format(noun=CATEGORY_PLURAL[row.key](lang))(lang))
        else:
            items.append(
                _about(int(row.visitors), int(row.low), int(row.high), CATEGORY_NOUNS[row.key], lang, bool(row.caution))
            )
    span = _months_span(result.months, lang)
    text = VISITORS_TOTAL.format(
        span=span, attendance=visitor_count(result.attendance, lang), items=join_words(items, lang)
    )
    return _narrative([text(lang), VISITORS_RULE(lang)], lang)


# --- 8. the museum's tourism role -------------------------------------------------------------------
ROLE_NONE = {
    visitors_module.NO_SURVEY: T(
        "Pas de sondage pour la saison de cet exercice : le rôle touristique du musée ne peut pas être mesuré.",
        "No survey for this fiscal year's season: the museum's tourism role cannot be measured.",
    ),
    visitors_module.TOO_SMALL: RuleText(
        "Pas assez de réponses à la question sur la raison de la venue dans la région (moins de {min_cell}) : le rôle touristique n'est pas mesuré.",
        "Not enough answers to the question on the reason for coming to the region (fewer than {min_cell}): the tourism role is not measured.",
    ),
}
ROLE_GROUP = T(
    "Pour {main} {group} ({main_ci}), la visite du musée était la raison principale de leur venue dans la région, et pour {one} ({one_ci}), une des raisons.",
    "For {main} of {group} ({main_ci}), visiting the museum was the main reason for coming to the region, and for {one} ({one_ci}), one of the reasons.",
)
ROLE_GROUP_NAMES = {
    "tourist": T("des touristes", "tourists"),
    "excursionist": T("des excursionnistes", "excursionists"),
}
ROLE_MAIN_ONLY = RuleText(
    "Pour {main} {group} ({main_ci}), la visite du musée était la raison principale de leur venue dans la région; la part pour qui c'en était une des raisons n'est pas publiée (moins de {min_cell} répondants d'un côté ou de l'autre, ou estimation trop imprécise).",
    "For {main} of {group} ({main_ci}), visiting the museum was the main reason for coming to the region; the share for whom it was one of the reasons is not published (fewer than {min_cell} respondents on one side or the other, or too imprecise an estimate).",
)
ROLE_ONE_ONLY = RuleText(
    "Pour {one} {group} ({one_ci}), la visite du musée était une des raisons de leur venue dans la région; la part pour qui c'en était la raison principale n'est pas publiée (moins de {min_cell} répondants d'un côté ou de l'autre, ou estimation trop imprécise).",
    "For {one} of {group} ({one_ci}), visiting the museum was one of the reasons for coming to the region; the share for whom it was the main reason is not published (fewer than {min_cell} respondents on one side or the other, or too imprecise an estimate).",
)
ROLE_GROUP_HIDDEN = RuleText(
    "Pour {group}, ces parts ne sont pas publiées (moins de {min_cell} répondants d'un côté ou de l'autre, ou estimation trop imprécise).",
    "For {group}, these shares are not published (fewer than {min_cell} respondents on one side or the other, or too imprecise an estimate).",
)
ROLE_GROUP_SUBJECT = {
    "tourist": T("les touristes", "tourists"),
    "excursionist": T("les excursionnistes", "excursionists"),
}
ATTRACTED = T(
    "Touristes attirés par le musée : {about}. C'est la fréquentation des mois du sondage ({attendance}) × la part des répondants qui sont des touristes venus d'abord pour le musée ({joint}, {ci}), estimée directement; sur les mêmes répondants, c'est aussi {attendance_short} × la part des touristes ({tourist}) × la part de la raison principale parmi eux ({main}).",
    "Tourists attracted by the museum: {about}. This is the attendance of the surveyed months ({attendance}) × the share of respondents who are tourists who came mainly for the museum ({joint}, {ci}), estimated directly; on the same respondents, it also equals {attendance_short} × the tourist share ({tourist}) × the main-reason share among them ({main}).",
)
ATTRACTED_NONE = T(
    "Le nombre de touristes attirés par le musée n'est pas estimé : {why}.",
    "The number of tourists attracted by the museum is not estimated: {why}.",
)
WHY_NOT_WEIGHTED = T(
    "les réponses ne sont pas pondérées par la fréquentation des mois du sondage",
    "responses are not weighted to the attendance of the surveyed months",
)
WHY_NOT_PUBLISHED = RuleText(
    "la part des touristes venus d'abord pour le musée n'est pas publiable (moins de {min_cell} répondants ou trop imprécise)",
    "the share of tourists who came mainly for the museum cannot be published (fewer than {min_cell} respondents or too imprecise)",
)
ROLE_BASE = T(
    "Ces parts reposent sur les répondants qui ont dit leur catégorie et répondu à la question « La visite du musée est-elle une raison de votre venue dans la région? »; {weighting}.",
    "These shares rest on the respondents whose category is known and who answered “Is visiting the museum a reason for coming to the region?”; {weighting}.",
)
ROLE_WEIGHTED = T("elles sont pondérées selon la fréquentation mensuelle", "they are weighted to monthly attendance")
ROLE_UNWEIGHTED = T(
    "elles ne sont pas pondérées (parts des répondants)", "they are not weighted (shares of respondents)"
)
TOURIST_NOUN = Plural.of("touriste", "touristes", "tourist", "tourists")


def _share_text(share: survey.Share, lang: str) -> tuple[str, str]:
    careful = CAUTION(lang) if share.quality == stats.QUALITY_CAUTION else ""
    return pct(share.share, lang), ci_phrase(share.low, share.high, lang) + careful


def role(result: visitors_module.TourismRole, lang: str = "fr") -> Narrative:
    if result.reason is not None:
        return _narrative([ROLE_NONE[result.reason](lang)], lang)
    paragraphs = []
    for group in visitors_module.ROLE_GROUPS:
        main, one = result.groups[group]["main"], result.groups[group]["one_of"]
        name = ROLE_GROUP_NAMES[group](lang)
        if not (main.published or one.published):
            paragraphs.append(ROLE_GROUP_HIDDEN.format(group=ROLE_GROUP_SUBJECT[group](lang))(lang))
            continue
        main_text, main_ci = _share_text(main, lang) if main.published else ("", "")
        one_text, one_ci = _share_text(one, lang) if one.published else ("", "")
        template = (
            ROLE_GROUP if main.published and one.published else (ROLE_MAIN_ONLY if main.published else ROLE_ONE_ONLY)
        )
        paragraphs.append(
            template.format(main=main_text, group=name, main_ci=main_ci, one=one_text, one_ci=one_ci)(lang)
        )
    if result.attracted is not None and result.tourist_share.published and result.main_among_tourists.published:
        value, low, high = result.attracted.rounded
        joint, joint_ci = _share_text(result.joint, lang)
        paragraphs.append(
            ATTRACTED.format(
                about=_about(value, low, high, TOURIST_NOUN, lang, result.joint.quality == stats.QUALITY_CAUTION),
                attendance=visitor_count(result.attendance, lang),
                attendance_short=format_number(result.attendance, 0, lang),
                joint=joint,
                ci=joint_ci,
                tourist=pct(result.tourist_share.share, lang),
                main=pct(result.main_among_tourists.share, lang),
            )(lang)
        )
    else:
        why = WHY_NOT_WEIGHTED if not result.weighted or result.attendance <= 0 else WHY_NOT_PUBLISHED
        paragraphs.append(ATTRACTED_NONE.format(why=why(lang))(lang))
    weighting = (ROLE_WEIGHTED if result.weighted else ROLE_UNWEIGHTED)(lang)
    paragraphs.append(ROLE_BASE.format(weighting=weighting)(lang))
    return _narrative(paragraphs, lang)


# --- 9. travel footprint -----------------------------------------------------------------------------
FOOTPRINT_NONE = {
    footprint_module.NO_SURVEY: T(
        "Pas de sondage pour la saison de cet exercice : l'empreinte des déplacements ne peut pas être estimée.",
        "No survey for this fiscal year's season: the travel footprint cannot be estimated.",
    ),
    footprint_module.NOT_WEIGHTED: T(
        "Les mois du sondage n'ont pas de fréquentation utilisable pour pondérer les réponses : l'empreinte des déplacements n'est pas estimée.",
        "The surveyed months have no attendance usable to weight the responses: the travel footprint is not estimated.",
    ),
    footprint_module.TOO_SMALL: RuleText(
        "Pas assez de réponses donnant à la fois le moyen de transport et une distance connue (moins de {min_cell}) : l'empreinte des déplacements n'est pas estimée.",
        "Not enough responses giving both the means of transport and a known distance (fewer than {min_cell}): the travel footprint is not estimated.",
    ),
}
FOOTPRINT_TOTAL = T(
    "{span}, les visiteurs dont le trajet est connu ({coverage} des visiteurs) ont parcouru en moyenne {km} aller-retour. Leurs déplacements ont émis environ {total} d'équivalent CO₂, soit {per_visitor} par visiteur; {first_share} de ces émissions viennent {first}.",
    "{span}, visitors whose trip is known ({coverage} of visitors) travelled {km} on average, round trip. Their travel emitted about {total} of CO₂ equivalent, or {per_visitor} per visitor; {first_share} of these emissions come from {first}.",
)
FOOTPRINT_SPLIT = T(
    "Trajets pour lesquels la visite du musée était la raison principale de la venue dans la région ({share} des visiteurs dont le trajet est connu) : {attributed}. Trajets faits d'abord pour d'autres raisons, ou sans réponse, montrés à part et non attribués au musée : {rest}.",
    "Trips for which visiting the museum was the main reason for coming to the region ({share} of the visitors whose trip is known): {attributed}. Trips made mainly for other reasons, or without an answer, shown apart and not attributed to the museum: {rest}.",
)
FOOTPRINT_NO_SPLIT = RuleText(
    "La part des émissions des trajets faits d'abord pour le musée n'est pas publiée : moins de {min_cell} répondants d'un côté ou de l'autre.",
    "The share of emissions from trips made mainly for the museum is not published: fewer than {min_cell} respondents on one side or the other.",
)
FOOTPRINT_LEFT = T(
    "Ne sont pas comptés : {items}. Ces chiffres sont donc un minimum pour les mois du sondage, pas un total de l'exercice.",
    "Not counted: {items}. These figures are therefore a floor for the surveyed months, not a total for the fiscal year.",
)
LEFT_ABROAD = T(
    "les visiteurs venus d'autres pays (la distance de leur trajet n'est pas connue)",
    "visitors from other countries (the distance of their trip is not known)",
)
LEFT_MISSING = T(
    "ceux dont le moyen de transport ou la distance manque", "those whose means of transport or distance is missing"
)
LEFT_OTHER = T(
    "ceux venus par un « autre » moyen ({share} des visiteurs), faute de facteur d'émission",
    "those who came by “other” means ({share} of visitors), for want of an emission factor",
)
LEFT_OTHER_FEW = RuleText(
    "les quelques répondants venus par un « autre » moyen (moins de {min_cell}), faute de facteur d'émission",
    "the few respondents who came by “other” means (fewer than {min_cell}), for want of an emission factor",
)
LEFT_FOLD = RuleText(
    "les moyens de transport déclarés par moins de {min_cell} répondants en tout",
    "means of transport given by fewer than {min_cell} respondents in all",
)
FOOTPRINT_METHOD = RuleText(
    "Méthode : distance estimée par la route (vol d'oiseau × 1,2) du domicile au musée, doublée pour l'aller-retour; émissions = distance × facteur d'émission du moyen de transport; pour l'automobile et le véhicule récréatif, le facteur par véhicule est divisé par la taille du groupe (au plus {cap} personnes; la taille moyenne quand elle n'est pas donnée); la marche et le vélo comptent pour zéro. Les moyens déclarés par moins de {min_cell} répondants sont regroupés. Facteurs : {sources}.",
    "Method: road distance estimated from home to the museum (straight line × 1.2), doubled for the round trip; emissions = distance × the emission factor of the means of transport; for cars and recreational vehicles the per-vehicle factor is divided by the party size (at most {cap} people; the mean size when not given); walking and cycling count zero. Means given by fewer than {min_cell} respondents are grouped. Factors: {sources}.",
)
# The publication and its year, and the site that publishes it; never the address itself: a report
# carries no URL (docs/ARCHITECTURE.md, « Reports »), the address stays in emission_factors.csv.
SOURCE = T("{source} ({year}), publiés sur {site}", "{source} ({year}), published on {site}")
KM = Plural.of("km", "km", "km", "km")
KG = Plural.of("kg", "kg", "kg", "kg")


def _site(url: str) -> str:
    """« www.gov.uk » of « https://www.gov.uk/… »."""
    return url.split("://", 1)[-1].split("/", 1)[0]


def source_text(result: footprint_module.Footprint, lang: str = "fr") -> str:
    return "; ".join(
        SOURCE.format(source=source, year=year, site=_site(url))(lang)
        for source, year, url in emission_factors.sources(result.factors)
    )


def footprint(result: footprint_module.Footprint, lang: str = "fr") -> Narrative:
    if result.reason is not None:
        return _narrative([FOOTPRINT_NONE[result.reason](lang)], lang)
    table = result.table
    visitors_used = result.coverage * result.attendance
    km = float(table["visitor_km"].sum()) / visitors_used if visitors_used > 0 else math.nan
    first = table.iloc[0]
    first_share = float(first["tonnes"]) / result.total_tonnes if result.total_tonnes > 0 else 0.0
    paragraphs = [
        FOOTPRINT_TOTAL.format(
            span=_months_span(result.months, lang),
            coverage=pct(result.coverage, lang),
            km=count_noun(round(km), KM, lang),
            total=tonnes(result.total_tonnes, lang),
            per_visitor=count_noun(round(result.per_visitor_kg, 1), KG, lang, decimals=1),
            first=FROM_MODE.get(first["key"], T(first["label"], first["label"]))(lang),
            first_share=pct(first_share, lang),
        )(lang)
    ]
    if result.attributed is not None:
        paragraphs.append(
            FOOTPRINT_SPLIT.format(
                share=pct(result.attributed_share_of_visitors, lang),
                attributed=tonnes(result.attributed, lang),
                rest=tonnes(result.not_attributed, lang),
            )(lang)
        )
    else:
        paragraphs.append(FOOTPRINT_NO_SPLIT(lang))
    items = [LEFT_ABROAD(lang), LEFT_MISSING(lang)]
    if result.other_share is not None and result.n_other:
        items.append(LEFT_OTHER.format(share=pct(result.other_share, lang))(lang))
    elif result.n_other:
        items.append(LEFT_OTHER_FEW(lang))
    if result.n_left_out:
        items.append(LEFT_FOLD(lang))
    paragraphs.append(FOOTPRINT_LEFT.format(items=join_words(items, lang))(lang))
    paragraphs.append(
        FOOTPRINT_METHOD.format(cap=footprint_module.OCCUPANCY_CAP, sources=source_text(result, lang))(lang)
    )
    return _narrative(paragraphs, lang)


# The source of « 60 % de ces émissions viennent de l'automobile » / "come from cars".
FROM_MODE = {
    "car": T("de l'automobile", "cars"),
    "motorhome": T("du véhicule récréatif", "recreational vehicles"),
    "coach": T("de l'autocar", "coaches"),
    "public_transit": T("du transport en commun", "public transit"),
    "train": T("du train", "trains"),
    "plane": T("de l'avion", "planes"),
    "boat": T("du bateau ou du traversier", "boats and ferries"),
    "bicycle": T("du vélo", "bicycles"),
    "walk": T("de la marche", "walking"),
    footprint_module.FOLDED: T("des autres moyens", "other means"),
}
