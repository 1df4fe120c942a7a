"""Plotly figures with the house theme.

One small template (colours, font, white background), French number separators from
i18n.plotly_separators, percentages drawn as 0–100 with a « % » suffix (Quebec French puts a
no-break space before it). Hidden cells are not drawn: their bar is empty and labelled « n < 10 »
(or « masqué » when hidden as a complement); cells under 30 responses carry an asterisk and a note.
Figures carry no random ids, so stored notebook outputs are stable. Notebooks show them with the
'plotly_mimetype' renderer (use_notebook_renderer).
"""

from __future__ import annotations

import html
from dataclasses import replace

import plotly.graph_objects as go
import plotly.io as pio

from . import labels, privacy
from .i18n import NBSP, Message, format_number, format_percent, plotly_separators
from .metrics.provenance import CATEGORIES, ShareTable

FONT = "Segoe UI, Helvetica Neue, Arial, sans-serif"
TEXT_COLOUR = "#1f2933"
GRID_COLOUR = "#e4e7eb"
MAIN_COLOUR = "#1d4e89"      # this museum
SECTOR_COLOUR = "#9fb3c8"    # all museums
CATEGORY_COLOURS = {"local": "#2a6f97", "excursionist": "#e09f3e", "tourist": "#9e2a2b", "unknown": "#a0a7b0"}
BAR_HEIGHT = 34
BASE_HEIGHT = 170
GROUP_OFFSET = 0.2      # museum above, sector below, within a category's row
GROUP_BAR_WIDTH = 0.38
LEGEND_TOP_MARGIN = 120  # room for the title above a legend of up to two lines
NOTE_WIDTH = 110         # characters per line of the note under a chart
NOTE_LINE_HEIGHT = 15

TEMPLATE = go.layout.Template(
    layout=dict(
        font=dict(family=FONT, size=14, color=TEXT_COLOUR),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=[MAIN_COLOUR, SECTOR_COLOUR, *CATEGORY_COLOURS.values()],
        xaxis=dict(gridcolor=GRID_COLOUR, zeroline=False),
        yaxis=dict(gridcolor=GRID_COLOUR, zeroline=False),
        margin=dict(l=20, r=30, t=70, b=40),
        hoverlabel=dict(font=dict(family=FONT)),
    )
)


def use_notebook_renderer() -> None:
    """Show figures as plotly JSON outputs (small, deterministic, exported to HTML by the report)."""
    pio.renderers.default = "plotly_mimetype"


def show(figure: go.Figure) -> None:
    figure.show()


def _text(value: str) -> str:
    """Plotly reads labels as a little HTML: escape what comes from data."""
    return html.escape(str(value), quote=False)


def _percent_suffix(lang: str) -> str:
    return f"{NBSP}%" if lang == "fr" else "%"


def _as_percent(value) -> float | None:
    return None if value is None or value != value else round(float(value) * 100, 2)


def _cell_text(row, lang: str) -> str:
    if row.suppressed:
        return (labels.HIDDEN_CELL if row.suppression_reason == privacy.COMPLEMENT else labels.SMALL_CELL)(lang)
    return format_percent(row.share, 0, lang) + (labels.CAUTION_MARK if row.caution else "")


def _hover(row, lang: str) -> str:
    if row.suppressed:
        return _text(row.label) + "<br>" + _cell_text(row, lang)
    ci = f"{format_percent(row.ci_low, 0, lang)} – {format_percent(row.ci_high, 0, lang)}"
    return (f"{_text(row.label)}<br>{format_percent(row.share, 1, lang)} (IC 95 % : {ci})<br>n = {format_number(row.n, 0, lang)}"
            if lang == "fr" else
            f"{_text(row.label)}<br>{format_percent(row.share, 1, lang)} (95% CI: {ci})<br>n = {format_number(row.n, 0, lang)}")


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
    return " · ".join(lines)


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


