"""reports/index.html: every report of a run, grouped by museum, failures shown plainly.

Self-contained (inline CSS, no script) and deterministic: the same results give the same bytes.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

from ..i18n import Message, format_number
from .html import stylesheet, template

TEXT = {
    "title": Message("Rapports des musées", "Museum reports"),
    "org": Message("Société des musées du Québec", "Société des musées du Québec"),
    "summary": Message("{ok} rapport(s) produit(s), {failed} en échec.", "{ok} report(s) written, {failed} failed."),
    "failed": Message("non produit", "not produced"),
    "produced": Message("Produit par smq-analytics", "Produced by smq-analytics"),
}


def write_index(out_dir: str | Path, results: Iterable, language: str = "fr",
                db: str | os.PathLike | None = None) -> Path:
    """Write <out_dir>/index.html for runner.ReportResult-like objects; return its path.

    Museum names come from the store's museums table when `db` is given and readable, else from the
    results, else the museum id.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    results = list(results)
    results += earlier_reports(out, results)
    names = _store_names(db) if db is not None else {}
    museums: dict[str, dict] = {}
    for r in results:
        name = names.get(r.museum_id) or getattr(r, "museum_name", None) or r.museum_id
        block = museums.setdefault(r.museum_id, {"name": name, "reports": []})
        href = None
        if r.ok and r.html_path:
            href = quote(Path(os.path.relpath(Path(r.html_path).resolve(), out.resolve())).as_posix())
        block["reports"].append({"title": r.title or r.notebook, "href": href, "error": r.error or ""})
    ordered = sorted(museums.items(), key=lambda item: (item[1]["name"].casefold(), item[0]))
    failed = sum(1 for r in results if not r.ok)
    page = template("index.html.j2").render(
        lang=language,
        css=_markup(stylesheet()),
        org=TEXT["org"](language),
        title=TEXT["title"](language),
        summary=TEXT["summary"](language).format(ok=format_number(len(results) - failed, lang=language),
                                                 failed=format_number(failed, lang=language)),
        museums=[block for _, block in ordered],
        failed_label=TEXT["failed"](language),
        produced=TEXT["produced"](language),
    )
    path = out / "index.html"
    path.write_text(page, encoding="utf-8", newline="\n")
    return path


_TITLE = re.compile(r"<title>(?P<title>[^<]*?)(?: — [^<]*)?</title>")


def earlier_reports(out_dir: Path, results: list) -> list:
    """Reports already in out_dir/<museum>/<notebook>.html that this run did not touch, so that
    `run --museum X` keeps every other museum's report in the index."""
    from .runner import ReportResult

    done = {(r.museum_id, r.notebook) for r in results}
    found = []
    for page in sorted(out_dir.glob("*/*.html")):
        key = (page.parent.name, page.stem)
        if key in done:
            continue
        match = _TITLE.search(page.read_text(encoding="utf-8", errors="replace")[:4000])
        title = html.unescape(match.group("title")) if match else page.stem
        found.append(ReportResult(page.parent.name, page.parent.name, page.stem, title, True,
                                  page.with_suffix(".ipynb"), page))
    return found


def _store_names(db) -> dict[str, str]:
    from .runner import museum_names

    try:
        return museum_names(db)
    except Exception:  # the index is still useful with ids when the store cannot be read
        return {}


def _markup(text: str):
    from markupsafe import Markup

    return Markup(text)
