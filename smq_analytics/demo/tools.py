"""Survey tool layouts: the columns of a LimeSurvey, SurveyMonkey, Google Forms or Excel export and,
built alongside, the mapping file that reads it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Callable

from ..codebook import load_codebook
from ..reference import read_reference_csv
from .profiles import AGE_BANDS, INFO_SOURCES, NOT_APPLICABLE, PARTY_TYPES, SAT_ITEMS, TRANSPORT, TRIP_REASONS
from .writers import Cell


class Layout:
    """The columns of one tool's export and, built alongside, the mapping file that reads it."""

    def __init__(self, tool: str, description: str, markers: tuple[str, ...], scale_markers: tuple[str, ...]):
        self.tool = tool
        self.columns: list[tuple[str, Callable[[dict], Cell]]] = []
        self.markers = markers  # no-answer markers this tool writes (by person["marker"])
        self.scale_markers = scale_markers  # the same for 4-point scales
        self.mapping: dict = {"tool": tool, "description": description, "source": "survey", "columns": {}}
        self.rating_scales = ("scale4", "scale4")  # satisfaction, recommendation (respondents.on_scale)

    def blank(self, person: dict, scale: bool = False) -> str:
        markers = self.scale_markers if scale else self.markers
        return markers[person["marker"] % len(markers)]

    def meta(self, header: str, value: Callable[[dict], Cell]) -> None:
        """A column the tool adds that the codebook does not use."""
        self.columns.append((header, value))

    def item(self, item: str, header: str, value: Callable[[dict], Cell], scale: bool = False) -> None:
        def cell(person: dict) -> Cell:
            answer = value(person)
            return self.blank(person, scale) if answer is None else answer

        self.columns.append((header, cell))
        self.mapping["columns"][item] = header

    def option_columns(self, item: str, headers: dict[str, str], ticked: str | None, **mapping) -> None:
        """One column per option; `ticked` is the cell text of a ticked option (None: the option label)."""
        for code, header in headers.items():
            self.columns.append(
                (
                    header,
                    lambda p, code=code, header=header: (
                        "" if code not in (p.get(item) or ()) else ticked or header.rsplit(" - ", 1)[-1]
                    ),
                )
            )
        self.mapping["columns"][item] = {"options": dict(headers), **mapping}

    def joined(self, item: str, header: str, separator: str, label: Callable[[str], str]) -> None:
        self.columns.append((header, lambda p: separator.join(label(c) for c in p.get(item) or ())))
        self.mapping["columns"][item] = {"column": header, "separator": separator}

    def labels(self, item: str, codes: dict[str, str]) -> None:
        self.mapping.setdefault("labels", {})[item] = {code: [label] for code, label in codes.items()}

    def scale(self, name: str, codes: dict, section: str = "scales") -> None:
        self.mapping.setdefault(section, {})[name] = {code: [label] for code, label in codes.items()}

    def header(self) -> list[str]:
        return [header for header, _ in self.columns]

    def rows(self, people: list[dict]) -> list[list[Cell]]:
        return [[value(person) for _, value in self.columns] for person in people]


def _coded(prefix: str, codes: tuple[str, ...], width: int = 1) -> dict[str, str]:
    return {code: f"{prefix}{position:0{width}d}" for position, code in enumerate(codes, start=1)}


def _answer(item: str, person: dict, table: dict | None = None) -> str | None:
    value = person.get(item)
    if value is None or value == NOT_APPLICABLE:
        return value
    return table[value] if table else value


def _yes_no(yes: str, no: str) -> Callable[[str], Callable[[dict], str | None]]:
    return lambda item: lambda p: None if p.get(item) is None else (yes if p[item] else no)


def _date_text(fmt: str) -> Callable[[dict], str]:
    """A visit date in the tool's format; a planted impossible date is written in the same format."""

    def cell(person: dict) -> str:
        value = person["visit_date"]
        if isinstance(value, str):  # 'YYYY-02-30'
            year, month, day = value.split("-")
            return fmt.replace("%Y", year).replace("%m", month).replace("%d", day).replace(" %H:%M:%S", " 00:00:00")
        return value.strftime(fmt)

    return cell


