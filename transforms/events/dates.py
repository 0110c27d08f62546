"""Event dates: the DATE entity of a trigger's clause, resolved against the article's
publication date to (date, granularity).

dateparser does the calendar work (`RELATIVE_BASE` = the published date, dates preferred
from the past); this module decides what is a point in time at all ("two-day", "months",
"22-year-old" are not) and at what granularity ("in March" is a month, "Saturday" a day).
Without a publication date only absolute expressions ("August 1, 2019", "in 2019") resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_MONTH_RE = re.compile(rf"\b(?:{MONTHS})\b\.?", re.I)
_WEEKDAY_RE = re.compile(rf"\b(?:{WEEKDAYS})\b", re.I)
_DAYNUM_RE = re.compile(
    rf"\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b", re.I
)
_ISO_RE = re.compile(r"\b(\d{4})-(\d\d)-(\d\d)\b")
_YEAR_RE = re.compile(rf"\b{_YEAR}\b")
_RELATIVE_DAY = re.compile(r"\b(?:yesterday|today|tonight|tomorrow)\b", re.I)
_RELATIVE_MONTH = re.compile(r"\b(?:last|next|this|previous|past)\s+month\b", re.I)
_RELATIVE_YEAR = re.compile(r"\b(?:last|next|this|previous|past)\s+year\b", re.I)
# hedges around the point in time that dateparser does not read
_HEDGES = re.compile(
    r"\b(?:early|late|mid|middle of|end of|beginning of|start of|later|earlier|since|until|"
    r"by|on|in|at|during|around|about|the|of|before|after|as of|from)\b[-\s]*",
    re.I,
)
# spans that look like dates but are durations or ages
_NOT_A_POINT = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|few|many|a)[-\s]+"
    r"(?:day|week|month|year|hour|decade)s?(?:[-\s]+old)?\b|\bdecades?\b|\bcentur",
    re.I,
)

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
    fast = _fast_path(cleaned, published)
    if fast is not None:
        d = fast
        if gran == MONTH:
            d = d.replace(day=1)
        elif gran == YEAR:
            d = d.replace(month=1, day=1)
        return d, gran
    base = dt.datetime.combine(published, dt.time(12)) if published else dt.datetime(2000, 1, 1, 12)
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }
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


_MONTH_NUM = {
    m: i
    for i, names in enumerate(
        [
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
        ],
        start=1,
    )
    for m in names
}
_WEEKDAY_NUM = {d: i for i, d in enumerate(WEEKDAYS.split("|"))}
_FAST_FORMS = [
    (re.compile(r"^(?P<r>yesterday|today|tonight|tomorrow)$"), "r"),
    (re.compile(rf"^(?P<y>{_YEAR})$"), "y"),
    (re.compile(rf"^(?P<m>[a-z]+) (?P<y>{_YEAR})$"), "my"),
    (re.compile(rf"^(?P<m>[a-z]+) (?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?P<y>{_YEAR})$"), "mdy"),
    (re.compile(rf"^(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?P<m>[a-z]+) (?P<y>{_YEAR})$"), "mdy"),
    (re.compile(r"^(?P<m>[a-z]+)$"), "m"),
    (re.compile(r"^(?P<m>[a-z]+) (?P<d>\d{1,2})(?:st|nd|rd|th)?$"), "md"),
    (re.compile(r"^(?P<d>\d{1,2})(?:st|nd|rd|th)? (?P<m>[a-z]+)$"), "md"),
    (re.compile(r"^(?P<w>[a-z]+)$"), "w"),
    (re.compile(r"^(?P<q>last|next|this|previous|past) (?P<u>month|year)$"), "q"),
]


def _fast_path(cleaned: str, published: dt.date | None) -> dt.date | None:
    """The common shapes, computed directly with dateparser's conventions (dates preferred
    from the past; a weekday is the last one strictly before publication; a month or day
    later in the year than publication is last year's). dateparser is ~5 ms a call and
    news text is full of dates; anything else still goes to dateparser."""
    t = cleaned.lower()
    for rx, kind in _FAST_FORMS:
        m = rx.match(t)
        if not m:
            continue
        g = m.groupdict()
        try:
            if kind == "y":
                return dt.date(int(g["y"]), 1, 1)
            if kind in ("my", "mdy"):
                if g["m"] not in _MONTH_NUM:
                    return None
                return dt.date(int(g["y"]), _MONTH_NUM[g["m"]], int(g.get("d") or 1))
            if published is None:
                return None
            if kind in ("m", "md"):
                if g["m"] not in _MONTH_NUM:
                    return None if kind == "md" else _weekday(g["m"], published)
                month, day = _MONTH_NUM[g["m"]], int(g.get("d") or 1)
                d = dt.date(published.year, month, day)
                if (kind == "m" and month > published.month) or (kind == "md" and d > published):
                    d = dt.date(published.year - 1, month, day)
                return d
            if kind == "w":
                return _weekday(g["w"], published)
            if kind == "r":
                shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[g["r"]]
                return published + dt.timedelta(days=shift)
            if kind == "q":
                step = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1}[g["q"]]
                if g["u"] == "year":
                    return dt.date(published.year + step, 1, 1)
                month = published.month - 1 + step
                return dt.date(published.year + month // 12, month % 12 + 1, 1)
        except ValueError:  # "February 30"
            return None
    return None


def _weekday(name: str, published: dt.date) -> dt.date | None:
    if name not in _WEEKDAY_NUM:
        return None
    back = (published.weekday() - _WEEKDAY_NUM[name]) % 7 or 7
    return published - dt.timedelta(days=back)


CLAUSE_HEAD_DEPS = frozenset({"xcomp", "dobj", "pobj"})  # the trigger's clause is its head's
LABEL_DEPS = frozenset({"compound", "nummod", "amod", "nmod"})  # "the 2020 ticket"
COMPARISON_WORDS = frozenset({"than", "since"})  # "than in 2016": a point of comparison


def is_label_year(ent) -> bool:
    """A bare year used as a label or a point of comparison, not as the event's date: "the
    2020 ticket", "the 2016 election", "more than in 2016"."""
    if not _YEAR_RE.fullmatch(ent.text.strip()):
        return False
    root = ent.root
    if root.dep_ in LABEL_DEPS and root.head.pos_ in {"NOUN", "PROPN"}:
        return True
    doc, start = ent.doc, ent.start
    before = [doc[i].lower_ for i in range(max(0, start - 2), start)]
    return any(w in COMPARISON_WORDS for w in before)


