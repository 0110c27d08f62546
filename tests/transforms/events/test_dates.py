"""transforms.events.dates: date expressions resolved against the published date, and the
date an event takes from its clause."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.transforms.events.support import PUB, find
from transforms.events.dates import _fast_path, granularity, resolve_date


@pytest.mark.parametrize("text, expected", [
    ("Saturday", (dt.date(2021, 3, 27), "day")),
    ("in March", (dt.date(2021, 3, 1), "month")),
    ("late in June", (dt.date(2020, 6, 1), "month")),
    ("June 12", (dt.date(2020, 6, 12), "day")),
    ("in 2019", (dt.date(2019, 1, 1), "year")),
    ("August 1, 2019", (dt.date(2019, 8, 1), "day")),
    ("last month", (dt.date(2021, 3, 1), "month")),
    ("two-day", (None, None)),
    ("22-year-old", (None, None)),
    ("months", (None, None)),
])
def test_dates_resolve_against_the_published_date(text, expected):
    assert resolve_date(text, PUB) == expected


def test_relative_dates_need_a_published_date_absolute_ones_do_not():
    assert resolve_date("Saturday", None) == (None, None)
    assert resolve_date("June 12", None) == (None, None)
    assert resolve_date("August 1, 2019", None) == (dt.date(2019, 8, 1), "day")
    assert granularity("the first time") is None


@pytest.mark.parametrize("text", ["Friday", "Saturday", "Thursday", "April", "May", "March 31", "April 5", "December",
                                  "this year", "next month", "yesterday", "January 2005", "5 January 2005",
                                  "January 5, 2005", "last month"])
def test_fast_date_paths_agree_with_dateparser(text):
    """The common shapes skip dateparser (~5 ms a call); they must give what it gives."""
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={
        "RELATIVE_BASE": dt.datetime(2021, 4, 2, 12), "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False})
    fast = _fast_path(text.replace(",", ""), PUB)
    assert fast is not None
    gran = granularity(text)
    expected = parsed.date()
    if gran == "month":
        expected, fast = expected.replace(day=1), fast.replace(day=1)
    if gran == "year":
        expected, fast = expected.replace(month=1, day=1), fast.replace(month=1, day=1)
    assert fast == expected


# --- dates on events -------------------------------------------------------------------------

def test_no_date_in_sentence_leaves_the_event_undated(code):
    r = find(code("Pompeo met Kim Yong Chol."), "CONSULT")
    assert r["event_date"] is None and r["date_granularity"] is None and r["date_text"] is None


def test_weekday_resolves_to_the_day_before_publication(code):
    r = find(code("Pompeo met Kim Yong Chol on Saturday."), "CONSULT")
    assert (r["event_date"], r["date_granularity"], r["date_text"]) == (dt.date(2021, 3, 27), "day", "Saturday")


def test_without_a_published_date_relative_dates_stay_null(code):
    r = find(code("Pompeo met Kim Yong Chol on Saturday.", None), "CONSULT")
    assert r["event_date"] is None
