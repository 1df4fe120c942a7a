"""Stored notebook outputs in one canonical, minimal form (the outputs nbval compares).

`smq-analytics store-outputs` (make notebooks) re-executes each notebook in place. What it writes must
be the same bytes run after run, and small in a diff: a change of chart style should change one line
per chart, not rewrite hundreds. So:

- papermill's timings, durations and environment are removed, its injected-parameters cell gets a
  fixed id (`strip_run_metadata`);
- the file is standard nbformat JSON (indent 1, keys sorted, UTF-8 as is) except that each JSON
  output of a cell (a plotly figure, the cells a sentence publishes, the report facts: every
  `application/...json` MIME value) is written compactly on a single line (`canonical_json`).

Jupyter, nbformat, nbval and papermill read this as any notebook: only whitespace differs. A notebook
saved from JupyterLab goes back to the expanded layout; `make notebooks` restores the canonical one
(docs/ARCHITECTURE.md, « Reports »).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

# A placeholder for a compact value while the rest of the notebook is indented. Its text cannot
# occur in a notebook: it includes a NUL character, which json.dumps always escapes (\u0000).
_PLACEHOLDER = "\x00smq-compact-{}\x00"


def strip_run_metadata(nb):
    """Remove what changes from run to run: papermill/nbclient timings, random injected cell id."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
    return nb


def _json_mime(mime: str) -> bool:
    return mime.startswith("application/") and mime.endswith("json")


def canonical_json(nb) -> str:
    """The notebook as text: nbformat's layout with every JSON MIME output on one line."""
    document = json.loads(nbformat.writes(nb))  # nbformat's own normalisation (multiline strings…)
    compact: list[str] = []
    for cell in document.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for mime in sorted(data):
                if _json_mime(mime):
                    compact.append(json.dumps(data[mime], ensure_ascii=False, sort_keys=True, separators=(",", ":")))
                    data[mime] = _PLACEHOLDER.format(len(compact) - 1)
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1)
    for index, value in enumerate(compact):
        text = text.replace(json.dumps(_PLACEHOLDER.format(index)), value, 1)
    return text + "\n"


def write_canonical(nb, path: Path) -> None:
    """Write the notebook in canonical form (after nbformat's validation)."""
    nbformat.validate(nb)
    Path(path).write_text(canonical_json(nb), encoding="utf-8", newline="\n")
