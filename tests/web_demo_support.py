"""An independent reader of the raw demo web files, for the web recomputation tests.

Pure Python (json, gzip, csv, openpyxl) and DuckDB only as a plain Parquet reader: nothing here
imports smq_analytics's readers or SQL. It recounts, from the files the demo wrote, GA4 sessions
(sessionised by hand: user_pseudo_id × ga_session_id × stream, consent-mode rows left out, the daily
export winning over the intraday one and the later load over the earlier one for a date, identical
duplicated events counted once), engaged sessions, channel groups (Google's published default rules,
written again here), key events, and the monthly sessions of the GA4 interface CSVs, the GA4 Data API
JSON and the UA exports.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# --- GA4 raw events ------------------------------------------------------------------------------------


def _value(value: dict | None):
    """An event parameter's value: the member that is set (int_value may be a JSON string)."""
    if not value:
        return None
    for member in ("string_value", "int_value", "double_value", "float_value"):
        got = value.get(member)
        if got is not None:
            return int(got) if member == "int_value" else got
    return None


def _records(path: Path) -> list[dict]:
    if path.suffix == ".parquet":
        import duckdb

        con = duckdb.connect()
        try:
            cursor = con.execute("SELECT * FROM read_parquet(?)", [str(path)])
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]
        finally:
            con.close()
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass(frozen=True)
class Event:
    file: str
    intraday: bool
    event_date: str  # YYYY-MM-DD
    timestamp: int
    name: str
    user: str | None
    session_id: int | None
    stream: str
    params: dict
    last_click: tuple | None
    collected: tuple | None

    @property
    def key(self) -> tuple:
        """What makes two records the same event (a duplicate delivered twice)."""
        return (self.stream, self.user, self.session_id, self.name, self.timestamp, tuple(sorted(self.params.items())))


def read_ga4_file(path: Path) -> list[Event]:
    """The events of one export file (read once per file version: cached on path, size and mtime)."""
    stat = path.stat()
    return list(_read_ga4_file(path, stat.st_size, stat.st_mtime_ns))


@lru_cache(maxsize=256)
def _read_ga4_file(path: Path, size: int, mtime: int) -> tuple[Event, ...]:
    events = []
    for record in _records(path):
        params = {p["key"]: _value(p["value"]) for p in record.get("event_params") or []}
        last = (record.get("session_traffic_source_last_click") or {}).get("manual_campaign") or {}
        collected = record.get("collected_traffic_source") or {}
        day = str(record["event_date"])
        events.append(
            Event(
                file=path.name,
                intraday=path.name.startswith("events_intraday_"),
                event_date=f"{day[:4]}-{day[4:6]}-{day[6:]}",
                timestamp=int(record["event_timestamp"]),
                name=record["event_name"],
                user=record.get("user_pseudo_id"),
                session_id=params.get("ga_session_id"),
                stream=str(record.get("stream_id")),
                params=params,
                last_click=(last.get("source"), last.get("medium"), last.get("campaign_name"))
                if last.get("source")
                else None,
                collected=(
                    collected.get("manual_source"),
                    collected.get("manual_medium"),
                    collected.get("manual_campaign_name"),
                )
                if collected.get("manual_source")
                else None,
            )
        )
    return tuple(events)


def winning_events(paths_in_load_order: list[Path]) -> list[Event]:
    """The events that count: for each date, those of one file only — a daily export before an intraday
    one, then the file loaded last — and each duplicated event once."""
    return list(_winning_events(tuple(paths_in_load_order)))


@lru_cache(maxsize=8)
def _winning_events(paths_in_load_order: tuple[Path, ...]) -> tuple[Event, ...]:
    by_file = [(path, read_ga4_file(path)) for path in paths_in_load_order]
    winner: dict[str, tuple[int, int]] = {}
    for order, (path, events) in enumerate(by_file):
        rank = (0 if path.name.startswith("events_intraday_") else 1, order)
        for day in {e.event_date for e in events}:
            if day not in winner or rank > winner[day]:
                winner[day] = rank
    kept, seen = [], set()
    for order, (path, events) in enumerate(by_file):
        for event in events:
            if winner[event.event_date][1] != order or event.key in seen:
                continue
            seen.add(event.key)
            kept.append(event)
    return tuple(kept)


