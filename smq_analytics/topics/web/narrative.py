"""The web workbook's findings in plain French (English on request), Quebec number formats.

Every function takes results of the topic's modules (metrics, channels, pages, ticketing, continuity,
peers_web) and returns a Narrative. Rules that keep the text honest:
- every number printed is the one the chart beside it shows, formatted the same way (i18n);
- the year is compared with the previous one only on the same months and the same platform;
- channel names are Google's in English, French names in French (labels.CHANNELS), written after a
  colon or in parentheses so that no article has to agree with them;
- nouns agree with their number (i18n.count_noun: « 1 session », « 2 sessions »), « de » elides
  before a vowel (« d'avril »);
- web sessions are browsers' visits, not respondents: narratives publish no disclosure cells.
"""

from __future__ import annotations

import math

import pandas as pd

from ... import privacy
from ...i18n import Message, Plural, capitalize_first, count_noun, format_number, month_name
from ...metrics.narrative import Narrative, format_date, join_words, pct, points
from . import labels
from .channels import Channels
from .continuity import Continuity, RatioEstimate
from .metrics import GA4, UA, DataBasis, Engagement, Traffic
from .pages import OTHERS, LandingPages
from .peers_web import INDICATORS, PERCENT, PeerResults
from .ticketing import NOT_DECLARED, OK, PROBLEM, CrossDomain, KeyEvents

T = Message
SESSIONS = Plural.of("session", "sessions", "session", "sessions")
MONTHS = Plural.of("mois", "mois", "month", "months")
FILES = Plural.of("fichier", "fichiers", "file", "files")
EVENTS = Plural.of("événement", "événements", "event", "events")
KEY_EVENTS = Plural.of("événement clé", "événements clés", "key event", "key events")
DAYS = Plural.of("journée", "journées", "day", "days")
OTHER_MUSEUMS = Plural.of("autre musée", "autres musées", "other museum", "other museums")
STABLE_CHANGE = 0.01  # |change| under 1 % is « stable » (as attendance)
MIN_CHANNEL_SESSIONS = 100  # channels named as most / least engaged
MIN_CHANNEL_GAP = 5  # points between the most and least engaged channels before they are named
MAX_LEAD = 3  # months: a sessions peak further ahead of the attendance peak is not called a lead


def _narrative(paragraphs: list[str], lang: str, bullets: bool = False) -> Narrative:
    return Narrative([capitalize_first(p) for p in paragraphs if p], bullets=bullets, lang=lang)


def _de(text: str) -> str:
    """« de juin », « d'avril », « d'août » (elision before a vowel or a mute h)."""
    return f"d'{text}" if text[:1].lower() in "aeiouyéèêh" else f"de {text}"


def sessions(n: float, lang: str) -> str:
    return count_noun(round(n), SESSIONS, lang)


def _month_span(numbers: tuple[int, ...] | list[int], lang: str) -> str:
    """« janvier à novembre » / "January to November" for consecutive months, else a list."""
    numbers = sorted(numbers)
    if not numbers:
        return ""
    names = [month_name(n, lang) for n in numbers]
    if len(numbers) == 1:
        return names[0]
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{names[0]} to {names[-1]}" if lang == "en" else f"{names[0]} à {names[-1]}"
    return join_words(names, lang)


def _ym(month: str, lang: str) -> str:
    """'2023-06' → « juin 2023 » / "June 2023"."""
    return f"{month_name(int(month[5:7]), lang)} {month[:4]}"


def _ratio(value: float, lang: str) -> str:
    return format_number(value, 2, lang)


def _change(now: float, before: float, lang: str) -> str:
    if not before:
        return ""
    change = now / before - 1
    if abs(change) < STABLE_CHANGE:
        return T("stable", "stable")(lang)
    return (T("hausse de {c}", "up {c}") if change > 0 else T("baisse de {c}", "down {c}")).format(
        c=pct(abs(change), lang)
    )(lang)


def _part(share: float, lang: str) -> str:
    """A share of a whole that has other parts: never « 100 % » nor « 0 % » when it is not exactly so."""
    if 0.995 <= share < 1:
        return T("plus de 99 %", "over 99%")(lang)
    if 0 < share < 0.005:
        return T("moins de 1 %", "under 1%")(lang)
    return pct(share, lang)


def _duration(seconds: float, lang: str) -> str:
    """« 1 min 25 s » / "1 min 25 s"; « 45 s »."""
    total = int(round(seconds))
    minutes, rest = divmod(total, 60)
    return f"{minutes}\u00a0min {rest}\u00a0s" if minutes else f"{rest}\u00a0s"


NO_WEB = T("Pas de données Web.", "No web data.")
NO_WEB_YEAR = T("Pas de données Web pour {year}.", "No web data for {year}.")


def no_web(lang: str = "fr") -> Narrative:
    """The one sentence of a section when the museum sent no web data."""
    return _narrative([NO_WEB(lang)], lang)


# --- 1. data basis -------------------------------------------------------------------------------
NOTHING_SENT = T(
    "Aucune donnée Web n'a été transmise pour ce musée : pour obtenir ce rapport, envoyez les rapports "
    "téléchargés de l'interface de GA4 (smq-analytics ingest ga4-ui FICHIER.csv --museum {museum}), "
    "l'exportation BigQuery des événements (ga4-events), des rapports de l'API Data (ga4-api) ou les "
    "exportations d'Universal Analytics (ua).",
    "No web data was sent for this museum: to get this report, send the reports downloaded from GA4's "
    "interface (smq-analytics ingest ga4-ui FILE.csv --museum {museum}), the BigQuery export of events "
    "(ga4-events), Data API reports (ga4-api) or Universal Analytics exports (ua).",
)
BASIS = T("Musée : {museum}. Données Web reçues :", "Museum: {museum}. Web data received:")
SOURCE_LINE = T("{source} : {files}, du {first} au {last}.", "{source}: {files}, from {first} to {last}.")
YEAR_PLATFORM = T(
    "En {year}, le site est mesuré par {platform} : {n} avec des données ({span}).",
    "In {year}, the site is measured by {platform}: {n} with data ({span}).",
)
YEAR_NONE = T(
    "Aucune donnée Web ne couvre {year} ; années disponibles : {years}.",
    "No web data covers {year}; years available: {years}.",
)
RULES = T(
    "Les canaux des événements bruts sont attribués par notre mise en œuvre des règles de Google (version "
    "{version}) ; les rapports de l'interface et de l'API portent le regroupement de GA4 lui-même.",
    "Channels of raw events are assigned by our implementation of Google's rules (version {version}); "
    "interface and API reports carry GA4's own grouping.",
)
CONSENT = T(
    "{share} des événements de {year} n'ont pas d'identifiant (consentement refusé) : ils comptent comme "
    "événements, pas dans les sessions.",
    "{share} of {year}'s events carry no identifier (consent denied): they count as events, not in sessions.",
)
DUPLICATES = T("{n} en double retirés en {year}.", "{n} removed as duplicates in {year}.")
INTRADAY = T(
    "{n} de {year} {verb} encore sur une exportation « intraday » provisoire (dernière : {day}) ; "
    "l'exportation quotidienne la remplacera.",
    "{n} of {year} still {verb} on a provisional intraday export (latest: {day}); the daily export will replace it.",
)
REST = Plural.of("repose", "reposent", "rests", "rest")
NOT_PEOPLE = T(
    "Une session Web est une visite d'un navigateur, pas une personne : une même personne peut en faire "
    "plusieurs, sur plusieurs appareils.",
    "A web session is a browser's visit, not a person: one person may make several, on several devices.",
)


