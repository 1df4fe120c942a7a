"""Plotly figures with the house theme.

One small template (colours, font, white background), French number separators from
i18n.plotly_separators, percentages drawn as 0–100 with a « % » suffix (Quebec French puts a
no-break space before it). Hidden cells are not drawn: their bar is empty and labelled « n < 10 »
(or « masqué » when hidden as a complement); cells under 30 responses carry an asterisk and a note.
Figures carry no random ids, so stored notebook outputs are stable. Notebooks show them with the
'plotly_mimetype' renderer (use_notebook_renderer).

Readable on a phone and accessible: long category labels wrap (about LABEL_WIDTH characters a line,
at spaces and after hyphens), the share axis keeps a few ticks, and every mark colour has at least
3:1 contrast with the white background; confidence whiskers are near-black and drawn over bars light
enough to keep 3:1 with them too (tests/test_report_a11y.py checks the ratios). The chart note is
an annotation named NOTE_NAME, so that the HTML report can show it as text under the chart.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from typing import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from . import labels
from .i18n import NBSP, Message, format_number, format_percent, plotly_separators
from .metrics.shares import OTHER, ShareTable

FONT = "Segoe UI, Helvetica Neue, Arial, sans-serif"
TEXT_COLOUR = "#1f2933"
GRID_COLOUR = "#e4e7eb"
MAIN_COLOUR = "#2f6eb5"  # this museum
SECTOR_COLOUR = "#838e9b"  # all museums: lighter than MAIN_COLOUR, still 3:1 on white
WHISKER_COLOUR = "#111827"  # confidence intervals: 3:1 against white and against both bar colours
# Series colours of the house palette (the template's colorway after the museum and the sector):
# white text inside reads at 4.5:1 on each. Stacked segments get their colours from the topic that
# draws them (trend_bars' `colours`), separated by white lines (SEGMENT_LINE).
SERIES_COLOURS = ("#2a6f97", "#b35c00", "#9e2a2b")
OTHER_COLOUR = "#4b5563"  # a category without a colour of its own (7.6:1 on white)
SEGMENT_LINE = dict(color="white", width=1.5)
BAR_HEIGHT = 30
LABEL_WIDTH = 18  # characters per line of a category label
LABEL_FONT_SIZE = 13
LABEL_LINE_HEIGHT = 17  # plotly sets lines 1.3 em apart
SHARE_TICKS = 5  # at most, so that the share axis stays legible on a phone
NOTE_NAME = "smq-note"
LABEL_ROOM = 64  # right margin for a value label past a bar that reaches 100 %
BASE_HEIGHT = 170
GROUP_OFFSET = 0.2  # museum above, sector below, within a category's row
GROUP_BAR_WIDTH = 0.38
LEGEND_TOP_MARGIN = 120  # room for the title above a legend of up to two lines
NOTE_WIDTH = 110  # characters per line of the note under a chart
NOTE_LINE_HEIGHT = 15

TEMPLATE = go.layout.Template(
    layout=dict(
        font=dict(family=FONT, size=14, color=TEXT_COLOUR),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=[MAIN_COLOUR, SECTOR_COLOUR, *SERIES_COLOURS],
        xaxis=dict(gridcolor=GRID_COLOUR, zeroline=False),
        yaxis=dict(gridcolor=GRID_COLOUR, zeroline=False),
        margin=dict(l=20, r=30, t=70, b=40),
        hoverlabel=dict(font=dict(family=FONT)),
    )
)


def use_notebook_renderer() -> None:
    """Show figures as plotly JSON outputs (small, deterministic, exported to HTML by the report)."""
    pio.renderers.default = "plotly_mimetype"


def show(figure: go.Figure | None) -> None:
    """Display a figure; None (a table that publishes nothing) displays nothing: its text says why."""
    if figure is not None:
        figure.show()


def _whiskers(values, lows, highs, width: int) -> dict:
    """Plotly error bars from each value to its interval's bounds (None where a bound is missing)."""
    return dict(
        type="data",
        array=[None if h is None or v is None else round(h - v, 2) for h, v in zip(highs, values)],
        arrayminus=[None if lo is None or v is None else round(v - lo, 2) for lo, v in zip(lows, values)],
        color=WHISKER_COLOUR,
        thickness=2,
        width=width,
    )


def publishes(result: ShareTable) -> bool:
    """Whether a table has a chart: not withheld, not under MIN_CELL respondents, not empty, and not
    a lone « Autres » bar (everything folded: a single 100 % bar would say nothing)."""
    if result.too_small or result.withheld_reason or result.table.empty:
        return False
    return bool((result.table["key"].astype(str) != OTHER).any())


def _declare(figure: go.Figure, *results: ShareTable) -> go.Figure:
    """Record in the figure the cells it publishes, for the runner's disclosure audit (the exporter
    drops them from the page)."""
    figure.update_layout(meta={"smq_cells": [cell.to_json() for r in results for cell in r.cells]})
    return figure


def _text(value: str) -> str:
    """Plotly reads labels as a little HTML: escape what comes from data."""
    return html.escape(str(value), quote=False)


def _percent_suffix(lang: str) -> str:
    return f"{NBSP}%" if lang == "fr" else "%"


def _as_percent(value) -> float | None:
    """Percent, 2 decimals; never a negative zero (a share of 0 whose interval starts at 0 gives
    0 − 1e-17, which would print as -0.0 and change with the order of a float sum)."""
    return None if value is None or value != value else round(float(value) * 100, 2) + 0.0


def _blank(row) -> bool:
    """A row drawn without a bar: withheld (confidentiality) or too imprecise to show."""
    return bool(row.suppressed) or bool(getattr(row, "imprecise", False))


