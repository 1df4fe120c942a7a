"""Demo aggregated web reports: GA4 interface CSV downloads (ga4-ui), GA4 Data API runReport JSON
(ga4-api) and Universal Analytics exports (ua), written from the museum's daily traffic model.

Shapes follow the real exports (docs/ARCHITECTURE.md « Web analytics »): GA4 CSV with its `#`
block (a no-break space before the colons in French), CRLF, no final newline, raw numbers; GA4
interface sessions and users are HyperLogLog estimates, so a report by channel or page sums to the day
series within ±1-2 %; API values are strings with typed headers, RESERVED_TOTAL totals, a two-range
response and a thresholded one with an `(other)` row; UA numbers are written in the interface's
locale (« 1 234 », « 45,20 % », « 00:01:23 », « 0,00 $ » / "2,533", 45.20%), a totals row with an empty
dimension cell, and the Day Index table after the main one.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from .manifest import DemoMuseum, ManifestEntry
from .web_files import (
    CHANNEL_MIX,
    WebPlan,
    daily_traffic,
    month_end,
    month_starts,
    periods_by_year,
    web_rng,
)
from .writers import write_xlsx

NBSP = "\u00a0"
CHANNELS_FR = {
    "Organic Search": "Recherche naturelle",
    "Direct": "Direct",
    "Organic Social": "Réseaux sociaux naturels",
    "Referral": "Site référent",
    "Email": "E-mail",
    "Paid Search": "Recherche payante",
    "Unassigned": "Non attribué",
    "Paid Social": "Réseaux sociaux payants",
    "Display": "Display",
    "Organic Video": "Vidéo naturelle",
}
UA_CHANNELS = {  # UA's Default Channel Grouping shares (its own rules: Social, (Other))
    "Organic Search": 0.47,
    "Direct": 0.22,
    "Social": 0.12,
    "Referral": 0.11,
    "Email": 0.04,
    "Paid Search": 0.03,
    "(Other)": 0.01,
}
LANDING = (
    ("/", 0.30),
    ("/billets", 0.13),
    ("/horaires", 0.12),
    ("/fr/expositions/exposition-principale", 0.12),
    ("/activites/ateliers-familles", 0.07),
    ("/en/", 0.05),
    ("/infolettre?utm_source=infolettre&utm_medium=email&utm_campaign=infolettre-mensuelle", 0.05),
    ("/?fbclid=IwAR2demo", 0.05),
    ("/infolettre/merci?email=marie.tremblay@exemple.ca", 0.01),  # personal data the store must not keep
    ("/fr/groupes-scolaires", 0.04),
    ("(not set)", 0.06),
)
EVENTS = (("page_view", 2.2), ("session_start", 1.0), ("user_engagement", 0.9), ("first_visit", 0.7),
          ("scroll", 0.4), ("click", 0.06), ("sign_up", 0.01))  # fmt: skip

# GA4 interface labels: (French, English)
GA4_LABELS = {
    "account": ("Compte", "Account"),
    "property": ("Propriété", "Property"),
    "segment": ("Tous les utilisateurs", "All Users"),
    "start": ("Date de début", "Start date"),
    "end": ("Date de fin", "End date"),
    "acquisition": ("Acquisition de trafic", "Traffic acquisition"),
    "landing_report": ("Page de destination", "Landing page"),
    "pages_report": ("Pages et écrans", "Pages and screens"),
    "events_report": ("Événements", "Events"),
    "date": ("Date", "Date"),
    "channel": ("Groupe de canaux principal de la session (Groupe de canaux par défaut)",
                "Session primary channel group (Default Channel Group)"),
    "landing": ("Page de destination + chaîne de requête", "Landing page + query string"),
    "page": ("Chemin de la page et classe de l'écran", "Page path and screen class"),
    "event": ("Nom de l'événement", "Event name"),
    "sessions": ("Sessions", "Sessions"),
    "engaged_sessions": ("Sessions avec engagement", "Engaged sessions"),
    "engagement_rate": ("Taux d'engagement", "Engagement rate"),
    "active_users": ("Utilisateurs actifs", "Active users"),
    "new_users": ("Nouveaux utilisateurs", "New users"),
    "total_users": ("Nombre total d'utilisateurs", "Total users"),
    "views": ("Vues", "Views"),
    "event_count": ("Nombre d'événements", "Event count"),
    "key_events": ("Événements clés", "Key events"),
}  # fmt: skip
FILE_NAMES = {
    "date": ("Acquisition_de_trafic_Date", "Traffic_acquisition_Date"),
    "channel": ("Acquisition_de_trafic_Groupe_de_canaux_principal_de_la_session",
                "Traffic_acquisition_Session_primary_channel_group_(Default_Channel_Group)"),
    "landing": ("Page_de_destination_Page_de_destination_et_chaine_de_requete", "Landing_page_Landing_page_query_string"),
    "page": ("Pages_et_ecrans_Chemin_de_la_page_et_classe_de_l_ecran", "Pages_and_screens_Page_path_and_screen_class"),
    "event": ("Evenements_Nom_de_l_evenement", "Events_Event_name"),
}  # fmt: skip


def _label(key: str, lang: str) -> str:
    return GA4_LABELS[key][0 if lang == "fr" else 1]


def _split(rng: np.random.Generator, total: int, shares: dict[str, float]) -> dict[str, int]:
    """`total` split over the keys of `shares` (a multinomial draw around the shares)."""
    p = np.array(list(shares.values()), dtype=float)
    p = rng.dirichlet(p / p.sum() * 400)
    return dict(zip(shares, (int(v) for v in rng.multinomial(max(total, 0), p))))


def _estimate(rng: np.random.Generator, value: float) -> int:
    """An interface figure for a count: HyperLogLog-like, off by ±1-2 %."""
    return int(round(value * (1 + rng.choice((-1, 1)) * rng.uniform(0.01, 0.02))))


# --- GA4 interface CSV ---------------------------------------------------------------------------------


def _ga4_block(lang: str, title: str, account: str, prop: str, start: date, end: date) -> list[str]:
    colon = f"{NBSP}:" if lang == "fr" else ":"
    return [
        "# ----------------------------------------",
        f"# {title}",
        f"# {_label('account', lang)}{colon} {account}",
        f"# {_label('property', lang)}{colon} {prop}",
        "# ----------------------------------------",
        "# ",
        f"# {_label('segment', lang)}",
        f"# {_label('start', lang)}{colon} {start:%Y%m%d}",
        f"# {_label('end', lang)}{colon} {end:%Y%m%d}",
    ]


def _csv_line(cells: list) -> str:
    out = []
    for cell in cells:
        text = _number(cell) if isinstance(cell, (int, float, np.integer, np.floating)) else str(cell)
        out.append(f'"{text}"' if ("," in text or '"' in text) else text)
    return ",".join(out)


def _number(value) -> str:
    if isinstance(value, (float, np.floating)) and not float(value).is_integer():
        return repr(round(float(value), 10))
    return str(int(value))


def _write_ga4_csv(path: Path, tables: list[tuple[list[str], list[str], list[list]]]) -> None:
    """# block, header and rows of each table; tables separated by a blank line; CRLF, no final newline."""
    chunks = []
    for block, header, rows in tables:
        chunks.append("\r\n".join([*block, _csv_line(header), *(_csv_line(r) for r in rows)]))
    path.write_bytes("\r\n\r\n".join(chunks).encode("utf-8"))