def basis(result: DataBasis, lang: str = "fr") -> Narrative:
    if not result.has_data:
        return _narrative([NOTHING_SENT.format(museum=result.museum_id)(lang)], lang)
    paragraphs = [BASIS.format(museum=result.museum_name)(lang)]
    caveats: list[str] = []
    for source in result.sources:
        paragraphs.append(
            SOURCE_LINE.format(
                source=labels.SOURCES[source.source](lang),
                files=count_noun(source.files, FILES, lang),
                first=format_date(source.first_day, lang),
                last=format_date(source.last_day, lang),
            )(lang)
        )
        codes = (["estimates"] if source.source in ("ga4-ui", "ga4-api") else []) + list(source.caveats)
        caveats += [c for c in dict.fromkeys(codes) if c not in caveats and c in labels.CAVEATS]
    if result.months:
        numbers = [int(m[5:7]) for m in result.months]
        paragraphs.append(
            YEAR_PLATFORM.format(
                year=result.year,
                platform=labels.PLATFORMS[result.platform](lang),
                n=count_noun(len(numbers), MONTHS, lang),
                span=_month_span(numbers, lang),
            )(lang)
        )
    else:
        paragraphs.append(YEAR_NONE.format(year=result.year, years=", ".join(map(str, result.years)))(lang))
    if result.rules_version:
        paragraphs.append(RULES.format(version=result.rules_version)(lang))
    quality = result.quality
    if quality is not None:
        if quality.consent_events and quality.consent_share is not None:
            share = quality.consent_share
            shown = pct(share, lang) if share >= 0.005 else T("Moins de 1 %", "Less than 1%")(lang)
            paragraphs.append(CONSENT.format(share=shown, year=result.year)(lang))
        if quality.duplicates:
            paragraphs.append(DUPLICATES.format(n=count_noun(quality.duplicates, EVENTS, lang), year=result.year)(lang))
        if quality.intraday_days:
            paragraphs.append(
                INTRADAY.format(
                    n=count_noun(quality.intraday_days, DAYS, lang),
                    verb=REST.form(quality.intraday_days, lang),
                    year=result.year,
                    day=format_date(quality.last_intraday_day, lang),
                )(lang)
            )
    paragraphs += [
        labels.CAVEATS[c](lang) for c in caveats if not (c in ("intraday", "consent_mode") and quality is not None)
    ]
    paragraphs.append(NOT_PEOPLE(lang))
    return _narrative(paragraphs, lang)


SUMMARY = T("Données Web · {year} · {platform}", "Web data · {year} · {platform}")
SUMMARY_NONE = T("Aucune donnée Web transmise", "No web data sent")


def basis_summary(result: DataBasis) -> dict[str, str]:
    """One line for the report footer, in both languages."""
    out = {}
    for lang in ("fr", "en"):
        if not result.has_data or result.platform is None:
            out[lang] = SUMMARY_NONE(lang)
        else:
            out[lang] = SUMMARY.format(year=result.year, platform=labels.PLATFORMS[result.platform](lang))(lang)
    return out


# --- 2. traffic and seasonality -------------------------------------------------------------------
TOTAL = T(
    "{period}, le site a reçu {n} ({platform}), contre {before} sur les mêmes mois de {previous} : {change}.",
    "{period}, the site received {n} ({platform}), against {before} over the same months of {previous}: {change}.",
)
TOTAL_ALONE = T("{period}, le site a reçu {n} ({platform}).", "{period}, the site received {n} ({platform}).")
PERIOD_YEAR = T("En {year}", "In {year}")
PERIOD_MONTHS = T("De {span} {year}", "From {span} {year}")
PERIOD_ONE = T("En {span} {year}", "In {span} {year}")
OTHER_PLATFORM = T(
    "En {previous}, le site était mesuré par {platform} : les deux outils comptent différemment (section 7), "
    "les deux années ne sont pas comparées.",
    "In {previous}, the site was measured by {platform}: the two tools count differently (section 7), so the "
    "two years are not compared.",
)
INCOMPLETE = T(
    "Mois incomplet (données de quelques jours seulement) : {months}.",
    "Incomplete month (a few days of data only): {months}.",
)
PEAK_SAME = T(
    "Les sessions et la fréquentation culminent le même mois, en {month}.",
    "Sessions and attendance peak in the same month, {month}.",
)
PEAK_LEAD = T(
    "Les sessions culminent en {web}, la fréquentation en {visits} : l'intérêt en ligne précède les visites {lag}.",
    "Sessions peak in {web}, attendance in {visits}: online interest comes before visits {lag}.",
)
PEAK_LAG = T(
    "Les sessions culminent en {web}, après la fréquentation ({visits}).",
    "Sessions peak in {web}, after attendance ({visits}).",
)
LAG = Plural.of("d'un mois", "de {n} mois", "by one month", "by {n} months")
PEAK_APART = T(
    "Les sessions culminent en {web}, la fréquentation en {visits}.",
    "Sessions peak in {web}, attendance in {visits}.",
)
NO_OVERLAP = T(
    "En {year}, aucun mois n'a à la fois des sessions et une fréquentation chargée : les deux ne sont pas comparés.",
    "In {year}, no month has both sessions and loaded attendance: the two are not compared.",
)
PEAK_ONLY = T("Les sessions culminent en {web}.", "Sessions peak in {web}.")
CORRELATION = T(
    "Mois par mois, sessions et fréquentation évoluent {strength} ensemble : corrélation de {c0} le même mois et "
    "de {c1} entre les sessions d'un mois et la fréquentation du mois suivant ({n}, {previous} et {year}).",
    "Month by month, sessions and attendance move together {strength}: a correlation of {c0} in the same month "
    "and {c1} between a month's sessions and the next month's attendance ({n}, {previous} and {year}).",
)
STRENGTH = {
    "strong": T("étroitement", "closely"),
    "moderate": T("assez", "moderately"),
    "weak": T("peu", "loosely"),
}
LEADS = T(
    "La relation est plus forte avec un mois de décalage : les sessions annoncent les visites du mois suivant.",
    "The link is stronger with a one-month shift: sessions announce the next month's visits.",
)
NO_ATTENDANCE = T(
    "Aucune fréquentation mensuelle n'est chargée pour {year} : les sessions ne sont pas mises à côté des visites.",
    "No monthly attendance is loaded for {year}: sessions are not set beside visits.",
)


