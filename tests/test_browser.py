"""The fixture report in headless Chromium with the network blocked: every plot is drawn offline.

Needs Debian's `chromium` (/usr/bin/chromium; `apt-get install -y chromium`).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from test_report_html import plotly_output_count, run_fixture

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--disable-dev-shm-usage", "--hide-scrollbars",
    # every request that is not loopback goes to a closed port, and no name resolves
    "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
]


def chromium() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(path).is_file(), "Chromium manquant : apt-get install -y chromium / Chromium missing"
    return path


def browse(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=15000", *extra,
         page.resolve().as_uri()],
        capture_output=True, text=True, timeout=180, check=True)


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
