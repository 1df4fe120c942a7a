"""Findings about visitor provenance in plain French (English on request), Quebec number formats.

Every function takes results of topics.provenance.metrics (the report's disclosure plan already applied)
and returns a Narrative that also carries the cells whose figures it prints, for the runner's audit.
Rules that keep the text honest:
- a count of 1 to 9 is never printed (« moins de 10 »), a zero is printed as zero;
- a withheld cell is said to be withheld, never described; a withheld table gets one fixed sentence;
- shares weighted to attendance speak of visitors (estimated), unweighted ones of respondents;
- a change between seasons, or against the other museums, is called significant only when the test
  of the difference itself says so (stats.difference_test on effective sample sizes);
- the action list is derived from the figures by explicit, mutually exclusive rules.
Place names take their article from the reference data (smq_analytics.places).
"""

from __future__ import annotations

import pandas as pd

from ... import labels as shared_labels, places, privacy, stats
from ... import peers as peer_rules
from ... import targets as target_rules
from ...labels import RuleText
from ...i18n import Message, Plural, capitalize_first, count_noun, format_number
from ...metrics.narrative import (
    RESPONDENT,
    RESPONSE,
    Narrative,
    ci_phrase,
    format_month_precision,
    join_words,
    pct,
    points,
)
from ...weighting import MONTHS_MISSING, NO_ATTENDANCE, NO_DATES, NO_RESPONSES, Weighting
from . import labels
from ...metrics.shares import OTHER, WITHHELD_FOR_PRIVACY, ShareTable
from .metrics import DOMINANT_MUSEUM, KNOWN_CATEGORIES, DataBasis

TOURIST_HEAVY = 0.40
LOCAL_HEAVY = 0.50
EXCURSIONIST_HEAVY = 0.25
UNKNOWN_HIGH = 0.10
PRECISE_SAMPLE = 400  # about ± 5 points at 95 % for a 50 % share
T = Message

FEWER_THAN = T("moins de {n} {noun}", "fewer than {n} {noun}")
FEWER_THAN_BARE = T("moins de {n}", "fewer than {n}")
UNDATED_RESPONSE = Plural.of(
    "réponse sans date de visite reçoit",
    "réponses sans date de visite reçoivent",
    "response without a visit date gets",
    "responses without a visit date get",
)


def counted(n: int, noun: Plural, lang: str) -> str:
    """« 12 répondants », « 1 répondant »… but « moins de 10 répondants » for 1 to 9 (never printed)."""
    if 0 < int(n) < privacy.MIN_CELL:
        return FEWER_THAN.format(n=privacy.MIN_CELL, noun=noun.form(privacy.MIN_CELL, lang))(lang)
    return count_noun(int(n), noun, lang)


def _number(n: int, lang: str) -> str:
    """A bare count: « 1 234 », or « moins de 10 » for 1 to 9."""
    if 0 < int(n) < privacy.MIN_CELL:
        return FEWER_THAN_BARE.format(n=privacy.MIN_CELL)(lang)
    return format_number(int(n), 0, lang)


def _narrative(paragraphs: list[str], lang: str, *results, cells=(), bullets: bool = False) -> Narrative:
    published = list(cells) + [cell for result in results if result is not None for cell in result.cells]
    return Narrative([capitalize_first(p) for p in paragraphs if p], bullets=bullets, lang=lang, cells=published)


