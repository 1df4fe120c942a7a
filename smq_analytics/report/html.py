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
inlined once.

Notebook output is not trusted (a survey comment can carry markup): only the output types of
OUTPUT_TYPES and the MIME types of MIME_ORDER reach the page; every piece of HTML, Markdown and SVG
goes through nh3 (the Ammonia sanitiser) with the allow-lists below, and an attribute whose value,
entities decoded, points outside the page (`//`, a URL scheme other than an inline image, `url(…)`
other than `url(#id)`) is dropped. An output that tried to load something from the network is
replaced by its plain text, else by a note; a chart that would (plotly `layout.images` or any
`source` from the network, map and geo traces) by the note. Output is deterministic: numbered plot ids, no clock (the generation date is passed in).

Each chart is a <figure>: its title and note become HTML text (they wrap on a phone and a screen
reader reads them), the plot is role="img" named by its title, and its data follow as a real table
(chart_table) built from the very texts the chart shows. The table is open without
JavaScript (mail previews); the page script closes it. A chart and the outputs its cell prints after
it (the commentary) form one block that print keeps on one page (report.css).
"""

from __future__ import annotations

import html as html_lib
import json
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Mapping

from ..i18n import Message, format_number, month_name
from ..topics import SEASON
from .meta import METADATA_KEY, REPORT_MIME, is_removed, localized

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# Richest first; anything not listed (JavaScript, LaTeX, widget state) is never shown.
MIME_ORDER = ("text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "text/plain")
# The kinds of output a report shows (stdout only of the streams); any other is dropped.
OUTPUT_TYPES = ("stream", "display_data", "execute_result", "error")

# An HTML output that would load something from the network (CDN script, remote image or font),
# looked for in the markup with its character references decoded (`&#104;ttps://`).
EXTERNAL_LOAD = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed|object|image|use|feimage|input|track)\b[^>]*?"
    r"\b(?:src|srcset|href|xlink:href|data|poster|background)\s*=\s*[\"']?[^\"'>]*?(?:[a-z][a-z0-9+.\-]*:)?//"
    r"|@import|url\(\s*[\"']?\s*(?:[a-z][a-z0-9+.\-]*:)?//",
    re.IGNORECASE,
)

# --- the allow-lists of the sanitiser (nh3) ---------------------------------------------------
HTML_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
        "var",
    }
)
SVG_TAGS = frozenset(
    {
        "svg",
        "g",
        "defs",
        "symbol",
        "use",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "title",
        "desc",
        "clipPath",
        "mask",
        "pattern",
        "linearGradient",
        "radialGradient",
        "stop",
        "marker",
        "image",
    }
)
COMMON_ATTRIBUTES = frozenset(
    {
        "class",
        "title",
        "lang",
        "dir",
        "align",
        "valign",
        "style",
        "role",
        "aria-label",
        "aria-hidden",
        "aria-describedby",
    }
)
HTML_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "table": {"border"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "type"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
}
SVG_ATTRIBUTES = frozenset(
    {
        "id",
        "viewBox",
        "width",
        "height",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "fx",
        "fy",
        "d",
        "points",
        "transform",
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "opacity",
        "color",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "text-anchor",
        "dominant-baseline",
        "alignment-baseline",
        "baseline-shift",
        "letter-spacing",
        "clip-path",
        "clip-rule",
        "mask",
        "marker-start",
        "marker-mid",
        "marker-end",
        "markerWidth",
        "markerHeight",
        "refX",
        "refY",
        "orient",
        "markerUnits",
        "gradientUnits",
        "gradientTransform",
        "spreadMethod",
        "patternUnits",
        "patternTransform",
        "patternContentUnits",
        "clipPathUnits",
        "maskUnits",
        "offset",
        "stop-color",
        "stop-opacity",
        "preserveAspectRatio",
        "href",
        "xlink:href",
        "version",
        "dx",
        "dy",
        "rotate",
        "textLength",
        "lengthAdjust",
        "visibility",
        "display",
        "vector-effect",
        "shape-rendering",
        "text-rendering",
        "xml:space",
        "xmlns",
        "xmlns:xlink",
    }
)
NAMESPACES = {"xmlns": "http://www.w3.org/2000/svg", "xmlns:xlink": "http://www.w3.org/1999/xlink"}
INLINE_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=]*", re.IGNORECASE)
URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:")
CSS_OUTSIDE = re.compile(r"url\((?![\"']?#)|@import|image-set\(|expression\(|\\|behavior:|-moz-binding", re.IGNORECASE)
PAGE_IDS = re.compile(r"smq-", re.IGNORECASE)  # ids the page's own script looks up
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
HEADING = re.compile(r"\A\s*#\s+(?P<title>[^\n]+)\n?")

TEXT = {
    "org": Message("Société des musées du Québec", "Société des musées du Québec"),
    "season": SEASON,  # a topic may word its period otherwise (Topic.period)
    "produced": Message("Produit par smq-analytics", "Produced by smq-analytics"),
    "basis": Message("Données : {basis}", "Data: {basis}"),
    "generated": Message("Généré le {date}", "Generated on {date}"),
    "error": Message("Ce calcul a échoué :", "This calculation failed:"),
    "withheld": Message(
        "Contenu retiré : il aurait chargé des ressources en ligne.",
        "Content removed: it would have loaded online resources.",
    ),
    "default_title": Message("Rapport", "Report"),
    "chart": Message("Graphique {number}", "Chart {number}"),
    "chart_data": Message("Données du graphique", "Chart data"),
    "category": Message("Catégorie", "Category"),
    "value": Message("Valeur", "Value"),
    "interval": Message("Intervalle de confiance", "Confidence interval"),
    "series_interval": Message("{series} : intervalle de confiance", "{series}: confidence interval"),
    "range": Message("{low} à {high}", "{low} to {high}"),
}
# <meta> names in each report's <head> (the index reads the same facts from manifest.json).
META_CREATED, META_SEASON, META_RESPONSES = "dcterms.created", "smq-season", "smq-responses"


def export(
    notebook: Mapping | str | Path,
    out_path: str | Path,
    *,
    title: str | None = None,
    language: str = "fr",
    museum: str | None = None,
    season: Any = None,
    generated: date | str | None = None,
    period: Message | None = None,
) -> Path:
    """Write the report of an executed notebook (a NotebookNode/dict or an .ipynb path) to out_path.

    `generated`: the day the report is produced (a date or "YYYY-MM-DD"), printed in the footer;
    None prints no date. Pass the day, never a time, so that a rerun the same day gives the same bytes.
    """
    nb = read_notebook(notebook)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    page = render(nb, title=title, language=language, museum=museum, season=season, generated=generated, period=period)
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


def render(
    nb: Mapping,
    *,
    title: str | None = None,
    language: str = "fr",
    museum: str | None = None,
    season: Any = None,
    generated: date | str | None = None,
    period: Message | None = None,
) -> str:
    """The report page as a string. `period` words the season in the header (the topic's, e.g.
    « Exercice {season} »; « Saison {season} » by default)."""
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
            blocks.extend(_charts_with_comments([renderer.output(output) for output in cell.get("outputs", [])]))
    info = {**nb.get("metadata", {}).get(METADATA_KEY, {}), **renderer.info}
    season, responses = _season_and_responses(info, season)
    basis = localized(info.get("data_basis"), language)
    day = _day(generated)
    page_title = (
        title
        or localized(info.get("title"), language)
        or notebook_title(nb, language)
        or TEXT["default_title"](language)
    )
    facts = [(META_CREATED, day and day.isoformat()), (META_SEASON, season), (META_RESPONSES, responses)]
    return template("report.html.j2").render(
        lang=language,
        css=Markup(stylesheet()),
        facts=[(name, value) for name, value in facts if value not in (None, "")],
        org=TEXT["org"](language),
        title=page_title,
        museum=museum,
        season=(period or TEXT["season"])(language).format(season=season) if season not in (None, "") else None,
        blocks=[Markup(block) for block in blocks if block],
        produced=TEXT["produced"](language),
        basis=TEXT["basis"](language).format(basis=basis) if basis else None,
        generated=TEXT["generated"](language).format(date=long_date(day, language)) if day else None,
        plotly_js=Markup(plotly_js()) if renderer.plots else None,
        plot_script=Markup(plot_script()),
    )


def report_facts(nb: Mapping, language: str = "fr", season: Any = None) -> dict[str, Any]:
    """{"season", "n_responses"} of an executed notebook, as render() writes them into the page (the
    runner's manifest records them; the index reads the manifest, never the page)."""
    info = {**nb.get("metadata", {}).get(METADATA_KEY, {})}
    for cell in nb.get("cells", []):
        if is_removed(cell, language) or cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []) or []:
            data = output.get("data") or {}
            if output.get("output_type") in ("display_data", "execute_result") and REPORT_MIME in data:
                info.update(data[REPORT_MIME])
    season, responses = _season_and_responses(info, season)
    return {"season": None if season in (None, "") else season, "n_responses": responses}


