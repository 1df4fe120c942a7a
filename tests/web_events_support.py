"""An independent sessioniser of GA4 raw events, in plain Python, for tests/test_web_models.py.

It reads the same raw_ga4_events rows (dicts) the SQL models read and applies the documented rules
(docs/ARCHITECTURE.md, « Web analytics ») one step at a time, with no SQL: the winning load of each
museum and date (daily before intraday, then the highest load_id), duplicates within one second of the
previous kept identical event, session keys, the event's source (collected, else params, a lone gclid
is google / cpc), key events and ticketing clicks, then sessions (engagement, last-click attribution,
Google's channel rules written again here from Google's text), key events per day and channel, and the
quality of each date. The tests compare its results with web_sessions, web_key_events and
web_event_quality.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

DUPLICATE_WINDOW_US = 1_000_000
EPOCH = datetime(1970, 1, 1)
RAW_COLUMNS = (
    "load_id",
    "museum_id",
    "row_number",
    "export_table",
    "event_date",
    "event_timestamp",
    "event_name",
    "user_pseudo_id",
    "ga_session_id",
    "ga_session_number",
    "stream_id",
    "platform",
    "session_engaged",
    "engagement_time_msec",
    "page_location",
    "page_referrer",
    "link_domain",
    "param_source",
    "param_medium",
    "param_campaign",
    "param_gclid",
    "collected_source",
    "collected_medium",
    "collected_campaign",
    "collected_gclid",
    "last_click_source",
    "last_click_medium",
    "last_click_campaign",
    "transaction_id",
    "purchase_revenue",
    "device_category",
    "geo_country",
    "params_hash",
)


def micros(day: str, hour: int = 0, minute: int = 0, second: int = 0, millisecond: int = 0) -> int:
    """UTC microseconds since 1970 of a moment (event_timestamp's unit)."""
    moment = datetime.fromisoformat(day).replace(tzinfo=timezone.utc) + timedelta(
        hours=hour, minutes=minute, seconds=second, milliseconds=millisecond
    )
    return int(moment.timestamp()) * 1_000_000 + moment.microsecond


def as_datetime(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


# ----------------------------------------------------------------------------------------------------
# Museum settings
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyEvent:
    key_event: str
    event_name: str
    link_domain: str | None = None
    page_path_prefix: str | None = None


@dataclass
class Settings:
    site_domains: list[str] = field(default_factory=list)
    ticketing_domains: list[str] = field(default_factory=list)
    key_events: list[KeyEvent] = field(default_factory=list)
    engaged_seconds: int = 10  # GA4's default
    categories: dict[str, str] = field(default_factory=dict)  # source (lower case) -> category


def within(host: str | None, domain: str) -> bool:
    if not host:
        return False
    host, domain = host.lower(), domain.lower()
    return host == domain or host.endswith("." + domain)


def path_of(url: str | None) -> str | None:
    if url is None:
        return None
    return urlsplit(url).path or "/"


# ----------------------------------------------------------------------------------------------------
# Google's default channel group, written again from Google's text (first rule that holds wins)
# ----------------------------------------------------------------------------------------------------

PAID = r"(.*cp.*|ppc|retargeting|paid.*)"
SHOP_CAMPAIGN = r"(.*(([^a-df-z]|^)shop|shopping).*)"


def channel(source: str | None, medium: str | None, campaign: str | None, category: str | None) -> str:
    s, m, c = (source or "").lower(), (medium or "").lower(), (campaign or "").lower()
    cat = (category or "").upper().removeprefix("SOURCE_CATEGORY_")
    paid = re.fullmatch(PAID, m) is not None
    shop_campaign = re.fullmatch(SHOP_CAMPAIGN, c) is not None
    if (source is None or s == "(direct)") and (medium is None or m in ("(none)", "(not set)")):
        return "Direct"
    if "cross-network" in c:
        return "Cross-network"
    if paid:
        if cat == "SHOPPING" or shop_campaign:
            return "Paid Shopping"
        for name, label in (("SEARCH", "Paid Search"), ("SOCIAL", "Paid Social"), ("VIDEO", "Paid Video")):
            if cat == name:
                return label
    if m in ("display", "banner", "expandable", "interstitial", "cpm"):
        return "Display"
    if paid:
        return "Paid Other"
    if cat == "SHOPPING" or shop_campaign:
        return "Organic Shopping"
    if cat == "SOCIAL" or m in ("social", "social-network", "social-media", "sm", "social network", "social media"):
        return "Organic Social"
    if cat == "VIDEO" or "video" in m:
        return "Organic Video"
    if cat == "SEARCH" or m == "organic":
        return "Organic Search"
    if m in ("referral", "app", "link"):
        return "Referral"
    if s in ("email", "e-mail", "e_mail", "e mail") or m in ("email", "e-mail", "e_mail", "e mail"):
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


# ----------------------------------------------------------------------------------------------------
# Events that count
# ----------------------------------------------------------------------------------------------------


def winning_loads(rows: list[dict[str, Any]]) -> dict[tuple[str, date], tuple[int, str]]:
    """(museum, event_date) -> (load_id, export_table) of the load whose rows count."""
    loads: dict[tuple[str, date], set[tuple[int, str]]] = defaultdict(set)
    for row in rows:
        loads[(row["museum_id"], row["event_date"])].add((row["load_id"], row["export_table"]))
    winners = {}
    for key, candidates in loads.items():
        daily = [c for c in candidates if c[1] == "daily"]
        winners[key] = max(daily or candidates)
    return winners


def counted_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    winners = winning_loads(rows)
    return [r for r in rows if winners[(r["museum_id"], r["event_date"])] == (r["load_id"], r["export_table"])]


def without_duplicates(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """rows minus every event that comes at most DUPLICATE_WINDOW_US after the previous KEPT identical
    event (same museum, ids, name, params_hash); events without ids are duplicates only of an event
    identical to the microsecond (same museum, stream, name, params_hash, timestamp)."""
    groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    kept: list[dict[str, Any]] = []
    seen_without_ids: set[tuple] = set()
    for row in sorted(rows, key=lambda r: (r["load_id"], r["row_number"])):
        if row["user_pseudo_id"] is None or row["ga_session_id"] is None:
            same = (
                row["museum_id"],
                row.get("stream_id"),
                row["event_name"],
                row["params_hash"],
                row["event_timestamp"],
            )
            if same not in seen_without_ids:
                kept.append(row)
                seen_without_ids.add(same)
        else:
            key = (row["museum_id"], row["user_pseudo_id"], row["ga_session_id"], row["event_name"], row["params_hash"])
            groups[key].append(row)
    for group in groups.values():
        last = None
        for row in sorted(group, key=lambda r: (r["event_timestamp"], r["load_id"], r["row_number"])):
            if last is None or row["event_timestamp"] - last > DUPLICATE_WINDOW_US:
                kept.append(row)
                last = row["event_timestamp"]
    return kept


@dataclass
class Event:
    row: dict[str, Any]
    session_key: str | None
    source: str | None
    medium: str | None
    campaign: str | None
    key_event: str | None
    ticketing_click: bool

    def __getitem__(self, name: str) -> Any:
        return self.row[name]

    @property
    def order(self) -> tuple[int, int, int]:
        return self.row["event_timestamp"], self.row["load_id"], self.row["row_number"]


def key_event_of(row: dict[str, Any], settings: Settings) -> str | None:
    matches = [
        k
        for k in settings.key_events
        if k.event_name == row["event_name"]
        and (k.link_domain is None or within(row["link_domain"], k.link_domain))
        and (k.page_path_prefix is None or (path_of(row["page_location"]) or "").startswith(k.page_path_prefix))
    ]
    if not matches:
        return None
    matches.sort(
        key=lambda k: (
            -((k.link_domain is not None) + (k.page_path_prefix is not None)),
            -len(k.page_path_prefix or ""),
            k.key_event,
        )
    )
    return matches[0].key_event


def events(rows: list[dict[str, Any]], settings: Settings) -> list[Event]:
    """The events that count, with their session key, source and key event."""
    found = []
    for row in without_duplicates(counted_rows(rows)):
        user, sid = row["user_pseudo_id"], row["ga_session_id"]
        key = None if user is None or sid is None else f"{row['stream_id'] or ''}/{user}/{sid}"
        gclid = row["collected_gclid"] or row["param_gclid"]
        source = row["collected_source"] or row["param_source"]
        medium = row["collected_medium"] or row["param_medium"]
        if source is None and gclid:
            source, medium = "google", medium or "cpc"
        ticketing = row["event_name"] == "click" and any(
            within(row["link_domain"], d) for d in settings.ticketing_domains
        )
        found.append(
            Event(
                row,
                key,
                source,
                medium,
                row["collected_campaign"] or row["param_campaign"],
                key_event_of(row, settings),
                ticketing,
            )
        )
    return found


# ----------------------------------------------------------------------------------------------------
# Sessions, key events, quality
# ----------------------------------------------------------------------------------------------------


def sessions(rows: list[dict[str, Any]], settings: Settings) -> dict[str, dict[str, Any]]:
    """session_key -> the web_sessions columns the tests compare."""
    by_key: dict[str, list[Event]] = defaultdict(list)
    for event in events(rows, settings):
        if event.session_key is not None:
            by_key[event.session_key].append(event)
    result = {}
    for key, group in by_key.items():
        group.sort(key=lambda e: e.order)
        first, last = group[0], group[-1]
        page_views = sum(e["event_name"] == "page_view" for e in group)
        key_events = sum(e.key_event is not None for e in group)
        timer = sum(e["engagement_time_msec"] or 0 for e in group)
        engaged = (
            any(e["session_engaged"] == 1 for e in group)
            or timer >= settings.engaged_seconds * 1000
            or key_events > 0
            or page_views >= 2
        )
        clicked = [e for e in group if e["last_click_source"] is not None]
        sourced = [e for e in group if e.source is not None]
        if clicked:
            source, medium, campaign = (
                clicked[0]["last_click_source"],
                clicked[0]["last_click_medium"],
                clicked[0]["last_click_campaign"],
            )
        elif sourced:
            source, medium, campaign = sourced[0].source, sourced[0].medium, sourced[0].campaign
        else:
            source, medium, campaign = "(direct)", "(none)", None
        category = settings.categories.get(source.lower())
        views = [e for e in group if e["event_name"] == "page_view" and e["page_location"] is not None]
        roles = [(len(d), "self") for d in settings.site_domains if within(source, d)]
        roles += [(len(d), "ticketing") for d in settings.ticketing_domains if within(source, d)]
        devices = [e["device_category"] for e in group if e["device_category"] is not None]
        numbers = [e["ga_session_number"] for e in group if e["ga_session_number"] is not None]
        result[key] = {
            "session_key": key,
            "user_pseudo_id": first["user_pseudo_id"],
            "ga_session_id": first["ga_session_id"],
            "ga_session_number": min(numbers) if numbers else None,
            "session_date": first["event_date"],
            "started_at": as_datetime(first["event_timestamp"]),
            "ended_at": as_datetime(last["event_timestamp"]),
            "duration_seconds": (last["event_timestamp"] - first["event_timestamp"]) / 1e6,
            "engagement_seconds": timer / 1000,
            "events": len(group),
            "page_views": page_views,
            "engaged": engaged,
            "source": source,
            "medium": medium,
            "campaign": campaign,
            "source_category": category,
            "channel_group": channel(source, medium, campaign, category),
            "landing_page": path_of(views[0]["page_location"]) if views else "(not set)",
            "key_events": key_events,
            "has_key_event": key_events > 0,
            "ticketing_clicks": sum(e.ticketing_click for e in group),
            "referral_kind": max(roles)[1] if roles else None,
            "crosses_midnight": first["event_date"] != last["event_date"],
            "device_category": devices[0] if devices else None,
            "load_id": first["load_id"],
        }
    return result


def key_event_counts(rows: list[dict[str, Any]], settings: Settings) -> list[dict[str, Any]]:
    """web_key_events' rows: per museum, event_date, key event, event name and the session's channel."""
    channels = {k: s["channel_group"] for k, s in sessions(rows, settings).items()}
    occurrences: dict[tuple, int] = defaultdict(int)
    keys: dict[tuple, set[str]] = defaultdict(set)
    for event in events(rows, settings):
        if event.key_event is None:
            continue
        group = (
            event["museum_id"],
            event["event_date"],
            event.key_event,
            event["event_name"],
            channels.get(event.session_key) if event.session_key else None,
        )
        occurrences[group] += 1
        if event.session_key:
            keys[group].add(event.session_key)
    names = ("museum_id", "event_date", "key_event", "event_name", "channel_group")
    return [dict(zip(names, g)) | {"occurrences": n, "sessions": len(keys[g])} for g, n in occurrences.items()]


def quality(rows: list[dict[str, Any]], settings: Settings) -> list[dict[str, Any]]:
    """web_event_quality's rows: per museum and event_date."""
    winners = winning_loads(rows)
    loads: dict[tuple, set[int]] = defaultdict(set)
    for row in rows:
        loads[(row["museum_id"], row["event_date"])].add(row["load_id"])
    delivered: dict[tuple, int] = defaultdict(int)
    for row in counted_rows(rows):
        delivered[(row["museum_id"], row["event_date"])] += 1
    kept: dict[tuple, int] = defaultdict(int)
    consent: dict[tuple, int] = defaultdict(int)
    for event in events(rows, settings):
        key = (event["museum_id"], event["event_date"])
        kept[key] += 1
        consent[key] += event.session_key is None
    return [
        {
            "museum_id": key[0],
            "event_date": key[1],
            "events": kept[key],
            "duplicate_events_removed": delivered[key] - kept[key],
            "consent_events": consent[key],
            "intraday_only": export_table == "intraday",
            "superseded_loads": len(loads[key]) - 1,
        }
        for key, (load_id, export_table) in winners.items()
    ]
