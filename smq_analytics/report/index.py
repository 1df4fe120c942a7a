"""reports/index.html: every report of a run, grouped by museum, failures shown plainly.

Each report line gives its season, the number of survey responses it rests on and the day it was
generated, read back from the <meta> tags of the report itself (html.META_*), so reports left by an
earlier run show their own. Museums sort in French order (accents and case aside: « Écomusée » among
the E). Self-contained (inline CSS, no script) and deterministic: the same results give the same bytes.
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

from ..i18n import Message, format_number
from .html import META_CREATED, META_RESPONSES, META_SEASON, TEXT as REPORT_TEXT, long_date, stylesheet, template

TEXT = {
    "title": Message("Rapports des musées", "Museum reports"),
    "org": Message("Société des musées du Québec", "Société des musées du Québec"),
    "summary": Message("{ok} rapport(s) produit(s), {failed} en échec.", "{ok} report(s) written, {failed} failed."),
    "failed": Message("non produit", "not produced"),
    "produced": Message("Produit par smq-analytics", "Produced by smq-analytics"),
    "responses": Message("{n} réponses", "{n} responses"),
    "response": Message("{n} réponse", "{n} response"),  # French singular for 0 and 1
    "generated": Message("généré le {date}", "generated on {date}"),
}
HEAD_CHARS = 4000  # a report's <title> and <meta> tags come before its stylesheet


def write_index(out_dir: str | Path, results: Iterable, language: str = "fr",
                db: str | os.PathLike | None = None, generated: date | str | None = None) -> Path:
    """Write <out_dir>/index.html for runner.ReportResult-like objects; return its path.

    Museum names come from the store's museums table when `db` is given and readable, else from the
    results, else the museum id. `generated` (a day, as for html.export) is printed in the footer.
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
        facts = report_facts(Path(r.html_path), language) if href else ""
        block["reports"].append({"title": r.title or r.notebook, "href": href, "facts": facts,
                                 "error": r.error or ""})
    ordered = sorted(museums.items(), key=lambda item: (*collation_key(item[1]["name"]), item[0]))
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
        generated=REPORT_TEXT["generated"](language).format(date=long_date(generated, language))
        if generated else None,
    )
    path = out / "index.html"
    path.write_text(page, encoding="utf-8", newline="\n")
    return path


_TITLE = re.compile(r"<title>(?P<title>[^<]*?)(?: — [^<]*)?</title>")
_META = re.compile(r'<meta name="(?P<name>[^"]+)" content="(?P<content>[^"]*)">')


def collation_key(name: str) -> tuple[str, str]:
    """French order: accents and case set aside (« Écomusée » between « Domaine » and « Maison »),
    then the name as written to break ties."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return bare.casefold(), name


def report_head(page: Path) -> str:
    with open(page, encoding="utf-8", errors="replace") as stream:
        return stream.read(HEAD_CHARS)


def report_facts(page: Path, language: str = "fr") -> str:
    """« Saison 2026 · 280 réponses · généré le 2 décembre 2026 » from a report's <meta> tags; each
    part only when the report has it."""
    try:
        meta = {m.group("name"): html.unescape(m.group("content")) for m in _META.finditer(report_head(page))}
    except OSError:
        return ""
    parts = []
    if meta.get(META_SEASON):
        parts.append(REPORT_TEXT["season"](language).format(season=meta[META_SEASON]))
    if meta.get(META_RESPONSES, "").isdigit():
        n = int(meta[META_RESPONSES])
        singular = n == 1 or (n == 0 and language != "en")
        parts.append(TEXT["response" if singular else "responses"](language).format(n=format_number(n, lang=language)))
    try:
        parts.append(TEXT["generated"](language).format(date=long_date(meta[META_CREATED], language)))
    except (KeyError, ValueError):  # no date, or not one
        pass
    return " · ".join(parts)


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
        match = _TITLE.search(report_head(page))
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