def _strength(value: float) -> str:
    return "strong" if abs(value) >= 0.7 else ("moderate" if abs(value) >= 0.4 else "weak")


def traffic(result: Traffic, lang: str = "fr") -> Narrative:
    if result.platform is None:
        return _narrative([NO_WEB_YEAR.format(year=result.year)(lang)], lang)
    table = result.table
    months = [int(n) for n, v in zip(table["month_number"], table["sessions"]) if v is not None and v == v]
    platform = labels.PLATFORMS[result.platform](lang)
    paragraphs = []
    if result.compared:
        span = _month_span(result.compared, lang)
        period = (
            PERIOD_YEAR.format(year=result.year)
            if len(result.compared) == 12
            else (PERIOD_ONE if len(result.compared) == 1 else PERIOD_MONTHS).format(span=span, year=result.year)
        )(lang)
        paragraphs.append(
            TOTAL.format(
                period=period,
                n=sessions(result.total, lang),
                platform=platform,
                before=sessions(result.previous_total, lang),
                previous=result.year - 1,
                change=_change(result.total, result.previous_total, lang),
            )(lang)
        )
    else:
        total = sum(float(v) for v in table["sessions"] if v is not None and v == v)
        span = _month_span(months, lang)
        period = (
            PERIOD_YEAR.format(year=result.year)
            if len(months) == 12
            else (PERIOD_ONE if len(months) == 1 else PERIOD_MONTHS).format(span=span, year=result.year)
        )(lang)
        paragraphs.append(TOTAL_ALONE.format(period=period, n=sessions(total, lang), platform=platform)(lang))
        if result.previous_platform and result.previous_platform != result.platform:
            paragraphs.append(
                OTHER_PLATFORM.format(
                    previous=result.year - 1, platform=labels.PLATFORMS[result.previous_platform](lang)
                )(lang)
            )
    if result.incomplete:
        paragraphs.append(
            INCOMPLETE.format(months=join_words([month_name(n, lang) for n in result.incomplete], lang))(lang)
        )
    if result.peak_attendance is None:
        if result.peak_sessions is not None:
            paragraphs.append(PEAK_ONLY.format(web=month_name(result.peak_sessions, lang))(lang))
        paragraphs.append(NO_ATTENDANCE.format(year=result.year)(lang))
        return _narrative(paragraphs, lang)
    web, visits = result.peak_sessions, result.peak_attendance
    table = result.table
    if not (table["sessions"].notna() & table["attendance"].notna()).any():
        paragraphs.append(NO_OVERLAP.format(year=result.year)(lang))
        return _narrative(paragraphs, lang)
    if web == visits:
        paragraphs.append(PEAK_SAME.format(month=month_name(web, lang))(lang))
    elif web < visits <= web + MAX_LEAD:
        lag = visits - web
        paragraphs.append(
            PEAK_LEAD.format(
                web=month_name(web, lang),
                visits=month_name(visits, lang),
                lag=LAG.form(lag, lang).format(n=lag),
            )(lang)
        )
    elif web > visits:
        paragraphs.append(PEAK_LAG.format(web=month_name(web, lang), visits=month_name(visits, lang))(lang))
    else:
        paragraphs.append(PEAK_APART.format(web=month_name(web, lang), visits=month_name(visits, lang))(lang))
    if result.correlation_0 is not None and result.correlation_1 is not None:
        paragraphs.append(
            CORRELATION.format(
                strength=STRENGTH[_strength(result.correlation_0)](lang),
                c0=_ratio(result.correlation_0, lang),
                c1=_ratio(result.correlation_1, lang),
                n=count_noun(result.paired, MONTHS, lang),
                previous=result.year - 1,
                year=result.year,
            )(lang)
        )
        if result.correlation_1 > result.correlation_0 + 0.05:
            paragraphs.append(LEADS(lang))
    return _narrative(paragraphs, lang)


def traffic_series(result: Traffic, lang: str = "fr") -> tuple[list[str], dict[str, list]]:
    """Months (abbreviated) and two series: sessions of the year and of the year before (same platform
    only; the previous year's bars are left out when measured by the other tool)."""
    categories = [month_name(int(n), lang, abbreviated=True) for n in result.table["month_number"]]
    as_list = lambda column: [None if v is None or v != v else float(v) for v in result.table[column]]  # noqa: E731
    series = {str(result.year): as_list("sessions")}
    if result.previous_platform == result.platform and any(v is not None for v in as_list("previous_sessions")):
        series[str(result.year - 1)] = as_list("previous_sessions")
    return categories, series


def attendance_series(result: Traffic, lang: str = "fr") -> tuple[list[str], dict[str, list]]:
    categories = [month_name(int(n), lang, abbreviated=True) for n in result.table["month_number"]]
    values = [None if v is None or v != v else float(v) for v in result.table["attendance"]]
    return categories, {labels.ATTENDANCE_SERIES.format(year=result.year)(lang): values}