def _season_and_responses(info: Mapping, season: Any) -> tuple[Any, int | None]:
    """The season given by the runner, else the one the notebook published; n only when an int."""
    season = season if season not in (None, "") else info.get("season")
    responses = info.get("n_responses")
    return season, responses if isinstance(responses, int) and not isinstance(responses, bool) else None


def long_date(day: date | str, language: str = "fr") -> str:
    """2026-12-02 → « 2 décembre 2026 » (« 1er » on the first) or "December 2, 2026"."""
    day = _day(day)
    month = month_name(day.month, "en" if language == "en" else "fr")
    if language == "en":
        return f"{month} {day.day}, {day.year}"
    return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"


def _day(value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value))


CHART_START = '<figure class="smq-figure">'


def _charts_with_comments(fragments: list[str]) -> list[str]:
    """One block per chart with what its cell shows after it (the commentary), kept together in print;
    what comes before a cell's first chart stays as it is."""
    blocks: list = []
    for fragment in fragments:
        if fragment.startswith(CHART_START):
            blocks.append([fragment])
        elif fragment and blocks and isinstance(blocks[-1], list):
            blocks[-1].append(fragment)
        elif fragment:
            blocks.append(fragment)
    return [f'<div class="smq-unit">{"".join(b)}</div>' if isinstance(b, list) else b for b in blocks]


