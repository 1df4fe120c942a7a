"""Which encoding a text file is in: the one rule shared by exports (ingest/tabular.py) and reference
files (reference.py).

A byte-order mark decides (UTF-8, UTF-16 LE/BE as Excel's « Texte Unicode » export writes it,
UTF-32 LE/BE); without one, UTF-8, else Windows-1252 (Excel on Windows; cp1252 rather than latin-1 so
that ’ œ € survive). docs/ARCHITECTURE.md, « One home per rule ».
"""

from __future__ import annotations

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one). The name is the
# encoding the ledger records.
BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
WIDE_BOMS = tuple(bom for bom, encoding in BOMS if encoding.startswith(("utf-16", "utf-32")))
WITHOUT_BOM = ("utf-8", "cp1252")


def decode_text(data: bytes) -> tuple[str, str]:
    """(text without its byte-order mark, encoding name). Raises UnicodeDecodeError naming the last
    encoding tried (as listed above, not Python's 'charmap') and the position in the file's bytes."""
    offset = 0
    for bom, encoding in BOMS:
        if data.startswith(bom):
            candidates: tuple[str, ...] = (encoding,)
            if encoding != "utf-8-sig":  # utf-8-sig drops its own mark
                offset = len(bom)
            break
    else:
        candidates = WITHOUT_BOM
    for encoding in candidates:
        try:
            return data[offset:].decode(encoding), encoding
        except UnicodeDecodeError as error:
            failure, failed = error, encoding
    raise UnicodeDecodeError(failed, data, failure.start + offset, failure.end + offset, failure.reason)