# --- 3. channels -------------------------------------------------------------------------------------
CHANNELS_TOP = T("Principaux canaux en {year} : {items}.", "Main channels in {year}: {items}.")
CHANNEL_ITEM = T("{channel} ({share})", "{channel} ({share})")
CHANNEL_FIRST = T("{channel} ({share} des sessions)", "{channel} ({share} of sessions)")
CHANNEL_RISE = T(
    "Plus forte hausse depuis {previous} : {channel} ({points}).",
    "Largest rise since {previous}: {channel} ({points}).",
)
CHANNEL_FALL = T("Plus forte baisse : {channel} ({points}).", "Largest fall: {channel} ({points}).")
CHANNEL_STEADY = T(
    "Aucun canal n'a bougé de plus de 2 points depuis {previous}.",
    "No channel moved by more than 2 points since {previous}.",
)
CHANNEL_UA = T(
    "En {previous}, canaux d'Universal Analytics, dont les règles différaient : les parts ne sont pas comparées.",
    "In {previous}, Universal Analytics channels, whose rules differed: shares are not compared.",
)
SOURCE_EVENTS_PLAIN = T(
    "Source : événements bruts de GA4 (exportation BigQuery).", "Source: GA4 raw events (BigQuery export)."
)
SOURCE_EVENTS = T(
    "Source : événements bruts, canaux attribués par notre mise en œuvre des règles de Google (version {version}).",
    "Source: raw events, channels assigned by our implementation of Google's rules (version {version}).",
)
SOURCE_GA4 = T(
    "Source : {source}, regroupement de canaux par défaut de GA4 lui-même.",
    "Source: {source}, GA4's own default channel grouping.",
)
SOURCE_PLAIN = T("Source : {source}.", "Source: {source}.")
SOURCE_UA = T(
    "Source : exportations d'Universal Analytics, canaux d'UA ramenés aux noms de GA4.",
    "Source: Universal Analytics exports, UA channels mapped to GA4's names.",
)
PERIOD_COVERED = T("Période couverte : du {first} au {last}.", "Period covered: {first} to {last}.")
NO_CHANNELS = T(
    "Les données envoyées pour {year} ne donnent pas les sessions par canal.",
    "The data sent for {year} do not give sessions by channel.",
)
KIND_SOURCE = {"ga4_events": "ga4-events", "ga4_api": "ga4-api", "ga4_ui_csv": "ga4-ui", "ua_export": "ua"}


def source_sentence(totals, rules_version: str | None, lang: str, channels: bool = True) -> list[str]:
    """Which source a dimension's figures come from (for channels, who assigned them), and the period
    it covers."""
    if totals.source_kind is None:
        return []
    if totals.source_kind == "ga4_events":
        text = (SOURCE_EVENTS.format(version=rules_version or "–") if channels else SOURCE_EVENTS_PLAIN)(lang)
    elif totals.source_kind == "ua_export":
        text = (SOURCE_UA if channels else SOURCE_PLAIN.format(source=labels.SOURCES["ua"](lang)))(lang)
    else:
        source = labels.SOURCES[KIND_SOURCE[totals.source_kind]](lang)
        text = (SOURCE_GA4 if channels else SOURCE_PLAIN).format(source=source)(lang)
    period = PERIOD_COVERED.format(first=format_date(totals.first_day, lang), last=format_date(totals.last_day, lang))(
        lang
    )
    return [text, period]


def channels(result: Channels, rules_version: str | None = None, lang: str = "fr") -> Narrative:
    if result.empty:
        return _narrative([NO_CHANNELS.format(year=result.year)(lang)], lang)
    table = result.table[result.table["sessions"] > 0]
    top = table.head(3)
    items = [
        (CHANNEL_FIRST if i == 0 else CHANNEL_ITEM).format(
            channel=labels.channel_label(r.channel, lang), share=pct(r.share, lang)
        )(lang)
        for i, r in enumerate(top.itertuples())
    ]
    paragraphs = [CHANNELS_TOP.format(year=result.year, items=join_words(items, lang))(lang)]
    if not result.previous.empty:
        if result.previous.platform != result.current.platform:
            paragraphs.append(CHANNEL_UA.format(previous=result.year - 1)(lang))
        else:
            both = result.table.dropna(subset=["share", "previous_share"])
            moves = [(round(r.share * 100) - round(r.previous_share * 100), r) for r in both.itertuples()]
            up = max(moves, key=lambda m: m[0], default=None)
            down = min(moves, key=lambda m: m[0], default=None)
            if up and up[0] > 2:
                paragraphs.append(
                    CHANNEL_RISE.format(
                        previous=result.year - 1,
                        channel=labels.channel_label(up[1].channel, lang),
                        points=points(up[1].share, up[1].previous_share, lang),
                    )(lang)
                )
            if down and down[0] < -2:
                paragraphs.append(
                    CHANNEL_FALL.format(
                        channel=labels.channel_label(down[1].channel, lang),
                        points=points(down[1].share, down[1].previous_share, lang),
                    )(lang)
                )
            if not (up and up[0] > 2) and not (down and down[0] < -2):
                paragraphs.append(CHANNEL_STEADY.format(previous=result.year - 1)(lang))
    paragraphs += source_sentence(result.current, rules_version, lang)
    return _narrative(paragraphs, lang)


def channel_series(result: Channels, lang: str = "fr") -> tuple[list[str], dict[str, list]]:
    """Channels (display names) and the shares of the year and, same platform only, of the year before."""
    if result.empty:
        return [], {}
    table = result.table[(result.table["sessions"] > 0) | (result.table["previous_sessions"] > 0)]
    categories = [labels.channel_label(c, lang) for c in table["channel"]]
    series = {str(result.year): [None if v != v else float(v) for v in table["share"]]}
    if not result.previous.empty and result.previous.platform == result.current.platform:
        series[str(result.year - 1)] = [None if v != v else float(v) for v in table["previous_share"]]
    return categories, series


# --- 4. landing pages ------------------------------------------------------------------------------
NO_PAGES = T(
    "Les données envoyées pour {year} ne donnent pas les pages d'entrée.",
    "The data sent for {year} do not give landing pages.",
)
TOP_PAGE = T(
    "Page d'entrée la plus fréquente en {year} : {page} ({n}{rate}).",
    "Most frequent landing page in {year}: {page} ({n}{rate}).",
)
TOP_RATE = T(", {rate} engagées", ", {rate} engaged")
NAMED = Plural.of(
    "La page nommée amène {share} des sessions.",
    "Les {n} pages nommées amènent {share} des sessions.",
    "The page named brings {share} of sessions.",
    "The {n} pages named bring {share} of sessions.",
)
ALL_NAMED = Plural.of(
    "La seule page d'entrée reçue est montrée.",
    "Les {n} pages d'entrée reçues sont toutes montrées.",
    "The only landing page received is shown.",
    "All {n} landing pages received are shown.",
)
FOLDED = T(
    "Les pages de moins de {min} sessions ({n}) sont regroupées dans « Autres pages » : une adresse rare peut "
    "désigner une personne.",
    "Pages with fewer than {min} sessions ({n}) are grouped in 'Other pages': a rare address can point to a person.",
)
UA_PAGES = T(
    "Universal Analytics ne mesurait pas l'engagement : les pages n'ont pas de taux d'engagement.",
    "Universal Analytics did not measure engagement: pages have no engagement rate.",
)


