"""Findings about visitor provenance in plain French (English on request), Quebec number formats.

Every function takes results of metrics.provenance (confidentiality already applied) and returns a
Narrative. Hidden cells are mentioned as hidden, never described.
"""

from __future__ import annotations

import pandas as pd

from .. import labels, privacy, stats
from ..i18n import Message, format_number
from .narrative import Narrative, ci_phrase, count, format_date, format_month, join_words, pct, points
from .provenance import (MONTHS_MISSING, NO_ATTENDANCE, NO_DATES, NO_RESPONSES, OTHER, DataBasis,
                         ShareTable, Weighting)

HEADLINE_ORDER = ("tourist", "excursionist", "local")
TOURIST_HEAVY = 0.40
LOCAL_HEAVY = 0.50
EXCURSIONIST_HEAVY = 0.25
UNKNOWN_HIGH = 0.10
PRECISE_SAMPLE = 400   # about ± 5 points at 95 % for a 50 % share

T = Message  # short alias for the templates below

# --- data basis ---------------------------------------------------------------------------------
BASIS = T("Musée : {museum}. Ces résultats reposent sur {n} réponses au sondage estival {year}, recueillies du {first} au {last}.",
          "Museum: {museum}. These results rest on {n} responses to the {year} summer survey, collected from {first} to {last}.")
BASIS_NO_DATES = T("Musée : {museum}. Ces résultats reposent sur {n} réponses au sondage estival {year}.",
                   "Museum: {museum}. These results rest on {n} responses to the {year} summer survey.")
KNOWN = T("La provenance (locale, excursionniste ou touristique) est établie pour {n} d'entre elles ({share}).",
          "Provenance (local, excursionist or tourist) is established for {n} of them ({share}).")
WEIGHTED_TEXT = T("Les réponses sont pondérées selon la fréquentation mensuelle du musée : chaque mois pèse selon son nombre de visiteurs, et non selon le nombre de questionnaires remplis.",
                  "Responses are weighted to the museum's monthly attendance: each month counts by its number of visitors, not by the number of questionnaires completed.")
TRIMMED = T("Les poids extrêmes sont plafonnés entre {floor} et {cap} fois le poids moyen.",
            "Extreme weights are capped between {floor} and {cap} times the mean weight.")
UNDATED = T("{n} réponses sans date de visite reçoivent le poids moyen.",
            "{n} responses without a visit date get the mean weight.")
UNWEIGHTED = {
    NO_ATTENDANCE: T("Les réponses ne sont pas pondérées : la fréquentation mensuelle de {year} n'est pas chargée. Les parts décrivent les répondants, qui peuvent différer de l'ensemble des visiteurs.",
                     "Responses are not weighted: monthly attendance for {year} is not loaded. Shares describe respondents, who may differ from all visitors."),
    MONTHS_MISSING: T("Les réponses ne sont pas pondérées : la fréquentation manque pour {months}. Les parts décrivent les répondants, qui peuvent différer de l'ensemble des visiteurs.",
                      "Responses are not weighted: attendance is missing for {months}. Shares describe respondents, who may differ from all visitors."),
    NO_DATES: T("Les réponses ne sont pas pondérées : elles ne portent pas de date de visite.",
                "Responses are not weighted: they carry no visit date."),
    NO_RESPONSES: T("Aucune réponse pour cette saison.", "No responses for this season."),
}
PRIVACY_RULE = T("Confidentialité : un résultat qui repose sur moins de 10 répondants n'est pas affiché; sous 30 répondants, il est marqué d'un astérisque (*) et à interpréter avec prudence.",
                 "Confidentiality: a result resting on fewer than 10 respondents is not shown; under 30 respondents it is marked with an asterisk (*) and should be interpreted with caution.")

# --- shares -------------------------------------------------------------------------------------
CATEGORY = T("{share} de vos répondants sont des {category} ({ci})", "{share} of your respondents are {category} ({ci})")
VERSUS_SECTOR = T(", contre {share} pour l'ensemble des musées", ", compared with {share} for all museums")
CAUTION = T(" Résultat à interpréter avec prudence (moins de 30 répondants).",
            " Interpret with caution (fewer than 30 respondents).")