def _layout(figure: go.Figure, title: Message | str, lang: str, rows: int, note: str, **axes) -> go.Figure:
    title_text = title(lang) if isinstance(title, Message) else str(title)
    figure.update_layout(
        template=TEMPLATE,
        separators=plotly_separators(lang),
        # the title at the very top, so that a legend above the plot never runs into it
        title=dict(text=_text(title_text), x=0, xanchor="left", y=1, yref="container", yanchor="top",
                   pad=dict(t=14)),
        height=BASE_HEIGHT + BAR_HEIGHT * rows,
        annotations=[dict(text=_wrap_note(note), xref="paper", yref="paper", x=0, y=0, yshift=-66,
                          xanchor="left", yanchor="top", align="left", showarrow=False, font=dict(size=11))],
        **axes,
    )
    extra_lines = _wrap_note(note).count("<br>")
    figure.update_layout(margin=dict(b=100 + NOTE_LINE_HEIGHT * extra_lines,
                                     t=LEGEND_TOP_MARGIN if "legend" in axes else 60))
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    return figure


def _share_axis(lang: str, label: Message = labels.SHARE_OF_RESPONDENTS, max_value: float | None = None) -> dict:
    axis = dict(title=dict(text=label(lang)), ticksuffix=_percent_suffix(lang), rangemode="tozero")
    if max_value is not None:
        axis["range"] = [0, round(min(100.0, max(10.0, max_value * 1.25)), 1)]
    return axis


def _bar_trace(result: ShareTable, lang: str, name: str, colour: str, orientation: str = "h",
               positions: list[float] | None = None, width: float | None = None) -> go.Bar:
    rows = list(result.table.itertuples())
    values = [0.0 if row.suppressed else _as_percent(row.share) for row in rows]
    plus = [None if row.suppressed else _as_percent(row.ci_high - row.share) for row in rows]
    minus = [None if row.suppressed else _as_percent(row.share - row.ci_low) for row in rows]
    categories = positions if positions is not None else [_text(row.label) for row in rows]
    error = dict(type="data", array=plus, arrayminus=minus, color="#52606d", thickness=1.2, width=4)
    trace = dict(
        name=_text(name), marker=dict(color=colour), orientation=orientation, width=width,
        hovertext=[_hover(row, lang) for row in rows], hoverinfo="text",
    )
    if orientation == "h":
        return go.Bar(x=values, y=categories, error_x=error, **trace)
    return go.Bar(x=categories, y=values, error_y=error, **trace)


def _value_labels(result: ShareTable, lang: str, positions: list[float] | None = None) -> go.Scatter:
    """The value of each horizontal bar, written just beyond its confidence interval so that the
    whisker never crosses the figure; positions as for the bars."""
    rows = list(result.table.itertuples())
    ends = [0.0 if row.suppressed else _as_percent(max(row.ci_high, row.share) if row.ci_high == row.ci_high
                                                     else row.share) for row in rows]
    return go.Scatter(x=ends, y=positions if positions is not None else [_text(row.label) for row in rows],
                      mode="text", text=[NBSP + _cell_text(row, lang) for row in rows],
                      textposition="middle right", cliponaxis=False, showlegend=False, hoverinfo="skip")


def _bars_with_labels(figure: go.Figure, result: ShareTable, lang: str, name: str, colour: str,
                      positions: list[float] | None = None, width: float | None = None) -> None:
    figure.add_trace(_bar_trace(result, lang, name, colour, positions=positions, width=width))
    figure.add_trace(_value_labels(result, lang, positions))


def _max_share(*results: ShareTable) -> float:
    highs = [float(r.table["ci_high"].max()) for r in results if not r.table.empty and r.table["ci_high"].notna().any()]
    return max(highs) * 100 if highs else 100.0


def share_bars(result: ShareTable, title: Message | str, lang: str = "fr") -> go.Figure:
    """Horizontal bars, one per row of the table, in table order from the top (regions, countries …)."""
    figure = go.Figure()
    if result.table.empty:
        return _empty(title, lang)
    _bars_with_labels(figure, result, lang, labels.THIS_MUSEUM(lang), MAIN_COLOUR)
    return _layout(figure, title, lang, len(result.table), _notes([result], lang),
                   xaxis=_share_axis(lang, max_value=_max_share(result)),
                   yaxis=dict(autorange="reversed", automargin=True), showlegend=False)


