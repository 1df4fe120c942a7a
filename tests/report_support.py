"""Helpers shared by the report tests (test_report_html, test_browser, test_sanitize,
test_reports_demo): the fixture notebook's store and run, page inspections, headless Chromium.

A test module never imports another test module (pytest would collect its tests twice and the
modules would depend on each other's import order); what several share lives here.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from plotly.offline import get_plotlyjs

from smq_analytics import store
from smq_analytics.report.html import PLOTLY_MIME, export
from smq_analytics.report.meta import REMOVED_TAGS
from smq_analytics.report.runner import run_reports

FIXTURE = Path(__file__).parent / "fixtures" / "report" / "fixture_report.ipynb"
MUSEUMS = [("mus-a", "Musée A"), ("mus-b", "Musée B & fils")]
URL_IN_ATTRIBUTE = re.compile(
    r"""(?:\bsrc|\bhref)\s*=\s*["']?\s*(?:https?:)?//|@import|url\(\s*["']?\s*(?:https?:)?//""", re.IGNORECASE
)


def build_store(path: Path) -> Path:
    with store.open_store(path, read_only=False) as con:
        for museum_id, name in MUSEUMS:
            con.execute(
                "INSERT INTO museums (museum_id, name, museum_type, size_class, admin_region_code,"
                " tourist_region_code, municipality, latitude, longitude)"
                " VALUES (?, ?, 'art', 'small', '03', '03', 'Québec', 46.81, -71.21)",
                [museum_id, name],
            )
    return path


def run_fixture(tmp: Path, museums: list[str], jobs: int, year=2024):
    db = build_store(tmp / "store.duckdb") if not (tmp / "store.duckdb").exists() else tmp / "store.duckdb"
    out = tmp / "reports"
    results = run_reports(db, museums, [FIXTURE], year=year, language="fr", out_dir=out, jobs=jobs, progress=False)
    return db, out, results


def plotly_output_count(ipynb: Path) -> int:
    """Plotly outputs of the cells a report keeps, counted from the executed notebook's JSON."""
    nb = json.loads(ipynb.read_text(encoding="utf-8"))
    return sum(
        1
        for cell in nb["cells"]
        if not REMOVED_TAGS.intersection(cell.get("metadata", {}).get("tags", []))
        for output in cell.get("outputs", [])
        if PLOTLY_MIME in output.get("data", {})
    )


class ResourceCollector(HTMLParser):
    """Every src/href/style attribute value and every <style> text of a page (script bodies excluded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: list[str] = []
        self.script_srcs: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "style", "srcset", "data") and value is not None:
                self.values.append(value)
            if tag == "script" and name == "src":
                self.script_srcs.append(value or "")
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.values.append(data)


def network_references(page: str) -> list[str]:
    collector = ResourceCollector()
    collector.feed(page)
    found = [v for v in collector.values if URL_IN_ATTRIBUTE.search(v) or re.match(r"\s*(?:https?:)?//", v, re.I)]
    return found + [f"<script src={v}>" for v in collector.script_srcs]


def without_plotly_js(page: str) -> str:
    bundle = get_plotlyjs()
    assert page.count(bundle) == 1, "plotly.js must be inlined exactly once"
    return page.replace(bundle, "")


def notebook(*outputs, cells=None, metadata=None):
    cells = (
        cells if cells is not None else [{"cell_type": "code", "metadata": {}, "source": "x", "outputs": list(outputs)}]
    )
    return {"cells": cells, "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": 5}


def render(nb, tmp_path, **kwargs):
    return export(nb, tmp_path / "r.html", **{"title": "T", "language": "fr", **kwargs}).read_text(encoding="utf-8")


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    # every request that is not loopback goes to a closed port, and no name resolves
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


def chromium() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(path).is_file(), "Chromium manquant : apt-get install -y chromium / Chromium missing"
    return path


def browse(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--virtual-time-budget=15000",
            *extra,
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