# --- data basis ---------------------------------------------------------------------------------
BASIS = T(
    "Musée : {museum}. Ces résultats reposent sur {n} au sondage estival {year}, recueillies {period}.",
    "Museum: {museum}. These results rest on {n} to the {year} summer survey, collected {period}.",
)
BASIS_NO_DATES = T(
    "Musée : {museum}. Ces résultats reposent sur {n} au sondage estival {year}.",
    "Museum: {museum}. These results rest on {n} to the {year} summer survey.",
)
PERIOD_ONE = T("en {month}", "in {month}")
PERIOD_SPAN = T("de {first} à {last}", "from {first} to {last}")
KNOWN = T(
    "La provenance (locale, excursionniste ou touristique) est établie pour {n} d'entre elles ({share}).",
    "Provenance (local, excursionist or tourist) is established for {n} of them ({share}).",
)
KNOWN_ALL = T(
    "La provenance (locale, excursionniste ou touristique) est établie pour toutes.",
    "Provenance (local, excursionist or tourist) is established for all of them.",
)
TOO_FEW_REPORT = T(
    "Trop peu de réponses pour publier des résultats : il en faut au moins {min}.",
    "Too few responses to publish results: at least {min} are needed.",
)
WEIGHTED_TEXT = T(
    "Les parts sont des estimations pour l'ensemble des visiteurs : chaque réponse est pondérée selon la fréquentation du mois de la visite, pour que chaque mois pèse selon son nombre de visiteurs et non selon le nombre de questionnaires remplis.",
    "Shares are estimates for all visitors: each response is weighted to the attendance of its visit month, so that each month counts by its number of visitors, not by the number of questionnaires completed.",
)
COLLAPSED = T(
    "Les mois comptant moins de {min} réponses sont regroupés avec un mois voisin avant la pondération ; pondérés ensemble : {merges}.",
    "Months with fewer than {min} responses are grouped with a neighbouring month before weighting; weighted together: {merges}.",
)
MONTH_SPAN = T("{first} à {last}", "{first} to {last}")
UNSURVEYED = T(
    "Des visiteurs sont venus en {months} sans qu'aucune réponse soit recueillie : ils sont représentés par les répondants du mois voisin.",
    "Visitors came in {months} but no response was collected: they are represented by the respondents of the neighbouring month.",
)
UNCOUNTED = T(
    "La fréquentation manque pour {months} : ces réponses sont regroupées avec le mois voisin.",
    "Attendance is missing for {months}: those responses are grouped with the neighbouring month.",
)
TRIMMED = T(
    "Les poids extrêmes sont plafonnés entre {floor} et {cap} fois le poids moyen.",
    "Extreme weights are capped between {floor} and {cap} times the mean weight.",
)
UNDATED = T("{n} le poids moyen.", "{n} the mean weight.")
UNWEIGHTED = {
    NO_ATTENDANCE: T(
        "Les réponses ne sont pas pondérées : la fréquentation mensuelle de {year} n'est pas chargée. Les parts décrivent les répondants, qui peuvent différer de l'ensemble des visiteurs.",
        "Responses are not weighted: monthly attendance for {year} is not loaded. Shares describe respondents, who may differ from all visitors.",
    ),
    MONTHS_MISSING: T(
        "Les réponses ne sont pas pondérées : la fréquentation manque pour {months}. Les parts décrivent les répondants, qui peuvent différer de l'ensemble des visiteurs.",
        "Responses are not weighted: attendance is missing for {months}. Shares describe respondents, who may differ from all visitors.",
    ),
    NO_DATES: T(
        "Les réponses ne sont pas pondérées : elles ne portent pas de date de visite.",
        "Responses are not weighted: they carry no visit date.",
    ),
    NO_RESPONSES: T("Aucune réponse pour cette saison.", "No responses for this season."),
}
APPROXIMATE = T(
    "{n} reposent sur une localisation approximative (code postal rural ou centre de la municipalité) : même s'ils étaient tous erronés, la part des locaux parmi les répondants resterait entre {low} et {high}.",
    "{n} rest on an approximate location (rural postal code or municipality centre): even if they were all wrong, the share of locals among respondents would stay between {low} and {high}.",
)
CLASSIFICATION = Plural.of(
    "classement local ou excursionniste",
    "classements locaux ou excursionnistes",
    "local or excursionist classification",
    "local or excursionist classifications",
)
UNIT_VISITORS = T(
    "Un questionnaire est rempli par une personne, qui répond pour son groupe de visite : chaque réponse compte pour les membres de son groupe (taille déclarée, plafonnée à {cap}; taille moyenne de {mean} personnes quand elle manque), pour que les parts soient celles des visiteurs.",
    "One person fills in a questionnaire for their visiting party: each response counts for the members of its party (the size given, capped at {cap}; the mean size of {mean} people when missing), so that shares are those of visitors.",
)
UNIT_PARTIES = T(
    "Un questionnaire est rempli par une personne, qui répond pour son groupe de visite; la taille des groupes est trop rarement connue (moins de {share} des réponses) : chaque réponse compte pour un, et les parts supposent des groupes de taille semblable d'une catégorie à l'autre.",
    "One person fills in a questionnaire for their visiting party; party sizes are too rarely known (fewer than {share} of responses): each response counts once, and shares assume parties of similar size across categories.",
)
PRIVACY_RULE = T(
    "Confidentialité : aucun chiffre publié ne repose sur moins de {min} répondants, et d'autres cases sont masquées lorsqu'il le faut pour qu'on ne puisse pas retrouver un petit groupe par soustraction. Un astérisque (*) signale un résultat à interpréter avec prudence.",
    "Confidentiality: no published figure rests on fewer than {min} respondents, and other cells are hidden where needed so that a small group cannot be worked out by subtraction. An asterisk (*) marks a result to interpret with caution.",
)


def _period(result: DataBasis, lang: str) -> str:
    first, last = result.first_visit, result.last_visit
    if (first.year, first.month) == (last.year, last.month):
        return PERIOD_ONE.format(month=format_month_precision(first, lang))(lang)
    first_text = format_month_precision(first, lang)
    if first.year == last.year:  # « de juin à août 2026 »
        first_text = first_text.rsplit(" ", 1)[0]
    return PERIOD_SPAN.format(first=first_text, last=format_month_precision(last, lang))(lang)


def basis(result: DataBasis, lang: str = "fr", cells=()) -> Narrative:
    """Museum, season, number of responses, period (to the month), provenance known, weighting."""
    if result.n_responses < privacy.MIN_CELL:
        return _narrative([TOO_FEW_REPORT.format(min=privacy.MIN_CELL)(lang)], lang, cells=cells)
    values = dict(museum=result.museum_name, n=count_noun(result.n_responses, RESPONSE, lang), year=result.year)
    if result.first_visit is not None:
        text = BASIS.format(period=_period(result, lang), **values)(lang)
    else:
        text = BASIS_NO_DATES.format(**values)(lang)
    if result.n_known == result.n_responses:
        text += " " + KNOWN_ALL(lang)
    else:
        text += " " + KNOWN.format(
            n=_number(result.n_known, lang), share=pct(result.n_known / result.n_responses, lang)
        )(lang)
    paragraphs = [text]
    approximate = result.n_approximate_local + result.n_approximate_excursionist
    if approximate and result.n_known:
        locals_ = _local_count(result)
        if locals_ is not None:
            paragraphs.append(
                APPROXIMATE.format(
                    n=counted(approximate, CLASSIFICATION, lang),
                    low=pct((locals_ - result.n_approximate_local) / result.n_known, lang),
                    high=pct((locals_ + result.n_approximate_excursionist) / result.n_known, lang),
                )(lang)
            )
    paragraphs += [
        weighting_text(result.weighting, result.year, lang),
        unit_text(result.unit, lang),
        PRIVACY_RULE.format(min=privacy.MIN_CELL)(lang),
    ]
    return _narrative(paragraphs, lang, cells=cells)