# --- Google's default channel group (its published rules, written here independently) -------------------------

SEARCH = {"google", "bing", "duckduckgo", "yahoo", "baidu", "ecosia.org", "qwant.com", "search.yahoo.com"}
SOCIAL = {"facebook", "facebook.com", "l.facebook.com", "m.facebook.com", "lm.facebook.com", "instagram",
          "instagram.com", "l.instagram.com", "linkedin.com", "pinterest.com", "t.co", "twitter.com", "x.com"}  # fmt: skip
VIDEO = {"youtube", "youtube.com", "m.youtube.com", "vimeo.com"}
SHOPPING = {"shopping.google.com", "amazon.com", "ebay.com"}
PAID = re.compile(r"^(.*cp.*|ppc|retargeting|paid.*)$")
SHOP_CAMPAIGN = re.compile(r"^(.*(([^a-df-z]|^)shop|shopping).*)$")
EMAIL = re.compile(r"email|e-mail|e_mail|e mail")


def channel_group(source: str | None, medium: str | None, campaign: str | None) -> str:
    s, m, c = (source or "").lower(), (medium or "").lower(), (campaign or "").lower()
    paid = bool(PAID.match(m))
    shop = s in SHOPPING or bool(SHOP_CAMPAIGN.match(c))
    if (s == "(direct)" and m in ("(not set)", "(none)")) or (not s and not m):
        return "Direct"
    if "cross-network" in c:
        return "Cross-network"
    if shop and paid:
        return "Paid Shopping"
    if s in SEARCH and paid:
        return "Paid Search"
    if s in SOCIAL and paid:
        return "Paid Social"
    if s in VIDEO and paid:
        return "Paid Video"
    if m in ("display", "banner", "expandable", "interstitial", "cpm"):
        return "Display"
    if paid:
        return "Paid Other"
    if shop:
        return "Organic Shopping"
    if s in SOCIAL or m in ("social", "social-network", "social-media", "sm", "social network", "social media"):
        return "Organic Social"
    if s in VIDEO or "video" in m:
        return "Organic Video"
    if s in SEARCH or m == "organic":
        return "Organic Search"
    if m in ("referral", "app", "link"):
        return "Referral"
    if EMAIL.search(s) or EMAIL.search(m):
        return "Email"
    if m == "affiliate":
        return "Affiliates"
    if m == "audio":
        return "Audio"
    if s == "sms" or m == "sms":
        return "SMS"
    if m.endswith("push") or "mobile" in m or "notification" in m or s == "firebase":
        return "Mobile Push Notifications"
    return "Unassigned"


# --- sessions ----------------------------------------------------------------------------------------


def museum_web(museum_id: str) -> dict:
    """The museum's web: block, read from its parameters file."""
    document = yaml.safe_load((ROOT / "parameters" / "museums" / f"{museum_id}.yaml").read_text(encoding="utf-8"))
    return document.get("web") or {}


def is_key_event(event: Event, key_events: list[dict]) -> bool:
    for key in key_events:
        if key["event"] != event.name:
            continue
        domain = key.get("link_domain")
        link = str(event.params.get("link_domain") or "").lower()
        if domain and not (link == domain or link.endswith("." + domain)):
            continue
        return True
    return False


