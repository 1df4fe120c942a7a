"""A corpus of bad inputs, for every reader (CSV, XLSX) and every source (survey, desk counts,
attendance): one file per kind of fault, each with its exact outcome.

Either the file loads — rows read = accepted + rejected, with the exact reasons — or it is refused
with one line naming the file and what was expected, and every table of the store is as it was.
The files are written into tmp_path by the tests (nothing stored in the repository).
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from ingest_support import MUSEUM, assert_balanced, rows, write_xlsx

from smq_analytics.ingest import IngestError, ingest_file
from smq_analytics.ingest.registry import SOURCES as REGISTERED
from smq_analytics.ingest.tabular import MAX_CELL_CHARS, MAX_COLUMNS
from smq_analytics.ingest.values import INTEGER_MAX

NB = "\u00a0"  # French numbers in messages: 2 147 483 647 with no-break spaces
ALL_TABLES = ("load_ledger", "quarantine", "item_problems", *(spec.raw_table for spec in REGISTERED.values()))
# The tabular corpus below runs on every source reading CSV or XLSX (a new one needs its bad inputs below:
# KeyError until then); the JSON, NDJSON and Parquet sources have their own sections at the end.
SOURCES = tuple(name for name, spec in REGISTERED.items() if {"csv", "xlsx"} & set(spec.formats))

# One small good file per source (header + two rows), with accents that a wrong encoding would spoil.
BASE = {
    "survey": [
        [
            "response_id",
            "postal_code",
            "municipality",
            "country",
            "overnight",
            "visit_date",
            "party_size",
            "sat_overall",
            "recommend",
            "comment",
        ],
        ["R1", "G1R 2L3", "Québec", "CA", "Non", "2024-07-10", "2", "4", "4", "L’œuvre m’a plu, 15 €"],
        ["R2", "H2X 1Y4", "Montréal", "CA", "Oui", "2024-07-11", "3", "3", "3", ""],
    ],
    "desk-counts": [
        ["date", "origine", "nombre"],
        ["2024-07-01", "local", "12"],
        ["2024-07-01", "États-Unis", "3"],
    ],
    "attendance": [
        ["mois", "total", "payant"],
        ["janv. 2024", "1200", "800"],
        ["févr. 2024", "750", "500"],
    ],
}
LOADED = {
    "survey": (
        "SELECT row_number, response_id, municipality, party_size, comment FROM raw_survey "
        "WHERE survey_year = 2024 ORDER BY row_number",
        [(2, "R1", "Québec", 2, "L’œuvre m’a plu, 15 €"), (3, "R2", "Montréal", 3, None)],
    ),
    "desk-counts": (
        "SELECT row_number, origin_category, visitors FROM raw_desk_counts "
        "WHERE period_start >= DATE '2024-01-01' ORDER BY row_number",
        [(2, "local", 12), (3, "united_states", 3)],
    ),
    "attendance": (
        "SELECT row_number, month, total, paid FROM raw_attendance "
        "WHERE month >= DATE '2024-01-01' ORDER BY row_number",
        [(2, date(2024, 1, 1), 1200, 800), (3, date(2024, 2, 1), 750, 500)],
    ),
}
# Loads of 2023 already in the store when a file is refused, so that "as it was" is not just "empty".
EARLIER = {
    "survey": "response_id,postal_code,country,overnight,visit_date,sat_overall,recommend\n"
    "T1,G1R 2L3,CA,Non,2023-07-10,4,4\n",
    "desk-counts": "date,origine,nombre\n2023-06-01,local,4\n2023-06-02,Mars,1\n",
    "attendance": "mois,total\n2023-06,100\n",
}


# --- helpers ---------------------------------------------------------------------------------------


def text_of(table: list[list[str]], delimiter: str = ",", newline: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(table)
    return out.getvalue()


def base(source: str) -> list[list[str]]:
    return [list(row) for row in BASE[source]]


def write(tmp_path: Path, name: str, content: bytes | str | list) -> Path:
    path = tmp_path / name
    if isinstance(content, list):
        content = text_of(content)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def table_counts(connection) -> dict[str, int]:
    return {t: rows(connection, f"SELECT count(*) FROM {t}")[0][0] for t in ALL_TABLES}


@pytest.fixture
def store(con, tmp_path):
    """The test store with one earlier load of every source (season 2023, one desk row quarantined)."""
    for source, text in EARLIER.items():
        path = tmp_path / f"earlier_{source}.csv"
        path.write_text(text, encoding="utf-8")
        ingest_file(con, source, path, MUSEUM)
    return con


def refused(connection, source: str, path) -> tuple[str, str]:
    """The (fr, en) one-line message of a refused file; the store must be exactly as before."""
    before = table_counts(connection)
    with pytest.raises(IngestError) as info:
        ingest_file(connection, source, path, MUSEUM)
    fr, en = info.value.text("fr"), info.value.text("en")
    assert table_counts(connection) == before
    for text in (fr, en):
        assert "\n" not in text and path.name in text
        assert len(text) < 600  # one readable line, whatever the file held
    return fr, en


def loaded(connection, source: str, path, read: int, accepted: int, rejected: int, **options):
    """ingest_file with its counts checked against the ledger and the quarantine."""
    result = ingest_file(connection, source, path, MUSEUM, **options)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (read, accepted, rejected)
    assert rows(
        connection,
        "SELECT rows_read, rows_accepted, rows_rejected FROM load_ledger WHERE load_id = ?",
        [result.load_id],
    ) == [(read, accepted, rejected)]
    assert_balanced(connection)
    return result


# --- encodings -------------------------------------------------------------------------------------

ENCODINGS = [
    # (how the bytes are written, the BOM written before them, what the ledger records, delimiter, line end)
    ("utf-16-le", b"\xff\xfe", "utf-16-le", "\t", "\r\n"),  # Excel « Texte Unicode (*.txt) »
    ("utf-16-be", b"\xfe\xff", "utf-16-be", "\t", "\r\n"),
    ("utf-32-le", b"\xff\xfe\x00\x00", "utf-32-le", "\t", "\n"),
    ("utf-32-be", b"\x00\x00\xfe\xff", "utf-32-be", ",", "\n"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8-sig", ";", "\r\n"),  # Excel « CSV UTF-8 »
    ("utf-8", b"", "utf-8", ",", "\n"),
    ("cp1252", b"", "cp1252", ";", "\r\n"),  # Excel « CSV (séparateur : point-virgule) »
]


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("codec, bom, recorded, delimiter, newline", ENCODINGS, ids=[e[2] for e in ENCODINGS])
def test_every_encoding_loads_the_same_values(con, tmp_path, source, codec, bom, recorded, delimiter, newline):
    path = write(
        tmp_path,
        "export.txt" if codec.startswith("utf-16") else "export.csv",
        bom + text_of(base(source), delimiter, newline).encode(codec),
    )
    result = loaded(con, source, path, 2, 2, 0)
    assert (result.encoding, result.delimiter) == (recorded, {"\t": "tab"}.get(delimiter, delimiter))
    assert rows(con, "SELECT encoding, delimiter FROM load_ledger") == [(result.encoding, result.delimiter)]
    query, expected = LOADED[source]
    assert rows(con, query) == expected


def test_utf16_header_has_no_nul_bytes(tmp_path):
    from smq_analytics.ingest.tabular import read_table

    path = write(tmp_path, "unicode.txt", "\ufeffDate\tOrigine\tNombre\r\n2024-07-01\tlocal\t3\r\n".encode("utf-16-le"))
    table = read_table(path)
    assert (table.headers, table.encoding) == (["Date", "Origine", "Nombre"], "utf-16-le")


@pytest.mark.parametrize("source", SOURCES)
def test_truncated_utf16_is_refused_with_the_byte(store, tmp_path, source):
    data = b"\xff\xfe" + text_of(base(source), "\t").encode("utf-16-le") + b"\x41"  # an odd last byte
    fr, _ = refused(store, source, write(tmp_path, "coupe.txt", data))
    assert fr == (
        f"Fichier illisible « coupe.txt » : octet {len(data) - 1} invalide en utf-16-le. Enregistrez-le "
        "en UTF-8 ou en Windows-1252 (CSV Excel)."
    )


@pytest.mark.parametrize("source", SOURCES)
def test_utf16_without_bom_is_refused_at_its_first_nul(store, tmp_path, source):
    path = write(tmp_path, "sans_bom.txt", text_of(base(source), "\t").encode("utf-16-le"))
    fr, en = refused(store, source, path)
    assert fr.startswith(
        "Fichier illisible « sans_bom.txt », ligne 1, colonne A : caractère nul (octet 0). "
        "Attendu : un fichier texte CSV"
    )
    assert "UTF-16" in fr and "UTF-16" in en
    assert en.startswith("Unreadable file 'sans_bom.txt', row 1, column A: NUL character (byte 0).")


# --- delimiters ------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("delimiter, recorded", [(",", ","), (";", ";"), ("\t", "tab")])
def test_each_delimiter(con, tmp_path, source, delimiter, recorded):
    result = loaded(con, source, write(tmp_path, "export.csv", text_of(base(source), delimiter)), 2, 2, 0)
    assert result.delimiter == recorded
    query, expected = LOADED[source]
    assert rows(con, query) == expected


@pytest.mark.parametrize(
    "source, fr",
    [
        ("survey", "Le fichier « barres.csv » n'a pas de colonne pour : postal_code ("),
        (
            "desk-counts",
            "Le fichier « barres.csv » n'a pas de colonne de période : date/jour ou semaine/week attendue. "
            "Colonnes trouvées : date|origine|nombre.",
        ),
        (
            "attendance",
            "Le fichier « barres.csv » n'a ni colonne mois/month, ni colonnes de mois (2024-01, janv. 2024, "
            "January 2024…). Colonnes trouvées : mois|total|payant.",
        ),
    ],
)
def test_unknown_delimiter_is_refused_naming_the_columns_found(store, tmp_path, source, fr):
    message, _ = refused(store, source, write(tmp_path, "barres.csv", text_of(base(source), "|")))
    assert message.startswith(fr)


# --- empty files and headers only ------------------------------------------------------------------


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize(
    "name, content, fr",
    [
        ("vide.csv", b"", "Le fichier « vide.csv » est vide."),
        ("blancs.csv", b"\r\n,,\r\n \r\n", "Le fichier « blancs.csv » est vide."),
        ("bom_seul.csv", b"\xef\xbb\xbf", "Le fichier « bom_seul.csv » est vide."),
        ("vide16.txt", b"\xff\xfe", "Le fichier « vide16.txt » est vide."),
    ],
)
def test_empty_files_are_refused(store, tmp_path, source, name, content, fr):
    assert refused(store, source, write(tmp_path, name, content))[0] == fr


@pytest.mark.parametrize("source", SOURCES)
def test_header_only_is_refused(store, tmp_path, source):
    fr, en = refused(store, source, write(tmp_path, "entete.csv", base(source)[:1] + [[""], [""]]))
    assert fr == "Le fichier « entete.csv » n'a pas de lignes de données sous l'en-tête (ligne 1)."
    assert en == "The file 'entete.csv' has no data rows below the header (row 1)."


@pytest.mark.parametrize("source", SOURCES)
def test_empty_and_header_only_workbooks_are_refused(store, tmp_path, source):
    empty = write_xlsx(tmp_path / "vide.xlsx", [])
    assert refused(store, source, empty)[0] == "Le fichier « vide.xlsx » est vide."
    header = write_xlsx(tmp_path / "entete.xlsx", base(source)[:1])
    assert refused(store, source, header)[0] == (
        "Le fichier « entete.xlsx » n'a pas de lignes de données sous l'en-tête (ligne 1)."
    )


# --- limits: long cells, many columns --------------------------------------------------------------

COLUMN_C = {"survey": "municipality", "desk-counts": "nombre", "attendance": "payant"}


def _long_cell_message(name: str, source: str, length: int) -> tuple[str, str]:
    fr_length = f"{length:,}".replace(",", NB)
    return (
        f"Le fichier « {name} », ligne 3, colonne C (« {COLUMN_C[source]} ») : cellule de {fr_length} "
        f"caractères ; au plus 32{NB}767 attendus (limite d'une cellule Excel).",
        f"The file '{name}', row 3, column C ('{COLUMN_C[source]}'): cell of {length:,} characters; "
        f"at most 32,767 expected (Excel's limit for one cell).",
    )


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("length", [MAX_CELL_CHARS + 1, 200_000, 1_000_000])  # 200 000: beyond csv's own limit
def test_a_cell_too_long_is_refused_naming_row_and_column(store, tmp_path, source, length):
    table = base(source)
    table[2][2] = "x" * length
    assert refused(store, source, write(tmp_path, "long.csv", table)) == _long_cell_message("long.csv", source, length)


@pytest.mark.parametrize("source", SOURCES)
def test_a_quoted_cell_too_long_with_newlines_and_semicolons(store, tmp_path, source):
    table = base(source)
    table[2][2] = 'a;b\n"c"' * 200_000  # 1 400 000 characters, quoted with doubled quotes
    path = write(tmp_path, "long.csv", text_of(table, ";"))
    assert refused(store, source, path) == _long_cell_message("long.csv", source, 1_400_000)


@pytest.mark.parametrize("source", SOURCES)
def test_a_cell_too_long_in_a_workbook(store, tmp_path, source):
    table = base(source)
    table[2][2] = "x" * 100
    written = write_xlsx(tmp_path / "court.xlsx", table)  # openpyxl cuts cells at 32 767 when it writes
    path = tmp_path / "long.xlsx"
    with zipfile.ZipFile(written) as short, zipfile.ZipFile(path, "w") as long:
        for item in short.infolist():
            data = short.read(item)
            long.writestr(
                item, data.replace(b"x" * 100, b"x" * 40_000) if item.filename.endswith("sheet1.xml") else data
            )
    assert refused(store, source, path) == _long_cell_message("long.xlsx", source, 40_000)


def test_a_cell_at_the_limit_loads(con, tmp_path):
    table = base("survey")
    words = "Très belle visite, l’œuvre m’a plu ! "
    table[1][9] = (words * (MAX_CELL_CHARS // len(words) + 1))[:MAX_CELL_CHARS]
    loaded(con, "survey", write(tmp_path, "commentaire.csv", table), 2, 2, 0)
    assert rows(con, "SELECT length(comment) FROM raw_survey WHERE row_number = 2") == [(MAX_CELL_CHARS,)]


@pytest.mark.parametrize("source", SOURCES)
def test_twenty_thousand_columns_are_refused(store, tmp_path, source):
    table = base(source)
    table[0] += [f"x{i}" for i in range(20_000 - len(table[0]))]
    fr, en = refused(store, source, write(tmp_path, "large.csv", table))
    assert fr == (
        f"Le fichier « large.csv », ligne 1 : 20{NB}000 colonnes ; au plus 16{NB}384 attendues "
        "(limite d'Excel, dernière colonne XFD)."
    )
    assert en == (
        "The file 'large.csv', row 1: 20,000 columns; at most 16,384 expected (Excel's limit, last column XFD)."
    )


def test_too_many_columns_in_a_workbook(store, tmp_path):
    table = base("desk-counts")
    table[1] += ["1"] * (MAX_COLUMNS + 1 - len(table[1]))
    fr, _ = refused(store, "desk-counts", write_xlsx(tmp_path / "large.xlsx", table))
    assert fr.startswith(f"Le fichier « large.xlsx », ligne 2 : 16{NB}385 colonnes ; au plus 16{NB}384 attendues")


def test_a_survey_as_wide_as_excel_allows_loads(con, tmp_path):
    table = base("survey")
    table[0] += [f"Q{i}" for i in range(MAX_COLUMNS - len(table[0]))]
    loaded(con, "survey", write(tmp_path, "large.csv", table), 2, 2, 0)
    assert rows(con, LOADED["survey"][0]) == LOADED["survey"][1]


# --- numbers: too large, negative, not a number ----------------------------------------------------

HUGE = "99999999999999999999999"  # 10^23: beyond 64 bits too
TOO_LARGE_FR = f"(attendu : au plus 2{NB}147{NB}483{NB}647)"


def _with_row(source: str, row: list[str]) -> list[list[str]]:
    return base(source) + [row]


@pytest.mark.parametrize(
    "source, row, reason_fr, reason_en",
    [
        (
            "desk-counts",
            ["2024-07-02", "local", HUGE],
            f"ligne 4 : nombre {HUGE} trop grand pour visitors (colonne « nombre ») {TOO_LARGE_FR}",
            f"row 4: count {HUGE} too large for visitors (column 'nombre') (expected: at most 2,147,483,647)",
        ),
        (
            "desk-counts",
            ["2024-07-02", "local", str(INTEGER_MAX + 1)],
            f"ligne 4 : nombre 2147483648 trop grand pour visitors (colonne « nombre ») {TOO_LARGE_FR}",
            None,
        ),
        (
            "desk-counts",
            ["2024-07-02", "local", "-3"],
            "ligne 4 : nombre -3 négatif pour visitors (colonne « nombre »)",
            "row 4: negative count -3 for visitors (column 'nombre')",
        ),
        (
            "desk-counts",
            ["2024-07-02", "local", "douze"],
            "ligne 4 : « douze » n'est pas un nombre entier pour visitors (colonne « nombre »)",
            None,
        ),
        ("attendance", ["mars 2024", HUGE, ""], f"ligne 4 : nombre {HUGE} trop grand pour total {TOO_LARGE_FR}", None),
        (
            "attendance",
            ["mars 2024", "1000", "2 147 483 648"],
            f"ligne 4 : nombre 2 147 483 648 trop grand pour paid (colonne « payant ») {TOO_LARGE_FR}",
            None,
        ),
        ("attendance", ["mars 2024", "-5", ""], "ligne 4 : nombre -5 négatif pour total", None),
        ("attendance", ["mars 2024", "abc", ""], "ligne 4 : « abc » n'est pas un nombre entier pour total", None),
    ],
)
def test_bad_counts_are_quarantined(con, tmp_path, source, row, reason_fr, reason_en):
    result = loaded(con, source, write(tmp_path, "comptes.csv", _with_row(source, row)), 3, 2, 1)
    assert result.reasons("fr") == [reason_fr]
    if reason_en:
        assert result.reasons("en") == [reason_en]
    query, expected = LOADED[source]
    assert rows(con, query) == expected


def test_largest_count_is_accepted(con, tmp_path):
    path = write(tmp_path, "max.csv", _with_row("desk-counts", ["2024-07-02", "local", f"{INTEGER_MAX:,}"]))
    loaded(con, "desk-counts", path, 3, 3, 0)
    assert rows(con, "SELECT max(visitors) FROM raw_desk_counts") == [(INTEGER_MAX,)]


def test_huge_count_in_a_wide_desk_grid(con, tmp_path):
    path = write(
        tmp_path, "grille.csv", "date,local,États-Unis\n2024-07-01,4,1e30\n2024-07-02,5," + HUGE + "\n2024-07-03,6,7\n"
    )
    result = loaded(con, "desk-counts", path, 3, 1, 2)
    assert result.reasons("fr") == [
        "ligne 2 : « 1e30 » n'est pas un nombre entier pour united_states (colonne « États-Unis »)",
        f"ligne 3 : nombre {HUGE} trop grand pour united_states (colonne « États-Unis ») {TOO_LARGE_FR}",
    ]
    assert rows(con, "SELECT row_number, origin_category, visitors FROM raw_desk_counts ORDER BY 2") == [
        (4, "local", 6),
        (4, "united_states", 7),
    ]


def test_a_computed_total_too_large_is_quarantined(con, tmp_path):
    big = str(INTEGER_MAX)
    path = write(tmp_path, "parts.csv", f"mois,payant,gratuit,scolaire\n2024-01,{big},{big},1\n2024-02,1,2,3\n")
    result = loaded(con, "attendance", path, 2, 1, 1)
    assert result.reasons("fr") == [
        "ligne 2 : total calculé 4294967295 (payant + gratuit + scolaire) trop grand pour 2024-01 " + TOO_LARGE_FR
    ]
    assert result.reasons("en") == [
        "row 2: computed total 4294967295 (paid + free + school) too large for 2024-01 "
        "(expected: at most 2,147,483,647)"
    ]
    assert rows(con, "SELECT month, total FROM raw_attendance") == [(date(2024, 2, 1), 6)]


@pytest.mark.parametrize(
    "value, reason",
    [
        (HUGE, f"ligne 4 : valeur {HUGE} hors de l'intervalle 1–99 pour party_size"),
        ("-2", "ligne 4 : valeur -2 hors de l'intervalle 1–99 pour party_size"),
        ("deux", "ligne 4 : « deux » n'est pas un nombre entier pour party_size"),
    ],
)
def test_bad_survey_numbers_void_the_answer_only(con, tmp_path, value, reason):
    row = ["R3", "G1R 2L3", "Lévis", "CA", "Non", "2024-07-12", value, "4", "4", ""]
    result = loaded(con, "survey", write(tmp_path, "nombres.csv", _with_row("survey", row)), 3, 3, 0)
    assert result.item_reasons("fr") == [reason]
    assert rows(con, "SELECT party_size FROM raw_survey WHERE row_number = 4") == [(None,)]


@pytest.mark.parametrize(
    "source, row, reason",
    [
        (
            "desk-counts",
            ["2024-07-02", "local", 1e20],
            f"ligne 4 : nombre 100000000000000000000 trop grand pour visitors (colonne « nombre ») {TOO_LARGE_FR}",
        ),
        ("desk-counts", ["2024-07-02", "local", -3], "ligne 4 : nombre -3 négatif pour visitors (colonne « nombre »)"),
        (
            "desk-counts",
            ["2024-07-02", "local", 2.5],
            "ligne 4 : « 2.5 » n'est pas un nombre entier pour visitors (colonne « nombre »)",
        ),
        (
            "attendance",
            ["mars 2024", 1e20, None],
            f"ligne 4 : nombre 100000000000000000000 trop grand pour total {TOO_LARGE_FR}",
        ),
        ("attendance", ["mars 2024", "beaucoup", None], "ligne 4 : « beaucoup » n'est pas un nombre entier pour total"),
    ],
)
def test_bad_counts_in_a_workbook_are_quarantined(con, tmp_path, source, row, reason):
    path = write_xlsx(tmp_path / "comptes.xlsx", _with_row(source, row))
    result = loaded(con, source, path, 3, 2, 1)
    assert result.reasons("fr") == [reason]


# --- not text at all -------------------------------------------------------------------------------


def _zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "bonjour")
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize(
    "name, content, fr",
    [
        (
            "image.csv",
            PNG,
            "Fichier illisible « image.csv », ligne 3, colonne A (« ‰PNG ») : caractère nul (octet 0). "
            "Attendu : un fichier texte CSV",
        ),
        (
            "archive.csv",
            _zip_bytes(),
            "Fichier illisible « archive.csv » : c'est une archive zip (un classeur .xlsx "
            "renommé ?), pas un fichier texte CSV. Attendu : un CSV (UTF-8, UTF-16 ou "
            "Windows-1252) ou un classeur .xlsx portant l'extension .xlsx.",
        ),
        (
            "ancien.csv",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            "Fichier illisible « ancien.csv » : c'est un classeur Excel 97-2003 (.xls), pas un fichier texte CSV.",
        ),
        ("rapport.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "Fichier illisible « rapport.csv » : c'est un document PDF"),
        ("bruit.csv", bytes(range(256)) * 8, "Fichier illisible « bruit.csv », ligne 1, colonne A : caractère nul"),
    ],
)
def test_binary_files_renamed_csv_are_refused(store, tmp_path, source, name, content, fr):
    assert refused(store, source, write(tmp_path, name, content))[0].startswith(fr)


@pytest.mark.parametrize("source", SOURCES)
def test_nul_byte_in_a_cell_is_refused_naming_row_and_column(store, tmp_path, source):
    table = base(source)
    table[2][1] = "ab\x00c"
    fr, en = refused(store, source, write(tmp_path, "nul.csv", table))
    header = table[0][1]
    assert fr.startswith(f"Fichier illisible « nul.csv », ligne 3, colonne B (« {header} ») : caractère nul (octet 0).")
    assert en.startswith(f"Unreadable file 'nul.csv', row 3, column B ('{header}'): NUL character (byte 0).")


@pytest.mark.parametrize("source", SOURCES)
def test_xlsx_that_is_not_a_zip(store, tmp_path, source):
    path = write(tmp_path, "faux.xlsx", text_of(base(source)))
    assert refused(store, source, path) == (
        "Fichier illisible « faux.xlsx » : ce n'est pas un classeur Excel .xlsx valide (BadZipFile).",
        "Unreadable file 'faux.xlsx': not a valid Excel .xlsx workbook (BadZipFile).",
    )


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("broken", ["sheet", "zip"])
def test_damaged_workbook(store, tmp_path, source, broken):
    good = write_xlsx(tmp_path / "bon.xlsx", base(source)).read_bytes()
    path = tmp_path / "abime.xlsx"
    if broken == "zip":
        path.write_bytes(good[: len(good) // 2])  # cut in the middle of a download
    else:  # the sheet's XML replaced by garbage
        with zipfile.ZipFile(io.BytesIO(good)) as source_zip, zipfile.ZipFile(path, "w") as target:
            for item in source_zip.infolist():
                data = source_zip.read(item)
                target.writestr(item, b"<worksheet><sheetData><row" if item.filename.endswith("sheet1.xml") else data)
    fr, _ = refused(store, source, path)
    assert fr.startswith("Fichier illisible « abime.xlsx » : ce n'est pas un classeur Excel .xlsx valide (")


# --- ragged rows -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, short, long, counts, reasons",
    [
        (
            "desk-counts",
            ["2024-07-02", "local"],
            ["2024-07-03", "local", "5", "en trop"],
            (4, 3, 1),
            ["ligne 4 : valeur manquante pour visitors (colonne « nombre »)"],
        ),
        (
            "attendance",
            ["mars 2024"],
            ["avril 2024", "5", "4", "en trop"],
            (4, 3, 1),
            ["ligne 4 : aucune valeur (total, payant, gratuit ou scolaire) pour le mois 2024-03"],
        ),
        (
            "survey",
            ["R3", "G1R 2L3"],
            ["R4", "G1R 2L3", "Lévis", "CA", "Non", "2024-07-12", "2", "4", "4", "", "en trop"],
            (4, 3, 1),
            ["ligne 4 : date de visite manquante : la saison est inconnue (indiquez --year) pour visit_date"],
        ),
    ],
)
def test_ragged_rows(con, tmp_path, source, short, long, counts, reasons):
    path = write(tmp_path, "inegal.csv", base(source) + [short, long])
    result = loaded(con, source, path, *counts)
    assert result.reasons("fr") == reasons


@pytest.mark.parametrize("source", SOURCES)
def test_more_rows_than_excel_holds_are_refused(store, tmp_path, monkeypatch, source):
    from smq_analytics.ingest import tabular

    monkeypatch.setattr(tabular, "MAX_ROWS", 2)  # the header and one row; the real limit is 1 048 576
    fr, en = refused(store, source, write(tmp_path, "longue.csv", base(source)))
    assert fr == "Le fichier « longue.csv » a plus de 2 lignes ; au plus 2 attendues (limite d'Excel)."
    assert en == "The file 'longue.csv' has more than 2 rows; at most 2 expected (Excel's limit)."


# --- web report sources (ga4-ui, ua): the corpus above runs on them through these entries --------------
# A GA4 download and a UA export without their '#' block: the period comes from the Date column.

BASE["ga4-ui"] = [
    ["Date", "Utilisateurs actifs", "Nombre d'événements"],
    ["20240701", "12", "30"],
    ["20240702", "3", "7"],
]
BASE["ua"] = [
    ["Date", "Utilisateurs", "Objectifs réalisés"],
    ["20240701", "12", "30"],
    ["20240702", "3", "7"],
]
_WEB_ROWS = (
    "SELECT r.row_number, r.period_start, r.metric, r.value FROM raw_web_rows r "
    "JOIN raw_web_tables t USING (load_id, table_index) "
    "WHERE t.source_kind = ? AND r.period_start >= DATE '2024-01-01' ORDER BY 1, 3"
)
LOADED["ga4-ui"] = (
    _WEB_ROWS.replace("?", "'ga4_ui_csv'"),
    [
        (2, date(2024, 7, 1), "active_users", 12.0),
        (2, date(2024, 7, 1), "event_count", 30.0),
        (3, date(2024, 7, 2), "active_users", 3.0),
        (3, date(2024, 7, 2), "event_count", 7.0),
    ],
)
LOADED["ua"] = (
    _WEB_ROWS.replace("?", "'ua_export'"),
    [
        (2, date(2024, 7, 1), "goal_completions", 30.0),
        (2, date(2024, 7, 1), "total_users", 12.0),
        (3, date(2024, 7, 2), "goal_completions", 7.0),
        (3, date(2024, 7, 2), "total_users", 3.0),
    ],
)
EARLIER["ga4-ui"] = "Date,Sessions\n20230601,4\n20230602,5\n"
EARLIER["ua"] = "Date,Sessions\n20230601,4\n"
COLUMN_C["ga4-ui"] = "Nombre d'événements"
COLUMN_C["ua"] = "Objectifs réalisés"


@pytest.mark.parametrize(
    "source, row, reason_fr",
    [
        (
            "ga4-ui",
            ["20240703", "douze", "1"],
            "ligne 4 : « douze » n'est pas un nombre pour active_users (colonne « Utilisateurs actifs », fichier "
            "« comptes.csv ») ; attendu : un nombre écrit 1234.5 (taux en fraction 0.452)",
        ),
        (
            "ga4-ui",
            ["2024-07-03", "1", "1"],
            "ligne 4 : « 2024-07-03 » n'est pas une date pour date (colonne « Date », fichier « comptes.csv ») ; "
            "attendu : une date AAAAMMJJ (20240131)",
        ),
        (
            "ua",
            ["20240703", "1", "beaucoup"],
            "ligne 4 : « beaucoup » n'est pas un nombre pour goal_completions (colonne « Objectifs réalisés », "
            "fichier « comptes.csv ») ; attendu : un nombre écrit 1 234,5 ou 45,2 %",
        ),
    ],
)
def test_bad_web_values_are_quarantined(con, tmp_path, source, row, reason_fr):
    result = loaded(con, source, write(tmp_path, "comptes.csv", _with_row(source, row)), 3, 2, 1)
    assert result.reasons("fr") == [reason_fr]
    query, expected = LOADED[source]
    assert rows(con, query) == expected


@pytest.mark.parametrize("source", ["ga4-ui", "ua"])
def test_web_file_without_a_known_metric_is_refused_naming_the_columns(store, tmp_path, source):
    path = write(tmp_path, "barres.csv", text_of(base(source), "|"))
    fr, en = refused(store, source, path)
    header = "|".join(BASE[source][0])
    assert fr.startswith(
        f"Le fichier « barres.csv » n'a aucune colonne de mesure connue ; rien n'a été chargé. "
        f"Colonnes trouvées : {header}. Attendu par exemple : "
    )
    assert en.startswith(
        f"The file 'barres.csv' has no known metric column; nothing was loaded. Columns found: {header}."
    )


# --- ga4-api (JSON runReport responses): the CSV corpus above does not apply; its own bad inputs ------

API_REPORT = {
    "dimensionHeaders": [{"name": "date"}],
    "metricHeaders": [
        {"name": "sessions", "type": "TYPE_INTEGER"},
        {"name": "userEngagementDuration", "type": "TYPE_SECONDS"},
    ],
    "rows": [
        {"dimensionValues": [{"value": "20240701"}], "metricValues": [{"value": "12"}, {"value": "300.5"}]},
        {"dimensionValues": [{"value": "20240702"}], "metricValues": [{"value": "3"}, {"value": "45"}]},
    ],
    "rowCount": 2,
}


def api_text(*extra_rows: list[str]) -> str:
    import json

    report = dict(API_REPORT, rows=API_REPORT["rows"] + [
        {"dimensionValues": [{"value": day}], "metricValues": [{"value": v} for v in values]}
        for day, *values in extra_rows
    ])  # fmt: skip
    return json.dumps(report, ensure_ascii=False)


@pytest.mark.parametrize(
    "name, content, fr",
    [
        ("vide.json", b"", "Fichier illisible « vide.json », ligne 1, colonne 1 : JSON invalide"),
        ("tronque.json", api_text()[:40], "Fichier illisible « tronque.json », ligne 1, colonne"),
        ("image.json", PNG, "Fichier illisible « image.json », ligne 1, colonne 1 : JSON invalide"),
        ("tableau.json", "date,sessions\n20240701,12\n", "Fichier illisible « tableau.json »"),
        ("nul.json", "null", "« nul.json », la réponse : ce n'est pas une réponse runReport"),
        ("vide2.json", "[]", "« vide2.json » : aucune ligne de données (rows vide ou absent)"),
    ],
)
def test_ga4_api_unreadable_files_are_refused(store, tmp_path, name, content, fr):
    assert refused(store, "ga4-api", write(tmp_path, name, content))[0].startswith(fr)


def test_ga4_api_utf16_with_bom_loads_the_same_values(con, tmp_path):
    path = write(tmp_path, "rapport.json", b"\xff\xfe" + api_text().encode("utf-16-le"))
    result = loaded(con, "ga4-api", path, 2, 2, 0)
    assert result.encoding == "utf-16-le"
    assert rows(con, "SELECT row_number, metric, value FROM raw_web_rows ORDER BY 1, 2") == [
        (1, "sessions", 12.0),
        (1, "user_engagement_duration", 300.5),
        (2, "sessions", 3.0),
        (2, "user_engagement_duration", 45.0),
    ]


@pytest.mark.parametrize(
    "row, reason_fr",
    [
        (["20240703", "douze", "1"], "ligne de données n° 3 : « douze » n'est pas un nombre entier pour la métrique "
                                     "sessions (TYPE_INTEGER) (JSON : rows[2])"),
        (["20240703", "", "1"], "ligne de données n° 3 : valeur vide pour la métrique sessions (TYPE_INTEGER) "
                                "(JSON : rows[2])"),
        (["20240703", "1", "1,5"], "ligne de données n° 3 : « 1,5 » n'est pas un nombre pour la métrique "
                                   "userEngagementDuration (TYPE_SECONDS) (JSON : rows[2])"),
        (["2024-07-03", "1", "1"], "ligne de données n° 3 : « 2024-07-03 » n'est pas une date AAAAMMJJ pour la "
                                   "dimension date (JSON : rows[2])"),
        (["20240703", "1"], "ligne de données n° 3 : nombre de valeurs : 1 de dimension et 1 de métrique ; "
                            "attendu : 1 et 2 (dimensionHeaders, metricHeaders) (JSON : rows[2])"),
    ],
)  # fmt: skip
def test_ga4_api_bad_values_are_quarantined(con, tmp_path, row, reason_fr):
    result = loaded(con, "ga4-api", write(tmp_path, "rapport.json", api_text(row)), 3, 2, 1)
    assert result.reasons("fr") == [reason_fr]
    assert rows(con, "SELECT DISTINCT row_number FROM raw_web_rows ORDER BY 1") == [(1,), (2,)]


# --- ga4-events (GA4 BigQuery export, NDJSON or Parquet): the CSV corpus above does not apply --------
# One event per line; the file is read by DuckDB, so its faults are JSON's: encodings, binary files,
# objects spread over several lines, values of the wrong type. Rows are the file's lines.


def ga4_line(second: int = 0, **fields) -> str:
    import json

    event = {
        "event_date": "20260714",
        "event_timestamp": str(1784044800000000 + second * 1_000_000),  # 2026-07-14 16:00 UTC
        "event_name": "page_view",
        "user_pseudo_id": "3868899112.4128253975",
        "event_params": [{"key": "ga_session_id", "value": {"int_value": "1784044800"}}],
    }
    event.update(fields)
    return json.dumps(event, ensure_ascii=False)


GA4_LINES = "\n".join(ga4_line(n) for n in range(3)) + "\n"


@pytest.mark.parametrize(
    "name, content, fr",
    [
        ("bom.json", b"\xef\xbb\xbf" + GA4_LINES.encode(), "Fichier illisible « bom.json », ligne 1 : JSON mal formé (byte order mark"),
        ("utf16.json", GA4_LINES.encode("utf-16"), "Fichier illisible « utf16.json », ligne 1 : JSON mal formé"),
        ("latin1.json", ga4_line(event_name="clic_été").encode("cp1252"), "Fichier illisible « latin1.json », ligne 1 : JSON mal formé (invalid UTF-8"),
        ("nul.json", GA4_LINES.replace("page_view", "page\x00view", 1).encode(), "Fichier illisible « nul.json », ligne 1 : JSON mal formé"),
        ("joli.json", b'{\n  "event_name": "page_view"\n}\n', "Fichier illisible « joli.json », ligne 1 : JSON mal formé"),
        ("coupe.json", (GA4_LINES + ga4_line(9))[:-20].encode(), "Fichier illisible « coupe.json », ligne 4 : JSON mal formé"),
        ("image.json", PNG, "Fichier illisible « image.json », ligne 1 : JSON mal formé"),
        ("archive.json.gz", _zip_bytes(), "Fichier illisible « archive.json.gz » : ce n'est pas une archive gzip valide."),
        ("rapport.parquet", b"%PDF-1.7\n", "Fichier illisible « rapport.parquet » : ce n'est pas un fichier Parquet"),
        ("params.json", GA4_LINES + ga4_line(5, event_params="ga_session_id=1") + "\n", "Fichier illisible « params.json », ligne 4 : Expected"),
        ("appareil.json", ga4_line(device="mobile") + "\n", "Fichier illisible « appareil.json », ligne 1 : Expected OBJECT"),
        ("blancs.json", b"\n \n\r\n", "Le fichier « blancs.json » est vide : aucun événement."),
        ("vide.json.gz", __import__("gzip").compress(b"", mtime=0), "Le fichier « vide.json.gz » est vide : aucun événement."),
    ],
)  # fmt: skip
def test_ga4_events_unreadable_files_are_refused(store, tmp_path, name, content, fr):
    assert refused(store, "ga4-events", write(tmp_path, name, content))[0].startswith(fr)


@pytest.mark.parametrize(
    "name, content, counts, reasons",
    [
        ("crlf.json", GA4_LINES.replace("\n", "\r\n"), (3, 3, 0), []),
        ("sans_fin.json", GA4_LINES.rstrip("\n"), (3, 3, 0), []),
        (
            "enorme.json",
            GA4_LINES + ga4_line(event_timestamp="99999999999999999999999") + "\n",
            (4, 3, 1),
            ["ligne 4 : event_timestamp « 99999999999999999999999 » n'est pas un entier dans « enorme.json » "
             "(attendu : microsecondes UTC depuis 1970)"],
        ),
        (
            "types.json",
            GA4_LINES + ga4_line(event_name=["page_view"], event_date=20260714) + "\n",
            (4, 4, 0),
            [],
        ),
        (
            "dates.json",
            GA4_LINES + ga4_line(event_date="14/07/2026") + "\n" + ga4_line(event_date="20260230") + "\n",
            (5, 3, 2),
            ["ligne 4 : event_date illisible « 14/07/2026 » dans « dates.json » (attendu : AAAAMMJJ, ex. 20260714)",
             "ligne 5 : event_date illisible « 20260230 » dans « dates.json » (attendu : AAAAMMJJ, ex. 20260714)"],
        ),
    ],
)  # fmt: skip
def test_ga4_events_odd_lines_load_or_are_quarantined(con, tmp_path, name, content, counts, reasons):
    result = loaded(con, "ga4-events", write(tmp_path, name, content), *counts)
    assert result.reasons("fr") == reasons
    assert rows(con, "SELECT count(*) FROM duckdb_tables() WHERE temporary") == [(0,)]
