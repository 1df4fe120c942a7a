"""Deterministic demo data: the exports twelve fictional museums would receive, then a demo store.

generate(out_dir) writes, for the museums of parameters/museums/ listed in PROFILES, three summer
surveys (2024-2026) from four survey tools (LimeSurvey CSV, SurveyMonkey-style XLSX, Google Forms
CSV, an Excel Windows-1252 `;` CSV), each with the mapping file it needs; desk count grids for a few
museums; and 36 months of attendance (November 2023 to October 2026). The same call writes the same
bytes on every machine: one numpy Generator per museum, source and season seeded from fixed numbers,
no clock, and XLSX archives rewritten with fixed dates and no compression.

build_demo(db) recreates a store and loads every file through the normal ingest path.

The package: profiles (the museums and their shares), draws (seeded streams), geography, respondents,
tools (survey tool layouts), counts (attendance and desk counts), writers (reproducible bytes), and
one generator per source — survey_files, desk_count_files, attendance_files — that the source's
SourceSpec names (ingest/registry.py), so generate() loops over the registry (docs/ARCHITECTURE.md,
« Sources »).
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import params
from ..paths import demo_dir, resolve_db
from .counts import attendance
from .draws import _rng
from .geography import Geography
from .manifest import DemoMuseum, ManifestEntry, _museums
from .profiles import DEFAULT_MUSEUM, INVALID_KINDS, PROFILES, SEASONS, Profile
from .writers import XLSX_CORE_TIME, XLSX_ZIP_TIME

__all__ = [
    "DEFAULT_MUSEUM",
    "INVALID_KINDS",
    "PROFILES",
    "SEASONS",
    "XLSX_CORE_TIME",
    "XLSX_ZIP_TIME",
    "DemoMuseum",
    "ManifestEntry",
    "Profile",
    "build_demo",
    "generate",
]


def generate(out_dir: str | os.PathLike | None = None) -> list[ManifestEntry]:
    """Write every demo export (and its mapping file) under out_dir; return them in load order: every
    file of the first registered source, then of the next (ingest/registry.py order)."""
    from ..ingest.registry import SOURCES

    out = Path(out_dir) if out_dir is not None else demo_dir()
    out.mkdir(parents=True, exist_ok=True)
    geo = Geography()
    layouts: dict = {}
    generators = {name: spec.demo_generator() for name, spec in SOURCES.items()}
    entries: dict[str, list[ManifestEntry]] = {name: [] for name in SOURCES}
    for index, profile, museum in _museums():
        folder = out / museum.id
        folder.mkdir(exist_ok=True)
        for stale in folder.iterdir():
            if stale.is_file():
                stale.unlink()
        demo = DemoMuseum(index, profile, museum, folder, geo, attendance(profile, _rng(index, "attendance")), layouts)
        for name, make_files in generators.items():
            if make_files is not None:
                entries[name] += make_files(demo)
    return [entry for name in SOURCES for entry in entries[name]]


def build_demo(db: str | os.PathLike | None, out_dir: str | os.PathLike | None = None, progress: bool = True) -> dict:
    """Recreate the store `db`, load reference data and museums, then ingest every demo file."""
    from .. import reference, store
    from ..ingest import ingest_file

    path = resolve_db(db)
    for stale in (path, path.with_name(path.name + ".wal")):
        if stale.exists():
            stale.unlink()
    manifest = generate(out_dir)
    summary = {
        "files": 0,
        "rows_read": 0,
        "rows_accepted": 0,
        "rows_rejected": 0,
        "item_problems": 0,
        "default_museum": DEFAULT_MUSEUM,
        "db": str(path),
    }
    con = store.connect(path, read_only=False)
    try:
        reference.load_reference(con)
        params.sync_museums(con, [museum for _, _, museum in _museums()])
        entries = manifest
        if progress:
            from tqdm import tqdm

            entries = tqdm(manifest, desc="Démo / demo", unit="fichier", disable=None)  # silent when not a terminal
        for entry in entries:
            result = ingest_file(con, entry.source, entry.path, entry.museum_id, year=entry.year, mapping=entry.mapping)
            summary["files"] += 1
            summary["rows_read"] += result.rows_read
            summary["rows_accepted"] += result.rows_accepted
            summary["rows_rejected"] += result.rows_rejected
            summary["item_problems"] += len(result.item_problems)
    finally:
        con.close()
    return summary