@dataclass
class Session:
    first: Event
    events: list[Event] = field(default_factory=list)

    @property
    def session_date(self) -> str:
        return self.first.event_date

    @property
    def engaged(self) -> bool:
        return any(str(e.params.get("session_engaged")) == "1" for e in self.events)

    def engaged_by_rules(self, seconds: int, key_events: list[dict]) -> bool:
        """GA4's definition: more than `seconds` of engagement, or a key event, or 2 page views."""
        time_ms = sum(int(e.params.get("engagement_time_msec") or 0) for e in self.events)
        views = sum(e.name == "page_view" for e in self.events)
        return time_ms >= seconds * 1000 or views >= 2 or any(is_key_event(e, key_events) for e in self.events)

    @property
    def traffic(self) -> tuple:
        """Source, medium, campaign: Google's session attribution when exported, else the first event
        that collected a source, else the first event's source parameters; (direct) otherwise."""
        ordered = sorted(self.events, key=lambda e: e.timestamp)
        for pick in (
            lambda e: e.last_click,
            lambda e: e.collected,
            lambda e: (
                (e.params["source"], e.params.get("medium"), e.params.get("campaign"))
                if e.params.get("source")
                else None
            ),
        ):
            for event in ordered:
                if pick(event):
                    return pick(event)
        return ("(direct)", "(none)", None)

    @property
    def channel(self) -> str:
        return channel_group(*self.traffic)


def sessions(events: list[Event]) -> list[Session]:
    """One session per stream × user_pseudo_id × ga_session_id; consent-mode events (no ids) left out."""
    grouped: dict[tuple, Session] = {}
    for event in sorted(events, key=lambda e: e.timestamp):
        if event.user is None or event.session_id is None:
            continue
        key = (event.stream, event.user, event.session_id)
        if key not in grouped:
            grouped[key] = Session(event)
        grouped[key].events.append(event)
    return list(grouped.values())


def demo_ga4_files(folder: Path, since: str = "") -> list[Path]:
    """A museum's GA4 export files in the demo's load order: the monthly shards by month (from the month
    `since`, 'YYYYMM', when given), then the re-delivered daily file, then the intraday file."""
    shards = sorted(p for p in folder.iterdir() if p.name.startswith("ga4_export_") and p.name[11:17] >= since)
    daily = sorted(p for p in folder.iterdir() if p.name.startswith("events_") and "intraday" not in p.name)
    intraday = sorted(p for p in folder.iterdir() if p.name.startswith("events_intraday_"))
    return shards + daily + intraday


@dataclass
class YearFigures:
    sessions: int
    engaged: int
    channels: dict[str, int]
    key_events: dict[str, int]


def year_figures(folder: Path, museum_id: str, year: int) -> YearFigures:
    """Sessions, engaged sessions, sessions by channel and key-event occurrences of one calendar year."""
    events = winning_events(demo_ga4_files(folder))
    web = museum_web(museum_id)
    keys = web.get("key_events") or [{"name": "achat", "event": "purchase"}]
    chosen = [s for s in sessions(events) if s.session_date.startswith(f"{year}-")]
    channels: dict[str, int] = defaultdict(int)
    for session in chosen:
        channels[session.channel] += 1
    occurrences: dict[str, int] = defaultdict(int)
    for event in events:
        if event.event_date.startswith(f"{year}-"):  # consent-mode events count too (no session)
            for key in keys:
                if is_key_event(event, [key]):
                    occurrences[key["name"]] += 1
    return YearFigures(len(chosen), sum(s.engaged for s in chosen), dict(channels), dict(occurrences))


# --- aggregated reports ---------------------------------------------------------------------------------

NBSP = "\u00a0"


def ga4_csv_tables(path: Path) -> list[tuple[list[str], list[str], list[list[str]]]]:
    """(# lines, header, rows) of each table of a GA4 interface CSV."""
    text = path.read_bytes().decode("utf-8")
    tables, comments, header, rows = [], [], None, []
    for cells in csv.reader(io.StringIO(text, newline="")):
        if not cells or not "".join(cells).strip():
            if header is not None:
                tables.append((comments, header, rows))
            comments, header, rows = [], None, []
            continue
        if cells[0].startswith("#"):
            if header is not None:
                tables.append((comments, header, rows))
                comments, header, rows = [], None, []
            comments.append(",".join(cells))
            continue
        if header is None:
            header = cells
        else:
            rows.append(cells)
    if header is not None:
        tables.append((comments, header, rows))
    return tables


