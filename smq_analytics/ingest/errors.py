"""File-level ingest failures: the file is refused whole and the store is left as it was."""

from __future__ import annotations

from ..i18n import LocalizedError, Message


class IngestError(LocalizedError):
    """A file that cannot be loaded at all; the message names the file and what was expected."""


def refuse(fr: str, en: str, **values) -> IngestError:
    """An IngestError from a French and an English template filled with the same values."""
    return IngestError(Message(fr, en).format(**values))


def quoted_list(names, limit: int = 30) -> str:
    """'a, b, c' (at most `limit` names, then '…')."""
    names = [str(n) for n in names]
    shown = ", ".join(names[:limit])
    return shown + (", …" if len(names) > limit else "")
