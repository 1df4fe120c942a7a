"""Build the FSA tables of data/reference/ from their documented inputs.

    python -m smq_analytics.reference_build            write fsa_quebec.csv and fsa_canada_outside_quebec.csv
    python -m smq_analytics.reference_build --check    exit 1 if a shipped file differs

fsa_quebec.csv, the Quebec FSA -> region crosswalk:

Inputs (data/reference/ and data/reference/sources/, method in data/reference/README.md):
  sources/fsa_places.csv     every Quebec FSA with the place published for it, the published centroid
                             when there is one, the municipality the place belongs to, an 'uncertain'
                             flag for FSAs that straddle regions, and a note
  municipalities.csv         region codes and coordinates of each municipality
  municipality_aliases.csv   former municipalities and boroughs -> current municipality
  sources/fsa_overrides.csv  a few corrections applied last (empty cell = keep the derived value)

Rules: the regions are those of the municipality. The coordinates are the published centroid when it
lies within 35 km (urban FSA) or 100 km (rural FSA, 0 in second place) of that municipality, else the
municipality's own coordinates. A row is approximate when the FSA is rural, flagged uncertain, has no
published centroid, or its published centroid was rejected: whenever the point stands for a whole
region or for a municipality's centre rather than for the FSA itself.

fsa_canada_outside_quebec.csv, where the FSAs of the other provinces and territories lie (for the
distance of Canadians who live outside Quebec), from sources/fsa_canada_places.csv (the published
centroid of every non-Quebec FSA) and provinces.csv (which first letters each province uses). A row is
approximate when the FSA is rural.

Both outputs are sorted by FSA, coordinates with 4 decimals, '\\n' line ends, so the same inputs
always give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from .geo import haversine_km
from .i18n import Message
from .paths import reference_dir
from .postal import normalise_canadian
from .reference import (
    ReferenceDataError,
    fold_name,
    in_quebec,
    is_quebec_fsa,
    municipality_index,
    read_reference_csv,
)

OUTPUT_NAME = "fsa_quebec.csv"
OUTPUT_COLUMNS = ["fsa", "admin_region_code", "tourist_region_code", "latitude", "longitude", "approximate", "basis"]
OUTSIDE_NAME = "fsa_canada_outside_quebec.csv"
OUTSIDE_SOURCE = "sources/fsa_canada_places.csv"
OUTSIDE_COLUMNS = ["fsa", "province_code", "latitude", "longitude", "approximate", "place"]
# A box around Canada (WGS84): Middle Island 41.7° N to Cape Columbia 83.1° N, Yukon-Alaska 141° W to
# Cape Spear 52.6° W, with a small margin.
CANADA_LAT = (41.6, 83.2)
CANADA_LON = (-141.1, -52.5)
MAX_CENTROID_KM = {"urban": 35.0, "rural": 100.0}


def _fail(file_name: str, row: int, column: str, fr: str, en: str) -> ReferenceDataError:
    return ReferenceDataError(
        Message(
            f"{file_name}, ligne {row}, colonne « {column} » : {fr}",
            f"{file_name}, row {row}, column '{column}': {en}",
        )
    )


def _overrides(folder: Path) -> dict[str, dict[str, str]]:
    rows = read_reference_csv("sources/fsa_overrides.csv", folder)
    return {row["fsa"]: row for row in rows}


def build_rows(folder: Path | None = None) -> list[dict[str, str]]:
    """The crosswalk rows, derived from the inputs by the rules in the module docstring."""
    folder = Path(folder or reference_dir())
    municipality_index.cache_clear()
    municipalities = municipality_index(folder)
    admin_codes = {row["admin_region_code"] for row in read_reference_csv("admin_regions.csv", folder)}
    tourist_codes = {row["tourist_region_code"] for row in read_reference_csv("tourist_regions.csv", folder)}
    overrides = _overrides(folder)
    source = "sources/fsa_places.csv"
    out: dict[str, dict[str, str]] = {}
    for number, place in enumerate(read_reference_csv(source, folder), start=2):
        fsa = place["fsa"]
        if not is_quebec_fsa(fsa) or fsa != fsa.upper():
            raise _fail(
                source, number, "fsa", f"« {fsa} » n'est pas une RTA québécoise.", f"'{fsa}' is not a Quebec FSA."
            )
        if fsa in out:
            raise _fail(source, number, "fsa", f"{fsa} figure deux fois.", f"{fsa} appears twice.")
        municipality = municipalities.get(fold_name(place["municipality"]) or "")
        if municipality is None:
            raise _fail(
                source,
                number,
                "municipality",
                f"« {place['municipality']} » absente de municipalities.csv et de municipality_aliases.csv.",
                f"'{place['municipality']}' is in neither municipalities.csv nor municipality_aliases.csv.",
            )
        rural = fsa[1] == "0"
        muni_lat, muni_lon = float(municipality["latitude"]), float(municipality["longitude"])
        approximate = rural or place["uncertain"] == "1"
        if place["source_latitude"]:
            lat, lon = float(place["source_latitude"]), float(place["source_longitude"])
            limit = MAX_CENTROID_KM["rural" if rural else "urban"]
            if haversine_km(lat, lon, muni_lat, muni_lon) <= limit:
                basis = "centroid"
            else:
                lat, lon, basis, approximate = muni_lat, muni_lon, "municipality (centroid rejected)", True
        else:  # no published centroid: the municipality's centre stands for the FSA
            lat, lon, basis, approximate = muni_lat, muni_lon, "municipality", True
        row = {
            "fsa": fsa,
            "admin_region_code": municipality["admin_region_code"],
            "tourist_region_code": municipality["tourist_region_code"],
            "latitude": lat,
            "longitude": lon,
            "approximate": approximate,
            "basis": f"{basis}; regions of {municipality['name']}",
        }
        override = overrides.get(fsa)
        if override:
            for column in ("admin_region_code", "tourist_region_code"):
                if override[column]:
                    row[column] = override[column]
            for column in ("latitude", "longitude"):
                if override[column]:
                    row[column] = float(override[column])
            if override["approximate"]:
                row["approximate"] = override["approximate"] == "true"
            row["basis"] += "; override"
        if row["admin_region_code"] not in admin_codes or row["tourist_region_code"] not in tourist_codes:
            raise _fail(
                source,
                number,
                "municipality",
                f"codes de région inconnus pour {fsa}.",
                f"unknown region codes for {fsa}.",
            )
        if not in_quebec(row["latitude"], row["longitude"]):
            raise _fail(source, number, "source_latitude", f"{fsa} hors du Québec.", f"{fsa} lies outside Quebec.")
        out[fsa] = row
    unknown = sorted(set(overrides) - set(out))
    if unknown:
        raise _fail(
            "sources/fsa_overrides.csv",
            2,
            "fsa",
            f"RTA sans ligne dans fsa_places.csv : {unknown}",
            f"FSAs without a row in fsa_places.csv: {unknown}",
        )
    return [out[fsa] for fsa in sorted(out)]


def _csv_text(header: tuple[str, ...] | list[str], lines: list[list[str]]) -> str:
    """CSV text as the shipped reference files are written: header, then one line per row, LF endings."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(lines)
    return buffer.getvalue()


