"""Executed notebook → one self-contained HTML report for a museum director.

A small renderer rather than nbconvert's HTMLExporter: the report keeps only markdown and chosen
outputs, so walking the cells is ~100 lines, while bending HTMLExporter to the same result means
overriding its template blocks for prompts, inputs, MathJax, require.js and the widget manager,
and converting plotly outputs (which it drops) anyway. Here nothing reaches the page unless this
module puts it there, so "no code, no network load" holds by construction.

Rules: no code, prompts, parameters cells or cells tagged interactive/remove (meta.REMOVED_TAGS);
markdown rendered; per output the richest kept type wins (plotly > HTML > SVG > PNG > JPEG >
markdown > plain text); stderr, warnings, widgets and JavaScript outputs dropped; errors shown as one
plain line. Plotly outputs become a div + JSON, drawn by plotly.js from the installed plotly package,
inlined once. Output is deterministic: numbered plot ids, no timestamps.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any, Mapping

from ..i18n import Message
from .meta import METADATA_KEY, REPORT_MIME, is_removed, localized

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# Richest first; anything not listed (JavaScript, LaTeX, widget state) is never shown.
MIME_ORDER = ("text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "text/plain")

# An HTML output that would load something from the network (CDN script, remote image or font).
EXTERNAL_LOAD = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*?"
    r"\b(?:src|href|data)\s*=\s*[\"']?\s*(?:https?:)?//"
    r"|@import|url\(\s*[\"']?\s*(?:https?:)?//",
    re.IGNORECASE,
)
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
HEADING = re.compile(r"\A\s*#\s+(?P<title>[^\n]+)\n?")

TEXT = {
    "org": Message("Société des musées du Québec", "Société des musées du Québec"),
    "season": Message("Saison {season}", "{season} season"),
    "produced": Message("Produit par smq-analytics", "Produced by smq-analytics"),
    "basis": Message("Données : {basis}", "Data: {basis}"),
    "error": Message("Ce calcul a échoué :", "This calculation failed:"),
    "withheld": Message("Contenu retiré : il aurait chargé des ressources en ligne.",
                        "Content removed: it would have loaded online resources."),
    "default_title": Message("Rapport", "Report"),
}


def export(notebook: Mapping | str | Path, out_path: str | Path, *, title: str | None = None,
           language: str = "fr", museum: str | None = None, season: Any = None) -> Path:
    """Write the report of an executed notebook (a NotebookNode/dict or an .ipynb path) to out_path."""
    nb = read_notebook(notebook)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    page = render(nb, title=title, language=language, museum=museum, season=season)
    out.write_text(page, encoding="utf-8", newline="\n")
    return out


def read_notebook(notebook: Mapping | str | Path) -> Mapping:
    if isinstance(notebook, (str, Path)):
        return json.loads(Path(notebook).read_text(encoding="utf-8"))
    return notebook


def notebook_title(nb: Mapping, language: str = "fr") -> str | None:
    """metadata smq.title, else the leading '# ' heading of the first markdown cell."""
    declared = localized(nb.get("metadata", {}).get(METADATA_KEY, {}).get("title"), language)
    if declared:
        return declared
    first = _first_markdown(nb, language)
    match = HEADING.match(_text(first.get("source", ""))) if first else None
    return match.group("title").strip() if match else None


def render(nb: Mapping, *, title: str | None = None, language: str = "fr", museum: str | None = None,
           season: Any = None) -> str:
    """The report page as a string."""
    from markupsafe import Markup

    renderer = _CellRenderer(language)
    first_markdown = _first_markdown(nb, language)
    blocks = []
    for cell in nb.get("cells", []):
        if is_removed(cell, language):
            continue
        if cell.get("cell_type") == "markdown":
            source = _text(cell.get("source", ""))
            if cell is first_markdown:
                source = HEADING.sub("", source, count=1)  # the header carries the title
            blocks.append(renderer.markdown(source))
        elif cell.get("cell_type") == "code":
            blocks.extend(renderer.output(output) for output in cell.get("outputs", []))
    info = {**nb.get("metadata", {}).get(METADATA_KEY, {}), **renderer.info}
    season = season if season is not None else info.get("season")
    basis = localized(info.get("data_basis"), language)
    page_title = title or localized(info.get("title"), language) or notebook_title(nb, language) \
        or TEXT["default_title"](language)
    return template("report.html.j2").render(
        lang=language,
        css=Markup(stylesheet()),
        org=TEXT["org"](language),
        title=page_title,
        museum=museum,
        season=TEXT["season"](language).format(season=season) if season not in (None, "") else None,
        blocks=[Markup(block) for block in blocks if block],
        produced=TEXT["produced"](language),
        basis=TEXT["basis"](language).format(basis=basis) if basis else None,
        plotly_js=Markup(plotly_js()) if renderer.plots else None,
        plot_bootstrap=Markup(PLOT_BOOTSTRAP) if renderer.plots else None,
    )


class _CellRenderer:
    """Turns markdown sources and outputs into HTML fragments; counts plots, gathers report facts."""

    def __init__(self, language: str):
        self.language = language
        self.plots = 0
        self.info: dict[str, Any] = {}

    def markdown(self, source: str) -> str:
        return f'<section class="smq-text">{markdown_to_html(source)}</section>' if source.strip() else ""

    def output(self, output: Mapping) -> str:
        kind = output.get("output_type")
        if kind == "stream":
            if output.get("name") != "stdout":
                return ""
            return f'<pre class="smq-stdout">{_escape(_text(output.get("text", "")))}</pre>'
        if kind == "error":
            message = ANSI.sub("", f'{output.get("ename", "")}: {output.get("evalue", "")}')
            return (f'<p class="smq-error" role="alert"><strong>{_escape(TEXT["error"](self.language))}'
                    f'</strong> {_escape(" ".join(message.split()))}</p>')
        if kind not in ("display_data", "execute_result"):
            return ""
        data = output.get("data", {})
        if REPORT_MIME in data:
            self.info.update(data[REPORT_MIME])
            return ""
        if PLOTLY_MIME in data:
            return self.plot(data[PLOTLY_MIME])
        if WIDGET_MIME in data:
            return ""
        return self.rich(data)

    def rich(self, data: Mapping) -> str:
        for mime in MIME_ORDER:
            if mime not in data:
                continue
            value = data[mime]
            if mime == "text/html":
                markup = _text(value)
                if EXTERNAL_LOAD.search(markup):
                    if "text/plain" in data:
                        return self.rich({"text/plain": data["text/plain"]})
                    return f'<p class="smq-note">{_escape(TEXT["withheld"](self.language))}</p>'
                return f'<div class="smq-output">{markup}</div>'
            if mime == "image/svg+xml":
                return f'<figure class="smq-image">{_text(value)}</figure>'
            if mime in ("image/png", "image/jpeg"):
                encoded = "".join(_text(value).split())
                return f'<figure class="smq-image"><img alt="" src="data:{mime};base64,{encoded}"></figure>'
            if mime == "text/markdown":
                return self.markdown(_text(value))
            text = _text(value)
            return f'<pre class="smq-stdout">{_escape(text)}</pre>' if text.strip() else ""
        return ""

    def plot(self, figure: Mapping) -> str:
        self.plots += 1
        layout = dict(figure.get("layout", {}))
        layout.pop("width", None)  # fit the page: phones and print
        spec = {
            "data": figure.get("data", []),
            "layout": layout,
            "config": {**figure.get("config", {}), **OFFLINE_PLOT_CONFIG},
        }
        payload = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False)
        payload = payload.replace("<", "\\u003c")  # nothing in the JSON can end its script element
        plot_id = f"smq-plot-{self.plots}"
        return (f'<figure class="smq-figure"><div class="smq-plot" id="{plot_id}"></div>'
                f'<script type="application/json" data-plot="{plot_id}">{payload}</script></figure>')


# No plotly logo link, no "Share chart" upload to Plotly Cloud (a plotly.js 3 default), fit the page.
OFFLINE_PLOT_CONFIG = {"displaylogo": False, "showSendToCloud": False, "showLink": False, "responsive": True}

# Draws every plot once plotly.js (inlined just before) is loaded.
PLOT_BOOTSTRAP = """(function () {
  var specs = document.querySelectorAll('script[data-plot]');
  for (var i = 0; i < specs.length; i++) {
    var spec = JSON.parse(specs[i].textContent);
    Plotly.newPlot(specs[i].getAttribute('data-plot'), spec.data, spec.layout, spec.config);
  }
})();"""


def markdown_to_html(source: str) -> str:
    return _markdown()(source)


@cache
def _markdown():
    import mistune

    # Notebook markdown is written by the project, so its inline HTML is kept as written.
    return mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])


@cache
def plotly_js() -> str:
    """plotly.min.js from the installed plotly package (never a CDN)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().replace("</script", "<\\/script")


@cache
def stylesheet() -> str:
    return (TEMPLATES_DIR / "report.css").read_text(encoding="utf-8")


@cache
def template(name: str):
    """A page template (templates/<name>), shared with the index."""
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    return env.get_template(name)


def _first_markdown(nb: Mapping, language: str) -> Mapping | None:
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown" and not is_removed(cell, language):
            return cell
    return None


def _text(value: Any) -> str:
    """nbformat stores multi-line strings either whole or as a list of lines."""
    return "".join(value) if isinstance(value, list) else str(value)


def _escape(text: str) -> str:
    return html_lib.escape(text, quote=True)