def pages(result: LandingPages, rules_version: str | None = None, lang: str = "fr") -> Narrative:
    if result.empty:
        return _narrative([NO_PAGES.format(year=result.year)(lang)], lang)
    table = result.table
    named = table[table["page"] != OTHERS]
    paragraphs = []
    if not named.empty:
        first = named.iloc[0]
        rate = (
            ""
            if first["engagement_rate"] != first["engagement_rate"]
            else TOP_RATE.format(rate=pct(first["engagement_rate"], lang))(lang)
        )
        paragraphs.append(
            TOP_PAGE.format(year=result.year, page=first["page"], n=sessions(first["sessions"], lang), rate=rate)(lang)
        )
        share = named["sessions"].sum() / table["sessions"].sum()
        if len(named) == len(table):
            paragraphs.append(ALL_NAMED.form(len(named), lang).format(n=len(named)))
        else:
            paragraphs.append(NAMED.form(len(named), lang).format(n=len(named), share=_part(share, lang)))
    if result.folded_small:
        paragraphs.append(FOLDED.format(min=privacy.MIN_CELL, n=format_number(result.folded_small, 0, lang))(lang))
    if result.totals.platform == UA:
        paragraphs.append(UA_PAGES(lang))
    paragraphs += source_sentence(result.totals, rules_version, lang, channels=False)
    return _narrative(paragraphs, lang)


def page_rows(result: LandingPages, lang: str = "fr") -> tuple[list[str], list[float]]:
    rows, values = [], []
    for row in result.table.itertuples():
        page = labels.OTHER_PAGES.format(n=format_number(row.pages, 0, lang))(lang) if row.page == OTHERS else row.page
        if row.engagement_rate == row.engagement_rate:
            page = labels.PAGE_ROW.format(page=page, rate=pct(row.engagement_rate, lang))(lang)
        rows.append(page)
        values.append(float(row.sessions))
    return rows, values


# --- 5. engagement ---------------------------------------------------------------------------------
ENGAGED = T(
    "En {year}, {rate} des sessions ont été engagées (plus de {seconds} secondes, un événement clé ou au moins "
    "2 pages vues) ; le taux de rebond de GA4, son complément, est de {bounce}.",
    "In {year}, {rate} of sessions were engaged (over {seconds} seconds, a key event or at least 2 page views); "
    "GA4's bounce rate, its complement, is {bounce}.",
)
NOT_UA_BOUNCE = T(
    "Ce n'est pas le taux de rebond d'Universal Analytics, qui comptait les sessions d'une seule page.",
    "This is not Universal Analytics' bounce rate, which counted single-page sessions.",
)
MONTH_RANGE = T(
    "Taux le plus élevé en {high} ({high_rate}), le plus bas en {low} ({low_rate}).",
    "Highest rate in {high} ({high_rate}), lowest in {low} ({low_rate}).",
)
AVERAGE_TIME = T(
    "Temps d'engagement moyen par utilisateur actif : {time}.",
    "Average engagement time per active user: {time}.",
)
NO_TIME = T(
    "Le temps d'engagement moyen n'est pas dans les données envoyées.",
    "Average engagement time is not in the data sent.",
)
CHANNEL_ENGAGEMENT = T(
    "Par canal (au moins {min} sessions) : le plus engagé est {high} ({high_rate}), le moins engagé {low} "
    "({low_rate}).",
    "By channel (at least {min} sessions): the most engaged is {high} ({high_rate}), the least engaged {low} "
    "({low_rate}).",
)
CHANNEL_EVEN = T(
    "Par canal (au moins {min} sessions), l'engagement varie peu : de {low} à {high}.",
    "By channel (at least {min} sessions), engagement varies little: from {low} to {high}.",
)
UA_ENGAGEMENT = T(
    "En {year}, le site était mesuré par Universal Analytics, qui ne mesurait pas l'engagement : cette section "
    "commence avec GA4.",
    "In {year}, the site was measured by Universal Analytics, which did not measure engagement: this section "
    "starts with GA4.",
)


def engagement(result: Engagement, by_channel: Channels | None, seconds: int = 10, lang: str = "fr") -> Narrative:
    if result.platform is None:
        return _narrative([NO_WEB_YEAR.format(year=result.year)(lang)], lang)
    if result.rate is None:
        return _narrative([UA_ENGAGEMENT.format(year=result.year)(lang)], lang)
    paragraphs = [
        ENGAGED.format(year=result.year, rate=pct(result.rate, lang), seconds=seconds, bounce=pct(result.bounce, lang))(
            lang
        ),
        NOT_UA_BOUNCE(lang),
    ]
    rates = result.table.dropna(subset=["engagement_rate"])
    if len(rates) > 1:
        high = rates.loc[rates["engagement_rate"].astype(float).idxmax()]
        low = rates.loc[rates["engagement_rate"].astype(float).idxmin()]
        if pct(high["engagement_rate"], lang) != pct(low["engagement_rate"], lang):
            paragraphs.append(
                MONTH_RANGE.format(
                    high=month_name(int(high["month_number"]), lang),
                    high_rate=pct(high["engagement_rate"], lang),
                    low=month_name(int(low["month_number"]), lang),
                    low_rate=pct(low["engagement_rate"], lang),
                )(lang)
            )
    if result.average_engagement_time is not None:
        paragraphs.append(AVERAGE_TIME.format(time=_duration(result.average_engagement_time, lang))(lang))
    else:
        paragraphs.append(NO_TIME(lang))
    if by_channel is not None and not by_channel.empty:
        shown = by_channel.table[
            (by_channel.table["sessions"] >= MIN_CHANNEL_SESSIONS) & by_channel.table["engagement_rate"].notna()
        ]
        if len(shown) > 1:
            high = shown.loc[shown["engagement_rate"].idxmax()]
            low = shown.loc[shown["engagement_rate"].idxmin()]
            gap = round(high["engagement_rate"] * 100) - round(low["engagement_rate"] * 100)
            if gap < MIN_CHANNEL_GAP:
                paragraphs.append(
                    CHANNEL_EVEN.format(
                        min=format_number(MIN_CHANNEL_SESSIONS, 0, lang),
                        low=pct(low["engagement_rate"], lang),
                        high=pct(high["engagement_rate"], lang),
                    )(lang)
                )
                return _narrative(paragraphs, lang)
            paragraphs.append(
                CHANNEL_ENGAGEMENT.format(
                    min=format_number(MIN_CHANNEL_SESSIONS, 0, lang),
                    high=labels.channel_label(high["channel"], lang),
                    high_rate=pct(high["engagement_rate"], lang),
                    low=labels.channel_label(low["channel"], lang),
                    low_rate=pct(low["engagement_rate"], lang),
                )(lang)
            )
    return _narrative(paragraphs, lang)


def engagement_month_series(result: Engagement, lang: str = "fr") -> tuple[list[str], dict[str, list]]:
    categories = [month_name(int(n), lang, abbreviated=True) for n in result.table["month_number"]]
    values = [None if v is None or v != v else float(v) for v in result.table["engagement_rate"]]
    return categories, {str(result.year): values}


