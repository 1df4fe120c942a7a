"""One home per rule: where a rule exists both in Python and as a SQL macro, the two agree.

Distances (geo.haversine_km and the macro haversine_km), name folding (reference.fold_name and the
macro fold_name), postal codes (postal.py and the macro is_canadian_postal, privacy's redaction and
the demo's letters), and the encoding rule shared by exports and reference files.
"""

from __future__ import annotations

import itertools
import math
import re
import string

import numpy as np
import pytest

from smq_analytics import geo, postal, privacy, reference, reference_build, store
from smq_analytics.demo import geography, respondents
from smq_analytics.encodings import decode_text
from smq_analytics.ingest import tabular


@pytest.fixture(scope="module")
def memory():
    connection = store.connect(":memory:", read_only=False)  # migrated, macros created
    yield connection
    connection.close()


def one(con, statement: str, values: list):
    return con.execute(statement, values).fetchall()[0][0]


# --- distances ----------------------------------------------------------------------------------


def _pairs() -> list[tuple[float, float, float, float]]:
    """Point pairs across Quebec and beyond: the same point, a few metres, a city, the province, an ocean,
    the antimeridian and the poles."""
    rng = np.random.default_rng(7)
    drawn = [
        tuple(
            float(v) for v in (rng.uniform(44, 63), rng.uniform(-80, -57), rng.uniform(44, 63), rng.uniform(-80, -57))
        )
        for _ in range(20)
    ]
    return [
        (46.8123, -71.2050, 46.8123, -71.2050),
        (46.8123, -71.2050, 46.81231, -71.20501),
        (45.5017, -73.5673, 46.8139, -71.2080),
        (46.8123, -71.2050, 48.8566, 2.3522),
        (10.0, 179.9, 10.0, -179.9),
        (89.9, 0.0, -89.9, 180.0),
        *drawn,
    ]