class _CellRenderer:
    """Turns markdown sources and outputs into HTML fragments; counts plots, gathers report facts."""

    def __init__(self, language: str):
        self.language = language
        self.plots = 0
        self.info: dict[str, Any] = {}

    def markdown(self, source: str) -> str:
        """A markdown cell written with the notebook: sanitised all the same (external URLs dropped)."""
        return f'<section class="smq-text">{sanitize(markdown_to_html(source))}</section>' if source.strip() else ""

    def output(self, output: Mapping) -> str:
        kind = output.get("output_type")
        if kind not in OUTPUT_TYPES:
            return ""
        if kind == "stream":
            if output.get("name") != "stdout":
                return ""
            return f'<pre class="smq-stdout">{_escape(_text(output.get("text", "")))}</pre>'
        if kind == "error":
            message = ANSI.sub("", f"{output.get('ename', '')}: {output.get('evalue', '')}")
            return (
                f'<p class="smq-error" role="alert"><strong>{_escape(TEXT["error"](self.language))}'
                f"</strong> {_escape(' '.join(message.split()))}</p>"
            )
        if kind not in ("display_data", "execute_result"):
            return ""
        data = output.get("data", {})
        if REPORT_MIME in data:
            self.info.update(data[REPORT_MIME])
            return ""
        if PLOTLY_MIME in data:
            if not isinstance(data[PLOTLY_MIME], Mapping) or figure_loads(data[PLOTLY_MIME]):
                return self.withheld()
            return self.plot(data[PLOTLY_MIME])
        if WIDGET_MIME in data:
            return ""
        return self.rich(data)

    def rich(self, data: Mapping) -> str:
        for mime in MIME_ORDER:
            if mime not in data:
                continue
            value = data[mime]
            if mime in ("text/html", "image/svg+xml", "text/markdown"):
                markup = _text(value) if mime != "text/markdown" else markdown_to_html(_text(value))
                cleaned, loads = sanitize_output(markup, svg=mime == "image/svg+xml")
                if loads:
                    if "text/plain" in data:
                        return self.rich({"text/plain": data["text/plain"]})
                    return self.withheld()
                if mime == "text/html":
                    return f'<div class="smq-output">{cleaned}</div>'
                if mime == "image/svg+xml":
                    return f'<figure class="smq-image">{cleaned}</figure>'
                return f'<section class="smq-text">{cleaned}</section>' if cleaned.strip() else ""
            if mime in ("image/png", "image/jpeg"):
                encoded = "".join(_text(value).split())
                if not re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", encoded):
                    return ""
                return f'<figure class="smq-image"><img alt="" src="data:{mime};base64,{encoded}"></figure>'
            text = _text(value)
            return f'<pre class="smq-stdout">{_escape(text)}</pre>' if text.strip() else ""
        return ""

    def withheld(self) -> str:
        return f'<p class="smq-note">{_escape(TEXT["withheld"](self.language))}</p>'

    def plot(self, figure: Mapping) -> str:
        """<figure>: title as <figcaption>, the plot div (role="img"), the note, the data table, the JSON."""
        self.plots += 1
        plot_id = f"smq-plot-{self.plots}"
        title, note, layout = chart_text(figure.get("layout", {}))
        spec = {
            "data": figure.get("data", []),
            "layout": layout,
            "config": {
                **{key: value for key, value in (figure.get("config") or {}).items() if key in PLOT_CONFIG_KEYS},
                **OFFLINE_PLOT_CONFIG,
            },
        }
        payload = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False)
        payload = payload.replace("<", "\\u003c")  # nothing in the JSON can end its script element
        name = title or TEXT["chart"](self.language).format(number=self.plots)
        return "".join(
            (
                CHART_START,
                f'<figcaption class="smq-chart-title">{_escape(title)}</figcaption>' if title else "",
                f'<div class="smq-plot" id="{plot_id}" role="img" aria-label="{_escape(name)}"></div>',
                f'<p class="smq-chart-note">{_escape(note)}</p>' if note else "",
                chart_table(spec["data"], layout, self.language),
                f'<script type="application/json" data-plot="{plot_id}">{payload}</script></figure>',
            )
        )