HIDDEN_SMALL = T("La part des {category} n'est pas affichée : moins de 10 répondants.",
                 "The share of {category} is not shown: fewer than 10 respondents.")
HIDDEN_COMPLEMENT = T("La part des {category} n'est pas affichée, pour qu'on ne puisse pas déduire un petit groupe par soustraction.",
                      "The share of {category} is not shown, so that a small group cannot be worked out by subtraction.")
UNKNOWN_SHARE = T("La provenance n'a pu être établie pour {share} des répondants (code postal, distance ou nuitée manquants).",
                  "Provenance could not be established for {share} of respondents (postal code, distance or overnight stay missing).")
TOO_FEW = T("Trop peu de réponses pour afficher des résultats (moins de 10).", "Too few responses to show results (fewer than 10).")

REGION_LEAD = {
    "admin": T("Parmi les {n} répondants du Québec dont la région est connue, la région administrative la plus représentée est {first}",
               "Among the {n} Quebec respondents whose region is known, the most represented administrative region is {first}"),
    "tourist": T("Parmi les {n} répondants du Québec dont la région est connue, la région touristique la plus représentée est {first}",
                 "Among the {n} Quebec respondents whose region is known, the most represented tourist region is {first}"),
}
FOLLOWED_BY = T(", suivie de {others}", ", followed by {others}")
NO_QUEBEC = T("Aucun répondant résidant au Québec dont la région est connue.", "No Quebec respondent whose region is known.")
HIDDEN_ROW = T("Une autre région compte trop peu de répondants pour être affichée.",
               "One other region has too few respondents to be shown.")
HIDDEN_ROWS = T("{n} autres régions comptent trop peu de répondants pour être affichées.",
                "{n} other regions have too few respondents to be shown.")
REGION_UNKNOWN = T("La région n'a pu être établie pour {n} répondants du Québec (code postal absent ou hors de la table de correspondance).",
                   "The region could not be established for {n} Quebec respondents (postal code missing or not in the crosswalk).")

PROVINCES_NONE = T("Aucun répondant ne vient d'une autre province canadienne.", "No respondent comes from another Canadian province.")
PROVINCES_LEAD = T("{n} répondants viennent d'autres provinces ou territoires canadiens", "{n} respondents come from other Canadian provinces or territories")
PROVINCES_TOP = T(", surtout de {places}.", ", mostly from {places}.")
PROVINCES_FOLDED = T(" : trop peu par province pour les détailler.", ": too few per province to show them separately.")

AREAS = T("Parmi les répondants dont le pays est connu, {parts}.", "Among respondents whose country is known, {parts}.")
AREA_PART = T("{share} résident {area}", "{share} live {area}")
COUNTRIES_NONE = T("Aucun répondant ne réside hors du Canada.", "No respondent lives outside Canada.")
COUNTRIES_LEAD = T("Parmi les {n} répondants venus de l'étranger, {first} arrive en tête ({share}).",
                   "Among the {n} respondents from abroad, {first} comes first ({share}).")
COUNTRIES_FOLDED = T("{n} répondants venus de l'étranger : trop peu par pays pour les détailler.",
                     "{n} respondents from abroad: too few per country to show them separately.")
AREA_IN = {
    "fr": {"canada": "au Canada", "usa": "aux États-Unis", "europe": "en Europe", "latin_america": "en Amérique latine",
           "asia": "en Asie", "africa": "en Afrique", "oceania": "en Océanie", "other": "ailleurs"},
    "en": {"canada": "in Canada", "usa": "in the United States", "europe": "in Europe",
           "latin_america": "in Latin America", "asia": "in Asia", "africa": "in Africa", "oceania": "in Oceania",
           "other": "elsewhere"},
}

