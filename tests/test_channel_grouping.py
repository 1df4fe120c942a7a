"""Google's default channel group for GA4 (macro default_channel_group, sql/models/macros/channels.sql)
and the source categories it reads (data/reference/ga4_source_categories.csv).

Every expected channel below was written by hand from the rules as Google publishes them (rule set
'ga4-2024-07', docs/ARCHITECTURE.md, « Web analytics »), never read off the macro: each rule has at least
one case that hits it and one that just misses it, and the misses say which rule they fall to instead.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from smq_analytics import reference, store
from smq_analytics.paths import reference_dir

SEARCH, SOCIAL, SHOPPING, VIDEO = (
    "SOURCE_CATEGORY_SEARCH",
    "SOURCE_CATEGORY_SOCIAL",
    "SOURCE_CATEGORY_SHOPPING",
    "SOURCE_CATEGORY_VIDEO",
)

# Google's rules in their order (the channel each one gives).
RULES = (
    "Direct",
    "Cross-network",
    "Paid Shopping",
    "Paid Search",
    "Paid Social",
    "Paid Video",
    "Display",
    "Paid Other",
    "Organic Shopping",
    "Organic Social",
    "Organic Video",
    "Organic Search",
    "Referral",
    "Email",
    "Affiliates",
    "Audio",
    "SMS",
    "Mobile Push Notifications",
    "Unassigned",
)

# (rule the case is about, hits it?, source, medium, campaign, source category, expected channel)
CASES = [
    # 1 Direct: source (direct) and medium (none) or (not set); no source and no medium at all too.
    ("Direct", True, "(direct)", "(none)", None, None, "Direct"),
    ("Direct", True, "(direct)", "(not set)", None, None, "Direct"),
    ("Direct", True, None, None, None, None, "Direct"),
    ("Direct", True, "(DIRECT)", "(NONE)", None, None, "Direct"),
    ("Direct", True, None, None, "cross-network-ete", None, "Direct"),  # Direct comes first
    ("Direct", False, "(direct)", "referral", None, None, "Referral"),
    ("Direct", False, "(direct)", "fanfare", None, None, "Unassigned"),
    ("Direct", False, "partenaire", "(not set)", None, None, "Unassigned"),
    # 2 Cross-network: campaign contains cross-network.
    ("Cross-network", True, "google", "cpc", "Été cross-network 2026", SEARCH, "Cross-network"),
    ("Cross-network", True, "google", "cpc", "PMAX-CROSS-NETWORK", SEARCH, "Cross-network"),
    ("Cross-network", False, "google", "cpc", "cross network", SEARCH, "Paid Search"),
    # 3 Paid Shopping: (shopping source or shopping campaign) and paid medium.
    ("Paid Shopping", True, "amazon", "cpc", None, SHOPPING, "Paid Shopping"),
    ("Paid Shopping", True, "partenaire", "ppc", "boutique-shop-noel", None, "Paid Shopping"),
    ("Paid Shopping", True, "facebook", "paid_social", "Shopping des Fêtes", SOCIAL, "Paid Shopping"),
    ("Paid Shopping", True, "partenaire", "cpc", "eshop", None, "Paid Shopping"),  # e before shop is allowed
    ("Paid Shopping", False, "amazon", "referral", None, SHOPPING, "Organic Shopping"),
    ("Paid Shopping", False, "partenaire", "cpc", "workshop", None, "Paid Other"),  # k before shop: no
    # 4 Paid Search: search source and paid medium.
    ("Paid Search", True, "google", "cpc", None, SEARCH, "Paid Search"),
    ("Paid Search", True, "bing", "PPC", None, SEARCH, "Paid Search"),
    ("Paid Search", True, "duckduckgo", "retargeting", None, SEARCH, "Paid Search"),
    ("Paid Search", True, "google", "paid-search", None, "SEARCH", "Paid Search"),  # short category
    ("Paid Search", True, "google", "cpm", None, SEARCH, "Paid Search"),  # cpm contains cp
    ("Paid Search", False, "google", "organic", None, SEARCH, "Organic Search"),
    ("Paid Search", False, "google", "ppcs", None, SEARCH, "Organic Search"),  # not a paid medium
    # 5 Paid Social: social source and paid medium.
    ("Paid Social", True, "facebook", "paid_social", None, SOCIAL, "Paid Social"),
    ("Paid Social", True, "l.facebook.com", "cpc", None, "source_category_social", "Paid Social"),
    ("Paid Social", False, "facebook", "social", None, SOCIAL, "Organic Social"),
    # 6 Paid Video: video source and paid medium.
    ("Paid Video", True, "youtube", "cpv", None, VIDEO, "Paid Video"),
    ("Paid Video", False, "youtube", "video", None, VIDEO, "Organic Video"),
    # 7 Display: medium display, banner, expandable, interstitial, cpm.
    ("Display", True, "journal-local", "display", None, None, "Display"),
    ("Display", True, "journal-local", "banner", None, None, "Display"),
    ("Display", True, "journal-local", "expandable", None, None, "Display"),
    ("Display", True, "journal-local", "interstitial", None, None, "Display"),
    ("Display", True, "journal-local", "cpm", None, None, "Display"),
    ("Display", True, "journal-local", "DISPLAY", None, None, "Display"),
    ("Display", False, "journal-local", "displays", None, None, "Unassigned"),
    # 8 Paid Other: paid medium.
    ("Paid Other", True, "journal-local", "cpc", None, None, "Paid Other"),
    ("Paid Other", True, "journal-local", "paid", None, None, "Paid Other"),
    ("Paid Other", True, "journal-local", "ppc", None, None, "Paid Other"),
    ("Paid Other", True, "journal-local", "Retargeting", None, None, "Paid Other"),
    ("Paid Other", False, "journal-local", "pp", None, None, "Unassigned"),
    ("Paid Other", False, "journal-local", "prepaid", None, None, "Unassigned"),  # paid must start the medium
    # 9 Organic Shopping: shopping source or shopping campaign.
    ("Organic Shopping", True, "etsy", "referral", None, SHOPPING, "Organic Shopping"),
    ("Organic Shopping", True, "infolettre", "email", "boutique shop", None, "Organic Shopping"),
    ("Organic Shopping", True, "partenaire", None, "SHOPPING-ETE", None, "Organic Shopping"),
    ("Organic Shopping", False, "infolettre", "email", "workshop", None, "Email"),
    # 10 Organic Social: social source or a social medium.
    ("Organic Social", True, "instagram", "referral", None, SOCIAL, "Organic Social"),
    ("Organic Social", True, "tripadvisor", "referral", None, SOCIAL, "Organic Social"),
    ("Organic Social", True, "partenaire", "social", None, None, "Organic Social"),
    ("Organic Social", True, "partenaire", "social-network", None, None, "Organic Social"),
    ("Organic Social", True, "partenaire", "social-media", None, None, "Organic Social"),
    ("Organic Social", True, "partenaire", "sm", None, None, "Organic Social"),
    ("Organic Social", True, "partenaire", "social network", None, None, "Organic Social"),
    ("Organic Social", True, "partenaire", "Social Media", None, None, "Organic Social"),
    ("Organic Social", False, "partenaire", "social_media", None, None, "Unassigned"),
    ("Organic Social", False, "partenaire", "socialmedia", None, None, "Unassigned"),
    # 11 Organic Video: video source or medium containing video.
    ("Organic Video", True, "vimeo", "referral", None, VIDEO, "Organic Video"),
    ("Organic Video", True, "partenaire", "Video-Promo", None, None, "Organic Video"),
    ("Organic Video", True, "partenaire", "youtube-video", None, None, "Organic Video"),
    ("Organic Video", False, "partenaire", "vid", None, None, "Unassigned"),
    # 12 Organic Search: search source or medium organic.
    ("Organic Search", True, "google", "organic", None, SEARCH, "Organic Search"),
    ("Organic Search", True, "ecosia.org", "referral", None, SEARCH, "Organic Search"),
    ("Organic Search", True, "google", None, None, SEARCH, "Organic Search"),
    ("Organic Search", True, "moteur-local", "ORGANIC", None, None, "Organic Search"),
    ("Organic Search", False, "moteur-local", "organic-search", None, None, "Unassigned"),
    # 13 Referral: medium referral, app or link.
    ("Referral", True, "lapresse.ca", "referral", None, None, "Referral"),
    ("Referral", True, "partenaire", "app", None, None, "Referral"),
    ("Referral", True, "partenaire", "link", None, None, "Referral"),
    ("Referral", True, "chatgpt.com", "REFERRAL", None, None, "Referral"),  # not in Google's list
    ("Referral", True, "email", "referral", None, None, "Referral"),  # before Email in this rule set
    ("Referral", False, "lapresse.ca", "referrals", None, None, "Unassigned"),
    ("Referral", False, "partenaire", "links", None, None, "Unassigned"),
    # 14 Email: source or medium email, e-mail, e_mail, e mail.
    ("Email", True, "mailchimp", "email", None, None, "Email"),
    ("Email", True, "mailchimp", "e-mail", None, None, "Email"),
    ("Email", True, "mailchimp", "e_mail", None, None, "Email"),
    ("Email", True, "mailchimp", "e mail", None, None, "Email"),
    ("Email", True, "Email", "infolettre", None, None, "Email"),
    ("Email", True, "e-mail", None, None, None, "Email"),
    ("Email", True, "e_mail", "x", None, None, "Email"),
    ("Email", True, "E Mail", "x", None, None, "Email"),
    ("Email", True, None, "email", None, None, "Email"),
    ("Email", False, "mailchimp", "emails", None, None, "Unassigned"),
    ("Email", False, "mailchimp", "newsletter", None, None, "Unassigned"),
    # 15 Affiliates: medium affiliate.
    ("Affiliates", True, "partenaire", "affiliate", None, None, "Affiliates"),
    ("Affiliates", True, "partenaire", "Affiliate", None, None, "Affiliates"),
    ("Affiliates", False, "partenaire", "affiliates", None, None, "Unassigned"),
    # 16 Audio: medium audio.
    ("Audio", True, "radio-locale", "audio", None, None, "Audio"),
    ("Audio", False, "radio-locale", "podcast-audio", None, None, "Unassigned"),
    # 17 SMS: source or medium sms.
    ("SMS", True, "sms", "texto", None, None, "SMS"),
    ("SMS", True, "partenaire", "SMS", None, None, "SMS"),
    ("SMS", False, "partenaire", "sms-campagne", None, None, "Unassigned"),
    # 18 Mobile Push Notifications: medium ends with push, contains mobile or notification; source firebase.
    ("Mobile Push Notifications", True, "appli", "web-push", None, None, "Mobile Push Notifications"),
    ("Mobile Push Notifications", True, "appli", "PUSH", None, None, "Mobile Push Notifications"),
    ("Mobile Push Notifications", True, "appli", "mobile-app", None, None, "Mobile Push Notifications"),
    ("Mobile Push Notifications", True, "appli", "notifications", None, None, "Mobile Push Notifications"),
    ("Mobile Push Notifications", True, "firebase", "x", None, None, "Mobile Push Notifications"),
    ("Mobile Push Notifications", False, "appli", "pushed", None, None, "Unassigned"),
    ("Mobile Push Notifications", False, "firebase.google.com", "x", None, None, "Unassigned"),
    # Unassigned: no rule holds.
    ("Unassigned", True, "partenaire", None, None, None, "Unassigned"),
    ("Unassigned", True, "partenaire", "(not set)", None, None, "Unassigned"),
    ("Unassigned", False, "partenaire", "cpc", None, None, "Paid Other"),
]


@pytest.fixture(scope="module")
def con():
    connection = store.connect(store.IN_MEMORY, read_only=False)
    yield connection
    connection.close()


def channels(con: duckdb.DuckDBPyConnection, cases: list[tuple]) -> list[str]:
    """The macro's channel for each (source, medium, campaign, category) case, in one query."""
    rows = [list(case) for case in cases]
    result = con.execute(
        "SELECT default_channel_group(c[1], c[2], c[3], c[4]) FROM unnest(?::VARCHAR[][]) WITH ORDINALITY AS t(c, i) "
        "ORDER BY i",
        [rows],
    ).fetchall()
    return [r[0] for r in result]


