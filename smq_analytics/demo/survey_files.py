"""Demo generator of the survey source: three seasons per museum, each from the museum's tool, with
the mapping file the tool needs (registered on the survey SourceSpec)."""

from __future__ import annotations

from pathlib import Path

from .. import params
from .draws import _rng
from .geography import Geography
from .manifest import DemoMuseum, ManifestEntry
from .profiles import SEASONS, Profile
from .respondents import on_scale, plant_invalid, respondents
from .tools import TOOLS, Layout
from .writers import write_csv, write_mapping, write_xlsx


def survey_files(demo: DemoMuseum) -> list[ManifestEntry]:
    """The survey exports of one museum, in season order."""
    return _survey_files(demo.index, demo.profile, demo.museum, demo.geo, demo.folder, demo.layouts)


def _survey_files(
    index: int, profile: Profile, museum: params.Museum, geo: Geography, folder: Path, layouts: dict[str, Layout]
) -> list[ManifestEntry]:
    entries = []
    for year, tool in zip(SEASONS, profile.tools):
        rng = _rng(index, "survey", year)
        people = respondents(profile, museum, geo, year, rng)
        make_layout, suffix, options, kinds = TOOLS[tool]
        plant_invalid(people, kinds, year, rng)
        layout = layouts.setdefault(tool, make_layout())
        if layout.rating_scales != ("scale4", "scale4"):
            people = on_scale(people, *layout.rating_scales)
        mapping = folder / f"correspondance-{layout.tool}.yaml"
        if not mapping.exists():
            write_mapping(mapping, layout.mapping)
        path = folder / f"sondage-{year}-{layout.tool.replace('_', '-')}.{suffix}"
        if suffix == "xlsx":
            write_xlsx(path, [("Sheet", layout.header(), layout.rows(people))])
        else:
            write_csv(path, layout.header(), layout.rows(people), **options)
        entries.append(ManifestEntry("survey", path, museum.id, year, mapping))
    return entries