def _local_count(result: DataBasis) -> int | None:
    return result.n_local  # None when withheld; otherwise 0 or at least MIN_CELL


def unit_text(unit, lang: str = "fr") -> str:
    """Whether a response counts for its party's visitors or once (weighting.unit_of_analysis)."""
    if unit is None:
        return ""
    if unit.by_visitors:
        return UNIT_VISITORS.format(cap=unit.cap, mean=format_number(unit.mean_party_size, 1, lang))(lang)
    return UNIT_PARTIES.format(share=pct(unit.min_share, lang))(lang)


def weighting_text(weighting: Weighting, year: int, lang: str = "fr") -> str:
    """What the weighting did, in the order it did it."""
    if not weighting.weighted:
        months = join_words([format_month_precision(_month(m), lang) for m in weighting.missing_months], lang)
        return UNWEIGHTED[weighting.reason].format(year=year, months=months)(lang)
    parts = [WEIGHTED_TEXT(lang)]
    if weighting.collapsed:
        # the strata the merges left (consecutive months), not each merge step
        merges = join_words(
            [
                MONTH_SPAN.format(first=_month_name(min(s.months), lang), last=_month_name(max(s.months), lang))(lang)
                for s in weighting.strata
                if len(s.months) > 1
            ],
            lang,
        )
        parts.append(COLLAPSED.format(min=weighting.min_stratum_n, merges=merges)(lang))
    if weighting.months_without_responses:
        months = join_words(
            [_month_name(m, lang) for merge in weighting.months_without_responses for m in merge.months], lang
        )
        parts.append(UNSURVEYED.format(months=months)(lang))
    if weighting.months_without_attendance:
        months = join_words(
            [_month_name(m, lang) for merge in weighting.months_without_attendance for m in merge.months], lang
        )
        parts.append(UNCOUNTED.format(months=months)(lang))
    if weighting.n_trimmed:
        parts.append(
            TRIMMED.format(floor=_decimal(stats.WEIGHT_FLOOR, lang), cap=_decimal(stats.WEIGHT_CAP, lang))(lang)
        )
    if weighting.n_undated:
        parts.append(capitalize_first(UNDATED.format(n=counted(weighting.n_undated, UNDATED_RESPONSE, lang))(lang)))
    return " ".join(parts)


def _month(text: str):
    return pd.Timestamp(f"{text}-01").date()


def _month_name(text: str, lang: str) -> str:
    return format_month_precision(_month(text), lang)


def _decimal(value: float, lang: str) -> str:
    return format_number(value, 1 if value % 1 else 0, lang)


# --- shares -------------------------------------------------------------------------------------
OF_UNIT = {True: T("de vos visiteurs", "of your visitors"), False: T("de vos répondants", "of your respondents")}
CATEGORY = T("{share}{star} {unit} sont des {category} ({ci})", "{share}{star} {unit} are {category} ({ci})")
ESTIMATED_CI = T("estimation ; {ci}", "estimate; {ci}")
VERSUS_OTHERS = T(", contre {share} pour les autres musées", ", compared with {share} for the other museums")
HIDDEN_CATEGORY = T(
    "La part des {category} n'est pas affichée (confidentialité).",
    "The share of {category} is not shown (confidentiality).",
)
IMPRECISE_CATEGORY = RuleText(
    "La part des {category} est trop imprécise pour être publiée (coefficient de variation supérieur à {cv_caution} %).",
    "The share of {category} is too imprecise to publish (coefficient of variation above {cv_caution}%).",
)
TOO_FEW = T(
    "Moins de {min} répondants dont la provenance est connue : trop peu pour publier ces parts.",
    "Fewer than {min} respondents with a known provenance: too few to publish these shares.",
)
WITHHELD = T(
    "Ce tableau n'est pas publié : avec les autres chiffres du rapport, il permettrait de retrouver un petit groupe de répondants.",
    "This table is not published: together with the report's other figures, it would let a small group of respondents be worked out.",
)
CAUTION = RuleText(
    "* Résultat à interpréter avec prudence (moins de {caution_cell} répondants, ou coefficient de variation entre "
    "{cv_good} % et {cv_caution} %).",
    "* Interpret with caution (fewer than {caution_cell} respondents, or a coefficient of variation between {cv_good}% "
    "and {cv_caution}%).",
)


def _rows(result: ShareTable) -> pd.DataFrame:
    return result.table.set_index("key") if not result.table.empty else result.table


def _shown(result: ShareTable | None, key: str) -> pd.Series | None:
    if result is None or not result.available:
        return None
    table = _rows(result)
    if table.empty or key not in table.index or not _row_reportable(table.loc[key]):
        return None
    return table.loc[key]


def _reportable(table: pd.DataFrame) -> pd.Series:
    """Rows whose share may be written: neither withheld (confidentiality) nor imprecise (CV > 25 %)."""
    return ~table["suppressed"] & ~table.get("imprecise", pd.Series(False, index=table.index)).astype(bool)


def _row_reportable(row) -> bool:
    return not bool(row["suppressed"]) and not bool(row.get("imprecise", False))


def _star(row) -> str:
    return shared_labels.CAUTION_MARK if bool(row["caution"]) else ""


def _unavailable(result: ShareTable, too_few: Message, lang: str) -> str | None:
    if result.withheld_reason == WITHHELD_FOR_PRIVACY:
        return WITHHELD(lang)
    if result.too_small:
        return too_few.format(min=privacy.MIN_CELL)(lang)
    return None


def _weighted(result: ShareTable) -> bool:
    return bool(not result.table.empty and result.table["weighted"].any())