def _cell_text(row, lang: str) -> str:
    if row.suppressed:
        return labels.HIDDEN_CELL(lang)
    if getattr(row, "imprecise", False):
        return labels.IMPRECISE_CELL(lang)
    return format_percent(row.share, 0, lang) + (labels.CAUTION_MARK if row.caution else "")


def _hover(row, lang: str) -> str:
    if _blank(row):
        return _text(row.label) + "<br>" + _cell_text(row, lang)
    ci = f"{format_percent(row.ci_low, 0, lang)} – {format_percent(row.ci_high, 0, lang)}"
    share = format_percent(row.share, 1, lang) + (
        f" (IC à 95{NBSP}%{NBSP}: {ci})" if lang == "fr" else f" (95% CI: {ci})"
    )
    count = "" if pd.isna(row.n) else f"<br>n = {format_number(row.n, 0, lang)}"  # counts may be withheld
    return f"{_text(row.label)}<br>{share}{count}"


def _notes(results: list[ShareTable], lang: str, ci: bool = True) -> str:
    lines = [labels.CI_NOTE(lang)] if ci else []
    weighted = [bool(r.table["weighted"].any()) for r in results if not r.table.empty]
    if weighted and all(weighted):
        lines.append(labels.WEIGHTED_NOTE(lang))
    elif weighted and not any(weighted):
        lines.append(labels.UNWEIGHTED_NOTE(lang))
    elif weighted:
        lines.append(labels.MIXED_WEIGHTING_NOTE(lang))
    if any(bool(r.table["caution"].any()) for r in results if not r.table.empty):
        lines.append(labels.CAUTION_NOTE(lang))
    if any(bool(r.table["suppressed"].any()) for r in results if not r.table.empty):
        lines.append(labels.HIDDEN_NOTE(lang))
    if any(bool(r.table["imprecise"].any()) for r in results if not r.table.empty and "imprecise" in r.table):
        lines.append(labels.IMPRECISE_NOTE(lang))
    return " · ".join(lines)


def _unit(*results: ShareTable) -> Message:
    """« Part des visiteurs (estimée) » when every share is weighted to attendance, else respondents."""
    weighted = [bool(r.table["weighted"].all()) for r in results if not r.table.empty]
    return labels.SHARE_OF_VISITORS if weighted and all(weighted) else labels.SHARE_OF_RESPONDENTS


def _wrap_label(label: str, width: int = LABEL_WIDTH) -> str:
    """A category label on lines of at most `width` characters (unless one word is longer), broken at
    spaces or after a hyphen/dash, lines as even as the line count allows; escaped, joined by <br>."""
    pieces = [
        (part, i == 0) for word in str(label).split() for i, part in enumerate(re.findall(r"[^-–]*[-–]|[^-–]+", word))
    ]
    if len(str(label)) <= width or len(pieces) < 2:
        return _text(label)
    lines = _fill(pieces, width)
    narrowest = max(len(part) for part, _ in pieces)
    for narrower in range(narrowest, width):  # the narrowest layout with as few lines
        candidate = _fill(pieces, narrower)
        if len(candidate) == len(lines):
            lines = candidate
            break
    return "<br>".join(_text(line) for line in lines)