def _place_cells(row: dict) -> list[str]:
    """Coordinates to 4 decimals (about 10 m) and the approximate flag, as both FSA files write them."""
    return [f"{row['latitude']:.4f}", f"{row['longitude']:.4f}", "true" if row["approximate"] else "false"]


def render(rows: list[dict[str, str]]) -> str:
    return _csv_text(
        OUTPUT_COLUMNS,
        [
            [row["fsa"], row["admin_region_code"], row["tourist_region_code"], *_place_cells(row), row["basis"]]
            for row in rows
        ],
    )


def build_crosswalk_text(folder: Path | None = None) -> str:
    """The exact text of fsa_quebec.csv for the inputs in `folder` (default data/reference/)."""
    return render(build_rows(folder))


def build_outside_quebec_rows(folder: Path | None = None) -> list[dict[str, object]]:
    """The rows of fsa_canada_outside_quebec.csv, checked against provinces.csv."""
    folder = Path(folder or reference_dir())
    letters = {row["province_code"]: row["postal_letters"] for row in read_reference_csv("provinces.csv", folder)}
    out: dict[str, dict[str, object]] = {}
    for number, place in enumerate(read_reference_csv(OUTSIDE_SOURCE, folder), start=2):
        fsa = place["fsa"]
        if normalise_canadian(fsa) != fsa or len(fsa) != 3 or is_quebec_fsa(fsa):
            raise _fail(
                OUTSIDE_SOURCE,
                number,
                "fsa",
                f"« {fsa} » n'est pas une RTA canadienne hors Québec.",
                f"'{fsa}' is not a Canadian FSA outside Quebec.",
            )
        if fsa in out:
            raise _fail(OUTSIDE_SOURCE, number, "fsa", f"{fsa} figure deux fois.", f"{fsa} appears twice.")
        province = place["province_code"]
        if province == "QC" or fsa[0] not in letters.get(province, ""):
            raise _fail(
                OUTSIDE_SOURCE,
                number,
                "province_code",
                f"{fsa} n'appartient pas à la province « {province} » (provinces.csv).",
                f"{fsa} does not belong to province '{province}' (provinces.csv).",
            )
        try:
            lat, lon = float(place["source_latitude"]), float(place["source_longitude"])
        except ValueError:
            lat = lon = float("nan")
        if not (CANADA_LAT[0] <= lat <= CANADA_LAT[1] and CANADA_LON[0] <= lon <= CANADA_LON[1]):
            raise _fail(
                OUTSIDE_SOURCE, number, "source_latitude", f"{fsa} hors du Canada.", f"{fsa} lies outside Canada."
            )
        out[fsa] = {
            "fsa": fsa,
            "province_code": province,
            "latitude": lat,
            "longitude": lon,
            "approximate": fsa[1] == "0",
            "place": place["place_published"],
        }
    return [out[fsa] for fsa in sorted(out)]


