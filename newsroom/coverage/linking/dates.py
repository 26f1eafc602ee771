"""Read the dates a sentence names: years, and days of a month."""

import re
from functools import lru_cache

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
MONTH_DAY = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>[0-3]?\d)(?:\s*[-–—]\s*(?P<to1>[0-3]?\d))?(?!\d)"
    rf"|(?P<d2>[0-3]?\d)(?:\s*[-–—]\s*(?P<to2>[0-3]?\d))?\s+(?P<m2>{_MONTH})\b)",
    re.IGNORECASE,
)
# "MOSCOW, March 5. /TASS/.", "Samarkand, Sep 16 (UNI)": the place and day a story was
# filed, told from "On Tuesday, September 20, …" by the agency's mark that follows it.
DATELINE = re.compile(
    rf"^\s*[A-Z][A-Za-z .'’-]{{1,40}},\s+"
    rf"(?i:(?:{_MONTH})\.?\s+[0-3]?\d|[0-3]?\d\s+(?:{_MONTH}))\b"
    r"(?=\.?\s*(?:\(|/|--|—|–))"
)
YEAR = re.compile(r"(?<![\d.,])(?P<year>(?:19[5-9]|20[0-9])\d)(?![\d.,]\d)")


@lru_cache(maxsize=1024)
def years(text: str) -> frozenset[int]:
    return frozenset(int(m["year"]) for m in YEAR.finditer(text))


@lru_cache(maxsize=1024)
def month_days(text: str) -> frozenset[tuple[int, int]]:
    """Return the (month, day) pairs `text` names: "March 5", "5 March", "September 20-21"."""
    found = set()
    for m in MONTH_DAY.finditer(text):
        month = MONTHS[(m["m1"] or m["m2"]).lower()]
        first = int(m["d1"] or m["d2"])
        last = int(m["to1"] or m["to2"] or first)
        found.update((month, day) for day in range(first, max(first, last) + 1) if 1 <= day <= 31)
    return frozenset(found)


def undated(text: str) -> str:
    """Return `text` without the day of a dateline that opens it."""
    match = DATELINE.match(text)
    return text[match.end() :] if match else text
