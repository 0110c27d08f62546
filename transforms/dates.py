"""Date expressions -> (date, granularity), resolved against the article's publication date.

dateparser does the calendar work (`RELATIVE_BASE` = the published date, dates preferred
from the past); this module decides what is a point in time at all ("two-day", "months",
"22-year-old" are not) and at what granularity ("in March" is a month, "Saturday" a day).
Without a publication date only absolute expressions ("August 1, 2019", "in 2019") resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_MONTH_RE = re.compile(rf"\b(?:{MONTHS})\b\.?", re.I)
_WEEKDAY_RE = re.compile(rf"\b(?:{WEEKDAYS})\b", re.I)
_DAYNUM_RE = re.compile(rf"\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b", re.I)
_ISO_RE = re.compile(r"\b(\d{4})-(\d\d)-(\d\d)\b")
_YEAR_RE = re.compile(rf"\b{_YEAR}\b")
_RELATIVE_DAY = re.compile(r"\b(?:yesterday|today|tonight|tomorrow)\b", re.I)
_RELATIVE_MONTH = re.compile(r"\b(?:last|next|this|previous|past)\s+month\b", re.I)
_RELATIVE_YEAR = re.compile(r"\b(?:last|next|this|previous|past)\s+year\b", re.I)
# hedges around the point in time that dateparser does not read
_HEDGES = re.compile(r"\b(?:early|late|mid|middle of|end of|beginning of|start of|later|earlier|since|until|"
                     r"by|on|in|at|during|around|about|the|of|before|after|as of|from)\b[-\s]*", re.I)
# spans that look like dates but are durations or ages
_NOT_A_POINT = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|few|many|a)[-\s]+"
                          r"(?:day|week|month|year|hour|decade)s?(?:[-\s]+old)?\b|\bdecades?\b|\bcentur", re.I)

DAY, MONTH, YEAR = "day", "month", "year"


def granularity(text: str) -> str | None:
    """day | month | year for a point-in-time expression, None for anything else."""
    t = text.strip()
    if not t or _NOT_A_POINT.search(t):
        return None
    if _ISO_RE.search(t) or _DAYNUM_RE.search(t) or _WEEKDAY_RE.search(t) or _RELATIVE_DAY.search(t):
        return DAY
    if _MONTH_RE.search(t) or _RELATIVE_MONTH.search(t):
        # "May" alone is too often the modal verb; spaCy only hands us DATE entities
        return MONTH
    if _YEAR_RE.search(t) or _RELATIVE_YEAR.search(t):
        return YEAR
    return None


@lru_cache(maxsize=1)
def _dateparser():
    import dateparser  # imported lazily: ~0.5 s, and only event extraction needs it

    return dateparser


@lru_cache(maxsize=20000)
def resolve_date(text: str, published: dt.date | None) -> tuple[dt.date | None, str | None]:
    """Resolve a date expression. Returns (date, granularity) or (None, None).

    The date is the first day of its month/year at month/year granularity. A relative
    expression ("Saturday", "last month", "June 12") needs `published`; without it, only
    expressions that carry their own year resolve."""
    gran = granularity(text)
    if gran is None:
        return None, None
    m = _ISO_RE.search(text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])), DAY
        except ValueError:
            return None, None
    has_year = bool(_YEAR_RE.search(text))
    if published is None and not has_year:
        return None, None
    cleaned = _HEDGES.sub(" ", text)
    cleaned = re.sub(r"[,.]+", " ", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    if not cleaned:
        return None, None
    base = dt.datetime.combine(published, dt.time(12)) if published else dt.datetime(2000, 1, 1, 12)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first",
                "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": False}
    try:
        parsed = _dateparser().parse(cleaned, languages=["en"], settings=settings)
    except Exception:  # dateparser raises on odd inputs (overflowing years, ...)
        parsed = None
    if parsed is None:
        return None, None
    d = parsed.date()
    if gran == MONTH:
        d = d.replace(day=1)
    elif gran == YEAR:
        d = d.replace(month=1, day=1)
    return d, gran