def nearby_year(ents) -> int | None:
    """The one year named in the sentence's date expressions (labels aside), if only one is."""
    years = {int(m) for e in ents if not is_label_year(e) for m in _YEAR_RE.findall(e.text)}
    return years.pop() if len(years) == 1 else None


def anchored(text: str, published: dt.date | None, year: int | None) -> tuple[dt.date | None, str | None]:
    """Resolve a date expression against the publication date and a year named nearby: a
    month or a day without a year ("July 31") takes the nearby year when there is one
    ("taken July 31, ... 2019" in a caption), else the publication date's reading; a
    weekday or "last month" always reads against the publication date."""
    if _YEAR_RE.search(text) or year is None or not _MONTH_RE.search(text):
        return resolve_date(text, published)
    d, gran = resolve_date(text, published or dt.date(year, 12, 31))
    if d is not None and d.year != year:
        try:
            d = d.replace(year=year)
        except ValueError:  # February 29
            return None, None
    return d, gran


def event_date(tok, ctx) -> tuple[dt.date | None, str | None, str | None]:
    """(date, granularity, text) of the DATE entity of the trigger's clause that resolves, the
    finest first ("on July 31" over "in 2019"), then the nearest to the trigger; entities
    outside the clause come after those inside it. A year
    used as a label is no date. When nothing resolves (no publication date and no year
    nearby) the date stays NULL and the text of the nearest point in time is kept."""
    ents = [e for e in ctx.dates_in(ctx.sent_of(tok)) if not is_label_year(e)]
    if not ents:
        return None, None, None
    clause = {t.i for t in (tok.head.subtree if tok.dep_ in CLAUSE_HEAD_DEPS else tok.subtree)}
    finer = {DAY: 0, MONTH: 1, YEAR: 2}
    ranked = sorted(
        ents,
        key=lambda e: (
            e.root.i not in clause and e.start not in clause,
            finer.get(granularity(e.text), 3),
            abs(e.start - tok.i),
        ),
    )
    year = nearby_year(ents)
    for e in ranked:
        d, gran = anchored(e.text, ctx.published, year)
        if d is not None:
            return d, gran, e.text
    kept = next((e.text for e in ranked if granularity(e.text)), None)
    return None, None, kept