def categories(museum: ShareTable, others: ShareTable | None = None, lang: str = "fr") -> Narrative:
    """« 46 % de vos visiteurs sont des touristes (estimation ; IC à 95 % : 42 % à 50 %), contre 31 % pour
    les autres musées. » One sentence per shown category, largest first."""
    unavailable = _unavailable(museum, TOO_FEW, lang)
    if unavailable or museum.table.empty:
        return _narrative([unavailable or TOO_FEW.format(min=privacy.MIN_CELL)(lang)], lang, museum)
    table = _rows(museum)
    weighted = _weighted(museum)
    shown = sorted((k for k in KNOWN_CATEGORIES if _row_reportable(table.loc[k])), key=lambda k: -table.loc[k, "share"])
    paragraphs = []
    for key in shown:
        row = table.loc[key]
        ci = ci_phrase(row["ci_low"], row["ci_high"], lang)
        text = CATEGORY.format(
            share=pct(row["share"], lang),
            star=_star(row),
            unit=OF_UNIT[weighted](lang),
            category=labels.category_label(key, lang, short=True),
            ci=ESTIMATED_CI.format(ci=ci)(lang) if weighted else ci,
        )(lang)
        theirs = _shown(others, key)
        if theirs is not None:
            text += VERSUS_OTHERS.format(share=pct(theirs["share"], lang))(lang)
        paragraphs.append(text[0].upper() + text[1:] + ".")
    for key in KNOWN_CATEGORIES:
        if table.loc[key, "suppressed"]:
            paragraphs.append(HIDDEN_CATEGORY.format(category=labels.category_label(key, lang, short=True))(lang))
        elif table.loc[key, "imprecise"]:
            paragraphs.append(IMPRECISE_CATEGORY.format(category=labels.category_label(key, lang, short=True))(lang))
    if table["caution"].any():
        paragraphs.append(CAUTION(lang))
    return _narrative(paragraphs, lang, museum)


# --- regions, provinces, countries -------------------------------------------------------------
REGION_KIND = {"admin": "admin_region", "tourist": "tourist_region"}
REGION_LEAD = {
    "admin": T(
        "Parmi les {n} du Québec dont la région est connue, la région administrative la plus représentée est {first}",
        "Among the {n} from Quebec whose region is known, the most represented administrative region is {first}",
    ),
    "tourist": T(
        "Parmi les {n} du Québec dont la région est connue, la région touristique la plus représentée est {first}",
        "Among the {n} from Quebec whose region is known, the most represented tourist region is {first}",
    ),
}
REGION_LEAD_NAMED = {
    "admin": T(
        "Parmi les {n} du Québec dont la région est connue, {other} résident dans des régions regroupées sous « {label} »; parmi les régions administratives nommées, la plus représentée est {first}",
        "Among the {n} from Quebec whose region is known, {other} live in regions grouped under '{label}'; among the administrative regions named, the most represented is {first}",
    ),
    "tourist": T(
        "Parmi les {n} du Québec dont la région est connue, {other} résident dans des régions regroupées sous « {label} »; parmi les régions touristiques nommées, la plus représentée est {first}",
        "Among the {n} from Quebec whose region is known, {other} live in regions grouped under '{label}'; among the tourist regions named, the most represented is {first}",
    ),
}
FOLLOWED_BY = T(", suivie {others}", ", followed by {others}")
REGIONS_FOLDED = T(
    "{n} résident au Québec dont la région est connue : trop peu par région pour les détailler.",
    "{n} live in Quebec with a known region: too few per region to show them separately.",
)
REGIONS_TOO_FEW = T(
    "Moins de {min} répondants du Québec dont la région est connue : trop peu pour les détailler.",
    "Fewer than {min} Quebec respondents with a known region: too few to show them.",
)
NO_QUEBEC = T(
    "Aucun répondant résidant au Québec dont la région est connue.", "No Quebec respondent whose region is known."
)
OTHERS_FOLDED = T(
    "Les régions qui comptent moins de {min} répondants, ou qu'il faut masquer pour la confidentialité, sont regroupées dans « {label} ».",
    "Regions with fewer than {min} respondents, or hidden for confidentiality, are grouped in '{label}'.",
)
REGION_UNKNOWN = T(
    "La région n'a pu être établie pour {n} du Québec (code postal absent ou hors de la table de correspondance).",
    "The region could not be established for {n} from Quebec (postal code missing or not in the crosswalk).",
)


def _other_row(table: pd.DataFrame):
    rows = table[table["key"] == OTHER]
    return None if rows.empty else rows.iloc[0]


def _leads(first, other) -> bool:
    """Whether the first named row may be called the most represented: the « Autres » row, which
    groups rows that cannot be named, is absent or smaller (a withheld one might be larger)."""
    if other is None:
        return True
    return _row_reportable(other) and other["share"] < first["share"]


def _other_text(other, lang: str) -> str:
    return _share_text(other, lang) if other is not None and _row_reportable(other) else UNKNOWN_SHARE(lang)


def _share_text(row, lang: str) -> str:
    return f"{pct(row['share'], lang)}{_star(row)}"