def engagement_channel_series(result: Channels, lang: str = "fr") -> tuple[list[str], dict[str, list]]:
    if result.empty or result.current.platform != GA4:
        return [], {}
    table = result.table[(result.table["sessions"] > 0) & result.table["engagement_rate"].notna()]
    return [labels.channel_label(c, lang) for c in table["channel"]], {
        str(result.year): [float(v) for v in table["engagement_rate"]]
    }


# --- 6. key events and the path to tickets -------------------------------------------------------
DECLARED = T("Événements clés déclarés par le musée : {items}.", "Key events the museum declares: {items}.")
DECLARED_ITEM = T("{name} (événement {event}{extra})", "{name} (event {event}{extra})")
TO_DOMAIN = T(", vers {domain}", ", to {domain}")
UNDER_PATH = T(", pages sous {path}", ", pages under {path}")
KEY_TOTAL = T(
    "En {year} : {n}, soit {per100} pour 100 sessions.",
    "In {year}: {n}, that is {per100} per 100 sessions.",
)
KEY_SESSIONS = T(
    "{share} des sessions comptent au moins un événement clé.",
    "{share} of sessions have at least one key event.",
)
KEY_BY_EVENT = T("Par événement : {items}.", "By event: {items}.")
OCCURRENCES = T(
    "GA4 compte chaque occurrence d'un événement clé ; Universal Analytics comptait un objectif une fois par session.",
    "GA4 counts every occurrence of a key event; Universal Analytics counted a goal once per session.",
)
NO_KEY_EVENTS = T(
    "Aucun événement clé n'est mesuré par GA4 en {year} dans les données envoyées.",
    "No key event is measured by GA4 in {year} in the data sent.",
)
CROSS_PROBLEM = T(
    "Problème de mesure entre domaines : {n} de {year} arrivent {origin} et portent {k}{credited}. Un acheteur qui "
    "revient de la billetterie ouvre une nouvelle session : l'achat n'est pas attribué au canal qui l'a amené. À "
    "faire : activer la mesure interdomaines de GA4 pour {domains} (Administration › Flux de données › "
    "Configurer les paramètres de balise › Configurer vos domaines) et ajouter ces domaines à la liste des sites "
    "référents indésirables.",
    "Cross-domain measurement problem: {n} of {year} come {origin} and carry {k}{credited}. A buyer coming back "
    "from the ticketing site starts a new session: the purchase is not credited to the channel that brought them. "
    "To do: turn on GA4 cross-domain measurement for {domains} (Admin › Data streams › Configure tag settings › "
    "Configure your domains) and add these domains to the list of unwanted referrals.",
)
ORIGIN_TICKETING = T("du site de billetterie ({domains})", "from the ticketing site ({domains})")
ORIGIN_SELF = T("du site du musée lui-même ({domains})", "from the museum's own site ({domains})")
ORIGIN_BOTH = T(
    "du site de billetterie ou du site du musée lui-même ({domains})",
    "from the ticketing site or the museum's own site ({domains})",
)
CREDITED = T(
    " ; {share} des événements clés de l'année comptés dans une session sont attribués à l'accès direct ou aux "
    "sites référents",
    "; {share} of the year's key events counted in a session are credited to Direct or Referral",
)
CROSS_OK = T(
    "La billetterie en ligne ({domains}) n'apparaît pas comme source de sessions : la mesure entre domaines semble "
    "bien configurée.",
    "The online ticketing site ({domains}) does not show up as a source of sessions: cross-domain measurement "
    "looks right.",
)
CROSS_NOT_DECLARED = T(
    "Aucun site de billetterie n'est déclaré pour ce musée (parameters/museums/{museum}.yaml, "
    "web.ticketing_domains) et aucune session ne vient du site du musée lui-même : si les billets se vendent sur "
    "un autre site, déclarez-le pour que ce rapport vérifie la mesure entre domaines.",
    "No ticketing site is declared for this museum (parameters/museums/{museum}.yaml, web.ticketing_domains) and "
    "no session comes from the museum's own site: if tickets sell on another site, declare it so that this "
    "report checks cross-domain measurement.",
)
CROSS_UNKNOWN = T(
    "Les données envoyées pour {year} ne donnent pas la source des sessions : la mesure entre domaines ne peut pas "
    "être vérifiée.",
    "The data sent for {year} do not give the source of sessions: cross-domain measurement cannot be checked.",
)


def _declared(names: pd.DataFrame, lang: str) -> str:
    items = []
    for row in names.itertuples():
        extra = ""
        if isinstance(row.link_domain, str) and row.link_domain:
            extra += TO_DOMAIN.format(domain=row.link_domain)(lang)
        if isinstance(row.page_path_prefix, str) and row.page_path_prefix:
            extra += UNDER_PATH.format(path=row.page_path_prefix)(lang)
        items.append(DECLARED_ITEM.format(name=row.key_event, event=row.event_name, extra=extra)(lang))
    return join_words(items, lang)


def key_events(result: KeyEvents, check: CrossDomain, museum_id: str, lang: str = "fr") -> Narrative:
    paragraphs = []
    if not result.names.empty:
        paragraphs.append(DECLARED.format(items=_declared(result.names, lang))(lang))
    if result.sessions and result.key_events:
        paragraphs.append(
            KEY_TOTAL.format(
                year=result.year,
                n=count_noun(round(result.key_events), KEY_EVENTS, lang),
                per100=format_number(result.per_100_sessions, 1, lang),
            )(lang)
        )
        if result.session_rate is not None:
            paragraphs.append(KEY_SESSIONS.format(share=pct(result.session_rate, lang))(lang))
        if not result.by_event.empty:
            items = [
                f"{row.key_event} ({format_number(row.occurrences, 0, lang)})" for row in result.by_event.itertuples()
            ]
            paragraphs.append(KEY_BY_EVENT.format(items=join_words(items, lang))(lang))
        paragraphs.append(OCCURRENCES(lang))
    else:
        paragraphs.append(NO_KEY_EVENTS.format(year=result.year)(lang))
    paragraphs.append(cross_domain_text(check, result.year, museum_id, lang))
    return _narrative(paragraphs, lang)