def _reference_names(table: str, column: str, lang: str) -> dict[str, str]:
    return {row[column]: row[f"name_{lang}"] for row in read_reference_csv(table)}


def limesurvey_layout() -> Layout:
    """LimeSurvey 'answer codes' CSV: question codes as headers, A1..A4 scales, Y/N, SQ00n options."""
    layout = Layout(
        "limesurvey", "Export LimeSurvey (codes des réponses) du sondage estival démo", ("",), ("", "A5", "")
    )
    layout.meta("id", lambda p: p["number"])
    layout.meta(
        "submitdate",
        lambda p: (
            f"{p['visit_date']} {p['minute'] // 60:02d}:{p['minute'] % 60:02d}:00"
            if isinstance(p["visit_date"], date)
            else ""
        ),
    )
    layout.meta("lastpage", lambda p: 6)
    layout.item("questionnaire_language", "startlanguage", lambda p: p["questionnaire_language"])
    layout.item("postal_code", "CP", lambda p: p["postal_code"])
    layout.item("province", "PROV", lambda p: p["province"])
    layout.item("country", "PAYS", lambda p: p["country"])
    yes_no = _yes_no("Y", "N")
    layout.item("overnight", "NUIT", yes_no("overnight"))
    layout.item("nights", "NBNUITS", lambda p: p["nights"])
    transport = _coded("T", TRANSPORT, 2)
    layout.item("transport_mode", "TRANSPORT", lambda p: _answer("transport_mode", p, transport))
    layout.item("visit_date", "DATEVISITE", _date_text("%Y-%m-%d %H:%M:%S"))
    layout.item("first_visit", "PREMIERE", yes_no("first_visit"))
    party = _coded("G", PARTY_TYPES)
    layout.item("party_type", "GROUPE", lambda p: _answer("party_type", p, party))
    layout.item("party_size", "TAILLEGR", lambda p: p["party_size"])
    reason = _coded("R", TRIP_REASONS)
    layout.item("trip_reason", "RAISON", lambda p: _answer("trip_reason", p, reason))
    layout.option_columns(
        "info_sources", {code: f"SOURCES[SQ{n:03d}]" for n, code in enumerate(INFO_SOURCES, 1)}, "Y", checked=["Y"]
    )
    scale = {4: "A1", 3: "A2", 2: "A3", 1: "A4"}
    for n, item in enumerate(SAT_ITEMS, start=1):
        layout.item(item, f"SAT[SQ{n:03d}]", lambda p, item=item: _answer(item, p, scale | {7: "7"}), scale=True)
    layout.item("recommend", "RECO", lambda p: _answer("recommend", p, scale), scale=True)
    layout.item("nps_score", "NPS", lambda p: p["nps_score"])
    age = _coded("AG", AGE_BANDS)
    layout.item("age_band", "AGE", lambda p: _answer("age_band", p, age))
    gender = {"woman": "F", "man": "M", "another": "X"}
    layout.item("gender", "GENRE", lambda p: _answer("gender", p, gender))
    layout.item("comment", "COMMENT", lambda p: p["comment"])
    layout.mapping["no_answer"] = ["A5"]
    for name in ("satisfaction", "recommendation"):
        layout.scale(name, {str(code): label for code, label in scale.items()})
    layout.scale("yesno", {"true": "Y", "false": "N"})
    for item, table in (
        ("transport_mode", transport),
        ("party_type", party),
        ("trip_reason", reason),
        ("age_band", age),
        ("gender", gender),
    ):
        layout.labels(item, table)
    return layout


def surveymonkey_layout() -> Layout:
    """SurveyMonkey-style XLSX: English question texts, English labels, one column per option."""
    book = load_codebook()
    en = lambda item: lambda p: None if p.get(item) is None else book.label(item, p[item], "en")
    countries = _reference_names("countries.csv", "country_code", "en")
    provinces = _reference_names("provinces.csv", "province_code", "en")
    layout = Layout("surveymonkey", "SurveyMonkey-style XLSX export of the demo summer survey", ("",), ("", "N/A"))
    layout.meta("Respondent ID", lambda p: 114_000_000_000 + 7919 * p["number"])
    layout.meta("Collector ID", lambda p: 431_552_118)
    layout.meta(
        "Start Date",
        lambda p: (
            (datetime.combine(p["visit_date"], datetime.min.time()) + timedelta(minutes=p["minute"]))
            if isinstance(p["visit_date"], date)
            else None
        ),
    )
    layout.meta("IP Address", lambda p: "")
    layout.item("postal_code", "What is the postal code of your home?", lambda p: p["postal_code"])
    layout.item("country", "Country of residence", lambda p: _answer("country", p, countries))
    layout.item("province", "Province or territory of residence", lambda p: _answer("province", p, provinces))
    layout.item("overnight", "Does this trip include at least one night away from home?", en("overnight"))
    layout.item("nights", "How many nights?", lambda p: p["nights"])
    layout.item("transport_mode", "Main means of transport to the museum", en("transport_mode"))
    layout.item("visit_date", "Date of your visit", _date_text("%m/%d/%Y"))
    layout.item("first_visit", "Is this your first visit to the museum?", en("first_visit"))
    layout.item("party_type", "Who are you visiting with?", en("party_type"))
    layout.item("party_size", "How many people are in your party (including you)?", lambda p: p["party_size"])
    layout.item("trip_reason", "Is visiting the museum a reason for coming to the region?", en("trip_reason"))
    question = "How did you hear about the museum?"
    layout.option_columns(
        "info_sources", {code: f"{question} - {book.label('info_sources', code, 'en')}" for code in INFO_SOURCES}, None
    )
    for item in SAT_ITEMS:
        label = book.item(item).label("en")
        layout.item(
            item,
            f"How satisfied were you with the following? - {label}",
            lambda p, item=item: (
                None if p.get(item) is None else (str(p[item]) if p[item] == 7 else book.label(item, p[item], "en"))
            ),
            scale=True,
        )
    layout.item("recommend", "Would you recommend the museum to friends and family?", en("recommend"))
    layout.item(
        "nps_score", "On a scale of 0 to 10, how likely are you to recommend the museum?", lambda p: p["nps_score"]
    )
    layout.item("age_band", "What is your age group?", en("age_band"))
    layout.item("gender", "Gender", en("gender"))
    layout.item("comment", "Any other comments?", lambda p: p["comment"])
    layout.mapping["date_format"] = "%m/%d/%Y"
    return layout


GOOGLE_MEDIA_LABEL = "Journaux / radio / télévision"  # the codebook label has a comma, which ", " joins break