TREND_ONE = T("Une seule saison de sondage ({year}) est dans l'entrepôt : l'évolution apparaîtra avec les prochaines saisons.",
              "Only one survey season ({year}) is in the store: the trend will appear with the next seasons.")
TREND_CHANGE = T("La part des touristes passe de {before} en {y0} à {after} en {y1} ({diff}), {verdict}.",
                 "The share of tourists goes from {before} in {y0} to {after} in {y1} ({diff}), {verdict}.")
CLEAR_CHANGE = T("un écart net (les intervalles de confiance ne se chevauchent pas)", "a clear change (the confidence intervals do not overlap)")
WITHIN_MARGIN = T("un écart qui reste dans la marge d'erreur", "a change within the margin of error")
TREND_HIDDEN = T("La part des touristes ne peut être comparée d'une saison à l'autre : elle est masquée pour au moins une des deux saisons.",
                 "The share of tourists cannot be compared between seasons: it is hidden for at least one of the two.")
TREND_MIXED = T("Saisons non pondérées : {years}. Comparez-les aux autres avec prudence.",
                "Unweighted seasons: {years}. Compare them with the others with caution.")

SECTOR_WITHHELD = T("La comparaison avec l'ensemble des musées n'est pas affichée : il faut au moins {min} musées participants en {year}, l'entrepôt en compte {n}.",
                    "The comparison with all museums is not shown: it needs at least {min} participating museums in {year}; the store has {n}.")
SECTOR_LEAD = T("Comparé à l'ensemble des {n} musées participants en {year} : ", "Compared with all {n} participating museums in {year}: ")
SECTOR_PART = T("{category} {mine} chez vous contre {theirs} ({diff})", "{category} {mine} at your museum against {theirs} ({diff})")

ACTIONS = {
    "tourist": T("Vos touristes pèsent lourd : partagez ces chiffres avec votre association touristique régionale (ATR) et les hébergements voisins pour bâtir des offres conjointes.",
                 "Tourists weigh heavily: share these figures with your regional tourism association and nearby lodgings to build joint offers."),
    "local": T("Vos visiteurs sont surtout locaux : misez sur la fidélisation (adhésions, programmation renouvelée, événements) et sur le bouche-à-oreille.",
               "Your visitors are mostly local: invest in loyalty (memberships, renewed programming, events) and word of mouth."),
    "excursionist": T("Les excursionnistes viennent pour la journée : proposez des forfaits avec d'autres attraits de la région pour les inciter à rester une nuit.",
                      "Excursionists come for the day: offer packages with other attractions in the region to encourage an overnight stay."),
    "below_sector": T("Votre part de touristes est sous celle de l'ensemble des musées : faites-vous connaître dans les bureaux d'information touristique et les guides de votre région.",
                      "Your share of tourists is below that of all museums: make yourself known in tourist information offices and regional guides."),
    "regions": T("Ciblez vos communications au Québec vers {regions}, d'où viennent la plupart de vos visiteurs québécois.",
                 "Aim your Quebec communications at {regions}, where most of your Quebec visitors come from."),
    "unknown": T("Une part notable de provenance inconnue : rendez obligatoires le code postal et la question sur la nuitée dans le questionnaire.",
                 "A notable share of unknown provenance: make the postal code and the overnight question mandatory in the questionnaire."),
    "weighting": T("Chargez la fréquentation mensuelle de la saison pour que les résultats représentent tous vos visiteurs, pas seulement les répondants.",
                   "Load the season's monthly attendance so results represent all your visitors, not only respondents."),
    "sample": T("Pour des résultats plus précis, visez au moins {n} réponses par saison (marge d'erreur d'environ ± 5 points).",
                "For more precise results, aim for at least {n} responses per season (margin of error of about ± 5 points)."),
    "targets": T("Comparez ces résultats à vos cibles de l'année et discutez-en avec votre groupe de codéveloppement.",
                 "Compare these results with your targets for the year and discuss them with your co-development group."),
}


def _rows(result: ShareTable) -> pd.DataFrame:
    return result.table.set_index("key") if not result.table.empty else result.table


