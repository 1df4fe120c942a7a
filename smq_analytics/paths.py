"""Where things live: the project folder, the store file, reference data, parameters, reports."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SQL_DIR = PACKAGE_DIR / "sql"
MODELS_DIR = SQL_DIR / "models"  # macros and views by layer, with their contracts (smq_analytics.models)


def project_dir() -> Path:
    """The checkout holding data/, parameters/ and notebooks/ (SMQ_HOME overrides)."""
    home = os.environ.get("SMQ_HOME")
    if home:
        return Path(home).resolve()
    return PACKAGE_DIR.parent


def reference_dir() -> Path:
    return project_dir() / "data" / "reference"


def demo_dir() -> Path:
    return project_dir() / "data" / "demo"


def parameters_dir() -> Path:
    return project_dir() / "parameters"


def notebooks_dir() -> Path:
    return project_dir() / "notebooks"


def reports_dir() -> Path:
    return project_dir() / "reports"


def default_db() -> Path:
    """The store: SMQ_DB if set, else data/smq.duckdb in the project."""
    env = os.environ.get("SMQ_DB")
    if env:
        return Path(env).expanduser().resolve()
    return project_dir() / "data" / "smq.duckdb"


def resolve_db(db: str | os.PathLike | None) -> Path:
    """An explicit path wins; an empty value means the default store."""
    if db is None or str(db) == "":
        return default_db()
    return Path(db).expanduser().resolve()
