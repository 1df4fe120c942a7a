"""The demo museums: how each one's visitors and exports look, and the shares the draws use.

Fictional figures, chosen so every report section has something to show (docs/ARCHITECTURE.md,
« Sources », the demo). Changing a number here changes the generated files and the demo store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DEFAULT_MUSEUM = "musee-des-brumes"
SEASONS = (2024, 2025, 2026)
SURVEY_MONTHS = {6: 0.16, 7: 0.34, 8: 0.34, 9: 0.16}  # share of visits by month, June to September
ATTENDANCE_START = date(2023, 11, 1)
ATTENDANCE_MONTHS = 36

TOURIST_ORIGINS = ("quebec", "other_province", "united_states", "france", "other_country")
OTHER_PROVINCES = {
    "ON": 0.52,
    "NB": 0.12,
    "NS": 0.07,
    "BC": 0.08,
    "AB": 0.09,
    "MB": 0.03,
    "SK": 0.02,
    "PE": 0.03,
    "NL": 0.04,
}
OTHER_COUNTRIES = {"BE": 0.25, "CH": 0.18, "DE": 0.22, "GB": 0.20, "MX": 0.15}

NOT_APPLICABLE = ""  # a question the respondent had no reason to answer (left blank)
INVALID_KINDS = ("score_out_of_scale", "impossible_date", "impossible_postal_code")


@dataclass(frozen=True)
class Profile:
    """How one demo museum's visitors and exports look."""

    museum_id: str
    local: float  # 2024 share of local visitors
    excursionist: float  # 2024 share of excursionists (tourists are the rest)
    tourist_trend: float  # change of the tourist share per season
    origins: tuple[float, ...]  # tourists' origin, in TOURIST_ORIGINS order
    responses: tuple[int, int]  # survey responses per season, lowest and highest
    quality: float  # satisfaction shift (0 = typical)
    tools: tuple[str, str, str]  # survey tool for each season
    annual_visits: int  # entries in the year ending October 2024
    open_months: tuple[int, ...] = tuple(range(1, 13))
    summer_peak: float = 1.0  # extra weight of July and August
    sites: tuple[str, ...] = ("",)
    breakdown: bool = False  # paid / free / school entries known
    attendance_layout: str = "long"
    desk_layout: str | None = None
    islands: bool = False  # visitors arrive by plane or ferry


REGIONAL = (0.62, 0.16, 0.06, 0.11, 0.05)
URBAN = (0.26, 0.24, 0.22, 0.15, 0.13)
LOCAL_MIX = (0.78, 0.12, 0.04, 0.04, 0.02)
SUMMER = (6, 7, 8, 9, 10)

