"""Demo generator of the attendance source: the museum's monthly attendance in its layout (long,
semicolon CSV, sites × months or one workbook per museum year; registered on the attendance SourceSpec)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from .. import params
from ..i18n import month_name
from .counts import months
from .manifest import DemoMuseum, ManifestEntry
from .profiles import SEASONS, Profile
from .writers import write_csv, write_xlsx


def attendance_files(demo: DemoMuseum) -> list[ManifestEntry]:
    """The attendance exports of one museum."""
    return _attendance_files(demo.index, demo.profile, demo.museum, demo.monthly, demo.folder)


def _attendance_files(
    index: int, profile: Profile, museum: params.Museum, monthly: list[dict], folder: Path
) -> list[ManifestEntry]:
    layout = profile.attendance_layout
    if layout == "long":
        header = (
            ["Mois", "Entrées totales", "Payantes", "Gratuites", "Scolaires"]
            if profile.breakdown
            else ["Mois", "Entrées totales"]
        )
        keys = ("total", "paid", "free", "school") if profile.breakdown else ("total",)
        path = folder / "frequentation-mensuelle.csv"
        write_csv(path, header, [[r["month"].strftime("%Y-%m"), *(r[k] for k in keys)] for r in monthly])
        return [ManifestEntry("attendance", path, museum.id, None, None)]
    if layout == "long_semicolon":
        path = folder / "frequentation.csv"
        rows = [
            [
                f"{month_name(r['month'].month, 'fr', abbreviated=True)} {r['month'].year}",
                f"{r['total']:,}".replace(",", "\u00a0"),
            ]
            for r in monthly
        ]
        write_csv(path, ["Mois", "Fréquentation"], rows, encoding="cp1252", delimiter=";", newline="\r\n")
        return [ManifestEntry("attendance", path, museum.id, None, None)]
    if layout == "wide_sites":
        # one row per site, one column per month (the month headers are real dates in the sheet)
        chosen = months()
        totals = {(r["site"], r["month"]): r["total"] for r in monthly}
        path = folder / "frequentation-par-site.xlsx"
        rows = [[site, *(totals[site, m] for m in chosen)] for site in profile.sites]
        write_xlsx(path, [("Fréquentation", ["Site", *(datetime(m.year, m.month, 1) for m in chosen)], rows)])
        return [ManifestEntry("attendance", path, museum.id, None, None)]
    # wide_months: one workbook per museum year (November to October), one column per month
    entries = []
    for year in SEASONS:
        chosen = [r for r in monthly if date(year - 1, 11, 1) <= r["month"] <= date(year, 10, 1)]
        header = [
            "Indicateur",
            *(f"{month_name(r['month'].month, 'fr', abbreviated=True)} {r['month'].year}" for r in chosen),
        ]
        names = (("total", "Total"), ("paid", "Payantes"), ("free", "Gratuites"), ("school", "Scolaires"))
        rows = [[label, *(r[key] for r in chosen)] for key, label in names if profile.breakdown or key == "total"]
        path = folder / f"frequentation-{year - 1}-{year}.xlsx"
        write_xlsx(path, [(f"{year - 1}-{year}", header, rows)])
        entries.append(ManifestEntry("attendance", path, museum.id, None, None))
    return entries