def google_layout() -> Layout:
    """Google Forms CSV: French question texts and labels, multiple choice joined by ', '."""
    book = load_codebook()
    fr = lambda item: lambda p: None if p.get(item) is None else book.label(item, p[item], "fr")
    countries = _reference_names("countries.csv", "country_code", "fr")
    provinces = _reference_names("provinces.csv", "province_code", "fr")
    layout = Layout("google_forms", "Export CSV Google Forms du sondage estival démo", ("",), ("", "Ne s'applique pas"))
    layout.meta(
        "Horodateur",
        lambda p: (
            f"{p['visit_date']:%d/%m/%Y} {p['minute'] // 60:02d}:{p['minute'] % 60:02d}:41"
            if isinstance(p["visit_date"], date)
            else ""
        ),
    )
    layout.item("visit_date", "Date de votre visite", _date_text("%Y-%m-%d"))
    layout.item("postal_code", "Code postal de votre résidence (ex. G1R 2L3)", lambda p: p["postal_code"])
    layout.item("country", "Pays de résidence", lambda p: _answer("country", p, countries))
    layout.item("province", "Province", lambda p: _answer("province", p, provinces))
    yes_no = _yes_no("Oui", "Non")
    layout.item("lives_over_40km", "Habitez-vous à plus de 40 km du musée?", yes_no("lives_over_40km"))
    layout.item("overnight", "Votre voyage comporte-t-il au moins une nuit hors de chez vous?", yes_no("overnight"))
    layout.item("nights", "Si oui, combien de nuits?", lambda p: p["nights"])
    layout.item("transport_mode", "Principal moyen de transport pour venir au musée", fr("transport_mode"))
    layout.item("first_visit", "Est-ce votre première visite au musée?", yes_no("first_visit"))
    layout.item("party_type", "Avec qui faites-vous cette visite?", fr("party_type"))
    layout.item("party_size", "Combien de personnes compte votre groupe (vous compris)?", lambda p: p["party_size"])
    layout.item(
        "trip_reason", "La visite du musée est-elle une raison de votre venue dans la région?", fr("trip_reason")
    )
    source_label = lambda code: GOOGLE_MEDIA_LABEL if code == "media" else book.label("info_sources", code, "fr")
    layout.joined("info_sources", "Comment avez-vous entendu parler du musée?", ", ", source_label)
    layout.labels("info_sources", {"media": GOOGLE_MEDIA_LABEL})
    for item in SAT_ITEMS:
        label = book.item(item).label("fr")
        layout.item(
            item,
            f"Votre satisfaction [{label}]",
            lambda p, item=item: (
                None if p.get(item) is None else (str(p[item]) if p[item] == 7 else book.label(item, p[item], "fr"))
            ),
            scale=True,
        )
    layout.item("recommend", "Recommanderiez-vous le musée à vos proches?", fr("recommend"))
    layout.item("age_band", "Groupe d'âge", fr("age_band"))
    layout.item("gender", "Genre", fr("gender"))
    layout.item("comment", "Commentaires ou suggestions", lambda p: p["comment"])
    layout.mapping["no_answer"] = ["Ne s'applique pas"]
    return layout