PROFILES: tuple[Profile, ...] = (
    Profile(
        "musee-des-brumes",
        0.12,
        0.18,
        0.015,
        REGIONAL,
        (500, 800),
        0.15,
        ("limesurvey",) * 3,
        46_000,
        summer_peak=1.6,
        breakdown=True,
        attendance_layout="long",
        desk_layout="daily_long",
    ),
    Profile(
        "musee-du-rocher-aux-goelands",
        0.07,
        0.10,
        0.01,
        REGIONAL,
        (400, 650),
        0.10,
        ("google",) * 3,
        27_000,
        open_months=SUMMER,
        summer_peak=1.4,
        attendance_layout="long_semicolon",
        desk_layout="weekly_wide",
    ),
    Profile(
        "maison-des-vents-sales",
        0.20,
        0.03,
        0.0,
        (0.74, 0.13, 0.03, 0.08, 0.02),
        (200, 320),
        0.20,
        ("excel", "excel", "excel_echelle5"),  # 2026: questionnaire redesigned on other rating scales
        8_500,
        open_months=SUMMER,
        summer_peak=1.3,
        attendance_layout="long_semicolon",
        islands=True,
    ),
    Profile(
        "musee-de-la-lumiere-urbaine",
        0.36,
        0.10,
        0.01,
        URBAN,
        (1100, 1450),
        0.0,
        ("limesurvey",) * 3,
        400_000,
        summer_peak=1.1,
        breakdown=True,
        attendance_layout="long",
    ),
    Profile(
        "centre-des-engrenages",
        0.58,
        0.22,
        0.0,
        (0.45, 0.25, 0.12, 0.10, 0.08),
        (450, 700),
        0.05,
        ("google", "limesurvey", "limesurvey"),
        90_000,
        breakdown=True,
        attendance_layout="wide_months",
    ),
    Profile(
        "musee-des-remparts-imaginaires",
        0.20,
        0.10,
        0.01,
        URBAN,
        (1000, 1400),
        0.10,
        ("surveymonkey",) * 3,
        250_000,
        summer_peak=1.2,
        sites=("Pavillon des Remparts", "Maison du Gouverneur"),
        attendance_layout="wide_sites",
        desk_layout="daily_wide",
    ),
    Profile(
        "ecomusee-de-la-seve",
        0.78,
        0.15,
        0.0,
        LOCAL_MIX,
        (200, 300),
        0.20,
        ("google",) * 3,
        7_000,
        breakdown=True,
        attendance_layout="wide_months",
        desk_layout="weekly_long",
    ),
    Profile(
        "musee-du-filon-perdu",
        0.76,
        0.10,
        0.0,
        LOCAL_MIX,
        (24, 40),  # a very small museum: too few responses for most cells
        0.0,
        ("excel",) * 3,
        5_500,
        attendance_layout="long_semicolon",
    ),
    Profile(
        "centre-des-marees-douces",
        0.40,
        0.20,
        0.01,
        (0.60, 0.18, 0.07, 0.11, 0.04),
        (400, 650),
        0.0,
        ("limesurvey",) * 3,
        38_000,
        summer_peak=1.3,
        breakdown=True,
        attendance_layout="long",
    ),
    Profile(
        "musee-des-lucioles",
        0.50,
        0.25,
        0.0,
        (0.55, 0.22, 0.13, 0.06, 0.04),
        (400, 600),
        0.05,
        ("surveymonkey", "surveymonkey", "google"),
        42_000,
        breakdown=True,
        attendance_layout="wide_months",
    ),
    Profile(
        "observatoire-du-phare-endormi",
        0.45,
        0.20,
        0.01,
        REGIONAL,
        (220, 350),
        -0.10,
        ("limesurvey",) * 3,
        11_000,
        summer_peak=1.3,
        attendance_layout="long",
    ),
    Profile(
        "domaine-des-anguilles-sages",
        0.30,
        0.25,
        0.01,
        REGIONAL,
        (200, 340),
        0.10,
        ("surveymonkey",) * 3,
        9_500,
        open_months=(5, 6, 7, 8, 9, 10),
        summer_peak=1.4,
        attendance_layout="wide_months",
    ),
)

MONTH_WEIGHTS = {1: 3.0, 2: 4.0, 3: 6.0, 4: 4.0, 5: 6.0, 6: 9.0, 7: 16.0, 8: 16.0, 9: 8.0, 10: 7.0, 11: 4.0, 12: 5.0}
WEEKDAY_WEIGHTS = (0.7, 0.8, 0.9, 1.0, 1.1, 1.5, 1.4)  # Monday to Sunday

COMMENTS = (
    "Superbe exposition, le personnel était très accueillant.",
    "Le stationnement était difficile à trouver.",
    "Prix d'entrée un peu élevé pour une famille de cinq.",
    "Merci pour la visite guidée, très instructive!",
    "Il manquait des bancs dans les salles d'exposition.",
    "Les enfants ont adoré l'atelier de bricolage.",
    "La signalisation depuis la route n'était pas claire.",
    "Très belle découverte, on reviendra l'an prochain.",
    "Le café était fermé lors de notre passage.",
    "Plus de contenu en anglais serait apprécié.",
    "Belle boutique, mais peu de produits locaux.",
    "Écrivez-moi à marie.exemple@example.com pour les prochaines activités.",
    "Vous pouvez me joindre au 418 555-0142 pour en discuter.",
    "Mon courriel : j.tremblay@example.net, j'aimerais devenir bénévole.",
    "Appelez-moi au (514) 555-0199, j'ai oublié mon parapluie au vestiaire.",
    "Je m'appelle Gaston Fictif et j'ai adoré la salle des cartes anciennes.",
)

