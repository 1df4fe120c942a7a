"""The design is documented inside the repository: docs/ARCHITECTURE.md names every CLI command and
every public view, every section the code cites exists, and nothing points outside the repository."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from smq_analytics import cli, store

ROOT = Path(__file__).resolve().parents[1]
ARCHITECTURE = ROOT / "docs" / "ARCHITECTURE.md"
README = ROOT / "README.md"
CITATION = re.compile(r"ARCHITECTURE\.md,?\s*«\s*(?P<section>[^»]+?)\s*»")
HEADING = re.compile(r"^#{2,6}\s+(?:\d+(?:\.\d+)*\.?\s+)?(?P<title>.+?)\s*$", re.MULTILINE)
OUTSIDE = re.compile(r"\.\./shared|(?<![A-Za-z_])DESIGN\.md|WEB\.md")


def tracked_text_files() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    ).stdout.splitlines()
    wanted = (".py", ".sql", ".md", ".yaml", ".yml", ".ipynb", ".j2", ".css", ".js", ".toml", ".cfg", ".txt")
    return [ROOT / name for name in names if name.endswith(wanted) or name in ("Makefile", ".ci/run")]


def cli_commands() -> list[str]:
    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(subparsers.choices)


def public_views() -> list[str]:
    con = store.connect(":memory:", read_only=False)
    try:
        rows = store.query_rows(con, "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1")
    finally:
        con.close()
    return [name for (name,) in rows if not name.startswith(("stg_", "int_"))]


def test_every_cli_command_is_documented_in_the_readme_and_the_architecture():
    assert cli_commands(), "no command found in the parser"
    for doc in (README, ARCHITECTURE):
        text = doc.read_text(encoding="utf-8")
        missing = [c for c in cli_commands() if f"smq-analytics {c}" not in text]
        assert missing == [], f"{doc.name} does not show: {missing}"


def test_every_public_view_is_named_in_the_architecture():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    views = public_views()
    assert "survey_responses" in views
    assert [v for v in views if f"`{v}`" not in text] == []


def test_every_section_the_code_cites_exists():
    headings = {m.group("title").strip() for m in HEADING.finditer(ARCHITECTURE.read_text(encoding="utf-8"))}
    cited: dict[str, set[str]] = {}
    for path in tracked_text_files():
        for match in CITATION.finditer(path.read_text(encoding="utf-8", errors="replace")):
            cited.setdefault(" ".join(match.group("section").split()), set()).add(path.name)
    assert cited, "no citation found: the pattern is wrong"
    unknown = {section: sorted(files) for section, files in cited.items() if section not in headings}
    assert unknown == {}, f"cited sections missing from docs/ARCHITECTURE.md: {unknown}"


def test_nothing_points_to_a_design_file_outside_the_repository():
    offenders = [
        str(p.relative_to(ROOT))
        for p in tracked_text_files()
        if p.name != "test_docs.py" and OUTSIDE.search(p.read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == []
