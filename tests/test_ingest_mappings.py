"""Mapping files: the shipped LimeSurvey and SurveyMonkey examples load real-shaped exports;
Google Forms joined choices; mapping mistakes are refused with the mapping file named."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

import pytest
import yaml

from smq_analytics.codebook import code_text, load_codebook
from smq_analytics.ingest import IngestError, ingest_file
from smq_analytics.ingest.mapping import TOP_KEYS, Constant, OptionColumns, load_mapping
from smq_analytics.paths import reference_dir
from ingest_support import FIXTURES, MUSEUM, assert_balanced, counts, rows, write_xlsx

MAPPINGS = reference_dir() / "mappings"
COLUMNS = (
    "row_number, response_id, postal_code, municipality, province, country, overnight, nights, "
    "transport_mode, visit_date, first_visit, party_type, party_size, trip_reason, info_sources, "
    "sat_overall, sat_reception, sat_exhibitions, sat_price_value, recommend, nps_score, age_band, gender, "
    "questionnaire_language, comment"
)


def test_limesurvey_example_mapping_loads_the_fixture_export(con):
    result = ingest_file(con, "survey", FIXTURES / "limesurvey_export.csv", MUSEUM, mapping="limesurvey_ete")
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (4, 4, 0)
    assert rows(con, f"SELECT {COLUMNS} FROM raw_survey ORDER BY row_number") == [
        (
            2,
            "11",
            "G0A",
            "Baie-Saint-Paul",
            "QC",
            "CA",
            True,
            2,
            "car",
            date(2024, 7, 14),
            True,
            "family_children",
            4,
            "main",
            ["website", "word_of_mouth"],
            4,
            3,
            4,
            None,
            4,
            10,
            "35_44",
            "woman",
            "fr",
            "Superbe exposition sur les marées!",
        ),
        (
            3,
            "12",
            "K1A",
            "Ottawa",
            "ON",
            "CA",
            True,
            5,
            "car",
            date(2024, 7, 17),
            False,
            "couple",
            2,
            "one_of",
            ["social_media", "search_engine"],
            3,
            3,
            2,
            3,
            3,
            8,
            "55_64",
            "man",
            "en",
            None,
        ),
        (
            4,
            "13",
            "G5L",
            "Rimouski",
            "QC",
            "CA",
            False,
            None,
            "car",
            date(2024, 7, 20),
            False,
            "alone",
            1,
            "not_a_reason",
            ["other"],
            4,
            None,
            None,
            None,
            4,
            9,
            "75_plus",
            None,
            "fr",
            None,
        ),
        # « Peut-être » in a tick column: the response is kept, its info_sources answer is void
        (
            5,
            "14",
            "G1R",
            "Québec",
            "QC",
            "CA",
            False,
            None,
            "car",
            date(2024, 7, 21),
            True,
            "alone",
            1,
            None,
            None,
            4,
            None,
            None,
            None,
            4,
            None,
            None,
            None,
            "fr",
            None,
        ),
    ]
    assert result.reasons("fr") == [] and rows(con, "SELECT count(*) FROM quarantine") == [(0,)]
    reason_fr = (
        "ligne 5 : valeur « Peut-être » inattendue pour l'option website de info_sources (colonne "
        "« SOURCES[SQ001] ») : attendu Y, 1, Oui, le libellé de l'option ou vide"
    )
    assert result.item_reasons("fr") == [reason_fr]
    assert rows(con, "SELECT load_id, row_number, column_name, value, reason_fr, reason_en FROM item_problems") == [
        (
            result.load_id,
            5,
            "info_sources",
            "Peut-être",
            reason_fr,
            "row 5: unexpected value 'Peut-être' for option website of info_sources (column 'SOURCES[SQ001]'): "
            "expected Y, 1, Yes, the option label or empty",
        )
    ]
    sha = hashlib.sha256((MAPPINGS / "limesurvey_ete.yaml").read_bytes()).hexdigest()
    assert rows(con, "SELECT mapping_file, mapping_sha256 FROM load_ledger") == [("limesurvey_ete.yaml", sha)]
    assert_balanced(con)


def test_surveymonkey_example_mapping_loads_an_expanded_xlsx(con, tmp_path):
    q_sources = "Comment avez-vous entendu parler du musée?"
    q_sat = "Êtes-vous satisfait de votre visite?"
    header1 = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "Quel est le code postal de votre résidence?",
        "Dans quel pays habitez-vous?",
        "Dans quelle province habitez-vous?",
        "Passez-vous au moins une nuit hors de chez vous pendant ce voyage?",
        "Date de votre visite (MM/JJ/AAAA)",
        "La visite du musée est-elle une raison de votre venue dans la région?",
        q_sources,
        None,
        None,
        None,
        q_sat,
        None,
        None,
        "Recommanderiez-vous le musée à vos proches?",
        "Sur une échelle de 0 à 10, quelle est la probabilité que vous recommandiez le musée?",
        "Avez-vous des commentaires?",
    ]
    header2 = [
        None,
        None,
        None,
        "Response",
        "Response",
        "Response",
        "Response",
        "Response",
        "Response",
        "Site Web du musée",
        "Facebook ou Instagram",
        "Parents ou amis",
        "Autre (veuillez préciser)",
        "Dans l'ensemble",
        "L'accueil",
        "Les expositions",
        "Response",
        "Response",
        "Open-Ended Response",
    ]
    data = [
        [
            114000001,
            4000,
            datetime(2024, 7, 20, 14, 3),
            "g1k 7p4",
            "Canada",
            "Québec",
            "Non",
            "07/20/2024",
            "Oui, c'est la raison principale",
            "Site Web du musée",
            None,
            "Parents ou amis",
            None,
            "Très satisfait(e)",
            "Satisfait(e)",
            "Très satisfait(e)",
            "Oui, sans hésiter",
            10,
            "Bravo",
        ],
        [
            114000002,
            4000,
            datetime(2024, 7, 21, 9, 30),
            "10001",
            "United States",
            None,
            "Yes",
            "07/21/2024",
            "Non",
            None,
            "Facebook ou Instagram",
            None,
            "Un guide papier",
            "Insatisfait(e)",
            None,
            None,
            "Probablement pas",
            4,
            None,
        ],
        [
            114000003,
            4000,
            datetime(2024, 7, 22, 9, 30),
            "G1K 7P4",
            "Canada",
            "QC",
            "Non",
            "07/32/2024",
            "Non",
            None,
            None,
            None,
            None,
            "Satisfait(e)",
            None,
            None,
            "Oui, probablement",
            8,
            None,
        ],
    ]
    path = write_xlsx(tmp_path / "surveymonkey.xlsx", [header1, header2, *data], sheet="Sheet")
    result = ingest_file(con, "survey", path, MUSEUM, mapping=MAPPINGS / "surveymonkey_ete.yaml")
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (3, 2, 1)
    assert rows(
        con,
        "SELECT row_number, response_id, postal_code, province, country, overnight, visit_date, "
        "trip_reason, info_sources, sat_overall, sat_reception, sat_exhibitions, recommend, nps_score, "
        "comment FROM raw_survey ORDER BY row_number",
    ) == [
        (
            3,
            "114000001",
            "G1K",
            "QC",
            "CA",
            False,
            date(2024, 7, 20),
            "main",
            ["website", "word_of_mouth"],
            4,
            3,
            4,
            4,
            10,
            "Bravo",
        ),
        (
            4,
            "114000002",
            "100",
            None,
            "US",
            True,
            date(2024, 7, 21),
            "not_a_reason",
            ["social_media", "other"],
            2,
            None,
            None,
            2,
            4,
            None,
        ),
    ]
    # no --year: the season comes from the visit date, so a row whose date cannot be read is rejected
    assert result.reasons("fr") == [
        "ligne 5 : date impossible ou illisible « 07/32/2024 » pour visit_date (colonne « Date de votre visite "
        "(MM/JJ/AAAA) ») (attendu : AAAA-MM-JJ ou %m/%d/%Y)"
    ]


def test_google_forms_joined_choices_with_a_comma_inside_a_label(con, tmp_path):
    mapping = tmp_path / "google.yaml"
    mapping.write_text(
        "tool: Google Forms\n"
        "columns:\n"
        '  info_sources: {column: "Comment avez-vous connu le musée ?", separator: ", "}\n'
        "  sat_overall: Satisfaction\n"
        "labels:\n"
        "  info_sources:\n"
        '    word_of_mouth: ["Des amis m\'en ont parlé"]\n',
        encoding="utf-8",
    )
    path = tmp_path / "reponses.csv"
    path.write_text(
        "Horodateur,postal_code,country,overnight,visit_date,Satisfaction,recommend,Comment avez-vous connu le musée ?\n"
        '2024/07/10 10:00:00,G1R 2L3,Canada,Non,2024-07-10,4,4,"Journaux, radio ou télévision, Des amis m\'en ont parlé"\n'
        '2024/07/10 11:00:00,G1R 2L3,Canada,Non,2024-07-10,4,4,"Médias sociaux, Affiche dans le métro"\n',
        encoding="utf-8",
    )
    result = ingest_file(con, "survey", path, MUSEUM, mapping=mapping)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (2, 2, 0)
    # row 3 is kept; one unknown choice voids its whole info_sources answer (« Médias sociaux » included)
    assert rows(con, "SELECT row_number, info_sources FROM raw_survey ORDER BY 1") == [
        (2, ["word_of_mouth", "media"]),
        (3, None),
    ]
    [(row, column, value, reason_fr)] = rows(con, "SELECT row_number, column_name, value, reason_fr FROM item_problems")
    assert (row, column, value) == (3, "info_sources", "Affiche dans le métro")
    assert reason_fr.startswith(
        "ligne 3 : option « Affiche dans le métro » inconnue pour info_sources "
        "(colonne « Comment avez-vous connu le musée ? ») (attendu : website,"
    )
    assert result.item_reasons("fr") == [reason_fr] and result.reasons("fr") == []


def test_mapping_labels_can_reverse_a_scale(con, tmp_path):
    mapping = tmp_path / "inverse.yaml"
    mapping.write_text("scales:\n  satisfaction: {4: ['1'], 3: ['2'], 2: ['3'], 1: ['4']}\n", encoding="utf-8")
    path = tmp_path / "inverse.csv"
    path.write_text(
        "postal_code,country,overnight,visit_date,sat_overall,sat_shop,recommend\nG1R 2L3,CA,Non,2024-07-10,1,4,4\n",
        encoding="utf-8",
    )
    ingest_file(con, "survey", path, MUSEUM, mapping=mapping)
    assert rows(con, "SELECT sat_overall, sat_shop, recommend FROM raw_survey") == [(4, 1, 4)]


@pytest.mark.parametrize(
    "text, fr",
    [
        ("colums: {}\n", "Fichier de correspondance « m.yaml » : clé inconnue : colums."),
        (
            "columns: {sat_global: Q3}\n",
            "Fichier de correspondance « m.yaml » : nom inconnu dans columns : sat_global.",
        ),
        (
            "columns: {sat_overall: Q99}\n",
            "Fichier de correspondance « m.yaml » : la colonne « Q99 » prévue pour sat_overall est absente de « f.csv ».",
        ),
        ("source: attendance\n", "Fichier de correspondance « m.yaml » : prévu pour la source attendance, pas survey."),
        ("columns: [\n", "Fichier de correspondance « m.yaml » : YAML invalide ligne 2"),
        (
            "labels: {party_type: {duo: [Deux]}}\n",
            "Fichier de correspondance « m.yaml » : labels.party_type : codes inconnus duo.",
        ),
    ],
)
def test_mapping_mistakes_refuse_the_file(con, tmp_path, text, fr):
    mapping = tmp_path / "m.yaml"
    mapping.write_text(text, encoding="utf-8")
    path = tmp_path / "f.csv"
    path.write_text(
        "postal_code,country,overnight,visit_date,sat_overall,recommend,party_type\nG1R 2L3,CA,Non,2024-07-10,4,4,\n",
        encoding="utf-8",
    )
    before = counts(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, "survey", path, MUSEUM, mapping=mapping)
    assert info.value.text("fr").startswith(fr)
    assert info.value.text("en").startswith("Mapping file 'm.yaml'")
    assert counts(con) == before


def test_unknown_mapping_name(con):
    with pytest.raises(IngestError) as info:
        ingest_file(con, "survey", FIXTURES / "survey_utf8.csv", MUSEUM, mapping="introuvable")
    assert info.value.text("fr") == "Fichier de correspondance introuvable : « introuvable »."


def test_desk_count_mapping_renames_columns_and_adds_origin_labels(con, tmp_path):
    mapping = tmp_path / "comptoir.yaml"
    mapping.write_text(
        "source: desk-counts\ncolumns: {date: Jour de la visite, origin_category: D'où, visitors: Nb}\n"
        "labels: {origin_category: {local: [Région de Québec]}}\n",
        encoding="utf-8",
    )
    path = tmp_path / "comptoir.csv"
    path.write_text("Jour de la visite,D'où,Nb\n2024-07-01,Région de Québec,9\n", encoding="utf-8")
    ingest_file(con, "desk-counts", path, MUSEUM, mapping=mapping)
    assert rows(con, "SELECT origin_category, visitors FROM raw_desk_counts") == [("local", 9)]


# --- the file itself: every problem at once -----------------------------------------------------------


@pytest.mark.parametrize("path", sorted(MAPPINGS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_mapping_loads_and_names_only_codebook_items(path):
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    mapping = load_mapping(path)
    codebook = load_codebook()
    assert mapping.keys == tuple(document)
    assert list(mapping.columns) == list(document.get("columns") or {})
    assert set(mapping.columns) | set(mapping.labels) <= set(codebook.items)
    assert set(mapping.scales) <= set(codebook.scales)
    for item, spec in (document.get("columns") or {}).items():
        if isinstance(spec, str):
            assert mapping.columns[item] == spec
        elif "options" in spec:
            assert mapping.columns[item] == OptionColumns(
                {code_text(c): h for c, h in spec["options"].items()},
                tuple(
                    map(
                        str,
                        [spec.get("checked")] if isinstance(spec.get("checked"), str) else spec.get("checked") or [],
                    )
                ),
            )
    mapping.check_names(set(codebook.items), set(codebook.scales))  # the ingest-time names check passes too


def test_a_mapping_with_three_mistakes_reports_all_three_in_both_languages(tmp_path):
    path = tmp_path / "trois.yaml"
    path.write_text(
        "header_rows: 3\ndate_format: '%d/%Y'\ncolumns: {questionnaire_language: {constant: [fr, en]}}\n",
        encoding="utf-8",
    )
    with pytest.raises(IngestError) as info:
        load_mapping(path)
    fr, en = info.value.text("fr").splitlines(), info.value.text("en").splitlines()
    assert len(fr) == len(en) == 3
    assert all(line.startswith("Fichier de correspondance « trois.yaml » : ") for line in fr)
    assert all(line.startswith("Mapping file 'trois.yaml': ") for line in en)
    assert fr[0].endswith("header_rows « 3 » inconnu (1 | 2 attendu)")
    assert en[0].endswith("header_rows '3' is unknown (1 | 2 expected)")
    assert "date_format « %d/%Y » : codes strftime %d, %m et %Y attendus" in fr[1]
    assert "date_format '%d/%Y': strftime codes %d, %m and %Y expected" in en[1]
    assert fr[2].endswith("columns.questionnaire_language.constant : une valeur est attendue.")
    assert en[2].endswith("columns.questionnaire_language.constant: a value is expected.")


def test_unknown_mapping_keys_list_every_known_key(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("colums: {}\nlabel: {}\n", encoding="utf-8")
    with pytest.raises(IngestError) as info:
        load_mapping(path)
    known = ", ".join(TOP_KEYS)
    assert info.value.text("fr").splitlines() == [
        f"Fichier de correspondance « m.yaml » : clé inconnue : {key}. Clés possibles : {known}."
        for key in ("colums", "label")
    ]
    assert (
        info.value.text("en").splitlines()[0] == f"Mapping file 'm.yaml': unknown key: colums. Possible keys: {known}."
    )


def test_an_unknown_source_is_refused_when_the_mapping_is_read(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("source: sondage\ncolumns: {questionnaire_language: {constant: fr}}\n", encoding="utf-8")
    with pytest.raises(IngestError) as info:
        load_mapping(path)
    assert info.value.text("fr") == (
        "Fichier de correspondance « m.yaml » : source « sondage » inconnu (survey | desk-counts | attendance attendu)"
    )
    path.write_text("columns: {questionnaire_language: {constant: fr}}\n", encoding="utf-8")
    assert load_mapping(path).columns == {"questionnaire_language": Constant("fr")}


def test_names_checked_at_ingest_are_all_reported_at_once(con, tmp_path):
    """Names depend on the source and the codebook: they are checked when the mapping is used, and every
    unknown key or name of the file is reported together."""
    mapping = tmp_path / "m.yaml"
    mapping.write_text("sites: [A]\ncolumns: {sat_global: Q3}\nscales: {satisfacton: {4: [Divin]}}\n", encoding="utf-8")
    path = tmp_path / "f.csv"
    path.write_text(
        "postal_code,country,overnight,visit_date,sat_overall,recommend\nG1R 2L3,CA,Non,2024-07-10,4,4\n",
        encoding="utf-8",
    )
    before = counts(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, "survey", path, MUSEUM, mapping=mapping)
    fr, en = info.value.text("fr").splitlines(), info.value.text("en").splitlines()
    assert [line.split(" : ", 2)[1] for line in fr] == [
        "clé sites sans effet pour la source survey",
        "nom inconnu dans columns",
        "nom inconnu dans scales",
    ]
    assert all(line.startswith("Mapping file 'm.yaml': ") for line in en) and len(en) == 3
    scales = ", ".join(sorted(load_codebook().scales))
    assert fr[2].endswith(f"satisfacton. Noms possibles : {scales}.")
    assert counts(con) == before


# --- rating scales ---------------------------------------------------------------------------------------


def _survey_file(tmp_path, line: str = "G1R 2L3,CA,Non,2024-07-10,4,4"):
    path = tmp_path / "f.csv"
    path.write_text(f"postal_code,country,overnight,visit_date,sat_overall,recommend\n{line}\n", encoding="utf-8")
    return path


def test_a_mapping_declaring_an_unknown_scale_is_refused_naming_the_file_and_the_field(con, tmp_path):
    mapping = tmp_path / "echelle.yaml"
    mapping.write_text("rating_scales:\n  satisfaction: scale7\n  nights: scale5\n", encoding="utf-8")
    before = counts(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, "survey", _survey_file(tmp_path), MUSEUM, mapping=mapping)
    book = load_codebook()
    scales = ", ".join(book.rating_scales)
    rated = sorted(
        {i.name for i in book.items.values() if i.rating} | {i.scale for i in book.items.values() if i.rating}
    )
    assert info.value.text("fr").splitlines() == [
        "Fichier de correspondance « echelle.yaml » : rating_scales.satisfaction : échelle inconnue « scale7 ». "
        f"Échelles possibles : {scales}.",
        "Fichier de correspondance « echelle.yaml » : nom inconnu dans rating_scales : nights. Noms possibles : "
        f"{', '.join(rated)}.",
    ]
    assert info.value.text("en").splitlines()[0] == (
        f"Mapping file 'echelle.yaml': rating_scales.satisfaction: unknown scale 'scale7'. Possible scales: {scales}."
    )
    assert counts(con) == before


def test_rating_scales_are_declared_per_group_or_per_item(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("rating_scales: {satisfaction: scale5, recommend: scale0_10}\n", encoding="utf-8")
    assert load_mapping(path).rating_scales == {"satisfaction": "scale5", "recommend": "scale0_10"}
    path.write_text("rating_scales: [scale5]\n", encoding="utf-8")
    with pytest.raises(IngestError) as info:
        load_mapping(path)
    assert info.value.text("fr").startswith("Fichier de correspondance « m.yaml » : rating_scales")


def test_rating_scales_have_no_effect_on_desk_counts_and_refuse_the_mapping(con, tmp_path):
    mapping = tmp_path / "comptoir.yaml"
    mapping.write_text("rating_scales: {satisfaction: scale5}\n", encoding="utf-8")
    with pytest.raises(IngestError) as info:
        ingest_file(con, "desk-counts", FIXTURES / "desk_long_cp1252.csv", MUSEUM, mapping=mapping)
    assert "clé rating_scales sans effet pour la source desk-counts" in info.value.text("fr")


def test_scale_labels_of_a_mapping_are_checked_on_the_declared_scale(con, tmp_path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text("scales: {satisfaction: {5: [Excellent]}}\n", encoding="utf-8")
    path = _survey_file(tmp_path, "G1R 2L3,CA,Non,2024-07-10,Excellent,4")
    with pytest.raises(IngestError) as info:
        ingest_file(con, "survey", path, MUSEUM, mapping=mapping)  # 5 is no code of the 4-point scale
    assert "scales.satisfaction : codes inconnus 5" in info.value.text("fr")
    mapping.write_text(
        "rating_scales: {satisfaction: scale5}\nscales: {satisfaction: {5: [Excellent]}}\n", encoding="utf-8"
    )
    ingest_file(con, "survey", path, MUSEUM, mapping=mapping)
    assert rows(con, "SELECT sat_overall, recommend FROM raw_survey") == [(5, 4)]