def _shown(result: ShareTable, key: str) -> pd.Series | None:
    table = _rows(result)
    if table.empty or key not in table.index or bool(table.loc[key, "suppressed"]):
        return None
    return table.loc[key]


def _star(row: pd.Series) -> str:
    return labels.CAUTION_MARK if bool(row["caution"]) else ""


def basis(result: DataBasis, lang: str = "fr") -> Narrative:
    paragraphs = []
    values = dict(museum=result.museum_name, n=count(result.n_responses, lang), year=result.year)
    if result.first_visit is not None:
        same_year = result.first_visit.year == result.last_visit.year
        paragraphs.append(BASIS.format(first=format_date(result.first_visit, lang, with_year=not same_year),
                                       last=format_date(result.last_visit, lang), **values)(lang))
    else:
        paragraphs.append(BASIS_NO_DATES.format(**values)(lang))
    if result.n_responses:
        paragraphs[0] += " " + KNOWN.format(n=count(result.n_known, lang),
                                            share=pct(result.n_known / result.n_responses, lang))(lang)
    paragraphs.append(weighting_text(result.weighting, result.year, lang))
    paragraphs.append(PRIVACY_RULE(lang))
    return Narrative(paragraphs)


def weighting_text(weighting: Weighting, year: int, lang: str = "fr") -> str:
    if weighting.weighted:
        parts = [WEIGHTED_TEXT(lang)]
        if weighting.n_trimmed:
            parts.append(TRIMMED.format(floor=_decimal(stats.WEIGHT_FLOOR, lang), cap=_decimal(stats.WEIGHT_CAP, lang))(lang))
        if weighting.n_undated:
            parts.append(UNDATED.format(n=count(weighting.n_undated, lang))(lang))
        return " ".join(parts)
    months = join_words([format_month(m, lang) for m in weighting.missing_months], lang)
    return UNWEIGHTED[weighting.reason].format(year=year, months=months)(lang)


def _decimal(value: float, lang: str) -> str:
    return format_number(value, 1 if value % 1 else 0, lang)


def categories(museum: ShareTable, sector: ShareTable | None = None, lang: str = "fr") -> Narrative:
    """« 46 % de vos répondants sont des touristes (IC 95 % : 42 % à 50 %), contre 31 % pour l'ensemble des musées. »"""
    if museum.base_n < privacy.MIN_CELL:
        return Narrative([TOO_FEW(lang)])
    table = _rows(museum)
    order = sorted(HEADLINE_ORDER, key=lambda k: -(table.loc[k, "share"] if not table.loc[k, "suppressed"] else -1))
    paragraphs = []
    for key in order:
        row = table.loc[key]
        name = labels.category_label(key, lang, short=True)
        if row["suppressed"]:
            template = HIDDEN_COMPLEMENT if row["suppression_reason"] == privacy.COMPLEMENT else HIDDEN_SMALL
            paragraphs.append(template.format(category=name)(lang))
            continue
        text = CATEGORY.format(share=pct(row["share"], lang), category=name,
                               ci=ci_phrase(row["ci_low"], row["ci_high"], lang))(lang)
        sector_row = _shown(sector, key) if sector is not None and sector.available else None
        if sector_row is not None:
            text += VERSUS_SECTOR.format(share=pct(sector_row["share"], lang))(lang)
        text += "."
        if row["caution"]:
            text += CAUTION(lang)
        paragraphs.append(text[0].upper() + text[1:])
    unknown = _shown(museum, "unknown")
    if unknown is not None and unknown["share"] > 0:
        paragraphs.append(UNKNOWN_SHARE.format(share=pct(unknown["share"], lang))(lang))
    return Narrative(paragraphs)


def _listing(rows: pd.DataFrame, lang: str) -> list[str]:
    return [f"{row.label}{_star(pd.Series({'caution': row.caution}))} ({pct(row.share, lang)})" for row in rows.itertuples()]


