"""The exporter does not trust notebook output: each attack below is neutralised, the page stays
offline (nothing loaded from the network) and deterministic. Hand-written notebooks, no kernel."""

from __future__ import annotations

import re

import pytest
from plotly.offline import get_plotlyjs

from smq_analytics.report.html import PLOTLY_MIME, figure_loads, sanitize, sanitize_output
from report_support import network_references, notebook, render, without_plotly_js

WITHHELD = "Contenu retiré : il aurait chargé des ressources en ligne."
EVIL = "evil.example"


def output(mime: str, value, **more) -> dict:
    return {"output_type": "display_data", "data": {mime: value, **more}}


def assert_offline_and_inert(page: str) -> None:
    rest = without_plotly_js(page) if get_plotlyjs() in page else page
    assert EVIL not in rest
    assert network_references(page) == []
    assert not re.search(r"\bon[a-z]+\s*=", rest, re.I)  # no event handler attribute
    assert "javascript:" not in rest.lower()
    assert "alert(" not in rest or "alert(" not in re.sub(
        r"<script type=\"application/json\".*?</script>", "", rest, flags=re.S
    )


def scripts(page: str) -> list[str]:
    """Every <script …> opening tag outside plotly.js."""
    rest = without_plotly_js(page) if get_plotlyjs() in page else page
    return re.findall(r"<script\b[^>]*>", rest, re.I)


def test_a_survey_comment_in_a_markdown_output_cannot_run_script(tmp_path):
    comment = (
        "Très belle visite ! <script>alert('vol')</script><img src=x onerror=\"alert(1)\">"
        '<iframe srcdoc="&lt;script&gt;alert(3)&lt;/script&gt;"></iframe>'
        '<a href="javascript:alert(2)">lien</a>'
    )
    page = render(notebook(output("text/markdown", comment)), tmp_path)
    assert "Très belle visite" in page and "lien" in page
    assert scripts(page) == [] and "<iframe" not in page
    assert_offline_and_inert(page)


def test_script_in_html_output_is_removed(tmp_path):
    page = render(
        notebook(output("text/html", '<p>ok</p><script>alert(1)</script><object data="x"></object>')), tmp_path
    )
    assert '<div class="smq-output"><p>ok</p></div>' in page
    assert scripts(page) == [] and "<object" not in page


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="5" height="5"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="5" height="5"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect width="5" height="5"/></a></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe src="javascript:alert(1)"></iframe>'
        '</foreignObject><rect width="5" height="5"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="onmouseover" to="alert(1)"/>'
        '<animate attributeName="href" values="javascript:alert(1)"/><rect width="5" height="5"/></svg>',
    ],
)
def test_svg_scripts_do_not_survive(tmp_path, svg):
    page = render(notebook(output("image/svg+xml", svg)), tmp_path)
    assert '<rect width="5" height="5"></rect>' in page
    assert scripts(page) == [] and "<set" not in page and "<animate" not in page and "foreignObject" not in page
    assert_offline_and_inert(page)


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="data:image/png;base64,iVBORw0KGgo=" srcset="https://evil.example/a.png 2x">',
        '<img src="&#104;ttps://evil.example/a.png">',
        '<img src="&#x2F;&#x2F;evil.example/a.png">',
        '<img src="h&#x09;ttps://evil.example/a.png">',
        '<p style="background: url(&#x27;https://evil.example/b.png&#x27;)">x</p>',
        '<div style="background-image: u\\72l(//evil.example/c.png)">x</div>',
        '<picture><source srcset="https://evil.example/d.webp"><img src="data:image/png;base64,AA=="></picture>',
        '<video poster="https://evil.example/e.png"></video>',
        '<iframe src="https://evil.example/"></iframe>',
        '<link rel="stylesheet" href="https://evil.example/s.css">',
        '<style>@import "https://evil.example/s.css";</style>',
        '<svg><image href="https://evil.example/f.png"/></svg>',
        '<svg><image xlink:href="//evil.example/g.png"/></svg>',
    ],
)
def test_html_that_would_load_from_the_network_falls_back_to_text(tmp_path, markup):
    page = render(notebook(output("text/html", markup, **{"text/plain": "repli en texte"})), tmp_path)
    assert "repli en texte" in page
    assert_offline_and_inert(page)
    without_text = render(notebook(output("text/html", markup)), tmp_path)
    assert WITHHELD in without_text
    assert_offline_and_inert(without_text)


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/a.png" width="5"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="&#104;ttp://evil.example/a.png"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/sprite.svg#i"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://evil.example/p.svg#g)"/></svg>',
    ],
)
def test_svg_that_would_load_from_the_network_is_withheld(tmp_path, svg):
    page = render(notebook(output("image/svg+xml", svg)), tmp_path)
    assert WITHHELD in page
    assert_offline_and_inert(page)


def test_links_keep_their_text_but_not_their_target(tmp_path):
    page = render(notebook(output("text/html", '<p><a href="https://evil.example/">le site</a></p>')), tmp_path)
    assert "<a>le site</a>" in page and EVIL not in page


