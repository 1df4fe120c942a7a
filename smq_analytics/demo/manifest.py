"""What a demo generator returns (ManifestEntry) and what it is given (DemoMuseum)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import params
from .geography import Geography
from .profiles import PROFILES, Profile


@dataclass(frozen=True)
class ManifestEntry:
    source: str  # survey | desk-counts | attendance
    path: Path
    museum_id: str
    year: int | None
    mapping: Path | None


def _museums() -> list[tuple[int, Profile, params.Museum]]:
    return [(index, profile, params.load_museum(profile.museum_id)) for index, profile in enumerate(PROFILES)]


@dataclass
class DemoMuseum:
    """One museum being generated: its profile and parameters, its folder, the shared geography, its
    monthly attendance (desk counts are drawn from it) and the survey layouts built so far."""

    index: int
    profile: Profile
    museum: params.Museum
    folder: Path
    geo: Geography
    monthly: list[dict]
    layouts: dict = field(default_factory=dict)