def regions(result: ShareTable, kind: str = "admin", lang: str = "fr") -> Narrative:
    if result.base_n == 0 or result.table.empty:
        paragraphs = [NO_QUEBEC(lang)]
    elif result.table["suppressed"].all():
        paragraphs = [TOO_FEW(lang)]
    else:
        shown = result.table[~result.table["suppressed"]]
        first = shown.iloc[0]
        text = REGION_LEAD[kind].format(n=count(result.base_n, lang),
                                        first=f"{first['label']}{_star(first)} ({pct(first['share'], lang)}, "
                                              f"{ci_phrase(first['ci_low'], first['ci_high'], lang)})")(lang)
        others = _listing(shown.iloc[1:3], lang)
        if others:
            text += FOLLOWED_BY.format(others=join_words(others, lang))(lang)
        paragraphs = [text + "."]
        hidden = int(result.table["suppressed"].sum())
        if hidden:
            paragraphs.append((HIDDEN_ROW if hidden == 1 else HIDDEN_ROWS).format(n=hidden)(lang))
    if result.n_unknown:
        paragraphs.append(REGION_UNKNOWN.format(n=count(result.n_unknown, lang))(lang))
    return Narrative(paragraphs)


def provinces(result: ShareTable, lang: str = "fr") -> Narrative:
    if result.base_n == 0:
        return Narrative([PROVINCES_NONE(lang)])
    lead = PROVINCES_LEAD.format(n=count(result.base_n, lang))(lang)
    named = result.table[(~result.table["suppressed"]) & (result.table["key"] != OTHER)]
    if named.empty:
        return Narrative([lead + PROVINCES_FOLDED(lang)])
    return Narrative([lead + PROVINCES_TOP.format(places=join_words(_listing(named.iloc[:3], lang), lang))(lang)])


def countries(areas: ShareTable, foreign: ShareTable, lang: str = "fr") -> Narrative:
    paragraphs = []
    shown_areas = areas.table[~areas.table["suppressed"]] if not areas.table.empty else areas.table
    if len(shown_areas):
        parts = [AREA_PART.format(share=pct(row.share, lang) + (labels.CAUTION_MARK if row.caution else ""),
                                  area=AREA_IN[lang].get(row.key, row.label))(lang)
                 for row in shown_areas.itertuples()]
        paragraphs.append(AREAS.format(parts=join_words(parts, lang))(lang))
    if foreign.base_n == 0:
        paragraphs.append(COUNTRIES_NONE(lang))
    else:
        named = foreign.table[(~foreign.table["suppressed"]) & (foreign.table["key"] != OTHER)]
        if named.empty:
            paragraphs.append(COUNTRIES_FOLDED.format(n=count(foreign.base_n, lang))(lang))
        else:
            first = named.iloc[0]
            paragraphs.append(COUNTRIES_LEAD.format(n=count(foreign.base_n, lang), first=first["label"] + _star(first),
                                                    share=pct(first["share"], lang))(lang))
    return Narrative(paragraphs)


def trend(result: ShareTable, lang: str = "fr") -> Narrative:
    table = result.table
    years = sorted(int(y) for y in table["survey_year"].unique()) if not table.empty else []
    if len(years) < 2:
        return Narrative([TREND_ONE.format(year=years[0] if years else "–")(lang)])
    y0, y1 = years[-2], years[-1]
    rows = table[table["key"] == "tourist"].set_index("survey_year")
    before, after = rows.loc[y0], rows.loc[y1]
    paragraphs = []
    if before["suppressed"] or after["suppressed"]:
        paragraphs.append(TREND_HIDDEN(lang))
    else:
        overlap = before["ci_high"] >= after["ci_low"] and after["ci_high"] >= before["ci_low"]
        paragraphs.append(TREND_CHANGE.format(
            before=pct(before["share"], lang), after=pct(after["share"], lang), y0=y0, y1=y1,
            diff=points(after["share"], before["share"], lang),
            verdict=(WITHIN_MARGIN if overlap else CLEAR_CHANGE)(lang))(lang))
    season_weighted = table.groupby("survey_year")["weighted"].first()
    if season_weighted.any() and not season_weighted.all():
        unweighted = [str(y) for y, w in season_weighted.items() if not w]
        paragraphs.append(TREND_MIXED.format(years=join_words(unweighted, lang))(lang))
    return Narrative(paragraphs)


