"""Accessible charts: contrast of every mark, a text alternative per chart (its name and a data table
holding exactly what the chart shows), labels that wrap for a phone, no English toolbar.

Figures are built by smq_analytics.charts from hand-written share tables (no store, no kernel); the
expected table cells are read from the figure the reader sees (its value labels and hover texts),
never from the exporter's own helpers.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from smq_analytics import charts, labels, privacy
from smq_analytics.metrics.shares import ShareTable
from smq_analytics.topics.provenance import labels as topic_labels
from smq_analytics.report.html import PLOTLY_MIME, export

NBSP = "\u00a0"
WHITE = "#ffffff"


# --- WCAG 2.x contrast ------------------------------------------------------------------------


def luminance(colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("#000000", WHITE) == pytest.approx(21.0)
    assert contrast("#777777", WHITE) == pytest.approx(4.48, abs=0.01)
    assert contrast("#9fb3c8", WHITE) == pytest.approx(2.15, abs=0.01)  # the old sector colour failed


# --- figures from hand-written tables ---------------------------------------------------------


def share_table(rows, weighted=False, year=None) -> ShareTable:
    """rows: (key, label, share, ci_low, ci_high, n, reason): reason None (shown), "small" or privacy.COMPLEMENT."""
    records = []
    for key, label, share, low, high, n, reason in rows:
        hidden = reason is not None
        records.append(
            dict(
                key=key,
                label=label,
                n=None if hidden else n,
                share=None if hidden else share,
                share_unweighted=None if hidden else share,
                ci_low=None if hidden else low,
                ci_high=None if hidden else high,
                suppressed=hidden,
                suppression_reason=reason,
                caution=not hidden and n < 30,
                base_n=200,
                n_effective=200.0,
                weighted=weighted,
                **({"survey_year": year} if year is not None else {}),
            )
        )
    return ShareTable(pd.DataFrame(records), 200, 0, None)


REGIONS = share_table(
    [
        ("01", "Gaspésie–Îles-de-la-Madeleine", 0.452, 0.381, 0.523, 90, None),
        ("02", "Saguenay–Lac-Saint-Jean", 0.31, 0.246, 0.379, 62, None),
        ("03", "Capitale-Nationale", 0.118, 0.078, 0.170, 24, None),
        ("04", "Abitibi-Témiscamingue", None, None, None, None, "small"),
        ("05", "Bas-Saint-Laurent", None, None, None, None, privacy.COMPLEMENT),
    ]
)
CATEGORIES = [
    ("local", "Locaux (moins de 40 km)", 0.28, 0.22, 0.345, 56, None),
    ("excursionist", "Excursionnistes (plus de 40 km, sans nuitée)", 0.16, 0.115, 0.214, 32, None),
    ("tourist", "Touristes (au moins une nuitée)", 0.56, 0.49, 0.628, 112, None),
    ("unknown", "Provenance inconnue", None, None, None, None, "small"),
]
SECTOR = share_table(
    [(key, label, s / 2 + 0.1, s / 2 + 0.08, s / 2 + 0.12, 400, None) for key, label, s, *_ in CATEGORIES[:3]]
    + [("unknown", "Provenance inconnue", 0.02, 0.01, 0.03, 40, None)]
)
TREND = ShareTable(
    pd.concat(
        [  # trend tables hold the known categories only
            share_table(CATEGORIES[:3], year=2025).table,
            share_table(
                [(k, lab, s and s + 0.02, lo, hi, n, r) for k, lab, s, lo, hi, n, r in CATEGORIES[:3]], year=2026
            ).table,
        ],
        ignore_index=True,
    ),
    400,
    0,
    None,
)


def figures(lang="fr"):
    return {
        "regions": charts.share_bars(REGIONS, topic_labels.TITLE_ADMIN_REGIONS, lang),
        "sector": charts.museum_vs_sector(share_table(CATEGORIES), SECTOR, topic_labels.TITLE_SECTOR, lang),
        "trend": charts.trend_bars(
            TREND,
            topic_labels.TITLE_TREND,
            lang,
            categories=topic_labels.CATEGORY_ORDER,
            colours=topic_labels.CATEGORY_COLOURS,
        ),
    }


def mark_colours(figure) -> set[str]:
    """Every colour the figure paints data with: bar fills, whiskers."""
    found = set()
    for trace in figure.data:
        if trace.type == "bar":
            found.add(trace.marker.color)
            for error in (trace.error_x, trace.error_y):
                if error is not None and error.array is not None:
                    found.add(error.color)
    return {colour.lower() for colour in found if colour}


def test_every_mark_colour_has_3_to_1_against_the_white_background():
    used = set().union(*(mark_colours(figure) for figure in figures().values()))
    assert {
        charts.MAIN_COLOUR,
        charts.SECTOR_COLOUR,
        charts.WHISKER_COLOUR,
        *topic_labels.CATEGORY_COLOURS.values(),
    } <= used
    assert "#9fb3c8" not in used and "#52606d" not in used  # the failing sector bar and whisker of old
    for colour in used:
        assert contrast(colour, WHITE) >= 3, colour
    for figure in figures().values():
        assert figure.layout.paper_bgcolor in (None, "white") and figure.layout.template.layout.plot_bgcolor == "white"


def test_whiskers_stay_visible_over_the_bars_they_cross():
    for figure in figures().values():
        for trace in figure.data:
            if trace.type == "bar" and trace.error_x is not None and trace.error_x.array is not None:
                assert contrast(trace.error_x.color, trace.marker.color) >= 3, (trace.name, trace.marker.color)
    assert contrast(charts.WHISKER_COLOUR, WHITE) >= 3


def test_values_inside_stacked_segments_are_white_text_with_4_5_to_1():
    trend = figures()["trend"]
    for trace in trend.data:
        assert trace.insidetextfont.color == "white"
        assert contrast(trace.marker.color, WHITE) >= 4.5, trace.name
        assert trace.marker.line.color == "white" and trace.marker.line.width > 0  # segments apart


def test_every_series_colour_a_topic_may_stack_takes_white_text_at_4_5_to_1():
    for colour in (*charts.SERIES_COLOURS, *topic_labels.CATEGORY_COLOURS.values(), charts.OTHER_COLOUR):
        assert contrast(colour, WHITE) >= 4.5, colour


def test_stacked_segments_follow_the_order_names_and_colours_the_topic_gives():
    order = ("tourist", "local", "excursionist")
    colours = {"tourist": charts.OTHER_COLOUR, "local": charts.SERIES_COLOURS[0]}
    figure = charts.trend_bars(TREND, "t", "fr", categories=order, names={"local": "Ici"}, colours=colours)
    table_labels = dict(zip(TREND.table["key"], TREND.table["label"]))
    assert [trace.name for trace in figure.data] == [table_labels["tourist"], "Ici", table_labels["excursionist"]]
    assert [trace.marker.color for trace in figure.data] == [colours["tourist"], colours["local"], charts.OTHER_COLOUR]


# --- labels that fit a phone --------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    [
        "Gaspésie–Îles-de-la-Madeleine",
        "Excursionnistes (plus de 40 km, sans nuitée)",
        "Abitibi-Témiscamingue",
        "Tourists (at least one night away)",
        "Autres provinces et territoires",
        "Estrie",
        "A <b> & C very long label here",
    ],
)
def test_long_category_labels_wrap_at_word_boundaries(label):
    wrapped = charts._wrap_label(label)
    lines = [line.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") for line in wrapped.split("<br>")]
    assert all(len(line) <= charts.LABEL_WIDTH for line in lines), lines
    assert len(lines) == (1 if len(label) <= charts.LABEL_WIDTH else len(lines))
    rejoined = ""
    for line in lines:  # a break after a hyphen or dash, or in place of a space
        rejoined += line if not rejoined or rejoined[-1] in "-–" else " " + line
    assert rejoined == label
    assert "<b>" not in wrapped


def test_wrapped_labels_by_hand():
    assert charts._wrap_label("Gaspésie–Îles-de-la-Madeleine") == "Gaspésie–Îles-<br>de-la-Madeleine"
    assert (
        charts._wrap_label("Excursionnistes (plus de 40 km, sans nuitée)")
        == "Excursionnistes<br>(plus de 40 km,<br>sans nuitée)"
    )
    assert charts._wrap_label("Capitale-Nationale") == "Capitale-Nationale"


def test_bar_charts_show_wrapped_ticks_but_keep_their_categories():
    regions = figures()["regions"]
    bar = regions.data[0]
    assert list(bar.y) == [row.label for row in REGIONS.table.itertuples()]  # data unchanged
    assert list(regions.layout.yaxis.tickvals) == list(bar.y)
    assert regions.layout.yaxis.ticktext[0] == "Gaspésie–Îles-<br>de-la-Madeleine"
    assert regions.layout.xaxis.nticks == charts.SHARE_TICKS <= 6
    sector = figures()["sector"]
    assert sector.layout.yaxis.ticktext[1] == "Excursionnistes<br>(plus de 40 km,<br>sans nuitée)"
    # a row tall enough for a three-line label
    assert sector.layout.height - charts.BASE_HEIGHT >= 4 * 3 * charts.LABEL_LINE_HEIGHT


# --- the text alternative in the report ---------------------------------------------------------


class Tables(HTMLParser):
    """Each <figure>: its figcaption, the plot div's role/aria-label, its note and its table rows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.figures: list[dict] = []
        self._field = None
        self._row = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure":
            self.figures.append({"caption": "", "note": "", "rows": [], "plot": None, "details_open": None})
        elif not self.figures:
            return
        figure = self.figures[-1]
        if tag == "figcaption":
            self._field = "caption"
        elif tag == "p" and attrs.get("class") == "smq-chart-note":
            self._field = "note"
        elif tag == "div" and attrs.get("class") == "smq-plot":
            figure["plot"] = attrs
        elif tag == "details":
            figure["details_open"] = "open" in attrs
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._row.append("")
            self._field = "cell"

    def handle_endtag(self, tag):
        if tag in ("figcaption", "p", "td", "th"):
            self._field = None
        if tag == "tr" and self._row is not None:
            self.figures[-1]["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._field == "cell":
            self._row[-1] += data
        elif self._field:
            self.figures[-1][self._field] += data


def report_of(figures_: dict, tmp_path, lang="fr"):
    outputs = [
        {"output_type": "display_data", "data": {PLOTLY_MIME: json.loads(figure.to_json()), "text/plain": ""}}
        for figure in figures_.values()
    ]
    nb = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": "", "outputs": outputs}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    page = export(nb, tmp_path / f"report-{lang}.html", title="T", language=lang).read_text(encoding="utf-8")
    parser = Tables()
    parser.feed(page)
    return page, parser.figures


def chart_texts(figure) -> list[tuple[str, str]]:
    """(category, value text as written beside the bar) from the figure's text-only trace."""
    labels_trace = next(t for t in figure.data if t.type == "scatter" and t.mode == "text")
    return [(category, text.strip(NBSP)) for category, text in zip(labels_trace.y, labels_trace.text)]


def hover_interval(hover: str) -> str:
    """« 38 % à 52 % » from the hover's « (IC à 95 % : 38 % – 52 %) », "–" when it has none."""
    match = re.search(r"(?:IC à 95\s?%\s?:|95% CI:)\s(.+?) – (.+?)\)", hover)
    return "–" if match is None else f"{match.group(1)} à {match.group(2)}"


def test_each_chart_is_named_and_its_table_shows_exactly_what_the_chart_shows(tmp_path):
    made = figures()
    page, found = report_of(made, tmp_path)
    assert len(found) == 3
    regions = found[0]
    title = topic_labels.TITLE_ADMIN_REGIONS("fr")
    assert regions["caption"] == title
    assert regions["plot"]["role"] == "img" and regions["plot"]["aria-label"] == title
    assert regions["note"].startswith("Barres : intervalle de confiance à 95 %")
    assert regions["details_open"] is True  # open without JavaScript; the page script folds it
    header, *rows = regions["rows"]
    assert header == ["Catégorie", labels.THIS_MUSEUM("fr"), "Intervalle de confiance"]
    bar = made["regions"].data[0]
    assert rows == [
        [category, shown, hover_interval(hover)]
        for (category, shown), hover in zip(chart_texts(made["regions"]), bar.hovertext)
    ]
    # by hand: the values and hidden cells as the chart writes them
    assert rows[0] == ["Gaspésie–Îles-de-la-Madeleine", f"45{NBSP}%", f"38{NBSP}% à 52{NBSP}%"]
    assert rows[2] == ["Capitale-Nationale", f"12{NBSP}%*", f"8{NBSP}% à 17{NBSP}%"]
    assert rows[3] == ["Abitibi-Témiscamingue", labels.HIDDEN_CELL("fr"), "–"]
    assert rows[4] == ["Bas-Saint-Laurent", labels.HIDDEN_CELL("fr"), "–"]


def test_table_numbers_are_all_on_the_chart(tmp_path):
    """Privacy: the table publishes no number the chart does not (values as labelled, intervals as hovered)."""
    made = figures()
    _, found = report_of(made, tmp_path)
    for (name, figure), table in zip(made.items(), found):
        shown = set()
        for trace in figure.data:
            for texts in (trace.text, trace.hovertext):
                if texts is not None:
                    for text in [texts] if isinstance(texts, str) else texts:
                        shown.update(re.findall(r"\d+(?:,\d+)?", text.replace(NBSP, "")))
            if trace.type == "bar" and trace.orientation != "h":
                shown.update(str(x) for x in trace.x)  # seasons on the category axis
        in_table = {number for row in table["rows"][1:] for cell in row for number in re.findall(r"\d+(?:,\d+)?", cell)}
        assert in_table and in_table <= shown | {"10", "40"}, (name, in_table - shown)  # « n < 10 », « 40 km »


def test_museum_beside_sector_and_trend_tables(tmp_path):
    made = figures()
    _, found = report_of(made, tmp_path)
    header, *rows = found[1]["rows"]
    museum, sector = labels.THIS_MUSEUM("fr"), labels.SECTOR("fr")
    assert header == [
        "Catégorie",
        museum,
        f"{museum} : intervalle de confiance",
        sector,
        f"{sector} : intervalle de confiance",
    ]
    assert [row[0] for row in rows] == [c[1] for c in CATEGORIES]  # tick texts at numeric positions, unwrapped
    assert rows[0][1] == f"28{NBSP}%" and rows[0][3] == f"24{NBSP}%"
    assert rows[3][1:3] == [labels.HIDDEN_CELL("fr"), "–"] and rows[3][3] == f"2{NBSP}%"
    header, *rows = found[2]["rows"]
    # legend names: the trend draws the three known categories (non-response is said in the text)
    assert header == [labels.SEASON("fr"), *[c[1] for c in CATEGORIES[:3]]]  # the table's own labels
    assert rows == [
        ["2025", f"28{NBSP}%", f"16{NBSP}%", f"56{NBSP}%"],
        ["2026", f"30{NBSP}%", f"18{NBSP}%", f"58{NBSP}%"],
    ]


def test_english_table(tmp_path):
    _, found = report_of(figures("en"), tmp_path, lang="en")
    header, first, *_ = found[0]["rows"]
    assert header == ["Category", labels.THIS_MUSEUM("en"), "Confidence interval"]
    assert first == ["Gaspésie–Îles-de-la-Madeleine", "45%", "38% to 52%"]
    assert found[0]["plot"]["aria-label"] == topic_labels.TITLE_ADMIN_REGIONS("en")


def test_no_toolbar_and_title_and_note_leave_the_plot(tmp_path):
    page, _ = report_of(figures(), tmp_path)
    specs = [
        json.loads(s) for s in re.findall(r'<script type="application/json" data-plot="[^"]+">(.*?)</script>', page)
    ]
    assert len(specs) == 3
    for spec, figure in zip(specs, figures().values()):
        assert spec["config"]["displayModeBar"] is False
        assert "title" not in spec["layout"]  # shown as the figcaption, where it wraps
        assert all(a.get("name") != charts.NOTE_NAME for a in spec["layout"].get("annotations", []))
        margin = spec["layout"]["margin"]
        removed = (figure.layout.margin.t - margin["t"]) + (figure.layout.margin.b - margin["b"])
        assert removed > 0 and spec["layout"]["height"] == figure.layout.height - removed  # the plot keeps its height
    from plotly.offline import get_plotlyjs

    rest = page.replace(get_plotlyjs(), "")
    assert "Download plot" not in rest
    assert "modebar" not in rest.lower().replace('"displaymodebar":false', "")