def test_every_case_gets_the_channel_written_by_hand_from_googles_rules(con):
    got = channels(con, [case[2:6] for case in CASES])
    wrong = [(case, channel) for case, channel in zip(CASES, got) if channel != case[6]]
    assert wrong == []


def test_every_rule_has_a_case_that_hits_it_and_one_that_just_misses_it():
    for rule in RULES:
        hits = [c for c in CASES if c[0] == rule and c[1]]
        misses = [c for c in CASES if c[0] == rule and not c[1]]
        assert hits and misses, rule
        assert all(c[6] == rule for c in hits), rule
        assert all(c[6] != rule for c in misses), rule


def test_the_rule_set_names_its_version(con):
    assert con.execute("SELECT channel_rules_version()").fetchall() == [("ga4-2024-07",)]


# ----------------------------------------------------------------------------------------------------
# The source categories (data/reference/ga4_source_categories.csv)
# ----------------------------------------------------------------------------------------------------


def shipped_categories() -> dict[str, str]:
    with (reference_dir() / "ga4_source_categories.csv").open(encoding="utf-8", newline="") as handle:
        return {row["source"]: row["category"] for row in csv.DictReader(handle)}


def test_the_shipped_list_holds_the_well_known_sources_in_googles_categories():
    categories = shipped_categories()
    expected = {
        "google": SEARCH,
        "bing": SEARCH,
        "duckduckgo": SEARCH,
        "ecosia.org": SEARCH,
        "qwant": SEARCH,
        "yahoo": SEARCH,
        "facebook": SOCIAL,
        "l.facebook.com": SOCIAL,
        "m.facebook.com": SOCIAL,
        "lm.facebook.com": SOCIAL,
        "l.instagram.com": SOCIAL,
        "lnkd.in": SOCIAL,
        "t.co": SOCIAL,
        "tripadvisor": SOCIAL,
        "youtube": VIDEO,
        "m.youtube.com": VIDEO,
        "vimeo": VIDEO,
        "amazon": SHOPPING,
        "etsy": SHOPPING,
    }
    assert {s: categories.get(s) for s in expected} == expected
    assert "chatgpt.com" not in categories  # GA4 puts it in Referral
    assert all(s == s.strip().lower() for s in categories)
    assert set(categories.values()) == set(reference.SOURCE_CATEGORIES)


