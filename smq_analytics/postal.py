"""Canadian postal codes: normalise 'g1r 2l3', 'G1R2L3', 'G1R-2L3' and tell impossible ones apart.

Canada Post never uses D, F, I, O, Q or U; W and Z never come first. The first letter gives the
province (G, H, J = Quebec). A 0 in second place marks a rural FSA.

FIRST_LETTERS and OTHER_LETTERS are the one home of these letter sets: privacy's redaction pattern and
the demo's generated codes derive from them, and tests/test_rules.py checks that the SQL macro
is_canadian_postal accepts and refuses what this module does (docs/ARCHITECTURE.md, « One home per rule »).
"""

from __future__ import annotations

import re

FIRST_LETTERS = "ABCEGHJKLMNPRSTVXY"  # letters that start a postal code (no W, Z)
OTHER_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"  # letters of the other positions (never D, F, I, O, Q, U)
_FIRST = FIRST_LETTERS
_OTHER = OTHER_LETTERS
_FULL = re.compile(rf"[{_FIRST}][0-9][{_OTHER}][0-9][{_OTHER}][0-9]")
_FSA = re.compile(rf"[{_FIRST}][0-9][{_OTHER}]")
_SEPARATORS = re.compile(r"[\s\-_.]+")
_CANADIAN_SHAPE = re.compile(r"[A-Z][0-9][A-Z]([0-9][A-Z][0-9])?")

QUEBEC_LETTERS = frozenset("GHJ")


def compact(text: str | None) -> str:
    """Upper case without spaces, hyphens, dots or underscores."""
    return _SEPARATORS.sub("", str(text or "")).upper()


def looks_canadian(text: str | None) -> bool:
    """Has the letter-digit-letter shape of a Canadian code (valid or not)."""
    return bool(_CANADIAN_SHAPE.fullmatch(compact(text)))


def normalise_canadian(text: str | None) -> str | None:
    """'g1r 2l3' -> 'G1R2L3'; 'G1R' -> 'G1R' (FSA only); an impossible code -> None."""
    code = compact(text)
    if _FULL.fullmatch(code) or _FSA.fullmatch(code):
        return code
    return None


def fsa(code: str | None) -> str | None:
    normal = normalise_canadian(code)
    return normal[:3] if normal else None


def is_quebec(code: str | None) -> bool:
    normal = normalise_canadian(code)
    return bool(normal) and normal[0] in QUEBEC_LETTERS


def is_rural_fsa(code: str | None) -> bool:
    normal = normalise_canadian(code)
    return bool(normal) and normal[1] == "0"
