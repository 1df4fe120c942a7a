"""Source `ua`: Universal Analytics exports (CSV and XLSX), in the interface's language.

An export starts with a '#' block (view, report, 'YYYYMMDD-YYYYMMDD'), a blank line, the table, a
totals row whose dimension cells are empty, then often a second table (`Day Index,Sessions` /
« Index des jours,Sessions ») with dates written in the interface's locale (d/m/yy, m/d/yy…). The
Excel export puts the '#' lines in a first sheet ('Summary') and each table in its own sheet
('Dataset1', 'Dataset2'); a single sheet laid out like the CSV is read too.

Numbers follow the interface language (`2.546` and `99,88%` in Dutch, `2,533` in English, `1 234,5`
and `45,2 %` in French), durations `00:01:23`, currency strings (`US$ 0,00`, `£0.00`) → number and
the currency on raw_web_tables. The locale is decided once per file (ingest/web_reports.py,
decide_locale), never per cell; a file whose locale cannot be decided is refused. UA 'Users' is
total_users (not GA4's active users), 'Pageviews' views, 'Goal Completions' goal_completions, the
channel names mapped to GA4's (« Social » → Organic Social, « (Other) » → Unassigned)
(docs/ARCHITECTURE.md, « Web analytics »).
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from ..i18n import Message
from .base import SourceSpec
from .errors import IngestError
from .web_reports import (
    Period,
    Preamble,
    ReportReader,
    covered_months,
    day_period,
    decide_locale,
    month_period,
    yyyymmdd,
)

UNDECIDED_LOCALE = Message(
    "Le fichier « {file} » : impossible de savoir comment ses nombres sont écrits (« 2.546 » vaut 2546 dans "
    "une interface en néerlandais et 2,546 dans une interface en anglais, et ce fichier ne dit pas sa "
    "langue ou mêle les deux écritures) ; rien n'a été chargé. Exportez-le de nouveau sans le modifier.",
    "The file '{file}': cannot tell how its numbers are written ('2.546' is 2546 in a Dutch interface and "
    "2.546 in an English one, and this file does not tell its language or mixes both); nothing was loaded. "
    "Export it again without editing it.",
)
AMBIGUOUS_DATES = Message(
    "Le fichier « {file} », colonne « {header} » : les dates ({example}…) se lisent jour/mois et mois/jour "
    "dans la période {start} – {end}, et la langue du fichier ne tranche pas ; rien n'a été chargé. "
    "Exportez-le avec les libellés de l'interface (français : jour/mois ; anglais : mois/jour).",
    "The file '{file}', column '{header}': the dates ({example}…) read both day/month and month/day within "
    "{start} – {end}, and the file's language does not settle it; nothing was loaded. Export it with the "
    "interface's labels (French: day/month; English: month/day).",
)
EXPECTED_DATE = Message(
    "une date de la période de l'export (20190131, 31/01/19 ou 1/31/19 selon la langue)",
    "a date within the export's period (20190131, 31/01/19 or 1/31/19 depending on the language)",
)
EXPECTED_MONTH = Message("un mois AAAAMM (201901)", "a month YYYYMM (201901)")
_LOCAL_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DAY_FIRST = {"fr": True, "nl": True, "en": False}  # the interface language's order when both read


def _local_date(text: str, day_first: bool) -> date | None:
    """'31/01/19' (day_first) or '1/31/19' → a date; ISO and YYYYMMDD read either way."""
    text = text.strip()
    if found := yyyymmdd(text):
        return found
    if match := _ISO.match(text):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    match = _LOCAL_DATE.match(text)
    if not match:
        return None
    first, second, year = int(match[1]), int(match[2]), int(match[3])
    year += 2000 if year < 100 else 0
    day, month = (first, second) if day_first else (second, first)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _yyyymm(text: str) -> date | None:
    text = text.strip()
    if re.fullmatch(r"\d{6}", text) and 1 <= int(text[4:]) <= 12:
        return date(int(text[:4]), int(text[4:]), 1)
    return None


class UniversalAnalyticsReader(ReportReader):
    platform = "ua"
    source_kind = "ua_export"

    def number_locale(self, cells: list[str], language: str | None, file_name: str) -> str:
        locale = decide_locale(cells, language)
        if locale is None:
            raise IngestError(UNDECIDED_LOCALE.format(file=file_name))
        return locale

    def titles(self, meta: Preamble) -> tuple[str | None, str | None]:
        """UA's '#' block: the view name, then the report name."""
        if len(meta.titles) >= 2:
            return " — ".join(meta.titles[1:]), meta.titles[0]
        return (meta.titles[0] if meta.titles else None), meta.property_name

    def period(self, frame: pd.DataFrame, column, start, end, file_name: str, language) -> Period:
        header, canonical = column
        text = frame[header].astype("str").str.strip()
        if canonical == "month":
            firsts = text.map(_yyyymm)
            known = firsts.dropna()
            low = start or (min(known) if len(known) else date.min)
            high = end or (max(known) if len(known) else date.max)
            return month_period(firsts, firsts.isna(), low, high, EXPECTED_MONTH)
        written = text[text.ne("")]
        readings = {}
        for day_first in (True, False):
            days = text.map(lambda t, d=day_first: _local_date(t, d))
            fits = days[written.index].notna().all() and (
                start is None or end is None or days[written.index].map(lambda d: start <= d <= end).all()
            )
            readings[day_first] = (days, bool(fits))
        fitting = [order for order, (_, fits) in readings.items() if fits]
        if len(fitting) == 2 and not (written.map(lambda t: yyyymmdd(t) is not None or bool(_ISO.match(t))).all()):
            preferred = DAY_FIRST.get(language or "")
            if preferred is None:
                raise IngestError(
                    AMBIGUOUS_DATES.format(
                        file=file_name,
                        header=header,
                        example=", ".join(written.head(3)),
                        start=start.isoformat() if start else "?",
                        end=end.isoformat() if end else "?",
                    )
                )
            fitting = [preferred]
        order = fitting[0] if fitting else DAY_FIRST.get(language or "", True)
        days = readings[order][0]
        if start is not None and end is not None:
            days = days.map(lambda d: d if d is not None and start <= d <= end else None)
        return day_period(days, days.isna(), EXPECTED_DATE)


SPEC = SourceSpec(
    name="ua",
    title=Message("Universal Analytics — exportations", "Universal Analytics — exports"),
    help=Message(
        "exportations CSV ou Excel des rapports d'Universal Analytics (français, anglais, néerlandais)",
        "CSV or Excel exports of Universal Analytics reports (French, English, Dutch)",
    ),
    raw_table="raw_web_rows",
    period_kind="month",
    periods=covered_months,
    parser=UniversalAnalyticsReader(),
    formats=("csv", "xlsx"),
    takes_mapping=False,
    options=(),
    purge="purge/delete_raw_web_rows",
    demo="smq_analytics.demo.web_files:ua_files",
    covered_periods="supersede",
    extra_raw_tables=("raw_web_tables",),
)
