"""The sources ingest knows. A new source (ga4, ua, ticketing) is one module and one line here."""

from __future__ import annotations

from .attendance import AttendanceSource
from .base import Source
from .desk_counts import DeskCountSource
from .errors import quoted_list, refuse
from .survey import SurveySource

SOURCES: dict[str, Source] = {
    "survey": SurveySource(),
    "desk-counts": DeskCountSource(),
    "attendance": AttendanceSource(),
}


def get_source(name: str) -> Source:
    try:
        return SOURCES[name]
    except KeyError:
        raise refuse("Source inconnue « {source} ». Sources possibles : {known}.",
                     "Unknown source '{source}'. Possible sources: {known}.",
                     source=name, known=quoted_list(SOURCES)) from None
