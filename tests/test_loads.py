"""Safe under faults and attack: each test reproduces one reported fault and checks the fix.

Personal data in quarantine; respondents counted twice; values stored wrong without a word; loads
that reject every row; no-answer codes; mapping keys applied or refused; data on another sheet.
"""

from __future__ import annotations

from datetime import date

import pytest

import duckdb

from smq_analytics.ingest import IngestError, ingest_file, ledger
from ingest_support import MUSEUM, assert_balanced, counts, rows

HEADER = "response_id,postal_code,country,overnight,visit_date,sat_overall,recommend"


def survey(tmp_path, name: str, lines: list[str], header: str = HEADER):
    path = tmp_path / name
    path.write_text(header + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def mapping(tmp_path, text: str, name: str = "m.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(con, *args, **kwargs) -> tuple[str, str]:
    """Run ingest_file expecting IngestError; check the store is untouched; return (fr, en)."""
    before = counts(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, *args, **kwargs)
    assert counts(con) == before
    fr, en = info.value.text("fr"), info.value.text("en")
    assert "\n" not in fr and "\n" not in en  # one line
    return fr, en


# --- 1. personal data in quarantine ---------------------------------------------------------------


def test_quarantine_keeps_only_codebook_columns_masked(con, tmp_path):
    path = survey(
        tmp_path,
        "perso.csv",
        [
            "A1,G1R 2L3,CA,Non,2024-07-10,4,4,10.0.0.1,ana@example.org,Ana Tremblay,Bravo",
            "A2,H2X 1Y4,CA,Non,2024-02-30,4,4,10.0.0.2,bob@example.org,Bob Roy,"
            '"Je m\'appelle Bob Roy, écrivez à bob@example.org ou 418-555-1234"',
        ],
        header=HEADER + ",IP Address,Courriel,Nom,comment",
    )
    result = ingest_file(con, "survey", path, MUSEUM)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (2, 1, 1)
    [(original,)] = rows(con, "SELECT original FROM quarantine")
    assert set(original) == {
        "response_id",
        "postal_code",
        "country",
        "overnight",
        "visit_date",
        "sat_overall",
        "recommend",
        "comment",
    }
    assert original["postal_code"] == "H2X ***"
    assert original["comment"] == "Je m'appelle [nom], écrivez à [courriel] ou [téléphone]"
    stored = " ".join(str(v) for v in original.values())
    for secret in ("10.0.0.2", "bob@example.org", "Bob Roy", "1Y4", "555"):
        assert secret not in stored
    # accepted rows keep the FSA only
    assert rows(con, "SELECT postal_code FROM raw_survey") == [("G1R",)]
    assert_balanced(con)


def test_quarantine_of_count_grids_is_redacted(con, tmp_path):
    path = tmp_path / "frequentation.csv"
    path.write_text(
        "mois,total,note\n2024-01,100,appeler ana@example.org\n2024-02,oops,appeler ana@example.org\n", encoding="utf-8"
    )
    ingest_file(con, "attendance", path, MUSEUM)
    [(original,)] = rows(con, "SELECT original FROM quarantine")
    assert "ana@example.org" not in " ".join(original.values())


# --- 2. respondents counted twice -------------------------------------------------------------------


def test_corrected_reexport_under_the_same_name_is_refused_without_replace(con, tmp_path):
    path = survey(tmp_path, "ete.csv", ["A1,G1R 2L3,CA,Non,2024-07-10,4,4"])
    first = ingest_file(con, "survey", path, MUSEUM)
    survey(tmp_path, "ete.csv", ["A1,G1R 2L3,CA,Non,2024-07-10,3,4", "A2,G1R 2L3,CA,Non,2024-07-11,4,4"])
    fr, en = refused(con, "survey", path, MUSEUM)
    assert fr == (
        f"« ete.csv » : le chargement n° {first.load_id} (« ete.csv », "
        f"{rows(con, 'SELECT strftime(loaded_at, ?) FROM load_ledger', ['%Y-%m-%d %H:%M'])[0][0]}) "
        "couvre déjà la saison 2024 de musee-test (survey) ; rien n'a été ajouté. Pour remplacer ce "
        "chargement par ce fichier, relancez avec --replace."
    )
    assert "already covers the 2024 season" in en and "--replace" in en
    assert rows(con, "SELECT count(*) FROM raw_survey") == [(1,)]


def test_replace_with_a_renamed_corrected_file_replaces_the_season(con, tmp_path):
    old = survey(tmp_path, "ete.csv", ["A1,G1R 2L3,CA,Non,2024-07-10,4,4"])
    first = ingest_file(con, "survey", old, MUSEUM)
    other_season = ingest_file(
        con, "survey", survey(tmp_path, "ete2023.csv", ["Z1,G1R 2L3,CA,Non,2023-07-10,4,4"]), MUSEUM
    )
    new = survey(tmp_path, "ete-corrige.csv", ["A1,G1R 2L3,CA,Non,2024-07-10,3,4", "A2,G1R 2L3,CA,Non,2024-07-11,4,4"])
    second = ingest_file(con, "survey", new, MUSEUM, replace=True)
    assert second.replaced_load_ids == (first.load_id,)
    assert rows(con, "SELECT survey_year, count(*) FROM raw_survey GROUP BY ALL ORDER BY 1") == [(2023, 1), (2024, 2)]
    assert rows(con, "SELECT load_id FROM load_ledger WHERE replaced_at IS NULL ORDER BY 1") == [
        (other_season.load_id,),
        (second.load_id,),
    ]
    assert_balanced(con)


def test_attendance_months_already_loaded_are_refused_then_replaced(con, tmp_path):
    first = tmp_path / "janvier-mars.csv"
    first.write_text("mois,total\n2024-01,100\n2024-02,200\n2024-03,300\n", encoding="utf-8")
    loaded = ingest_file(con, "attendance", first, MUSEUM)
    second = tmp_path / "mars-avril.csv"
    second.write_text("mois,total\n2024-03,310\n2024-04,400\n", encoding="utf-8")
    fr, en = refused(con, "attendance", second, MUSEUM)
    assert "couvre déjà le mois 2024-03 de musee-test (attendance)" in fr and "janvier-mars.csv" in fr
    assert "already covers month 2024-03" in en
    later = tmp_path / "avril.csv"
    later.write_text("mois,total\n2024-04,400\n", encoding="utf-8")
    assert not ingest_file(con, "attendance", later, MUSEUM).skipped_duplicate  # another month: loaded
    result = ingest_file(con, "attendance", second, MUSEUM, replace=True)
    assert set(result.replaced_load_ids) >= {loaded.load_id}
    assert rows(con, "SELECT strftime(month, '%Y-%m'), total FROM raw_attendance ORDER BY 1") == [
        ("2024-03", 310),
        ("2024-04", 400),
    ]


def test_desk_count_months_are_the_periods(con, tmp_path):
    path = tmp_path / "comptoir.csv"
    path.write_text("date,origine,nombre\n2024-07-01,local,9\n", encoding="utf-8")
    ingest_file(con, "desk-counts", path, MUSEUM)
    other = tmp_path / "comptoir-bis.csv"
    other.write_text("date,origine,nombre\n2024-07-02,local,5\n", encoding="utf-8")
    fr, _ = refused(con, "desk-counts", other, MUSEUM)
    assert "le mois 2024-07" in fr
    assert rows(con, "SELECT periods FROM load_ledger") == [(["2024-07"],)]


# --- 3. wrong values stored without a word -----------------------------------------------------------


def test_a_negative_score_is_never_read_as_its_absolute_value(con, tmp_path):
    path = survey(tmp_path, "signe.csv", ["A1,G1R 2L3,CA,Non,2024-07-10,-1,+2", "A2,G1R 2L3,CA,Non,2024-07-10,4,4"])
    result = ingest_file(con, "survey", path, MUSEUM)
    assert rows(con, "SELECT response_id, sat_overall, recommend FROM raw_survey ORDER BY 1") == [
        ("A1", None, None),
        ("A2", 4, 4),
    ]
    assert result.item_reasons("fr") == [
        "ligne 2 : note +2 hors de l'échelle 1–4 pour recommend ; ligne 2 : note -1 hors de l'échelle 1–4 "
        "pour sat_overall"
    ] or sorted(result.item_reasons("fr")) == [
        "ligne 2 : note +2 hors de l'échelle 1–4 pour recommend",
        "ligne 2 : note -1 hors de l'échelle 1–4 pour sat_overall",
    ]


def test_mixed_day_month_orders_are_refused(con, tmp_path):
    path = survey(tmp_path, "melange.csv", ["A1,G1R 2L3,CA,Non,25/07/2024,4,4", "A2,G1R 2L3,CA,Non,07/26/2024,4,4"])
    fr, en = refused(con, "survey", path, MUSEUM)
    assert fr.startswith(
        "Le fichier « melange.csv », colonne « visit_date » : dates dans les deux ordres, jour en "
        "premier (ligne 2 : « 25/07/2024 ») et mois en premier (ligne 3 : « 07/26/2024 »)"
    )
    assert "date_format:" in fr and "date_format:" in en


def test_month_first_file_is_read_month_first(con, tmp_path):
    path = survey(tmp_path, "us.csv", ["A1,G1R 2L3,CA,Non,07/26/2024,4,4", "A2,G1R 2L3,CA,Non,07/05/2024,4,4"])
    ingest_file(con, "survey", path, MUSEUM)
    assert rows(con, "SELECT visit_date FROM raw_survey ORDER BY row_number") == [
        (date(2024, 7, 26),),
        (date(2024, 7, 5),),
    ]


def test_ambiguous_order_is_refused_and_date_format_settles_it(con, tmp_path):
    path = survey(tmp_path, "ambigu.csv", ["A1,G1R 2L3,CA,Non,07/05/2024,4,4", "A2,G1R 2L3,CA,Non,08/08/2024,4,4"])
    fr, en = refused(con, "survey", path, MUSEUM)
    assert "l'ordre du jour et du mois est ambigu (ligne 2 : « 07/05/2024 »" in fr
    assert "'date_format:' key of a mapping file (--mapping)" in en
    ingest_file(con, "survey", path, MUSEUM, mapping=mapping(tmp_path, "date_format: '%m/%d/%Y'\n"))
    assert rows(con, "SELECT visit_date FROM raw_survey ORDER BY row_number") == [
        (date(2024, 7, 5),),
        (date(2024, 8, 8),),
    ]


# --- 4. every row rejected; duplicates keyed on what was loaded -----------------------------------------


def test_a_load_rejecting_every_row_is_refused_and_not_registered(con, tmp_path):
    path = survey(tmp_path, "rien.csv", ["A1,G1R 2L3,CA,Non,2024-02-30,4,4", "A2,G1R 2L3,CA,Non,,4,4"])
    fr, en = refused(con, "survey", path, MUSEUM)
    assert fr.startswith(
        "« rien.csv » : rien n'a été chargé, aucune des lignes lues n'est acceptable (2 en "
        "quarantaine). Première raison : ligne 2 : date impossible ou illisible « 2024-02-30 » "
        "pour visit_date"
    )
    assert en.startswith("'rien.csv': nothing was loaded")
    assert rows(con, "SELECT count(*) FROM load_ledger") == [(0,)]


def test_same_file_with_a_corrected_mapping_is_a_new_load(con, tmp_path):
    path = survey(tmp_path, "f.csv", ["A1,G1R 2L3,CA,Non,2024-07-10,Top,4"])
    wrong = mapping(tmp_path, "scales: {satisfaction: {3: [Top]}}\n", "m1.yaml")
    first = ingest_file(con, "survey", path, MUSEUM, mapping=wrong)
    again = ingest_file(con, "survey", path, MUSEUM, mapping=wrong)
    assert again.skipped_duplicate and again.load_id == first.load_id
    right = mapping(tmp_path, "scales: {satisfaction: {4: [Top]}}\n", "m2.yaml")
    fr, _ = refused(con, "survey", path, MUSEUM, mapping=right)  # not a duplicate: the season is taken
    assert "--replace" in fr
    fixed = ingest_file(con, "survey", path, MUSEUM, mapping=right, replace=True)
    assert not fixed.skipped_duplicate and fixed.replaced_load_ids == (first.load_id,)
    assert rows(con, "SELECT sat_overall FROM raw_survey") == [(4,)]
    # the same file with another --year is another load too
    assert not ingest_file(con, "survey", path, MUSEUM, mapping=right, year=2024, replace=True).skipped_duplicate


# --- 5. no-answer codes belong to a column or a scale ---------------------------------------------------


def test_global_no_answer_spares_numbers_in_range_and_dates(con, tmp_path):
    path = survey(
        tmp_path,
        "codes.csv",
        ["A1,G1R 2L3,CA,Non,11,4,4,6", "A2,G1R 2L3,CA,Non,12,6,4,99"],
        header="response_id,postal_code,country,overnight,Jour,sat_overall,recommend,nps_score",
    )
    text = "no_answer: ['6', '11', '99']\ncolumns: {visit_date: {day: Jour, month: 7}}\n"
    ingest_file(con, "survey", path, MUSEUM, year=2024, mapping=mapping(tmp_path, text))
    # 6 is a real 0–10 answer; 11 is a day; 6 on a 1–4 scale and 99 are no answer
    assert rows(con, "SELECT visit_date, sat_overall, nps_score FROM raw_survey ORDER BY row_number") == [
        (date(2024, 7, 11), 4, 6),
        (date(2024, 7, 12), None, None),
    ]
    assert rows(con, "SELECT count(*) FROM item_problems") == [(0,)]


def test_no_answer_for_one_item_or_one_scale(con, tmp_path):
    path = survey(
        tmp_path,
        "codes.csv",
        ["A1,G1R 2L3,CA,Non,2024-07-10,9,9,0", "A2,G1R 2L3,CA,Non,2024-07-10,4,4,10"],
        header=HEADER + ",nps_score",
    )
    text = "no_answer: {satisfaction: ['9'], nps_score: ['0'], all: ['Sans opinion']}\n"
    result = ingest_file(con, "survey", path, MUSEUM, mapping=mapping(tmp_path, text))
    assert rows(con, "SELECT sat_overall, recommend, nps_score FROM raw_survey ORDER BY row_number") == [
        (None, None, None),
        (4, 4, 10),
    ]
    # 9 is no answer on the satisfaction scale only: on recommend it is out of scale
    assert result.item_reasons("fr") == ["ligne 2 : note 9 hors de l'échelle 1–4 pour recommend"]


# --- 6. every key applied or refused -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, fr",
    [
        (
            "labels: {country: {CA: [Kanada]}}\n",
            "labels.country : la colonne country (type country) ne prend pas de libellés de réponse. Colonnes qui en "
            "prennent : ",
        ),
        (
            "labels: {nps_score: {11: [Plus que tout]}}\n",
            "labels.nps_score : 11 hors de l'intervalle 0–10 de nps_score",
        ),
        (
            "columns: {sat_overall: {column: Q3, separator: ','}}\n",
            "columns.sat_overall : {column, separator} et {options, checked} ne valent que pour une question à choix",
        ),
        ("columns: {info_sources: {column: Q3, separtor: ','}}\n", "columns.info_sources : clé inconnue separtor."),
        ("scales: {satisfaction: {5: [Divin]}}\n", "scales.satisfaction : codes inconnus 5."),
        ("no_answer: {sat_global: ['9']}\n", "nom inconnu dans no_answer : sat_global."),
        ("columns: {visit_date: {day: Jour, month: 7}}\n", "columns.visit_date : l'année manque pour bâtir la date"),
        (
            "columns: {overnight: {constant: Peut-être}}\n",
            "columns.overnight.constant « Peut-être » n'est pas une "
            "réponse valide : réponse « Peut-être » inconnue pour overnight",
        ),
        ("date_format: '%d/%Y'\n", "date_format « %d/%Y » : codes strftime %d, %m et %Y attendus"),
    ],
)
def test_mapping_keys_that_would_be_ignored_are_refused(con, tmp_path, text, fr):
    path = survey(tmp_path, "f.csv", ["A1,G1R 2L3,CA,Non,2024-07-10,4,4"])
    got, en = refused(con, "survey", path, MUSEUM, mapping=mapping(tmp_path, text))
    assert got.startswith("Fichier de correspondance « m.yaml » : " + fr), got
    assert en.startswith("Mapping file 'm.yaml': ")


def test_survey_keys_in_a_count_mapping_are_refused(con, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("mois,total\n2024-01,100\n", encoding="utf-8")
    fr, _ = refused(con, "attendance", path, MUSEUM, mapping=mapping(tmp_path, "no_answer: ['-']\n"))
    assert fr.startswith("Fichier de correspondance « m.yaml » : clé no_answer sans effet pour la source attendance")
    fr, _ = refused(con, "attendance", path, MUSEUM, mapping=mapping(tmp_path, "labels: {total: {x: [y]}}\n"))
    assert "labels.total : cette colonne ne prend pas de libellés" in fr
    # sites: is an attendance key only
    survey_path = survey(tmp_path, "s.csv", ["A1,G1R 2L3,CA,Non,2024-07-10,4,4"])
    fr, en = refused(con, "survey", survey_path, MUSEUM, mapping=mapping(tmp_path, "sites: [A]\n"))
    assert fr.startswith("Fichier de correspondance « m.yaml » : clé sites sans effet pour la source survey")
    assert en.startswith("Mapping file 'm.yaml': key sites has no effect for source survey")


def test_unknown_names_list_every_valid_name(con, tmp_path):
    path = survey(tmp_path, "f.csv", ["A1,G1R 2L3,CA,Non,2024-07-10,4,4"])
    fr, _ = refused(con, "survey", path, MUSEUM, mapping=mapping(tmp_path, "columns: {sat_global: Q3}\n"))
    assert "…" not in fr
    for name in ("response_id", "comment", "nps_score", "questionnaire_language", "sat_accessibility"):
        assert name in fr


def test_mapping_builds_columns_labels_integers_and_stores_a_weight(con, tmp_path):
    path = survey(
        tmp_path,
        "f.csv",
        ['A1,G1R 2L3,CA,Non,14,4,4,Extrêmement probable,"1,5"', "A2,G1R 2L3,CA,Non,15,4,4,3,-2"],
        header="response_id,postal_code,country,overnight,Jour,sat_overall,recommend,NPS,Poids",
    )
    text = (
        "columns:\n"
        "  visit_date: {day: Jour, month: 8, year: 2024}\n"
        "  questionnaire_language: {constant: Français}\n"
        "  nps_score: NPS\n"
        "labels: {nps_score: {10: [Extrêmement probable]}}\n"
        "weight: Poids\n"
    )
    result = ingest_file(con, "survey", path, MUSEUM, mapping=mapping(tmp_path, text))
    assert rows(con, "SELECT visit_date, questionnaire_language, nps_score, weight FROM raw_survey ORDER BY 1") == [
        (date(2024, 8, 14), "fr", 10, 1.5),
        (date(2024, 8, 15), "fr", 3, None),
    ]
    assert result.item_reasons("fr") == [
        "ligne 3 : poids « -2 » invalide pour weight (colonne « Poids ») (attendu : un nombre positif, par exemple 1,25)"
    ]


# --- 7. data on another sheet -------------------------------------------------------------------------


def test_data_on_another_sheet_names_the_sheet_key(con, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Lisez-moi"
    book.active.append(["Export du sondage, voir la feuille Réponses"])
    answers = book.create_sheet("Réponses")
    answers.append(HEADER.split(","))
    answers.append(["A1", "G1R 2L3", "CA", "Non", "2024-07-10", 4, 4])
    path = tmp_path / "classeur.xlsx"
    book.save(path)
    fr, en = refused(con, "survey", path, MUSEUM)
    assert (
        "Le classeur a d'autres feuilles (Réponses) : les données y sont peut-être. Indiquez la feuille avec "
        "la clé « sheet: »" in fr
    )
    assert "the data may be on one of them. Name the sheet with the 'sheet:' key" in en
    ingest_file(con, "survey", path, MUSEUM, mapping=mapping(tmp_path, "sheet: Réponses\n"))
    assert rows(con, "SELECT response_id FROM raw_survey") == [("A1",)]


def test_empty_first_sheet_names_the_sheet_key(con, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Vide"
    data = book.create_sheet("Données")
    data.append(["mois", "total"])
    data.append(["2024-01", 10])
    path = tmp_path / "vide.xlsx"
    book.save(path)
    fr, _ = refused(con, "attendance", path, MUSEUM)
    assert fr.startswith("Le fichier « vide.xlsx » est vide. Le classeur a d'autres feuilles (Données)")


# --- 8. the store refusing a write -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, text",
    [
        ("attendance", "mois,total\n2024-02,200\n"),
        ("desk-counts", "date,origine,nombre\n2024-08-01,local,9\n"),
    ],
)
def test_a_store_error_during_the_writes_is_one_line_and_changes_nothing(con, tmp_path, monkeypatch, source, text):
    earlier = tmp_path / "avant.csv"
    earlier.write_text("mois,total\n2024-01,100\n", encoding="utf-8")
    ingest_file(con, "attendance", earlier, MUSEUM)
    before = counts(con)
    store_before = rows(con, "SELECT load_id, replaced_at, periods FROM load_ledger ORDER BY 1")
    write = ledger.insert_records

    def converting(connection, raw_table, records):
        # the records land, then DuckDB refuses a value the checks let through
        write(connection, raw_table, records)
        connection.execute("SELECT CAST('douze' AS INTEGER)").fetchall()

    monkeypatch.setattr(ledger, "insert_records", converting)
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    fr, en = refused(con, source, path, MUSEUM)
    assert fr.startswith("« f.csv » : rien n'a été chargé, l'entrepôt a refusé l'écriture (Conversion Error: ")
    assert en.startswith("'f.csv': nothing was loaded, the store refused the write (Conversion Error: ")
    assert "douze" in fr and "the store is as it was" in en
    with pytest.raises(IngestError):  # with --replace too: the earlier load is not retired
        ingest_file(con, "attendance", earlier, MUSEUM, replace=True)
    assert counts(con) == before
    assert rows(con, "SELECT load_id, replaced_at, periods FROM load_ledger ORDER BY 1") == store_before
    monkeypatch.undo()
    assert ingest_file(con, source, path, MUSEUM).rows_accepted == 1  # the connection is still usable
    assert_balanced(con)


def test_a_duckdb_exception_raised_by_a_writer_is_one_line(con, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise duckdb.ConversionException("Conversion Error: Could not convert string 'x' to INT32\nLINE 1: ...")

    monkeypatch.setattr(ledger, "insert_ledger", broken)
    path = tmp_path / "f.csv"
    path.write_text("mois,total\n2024-02,200\n", encoding="utf-8")
    fr, en = refused(con, "attendance", path, MUSEUM)
    assert fr.endswith("(Conversion Error: Could not convert string 'x' to INT32) ; l'entrepôt est resté tel quel.")
    assert "LINE 1" not in en


def test_only_the_fsa_is_kept_unless_the_museum_asks_for_full_postal_codes(con, tmp_path):
    """Law 25 minimisation: the store keeps G1R of G1R 2L3, unless parameters say keep_full_postal_code."""
    from smq_analytics.ingest import ingest_file

    path = tmp_path / "codes.csv"
    path.write_text(
        "response_id,postal_code,country,overnight,visit_date,sat_overall,recommend\n"
        "S1,g1r 2l3,CA,Non,2024-07-10,4,4\nS2,H2X-1Y4,CA,Non,2024-07-11,3,4\n",
        encoding="utf-8",
    )
    ingest_file(con, "survey", path, MUSEUM, year=2024)
    assert rows(con, "SELECT postal_code FROM raw_survey ORDER BY row_number") == [("G1R",), ("H2X",)]
    con.execute("UPDATE museums SET keep_full_postal_code = true WHERE museum_id = ?", [MUSEUM])
    ingest_file(con, "survey", path, MUSEUM, year=2024, replace=True)
    assert rows(con, "SELECT postal_code FROM raw_survey ORDER BY row_number") == [("G1R2L3",), ("H2X1Y4",)]


def test_the_parameter_reaches_the_museums_table(con):
    from smq_analytics import params

    museum = params.Museum(
        "musee-x", "Musée X", "history", "small", "03", "TR04", "Québec", 46.8, -71.2, keep_full_postal_code=True
    )
    params.sync_museums(con, [museum])
    assert rows(con, "SELECT keep_full_postal_code FROM museums WHERE museum_id = 'musee-x'") == [(True,)]