def regions(result: ShareTable, kind: str, lang: str = "fr") -> Narrative:
    """The most represented regions (with their article: « la Capitale-Nationale », « de l'Estrie »)."""
    unavailable = _unavailable(result, REGIONS_TOO_FEW, lang)
    paragraphs = []
    if unavailable:
        paragraphs.append(unavailable)
    elif result.base_n == 0:
        paragraphs.append(NO_QUEBEC(lang))
    else:
        named = result.table[_reportable(result.table) & (result.table["key"] != OTHER)]
        if named.empty:
            paragraphs.append(REGIONS_FOLDED.format(n=counted(result.base_n, RESPONDENT, lang))(lang))
        else:
            first = named.iloc[0]
            where = places.place(REGION_KIND[kind], first["key"], first["label"])
            values = dict(
                n=counted(result.base_n, RESPONDENT, lang),
                first=f"{places.subject(where, lang)} ({_share_text(first, lang)}, "
                f"{ci_phrase(first['ci_low'], first['ci_high'], lang)})",
            )
            other = _other_row(result.table)
            if _leads(first, other):
                text = REGION_LEAD[kind].format(**values)(lang)
            else:  # « Autres régions » outweighs the first named region: never call that one the first
                text = REGION_LEAD_NAMED[kind].format(
                    other=_other_text(other, lang), label=labels.OTHER_REGIONS(lang), **values
                )(lang)
            others = [
                f"{places.de_phrase(places.place(REGION_KIND[kind], row['key'], row['label']), lang, en='')} "
                f"({_share_text(row, lang)})"
                for _, row in named.iloc[1:3].iterrows()
            ]
            if others:
                text += FOLLOWED_BY.format(others=join_words(others, lang))(lang)
            paragraphs.append(text + ".")
        if (result.table["key"] == OTHER).any():
            paragraphs.append(OTHERS_FOLDED.format(min=privacy.MIN_CELL, label=labels.OTHER_REGIONS(lang))(lang))
    if result.n_unknown:
        paragraphs.append(REGION_UNKNOWN.format(n=counted(result.n_unknown, RESPONDENT, lang))(lang))
    return _narrative(paragraphs, lang, result)


PROVINCES_NONE = T(
    "Aucun répondant ne vient d'une autre province ou d'un territoire canadien.",
    "No respondent comes from another Canadian province or territory.",
)
PROVINCES_LEAD = T(
    "{n} viennent d'autres provinces ou territoires canadiens", "{n} come from other Canadian provinces or territories"
)
PROVINCES_TOP = T(", surtout {places}.", ", mostly from {places}.")
PROVINCES_SOME = T(", entre autres {places}.", ", among others from {places}.")
UNKNOWN_SHARE = T("certains, dans une proportion non publiée,", "some, in an unpublished proportion,")
PROVINCES_FOLDED = T(" : trop peu par province pour les détailler.", ": too few per province to show them separately.")
PROVINCES_TOO_FEW = T(
    "Moins de {min} répondants viennent d'autres provinces ou territoires canadiens : trop peu pour les détailler.",
    "Fewer than {min} respondents come from other Canadian provinces or territories: too few to show them.",
)
PROVINCE_UNKNOWN = T(
    "{n} résident au Canada sans que la province soit connue (ni province ni code postal valide) : ils ne sont comptés dans aucune province.",
    "{n} live in Canada without a known province (neither a province nor a valid postal code): they are counted in no province.",
)


def provinces(result: ShareTable, lang: str = "fr") -> Narrative:
    unavailable = _unavailable(result, PROVINCES_TOO_FEW, lang)
    paragraphs = []
    if unavailable:
        paragraphs.append(unavailable)
    elif result.base_n == 0:
        if not result.n_unknown:
            paragraphs.append(PROVINCES_NONE(lang))
    else:
        lead = PROVINCES_LEAD.format(n=counted(result.base_n, RESPONDENT, lang))(lang)
        named = result.table[_reportable(result.table) & (result.table["key"] != OTHER)]
        if named.empty:
            paragraphs.append(lead + PROVINCES_FOLDED(lang))
        else:
            listed = [
                f"{places.de_phrase(places.place('province', row['key'], row['label']), lang, en='')} "
                f"({_share_text(row, lang)})"
                for _, row in named.iloc[:3].iterrows()
            ]
            top = PROVINCES_TOP if _leads(named.iloc[0], _other_row(result.table)) else PROVINCES_SOME
            paragraphs.append(lead + top.format(places=join_words(listed, lang))(lang))
    if result.n_unknown:
        paragraphs.append(PROVINCE_UNKNOWN.format(n=counted(result.n_unknown, RESPONDENT, lang))(lang))
    return _narrative(paragraphs, lang, result)


AREAS = T("Parmi les répondants dont le pays est connu, {parts}.", "Among respondents whose country is known, {parts}.")
AREA_PART = T("{share} résident {area}", "{share} live {area}")
AREAS_HIDDEN = T(
    "La part d'autres régions du monde est masquée (confidentialité).",
    "The share of other parts of the world is hidden (confidentiality).",
)
AREAS_TOO_FEW = T(
    "Moins de {min} répondants dont le pays est connu.", "Fewer than {min} respondents with a known country."
)
COUNTRY_UNKNOWN = T("Le pays de résidence n'est pas connu pour {n}.", "The country of residence is not known for {n}.")
COUNTRIES_NONE = T("Aucun répondant ne réside hors du Canada.", "No respondent lives outside Canada.")
COUNTRIES_LEAD = T(
    "Parmi les {n} venus de l'étranger, {first} {verb} en tête ({share}).",
    "Among the {n} from abroad, {first} {verb} first ({share}).",
)
COUNTRIES_LEAD_NAMED = T(
    "Parmi les {n} venus de l'étranger, {other} résident dans des pays regroupés sous « Autres pays »; parmi les pays nommés, {first} {verb} en tête ({share}).",
    "Among the {n} from abroad, {other} live in countries grouped under 'Other countries'; among the countries named, {first} {verb} first ({share}).",
)
LEADS = (T("arrive", "comes"), T("arrivent", "come"))
COUNTRIES_FOLDED = T(
    "{n} venus de l'étranger : trop peu par pays pour les détailler.",
    "{n} from abroad: too few per country to show them separately.",
)
COUNTRIES_TOO_FEW = T(
    "Moins de {min} répondants venus de l'étranger : trop peu pour les détailler.",
    "Fewer than {min} respondents from abroad: too few to show them.",
)
AREA_IN = {
    "fr": {
        "canada": "au Canada",
        "usa": "aux États-Unis",
        "europe": "en Europe",
        "latin_america": "en Amérique latine ou dans les Caraïbes",
        "asia": "en Asie",
        "africa": "en Afrique",
        "oceania": "en Océanie",
        "other": "ailleurs dans le monde",
    },
    "en": {
        "canada": "in Canada",
        "usa": "in the United States",
        "europe": "in Europe",
        "latin_america": "in Latin America or the Caribbean",
        "asia": "in Asia",
        "africa": "in Africa",
        "oceania": "in Oceania",
        "other": "elsewhere in the world",
    },
}


