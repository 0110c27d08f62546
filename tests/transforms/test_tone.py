"""Tone (transforms/tone.py): VADER's compound score of a quote, the mean over an article's
sentences, computed in the NLP step (fact_quote.tone, dim_article.tone); (text, expected) pairs."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from tests.conftest import query
from transforms import extract, staging
from transforms.tone import analyser, mean_tone, tone

SIGNED = [
    # (text, expected sign: -1 negative, 0 neutral, 1 positive)
    ("fire and fury", -1),
    ("The attack killed 12 people.", -1),
    ("The minister said the plan was a disaster.", -1),
    ("He did not win.", -1),
    ("We made progress", 1),
    ("The summit was a great success.", 1),
    ("We are very happy with the talks.", 1),
    ("The meeting is on Tuesday.", 0),
    ("", 0),
    ("   ", 0),
]


@pytest.mark.parametrize(("text", "sign"), SIGNED)
def test_tone_has_the_sign_of_the_words(text, sign):
    score = tone(text)
    assert -1 <= score <= 1
    assert (score > 0) - (score < 0) == sign, score


MEANS = [
    # (sentences, expected mean): sentences without a letter or digit are left out
    (["We made progress.", "The meeting is on Tuesday."], round((tone("We made progress.") + 0) / 2, 4)),
    (["We made progress.", "\n\n", "—", "© "], tone("We made progress.")),
    (["fire and fury", "fire and fury"], tone("fire and fury")),
    ([], 0.0),
    (["", "  "], 0.0),
]


@pytest.mark.parametrize(("sentences", "expected"), MEANS)
def test_article_tone_is_the_mean_over_its_sentences(sentences, expected):
    assert mean_tone(sentences) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    [
        "The deal was kind of good, but the talks were the bomb.",  # a booster phrase, an idiom
        "It cut the mustard and was no joke, they said.",
        "Shares rose 12% to #1 in the index :) after 3 days.",  # digits and '#' start emoji
        "Prices were in the red; sales were in the black.",
        "Ce n'était pas mal du tout 😀, a-t-il dit.",  # not ASCII: VADER's own emoji path
        "  Leading and trailing space 7  ",
        "Nothing here at all",
        "",
    ],
)
def test_the_analyser_scores_as_stock_vader(text):
    """The analyser's shortcuts (phrase and emoji scans skipped where they cannot change a
    score) give VADER's own four scores."""
    from vader import SentimentIntensityAnalyzer

    assert analyser().polarity_scores(text) == SentimentIntensityAnalyzer().polarity_scores(text)


def test_one_analyser_per_process():
    assert analyser() is analyser()


def test_the_lexicon_ships_with_the_package(monkeypatch):
    """A fresh analyser scores with the network blocked: nothing is downloaded."""
    import socket

    from vader import SentimentIntensityAnalyzer

    def refuse(*a, **k):
        raise AssertionError("VADER tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    sia = SentimentIntensityAnalyzer()
    assert len(sia.lexicon) > 7000
    assert sia.polarity_scores("fire and fury")["compound"] < 0


TITLE = "Talks collapse"
BODY = "The talks collapsed in anger. Both sides blamed each other. “This is a disaster,” the envoy said."
ARTICLE = {"article_id": "art_t", "title": TITLE, "body": BODY, "published_date": dt.date(2021, 4, 2), "language": "en"}


@pytest.fixture(scope="module")
def staged(nlp, lexicons):
    articles = pl.DataFrame([ARTICLE], schema=extract.EXTRACT_INPUT)
    text, _ = extract.analysed_text(TITLE, BODY)
    doc = nlp(text)
    return extract.extract_docs(articles, [doc], lexicons), [s.text for s in doc.sents]


def test_the_nlp_step_gives_each_article_its_tone(staged):
    stg, sentences = staged
    tones = stg["stg_article_tone"]
    assert tones["article_id"].to_list() == ["art_t"]
    assert tones["tone"][0] == pytest.approx(mean_tone(sentences)) and tones["tone"][0] < 0


def test_each_quote_gets_the_tone_of_its_text(staged):
    stg, _ = staged
    quotes = stg["stg_fact_quote"]
    assert quotes.height >= 1
    for text, score in quotes.select("quote_text", "tone").iter_rows():
        assert score == tone(text)
    assert any(score < 0 for score in quotes["tone"])  # "This is a disaster"


def _staged(aid: str) -> dict:
    row = dict.fromkeys(staging.STAGE_ARTICLE)
    row.update(ARTICLE, article_id=aid, external_id=aid, source_path=f"{aid}.txt", content_hash="0" * 64, word_count=12)
    return row


def test_dim_article_takes_the_tone_the_nlp_step_gave():
    staged_rows = pl.DataFrame(
        [_staged("art_t"), _staged("art_de")], schema=staging.STAGE_ARTICLE, orient="row"
    ).with_columns(pl.lit(None, dtype=pl.Utf8).alias("duplicate_of"))
    when = dt.datetime(2026, 1, 1)
    tones = pl.DataFrame({"article_id": ["art_t"], "tone": [-0.25]})
    out = staging.build_dim_article(staged_rows, ["art_t", "art_de"], "run_x", when, tones)
    # an article the NLP step did not parse (a language without a model) has no tone
    assert dict(out.select("article_id", "tone").iter_rows()) == {"art_t": -0.25, "art_de": None}
    assert staging.build_dim_article(staged_rows, ["art_t"], "run_x", when)["tone"].to_list() == [None]


def test_seed_quotes_and_articles_all_have_a_tone_and_fire_and_fury_is_negative(seed_warehouse):
    db, _ = seed_warehouse
    [(score,)] = query(db, "select tone from fact_quote where quote_text = 'fire and fury'")
    assert score < 0
    assert query(db, "select count(*) from fact_quote where tone is null") == [(0,)]
    assert query(db, "select count(*) from dim_article where tone is null") == [(0,)]
    assert query(db, "select count(*) from dim_article where tone between -1 and 1") == [(2,)]
    [(v_score,)] = query(db, "select tone from v_quotes where quote_text = 'fire and fury'")
    assert v_score == score