def write_ga4_ui(demo: DemoMuseum, plan: WebPlan) -> list[ManifestEntry]:
    """Per calendar year (or part-year): the « Date » series, channels, landing pages, pages and events;
    vents-sales adds a reports snapshot and a re-download named ` (1)`; engrenages' first year uses the
    older column names and carries a totals row."""
    lang, start, end = plan.ga4_ui
    rng = web_rng(demo, "ga4-ui")
    traffic = daily_traffic(demo, plan, start, end)
    account, prop = demo.museum.name, f"{demo.museum.web.site_domains[0]} - GA4"
    museum = demo.museum.id
    entries = []

    def block(key: str, dim: str, first: date, last: date) -> list[str]:
        report = _label(key, lang) if key in GA4_LABELS else key
        colon = f"{NBSP}:" if lang == "fr" else ":"
        return _ga4_block(lang, f"{report}{colon} {_label(dim, lang)}", account, prop, first, last)

    def name(kind: str, first: date, last: date, suffix: str = "") -> Path:
        stem = FILE_NAMES[kind][0 if lang == "fr" else 1]
        span = f"{first:%Y%m%d}-{last:%Y%m%d}"
        return demo.folder / f"{stem}_{span}{suffix}.csv"

    def emit(path: Path, tables) -> None:
        _write_ga4_csv(path, tables)
        entries.append(ManifestEntry("ga4-ui", path, museum, None, None))

    def date_series(first: date, last: date) -> None:
        days = traffic[(traffic["date"] >= first) & (traffic["date"] <= last)]
        metrics = ("sessions", "engaged_sessions", "engagement_rate", "active_users", "new_users", "views",
                   "event_count", "key_events")  # fmt: skip
        header = [_label("date", lang), *(_label(m, lang) for m in metrics)]
        rows = [
            [f"{d:%Y%m%d}", r.sessions, r.engaged_sessions, r.engaged_sessions / r.sessions if r.sessions else 0,
             r.active_users, r.new_users, r.views, r.event_count, r.key_events]
            for d, r in zip(days["date"], days.itertuples())
        ]  # fmt: skip
        emit(name("date", first, last), [(block("acquisition", "date", first, last), header, rows)])

    # the « Date » series: one download per year for the default museum, one for the whole period elsewhere
    per_year = museum == "musee-des-brumes"
    if not per_year:
        date_series(start, end)
    for first, last in periods_by_year(start, end):
        days = traffic[(traffic["date"] >= first) & (traffic["date"] <= last)]
        older = museum == "centre-des-engrenages" and first.year == 2022  # column names before 2024
        key_label = "Conversions" if older else _label("key_events", lang)
        if per_year:
            date_series(first, last)
        if first.year < end.year - 1 and not older:  # channels: the last two years (and engrenages' 2022 file)
            continue
        totals = {c: int(days[c].sum()) for c in ("sessions", "engaged_sessions", "active_users", "views")}
        totals["event_count"], totals["key_events"] = int(days["event_count"].sum()), int(days["key_events"].sum())
        channel_sessions = _split(rng, _estimate(rng, totals["sessions"]), CHANNEL_MIX)
        channel_label = "Session default channel group" if older else _label("channel", lang)
        rows = []
        for channel, sessions in channel_sessions.items():
            engaged = int(round(sessions * totals["engaged_sessions"] / max(totals["sessions"], 1)))
            shown = CHANNELS_FR[channel] if lang == "fr" else channel
            rows.append([shown, sessions, engaged, engaged / sessions if sessions else 0,
                         int(round(sessions * 6.1)), int(round(sessions * 0.03))])  # fmt: skip
        header = [channel_label, *(_label(m, lang) for m in ("sessions", "engaged_sessions", "engagement_rate",
                                                               "event_count")), key_label]  # fmt: skip
        if museum == "centre-des-engrenages" and first.year == 2022:  # this download has a totals row
            total = [sum(r[i] for r in rows) for i in (1, 2)]
            rows.insert(0, ["Total", total[0], total[1], total[1] / total[0], sum(r[4] for r in rows),
                            sum(r[5] for r in rows)])  # fmt: skip
        emit(name("channel", first, last), [(block("acquisition", "channel", first, last), header, rows)])

        if last != end:  # pages, landing pages and events: the latest year only
            continue
        landing = dict(LANDING) if museum == "musee-des-brumes" else {k: v for k, v in LANDING if "email=" not in k}
        split = _split(rng, _estimate(rng, totals["sessions"]), landing)
        header = [_label("landing", lang), *(_label(m, lang) for m in ("sessions", "active_users", "new_users")),
                  key_label]  # fmt: skip
        rows = [[path, s, int(s * 0.84), int(s * 0.6), int(s * 0.03)] for path, s in split.items()]
        emit(name("landing", first, last), [(block("landing_report", "landing", first, last), header, rows)])

        pages = {k.split("?")[0]: v for k, v in LANDING if k != "(not set)" and "email=" not in k}
        split = _split(rng, totals["views"], pages)
        header = [_label("page", lang), _label("views", lang), _label("active_users", lang)]
        rows = [[path, v, int(v * 0.55)] for path, v in split.items()]
        emit(name("page", first, last), [(block("pages_report", "page", first, last), header, rows)])

        counts = {e: int(round(totals["sessions"] * k)) for e, k in EVENTS}
        header = [_label("event", lang), _label("event_count", lang), _label("total_users", lang), key_label]
        rows = [[e, c, int(c / max(k, 0.01) * 0.8) if k < 1 else int(totals["active_users"]),
                 c if e == "sign_up" else 0] for (e, k), c in zip(EVENTS, counts.values())]  # fmt: skip
        emit(name("event", first, last), [(block("events_report", "event", first, last), header, rows)])

    if museum == "maison-des-vents-sales":
        entries += _vents_sales_extras(demo, plan, rng, traffic, account, prop)
    return entries