# No mode bar (its buttons speak English: « Download plot as a png »), no plotly logo link, no "Share
# chart" upload to Plotly Cloud (a plotly.js 3 default), fit the page.
OFFLINE_PLOT_CONFIG = {
    "displayModeBar": False,
    "displaylogo": False,
    "showSendToCloud": False,
    "showLink": False,
    "responsive": True,
}
# What a notebook's own plotly config may set (no server, topojson or map-tile URL, no link text).
PLOT_CONFIG_KEYS = frozenset(
    {
        "staticPlot",
        "scrollZoom",
        "doubleClick",
        "showTips",
        "showAxisDragHandles",
        "showAxisRangeEntryBoxes",
        "editable",
        "locale",
        "frameMargins",
    }
)
# Trace types drawn from the figure alone; geo and map traces fetch topojson or tiles from the network.
PLOT_TRACES = frozenset(
    {
        "bar",
        "scatter",
        "pie",
        "heatmap",
        "histogram",
        "histogram2d",
        "box",
        "violin",
        "funnel",
        "funnelarea",
        "waterfall",
        "sunburst",
        "treemap",
        "icicle",
        "indicator",
        "table",
        "scatterpolar",
        "barpolar",
        "sankey",
        "contour",
        "image",
    }
)


# --- sanitising what a notebook printed -----------------------------------------------------


def sanitize(markup: str, *, svg: bool = False) -> str:
    """HTML (or SVG) through the allow-lists; an attribute pointing outside the page is dropped."""
    return sanitize_output(markup, svg=svg)[0]


