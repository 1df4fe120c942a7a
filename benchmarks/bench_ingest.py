"""Survey ingest cost as a ratio against a floor measured in the same run (no assertions).

    python benchmarks/bench_ingest.py [ROWS]

Floor: DuckDB's own read_csv of the same file into a table (all columns as text), the least any
loader must do. Measured: ingest_file(survey) — decoding, detection, codebook validation, quarantine,
ledger and the insert — into a fresh store, best of three.
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from smq_analytics import store
from smq_analytics.codebook import load_codebook
from smq_analytics.ingest import ingest_file

MUSEUM = ("bench", "Musée banc d'essai", "art", "small", "03", "TR04", "Québec", 46.81, -71.21)
POSTAL = ["G1R 2L3", "H2X1Y4", "j4k-1a1", "G0A 1B0", "K1A 0B1", ""]


def write_survey(path: Path, rows: int) -> None:
    book = load_codebook()
    rng = random.Random(7)
    names = list(book.items)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(names)
        for number in range(rows):
            record = []
            for name in names:
                item = book.item(name)
                kind = item.type
                if name == "postal_code":
                    record.append(rng.choice(POSTAL))
                elif name == "country":
                    record.append(rng.choice(["Canada", "CA", "France", "États-Unis"]))
                elif name == "province":
                    record.append(rng.choice(["QC", "Québec", "Ontario", ""]))
                elif kind == "date":
                    record.append(f"2026-{rng.randint(6, 9):02d}-{rng.randint(1, 28):02d}")
                elif kind == "scale4":
                    record.append(str(rng.choice([1, 2, 3, 4, 4, 0, 7 if number % 500 == 0 else 3])))
                elif kind == "yesno":
                    record.append(rng.choice(["Oui", "Non", "Yes", ""]))
                elif kind == "integer":
                    record.append(str(rng.randint(item.min or 0, min(item.max or 10, 10))))
                elif kind in ("category", "multi"):
                    record.append(rng.choice(list(item.codes)))
                elif name == "response_id":
                    record.append(str(number))
                else:
                    record.append(rng.choice(["", "Très belle visite", "Accueil chaleureux, merci!"]))
            out.writerow(record)


def best(action, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str]) -> None:
    rows = int(argv[0]) if argv else 20000
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        source = tmp / "sondage.csv"
        write_survey(source, rows)

        def floor_read() -> None:
            con = duckdb.connect()
            con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, all_varchar = true, header = true)", [str(source)])
            con.close()

        counter = iter(range(100))

        def ingest() -> None:
            with store.open_store(tmp / f"s{next(counter)}.duckdb", read_only=False) as con:
                con.execute(
                    "INSERT INTO museums (museum_id, name, museum_type, size_class, admin_region_code, tourist_region_code, municipality, latitude, longitude) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    list(MUSEUM),
                )
                result = ingest_file(con, "survey", source, "bench", year=2026)
                assert result.rows_read == rows == result.rows_accepted + result.rows_rejected

        floor = best(floor_read)
        loaded = best(ingest)
    print(f"floor: DuckDB read_csv of {rows:,} rows × {len(load_codebook().items)} columns: {floor:.3f} s")
    print(f"ingest_file(survey): {loaded / floor:.1f} × floor ({rows / loaded:,.0f} rows/s)")


if __name__ == "__main__":
    main(sys.argv[1:])