def _vents_sales_extras(demo, plan, rng, traffic, account, prop) -> list[ManifestEntry]:
    """A « Instantané des rapports » download (several tables, one empty, a ragged retention card with -1)
    and a channel report downloaded again later under the same name plus ` (1)`."""
    lang = "fr"
    first, last = date(2026, 10, 1), date(2026, 10, 31)
    october = traffic[(traffic["date"] >= first) & (traffic["date"] <= last)]
    colon = f"{NBSP}:"
    users = int(october["active_users"].sum())
    countries = _split(rng, _estimate(rng, users), {"Canada": 0.9, "United States": 0.05, "France": 0.05})
    channels = _split(rng, _estimate(rng, int(october["sessions"].sum())), CHANNEL_MIX)
    tables = [
        (_ga4_block(lang, f"Utilisateurs actifs par Pays{colon}", account, prop, first, last),
         ["Pays", "Utilisateurs actifs"], [[k, v] for k, v in countries.items()]),
        (_ga4_block(lang, f"Sessions par Groupe de canaux principal de la session{colon}", account, prop, first, last),
         [_label("channel", lang), "Sessions"], [[CHANNELS_FR[k], v] for k, v in channels.items()]),
        (_ga4_block(lang, f"Événements clés par Nom de l'événement{colon}", account, prop, first, last),
         [_label("event", lang), _label("key_events", lang)], []),
        (_ga4_block(lang, "Rétention des utilisateurs par cohorte", account, prop, date(2026, 9, 27), last),
         ["Cohorte", "Semaine 0", "Semaine 1", "Semaine 2", "Semaine 3", "Semaine 4"],
         [["27 sept. - 3 oct.", 1, 0.061, 0.032, 0.018, -1], ["4 oct. - 10 oct.", 1, 0.055, 0.027],
          ["11 oct. - 17 oct.", 1, 0.049], ["18 oct. - 24 oct.", 1, -1]]),
    ]  # fmt: skip
    path = demo.folder / "Instantané_des_rapports.csv"
    _write_ga4_csv(path, tables)
    entries = [ManifestEntry("ga4-ui", path, demo.museum.id, None, None)]
    # the 2026 channel report downloaded in September (January to August), then again later: ' (1)'
    first, last = date(2026, 1, 1), date(2026, 8, 31)
    part = traffic[(traffic["date"] >= first) & (traffic["date"] <= last)]
    split = _split(rng, _estimate(rng, int(part["sessions"].sum())), CHANNEL_MIX)
    header = [_label("channel", lang), "Sessions", _label("engaged_sessions", lang)]
    rows = [[CHANNELS_FR[k], v, int(v * 0.62)] for k, v in split.items()]
    title = f"{_label('acquisition', lang)}{colon} {_label('channel', lang)}"
    path = demo.folder / f"{FILE_NAMES['channel'][0]} (1).csv"
    _write_ga4_csv(path, [(_ga4_block(lang, title, account, prop, first, last), header, rows)])
    entries.append(ManifestEntry("ga4-ui", path, demo.museum.id, None, None))
    return entries


