"""Property-based tests: the parser never raises and its body is what offsets index."""

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.sources import RAW_RECORD, decode_bytes
from transforms.staging import normalise_text, parse_article_text, stage_articles

texty = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
paragraphs = st.lists(
    st.text(alphabet=st.sampled_from(list("abc XYZ.,;:“”‘’\"'-—\n()date0123")), max_size=80), max_size=8
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(texty)
def test_parse_never_raises_and_body_is_normalised(text):
    out = parse_article_text(text)
    assert isinstance(out["body"], str)
    # The stored body is stable: normalising it again changes nothing, so offsets stay true.
    assert normalise_text(out["body"]) == out["body"]


@settings(max_examples=200)
@given(paragraphs)
def test_paragraph_shapes(pars):
    out = parse_article_text("\n\n".join(pars))
    for field in ("title", "author", "publisher"):
        assert out[field] is None or isinstance(out[field], str)


@settings(max_examples=200)
@given(st.binary(max_size=300))
def test_decode_any_bytes(data):
    text, _note, error = decode_bytes(data)
    assert (text is None) == (error is not None)


@settings(max_examples=100)
@given(texty)
def test_stage_articles_never_raises(text):
    row = dict.fromkeys(RAW_RECORD)
    row.update(source_path="p.txt", record_no=0, source_format="txt", external_id="p", raw_hash="h", raw_text=text)
    st_ = stage_articles(pl.DataFrame([row], schema=RAW_RECORD, orient="row"))
    r = st_.row(0, named=True)
    assert (r["error"] is None) == bool(r["body"])