def sanitize_output(markup: str, *, svg: bool = False) -> tuple[str, bool]:
    """(the markup sanitised by nh3, whether it tried to load something from the network)."""
    import nh3

    loads = bool(EXTERNAL_LOAD.search(html_lib.unescape(markup)))

    def keep(tag: str, attribute: str, value: str) -> str | None:
        nonlocal loads
        verdict = _attribute_verdict(tag, attribute, value)
        if verdict == "external":
            loads = True
        return value if verdict == "keep" else None

    tags = HTML_TAGS | SVG_TAGS if svg else HTML_TAGS
    attributes = {tag: set(COMMON_ATTRIBUTES) | HTML_ATTRIBUTES.get(tag, set()) for tag in HTML_TAGS}
    if svg:
        attributes.update({tag: set(COMMON_ATTRIBUTES) | SVG_ATTRIBUTES for tag in SVG_TAGS})
    cleaned = nh3.clean(
        markup,
        tags=set(tags),
        attributes=attributes,
        attribute_filter=keep,
        link_rel=None,
        url_schemes={"data"},
        strip_comments=True,
    )
    return cleaned, loads


def _attribute_verdict(tag: str, attribute: str, value: str) -> str:
    """'keep', 'drop', or 'external' (the value, references decoded, points to the network)."""
    name = attribute.lower()
    if name.startswith("xmlns"):
        return "keep" if NAMESPACES.get(name, NAMESPACES.get(f"xmlns:{name}")) == value else "drop"
    compact = re.sub(r"[\x00-\x20\x7f]+", "", html_lib.unescape(value))
    if "//" in compact:
        return "drop" if tag == "a" else "external"  # a link loads nothing; its target goes all the same
    if CSS_OUTSIDE.search(compact):
        return "external" if re.search(r"url\(|@import|image-set\(", compact, re.IGNORECASE) else "drop"
    if name == "id" and PAGE_IDS.match(value.strip()):
        return "drop"
    if URL_SCHEME.match(compact) and name in ("href", "src", "xlink:href"):
        # only an inline raster image; javascript:, data:text/html, mailto: and the like are dropped
        return "keep" if tag in ("img", "image") and INLINE_IMAGE.fullmatch(compact) else "drop"
    return "keep"


def figure_loads(figure: Mapping) -> bool:
    """Whether a plotly figure would fetch something: a trace type outside PLOT_TRACES, an image whose
    `source` is not inline, or any string (references decoded) that starts with a URL to the network."""
    for trace in figure.get("data") or []:
        if not isinstance(trace, Mapping) or str(trace.get("type", "scatter")) not in PLOT_TRACES:
            return True
    stack: list = [figure.get("data"), figure.get("layout"), figure.get("frames")]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            for key, value in item.items():
                if key == "source" and isinstance(value, str) and not INLINE_IMAGE.fullmatch(value.strip()):
                    return True
                stack.append(value)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, str):
            compact = re.sub(r"[\x00-\x20\x7f]+", "", html_lib.unescape(item)).lower()
            if re.match(r"(?:[a-z][a-z0-9+.\-]*:)?//", compact) or re.search(r"url\((?!['\"]?#)", compact):
                return True
    return False


# --- a chart's text and data, from its plotly JSON ------------------------------------------

NOTE_NAME = "smq-note"  # charts.NOTE_NAME: the annotation holding a chart's note
PLOTLY_MARGIN = {"t": 100, "b": 80}  # plotly's defaults
TOP_MARGIN, TOP_MARGIN_LEGEND, BOTTOM_MARGIN = 12, 50, 56  # once the title / note are outside the plot
MIN_HEIGHT = 120
PLOTLY_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
PLOTLY_TAG = re.compile(r"<[^>]*>")
SPACES = re.compile(r"[ \t\r\n\f]+")