# --- GA4 Data API JSON ---------------------------------------------------------------------------------

API_METRICS = (("sessions", "TYPE_INTEGER"), ("engagedSessions", "TYPE_INTEGER"), ("activeUsers", "TYPE_INTEGER"),
               ("newUsers", "TYPE_INTEGER"), ("screenPageViews", "TYPE_INTEGER"), ("eventCount", "TYPE_INTEGER"),
               ("keyEvents", "TYPE_INTEGER"), ("engagementRate", "TYPE_FLOAT"),
               ("userEngagementDuration", "TYPE_SECONDS"))  # fmt: skip
API_COLUMNS = ("sessions", "engaged_sessions", "active_users", "new_users", "views", "event_count", "key_events")


def _api_value(value) -> str:
    if isinstance(value, (float, np.floating)) and not float(value).is_integer():
        return repr(round(float(value), 9))
    return str(int(value))


def _api_response(dimensions, metrics, rows, totals, metadata, row_count=None) -> dict:
    def row(dims, values):
        return {
            "dimensionValues": [{"value": d} for d in dims],
            "metricValues": [{"value": _api_value(v)} for v in values],
        }

    return {
        "dimensionHeaders": [{"name": d} for d in dimensions],
        "metricHeaders": [{"name": m, "type": t} for m, t in metrics],
        "rows": [row(d, v) for d, v in rows],
        "totals": [row(["RESERVED_TOTAL"] * len(dimensions), totals)],
        "rowCount": len(rows) if row_count is None else row_count,
        "metadata": {"currencyCode": "CAD", "timeZone": "America/Toronto", **metadata},
        "kind": "analyticsData#runReport",
    }