def _cosine_law_km(lat1, lon1, lat2, lon2) -> float:
    """An independent formula (spherical law of cosines) on the same sphere."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0088 * math.acos(max(-1.0, min(1.0, c)))


@pytest.mark.parametrize("pair", _pairs())
def test_python_haversine_agrees_with_the_sql_macro(memory, pair):
    sql_km = one(memory, "SELECT haversine_km(?, ?, ?, ?)", list(pair))
    assert float(geo.haversine_km(*pair)) == pytest.approx(sql_km, rel=1e-9, abs=1e-9)
    assert sql_km == pytest.approx(_cosine_law_km(*pair), abs=0.01)


def test_reference_builder_and_demo_measure_with_the_one_python_haversine():
    assert reference_build.haversine_km is geo.haversine_km
    assert geography.haversine_km is geo.haversine_km


def test_python_haversine_works_on_arrays_element_by_element():
    pairs = np.array(_pairs())
    together = geo.haversine_km(pairs[:, 0], pairs[:, 1], pairs[:, 2], pairs[:, 3])
    assert together.tolist() == [float(geo.haversine_km(*p)) for p in pairs]


# --- name folding ----------------------------------------------------------------------------------

TRICKY_NAMES = [
    "Québec",
    "  Montréal ",
    "Trois-Rivières",
    "L'Île-d'Orléans",
    "L’Assomption",
    "Saint-Jérôme",
    "St-Jérôme",
    "Sainte-Anne-des-Monts",
    "Ste-Foy",
    "Cœur-de-Lion",
    "Æsop",
    "ŒUVRE",
    "Çà et là",
    "Ñandú",
    "Ångström",
    "Lac-Mégantic",
    "Baie-d'Urfé",
    "Îles-de-la-Madeleine",
    "Notre-Dame-de-l'Île-Perrot",
    "ﬁnale",
    "Ｑuébec",
    "São Paulo",
    "Zürich",
    "Ḱ",
    "10e Avenue",
    "H2X 1Y4",
    "---",
    "   ",
    "",
    "É",
    "ÿ",
    "straße",
    "İstanbul",
]


@pytest.mark.parametrize("name", TRICKY_NAMES)
def test_python_fold_name_agrees_with_the_sql_macro(memory, name):
    sql = one(memory, "SELECT fold_name(?)", [name])
    python = reference.fold_name(name)
    assert python == sql


def test_fold_name_of_nothing_is_none_in_both(memory):
    assert reference.fold_name(None) is None and one(memory, "SELECT fold_name(NULL)", []) is None


# --- postal codes ----------------------------------------------------------------------------------


def _shapes() -> list[str]:
    """Every first letter A–Z in FSA and full codes with valid and invalid other letters, plus shapes
    that are not codes at all."""
    codes = []
    for first in string.ascii_uppercase:
        codes += [f"{first}1A", f"{first}0B", f"{first}1A1B1", f"{first}1A 1B1"]
    for other in string.ascii_uppercase:
        codes += [f"G1{other}", f"G1A1{other}1", f"H2{other}3{other}4"]
    return codes + ["", "G1", "G1A1", "G1A1B", "1GA", "GG1", "G1A1B1C", "g1a1b1", "G1A-1B1", "ÉA1"]


@pytest.mark.parametrize("code", _shapes())
def test_sql_is_canadian_postal_accepts_what_postal_py_accepts(memory, code):
    normal = postal.compact(code)
    python = postal.normalise_canadian(code) == normal and bool(normal)
    sql = one(memory, "SELECT is_canadian_postal(?)", [normal])
    assert bool(sql) == python


def test_postal_letters_are_canada_posts():
    never = set("DFIOQU")
    assert set(postal.OTHER_LETTERS) == set(string.ascii_uppercase) - never
    assert set(postal.FIRST_LETTERS) == set(postal.OTHER_LETTERS) - {"W", "Z"}


def test_the_demo_draws_postal_letters_from_postal_py():
    assert respondents.POSTAL_LETTERS == postal.OTHER_LETTERS


@pytest.mark.parametrize("first, third", list(itertools.product(string.ascii_uppercase, "AWZD")))
def test_privacy_masks_a_lone_fsa_exactly_when_postal_py_accepts_it(first, third):
    fsa = f"{first}1{third}"
    masked = privacy.redact(f"près de {fsa} hier", "fr", escape=False) != f"près de {fsa} hier"
    assert masked == (postal.normalise_canadian(fsa) == fsa)


def test_privacy_masks_a_full_code_whatever_its_letters():
    for first in string.ascii_uppercase:
        text = f"j'habite {first}1D 2F3"
        assert not re.search(rf"{first}1D", privacy.redact(text, "fr", escape=False))


# --- encodings -------------------------------------------------------------------------------------

SAMPLES = ["Québec, œuvre, 12 €", "plain ascii", "Ω≈ç√∫"]


ENCODINGS = [
    ("utf-8", b""),
    ("utf-8", b"\xef\xbb\xbf"),
    ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff"),
    ("utf-32-le", b"\xff\xfe\x00\x00"),
    ("cp1252", b""),
]


def _representable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize(
    "text, encoding, mark",
    [(text, encoding, mark) for text in SAMPLES for encoding, mark in ENCODINGS if _representable(text, encoding)],
)
def test_exports_and_reference_files_decode_alike(tmp_path, text, encoding, mark):
    data = mark + text.encode(encoding)
    expected = data[len(mark) :].decode(encoding)
    path = tmp_path / "file.csv"
    path.write_bytes(data)
    assert decode_text(data)[0] == expected
    assert tabular.decode(data, "file.csv")[0] == expected
    assert reference._read_text(path) == expected


def test_an_undecodable_file_names_the_encoding_tried_last_and_the_byte():
    data = b"abc\xef\xbb\xbf" + b"\x81"  # neither UTF-8 nor Windows-1252 (0x81 is unassigned)
    with pytest.raises(UnicodeDecodeError) as error:
        decode_text(data)
    assert error.value.encoding == "cp1252" and error.value.start == data.index(b"\x81")


# --- month names -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("abbreviated", [False, True])
def test_every_month_name_the_package_writes_is_read_back_by_the_month_parser(lang, abbreviated):
    from datetime import date

    from smq_analytics.i18n import month_name
    from smq_analytics.ingest.periods import month_start

    for month in range(1, 13):
        written = f"{month_name(month, lang, abbreviated)} 2025"
        assert month_start(written) == date(2025, month, 1), written
        assert month_start(written.upper()) == date(2025, month, 1), written


def test_french_month_names_take_no_capital_and_english_ones_do():
    from smq_analytics.i18n import MONTH_ABBREVIATIONS, MONTH_NAMES

    assert all(name == name.lower() for name in (*MONTH_NAMES["fr"], *MONTH_ABBREVIATIONS["fr"]))
    assert all(name[0].isupper() for name in (*MONTH_NAMES["en"], *MONTH_ABBREVIATIONS["en"]))
    assert MONTH_NAMES["fr"][7] == "août" and MONTH_ABBREVIATIONS["fr"][6] == "juil."