def test_the_loaded_table_is_the_shipped_file_and_a_category_reaches_the_channel(con):
    reference.load_reference(con)
    loaded = dict(con.execute("SELECT source, category FROM ref_ga4_source_categories").fetchall())
    assert loaded == shipped_categories()
    got = con.execute(
        "SELECT default_channel_group('l.facebook.com', 'referral', NULL, category) "
        "FROM ref_ga4_source_categories WHERE source = 'l.facebook.com'"
    ).fetchall()
    assert got == [("Organic Social",)]


def copy_of_reference(tmp_path: Path, extra_lines: list[str]) -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(reference_dir(), folder, ignore=shutil.ignore_patterns("sources", "mappings"))
    with (folder / "ga4_source_categories.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write("".join(line + "\n" for line in extra_lines))
    return folder


def test_a_user_line_extends_the_list(tmp_path, con):
    folder = copy_of_reference(tmp_path, ["Mastodon.Quebec,SOURCE_CATEGORY_SOCIAL"])
    reference.load_reference(con, folder=folder)
    assert con.execute(
        "SELECT category FROM ref_ga4_source_categories WHERE source = 'mastodon.quebec'"
    ).fetchall() == [("SOURCE_CATEGORY_SOCIAL",)]
    reference.load_reference(con)  # back to the shipped list for the other tests


@pytest.mark.parametrize(
    "line, column, expected_en",
    [
        ("l.facebook.com,SOURCE_CATEGORY_SOCIAL", "source", "already on row"),
        ("L.Facebook.com,SOURCE_CATEGORY_SOCIAL", "source", "already on row"),
        ("nouveau-reseau,SOCIAL_NETWORK", "category", "SOURCE_CATEGORY_SEARCH or"),
        (",SOURCE_CATEGORY_SEARCH", "source", "a source as GA4 writes it"),
    ],
)
def test_a_bad_line_is_refused_naming_the_file_row_and_column(tmp_path, line, column, expected_en):
    folder = copy_of_reference(tmp_path, [line])
    row = len(shipped_categories()) + 2  # header is row 1
    with pytest.raises(reference.ReferenceDataError) as caught:
        reference.check_source_categories(folder)
    message = caught.value.message
    assert f"ga4_source_categories.csv, row {row}, column '{column}'" in message.en
    assert expected_en in message.en
    assert f"ga4_source_categories.csv, ligne {row}, colonne « {column} »" in message.fr