def chart_text(layout: Mapping) -> tuple[str, str, dict]:
    """(title, note, layout without them): the title and the notes (annotations named NOTE_NAME) leave
    the plot for HTML, which wraps; the margins they took go, the plot area keeps its height. The
    cells a chart declares for the disclosure audit (layout.meta) stay out of the page."""
    layout = dict(layout)
    layout.pop("meta", None)
    template = layout.get("template", {}).get("layout", {}) if isinstance(layout.get("template"), Mapping) else {}
    margin = {**PLOTLY_MARGIN, **template.get("margin", {}), **layout.get("margin", {})}
    height = layout.get("height") or template.get("height")
    title = layout.get("title")
    title = plain_text(title.get("text") if isinstance(title, Mapping) else title)
    annotations = layout.get("annotations", [])
    notes = [plain_text(a.get("text"), " · ") for a in annotations if a.get("name") == NOTE_NAME]
    shrink = 0
    if title:
        layout.pop("title")
        legend = layout.get("legend", {})
        legend_above = (
            layout.get("showlegend") is not False and legend.get("orientation") == "h" and (legend.get("y") or 0) >= 1
        )
        top = TOP_MARGIN_LEGEND if legend_above else TOP_MARGIN
        shrink += max(0, margin["t"] - top)
        margin["t"] = min(margin["t"], top)
    if notes:
        layout["annotations"] = [a for a in annotations if a.get("name") != NOTE_NAME]
        shrink += max(0, margin["b"] - BOTTOM_MARGIN)
        margin["b"] = min(margin["b"], BOTTOM_MARGIN)
    if shrink:
        layout["margin"] = {**layout.get("margin", {}), "t": margin["t"], "b": margin["b"]}
        if height:
            layout["height"] = max(MIN_HEIGHT, height - shrink)
    layout.pop("width", None)  # fit the page: phones and print
    return title, " · ".join(notes), layout


def plain_text(text: Any, line_break: str = " ") -> str:
    """Plotly's little HTML as plain text: line breaks → line_break, tags dropped, entities decoded."""
    if text is None:
        return ""
    lines = [html_lib.unescape(PLOTLY_TAG.sub("", line)) for line in PLOTLY_BREAK.split(str(text))]
    lines = [SPACES.sub(" ", line).strip() for line in lines]  # no-break spaces inside stay: « 45 % »
    return line_break.join(line for line in lines if line)


