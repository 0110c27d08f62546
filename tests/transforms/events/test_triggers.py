"""transforms.events.triggers: the event lexicon, verb and noun triggers, and the converter
that builds the lexicon (needs ../shared)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tests.transforms.events.support import find

ROOT = Path(__file__).resolve().parents[3]


def test_lexicon_maps_cameo_codes_to_plover_and_request_to_demand(lexicons):
    elex = lexicons.events
    assert elex.canonical("REQUEST") == "DEMAND"
    assert elex.canonical("DEMAND") == "DEMAND"
    assert elex.mode_of("042") == "visit"
    assert any(et == "CONSULT" for _, _, et in elex.verbs["meet"])
    assert elex.nouns["summit"][1] == "CONSULT"
    assert elex.nouns["tests"] == ("150", "MOBILIZE")


def test_lexicon_reads_its_word_lists_from_the_vocabulary(lexicons):
    words = lexicons.events.words
    assert "say" in words.statement_verbs and "conduct" in words.mod("light_verb")
    assert {"against", "with"} <= words.extra("target_prep") and "missile" in words.extra("military_word")


def test_reference_event_types_cover_the_crosswalk(tables):
    types = set(tables["event_types"]["event_type"])
    assert {"DEMAND", "CONSULT", "THREATEN", "MOBILIZE", "FIGHT"} <= types
    assert set(tables["event_type_cameo"]["event_type"]) <= types
    assert set(tables["event_lexicon"]["event_type"].drop_nulls()) - {""} <= types
    assert "REQUEST" not in types  # stored as DEMAND, with plover_2021 = REQUEST
    row = tables["event_types"].filter(pl.col("event_type") == "DEMAND").row(0, named=True)
    assert row["plover_2021"] == "REQUEST"


def test_verb_trigger_with_subject_and_with_object(code):
    r = find(code("Mike Pompeo met with Kim Yong Chol in Pyongyang."), "CONSULT", "met")
    assert (r["source"], r["target"]) == ("Mike Pompeo", "Kim Yong Chol")
    assert r["event_mode"] is None and r["cameo_code"].startswith("04")


def test_noun_triggers_possessive_source_and_to_target(code):
    r = find(code("Pompeo's visit to North Korea ended on Saturday."), "CONSULT", "visit")
    assert r["source"] == "Mike Pompeo" or r["source"].endswith("Pompeo")
    assert r["target_key"] == "country:PRK"
    assert r["event_mode"] == "visit"


def test_light_verb_hands_the_event_to_its_noun(code):
    import datetime as dt

    rows = code("In March, North Korea conducted tests of two short-range missiles.")
    r = find(rows, "MOBILIZE", "tests")
    assert r["source_key"] == "country:PRK"
    assert (r["event_date"], r["date_granularity"]) == (dt.date(2021, 3, 1), "month")
    assert not [x for x in rows if x["trigger_text"] == "conducted"]


def test_speech_verbs_are_quotes_not_events(code):
    assert not [r for r in code("Pompeo said the talks went well.") if r["trigger_text"] == "said"]


def test_candidates_come_from_the_token_table(analyse, lexicons):
    """Only lexicon verbs and event nouns become candidates; nothing else is looked at."""
    from transforms.events.tokens import TokenForms
    from transforms.events.triggers import candidate_rows

    ctx = analyse("Mike Pompeo met with Kim Yong Chol after the summit in a big hotel.")
    verbs, nouns = candidate_rows(ctx, lexicons.events, TokenForms(ctx))
    assert [ctx.doc[int(i)].text for i in verbs.nonzero()[0]] == ["met"]
    assert "summit" in [ctx.doc[int(i)].text for i in nouns.nonzero()[0]]
    assert "hotel" not in [ctx.doc[int(i)].text for i in nouns.nonzero()[0]]


def test_converter_reproduces_the_committed_tables(shared_data, tmp_path):
    from dateline.refdata import cameo

    counts = cameo.convert(
        shared_data / "phoenix_dictionaries" / "CAMEO.2.0.txt",
        shared_data / "plover_gsr" / "CAMEO2PLOVER-2021.txt",
        tmp_path,
    )
    assert counts["event_types"] == 18 and counts["event_patterns"] > 3000
    for name in ("event_types.csv", "event_type_cameo.csv", "event_lexicon.csv", "event_patterns.csv"):
        assert (tmp_path / name).read_text() == (ROOT / "seeds" / "reference" / name).read_text(), name
