"""Load museum exports (survey, desk counts, attendance) into the store, one transaction per file.

    from smq_analytics.ingest import ingest_file
    result = ingest_file(con, "survey", "export.csv", "musee-des-brumes", year=2024, mapping="limesurvey")

Accepted rows go to raw_*, rejected rows to quarantine with a reason in French and English, and one
row to load_ledger. A file that cannot be loaded at all raises IngestError and leaves the store as
it was.
"""

from .errors import IngestError
from .loader import LoadResult, Rejection, ingest_file
from .registry import SOURCES, get_source

__all__ = ["IngestError", "LoadResult", "Rejection", "SOURCES", "get_source", "ingest_file"]