def countries(areas: ShareTable, foreign: ShareTable, lang: str = "fr") -> Narrative:
    paragraphs = []
    unavailable = _unavailable(areas, AREAS_TOO_FEW, lang)
    if unavailable:
        paragraphs.append(unavailable)
    elif not areas.table.empty:
        shown = areas.table[_reportable(areas.table) & (areas.table["n"].fillna(0) > 0)]
        if len(shown):
            parts = [
                AREA_PART.format(share=_share_text(row, lang), area=AREA_IN[lang][row["key"]])(lang)
                for _, row in shown.iterrows()
            ]
            paragraphs.append(AREAS.format(parts=join_words(parts, lang))(lang))
        if areas.table["suppressed"].any():
            paragraphs.append(AREAS_HIDDEN(lang))
    if areas.n_unknown:
        paragraphs.append(COUNTRY_UNKNOWN.format(n=counted(areas.n_unknown, RESPONDENT, lang))(lang))
    unavailable = _unavailable(foreign, COUNTRIES_TOO_FEW, lang)
    if unavailable:
        paragraphs.append(unavailable)
    elif foreign.base_n == 0:
        paragraphs.append(COUNTRIES_NONE(lang))
    else:
        named = foreign.table[_reportable(foreign.table) & (foreign.table["key"] != OTHER)]
        n = counted(foreign.base_n, RESPONDENT, lang)
        if named.empty:
            paragraphs.append(COUNTRIES_FOLDED.format(n=n)(lang))
        else:
            first = named.iloc[0]
            where = places.place("country", first["key"], first["label"])
            other = _other_row(foreign.table)
            template = COUNTRIES_LEAD if _leads(first, other) else COUNTRIES_LEAD_NAMED
            paragraphs.append(
                template.format(
                    n=n,
                    first=places.subject(where, lang),
                    verb=places.verb_form(where, *LEADS, lang),
                    share=_share_text(first, lang),
                    other=_other_text(other, lang),
                )(lang)
            )
    return _narrative(paragraphs, lang, areas, foreign)


# --- change between seasons --------------------------------------------------------------------
TREND_ONE = T(
    "Une seule saison de sondage ({year}) est dans l'entrepôt : l'évolution apparaîtra avec les prochaines saisons.",
    "Only one survey season ({year}) is in the store: the trend will appear with the next seasons.",
)
TREND_CHANGE = T(
    "La part des {category} passe de {before} en {y0} à {after} en {y1} ({diff}) : {verdict}.",
    "The share of {category} goes from {before} in {y0} to {after} in {y1} ({diff}): {verdict}.",
)
RISE = T("une hausse significative", "a significant rise")
FALL = T("une baisse significative", "a significant fall")
NO_CHANGE = T(
    "Entre {y0} et {y1}, aucune part ne change de façon significative : les écarts ({changes}) restent dans la marge d'erreur.",
    "Between {y0} and {y1}, no share changes significantly: the differences ({changes}) stay within the margin of error.",
)
CHANGE_ITEM = T("{category} {diff}", "{category} {diff}")
TREND_HIDDEN = T(
    "La part des {categories} ne peut être comparée d'une saison à l'autre : elle est masquée pour au moins une des deux saisons.",
    "The share of {categories} cannot be compared between seasons: it is hidden for at least one of the two.",
)
TREND_MIXED = T(
    "Saisons non pondérées : {years}. Comparez-les aux autres avec prudence.",
    "Unweighted seasons: {years}. Compare them with the others with caution.",
)
TEST_NOTE = T(
    "Un écart est dit significatif quand le test de la différence entre les deux saisons (au seuil de 5 %, sur les tailles d'échantillon effectives) l'établit.",
    "A difference is called significant when the test of the difference between the two seasons (at the 5% level, on effective sample sizes) establishes it.",
)


def trend(result: ShareTable, lang: str = "fr") -> Narrative:
    """The changes between the last two seasons that are significant, else that none is."""
    table = result.table
    years = sorted(int(y) for y in table["survey_year"].unique()) if not table.empty else []
    if len(years) < 2:
        return _narrative([TREND_ONE.format(year=years[0] if years else "–")(lang)], lang, result)
    y0, y1 = years[-2], years[-1]
    paragraphs, within, hidden = [], [], []
    for key in KNOWN_CATEGORIES:
        rows = table[table["key"] == key].set_index("survey_year")
        if y0 not in rows.index or y1 not in rows.index:
            continue
        before, after = rows.loc[y0], rows.loc[y1]
        name = labels.category_label(key, lang, short=True)
        if not (_row_reportable(before) and _row_reportable(after)):
            hidden.append(name)
            continue
        test = stats.difference_test(before["share"], before["n_effective"], after["share"], after["n_effective"])
        diff = points(after["share"], before["share"], lang)
        if test.significant:
            paragraphs.append(
                TREND_CHANGE.format(
                    category=name,
                    before=pct(before["share"], lang),
                    y0=y0,
                    after=pct(after["share"], lang),
                    y1=y1,
                    diff=diff,
                    verdict=(RISE if test.difference > 0 else FALL)(lang),
                )(lang)
            )
        else:
            within.append(CHANGE_ITEM.format(category=name, diff=diff)(lang))
    if not paragraphs and within:
        paragraphs.append(NO_CHANGE.format(y0=y0, y1=y1, changes=join_words(within, lang))(lang))
    if hidden:
        paragraphs.append(TREND_HIDDEN.format(categories=join_words(hidden, lang))(lang))
    season_weighted = table.groupby("survey_year")["weighted"].first()
    if season_weighted.any() and not season_weighted.all():
        unweighted = [str(y) for y, w in season_weighted.items() if not w]
        paragraphs.append(TREND_MIXED.format(years=join_words(unweighted, lang))(lang))
    paragraphs.append(TEST_NOTE(lang))
    return _narrative(paragraphs, lang, result)