def ga4_ui_daily_sessions(folder: Path) -> dict[str, float]:
    """Sessions by day (YYYY-MM-DD) from the « Date » series downloads of a museum."""
    out: dict[str, float] = {}
    for path in sorted(folder.glob("*.csv")):
        if not path.read_bytes().startswith(b"# ---") or path.name.startswith("Analytics "):
            continue  # not a GA4 download (attendance, surveys, UA exports)
        for _, header, rows in ga4_csv_tables(path):
            if header and header[0] == "Date" and "Sessions" in header:
                column = header.index("Sessions")
                for row in rows:
                    out[f"{row[0][:4]}-{row[0][4:6]}-{row[0][6:]}"] = float(row[column])
    return out


def by_month(daily: dict[str, float]) -> dict[str, float]:
    months: dict[str, float] = defaultdict(float)
    for day, value in daily.items():
        months[day[:7]] += value
    return dict(months)


def api_daily_sessions(folder: Path) -> dict[str, float]:
    """Sessions by day from the runReport responses with a date dimension (values are strings)."""
    out: dict[str, float] = {}
    for path in sorted(folder.glob("runReport_*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        response = document.get("response", document)
        dims = [h["name"] for h in response["dimensionHeaders"]]
        metrics = [h["name"] for h in response["metricHeaders"]]
        if dims != ["date"] or "sessions" not in metrics:
            continue
        for row in response["rows"]:
            day = row["dimensionValues"][0]["value"]
            out[f"{day[:4]}-{day[4:6]}-{day[6:]}"] = float(row["metricValues"][metrics.index("sessions")]["value"])
    return out


def ua_number(text) -> float:
    """A UA count as the interface wrote it: « 1 234 » (French), "2,533" (English), or a number cell."""
    if isinstance(text, (int, float)):
        return float(text)
    return float(str(text).replace(NBSP, "").replace("\u202f", "").replace(" ", "").replace(",", ""))


def _ua_tables(path: Path) -> list[tuple[list[str], list[list]]]:
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        tables = []
        for sheet in book.worksheets[1:]:  # the first sheet holds the '#' lines
            rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
            tables.append(([str(h) for h in rows[0]], rows[1:]))
        return tables
    text = path.read_text(encoding="utf-8")
    tables, header, rows = [], None, []
    for cells in csv.reader(io.StringIO(text, newline="")):
        if cells and cells[0].startswith("#"):
            continue
        if not cells or not "".join(cells).strip():
            if header is not None:
                tables.append((header, rows))
            header, rows = None, []
            continue
        if header is None:
            header = cells
        else:
            rows.append(cells)
    if header is not None:
        tables.append((header, rows))
    return tables


def _ua_day(text: str, french: bool) -> str:
    a, b, y = (int(x) for x in str(text).split("/"))
    day, month = (a, b) if french else (b, a)
    return f"{2000 + y:04d}-{month:02d}-{day:02d}"


def ua_monthly_sessions(folder: Path) -> dict[str, float]:
    """UA sessions by month: the Month of Year series (totals row left out), else the Day Index tables
    (a month read from both is taken from the month series, as the store does)."""
    months: dict[str, float] = defaultdict(float)
    days: dict[str, float] = {}
    for path in sorted(folder.glob("Analytics *")):
        for header, rows in _ua_tables(path):
            first = header[0]
            if first in ("Mois de l'année", "Month of Year"):
                column = header.index("Sessions")
                for row in rows:
                    if str(row[0]).strip():
                        months[f"{str(row[0])[:4]}-{str(row[0])[4:6]}"] += ua_number(row[column])
            elif first in ("Index des jours", "Day Index"):
                for row in rows:
                    days[_ua_day(row[0], first == "Index des jours")] = ua_number(row[1])
    from_days: dict[str, float] = defaultdict(float)
    for day, value in days.items():
        from_days[day[:7]] += value
    return {**from_days, **months}


def text_columns(con, table: str) -> list[str]:
    return [
        name
        for name, kind in con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
        if kind == "VARCHAR" or kind.startswith("MAP")
    ]