def cross_domain_text(check: CrossDomain, year: int, museum_id: str, lang: str = "fr") -> str:
    if check.verdict == PROBLEM:
        if check.ticketing_sessions and check.self_sessions:
            origin = ORIGIN_BOTH.format(domains=", ".join((*check.ticketing_domains, *check.site_domains)))
        elif check.ticketing_sessions:
            origin = ORIGIN_TICKETING.format(domains=", ".join(check.ticketing_domains))
        else:
            origin = ORIGIN_SELF.format(domains=", ".join(check.site_domains))
        credited = (
            CREDITED.format(share=pct(check.direct_referral_share, lang))(lang)
            if check.direct_referral_share is not None
            else ""
        )
        return CROSS_PROBLEM.format(
            n=sessions(check.ticketing_sessions + check.self_sessions, lang),
            year=year,
            origin=origin(lang),
            k=count_noun(round(check.key_events_in_referrals), KEY_EVENTS, lang),
            credited=credited,
            domains=join_words([*check.site_domains, *check.ticketing_domains], lang),
        )(lang)
    if check.verdict == OK:
        return CROSS_OK.format(domains=", ".join(check.ticketing_domains))(lang)
    if check.verdict == NOT_DECLARED:
        return CROSS_NOT_DECLARED.format(museum=museum_id)(lang)
    return CROSS_UNKNOWN.format(year=year)(lang)


def key_month_series(result: KeyEvents, lang: str = "fr") -> tuple[list[str], dict[str, list]]:
    categories = [month_name(int(n), lang, abbreviated=True) for n in result.table["month_number"]]
    values = [None if v is None or v != v else float(v) for v in result.table["key_events"]]
    return categories, {labels.KEY_EVENTS(lang): values}


def key_channel_series(result: KeyEvents, lang: str = "fr") -> tuple[list[str], dict[str, list]]:
    table = result.by_channel
    if table.empty:
        return [], {}
    return [labels.channel_label(c, lang) for c in table["channel"]], {
        labels.KEY_EVENTS(lang): [float(v) for v in table["key_events"]]
    }


# --- 7. before and after GA4 -------------------------------------------------------------------------
ONLY_GA4 = T(
    "Le musée n'a pas envoyé de données Universal Analytics : la série commence avec GA4, en {month}.",
    "The museum sent no Universal Analytics data: the series starts with GA4, in {month}.",
)
ONLY_UA = T(
    "Le musée n'a envoyé que des données Universal Analytics, jusqu'en {month} ; Google a cessé de traiter les "
    "données UA le 1er juillet 2023 : la suite se mesure avec GA4.",
    "The museum sent Universal Analytics data only, up to {month}; Google stopped processing UA data on July 1, "
    "2023: what follows is measured with GA4.",
)
OVERLAP = T(
    "{span}, le site était mesuré par les deux outils ({n}) : GA4 y compte {ratio} session pour 1 session UA ({ci}).",
    "{span}, the site was measured by both tools ({n}): GA4 counts {ratio} sessions per UA session ({ci}).",
)
OVERLAP_ONE = T(
    "En {month}, le site était mesuré par les deux outils (1 mois) : GA4 y compte {ratio} session pour 1 session "
    "UA ; un seul mois ne permet pas d'intervalle.",
    "In {month}, the site was measured by both tools (1 month): GA4 counts {ratio} sessions per UA session; a "
    "single month allows no interval.",
)
RATIO_CI = T("IC à 95 % : {low} à {high}", "95% CI: {low} to {high}")
VIEWS_RATIO = T(
    "Pages vues : {ratio} pour 1 ({ci}). Les pages vues se comparent le mieux d'un outil à l'autre : les deux "
    "comptent chaque chargement de page.",
    "Page views: {ratio} per 1 ({ci}). Page views compare best from one tool to the other: both count every page load.",
)
VIEWS_BEST = T(
    "Les pages vues se comparent le mieux d'un outil à l'autre : les deux comptent chaque chargement de page.",
    "Page views compare best from one tool to the other: both count every page load.",
)
DOTTED = T(
    "La courbe pointillée ramène GA4 à l'échelle d'UA par ce rapport : une indication, pas une mesure.",
    "The dotted line brings GA4 to UA's scale with this ratio: an indication, not a measurement.",
)
BREAK = T(
    "Aucun mois n'a été mesuré par les deux outils (Universal Analytics jusqu'en {ua}, GA4 dès {ga4}) : la série "
    "est rompue et aucun rapport entre les deux n'est estimé.",
    "No month was measured by both tools (Universal Analytics up to {ua}, GA4 from {ga4}): the series breaks and "
    "no ratio between them is estimated.",
)
WHY = T(
    "Pourquoi les deux outils comptent différemment : UA coupait une session à minuit et à chaque changement de "
    "campagne, GA4 non ; UA mesurait le rebond (une seule page vue), GA4 mesure l'engagement ; les « utilisateurs » "
    "d'UA étaient tous les utilisateurs, ceux de GA4 sont les utilisateurs actifs ; UA comptait un objectif une fois "
    "par session, GA4 compte chaque événement clé.",
    "Why the two tools count differently: UA split a session at midnight and at every campaign change, GA4 does "
    "not; UA measured bounces (a single page view), GA4 measures engagement; UA's 'users' were all users, GA4's "
    "are active users; UA counted a goal once per session, GA4 counts every key event.",
)
RATIO_METHOD = T(
    "Le rapport est la somme des sessions GA4 sur celle des sessions UA des mois communs ; son intervalle vient de "
    "la dispersion des rapports mensuels (intervalle t de Student sur leurs logarithmes).",
    "The ratio is the sum of GA4 sessions over that of UA sessions in the shared months; its interval comes from "
    "the spread of the monthly ratios (Student t interval on their logarithms).",
)


def _ci(estimate: RatioEstimate, lang: str) -> str:
    return RATIO_CI.format(low=_ratio(estimate.low, lang), high=_ratio(estimate.high, lang))(lang)


def _span_months(first: str, last: str, lang: str) -> str:
    """« De juillet 2022 à juin 2023 » / "From July 2022 to June 2023"."""
    if lang == "en":
        return f"From {_ym(first, lang)} to {_ym(last, lang)}"
    return f"{capitalize_first(_de(_ym(first, lang)))} à {_ym(last, lang)}"