def excel_layout(scale: str = "scale4", recommend_scale: str | None = None) -> Layout:
    """Paper questionnaires keyed into Excel, saved as CSV (Windows-1252, ';'): short French headers.

    `scale` is the rating scale the questionnaire used for satisfaction (codebook rating_scales),
    `recommend_scale` the one for recommendation (default: the same). On another scale than scale4 the
    mapping declares it (rating_scales:), the tool is named after it (its own mapping file) and a
    skipped rating is keyed as the satisfaction scale's own no-answer code; fill it with
    respondents.on_scale(people, scale, recommend_scale). The default layout is unchanged."""
    recommend_scale = recommend_scale or scale
    book = load_codebook()
    countries = _reference_names("countries.csv", "country_code", "fr")
    provinces = _reference_names("provinces.csv", "province_code", "fr")
    skipped = book.rating_scale(scale).no_answer[0]  # « 0 » on 4 and 5 points, « 99 » on 0–10
    layout = Layout(
        "excel_saisie" if scale == "scale4" else f"excel_saisie_{scale.replace('scale', 'echelle')}",
        "Saisie Excel des questionnaires papier (CSV ; Windows-1252)",
        ("", "NSP", ""),
        ("", "NSP", skipped),
    )
    layout.rating_scales = (scale, recommend_scale)
    if (scale, recommend_scale) != ("scale4", "scale4"):
        layout.mapping["rating_scales"] = {"satisfaction": scale, "recommendation": recommend_scale}
    layout.item("response_id", "No", lambda p: p["number"])
    layout.item("visit_date", "Date visite", _date_text("%d/%m/%Y"))
    layout.item("postal_code", "Code postal", lambda p: p["postal_code"])
    layout.item("municipality", "Municipalité", lambda p: p["municipality"])
    layout.item("province", "Province", lambda p: _answer("province", p, provinces))
    layout.item("country", "Pays", lambda p: _answer("country", p, countries))
    yes_no = _yes_no("O", "N")
    layout.item("overnight", "Nuitée", yes_no("overnight"))
    layout.item("nights", "Nb nuits", lambda p: p["nights"])
    layout.item("lives_over_40km", "Plus de 40 km", yes_no("lives_over_40km"))
    transport = {
        "car": "Auto",
        "motorhome": "VR",
        "coach": "Autocar",
        "public_transit": "Bus/métro",
        "train": "Train",
        "plane": "Avion",
        "boat": "Traversier",
        "bicycle": "Vélo",
        "walk": "À pied",
        "other": "Autre",
    }
    layout.item("transport_mode", "Transport", lambda p: _answer("transport_mode", p, transport))
    layout.item("first_visit", "1re visite", yes_no("first_visit"))
    party = {
        "alone": "Seul",
        "couple": "Couple",
        "family_children": "Famille avec enfants",
        "family_adults": "Famille adultes",
        "friends": "Amis",
        "organised_group": "Groupe org.",
        "other": "Autre",
    }
    layout.item("party_type", "Groupe", lambda p: _answer("party_type", p, party))
    layout.item("party_size", "Nb pers.", lambda p: p["party_size"])
    reason = {"main": "Principale", "one_of": "Une des raisons", "not_a_reason": "Aucune"}
    layout.item("trip_reason", "Raison", lambda p: _answer("trip_reason", p, reason))
    short = {
        "website": "Site Web",
        "social_media": "Réseaux sociaux",
        "search_engine": "Google",
        "word_of_mouth": "Bouche-à-oreille",
        "tourist_office": "Bureau touristique",
        "tourist_guide": "Guide",
        "media": "Médias",
        "signage": "Panneaux",
        "accommodation": "Hébergement",
        "previous_visit": "Déjà venu",
        "other": "Autre",
    }
    layout.option_columns(
        "info_sources", {code: f"Source - {label}" for code, label in short.items()}, "X", checked=["X"]
    )
    short_sat = (
        "Sat. globale",
        "Accueil",
        "Expos",
        "Activités",
        "Signalisation",
        "Qualité-prix",
        "Boutique",
        "Café",
        "Propreté",
        "Accessibilité",
    )
    for item, header in zip(SAT_ITEMS, short_sat):
        layout.item(item, header, lambda p, item=item: p.get(item), scale=True)
    # a skipped recommendation is keyed as its own scale's no-answer code (« 99 » on 0–10, where 0 is a score)
    recommend_skipped = ("", "NSP", book.rating_scale(recommend_scale).no_answer[0])
    layout.item(
        "recommend",
        "Recommandation",
        lambda p: recommend_skipped[p["marker"] % 3] if p.get("recommend") is None else p["recommend"],
    )
    layout.item(
        "age_band", "Âge", lambda p: None if p.get("age_band") is None else book.label("age_band", p["age_band"], "fr")
    )
    gender = {"woman": "F", "man": "H", "another": "A"}
    layout.item("gender", "Sexe", lambda p: _answer("gender", p, gender))
    layout.item("questionnaire_language", "Langue", lambda p: p["questionnaire_language"].upper())
    layout.item("comment", "Commentaires", lambda p: p["comment"])
    layout.scale("yesno", {"true": "O", "false": "N"})
    for item, table in (
        ("transport_mode", transport),
        ("party_type", party),
        ("trip_reason", reason),
        ("gender", gender),
    ):
        layout.labels(item, table)
    return layout


TOOLS = {
    # tool: (layout, file suffix, writer options, invalid kinds planted in every season)
    "limesurvey": (
        limesurvey_layout,
        "csv",
        {"encoding": "utf-8-sig", "delimiter": ",", "quote_all": True},
        ("impossible_postal_code",),
    ),
    "surveymonkey": (surveymonkey_layout, "xlsx", {}, ("impossible_postal_code",)),
    "google": (
        google_layout,
        "csv",
        {"encoding": "utf-8", "delimiter": ","},
        ("impossible_date", "impossible_postal_code"),
    ),
    "excel": (
        excel_layout,
        "csv",
        {"encoding": "cp1252", "delimiter": ";", "newline": "\r\n"},
        ("score_out_of_scale", "impossible_date"),
    ),
    # the same paper questionnaire redesigned: satisfaction on 5 points, recommendation from 0 to 10
    "excel_echelle5": (
        lambda: excel_layout("scale5", "scale0_10"),
        "csv",
        {"encoding": "cp1252", "delimiter": ";", "newline": "\r\n"},
        ("score_out_of_scale", "impossible_date"),
    ),
}
