"""Reports in headless Chromium with the network blocked: every plot is drawn offline; the real
workbook on the demo store reflows on a 390 px phone and prints on few Letter pages, each chart with
its commentary.

Needs Debian's `chromium` (/usr/bin/chromium; `apt-get install -y chromium`), and for the demo report
the demo store (SMQ_DB, else data/demo/demo.duckdb). Page counts use `pdfinfo` (poppler-utils) when
installed, else the PDF's page objects; page texts need `pdftotext`.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from smq_analytics.demo import DEFAULT_MUSEUM
from smq_analytics.paths import notebooks_dir
from smq_analytics.report.html import export
from report_support import browse, plotly_output_count, run_fixture


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    _, out, results = run_fixture(tmp, ["mus-b"], jobs=1)
    assert results[0].ok, results[0].error
    return {"html": results[0].html_path, "ipynb": results[0].ipynb_path, "tmp": tmp}


def test_every_plotly_output_is_drawn_with_the_network_off(report):
    expected = plotly_output_count(report["ipynb"])
    assert expected == 2
    dom = browse(report["html"], report["tmp"] / "profile-dom", "--dump-dom").stdout
    containers = re.split(r'<div class="smq-plot\b', dom)[1:]
    assert len(containers) == expected
    for container in containers:  # each div holds a drawn plot, not an empty box
        plot = container.split("</figure>")[0]
        assert plot.count('class="plot-container plotly"') == 1
        assert "main-svg" in plot
    assert dom.count('class="plot-container plotly"') == expected
    assert len(re.findall(r'class="main-svg"', dom)) >= expected
    # the bars and the pie slices were drawn: three categories each
    assert len(re.findall(r'class="point"', dom)) >= 3
    assert len(re.findall(r'class="slice"', dom)) == 3


def test_screenshot_of_the_report(report):
    shot = report["tmp"] / "report.png"
    browse(report["html"], report["tmp"] / "profile-shot", "--window-size=1000,2200", f"--screenshot={shot}")
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1000, 2200)


def test_no_toolbar_and_each_plot_keeps_its_name(report):
    dom = browse(report["html"], report["tmp"] / "profile-a11y", "--dump-dom").stdout
    assert dom.count('class="plot-container plotly"') == 2
    elements = re.sub(r"<(script|style)\b.*?</\1>", "", dom, flags=re.S)  # the page's elements, no code
    assert "modebar-btn" not in elements and "Download plot" not in elements and "Lasso" not in elements
    assert len(re.findall(r'<div class="smq-plot[^"]*" id="smq-plot-\d" role="img" aria-label="[^"]+"', dom)) == 2
    # the page script folded the data tables under their summary once the charts were drawn
    assert dom.count('<details class="smq-chart-data">') == 2 and 'smq-chart-data" open' not in dom


# --- the real workbook on the demo store ---------------------------------------------------------

PHONE_WIDTH = 390
# Appended to a copy of the report shown in a 390 px iframe (headless Chromium will not make its window
# narrower than 500 px): what a phone shows, posted to the page around it.
MEASURE = """<script>
window.addEventListener('load', function () { setTimeout(function () {
  var out = {width: window.innerWidth, scrollWidth: document.scrollingElement.scrollWidth, charts: []};
  document.querySelectorAll('.smq-figure').forEach(function (figure) {
    var plot = figure.querySelector('.smq-plot'), area = plot.querySelector('.nsewdrag');
    var title = figure.querySelector('.smq-chart-title'), note = figure.querySelector('.smq-chart-note');
    out.charts.push({plot: plot.getBoundingClientRect().width, right: plot.getBoundingClientRect().right,
                     area: area ? area.getBoundingClientRect().width : 0,
                     title: title ? [title.scrollWidth, title.clientWidth, title.textContent] : null,
                     note: note ? [note.scrollWidth, note.clientWidth] : null});
  });
  parent.postMessage(JSON.stringify(out), '*');
}, 500); });
</script>
"""
PHONE = f"""<!DOCTYPE html><html><body style="margin:0"><pre id="measure"></pre>
<iframe src="report.html" style="width:{PHONE_WIDTH}px;height:2000px;border:0"></iframe>
<script>
window.addEventListener('message', function (e) {{ document.getElementById('measure').textContent = e.data; }});
</script>
</body></html>"""


@pytest.fixture(scope="module")
def demo_report(demo_reports, tmp_path_factory):
    """The default museum's first report, from the session's reports (conftest.py DemoReports); the
    files derived from it are written in this module's own folder."""
    notebook = sorted(notebooks_dir().glob("01_*.ipynb"))
    out = tmp_path_factory.mktemp("demo-report")
    [result] = demo_reports.get([DEFAULT_MUSEUM], notebook)
    assert result.ok, result.error
    dated = export(
        result.ipynb_path,
        out / "dated.html",
        title=result.title,
        museum=result.museum_name,
        generated=date(2026, 12, 2),
    )
    return {"html": result.html_path, "ipynb": result.ipynb_path, "dated": dated, "tmp": out}