def _write_json(path: Path, document: dict) -> None:
    path.write_bytes(json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")


def write_ga4_api(demo: DemoMuseum, plan: WebPlan) -> list[ManifestEntry]:
    """Per year: a daily series by date and sessions by month × channel; plus a 2026-vs-2025 channel
    comparison (two date ranges) and a thresholded landing-page report with an `(other)` row."""
    start, end = plan.ga4_api
    rng = web_rng(demo, "ga4-api")
    traffic = daily_traffic(demo, plan, start, end)
    entries = []
    museum = demo.museum.id

    def emit(path: Path, document: dict) -> None:
        _write_json(path, document)
        entries.append(ManifestEntry("ga4-api", path, museum, None, None))

    # the daily series and the sessions by month × channel, each for the whole period (one response)
    rows = []
    for r in traffic.itertuples():
        values = [getattr(r, c) for c in API_COLUMNS]
        rate = r.engaged_sessions / r.sessions if r.sessions else 0
        rows.append(([f"{r.date:%Y%m%d}"], [*values, rate, r.user_engagement_duration]))
    sums = [int(traffic[c].sum()) for c in API_COLUMNS]
    totals = [*sums[:2], _estimate(rng, sums[2]), *sums[3:], sums[1] / max(sums[0], 1),
              float(traffic["user_engagement_duration"].sum())]  # fmt: skip
    emit(demo.folder / "runReport_date.json", _api_response(["date"], API_METRICS, rows, totals, {}))

    rows = []
    for month in month_starts(start, end):
        part = traffic[(traffic["date"] >= month) & (traffic["date"] <= month_end(month))]
        split = _split(rng, _estimate(rng, int(part["sessions"].sum())), CHANNEL_MIX)
        rows += [([f"{month:%Y%m}", c], [s, int(s * 0.63)]) for c, s in split.items() if s]
    metrics = (("sessions", "TYPE_INTEGER"), ("engagedSessions", "TYPE_INTEGER"))
    totals = [sum(r[1][0] for r in rows), sum(r[1][1] for r in rows)]
    document = _api_response(["yearMonth", "sessionPrimaryChannelGroup"], metrics, rows, totals, {})
    emit(demo.folder / "runReport_channels_by_month.json", document)

    # two date ranges (January-November 2026 and the same months of 2025) by month and channel: each
    # month × channel comes once per range, zero in the range that does not hold it; rowCount counts
    # the dimension combinations, not the rows
    ranges = ((date(2026, 1, 1), date(2026, 11, 30)), (date(2025, 1, 1), date(2025, 11, 30)))
    rows = []
    for k, (a, b) in enumerate(ranges):
        for month in month_starts(a, b):
            part = traffic[(traffic["date"] >= month) & (traffic["date"] <= month_end(month))]
            split = _split(rng, _estimate(rng, int(part["sessions"].sum())), CHANNEL_MIX)
            for channel, sessions in split.items():
                for j in (0, 1):
                    rows.append(([f"{month:%Y%m}", channel, f"date_range_{j}"], [sessions if j == k else 0]))
    totals = [sum(r[1][0] for r in rows)]
    dims = ["yearMonth", "sessionDefaultChannelGroup", "dateRange"]
    document = _api_response(dims, (("sessions", "TYPE_INTEGER"),), rows, totals, {}, row_count=len(rows) // 2)
    emit(demo.folder / "runReport_channels_2026_vs_2025.json", document)

    # thresholded landing pages for 2025 with an (other) row
    first, last = date(2025, 1, 1), date(2025, 12, 31)
    total = _estimate(rng, int(traffic[(traffic["date"] >= first) & (traffic["date"] <= last)]["sessions"].sum()))
    landing = {k: v for k, v in LANDING if "email=" not in k} | {"(other)": 0.04}
    split = _split(rng, total, landing)
    rows = [([path], [s, int(s * 0.84)]) for path, s in split.items()]
    metrics = (("sessions", "TYPE_INTEGER"), ("activeUsers", "TYPE_INTEGER"))
    metadata = {"subjectToThresholding": True, "dataLossFromOtherRow": True}
    totals = [sum(r[1][0] for r in rows), _estimate(rng, sum(r[1][1] for r in rows))]
    document = _api_response(["landingPagePlusQueryString"], metrics, rows, totals, metadata, row_count=len(rows))
    # no date dimension: the script that called the API saved the request with the response
    request = {"dateRanges": [{"startDate": f"{first}", "endDate": f"{last}"}], "limit": "10000"}
    emit(demo.folder / "runReport_landing_pages_2025.json", {"request": request, "response": document})
    return entries


# --- Universal Analytics -------------------------------------------------------------------------------

UA_LABELS = {  # (French, English)
    "all_data": ("Toutes les données de site Web", "All Web Site Data"),
    "channels": ("Canaux", "Channels"),
    "landing": ("Pages de destination", "Landing Pages"),
    "overview": ("Vue d'ensemble de l'audience", "Audience Overview"),
    "channel": ("Default Channel Grouping", "Default Channel Grouping"),
    "landing_page": ("Page de destination", "Landing Page"),
    "month": ("Mois de l'année", "Month of Year"),
    "day_index": ("Index des jours", "Day Index"),
    "users": ("Utilisateurs", "Users"),
    "new_users": ("Nouveaux utilisateurs", "New Users"),
    "sessions": ("Sessions", "Sessions"),
    "bounce_rate": ("Taux de rebond", "Bounce Rate"),
    "pages_per_session": ("Pages/session", "Pages / Session"),
    "duration": ("Durée moyenne des sessions", "Avg. Session Duration"),
    "pageviews": ("Pages vues", "Pageviews"),
    "goal_completions": ("Objectifs réalisés", "Goal Completions"),
    "revenue": ("Revenu", "Revenue"),
}


def _ua(key: str, lang: str) -> str:
    return UA_LABELS[key][0 if lang == "fr" else 1]


class _UaFormat:
    """Numbers as the UA interface writes them in one locale (CSV), or raw (XLSX cells)."""

    def __init__(self, lang: str, raw: bool):
        self.lang, self.raw = lang, raw

    def count(self, value):
        if self.raw:
            return int(value)
        return f"{int(value):,}".replace(",", NBSP if self.lang == "fr" else ",")

    def rate(self, value):
        if self.raw:
            return round(float(value), 4)
        text = f"{value * 100:.2f}"
        return f"{text.replace('.', ',')}{NBSP}%" if self.lang == "fr" else f"{text}%"

    def ratio(self, value):
        if self.raw:
            return round(float(value), 2)
        return f"{value:.2f}".replace(".", ",") if self.lang == "fr" else f"{value:.2f}"

    def duration(self, seconds):
        if self.raw:
            return round(float(seconds), 2)
        s = int(round(seconds))
        return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"

    def money(self, value):
        if self.raw:
            return float(value)
        return f"{value:.2f}".replace(".", ",") + f"{NBSP}$" if self.lang == "fr" else f"${value:,.2f}"

    def day(self, d: date) -> str:
        return f"{d:%d/%m/%y}" if self.lang == "fr" else f"{d.month}/{d.day}/{d:%y}"


def _ua_summary(fmt: _UaFormat, sessions, users, new_users, bounces, pageviews, duration, goals) -> list:
    return [
        fmt.count(users), fmt.count(new_users), fmt.count(sessions), fmt.rate(bounces / sessions if sessions else 0),
        fmt.ratio(pageviews / sessions if sessions else 0), fmt.duration(duration / sessions if sessions else 0),
        fmt.count(pageviews), fmt.count(goals),
    ]  # fmt: skip


UA_METRIC_KEYS = ("users", "new_users", "sessions", "bounce_rate", "pages_per_session", "duration", "pageviews",
                  "goal_completions")  # fmt: skip


def _write_ua_csv(path: Path, block: list[str], tables: list[tuple[list[str], list[list]]]) -> None:
    lines = [*block, ""]
    for index, (header, rows) in enumerate(tables):
        if index:
            lines.append("")
        lines.append(_csv_line(header))
        lines += [_csv_line(r) for r in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))


def write_ua(demo: DemoMuseum, plan: WebPlan) -> list[ManifestEntry]:
    """Per year: channels (with the Day Index table after it for the day-index museum) and landing pages;
    for the other museums one Audience Overview by Month of Year for the whole period."""
    kind, lang, start, end = plan.ua
    rng = web_rng(demo, "ua")
    traffic = daily_traffic(demo, plan, start, end)
    fmt = _UaFormat(lang, raw=kind == "xlsx")
    view = f"{demo.museum.name} - {_ua('all_data', lang)}"
    museum = demo.museum.id
    entries = []

    def emit(report: str, first: date, last: date, tables: list[tuple[list[str], list[list]]]) -> None:
        span = f"{first:%Y%m%d}-{last:%Y%m%d}"
        block = ["# ----------------------------------------", f"# {view}", f"# {_ua(report, lang)}", f"# {span}",
                 "# ----------------------------------------"]  # fmt: skip
        path = demo.folder / f"Analytics {demo.museum.name} {_ua(report, lang)} {span}.{kind}"
        if kind == "csv":
            _write_ua_csv(path, block, tables)
        else:
            # the Excel export: the '#' lines on a first sheet, each table on its own sheet
            names = [f"Dataset{i + 1}" if lang == "en" else f"Ensemble de données{i + 1}" for i in range(len(tables))]
            sheets = [("Summary" if lang == "en" else "Résumé", [block[0]], [[line] for line in block[1:]])]
            sheets += [(n, header, rows) for n, (header, rows) in zip(names, tables)]
            write_xlsx(path, sheets)
        entries.append(ManifestEntry("ua", path, museum, None, None))

    def totals(part: pd.DataFrame) -> list:
        return _ua_summary(fmt, *(int(part[c].sum()) for c in ("ua_sessions", "ua_users", "ua_new_users",
                                                               "ua_bounces", "ua_pageviews", "ua_duration",
                                                               "goal_completions")))  # fmt: skip

    # the monthly audience overview, for every UA museum (page views travel best across the break)
    rows = []
    for month in month_starts(start, end):
        part = traffic[(traffic["date"] >= month) & (traffic["date"] <= month_end(month))]
        rows.append([f"{month:%Y%m}", *totals(part)])
    rows.append(["", *totals(traffic)])  # the totals row: dimension cell empty
    emit("overview", start, end, [([_ua("month", lang), *(_ua(k, lang) for k in UA_METRIC_KEYS)], rows)])

    for first, last in periods_by_year(start, end):
        if first.year < 2022 and not plan.ua_day_index:  # channels by year: the last two years sent
            continue
        part = traffic[(traffic["date"] >= first) & (traffic["date"] <= last)]
        sessions = _split(rng, int(part["ua_sessions"].sum()), UA_CHANNELS)
        share = {c: s / max(int(part["ua_sessions"].sum()), 1) for c, s in sessions.items()}
        rows = []
        for channel, s in sessions.items():
            scaled = {c: int(round(part[c].sum() * share[channel])) for c in
                      ("ua_users", "ua_new_users", "ua_bounces", "ua_pageviews", "ua_duration", "goal_completions")}  # fmt: skip
            rows.append([channel, *_ua_summary(fmt, s, scaled["ua_users"], scaled["ua_new_users"], scaled["ua_bounces"],
                                               scaled["ua_pageviews"], scaled["ua_duration"],
                                               scaled["goal_completions"])])  # fmt: skip
        rows.append(["", *totals(part)])
        tables = [([_ua("channel", lang), *(_ua(k, lang) for k in UA_METRIC_KEYS)], rows)]
        if plan.ua_day_index:
            day_rows = [[fmt.day(d), fmt.count(s)] for d, s in zip(part["date"], part["ua_sessions"])]
            tables.append(([_ua("day_index", lang), _ua("sessions", lang)], day_rows))
        emit("channels", first, last, tables)

        if first.year != 2022:  # landing pages: 2022 only
            continue
        landing = dict(LANDING) if museum == "musee-des-brumes" else {k: v for k, v in LANDING if "email=" not in k}
        split = _split(rng, int(part["ua_sessions"].sum()), landing)
        rows = [[path, fmt.count(s), fmt.count(int(s * 0.7)), fmt.rate(rng.uniform(0.4, 0.6)),
                 fmt.ratio(rng.uniform(1.8, 2.6)), fmt.duration(rng.uniform(60, 120))] for path, s in split.items()]  # fmt: skip
        rows.append(["", fmt.count(int(part["ua_sessions"].sum())), fmt.count(int(part["ua_new_users"].sum())),
                     fmt.rate(part["ua_bounces"].sum() / max(part["ua_sessions"].sum(), 1)), fmt.ratio(2.2),
                     fmt.duration(part["ua_duration"].sum() / max(part["ua_sessions"].sum(), 1))])  # fmt: skip
        header = [_ua("landing_page", lang), _ua("sessions", lang), _ua("new_users", lang), _ua("bounce_rate", lang),
                  _ua("pages_per_session", lang), _ua("duration", lang)]  # fmt: skip
        emit("landing", first, last, [(header, rows)])
    return entries
