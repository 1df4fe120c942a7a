"""reports/index.html: every report of the output folder, grouped by museum, failures shown plainly.

A report skipped because the museum has not sent the sources its topic needs (manifest status
« skipped », docs/ARCHITECTURE.md, « Topics ») is listed as « non produit » with the sentence naming
those sources, as a note and not as an alert: nothing failed. An older page of that report, if one
is left in the folder, is not listed (its data is no longer in the store).

The index lists the entries of <out>/manifest.json (report/manifest.py), merged with the results of
the run at hand, so that `run --museum X` keeps every other museum's reports with their own facts:
each line gives the report's season, the number of survey responses it rests on and the day it was
generated, as the runner recorded them. An entry whose page has since been deleted is left out.
A page without a manifest entry (made by a version of smq-analytics older than the manifest) is still
listed, under its registry title (else its file name), with a note saying so instead of the facts: a
new run of that report records it. Museums sort in French order (accents and case aside: « Écomusée »
among the E). Self-contained (inline CSS, no script) and deterministic: the same manifest gives the
same bytes.
"""

from __future__ import annotations

import os
import unicodedata
from datetime import date
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

from .. import topics
from ..i18n import Message, format_number
from . import manifest
from ..topics import period_text
from .html import TEXT as REPORT_TEXT, long_date, stylesheet, template

TEXT = {
    "title": Message("Rapports des musées", "Museum reports"),
    "org": Message("Société des musées du Québec", "Société des musées du Québec"),
    "summary": Message("{counts}.", "{counts}."),
    "failed": Message("non produit", "not produced"),
    "produced": Message("Produit par smq-analytics", "Produced by smq-analytics"),
    "responses": Message("{n} réponses", "{n} responses"),
    "response": Message("{n} réponse", "{n} response"),  # French singular for 0 and 1
    "generated": Message("généré le {date}", "generated on {date}"),
    "unrecorded": Message(
        "rapport d'une version antérieure, absent de manifest.json : relancez-le pour voir sa saison et sa date",
        "report from an earlier version, not in manifest.json: run it again to see its season and date",
    ),
}


def write_index(
    out_dir: str | Path,
    results: Iterable = (),
    language: str = "fr",
    db: str | os.PathLike | None = None,
    generated: date | str | None = None,
) -> Path:
    """Write <out_dir>/index.html from its manifest and `results` (runner.ReportResult-like objects,
    merged as the runner merges them; the manifest file itself is not changed); return its path.

    Museum names come from the store's museums table when `db` is given and readable, else from the
    entries, else the museum id. `generated` (a day, as for html.export) is printed in the footer.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    entries = manifest.merge(manifest.read(out), [manifest.entry(r, out) for r in results])
    entries = [e for e in entries if e["status"] != manifest.OK or (e["html"] and (out / e["html"]).is_file())]
    stale = skipped_pages(entries)
    entries += [e for e in unrecorded_pages(out, entries, language) if e["html"] not in stale]
    names = _store_names(db) if db is not None else {}
    museums: dict[str, dict] = {}
    for e in entries:
        name = names.get(e["museum"]) or e.get("museum_name") or e["museum"]
        block = museums.setdefault(e["museum"], {"name": name, "reports": []})
        ok = e["status"] == manifest.OK
        block["reports"].append(
            {
                "title": e["title"] or e["notebook"],
                "href": quote(e["html"]) if ok else None,
                "facts": e.get("note") or facts_text(e, language) if ok else "",
                "error": e.get("error") or "",
                "skipped": e["status"] == manifest.SKIPPED,
            }
        )
    ordered = sorted(museums.items(), key=lambda item: (*collation_key(item[1]["name"]), item[0]))
    page = template("index.html.j2").render(
        lang=language,
        css=_markup(stylesheet()),
        org=TEXT["org"](language),
        title=TEXT["title"](language),
        summary=TEXT["summary"](language).format(counts=manifest.summary((e["status"] for e in entries), language)),
        museums=[block for _, block in ordered],
        failed_label=TEXT["failed"](language),
        produced=TEXT["produced"](language),
        generated=REPORT_TEXT["generated"](language).format(date=long_date(generated, language)) if generated else None,
    )
    path = out / "index.html"
    path.write_text(page, encoding="utf-8", newline="\n")
    return path


def collation_key(name: str) -> tuple[str, str]:
    """French order: accents and case set aside (« Écomusée » between « Domaine » and « Maison »),
    then the name as written to break ties."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return bare.casefold(), name


def facts_text(entry: dict, language: str = "fr") -> str:
    """« Saison 2026 · 280 réponses · généré le 2 décembre 2026 » from a manifest entry; each part
    only when the entry has it."""
    parts = []
    period = period_text(entry.get("notebook"), entry.get("season"), language)
    if period:
        parts.append(period)
    n = entry.get("n_responses")
    if isinstance(n, int) and not isinstance(n, bool):
        singular = n == 1 or (n == 0 and language != "en")
        parts.append(TEXT["response" if singular else "responses"](language).format(n=format_number(n, lang=language)))
    if entry.get("generated"):
        try:
            parts.append(TEXT["generated"](language).format(date=long_date(entry["generated"], language)))
        except (TypeError, ValueError):  # not a date
            pass
    return " · ".join(parts)


def skipped_pages(entries: list[dict]) -> set[str]:
    """<museum>/<notebook>.html of the skipped entries: the page a report would have, were it produced."""
    return {f"{e['museum']}/{e['notebook']}.html" for e in entries if e["status"] == manifest.SKIPPED}


def unrecorded_pages(out_dir: Path, entries: list[dict], language: str = "fr") -> list[dict]:
    """Pages <museum>/<notebook>.html that no manifest entry names (an older version made them), as
    entries carrying a note instead of facts, titled by the registry (else the file name)."""
    named = {e["html"] for e in entries if e.get("html")}
    found = []
    for page in sorted(out_dir.glob("*/*.html")):
        relative = page.relative_to(out_dir).as_posix()
        if relative in named:
            continue
        topic = topics.find_by_notebook(page.stem)
        found.append(
            {
                **dict.fromkeys(manifest.FIELDS),
                "museum": page.parent.name,
                "notebook": page.stem,
                "title": topic.title(language) if topic else page.stem,
                "language": language,
                "status": manifest.OK,
                "html": relative,
                "note": TEXT["unrecorded"](language),
            }
        )
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
