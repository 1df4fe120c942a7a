"""Demo generator of the desk-counts source: daily or weekly grids, long or wide, for the museums
whose profile has a desk layout (registered on the desk-counts SourceSpec)."""

from __future__ import annotations

from pathlib import Path

from .. import params
from ..codebook import load_codebook
from .counts import ORIGIN_HEADERS, _weeks, desk_counts
from .draws import _rng
from .manifest import DemoMuseum, ManifestEntry
from .profiles import SEASONS, Profile
from .writers import write_csv, write_xlsx


def desk_count_files(demo: DemoMuseum) -> list[ManifestEntry]:
    """The desk-count exports of one museum (none without a desk layout), in season order."""
    return _desk_files(demo.index, demo.profile, demo.museum, demo.monthly, demo.folder)


def _desk_files(
    index: int, profile: Profile, museum: params.Museum, monthly: list[dict], folder: Path
) -> list[ManifestEntry]:
    if profile.desk_layout is None:
        return []
    book = load_codebook()
    labels = {code: book.origin_categories[code]("fr") for code in ORIGIN_HEADERS}
    entries = []
    for year in SEASONS:
        days = desk_counts(profile, monthly, year, _rng(index, "desk-counts", year))
        weekly = profile.desk_layout.startswith("weekly")
        if weekly:
            days = _weeks(days)
        period_header = "Semaine" if weekly else "Date"
        period = (
            (lambda d: f"{d['date'].isocalendar().year}-W{d['date'].isocalendar().week:02d}")
            if weekly
            else (lambda d: d["date"].isoformat())
        )
        stem = folder / f"comptage-provenance-{year}"
        if profile.desk_layout.endswith("long"):
            header = [period_header, "Provenance", "Visiteurs"]
            rows = [[period(d), labels[code], d[code]] for d in days for code in ORIGIN_HEADERS]
            path = stem.with_suffix(".csv")
            if weekly:
                write_csv(path, header, rows, encoding="cp1252", delimiter=";", newline="\r\n")
            else:
                write_csv(path, header, rows)
        else:
            header = [period_header, *(labels[c] for c in ORIGIN_HEADERS), "Total"]
            rows = [[period(d), *(d[c] for c in ORIGIN_HEADERS), sum(d[c] for c in ORIGIN_HEADERS)] for d in days]
            path = stem.with_suffix(".xlsx")
            write_xlsx(path, [(f"Provenance {year}", header, rows)])
        entries.append(ManifestEntry("desk-counts", path, museum.id, year, None))
    return entries