def museum_vs_sector(museum: ShareTable, sector: ShareTable, title: Message | str, lang: str = "fr") -> go.Figure:
    """This museum beside all museums, category by category (the sector only when it may be shown)."""
    if museum.table.empty:
        return _empty(title, lang)
    figure = go.Figure()
    keys = list(museum.table["key"])
    show_sector = sector.available and not sector.table.empty
    offset = GROUP_OFFSET if show_sector else 0.0
    # numeric rows (category i at y = i) so each value label sits beside its own bar of the pair
    _bars_with_labels(figure, museum, lang, labels.THIS_MUSEUM(lang), MAIN_COLOUR,
                      positions=[i - offset for i in range(len(keys))], width=GROUP_BAR_WIDTH)
    results = [museum]
    if show_sector:
        aligned = replace(sector, table=sector.table.set_index("key").loc[keys].reset_index())
        _bars_with_labels(figure, aligned, lang, labels.SECTOR(lang), SECTOR_COLOUR,
                          positions=[i + offset for i in range(len(keys))], width=GROUP_BAR_WIDTH)
        results.append(sector)
    note = _notes(results, lang)
    if not sector.available:
        note += " · " + labels.SECTOR_WITHHELD.format(n=privacy.MIN_PEER_MUSEUMS)(lang)
    return _layout(figure, title, lang, len(museum.table) * len(results), note,
                   xaxis=_share_axis(lang, max_value=_max_share(*results)),
                   yaxis=dict(autorange="reversed", automargin=True, tickmode="array", tickvals=list(range(len(keys))),
                              ticktext=[_text(label) for label in museum.table["label"]], showgrid=False),
                   barmode="overlay",
                   legend=dict(orientation="h", x=0, y=1.02, xanchor="left", yanchor="bottom", traceorder="normal"))


def trend_bars(result: ShareTable, title: Message | str, lang: str = "fr") -> go.Figure:
    """100 % stacked bars, one per season; hidden cells are left out and listed in the note."""
    table = result.table
    if table.empty:
        return _empty(title, lang)
    seasons = sorted(int(y) for y in table["survey_year"].unique())
    figure = go.Figure()
    hidden = []
    for key in CATEGORIES:
        by_season = {int(row.survey_year): row for row in table[table["key"] == key].itertuples()}
        values, texts, hovers = [], [], []
        for season in seasons:
            row = by_season.get(season)
            if row is None or row.suppressed:
                values.append(None)
                texts.append("")
                hovers.append("")
                if row is not None:
                    hidden.append(f"{labels.category_label(key, lang)} {season}")
                continue
            values.append(_as_percent(row.share))
            texts.append(_cell_text(row, lang))
            hovers.append(f"{season} · {_hover(row, lang)}")
        figure.add_trace(go.Bar(
            x=[str(s) for s in seasons], y=values, name=_text(labels.category_label(key, lang)),
            marker=dict(color=CATEGORY_COLOURS[key]), text=texts, textposition="inside",
            insidetextanchor="middle", hovertext=hovers, hoverinfo="text",
        ))
    note = _notes([ShareTable(table[table["survey_year"] == s], 0, 0, None) for s in seasons], lang, ci=False)
    if hidden:
        note += " · " + labels.HIDDEN_LIST.format(cells=", ".join(hidden))(lang)
    return _layout(figure, title, lang, 9, note, barmode="stack",
                   xaxis=dict(title=dict(text=labels.SEASON(lang)), type="category"),
                   yaxis=dict(title=dict(text=labels.SHARE_OF_RESPONDENTS(lang)), ticksuffix=_percent_suffix(lang),
                              range=[0, 100]),
                   legend=dict(orientation="h", x=0, y=1.02, xanchor="left", yanchor="bottom", traceorder="normal"))


def _empty(title: Message | str, lang: str) -> go.Figure:
    figure = go.Figure()
    _layout(figure, title, lang, 1, labels.NO_DATA(lang),
            xaxis=dict(visible=False), yaxis=dict(visible=False))
    return figure