def sector_comparison(museum: ShareTable, sector: ShareTable, year: int, lang: str = "fr") -> Narrative:
    if not sector.available:
        return Narrative([SECTOR_WITHHELD.format(min=privacy.MIN_PEER_MUSEUMS, year=year, n=sector.n_museums or 0)(lang)])
    parts = []
    for key in HEADLINE_ORDER:
        mine, theirs = _shown(museum, key), _shown(sector, key)
        if mine is None or theirs is None:
            continue
        name = labels.category_label(key, lang, short=True)
        parts.append(SECTOR_PART.format(category=name, mine=pct(mine["share"], lang), theirs=pct(theirs["share"], lang),
                                        diff=points(mine["share"], theirs["share"], lang))(lang))
    if not parts:
        return Narrative([TOO_FEW(lang)])
    lead = SECTOR_LEAD.format(n=sector.n_museums, year=year)(lang)
    text = lead + "; ".join(parts) + "."
    return Narrative([text[0].upper() + text[1:]])


def actions(basis_result: DataBasis, museum: ShareTable, sector: ShareTable, admin_regions: ShareTable,
            lang: str = "fr") -> Narrative:
    """« Pistes d'action »: what the reader can do next, from the figures above."""
    items = []
    tourist, local, excursionist = (_shown(museum, k) for k in ("tourist", "local", "excursionist"))
    if tourist is not None and tourist["share"] >= TOURIST_HEAVY:
        items.append(ACTIONS["tourist"](lang))
    if local is not None and local["share"] >= LOCAL_HEAVY:
        items.append(ACTIONS["local"](lang))
    if excursionist is not None and excursionist["share"] >= EXCURSIONIST_HEAVY:
        items.append(ACTIONS["excursionist"](lang))
    sector_tourist = _shown(sector, "tourist") if sector.available else None
    if tourist is not None and sector_tourist is not None and tourist["ci_high"] < sector_tourist["share"]:
        items.append(ACTIONS["below_sector"](lang))
    top_regions = admin_regions.table[~admin_regions.table["suppressed"]]["label"].head(2).tolist() if not admin_regions.table.empty else []
    if top_regions:
        items.append(ACTIONS["regions"].format(regions=join_words(top_regions, lang))(lang))
    unknown = _shown(museum, "unknown")
    if unknown is not None and unknown["share"] >= UNKNOWN_HIGH:
        items.append(ACTIONS["unknown"](lang))
    if not basis_result.weighting.weighted:
        items.append(ACTIONS["weighting"](lang))
    if basis_result.n_responses < PRECISE_SAMPLE:
        items.append(ACTIONS["sample"].format(n=count(PRECISE_SAMPLE, lang))(lang))
    items.append(ACTIONS["targets"](lang))
    return Narrative(items, bullets=True)


BASIS_SUMMARY = T("Sondage estival {year} · {n} répondants · {weighting}",
                  "Summer survey {year} · {n} respondents · {weighting}")
SUMMARY_WEIGHTED = T("pondéré selon la fréquentation mensuelle", "weighted to monthly attendance")
SUMMARY_UNWEIGHTED = T("non pondéré", "unweighted")


def basis_summary(result: DataBasis) -> dict[str, str]:
    """One line for the report footer, in both languages: season, respondents, weighting."""
    summary = {}
    for lang in ("fr", "en"):
        weighting = (SUMMARY_WEIGHTED if result.weighting.weighted else SUMMARY_UNWEIGHTED)(lang)
        summary[lang] = BASIS_SUMMARY.format(year=result.year, n=count(result.n_responses, lang),
                                             weighting=weighting)(lang)
    return summary