def test_the_report_reflows_on_a_390_px_phone(demo_report):
    folder = demo_report["tmp"] / "phone"
    folder.mkdir()
    page = demo_report["html"].read_text(encoding="utf-8")
    (folder / "report.html").write_text(page.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    (folder / "index.html").write_text(PHONE, encoding="utf-8")
    dom = browse(folder / "index.html", folder / "profile", "--window-size=500,2200", "--dump-dom").stdout
    measured = json.loads(re.search(r'<pre id="measure">(.*?)</pre>', dom, re.S).group(1).replace("&quot;", '"'))
    assert measured["width"] == PHONE_WIDTH
    assert measured["scrollWidth"] <= PHONE_WIDTH  # nothing makes the page scroll sideways
    charts = measured["charts"]
    assert len(charts) == plotly_output_count(demo_report["ipynb"]) >= 5
    for chart in charts:
        title = chart["title"][2]
        assert chart["right"] <= PHONE_WIDTH and chart["plot"] <= PHONE_WIDTH, title
        assert chart["area"] >= 150 and chart["area"] >= 0.45 * chart["plot"], (title, chart)
        assert chart["title"][0] <= chart["title"][1], title  # the title wraps instead of being cut
        assert chart["note"] is None or chart["note"][0] <= chart["note"][1], title


class Units(HTMLParser):
    """(chart title, first sentence of the commentary after it) for each chart block of a report."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.units: list[list[str]] = []
        self._take = None

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if classes == "smq-unit":
            self.units.append(["", ""])
        elif tag == "figcaption" and self.units:
            self._take = 0
        elif tag == "p" and self.units and self.units[-1][0] and not self.units[-1][1] and classes != "smq-chart-note":
            self._take = 1

    def handle_endtag(self, tag):
        if tag in ("figcaption", "p", "details"):
            self._take = None

    def handle_data(self, data):
        if self._take is not None:
            self.units[-1][self._take] += data


def pdf_pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_the_report_prints_each_chart_on_the_page_of_its_commentary(demo_report):
    pdf = demo_report["tmp"] / "report.pdf"
    browse(
        demo_report["dated"], demo_report["tmp"] / "profile-print", "--no-pdf-header-footer", f"--print-to-pdf={pdf}"
    )
    pages = pdf_pages(pdf)
    # the same page without its print styles, where charts split from their text: keeping each chart
    # whole with its commentary costs at most one page (measured, not remembered)
    plain = demo_report["tmp"] / "plain.html"
    plain.write_text(demo_report["dated"].read_text(encoding="utf-8").replace("@media print", "@media speech"))
    plain_pdf = demo_report["tmp"] / "plain.pdf"
    browse(plain, demo_report["tmp"] / "profile-plain", "--no-pdf-header-footer", f"--print-to-pdf={plain_pdf}")
    assert 1 < pages <= pdf_pages(plain_pdf) + 1
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) missing: page texts not checked")
    texts = [
        words(
            subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                capture_output=True,
                text=True,
                check=True,
                timeout=60,
            ).stdout
        )
        for n in range(1, pages + 1)
    ]
    assert "Généré le 2 décembre 2026" in texts[-1]
    parser = Units()
    parser.feed(demo_report["dated"].read_text(encoding="utf-8"))
    checked = [(words(title), " ".join(words(comment).split()[:6])) for title, comment in parser.units if comment]
    assert len(checked) >= 5
    for title, comment in checked:
        assert any(title in text and comment in text for text in texts), (title, comment)