def test_markdown_cells_are_sanitised_too(tmp_path):
    cells = [
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": "# Titre\n\nTexte <script>alert(1)</script> et ![x](https://evil.example/i.png)",
        }
    ]
    page = render(notebook(cells=cells), tmp_path)
    assert "Texte" in page and scripts(page) == []
    assert_offline_and_inert(page)


def figure(**layout_or_trace):
    trace = {"type": "bar", "x": ["A", "B"], "y": [3, 4], "text": ["3 %", "4 %"]}
    trace.update(layout_or_trace.pop("trace", {}))
    return {
        "data": [trace],
        "layout": {"title": {"text": "Parts"}, **layout_or_trace.pop("layout", {})},
        **layout_or_trace,
    }


@pytest.mark.parametrize(
    "chart",
    [
        figure(layout={"images": [{"source": "https://evil.example/logo.png", "x": 0, "y": 0}]}),
        figure(layout={"images": [{"source": "//evil.example/logo.png"}]}),
        figure(layout={"images": [{"source": "&#104;ttps://evil.example/logo.png"}]}),
        figure(layout={"template": {"layout": {"images": [{"source": "http://evil.example/t.png"}]}}}),
        figure(trace={"type": "image", "source": "https://evil.example/pixels.png"}),
        figure(trace={"type": "scattergeo", "lat": [46.8], "lon": [-71.2]}),
        figure(trace={"type": "scattermapbox", "lat": [46.8], "lon": [-71.2]}),
        figure(layout={"mapbox": {"layers": [{"source": "https://evil.example/tiles/{z}/{x}/{y}.png"}]}}),
    ],
)
def test_a_chart_that_would_load_from_the_network_is_withheld(tmp_path, chart):
    assert figure_loads(chart)
    page = render(notebook(output(PLOTLY_MIME, chart, **{"text/plain": "Figure"})), tmp_path)
    assert WITHHELD in page and 'class="smq-plot"' not in page
    assert_offline_and_inert(page)


def test_an_inline_image_in_a_chart_and_its_config_are_kept_offline(tmp_path):
    inline = "data:image/png;base64,iVBORw0KGgo="
    chart = figure(
        layout={"images": [{"source": inline}]},
        config={
            "topojsonURL": "https://evil.example/topo/",
            "plotlyServerURL": "https://evil.example",
            "locale": "fr",
            "linkText": "x",
        },
    )
    assert not figure_loads(figure(layout={"images": [{"source": inline}]}))
    page = render(notebook(output(PLOTLY_MIME, chart)), tmp_path)
    rest = without_plotly_js(page)
    assert inline in rest and '"locale":"fr"' in rest
    assert EVIL not in rest and "topojsonURL" not in rest and "linkText" not in rest


def test_only_the_listed_output_types_are_shown(tmp_path):
    page = render(
        notebook(
            {"output_type": "raw_html", "data": {"text/html": "<p>étrange</p>"}},
            {"output_type": "update_display_data", "data": {"text/plain": "mise à jour"}},
            output("text/html", "<p>gardé</p>"),
        ),
        tmp_path,
    )
    assert "étrange" not in page and "mise à jour" not in page and "<p>gardé</p>" in page


def test_tables_and_local_svg_references_survive_sanitising():
    table = (
        "<div><style scoped>.dataframe tbody tr th {vertical-align: top;}</style>"
        '<table border="1" class="dataframe"><thead><tr style="text-align: right;"><th></th><th>n</th></tr>'
        "</thead><tbody><tr><th>Local</th><td>40</td></tr></tbody></table></div>"
    )
    cleaned = sanitize(table)
    assert '<table border="1" class="dataframe">' in cleaned and "<td>40</td>" in cleaned
    assert '<tr style="text-align: right;">' in cleaned and "<style" not in cleaned
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><clipPath id="c1">'
        '<rect width="10" height="10"/></clipPath></defs><g clip-path="url(#c1)"><path d="M0 0L9 9" '
        'stroke="#123456"/></g><text x="1" y="9" font-size="3">Local &amp; Excursionniste</text></svg>'
    )
    cleaned, loads = sanitize_output(svg, svg=True)
    assert not loads
    assert 'clip-path="url(#c1)"' in cleaned and 'viewBox="0 0 10 10"' in cleaned and '<clipPath id="c1">' in cleaned
    assert "Local &amp; Excursionniste" in cleaned


def test_ids_used_by_the_page_script_cannot_be_taken():
    assert 'id="smq-plot-1"' not in sanitize_output('<svg><g id="smq-plot-1"></g></svg>', svg=True)[0]


def test_sanitised_pages_are_byte_identical(tmp_path):
    nb = notebook(
        output("text/html", '<p onclick="x()">a <b>b</b></p><img srcset="https://evil.example/a 2x">'),
        output("image/svg+xml", '<svg><script>1</script><circle r="2"/></svg>'),
        output("text/markdown", "**gras** <script>x</script>"),
    )
    assert render(nb, tmp_path) == render(nb, tmp_path)
