"""transforms.events.dates: date expressions resolved against the published date, and the
date an event takes from its clause."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.transforms.events.support import PUB, find
from transforms.events.dates import _fast_path, granularity, resolve_date


@pytest.mark.parametrize(
    "text, expected",
    [
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
    ],
)
def test_dates_resolve_against_the_published_date(text, expected):
    assert resolve_date(text, PUB) == expected


def test_relative_dates_need_a_published_date_absolute_ones_do_not():
    assert resolve_date("Saturday", None) == (None, None)
    assert resolve_date("June 12", None) == (None, None)
    assert resolve_date("August 1, 2019", None) == (dt.date(2019, 8, 1), "day")
    assert granularity("the first time") is None


@pytest.mark.parametrize(
    "text",
    [
        "Friday",
        "Saturday",
        "Thursday",
        "April",
        "May",
        "March 31",
        "April 5",
        "December",
        "this year",
        "next month",
        "yesterday",
        "January 2005",
        "5 January 2005",
        "January 5, 2005",
        "last month",
    ],
)
def test_fast_date_paths_agree_with_dateparser(text):
    """The common shapes skip dateparser (~5 ms a call); they must give what it gives."""
    import dateparser

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime(2021, 4, 2, 12),
            "PREFER_DATES_FROM": "past",
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
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


# --- issue 13 §3: anchored on the article, labels are no dates, never a guess ----------------


@pytest.mark.parametrize(
    "sentence, published, expected",
    [
        # relative dates and dates without a year read against the publication date (2021-04-02)
        ("Pompeo met Kim Yong Chol on Thursday.", PUB, (dt.date(2021, 4, 1), "day", "Thursday")),
        ("Pompeo met Kim Yong Chol last month.", PUB, (dt.date(2021, 3, 1), "month", "last month")),
        ("Pompeo met Kim Yong Chol on March 30.", PUB, (dt.date(2021, 3, 30), "day", "March 30")),
        ("Pompeo met Kim Yong Chol on July 31.", PUB, (dt.date(2020, 7, 31), "day", "July 31")),
        # a year named nearby anchors a date without one, over the publication year
        ("In 2019, Pompeo met Kim Yong Chol on July 31.", PUB, (dt.date(2019, 7, 31), "day", "July 31")),
        ("In 2019, Pompeo met Kim Yong Chol on July 31.", None, (dt.date(2019, 7, 31), "day", "July 31")),
        # no publication date and no year nearby: NULL, the text kept
        ("Pompeo met Kim Yong Chol on July 31.", None, (None, None, "July 31")),
        ("Pompeo met Kim Yong Chol on Saturday.", None, (None, None, "Saturday")),
        # absolute dates need nothing
        ("Pompeo met Kim Yong Chol on August 1, 2019.", None, (dt.date(2019, 8, 1), "day", "August 1, 2019")),
        ("Pompeo met Kim Yong Chol in March 2019.", None, (dt.date(2019, 3, 1), "month", "March 2019")),
    ],
)
def test_event_dates_are_anchored_on_the_article(code, sentence, published, expected):
    r = find(code(sentence, published), "CONSULT")
    assert (r["event_date"], r["date_granularity"], r["date_text"]) == expected


@pytest.mark.parametrize(
    "sentence",
    ["Biden met the Democrats who backed the 2020 ticket.", "Pompeo met Kim Yong Chol more often than in 2016."],
)
def test_a_year_used_as_a_label_is_not_the_event_date(code, sentence):
    r = find(code(sentence), "CONSULT")
    assert r["event_date"] is None or r["event_date"].year != int(sentence.split("20", 1)[1][:2]) + 2000
