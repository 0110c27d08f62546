"""Given/expect tests of the article parser on small inline texts."""

import datetime as dt

import polars as pl
import pytest

from dateline.sources import RAW_RECORD
from transforms.staging import dedupe_articles, normalise_text, parse_article_text, parse_published, stage_articles

HEADLINE_SHAPE = """Minister Says ‘Talks Went Well,’ But ‘More Work To Do’

Jane Roe/Pool via Reuters

Example News Foundation logo
John Smith Europe/Africa Correspondent

The minister said on Monday that “a great deal” was achieved. (RELATED: Something Else Happened Today)

A second paragraph follows.

Follow John on Twitter

Send tips to

Content created by The Example News Foundation is available without charge to any eligible news publisher.
"""

MARKER_SHAPE = " date 2021-04-02 The administration held two summits.\n\nA second paragraph.\n"


def test_headline_credits_author_publisher_and_boilerplate(lexicons):
    out = parse_article_text(HEADLINE_SHAPE, byline_words=lexicons.vocab.byline_words)
    assert out["title"] == "Minister Says ‘Talks Went Well,’ But ‘More Work To Do’"
    assert out["author"] == "John Smith"
    assert out["publisher"] == "Example News Foundation"
    assert out["published_date"] is None  # never invented
    assert out["body"].startswith("The minister said on Monday that “a great deal” was achieved.")
    assert "RELATED" not in out["body"]
    for junk in ("Follow John", "Send tips to", "Content created by", "Pool via Reuters", "logo"):
        assert junk not in out["body"]
    assert out["body"].endswith("A second paragraph follows.")


def test_inline_date_marker_without_headline():
    out = parse_article_text(MARKER_SHAPE)
    assert out["title"] is None
    assert out["published_date"] == dt.date(2021, 4, 2)
    assert out["body"] == "The administration held two summits.\n\nA second paragraph."


def test_body_first_paragraph_is_not_taken_for_a_headline():
    text = "This is a complete sentence that starts the story and ends with a period.\n\nMore text."
    assert parse_article_text(text)["title"] is None


def test_normalise_keeps_quotes_and_applies_nfc():
    raw = "Cafe\u0301 said \u201cyes\u201d and 'no'\r\n\r\n\r\n\r\nNext"
    out = normalise_text(raw)
    assert out == "Caf\u00e9 said \u201cyes\u201d and 'no'\n\nNext"


@pytest.mark.parametrize(
    "value,expect",
    [
        ("2019-01-04", dt.date(2019, 1, 4)),
        ("2019-01-04T10:00:00Z", dt.date(2019, 1, 4)),
        ("January 4, 2019", dt.date(2019, 1, 4)),
        ("", None),
        (None, None),
    ],
)
def test_parse_published(value, expect):
    assert parse_published(value)[0] == expect


def test_unparseable_published_date_is_null_with_a_note():
    d, note = parse_published("sometime soon")
    assert d is None and "not understood" in note


def _raw(**kw):
    row = dict.fromkeys(RAW_RECORD)
    row.update(source_path="x.txt", record_no=0, source_format="txt", external_id="x", raw_hash="h")
    row.update(kw)
    return row


def test_stage_articles_ids_from_content_and_rejections():
    raw = pl.DataFrame(
        [
            _raw(source_path="a.txt", raw_text=MARKER_SHAPE),
            _raw(source_path="b.txt", raw_text=MARKER_SHAPE),  # same article, other name
            _raw(source_path="c.txt", raw_text="   \n\n  "),  # empty
            _raw(source_path="d.txt", error="binary content (not text)"),
            _raw(
                source_path="e.jsonl",
                record_no=3,
                source_format="jsonl",
                raw_text="Body text here.",
                title="T",
                published_raw="2020-05-01",
                publisher="Wire",
                author="A. Writer",
            ),
        ],
        schema=RAW_RECORD,
        orient="row",
    )
    st = dedupe_articles(stage_articles(raw))
    a, b, c, d, e = st.iter_rows(named=True)
    assert a["article_id"] == b["article_id"] and a["article_id"].startswith("art_")
    assert a["duplicate_of"] is None and b["duplicate_of"] == "a.txt#0"
    assert c["error"] == "empty text"
    assert d["error"] == "binary content (not text)"
    assert (e["title"], e["publisher"], e["author"], e["published_date"]) == (
        "T",
        "Wire",
        "A. Writer",
        dt.date(2020, 5, 1),
    )
    assert e["word_count"] == 3


def test_article_over_the_cap_is_truncated_and_noted():
    body = ("word " * 100 + "\n\n") * 10
    st = stage_articles(pl.DataFrame([_raw(raw_text=body)], schema=RAW_RECORD, orient="row"), max_article_chars=1200)
    row = st.row(0, named=True)
    assert len(row["body"]) <= 1200 and "truncated from" in row["note"]


def test_duplicates_found_after_rejected_records():
    """A rejected record earlier in the input must not shift which copy is the first."""
    import polars as pl

    from transforms.staging import dedupe_articles

    staged = pl.DataFrame(
        {
            "source_path": ["a.txt", "b.txt", "c.txt", "d.txt"],
            "record_no": [None, None, None, None],
            "content_hash": [None, None, "h1", "h1"],
            "error": ["empty text", "binary", None, None],
        }
    )
    out = dedupe_articles(staged)
    assert out["duplicate_of"].to_list() == [None, None, None, "c.txt"]