SAT_ITEMS = (
    "sat_overall",
    "sat_reception",
    "sat_exhibitions",
    "sat_activities",
    "sat_signage",
    "sat_price_value",
    "sat_shop",
    "sat_cafe",
    "sat_cleanliness",
    "sat_accessibility",
)
SAT_OFFSETS = {
    "sat_overall": 0.0,
    "sat_reception": 0.3,
    "sat_exhibitions": 0.2,
    "sat_activities": 0.0,
    "sat_signage": -0.3,
    "sat_price_value": -0.4,
    "sat_shop": -0.1,
    "sat_cafe": -0.2,
    "sat_cleanliness": 0.2,
    "sat_accessibility": 0.0,
}
NOT_USED = {"sat_activities": 0.25, "sat_shop": 0.20, "sat_cafe": 0.30}  # services many visitors skip
SCALE_THRESHOLDS = (-1.9, -1.2, 0.1)
MISSING_RATE = 0.04
OPTIONAL_MISSING = (
    "municipality",
    "nights",
    "transport_mode",
    "first_visit",
    "party_type",
    "party_size",
    "trip_reason",
    "age_band",
    "gender",
    *SAT_ITEMS[1:],
    "nps_score",
)
REQUIRED_MISSING = ("postal_code", "overnight", "sat_overall", "recommend")

AGE_BANDS = ("under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_74", "75_plus")
AGE_WEIGHTS = (0.02, 0.07, 0.15, 0.17, 0.17, 0.18, 0.16, 0.08)
PARTY_TYPES = ("alone", "couple", "family_children", "family_adults", "friends", "organised_group", "other")
PARTY_WEIGHTS = (0.10, 0.32, 0.28, 0.12, 0.13, 0.03, 0.02)
INFO_SOURCES = (
    "website",
    "social_media",
    "search_engine",
    "word_of_mouth",
    "tourist_office",
    "tourist_guide",
    "media",
    "signage",
    "accommodation",
    "previous_visit",
    "other",
)
INFO_WEIGHTS = {
    "local": (0.18, 0.20, 0.07, 0.22, 0.01, 0.01, 0.10, 0.04, 0.00, 0.15, 0.02),
    "excursionist": (0.22, 0.18, 0.12, 0.18, 0.04, 0.05, 0.07, 0.06, 0.01, 0.06, 0.01),
    "tourist": (0.16, 0.10, 0.14, 0.12, 0.14, 0.13, 0.03, 0.07, 0.09, 0.01, 0.01),
}
TRANSPORT = ("car", "motorhome", "coach", "public_transit", "train", "plane", "boat", "bicycle", "walk", "other")
TRANSPORT_WEIGHTS = {
    "local": (0.60, 0.00, 0.01, 0.14, 0.00, 0.00, 0.00, 0.09, 0.15, 0.01),
    "excursionist": (0.86, 0.01, 0.05, 0.03, 0.03, 0.00, 0.00, 0.01, 0.00, 0.01),
    "tourist": (0.65, 0.08, 0.07, 0.05, 0.05, 0.06, 0.02, 0.01, 0.00, 0.01),  # cycle tourists, no walkers from home
    "island_tourist": (0.30, 0.12, 0.03, 0.00, 0.00, 0.25, 0.28, 0.01, 0.00, 0.01),
}
TRIP_REASONS = ("main", "one_of", "not_a_reason")
TRIP_WEIGHTS = {"local": (0.55, 0.25, 0.20), "excursionist": (0.60, 0.30, 0.10), "tourist": (0.22, 0.55, 0.23)}
FIRST_VISIT = {"local": 0.30, "excursionist": 0.55, "tourist": 0.82}