def chart_table(data: list, layout: Mapping, language: str) -> str:
    """The chart's data as a table: one row per category, one column per bar series (and its confidence
    interval when drawn), each cell the text the chart shows; pies by label and value. "" if none."""
    series = [found for trace in data if (found := _series(trace, data, layout, language))]
    if not series:
        return ""
    categories = list(dict.fromkeys(category for one in series for category in one["cells"]))
    header = [_axis_title(layout, series[0]["axis"]) or TEXT["category"](language)]
    for one in series:
        name = one["name"] or TEXT["value"](language)
        header.append(name)
        if one["intervals"]:
            header.append(
                TEXT["series_interval"](language).format(series=name) if len(series) > 1 else TEXT["interval"](language)
            )
    rows = []
    for category in categories:
        cells = [f'<th scope="row">{_escape(category)}</th>']
        for one in series:
            shown, interval = one["cells"].get(category, ("", ""))
            cells.append(f"<td>{_escape(shown or '–')}</td>")
            if one["intervals"]:
                cells.append(f"<td>{_escape(interval or '–')}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head = "".join(f'<th scope="col">{_escape(text)}</th>' for text in header)
    return (
        f'<details class="smq-chart-data" open><summary>{_escape(TEXT["chart_data"](language))}</summary>'
        f'<div class="smq-table-scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></details>"
    )


def _axis_title(layout: Mapping, axis: str | None) -> str:
    title = layout.get(axis, {}).get("title") if axis else None
    return plain_text(title.get("text") if isinstance(title, Mapping) else title)


def _series(trace: Mapping, data: list, layout: Mapping, language: str) -> dict | None:
    """{name, axis, cells: {category: (shown text, interval text)}, intervals} of a bar or pie trace."""
    kind = trace.get("type", "scatter")
    if kind == "pie":
        labels, values = _array(trace.get("labels")), _array(trace.get("values"))
        hovered = _hover_shows(trace, "value")
        cells = {
            plain_text(label): (_number(value, language) if hovered else "", "") for label, value in zip(labels, values)
        }
        return {"name": plain_text(trace.get("name")), "axis": None, "cells": cells, "intervals": False}
    if kind != "bar":
        return None
    across = trace.get("orientation") == "h"  # categories on y
    positions, values = (trace.get("y"), trace.get("x")) if across else (trace.get("x"), trace.get("y"))
    values = _array(values)
    positions = _array(positions) if positions is not None else list(range(len(values)))
    category_axis, value_axis = ("yaxis", "xaxis") if across else ("xaxis", "yaxis")
    suffix = html_lib.unescape(PLOTLY_TAG.sub("", str(layout.get(value_axis, {}).get("ticksuffix") or "")))
    hovered = _hover_shows(trace, "x" if across else "y")
    shown = _shown_texts(trace, data, across) or [
        _number(value, language) + suffix if hovered and value is not None else "" for value in values
    ]
    intervals = _intervals(values, trace.get("error_x" if across else "error_y"), shown, suffix, language)
    categories = [_category(position, layout.get(category_axis, {}), language) for position in positions]
    return {
        "name": plain_text(trace.get("name")),
        "axis": category_axis,
        "cells": dict(zip(categories, zip(shown, intervals))),
        "intervals": any(intervals),
    }


def _shown_texts(bar: Mapping, data: list, across: bool) -> list[str] | None:
    """The value written on the chart for each bar: the bar's own text, else the text of the text-only
    scatter trace drawn at the same positions (charts.py writes values beside the bars that way)."""
    own = bar.get("text")
    if isinstance(own, list) and any(own):
        return [plain_text(text) for text in own]
    key = "y" if across else "x"
    for trace in data:
        if trace.get("type") == "scatter" and trace.get("mode") == "text" and trace.get(key) == bar.get(key):
            return [plain_text(text) for text in _array(trace.get("text"))]
    return None


def _hover_shows(trace: Mapping, part: str) -> bool:
    """Whether hovering shows the trace's own values (then the table may too)."""
    info = str(trace.get("hoverinfo", "all"))
    return info == "all" or part in info.split("+")


def _intervals(values: list, error: Mapping | None, shown: list[str], suffix: str, language: str) -> list[str]:
    """ "40 % à 50 %" per bar where an error bar is drawn, at the precision of the value shown."""
    if not error or error.get("visible") is False or error.get("type", "data") != "data" or "array" not in error:
        return [""] * len(values)
    plus = _array(error["array"])
    minus = _array(error["arrayminus"]) if "arrayminus" in error else plus
    found = []
    for value, up, down, text in zip(values, plus, minus, shown):
        if None in (value, up, down):
            found.append("")
            continue
        mark = "." if language == "en" else ","
        decimals = len(match.group(1)) if (match := re.search(rf"\d{re.escape(mark)}(\d+)", text)) else 0
        low, high = (format_number(bound, decimals, language) + suffix for bound in (value - down, value + up))
        found.append(TEXT["range"](language).format(low=low, high=high))
    return found + [""] * (len(values) - len(found))


def _category(position: Any, axis: Mapping, language: str) -> str:
    """A bar's category as read on the axis: the category itself, or the tick text at a numeric position."""
    if isinstance(position, str):
        return plain_text(position)
    ticks, texts = _array(axis.get("tickvals")), _array(axis.get("ticktext"))
    if ticks and texts and all(isinstance(tick, (int, float)) for tick in ticks):
        nearest = min(range(min(len(ticks), len(texts))), key=lambda i: abs(ticks[i] - position))
        return plain_text(texts[nearest])
    return _number(position, language)


def _number(value: Any, language: str) -> str:
    if isinstance(value, str):
        return plain_text(value)
    if value is None:
        return ""
    rounded = round(float(value), 2)
    decimals = 0 if rounded.is_integer() else 1 if round(rounded, 1) == rounded else 2
    return format_number(rounded, decimals, language)


def _array(values: Any) -> list:
    """A plotly data array as a list: plain JSON, or plotly.py's base64 typed array {dtype, bdata}."""
    if values is None:
        return []
    if isinstance(values, Mapping) and "bdata" in values:
        import base64

        import numpy as np

        dtype = np.dtype("<" + str(values.get("dtype", "f8")).rstrip("c"))
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=dtype).tolist()
    return list(values) if isinstance(values, (list, tuple)) else [values]


def markdown_to_html(source: str) -> str:
    return _markdown()(source)


@cache
def _markdown():
    import mistune

    # Inline HTML is kept by the parser and then goes through sanitize(), like every output.
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
def plot_script() -> str:
    """templates/plots.js: draws the plots once plotly.js is loaded, and redraws them for print."""
    return (TEMPLATES_DIR / "plots.js").read_text(encoding="utf-8")


@cache
def template(name: str):
    """A page template (templates/<name>), shared with the index."""
    from jinja2 import Environment, FileSystemLoader

    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
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