# --- the other museums --------------------------------------------------------------------------
OTHERS_TOO_FEW = T(
    "La comparaison avec les autres musées n'est pas affichée : il faut au moins {min} autres musées ayant chacun au moins {cell} réponses en {year}; l'entrepôt en compte {n}.",
    "The comparison with the other museums is not shown: it needs at least {min} other museums with at least {cell} responses each in {year}; the store has {n}.",
)
OTHERS_DOMINANT = T(
    "La comparaison avec les autres musées n'est pas affichée : un seul musée pèserait plus de la moitié du groupe en {year}, et ses chiffres se liraient dans ceux du groupe.",
    "The comparison with the other museums is not shown: a single museum would weigh more than half of the group in {year}, and its figures could be read in the group's.",
)
OTHERS_LEAD = T(
    "Comparé aux {n} autres musées participants en {year} : ",
    "Compared with the {n} other participating museums in {year}: ",
)
OTHERS_PART = T(
    "{category} {mine} chez vous contre {theirs} ({diff}, {verdict})",
    "{category} {mine} at your museum against {theirs} ({diff}, {verdict})",
)
SIGNIFICANT = T("écart significatif", "significant difference")
WITHIN_MARGIN = T("dans la marge d'erreur", "within the margin of error")
OTHERS_NOTE = T(
    "Le groupe de comparaison exclut votre musée; ses parts sont estimées pour l'ensemble des visiteurs de ces musées.",
    "The comparison group leaves out your museum; its shares are estimated for all visitors of those museums.",
)


def _versus(mine, theirs) -> stats.Difference:
    return stats.difference_test(theirs["share"], theirs["n_effective"], mine["share"], mine["n_effective"])


def sector_comparison(museum: ShareTable, others: ShareTable, year: int, lang: str = "fr") -> Narrative:
    if not others.available:
        template = OTHERS_DOMINANT if others.withheld_reason == DOMINANT_MUSEUM else OTHERS_TOO_FEW
        return _narrative(
            [
                template.format(
                    min=privacy.MIN_PEER_MUSEUMS, cell=privacy.MIN_CELL, year=year, n=others.n_museums or 0
                )(lang)
            ],
            lang,
            museum,
        )
    parts = []
    for key in KNOWN_CATEGORIES:
        mine, theirs = _shown(museum, key), _shown(others, key)
        if mine is None or theirs is None:
            continue
        parts.append(
            OTHERS_PART.format(
                category=labels.category_label(key, lang, short=True),
                mine=pct(mine["share"], lang),
                theirs=pct(theirs["share"], lang),
                diff=points(mine["share"], theirs["share"], lang),
                verdict=(SIGNIFICANT if _versus(mine, theirs).significant else WITHIN_MARGIN)(lang),
            )(lang)
        )
    if not parts:
        return _narrative([TOO_FEW.format(min=privacy.MIN_CELL)(lang)], lang, museum)
    text = OTHERS_LEAD.format(n=others.n_museums, year=year)(lang) + "; ".join(parts) + "."
    return _narrative([text[0].upper() + text[1:], OTHERS_NOTE(lang)], lang, museum)


# --- what to do next -----------------------------------------------------------------------------
ACTIONS = {
    "tourist": T(
        "Les touristes forment une grande part de vos visiteurs : partagez ces chiffres avec votre association touristique régionale et les hébergements voisins pour bâtir des offres conjointes.",
        "Tourists make up a large share of your visitors: share these figures with your regional tourism association and nearby lodgings to build joint offers.",
    ),
    "local": T(
        "Vos visiteurs sont surtout locaux : misez sur la fidélisation (adhésions, programmation renouvelée, événements) et sur le bouche-à-oreille.",
        "Your visitors are mostly local: invest in loyalty (memberships, renewed programming, events) and word of mouth.",
    ),
    "excursionist": T(
        "Les excursionnistes viennent pour la journée : proposez des forfaits avec d'autres attraits de la région pour les inciter à rester une nuit.",
        "Excursionists come for the day: offer packages with other attractions in the region to encourage an overnight stay.",
    ),
    "below_others": T(
        "Votre part de touristes est nettement sous celle des autres musées : faites-vous connaître dans les bureaux d'information touristique et les guides de votre région.",
        "Your share of tourists is clearly below that of the other museums: make yourself known in tourist information offices and regional guides.",
    ),
    "regions": T(
        "Hors de votre région, vos visiteurs québécois viennent surtout {regions} : ciblez-y vos communications.",
        "Outside your own region, your Quebec visitors come mostly from {regions}: aim your communications there.",
    ),
    "unknown": T(
        "Une part notable de provenance inconnue : rendez obligatoires le code postal et la question sur la nuitée dans le questionnaire.",
        "A notable share of unknown provenance: make the postal code and the overnight question mandatory in the questionnaire.",
    ),
    "weighting": T(
        "Chargez la fréquentation mensuelle de la saison pour que les résultats représentent tous vos visiteurs, pas seulement les répondants.",
        "Load the season's monthly attendance so results represent all your visitors, not only respondents.",
    ),
    "sample": T(
        "Pour des résultats plus précis, visez au moins {n} réponses par saison (marge d'erreur d'environ ± 5 points).",
        "For more precise results, aim for at least {n} responses per season (margin of error of about ± 5 points).",
    ),
    "targets": T(
        "Comparez ces résultats à vos cibles de l'année et discutez-en avec votre groupe de codéveloppement.",
        "Compare these results with your targets for the year and discuss them with your co-development group.",
    ),
}