def _fill(pieces: list[tuple[str, bool]], width: int) -> list[str]:
    """Greedy filling; a piece that starts a word is preceded by a space within a line."""
    lines: list[str] = []
    for part, new_word in pieces:
        joined = lines[-1] + (" " if new_word else "") + part if lines else None
        if joined is not None and len(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(part)
    return lines


def _label_axis(labels_: list[str], positions: list | None = None) -> dict:
    """A category axis showing wrapped labels at the categories' positions (the data keep the labels)."""
    return dict(
        tickmode="array",
        tickvals=positions if positions is not None else [_text(l) for l in labels_],
        ticktext=[_wrap_label(l) for l in labels_],
        tickfont=dict(size=LABEL_FONT_SIZE),
        ticklabelstandoff=6,
    )


def _row_height(labels_: list[str]) -> int:
    """Height of one category row: a bar, or the wrapped label when it needs more room."""
    lines = max((_wrap_label(l).count("<br>") + 1 for l in labels_), default=1)
    return max(BAR_HEIGHT, LABEL_LINE_HEIGHT * (lines - 1) + LABEL_FONT_SIZE + 4)


def _wrap_note(note: str, width: int = NOTE_WIDTH) -> str:
    """Plotly never wraps an annotation: break the « · »-separated note into lines of about `width`
    characters (escaped for plotly's little HTML)."""
    lines: list[str] = []
    for part in note.split(" · "):
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return "<br>".join(_text(line) for line in lines)


def _layout(figure: go.Figure, title: Message | str, lang: str, plot_height: int, note: str, **axes) -> go.Figure:
    title_text = title(lang) if isinstance(title, Message) else str(title)
    figure.update_layout(
        template=TEMPLATE,
        separators=plotly_separators(lang),
        # the title at the very top, so that a legend above the plot never runs into it
        title=dict(text=_text(title_text), x=0, xanchor="left", y=1, yref="container", yanchor="top", pad=dict(t=14)),
        height=BASE_HEIGHT + plot_height,
        annotations=[
            dict(
                text=_wrap_note(note),
                name=NOTE_NAME,
                xref="paper",
                yref="paper",
                x=0,
                y=0,
                yshift=-66,
                xanchor="left",
                yanchor="top",
                align="left",
                showarrow=False,
                font=dict(size=11),
            )
        ],
        **axes,
    )
    extra_lines = _wrap_note(note).count("<br>")
    # a value axis that stops at 100 % leaves no room inside for the labels written past the bars
    full = (axes.get("xaxis") or {}).get("range", [0, 0])[1] >= 100
    bottom, top = 100 + NOTE_LINE_HEIGHT * extra_lines, LEGEND_TOP_MARGIN if "legend" in axes else 60
    # the plot area gets plot_height whatever the margins (a legend or a long note takes its own room)
    figure.update_layout(
        margin=dict(b=bottom, t=top, r=LABEL_ROOM if full else TEMPLATE.layout.margin.r),
        height=max(BASE_HEIGHT + plot_height, plot_height + top + bottom),
    )
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    return figure


def _share_axis(lang: str, label: Message = labels.SHARE_OF_RESPONDENTS, max_value: float | None = None) -> dict:
    axis = dict(title=dict(text=label(lang)), ticksuffix=_percent_suffix(lang), rangemode="tozero", nticks=SHARE_TICKS)
    if max_value is not None:
        axis["range"] = [0, round(min(100.0, max(10.0, max_value * 1.25)), 1)]
    return axis


def _bar_trace(
    result: ShareTable,
    lang: str,
    name: str,
    colour: str,
    orientation: str = "h",
    positions: list[float] | None = None,
    width: float | None = None,
) -> go.Bar:
    rows = list(result.table.itertuples())
    values = [0.0 if _blank(row) else _as_percent(row.share) for row in rows]
    plus = [None if _blank(row) else _as_percent(row.ci_high - row.share) for row in rows]
    minus = [None if _blank(row) else _as_percent(row.share - row.ci_low) for row in rows]
    categories = positions if positions is not None else [_text(row.label) for row in rows]
    # no end caps: plotly reads a hidden cell's missing interval as 0 and would draw its caps at 0
    error = dict(type="data", array=plus, arrayminus=minus, color=WHISKER_COLOUR, thickness=2, width=0)
    trace = dict(
        name=_text(name),
        marker=dict(color=colour),
        orientation=orientation,
        width=width,
        hovertext=[_hover(row, lang) for row in rows],
        hoverinfo="text",
    )
    if orientation == "h":
        return go.Bar(x=values, y=categories, error_x=error, **trace)
    return go.Bar(x=categories, y=values, error_y=error, **trace)


def _value_labels(result: ShareTable, lang: str, positions: list[float] | None = None) -> go.Scatter:
    """The value of each horizontal bar, written just beyond its confidence interval so that the
    whisker never crosses the figure; positions as for the bars."""
    rows = list(result.table.itertuples())
    ends = [
        0.0 if _blank(row) else _as_percent(max(row.ci_high, row.share) if row.ci_high == row.ci_high else row.share)
        for row in rows
    ]
    return go.Scatter(
        x=ends,
        y=positions if positions is not None else [_text(row.label) for row in rows],
        mode="text",
        text=[NBSP + _cell_text(row, lang) for row in rows],
        textposition="middle right",
        cliponaxis=False,
        showlegend=False,
        hoverinfo="skip",
    )


def _bars_with_labels(
    figure: go.Figure,
    result: ShareTable,
    lang: str,
    name: str,
    colour: str,
    positions: list[float] | None = None,
    width: float | None = None,
) -> None:
    figure.add_trace(_bar_trace(result, lang, name, colour, positions=positions, width=width))
    figure.add_trace(_value_labels(result, lang, positions))


def _max_share(*results: ShareTable) -> float:
    highs = [float(r.table["ci_high"].max()) for r in results if not r.table.empty and r.table["ci_high"].notna().any()]
    return max(highs) * 100 if highs else 100.0


def share_bars(result: ShareTable, title: Message | str, lang: str = "fr") -> go.Figure | None:
    """Horizontal bars, one per row of the table, in table order from the top (regions, countries …)."""
    if not publishes(result):
        return None
    figure = go.Figure()
    _bars_with_labels(figure, result, lang, labels.THIS_MUSEUM(lang), MAIN_COLOUR)
    names = list(result.table["label"])
    _layout(
        figure,
        title,
        lang,
        _row_height(names) * len(names),
        _notes([result], lang),
        xaxis=_share_axis(lang, _unit(result), max_value=_max_share(result)),
        yaxis=dict(autorange="reversed", automargin=True, **_label_axis(names)),
        showlegend=False,
    )
    return _declare(figure, result)


def museum_vs_sector(
    museum: ShareTable, sector: ShareTable, title: Message | str, lang: str = "fr"
) -> go.Figure | None:
    """This museum beside all museums, category by category (the sector only when it may be shown)."""
    if not publishes(museum):
        return None
    figure = go.Figure()
    keys = list(museum.table["key"])
    show_sector = sector.available and not sector.table.empty
    offset = GROUP_OFFSET if show_sector else 0.0
    # numeric rows (category i at y = i) so each value label sits beside its own bar of the pair
    _bars_with_labels(
        figure,
        museum,
        lang,
        labels.THIS_MUSEUM(lang),
        MAIN_COLOUR,
        positions=[i - offset for i in range(len(keys))],
        width=GROUP_BAR_WIDTH,
    )
    results = [museum]
    if show_sector:
        aligned = replace(sector, table=sector.table.set_index("key").loc[keys].reset_index())
        _bars_with_labels(
            figure,
            aligned,
            lang,
            labels.SECTOR(lang),
            SECTOR_COLOUR,
            positions=[i + offset for i in range(len(keys))],
            width=GROUP_BAR_WIDTH,
        )
        results.append(sector)
    note = _notes(results, lang)
    if not sector.available:
        note += " · " + labels.SECTOR_WITHHELD(lang)
    names = list(museum.table["label"])
    _layout(
        figure,
        title,
        lang,
        max(BAR_HEIGHT * len(results), _row_height(names)) * len(names),
        note,
        xaxis=_share_axis(lang, _unit(*results), max_value=_max_share(*results)),
        yaxis=dict(
            autorange="reversed",
            automargin=True,
            showgrid=False,
            **_label_axis(names, positions=list(range(len(keys)))),
        ),
        barmode="overlay",
        legend=dict(orientation="h", x=0, y=1.04, xanchor="left", yanchor="bottom", traceorder="normal"),
    )
    return _declare(figure, museum)


def trend_bars(
    result: ShareTable,
    title: Message | str,
    lang: str = "fr",
    *,
    categories: Sequence[str] | None = None,
    names: Mapping[str, str] | None = None,
    colours: Mapping[str, str],
) -> go.Figure | None:
    """100 % stacked bars, one per season; hidden cells are left out and listed in the note.

    The topic names its categories: `categories`, the keys in stacking order (default: the table's
    order; keys the table has but the list lacks follow in the table's order), `names`, the legend
    text by key (default: the table's own label column), and `colours`, a colour by key (OTHER_COLOUR
    for a key without one). Charts know no topic's categories (docs/ARCHITECTURE.md, « Topics »).
    """
    table = result.table
    if table.empty:
        return None
    seasons = sorted(int(y) for y in table["survey_year"].unique())
    figure = go.Figure()
    hidden = []
    present = list(dict.fromkeys(table["key"]))  # the categories, in the table's order
    keys = [key for key in (categories or ()) if key in present]
    keys += [key for key in present if key not in keys]
    legend = {**dict(zip(table["key"], table["label"])), **(names or {})}
    for key in keys:
        by_season = {int(row.survey_year): row for row in table[table["key"] == key].itertuples()}
        values, texts, hovers = [], [], []
        for season in seasons:
            row = by_season.get(season)
            if row is None or _blank(row):
                values.append(None)
                texts.append("")
                hovers.append("")
                if row is not None:
                    hidden.append(f"{legend[key]} {season}")
                continue
            values.append(_as_percent(row.share))
            texts.append(_cell_text(row, lang))
            hovers.append(f"{season} · {_hover(row, lang)}")
        figure.add_trace(
            go.Bar(
                x=[str(s) for s in seasons],
                y=values,
                name=_text(legend[key]),
                marker=dict(color=colours.get(key, OTHER_COLOUR), line=SEGMENT_LINE),
                text=texts,
                textposition="inside",
                insidetextanchor="middle",
                insidetextfont=dict(color="white"),
                hovertext=hovers,
                hoverinfo="text",
            )
        )
    note = _notes([ShareTable(table[table["survey_year"] == s], 0, 0, None) for s in seasons], lang, ci=False)
    if hidden:
        note += " · " + labels.HIDDEN_LIST.format(cells=", ".join(hidden))(lang)
    _layout(
        figure,
        title,
        lang,
        9 * BAR_HEIGHT,
        note,
        barmode="stack",
        xaxis=dict(title=dict(text=labels.SEASON(lang)), type="category"),
        yaxis=dict(title=dict(text=_unit(result)(lang)), ticksuffix=_percent_suffix(lang), range=[0, 100]),
        legend=dict(orientation="h", x=0, y=1.04, xanchor="left", yanchor="bottom", traceorder="normal"),
    )
    return _declare(figure, result)


# --- counts the museum publishes itself (attendance) -----------------------------------------------


def _declare_none(figure: go.Figure) -> go.Figure:
    """A figure of counts the museum publishes itself (attendance entries), not survey respondents:
    it declares an empty list of cells, which the runner's disclosure audit accepts
    (docs/ARCHITECTURE.md, « Privacy »)."""
    figure.update_layout(meta={"smq_cells": []})
    return figure


def count_bars(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    title: Message | str,
    lang: str = "fr",
    *,
    colours: Sequence[str] = (MAIN_COLOUR, SECTOR_COLOUR),
    value_title: Message | str = "",
    category_title: Message | str = "",
    note: str = "",
    percent: bool = False,
    stacked: bool = False,
) -> go.Figure | None:
    """Vertical bars of counts (or, percent=True, shares 0–1 drawn as 0–100 %), one group per category,
    one bar per series (dict order; the first series is the reader's, MAIN_COLOUR); stacked=True
    stacks the series. A value None is a figure not available: no bar, « – » in the data table.

    The bars carry their values as text (Quebec format) so that the report's data table shows them;
    the numbers sit on the bars only when there are few of them. Charts know no topic: the caller
    gives categories, series names and colours (docs/ARCHITECTURE.md, « Topics »). Attendance is not
    a respondent count: the figure declares no cells (_declare_none).
    """
    if not categories or not series or all(v is None for values in series.values() for v in values):
        return None
    figure = go.Figure()
    n_bars = len(categories) * (1 if stacked else len(series))
    inside = n_bars <= 12
    for position, (name, values) in enumerate(series.items()):
        shown = [None if v is None else (_as_percent(v) if percent else float(v)) for v in values]
        texts = [
            "–" if v is None else (format_percent(v, 0, lang) if percent else format_number(v, 0, lang)) for v in values
        ]
        figure.add_trace(
            go.Bar(
                x=[_text(c) for c in categories],
                y=shown,
                name=_text(name),
                marker=dict(color=colours[position % len(colours)], line=SEGMENT_LINE if stacked else None),
                text=texts,
                textposition=("inside" if stacked else "outside") if inside else "none",
                insidetextanchor="middle",
                insidetextfont=dict(color="white"),
                cliponaxis=False,
                hovertext=[f"{_text(name)} · {_text(c)}<br>{t}" for c, t in zip(categories, texts)],
                hoverinfo="text",
            )
        )
    value_text = value_title(lang) if isinstance(value_title, Message) else str(value_title)
    category_text = category_title(lang) if isinstance(category_title, Message) else str(category_title)
    value_axis = dict(title=dict(text=_text(value_text)), rangemode="tozero", separatethousands=True)
    if percent:
        value_axis.update(ticksuffix=_percent_suffix(lang), range=[0, 100] if stacked else None, nticks=SHARE_TICKS)
    else:
        highest = max((float(v) for values in series.values() for v in values if v is not None), default=0.0)
        # whole numbers with the language's thousands separator (« 14 000 »), never SI suffixes (« 14k »)
        value_axis.update(range=[0, highest * 1.15 or 1], tickformat=",d")
    axes = dict(
        barmode="stack" if stacked else "group",
        xaxis=dict(title=dict(text=_text(category_text)), type="category", tickfont=dict(size=LABEL_FONT_SIZE)),
        yaxis=value_axis,
        showlegend=len(series) > 1,
    )
    if len(series) > 1:
        axes["legend"] = dict(orientation="h", x=0, y=1.04, xanchor="left", yanchor="bottom", traceorder="normal")
    _layout(figure, title, lang, 9 * BAR_HEIGHT, note, **axes)
    return _declare_none(figure)


# --- rows of markers: targets (baseline → result → target) and peer spreads --------------------------


def _scaled(value, percent: bool) -> float | None:
    """A share 0–1 drawn as 0–100 (percent=True) or a value drawn as it is; None for a missing value."""
    if value is None or value != value:
        return None
    return _as_percent(value) if percent else round(float(value), 2) + 0.0


def _shown_value(value, percent: bool, lang: str) -> str:
    if value is None or value != value:
        return "–"
    return format_percent(value, 0, lang) if percent else format_number(value, 0, lang)


def _value_axis(title: Message | str, lang: str, percent: bool, values: Sequence, value_range=None) -> dict:
    text = title(lang) if isinstance(title, Message) else str(title)
    axis = dict(title=dict(text=_text(text)), nticks=SHARE_TICKS, zeroline=False)
    if value_range is not None:
        axis["range"] = list(value_range)
    elif percent:
        highest = max((float(v) for v in values if v is not None and v == v), default=1.0)
        axis["range"] = [0, round(min(100.0, max(10.0, highest * 1.25)), 1)]
    if percent:
        axis["ticksuffix"] = _percent_suffix(lang)
    return axis


from dataclasses import dataclass as _dataclass  # this appended section only (the module imports `replace` above)


@_dataclass(frozen=True)
class DotSeries:
    """One series of dot_rows: a value per row (None: no marker), optional interval bounds, a colour
    and a plotly marker symbol."""

    name: str
    values: Sequence[float | None]
    colour: str
    symbol: str = "circle"
    low: Sequence[float | None] | None = None
    high: Sequence[float | None] | None = None
    size: int = 12


def dot_rows(
    rows: Sequence[str],
    series: Sequence[DotSeries],
    title: Message | str,
    lang: str = "fr",
    *,
    percent: bool = True,
    value_title: Message | str = "",
    value_range: Sequence[float] | None = None,
    note: str = "",
) -> go.Figure | None:
    """One row per label, one marker per series on a common value axis (shares 0–1 drawn as 0–100 %
    when percent=True); a series with low/high draws its interval as a whisker. The caller names rows
    and series (charts know no topic). The figure shows estimates already published elsewhere in the
    report, without counts: it declares an empty smq_cells list (_declare_none)."""
    if not rows or all(v is None or v != v for s in series for v in s.values):
        return None
    figure = go.Figure()
    positions = list(range(len(rows)))
    every = []
    for entry in series:
        values = [_scaled(v, percent) for v in entry.values]
        every += values
        trace = dict(
            x=values,
            y=positions,
            mode="markers",
            name=_text(entry.name),
            marker=dict(color=entry.colour, size=entry.size, symbol=entry.symbol),
            text=[_shown_value(v, percent, lang) for v in entry.values],
            hoverinfo="text",
        )
        hovers = []
        for i, v in enumerate(entry.values):
            shown = _shown_value(v, percent, lang)
            if entry.low is not None and entry.high is not None and _scaled(entry.low[i], percent) is not None:
                shown += (
                    f" ({_shown_value(entry.low[i], percent, lang)} – {_shown_value(entry.high[i], percent, lang)})"
                )
            hovers.append(
                f"{_text(rows[i])}<br>{_text(entry.name)}{NBSP}: {shown}"
                if lang == "fr"
                else f"{_text(rows[i])}<br>{_text(entry.name)}: {shown}"
            )
        trace["hovertext"] = hovers
        if entry.low is not None and entry.high is not None:
            highs = [_scaled(h, percent) for h in entry.high]
            lows = [_scaled(lo, percent) for lo in entry.low]
            every += highs
            trace["error_x"] = _whiskers(values, lows, highs, width=6)
        figure.add_trace(go.Scatter(**trace))
    _layout(
        figure,
        title,
        lang,
        max(BAR_HEIGHT * 2, _row_height(list(rows))) * len(rows),
        note,
        xaxis=_value_axis(value_title, lang, percent, every, value_range),
        yaxis=dict(autorange="reversed", automargin=True, showgrid=False, **_label_axis(list(rows), positions)),
        legend=dict(orientation="h", x=0, y=1.04, xanchor="left", yanchor="bottom", traceorder="normal"),
    )
    return _declare_none(figure)


SPREAD_COLOUR = "#b8c7dc"  # the peers' middle half: light, so that the median tick and whiskers keep 3:1
MEDIAN_COLOUR = "#1f2933"
OWN_COLOUR = "#9e2a2b"


def peer_spread(
    rows: Sequence[str],
    *,
    q1: Sequence[float | None],
    median: Sequence[float | None],
    q3: Sequence[float | None],
    minimum: Sequence[float | None],
    maximum: Sequence[float | None],
    own: Sequence[float | None],
    withheld: Sequence[str | None],
    title: Message | str,
    lang: str = "fr",
    percent: bool = True,
    names: Mapping[str, str],
    note: str = "",
) -> go.Figure | None:
    """One row per group of other museums: a bar from the first to the third quartile, a tick at the
    median, a line from minimum to maximum where given, the reader's own value as a diamond where
    given; a row whose withheld text is set draws nothing but that text. names: legend text for
    'iqr', 'median', 'range' and 'own'. Shares of other museums carry no count: the figure declares
    an empty smq_cells list (_declare_none)."""
    if not rows or all(m is None for m in median):
        return None
    figure = go.Figure()
    positions = list(range(len(rows)))
    low = [_scaled(v, percent) for v in q1]
    high = [_scaled(v, percent) for v in q3]
    figure.add_trace(
        go.Bar(
            y=positions,
            x=[None if a is None or b is None else round(b - a, 2) for a, b in zip(low, high)],
            base=low,
            orientation="h",
            width=0.45,
            name=_text(names["iqr"]),
            marker=dict(color=SPREAD_COLOUR, line=dict(color=MEDIAN_COLOUR, width=1)),
            text=[
                "" if a is None else f"{_shown_value(a_, percent, lang)} – {_shown_value(b_, percent, lang)}"
                for a, a_, b_ in zip(low, q1, q3)
            ],
            textposition="none",
            hovertext=[
                ""
                if a is None
                else f"{_text(r)}<br>{_shown_value(a_, percent, lang)} – {_shown_value(b_, percent, lang)}"
                for r, a, a_, b_ in zip(rows, low, q1, q3)
            ],
            hoverinfo="text",
        )
    )
    if any(v is not None for v in minimum):
        lows = [_scaled(v, percent) for v in minimum]
        highs = [_scaled(v, percent) for v in maximum]
        figure.add_trace(
            go.Scatter(
                x=lows,
                y=positions,
                mode="markers",
                name=_text(names["range"]),
                marker=dict(color=MEDIAN_COLOUR, size=1),
                error_x=dict(
                    type="data",
                    symmetric=False,
                    array=[None if a is None or b is None else round(b - a, 2) for a, b in zip(lows, highs)],
                    arrayminus=[0 if a is not None else None for a in lows],
                    color=MEDIAN_COLOUR,
                    thickness=1.5,
                    width=8,
                ),
                text=[
                    "" if a is None else f"{_shown_value(a_, percent, lang)} – {_shown_value(b_, percent, lang)}"
                    for a, a_, b_ in zip(lows, minimum, maximum)
                ],
                hoverinfo="text",
            )
        )
    for key, values, marker in (
        (
            "median",
            median,
            dict(color=MEDIAN_COLOUR, size=22, symbol="line-ns", line=dict(width=3, color=MEDIAN_COLOUR)),
        ),
        ("own", own, dict(color=OWN_COLOUR, size=13, symbol="diamond", line=dict(width=1, color="white"))),
    ):
        if all(v is None for v in values):
            continue
        figure.add_trace(
            go.Scatter(
                x=[_scaled(v, percent) for v in values],
                y=positions,
                mode="markers",
                name=_text(names[key]),
                marker=marker,
                text=[_shown_value(v, percent, lang) for v in values],
                hovertext=[
                    f"{_text(r)}<br>{_text(names[key])} · {_shown_value(v, percent, lang)}"
                    for r, v in zip(rows, values)
                ],
                hoverinfo="text",
            )
        )
    if any(w for w in withheld):
        figure.add_trace(
            go.Scatter(
                x=[0 if w else None for w in withheld],
                y=positions,
                mode="text",
                text=[_text(w) if w else "" for w in withheld],
                textposition="middle right",
                showlegend=False,
                hoverinfo="skip",
                cliponaxis=False,
            )
        )
    every = high + [_scaled(v, percent) for v in (*maximum, *own)]
    _layout(
        figure,
        title,
        lang,
        max(BAR_HEIGHT * 2, _row_height(list(rows))) * len(rows),
        note,
        xaxis=_value_axis("", lang, percent, every),
        yaxis=dict(autorange="reversed", automargin=True, showgrid=False, **_label_axis(list(rows), positions)),
        legend=dict(orientation="h", x=0, y=1.04, xanchor="left", yanchor="bottom", traceorder="normal"),
        barmode="overlay",
    )
    return _declare_none(figure)


# --- generic horizontal bars: stacked shares, values without intervals ------------------------------


def stacked_share_bars(
    rows: Sequence[str],
    segments: Sequence[str],
    shares: Mapping[str, Sequence[float | None]],
    title: Message | str,
    lang: str = "fr",
    *,
    names: Mapping[str, str] | None = None,
    colours: Mapping[str, str] | None = None,
    value_title: Message | str = labels.SHARE_OF_RESPONDENTS,
    note: str = "",
    cells: Sequence = (),
) -> go.Figure | None:
    """100 % stacked horizontal bars, one bar per row (top first), one segment per key of `segments`
    (stacking order, left to right) with shares 0–1 in `shares[key]` (one per row). A share None is a
    segment not drawn (withheld: the caller's note says so); the value is written inside a segment
    wide enough to hold it (plotly's uniformtext hides the others; the data table keeps every value). The topic names everything (rows, segment names and colours): charts
    know no topic (docs/ARCHITECTURE.md, « Topics »). `cells`: the disclosure cells the figure
    publishes (disclosure.Cell), declared for the runner's audit.
    """
    if not rows or not segments:
        return None
    figure = go.Figure()
    positions = [_text(r) for r in rows]
    for key in segments:
        values = list(shares[key])
        shown = [None if v is None or v != v else _as_percent(v) for v in values]
        texts = ["" if v is None or v != v else format_percent(v, 0, lang) for v in values]
        label = (names or {}).get(key, key)
        figure.add_trace(
            go.Bar(
                x=shown,
                y=positions,
                orientation="h",
                name=_text(label),
                marker=dict(color=(colours or {}).get(key, OTHER_COLOUR), line=SEGMENT_LINE),
                text=texts,
                textposition="inside",
                insidetextanchor="middle",
                insidetextfont=dict(color="white"),
                hovertext=[
                    f"{_text(r)}<br>{_text(label)}{NBSP}: "
                    + ("–" if v is None or v != v else format_percent(v, 1, lang))
                    for r, v in zip(rows, values)
                ],
                hoverinfo="text",
            )
        )
    value_text = value_title(lang) if isinstance(value_title, Message) else str(value_title)
    _layout(
        figure,
        title,
        lang,
        _row_height(list(rows)) * len(rows),
        note,
        barmode="stack",
        xaxis=dict(
            title=dict(text=_text(value_text)), ticksuffix=_percent_suffix(lang), range=[0, 100], nticks=SHARE_TICKS
        ),
        yaxis=dict(autorange="reversed", automargin=True, showgrid=False, **_label_axis(list(rows))),
        legend=dict(orientation="h", x=0, y=1.04, xanchor="left", yanchor="bottom", traceorder="normal"),
    )
    # a value too wide for its segment is not drawn on it (the hover and the data table keep it)
    figure.update_layout(uniformtext=dict(mode="hide", minsize=11))
    figure.update_layout(meta={"smq_cells": [cell.to_json() for cell in cells]})
    return figure


def value_bars(
    rows: Sequence[str],
    values: Sequence[float],
    title: Message | str,
    lang: str = "fr",
    *,
    value_title: Message | str = "",
    note: str = "",
    percent: bool = True,
    decimals: int = 0,
    colour: str = MAIN_COLOUR,
    cells: Sequence = (),
) -> go.Figure | None:
    """Horizontal bars of one value per row, top first, without an interval (e.g. each item's share
    of R² in a key-driver analysis); values 0–1 drawn as percentages when `percent`. The value is
    written past each bar. `cells`: the disclosure cells the figure publishes (none for shares of a
    statistic), declared for the runner's audit.
    """
    if not rows:
        return None
    figure = go.Figure()
    positions = [_text(r) for r in rows]
    shown = [_as_percent(v) if percent else float(v) for v in values]
    texts = [
        NBSP + (format_percent(v, decimals, lang) if percent else format_number(v, decimals, lang)) for v in values
    ]
    figure.add_trace(
        go.Bar(
            x=shown,
            y=positions,
            orientation="h",
            marker=dict(color=colour),
            hovertext=[f"{_text(r)}<br>{t.strip()}" for r, t in zip(rows, texts)],
            hoverinfo="text",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=shown,
            y=positions,
            mode="text",
            text=texts,
            textposition="middle right",
            cliponaxis=False,
            showlegend=False,
            hoverinfo="skip",
        )
    )
    value_text = value_title(lang) if isinstance(value_title, Message) else str(value_title)
    axis = dict(title=dict(text=_text(value_text)), rangemode="tozero", nticks=SHARE_TICKS)
    if percent:
        axis.update(ticksuffix=_percent_suffix(lang), range=[0, round(min(100.0, max(10.0, max(shown) * 1.25)), 1)])
    _layout(
        figure,
        title,
        lang,
        _row_height(list(rows)) * len(rows),
        note,
        xaxis=axis,
        yaxis=dict(autorange="reversed", automargin=True, showgrid=False, **_label_axis(list(rows))),
        showlegend=False,
    )
    figure.update_layout(meta={"smq_cells": [cell.to_json() for cell in cells]})
    return figure


# --- grouped horizontal bars with intervals, declaring the cells they rest on ----------------------


from dataclasses import dataclass as _bar_dataclass  # noqa: E402  (appended section, docs/ARCHITECTURE.md « Topics »)


@_bar_dataclass(frozen=True)
class BarSeries:
    """One series of interval_bars: a value per row (None: no bar, « – » in the data table), optional
    95 % bounds drawn as whiskers, a colour."""

    name: str
    values: Sequence[float | None]
    colour: str
    low: Sequence[float | None] | None = None
    high: Sequence[float | None] | None = None


def _bar_text(value, percent: bool, decimals: int, lang: str) -> str:
    if value is None or value != value:
        return "–"
    return format_percent(value, decimals, lang) if percent else format_number(value, decimals, lang)


def interval_bars(
    rows: Sequence[str],
    series: Sequence[BarSeries],
    title: Message | str,
    lang: str = "fr",
    *,
    cells: Sequence = (),
    percent: bool = True,
    decimals: int = 0,
    value_title: Message | str = "",
    note: str = "",
) -> go.Figure | None:
    """Horizontal bars, one row per label and one bar per series (first series on top), each with its
    value written past its whisker; shares 0–1 drawn as 0–100 % when percent=True, else values with
    `decimals`. The caller names rows and series (charts know no topic) and gives the disclosure cells
    the figure rests on (`cells`: disclosure.Cell, e.g. a ShareTable's cells; an empty list for
    estimates that publish no respondent count), recorded in layout.meta.smq_cells for the runner's
    audit (docs/ARCHITECTURE.md, « Privacy »)."""
    if not rows or all(v is None or v != v for s in series for v in s.values):
        return None
    figure = go.Figure()
    count = len(series)
    width = min(0.8 / count, 0.6)
    every: list[float] = []
    for index, entry in enumerate(series):
        offset = (index - (count - 1) / 2) * width
        positions = [i + offset for i in range(len(rows))]
        values = [_scaled(v, percent) for v in entry.values]
        highs = [_scaled(h, percent) for h in entry.high] if entry.high is not None else [None] * len(rows)
        lows = [_scaled(lo, percent) for lo in entry.low] if entry.low is not None else [None] * len(rows)
        every += [v for v in values + highs if v is not None]
        texts = [_bar_text(v, percent, decimals, lang) for v in entry.values]
        hovers = []
        for i, text in enumerate(texts):
            if lows[i] is not None and highs[i] is not None and values[i] is not None:
                bounds = f"{_bar_text(entry.low[i], percent, decimals, lang)} – {_bar_text(entry.high[i], percent, decimals, lang)}"
                text += f" (IC à 95{NBSP}%{NBSP}: {bounds})" if lang == "fr" else f" (95% CI: {bounds})"
            hovers.append(f"{_text(rows[i])}<br>{_text(entry.name)} · {text}")
        error = _whiskers(values, lows, highs, width=0)
        figure.add_trace(
            go.Bar(
                x=[0.0 if v is None else v for v in values],
                y=positions,
                orientation="h",
                width=width * 0.9,
                name=_text(entry.name),
                marker=dict(color=entry.colour),
                error_x=error if entry.low is not None else None,
                text=texts,
                hovertext=hovers,
                hoverinfo="text",
                textposition="none",
            )
        )
        ends = [max(v, h) if h is not None and v is not None else (v or 0.0) for v, h in zip(values, highs)]
        figure.add_trace(
            go.Scatter(
                x=ends,
                y=positions,
                mode="text",
                text=[NBSP + t for t in texts],
                textposition="middle right",
                cliponaxis=False,
                showlegend=False,
                hoverinfo="skip",
            )
        )
    highest = max(every, default=1.0)
    axis = dict(
        title=dict(text=_text(value_title(lang) if isinstance(value_title, Message) else str(value_title))),
        rangemode="tozero",
        nticks=SHARE_TICKS,
        range=[0, (min(100.0, max(10.0, highest * 1.25)) if percent else highest * 1.3 or 1)],
    )
    if percent:
        axis["ticksuffix"] = _percent_suffix(lang)
    else:
        # whole numbers (or one decimal) with the language's separators (« 14 000 »), never « 14k »
        axis.update(separatethousands=True, tickformat=",.1f" if highest < 10 else ",d")
    _layout(
        figure,
        title,
        lang,
        max(BAR_HEIGHT * count, _row_height(list(rows))) * len(rows),
        note,
        xaxis=axis,
        yaxis=dict(
            autorange="reversed",
            automargin=True,
            showgrid=False,
            **_label_axis(list(rows), positions=list(range(len(rows)))),
        ),
        barmode="overlay",
        showlegend=count > 1,
        **(
            {"legend": dict(orientation="h", x=0, y=1.04, xanchor="left", yanchor="bottom", traceorder="normal")}
            if count > 1
            else {}
        ),
    )
    figure.update_layout(meta={"smq_cells": [cell.to_json() for cell in cells]})
    return figure


# --- monthly lines of counts, solid or dotted, with marked breaks (web series) ----------------------


from dataclasses import dataclass as _line_dataclass  # noqa: E402  (appended section, docs/ARCHITECTURE.md « Topics »)


@_line_dataclass(frozen=True)
class LineSeries:
    """One series of count_lines: a value per category (None: no point, the line is cut), a colour,
    and a dash ('solid', or 'dot' for a figure given only as an indication)."""

    name: str
    values: Sequence[float | None]
    colour: str
    dash: str = "solid"


def count_lines(
    categories: Sequence[str],
    series: Sequence[LineSeries],
    title: Message | str,
    lang: str = "fr",
    *,
    value_title: Message | str = "",
    category_title: Message | str = "",
    note: str = "",
    breaks: Sequence[int] = (),
    tick_every: int = 1,
) -> go.Figure | None:
    """Lines of counts over ordered categories (e.g. months), one per series, with a vertical rule
    before each category position in `breaks` (where a measure changes); `tick_every` labels one
    category in so many (e.g. 6 for months over several years). Values carry their text
    in Quebec format for the report's data table. Counts the museum publishes itself (web sessions,
    page views), not respondents: the figure declares no cells (_declare_none). Charts know no
    topic: the caller names categories, series and colours (docs/ARCHITECTURE.md, « Topics »)."""
    if not categories or all(v is None for s in series for v in s.values):
        return None
    figure = go.Figure()
    highest = 0.0
    for entry in series:
        values = [None if v is None or v != v else float(v) for v in entry.values]
        highest = max([highest, *(v for v in values if v is not None)])
        texts = ["–" if v is None else format_number(v, 0, lang) for v in values]
        figure.add_trace(
            go.Scatter(
                x=[_text(c) for c in categories],
                y=values,
                name=_text(entry.name),
                mode="lines+markers",
                line=dict(color=entry.colour, dash=entry.dash, width=2.5),
                marker=dict(color=entry.colour, size=5),
                text=texts,
                hovertext=[f"{_text(entry.name)} · {_text(c)}<br>{t}" for c, t in zip(categories, texts)],
                hoverinfo="text",
                connectgaps=False,
            )
        )
    for position in breaks:
        figure.add_shape(
            type="line",
            xref="x",
            yref="paper",
            x0=position - 0.5,
            x1=position - 0.5,
            y0=0,
            y1=1,
            line=dict(color=TEXT_COLOUR, width=1.5, dash="dash"),
        )
    value_text = value_title(lang) if isinstance(value_title, Message) else str(value_title)
    category_text = category_title(lang) if isinstance(category_title, Message) else str(category_title)
    _layout(
        figure,
        title,
        lang,
        9 * BAR_HEIGHT,
        note,
        xaxis=dict(
            title=dict(text=_text(category_text)),
            type="category",
            tickfont=dict(size=LABEL_FONT_SIZE),
            tickmode="linear",
            tick0=0,
            dtick=max(1, int(tick_every)),
        ),
        yaxis=dict(
            title=dict(text=_text(value_text)),
            rangemode="tozero",
            separatethousands=True,
            tickformat=",d",
            range=[0, highest * 1.15 or 1],
        ),
        showlegend=len(series) > 1,
        legend=dict(orientation="h", x=0, y=1.04, xanchor="left", yanchor="bottom", traceorder="normal"),
    )
    return _declare_none(figure)