def render_outside_quebec(rows: list[dict[str, object]]) -> str:
    return _csv_text(
        OUTSIDE_COLUMNS, [[row["fsa"], row["province_code"], *_place_cells(row), row["place"]] for row in rows]
    )


def build_outside_quebec_text(folder: Path | None = None) -> str:
    """The exact text of fsa_canada_outside_quebec.csv for the inputs in `folder`."""
    return render_outside_quebec(build_outside_quebec_rows(folder))


def build_outputs(folder: Path | None = None) -> dict[str, str]:
    """File name -> exact text, for every file this module builds."""
    return {OUTPUT_NAME: build_crosswalk_text(folder), OUTSIDE_NAME: build_outside_quebec_text(folder)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m smq_analytics.reference_build",
        description="Construit data/reference/fsa_quebec.csv / builds the FSA crosswalk.",
    )
    parser.add_argument("--check", action="store_true", help="compare only / comparer sans écrire")
    parser.add_argument("--folder", type=Path, default=None, help="reference folder (default data/reference)")
    args = parser.parse_args(argv)
    folder = Path(args.folder or reference_dir())
    outputs = build_outputs(folder)
    if args.check:
        status = 0
        for name, text in outputs.items():
            target = folder / name
            same = target.is_file() and target.read_bytes() == text.encode("utf-8")
            print(("identique / identical: " if same else "différent / differs: ") + str(target))
            status = status or (0 if same else 1)
        return status
    for name, text in outputs.items():
        target = folder / name
        target.write_bytes(text.encode("utf-8"))
        print(f"{target}: {text.count(chr(10)) - 1} RTA / FSAs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