def continuity(result: Continuity, lang: str = "fr") -> Narrative:
    if result.empty:
        return _narrative([NO_WEB(lang)], lang)
    if result.ua_last is None:
        return _narrative([ONLY_GA4.format(month=_ym(result.ga4_first, lang))(lang)], lang)
    if result.ga4_first is None:
        return _narrative([ONLY_UA.format(month=_ym(result.ua_last, lang))(lang), WHY(lang)], lang)
    paragraphs = []
    estimate = result.sessions
    if estimate is None:
        paragraphs.append(BREAK.format(ua=_ym(result.ua_last, lang), ga4=_ym(result.ga4_first, lang))(lang))
        paragraphs.append(VIEWS_BEST(lang))
    else:
        if estimate.n == 1:
            paragraphs.append(
                OVERLAP_ONE.format(month=_ym(result.overlap[0], lang), ratio=_ratio(estimate.ratio, lang))(lang)
            )
        else:
            paragraphs.append(
                OVERLAP.format(
                    span=_span_months(result.overlap[0], result.overlap[-1], lang),
                    n=count_noun(estimate.n, MONTHS, lang),
                    ratio=_ratio(estimate.ratio, lang),
                    ci=_ci(estimate, lang),
                )(lang)
            )
            paragraphs.append(RATIO_METHOD(lang))
        if result.views is not None and result.views.n > 1:
            paragraphs.append(
                VIEWS_RATIO.format(ratio=_ratio(result.views.ratio, lang), ci=_ci(result.views, lang))(lang)
            )
        else:
            paragraphs.append(VIEWS_BEST(lang))
        paragraphs.append(DOTTED(lang))
    paragraphs.append(WHY(lang))
    return _narrative(paragraphs, lang)


def continuity_lines(result: Continuity, metric: str, lang: str = "fr"):
    """Month labels, the series (UA, GA4 and, for sessions with a ratio, GA4 in UA terms dotted) and the
    break positions (the first GA4 month when nothing overlaps)."""
    from ... import charts

    table = result.table
    categories = [f"{month_name(int(m[5:7]), lang, abbreviated=True)} {m[:4]}" for m in table["month"]]
    as_list = lambda column: [None if v is None or v != v else float(v) for v in table[column]]  # noqa: E731
    series = []
    if any(v is not None for v in as_list(f"ua_{metric}")):
        series.append(charts.LineSeries(labels.UA_SERIES(lang), as_list(f"ua_{metric}"), charts.SECTOR_COLOUR))
    if any(v is not None for v in as_list(f"ga4_{metric}")):
        series.append(charts.LineSeries(labels.GA4_SERIES(lang), as_list(f"ga4_{metric}"), charts.MAIN_COLOUR))
    if metric == "sessions" and result.sessions is not None:
        series.append(charts.LineSeries(labels.GA4_IN_UA(lang), as_list("ga4_in_ua"), charts.MAIN_COLOUR, "dot"))
    breaks = []
    if result.both and not result.overlap and result.ga4_first in list(table["month"]):
        breaks.append(list(table["month"]).index(result.ga4_first))
    notes = [labels.NOTE_SESSIONS(lang)] if metric == "sessions" else []
    if breaks:
        notes.append(labels.NOTE_BREAK(lang))
    if metric == "sessions" and result.sessions is not None:
        notes.append(labels.NOTE_DOTTED(lang))
    return categories, series, breaks, " ".join(notes)


# --- 8. peers ---------------------------------------------------------------------------------------
PEER_LEAD = T(
    "Chaque musée compte pour un : pour chaque groupe, la médiane et les quartiles des valeurs des autres musées qui "
    "ont des données Web pour {year}, votre musée exclu.",
    "Each museum counts once: for each group, the median and quartiles of the values of the other museums with web "
    "data for {year}, your museum left out.",
)
PEER_GROUP_TIGHT = T(
    "{indicator} · {group} ({n}) : médiane de {median}, la moitié des musées à {q1} (arrondi){own}.",
    "{indicator} · {group} ({n}): median {median}, half of the museums at {q1} (rounded){own}.",
)
PEER_GROUP = T(
    "{indicator} · {group} ({n}) : médiane de {median}, la moitié des musées entre {q1} et {q3}{own}.",
    "{indicator} · {group} ({n}): median {median}, half of the museums between {q1} and {q3}{own}.",
)
PEER_OWN = T(" ; votre musée, à {value}, se situe {position}", "; your museum, at {value}, stands {position}")
PEER_OWN_NONE = T(" ; votre musée n'a pas cette valeur pour {year}", "; your museum has no such value for {year}")
PEER_WITHHELD = T(
    "{indicator} · groupes non publiés (moins de {min} autres musées avec cette valeur pour {year}) : {groups}.",
    "{indicator} · groups not published (fewer than {min} other museums with this value for {year}): {groups}.",
)
NO_PEERS = T(
    "Aucun groupe de comparaison ne compte au moins {min} autres musées avec des données Web pour {year} : la "
    "comparaison n'est pas publiée.",
    "No peer group has at least {min} other museums with web data for {year}: the comparison is not published.",
)


def _peer_value(value: float, indicator: str, lang: str) -> str:
    return pct(value, lang) if PERCENT[indicator] else format_number(value, 0, lang)


def peers(result: PeerResults, lang: str = "fr") -> Narrative:
    from ... import benchmark

    paragraphs = [PEER_LEAD.format(year=result.year)(lang)]
    any_shown = False
    for indicator in INDICATORS:
        name = capitalize_first(labels.INDICATORS[indicator](lang))
        withheld = []
        for comparison in result.comparisons[indicator]:
            bench = comparison.benchmark
            group = comparison.group.label(lang)
            if not bench.available:
                withheld.append(group)
                continue
            any_shown = True
            own_value = result.own.get(indicator, math.nan)
            if bench.position is not None:
                printed = [
                    float(_peer_value(v, indicator, "en").rstrip("%").replace(",", ""))
                    for v in (bench.own_value, bench.q1, bench.q3)
                ]
                own = PEER_OWN.format(
                    value=_peer_value(bench.own_value, indicator, lang),
                    position=benchmark.POSITIONS[benchmark.position(*printed)](lang),
                )(lang)
            else:
                own = PEER_OWN_NONE.format(year=result.year)(lang) if own_value != own_value else ""
            tight = _peer_value(bench.q1, indicator, lang) == _peer_value(bench.q3, indicator, lang)
            paragraphs.append(
                (PEER_GROUP_TIGHT if tight else PEER_GROUP).format(
                    indicator=name,
                    group=group,
                    n=count_noun(bench.n_museums, OTHER_MUSEUMS, lang),
                    median=_peer_value(bench.median, indicator, lang),
                    q1=_peer_value(bench.q1, indicator, lang),
                    q3=_peer_value(bench.q3, indicator, lang),
                    own=own,
                )(lang)
            )
        if withheld and any(c.benchmark.available for c in result.comparisons[indicator]):
            paragraphs.append(
                PEER_WITHHELD.format(
                    indicator=name, min=privacy.MIN_PEER_MUSEUMS, year=result.year, groups=join_words(withheld, lang)
                )(lang)
            )
    if not any_shown:
        return _narrative([NO_PEERS.format(min=privacy.MIN_PEER_MUSEUMS, year=result.year)(lang)], lang)
    return _narrative(paragraphs, lang)
