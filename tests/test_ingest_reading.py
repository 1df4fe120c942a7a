"""Reading exports: encodings, delimiters, spreadsheet row numbers, empty rows, sheets."""

from __future__ import annotations

import pytest

from smq_analytics.ingest import IngestError
from smq_analytics.ingest.tabular import decode, read_table, sniff_delimiter
from smq_analytics.ingest.values import parse_integers
from ingest_support import FIXTURES, write_xlsx

import pandas as pd


@pytest.mark.parametrize(
    "data, encoding, text",
    [
        (b"\xef\xbb\xbfa\xc3\xa9", "utf-8-sig", "aé"),
        (b"a\xc3\xa9", "utf-8", "aé"),
        (b"L\x92\x9cuvre \x80", "cp1252", "L’œuvre €"),  # latin-1 would give control characters here
        (b"\xff\xfe" + "a\té".encode("utf-16-le"), "utf-16-le", "a\té"),  # Excel « Texte Unicode »
        (b"\xfe\xff" + "a\té".encode("utf-16-be"), "utf-16-be", "a\té"),
        (b"\xff\xfe\x00\x00" + "aé".encode("utf-32-le"), "utf-32-le", "aé"),  # not read as UTF-16 LE
        (b"\x00\x00\xfe\xff" + "aé".encode("utf-32-be"), "utf-32-be", "aé"),
    ],
)
def test_encodings(data, encoding, text):
    assert decode(data, "f.csv") == (text, encoding)


@pytest.mark.parametrize(
    "text, delimiter",
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1,5;2;3\n", ";"),  # decimal commas do not fool it
        ('a\tb\n"x, y"\t2\n', "\t"),
        ('"nom, prénom";ville\n"Roy, A";Québec\n', ";"),
    ],
)
def test_delimiters(text, delimiter):
    assert sniff_delimiter(text) == delimiter


def test_row_numbers_skip_empty_rows_and_multiline_cells(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text('\n\nmois,total\n2024-01,"1\n2"\n,\n2024-02,3\n', encoding="utf-8")
    table = read_table(path)
    assert table.headers == ["mois", "total"]
    assert list(table.frame.index) == [4, 6]  # header on row 3; row 5 is empty; a quoted newline stays in its row
    assert table.rows_read == 2


def test_duplicate_and_missing_headers_get_names(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("a,a,,\n1,2,3,\n", encoding="utf-8")
    assert read_table(path).headers == ["a", "a (2)", "C"]


def test_xlsx_sheet_choice(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [["mois", "total"], ["2024-01", 3.0]], sheet="Données")
    table = read_table(path, sheet="Données")
    assert table.frame.loc[2].tolist() == ["2024-01", "3"]
    with pytest.raises(IngestError) as info:
        read_table(path, sheet="Réponses")
    assert info.value.text("fr") == "Feuille « Réponses » absente de « f.xlsx ». Feuilles : Données."


def test_two_row_header(tmp_path):
    path = write_xlsx(
        tmp_path / "sm.xlsx",
        [
            ["Respondent ID", "Question?", None, "Autre"],
            [None, "Option A", "Option B", "Response"],
            ["1", "Option A", None, "x"],
        ],
    )
    table = read_table(path, header_rows=2)
    assert table.headers == ["Respondent ID", "Question? / Option A", "Question? / Option B", "Autre"]
    assert list(table.frame.index) == [3]


def test_integers_as_written_in_quebec():
    numbers, not_whole = parse_integers(
        pd.Series(["1 234", "1\u00a0234", "1\u202f234", "12", "-3", "12,0", "1,5", "abc", ""], dtype="str")
    )
    assert numbers.tolist()[:6] == [1234, 1234, 1234, 12, -3, 12]
    assert not_whole.tolist() == [False] * 6 + [True, True, False]


def test_integers_too_long_for_64_bits_saturate():
    from smq_analytics.ingest.values import INT64_MAX, INT64_MIN

    numbers, not_whole = parse_integers(
        pd.Series(
            [
                "99999999999999999999999",
                "-99999999999999999999999",
                "000000000000000000000012",
                "999999999999999999",
                "1e30",
                "",
            ],
            dtype="str",
        )
    )
    assert numbers.tolist()[:4] == [INT64_MAX, INT64_MIN, 12, 999_999_999_999_999_999]
    assert numbers.isna().tolist()[4:] == [True, True]
    assert not_whole.tolist() == [False, False, False, False, True, False]


# --- a leading comment block (Google Analytics exports) ---------------------------------------------


def _ga4_lines() -> list[str]:
    return (FIXTURES / "ga4_preamble.csv").read_text(encoding="utf-8").splitlines()


def test_a_leading_comment_block_is_kept_apart_with_its_keys_and_values():
    table = read_table(FIXTURES / "ga4_preamble.csv")
    lines = _ga4_lines()
    comments = [line for line in lines[: lines.index("")] if line.startswith("#")]
    assert table.preamble_lines == tuple(comments)
    expected = {}
    for line in comments:
        key, colon, value = line[1:].partition(":")
        if colon and key.strip(" \u00a0"):
            expected[key.strip(" \u00a0")] = value.strip(" \u00a0")
    assert table.preamble == expected
    assert table.preamble["Date de début"] == "20240101" and table.preamble["Date de fin"] == "20240331"
    assert table.headers == lines[lines.index("") + 1].split(",")


def test_rows_after_a_comment_block_keep_the_files_line_numbers():
    table = read_table(FIXTURES / "ga4_preamble.csv")
    lines = _ga4_lines()
    header = lines.index("") + 2  # 1-based line of the header
    assert list(table.frame.index) == list(range(header + 1, len(lines) + 1))
    assert table.frame.loc[header + 2, "Sessions"] == lines[header + 1].split(",")[1]  # « #N/A » is data
    _, bad = parse_integers(table.values("Sessions"))
    assert list(bad[bad].index) == [header + 2]


@pytest.mark.parametrize(
    "text",
    [
        "#,name\n1,Roy\n",  # a header cell starting with '#', data right after
        "# note\nmois,total\n2024-01,3\n",  # comments not closed by a blank line: data as usual
    ],
)
def test_a_hash_line_not_closed_by_a_blank_line_is_an_ordinary_row(tmp_path, text):
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    table = read_table(path)
    assert table.preamble == {} and table.preamble_lines == ()
    assert table.headers[0] == text.splitlines()[0].split(",")[0] and table.frame.index[0] == 2


def test_a_comment_block_in_windows_1252_with_crlf_keeps_its_line_numbers(tmp_path):
    path = tmp_path / "ua.csv"
    text = "# Compte\u00a0: Musée\r\n# Date de début\u00a0: 20240101\r\n\r\nPage;Vues\r\n/accueil;12\r\n"
    path.write_bytes(text.encode("cp1252"))
    table = read_table(path)
    assert table.encoding == "cp1252" and table.delimiter == ";"
    assert table.preamble == {"Compte": "Musée", "Date de début": "20240101"}
    assert list(table.frame.index) == [5] and table.headers == ["Page", "Vues"]