def actions(
    basis_result: DataBasis,
    museum: ShareTable,
    others: ShareTable,
    admin_regions: ShareTable,
    lang: str = "fr",
    home_region: str | None = None,
) -> Narrative:
    """« Pistes d'action », each from one explicit rule on the figures above.

    Profile: one action per category whose share passes its threshold. Tourists weigh heavily only
    when their share passes TOURIST_HEAVY and is not significantly below the other museums';
    « below the others » only when the difference test says so — the two never fire together.
    Regions: the most represented administrative regions other than the museum's own.
    """
    items = []
    tourist, local, excursionist = (_shown(museum, k) for k in KNOWN_CATEGORIES[::-1])
    theirs = _shown(others, "tourist")
    below = (
        tourist is not None
        and theirs is not None
        and _versus(tourist, theirs).significant
        and tourist["share"] < theirs["share"]
    )
    if tourist is not None and tourist["share"] >= TOURIST_HEAVY and not below:
        items.append(ACTIONS["tourist"](lang))
    if local is not None and local["share"] >= LOCAL_HEAVY:
        items.append(ACTIONS["local"](lang))
    if excursionist is not None and excursionist["share"] >= EXCURSIONIST_HEAVY:
        items.append(ACTIONS["excursionist"](lang))
    if below:
        items.append(ACTIONS["below_others"](lang))
    if not admin_regions.table.empty:
        named = admin_regions.table[
            _reportable(admin_regions.table)
            & (admin_regions.table["key"] != OTHER)
            & (admin_regions.table["key"] != (home_region or ""))
        ]
        regions_text = [
            places.de_phrase(places.place("admin_region", row["key"], row["label"]), lang, en="")
            for _, row in named.head(2).iterrows()
        ]
        if regions_text:
            items.append(ACTIONS["regions"].format(regions=join_words(regions_text, lang))(lang))
    if basis_result.n_responses and 1 - basis_result.n_known / basis_result.n_responses >= UNKNOWN_HIGH:
        items.append(ACTIONS["unknown"](lang))
    if not basis_result.weighting.weighted:
        items.append(ACTIONS["weighting"](lang))
    if basis_result.n_responses < PRECISE_SAMPLE:
        items.append(ACTIONS["sample"].format(n=format_number(PRECISE_SAMPLE, 0, lang))(lang))
    items.append(ACTIONS["targets"](lang))
    return _narrative(items, lang, museum, admin_regions, bullets=True)


BASIS_SUMMARY = T("Sondage estival {year} · {n} · {weighting}", "Summer survey {year} · {n} · {weighting}")
SUMMARY_WEIGHTED = T("pondéré selon la fréquentation mensuelle", "weighted to monthly attendance")
SUMMARY_UNWEIGHTED = T("non pondéré", "unweighted")


def basis_summary(result: DataBasis) -> dict[str, str]:
    """One line for the report footer, in both languages: season, responses, weighting."""
    summary = {}
    for lang in ("fr", "en"):
        weighting = (SUMMARY_WEIGHTED if result.weighting.weighted else SUMMARY_UNWEIGHTED)(lang)
        summary[lang] = BASIS_SUMMARY.format(
            year=result.year, n=counted(result.n_responses, RESPONSE, lang), weighting=weighting
        )(lang)
    return summary


# --- peer groups and targets (docs/ARCHITECTURE.md, « Peer groups » and « Targets ») -----------------
NO_TARGET = T(
    "Le musée n'a pas fixé de cible pour sa part de touristes ou d'excursionnistes.",
    "The museum has set no target for its share of tourists or excursionists.",
)
TARGETS_NOTE = T(
    "Une cible est atteinte quand tout l'intervalle de confiance du résultat est à la cible ou au-dessus; quand la cible tombe dans l'intervalle, le sondage ne permet pas de trancher (écart dans la marge d'erreur).",
    "A target is reached when the result's whole confidence interval is at or above it; when the target falls inside the interval, the survey cannot tell (gap within the margin of error).",
)


def peers(comparisons: list, category: str, season: int, lang: str = "fr") -> Narrative:
    """The museum's share of `category` against each of its peer groups (peers.sentences): one value
    per museum, the number of museums and the season each benchmark rests on, « comparaison non
    publiée » with the reason for a withheld group. Publishes no count of respondents."""
    label = labels.PEER_INDICATORS[category]
    return _narrative(peer_rules.sentences(comparisons, label, season, lang), lang)


def targets(statuses: list, lang: str = "fr") -> Narrative:
    """One sentence per tourist_share / excursionist_share target (targets.sentence): baseline →
    result → target and whether the gap is within the margin of error; one sentence when there is none."""
    if not statuses:
        return _narrative([NO_TARGET(lang)], lang)
    paragraphs = [target_rules.sentence(status, None, lang) for status in statuses]
    if any(status.comparable for status in statuses):
        paragraphs.append(TARGETS_NOTE(lang))
    return _narrative(paragraphs, lang)
