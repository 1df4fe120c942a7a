"""<out>/manifest.json: what each report of the output folder is, written by the runner, read by the index.

One entry per museum × notebook × language: museum, museum_name, notebook, topic (the registry's
name, None for a notebook the registry does not know), title, season, language, n_responses, generated
(the day, as printed in the report), status ("ok"; "skipped" when the museum has not sent the sources
the topic needs, so the notebook was not run; "failed"), error (the one-line error of a failed report,
the sentence naming the missing sources of a skipped one, else None) and html (the page, relative to the output folder, with « / »; None when not
produced). The index lists these entries instead of reading facts back out of the HTML pages.

A run merges its entries into the manifest already there, so that `run --museum X` keeps every other
museum's entries: an entry replaces the one with the same museum × notebook × language, and also any
entry that pointed to the page it has just rewritten (pages are <museum>/<notebook>.html whatever the
language, so the page of the other language is gone). The file is written whole to a temporary file
and renamed over the old one (os.replace), like the reports: a reader never sees half a manifest.
Entries are sorted (museum, notebook, language) and the JSON indented with sorted keys, so the same
reports give the same bytes. A manifest that cannot be read (damaged, or from a future version) is
set aside rather than trusted: the run then starts a new one (docs/ARCHITECTURE.md, « Reports »).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable

from ..i18n import Message, Plural, count_noun

FILE_NAME = "manifest.json"
VERSION = 1
OK, SKIPPED, FAILED = "ok", "skipped", "failed"
FIELDS = (
    "museum",
    "museum_name",
    "notebook",
    "topic",
    "title",
    "season",
    "language",
    "n_responses",
    "generated",
    "status",
    "error",
    "html",
)

PRODUCED = Plural.of("rapport produit", "rapports produits", "report written", "reports written")
NOT_PRODUCED = Plural.of(
    "non produit faute de données",
    "non produits faute de données",
    "not produced for lack of data",
    "not produced for lack of data",
)
FAILED_WORDS = Plural.of("en échec", "en échec", "failed", "failed")
SUMMARY = Message("{ok}, {skipped}, {failed}", "{ok}, {skipped}, {failed}")


def summary(statuses: Iterable[str], lang: str = "fr") -> str:
    """« 11 rapports produits, 1 non produit faute de données, 0 en échec »: the reports of a run or
    of an index counted by status, each number agreeing with its words (French: 0 and 1 singular).
    One wording for the command's last line and the index (docs/ARCHITECTURE.md, « Reports »)."""
    statuses = list(statuses)
    return SUMMARY(lang).format(
        ok=count_noun(statuses.count(OK), PRODUCED, lang),
        skipped=count_noun(statuses.count(SKIPPED), NOT_PRODUCED, lang),
        failed=count_noun(sum(s not in (OK, SKIPPED) for s in statuses), FAILED_WORDS, lang),
    )


def manifest_path(out_dir: str | Path) -> Path:
    return Path(out_dir) / FILE_NAME


def entry(result: Any, out_dir: str | Path) -> dict:
    """The manifest entry of one runner.ReportResult (or an object with the same attributes)."""
    html = getattr(result, "html_path", None)
    status = getattr(result, "status", None) or (OK if result.ok else FAILED)
    relative = None
    if status == OK and html:
        relative = Path(os.path.relpath(Path(html).resolve(), Path(out_dir).resolve())).as_posix()
    generated = getattr(result, "generated", None)
    responses = getattr(result, "n_responses", None)
    return {
        "museum": result.museum_id,
        "museum_name": getattr(result, "museum_name", None) or result.museum_id,
        "notebook": result.notebook,
        "topic": getattr(result, "topic", None),
        "title": result.title or result.notebook,
        "season": getattr(result, "season", None),
        "language": getattr(result, "language", None) or "fr",
        "n_responses": responses if isinstance(responses, int) and not isinstance(responses, bool) else None,
        "generated": generated.isoformat() if hasattr(generated, "isoformat") else generated,
        "status": status,
        "error": None if status == OK else (result.error or ""),
        "html": relative,
    }


def key(item: dict) -> tuple[str, str, str]:
    return item["museum"], item["notebook"], item["language"]


def read(out_dir: str | Path) -> list[dict]:
    """The entries of <out_dir>/manifest.json; [] when there is none or it cannot be read."""
    path = manifest_path(out_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("reports"), list):
        return []
    return [
        {name: item.get(name) for name in FIELDS}
        for item in data["reports"]
        if isinstance(item, dict)
        and all(isinstance(item.get(name), str) for name in ("museum", "notebook"))
        and item.get("language") in ("fr", "en")
    ]


def merge(earlier: Iterable[dict], new: Iterable[dict]) -> list[dict]:
    """earlier entries, minus those the new ones replace (same museum × notebook × language, or the same
    page rewritten), plus the new ones; sorted."""
    new = list(new)
    replaced = {key(item) for item in new}
    rewritten = {item["html"] for item in new if item["status"] == OK and item["html"]}
    kept = [item for item in earlier if key(item) not in replaced and item.get("html") not in rewritten]
    return sorted(kept + new, key=key)


def update(out_dir: str | Path, results: Iterable) -> Path:
    """Merge the entries of `results` into <out_dir>/manifest.json, written atomically; its path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    entries = merge(read(out), [entry(r, out) for r in results])
    return write(out, entries)


def write(out_dir: str | Path, entries: list[dict]) -> Path:
    """Write the whole manifest: a temporary file in the same folder, then renamed over the old one."""
    path = manifest_path(out_dir)
    partial = path.with_name(f".{path.name}.partial")
    text = json.dumps({"version": VERSION, "reports": entries}, ensure_ascii=False, indent=1, sort_keys=True)
    partial.write_text(text + "\n", encoding="utf-8", newline="\n")
    os.replace(partial, path)
    return path
