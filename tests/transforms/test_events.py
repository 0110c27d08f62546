"""transforms.events and transforms.dates on small inline sentences (written for these tests),
on the seeds (issue 5 acceptance) and, when ../shared is present, the lexicon converter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from transforms import events as ev
from transforms.dates import granularity, resolve_date

ROOT = Path(__file__).resolve().parents[2]
PUB = dt.date(2021, 4, 2)  # a Friday


@pytest.fixture(scope="module")
def tables():
    from dateline.lexicons import read_tables

    return read_tables()


@pytest.fixture(scope="module")
def code(analyse, lexicons):
    def _code(text: str, published: dt.date | None = PUB):
        ctx = analyse(text, published)
        aa = ctx.actors
        rows = ev.extract_events(ctx, lexicons.events)
        pl.DataFrame(rows, schema=ev.STG_EVENT, orient="row")  # the schema holds
        for r in rows:
            assert set(r) == set(ev.STG_EVENT)
            assert r["trigger_text"] == text[r["start_char"]:r["end_char"]]
            assert r["modality"] in ev.MODALITIES
            assert 0 <= r["confidence"] <= 1
        names = {k: a.name for k, a in aa.actors.items()}
        for r in rows:  # readable actor names for the assertions
            r["source"] = names.get(r["source_key"])
            r["target"] = names.get(r["target_key"])
        return rows
    return _code


def find(rows, event_type, trigger=None):
    hits = [r for r in rows if r["event_type"] == event_type and (trigger is None or trigger in r["trigger_text"])]
    assert hits, f"no {event_type} {trigger or ''} in {[(r['event_type'], r['trigger_text']) for r in rows]}"
    return hits[0]


# --- dates -----------------------------------------------------------------------------------

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


# --- lexicon ---------------------------------------------------------------------------------

def test_lexicon_maps_cameo_codes_to_plover_and_request_to_demand(lexicons):
    elex = lexicons.events
    assert elex.canonical("REQUEST") == "DEMAND"
    assert elex.canonical("DEMAND") == "DEMAND"
    assert elex.mode_of("042") == "visit"
    assert any(et == "CONSULT" for _, _, et in elex.verbs["meet"])
    assert elex.nouns["summit"][1] == "CONSULT"
    assert elex.nouns["tests"] == ("150", "MOBILIZE")


def test_reference_event_types_cover_the_crosswalk(tables):
    types = set(tables["event_types"]["event_type"])
    assert {"DEMAND", "CONSULT", "THREATEN", "MOBILIZE", "FIGHT"} <= types
    assert set(tables["event_type_cameo"]["event_type"]) <= types
    assert set(tables["event_lexicon"]["event_type"].drop_nulls()) - {""} <= types
    assert "REQUEST" not in types  # stored as DEMAND, with plover_2021 = REQUEST
    row = tables["event_types"].filter(pl.col("event_type") == "DEMAND").row(0, named=True)
    assert row["plover_2021"] == "REQUEST"


# --- triggers, source and target -------------------------------------------------------------

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
    rows = code("In March, North Korea conducted tests of two short-range missiles.")
    r = find(rows, "MOBILIZE", "tests")
    assert r["source_key"] == "country:PRK"
    assert (r["event_date"], r["date_granularity"]) == (dt.date(2021, 3, 1), "month")
    assert not [x for x in rows if x["trigger_text"] == "conducted"]


def test_against_target_and_threat(code):
    r = find(code("President Bush threatened further action against Russia."), "THREATEN")
    assert r["target_key"] == "country:RUS"


def test_demand_target_is_the_subject_of_the_demanded_clause(code):
    r = find(code("Trump demanded that Pyongyang dismantle its nuclear facilities."), "DEMAND", "demanded")
    assert "trump" in r["source_key"] and r["target_key"] in {"country:PRK", "location:pyongyang"}


def test_passive_agent_is_the_source(code):
    r = find(code("Three protesters were arrested by the Kenyan police in Nairobi."), "COERCE")
    assert r["source_key"] is not None and "KEN" in r["source_key"]


def test_compound_subject_gives_one_event_per_actor_in_one_cluster(code):
    rows = [r for r in code("France and Germany criticized Russia on Monday.") if r["event_type"] == "DISAPPROVE"]
    assert {r["source_key"] for r in rows} == {"country:FRA", "country:DEU"}
    assert {r["target_key"] for r in rows} == {"country:RUS"}
    assert len({r["event_cluster_key"] for r in rows}) == 1


def test_speech_verbs_are_quotes_not_events(code):
    assert not [r for r in code("Pompeo said the talks went well.") if r["trigger_text"] == "said"]


# --- negation --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, trigger", [
    ("The secretary did not meet with Kim Jong Un.", "meet"),
    ("Pompeo failed to meet Kim Jong Un.", "meet"),
    ("Iran refused to meet the American envoy.", "meet"),
    ("North Korea has not yet turned over the remains to the United States.", "turned"),
    ("Pompeo never met Kim Jong Un.", "met"),
])
def test_negated_events_are_never_plain_positives(code, text, trigger):
    rows = [r for r in code(text) if r["trigger_text"].startswith(trigger)]
    assert rows, text
    assert all(r["is_negated"] for r in rows)


def test_plain_event_is_not_negated(code):
    assert not find(code("Pompeo met Kim Jong Un in Singapore."), "CONSULT")["is_negated"]


def test_refusal_is_coded_as_reject(code):
    r = find(code("Pakistan has refused to deploy peacekeepers in Iraq."), "REJECT")
    assert r["source_key"] == "country:PAK"


# --- modality --------------------------------------------------------------------------------

def test_expected_meeting_is_future_not_a_fact(code):
    rows = code("U.S. and North Korean officials are expected to meet later in July at the border.",
                dt.date(2018, 7, 8))
    r = find(rows, "CONSULT", "meet") if any(x["event_type"] == "CONSULT" for x in rows) else find(rows, "AGREE", "meet")
    assert r["modality"] == "future"
    assert (r["event_date"], r["date_granularity"]) == (dt.date(2018, 7, 1), "month")


def test_would_never_lift_is_hypothetical_and_negated(code):
    rows = [r for r in code("Trump said the United States would never lift sanctions on North Korea.")
            if r["trigger_text"] == "lift"]
    assert rows and all(r["modality"] == "hypothetical" and r["is_negated"] for r in rows)


def test_stated_intent_is_coded_as_agree_or_threaten(code):
    assert find(code("Finland will give Tanzania a grant of 580 million shillings."), "AGREE")["source_key"] == "country:FIN"
    r = find(code("Palestinian leaders said they would boycott all official contact with the United States."), "THREATEN")
    assert r["target_key"] == "country:USA"


def test_old_dated_event_is_historical(code):
    r = find(code("In 2019, Trump met Kim Jong Un in Vietnam."), "CONSULT")
    assert r["modality"] == "historical"
    assert (r["event_date"], r["date_granularity"]) == (dt.date(2019, 1, 1), "year")


# --- dates and places on events --------------------------------------------------------------

def test_no_date_in_sentence_leaves_the_event_undated(code):
    r = find(code("Pompeo met Kim Yong Chol."), "CONSULT")
    assert r["event_date"] is None and r["date_granularity"] is None and r["date_text"] is None


def test_weekday_resolves_to_the_day_before_publication(code):
    r = find(code("Pompeo met Kim Yong Chol on Saturday."), "CONSULT")
    assert (r["event_date"], r["date_granularity"], r["date_text"]) == (dt.date(2021, 3, 27), "day", "Saturday")


def test_without_a_published_date_relative_dates_stay_null(code):
    r = find(code("Pompeo met Kim Yong Chol on Saturday.", None), "CONSULT")
    assert r["event_date"] is None


def test_place_is_linked_with_its_country(code):
    r = find(code("Trump met Kim Jong Un in Singapore on June 12."), "CONSULT")
    assert r["location_text"] == "Singapore" and r["location_country"] == "SGP"
    assert r["event_date"] == dt.date(2020, 6, 12)


def test_repeated_reports_share_a_cluster(code):
    rows = code("Trump met Kim Jong Un in Singapore. Later, Trump met Kim Jong Un again to sign the agreement.")
    meets = [r for r in rows if r["event_type"] == "CONSULT"]
    assert len(meets) == 2 and len({r["event_cluster_key"] for r in meets}) == 1


# --- the seeds (issue 5 acceptance) ----------------------------------------------------------

@pytest.fixture(scope="module")
def seed_events(analyse, lexicons):
    from transforms.extract import analysed_text
    from transforms.staging import parse_article_text

    out = {}
    for f in sorted((ROOT / "seeds" / "articles").glob("*.txt")):
        art = parse_article_text(f.read_text(encoding="utf-8"))
        text, offset = analysed_text(art["title"], art["body"])
        ctx = analyse(text, art["published_date"], offset)
        aa = ctx.actors
        rows = ev.extract_events(ctx, lexicons.events)
        for r in rows:
            r["source"] = aa.actors[r["source_key"]].name if r["source_key"] else None
            r["target"] = aa.actors[r["target_key"]].name if r["target_key"] else None
        out[f.name[:3]] = rows
    return out


def test_seed_000_pompeo_consults_kim_yong_chol(seed_events):
    hits = [r for r in seed_events["000"] if r["event_type"] == "CONSULT" and r["source"] == "Mike Pompeo"
            and r["target"] == "Kim Yong Chol" and not r["is_negated"]]
    assert hits


def test_seed_000_meeting_with_kim_jong_un_is_negated(seed_events):
    rows = [r for r in seed_events["000"] if r["event_type"] == "CONSULT" and r["target"] == "Kim Jong Un"]
    assert rows and all(r["is_negated"] for r in rows)


def test_seed_002_missile_tests_are_mobilize_in_march_2021(seed_events):
    r = next(r for r in seed_events["002"] if r["trigger_text"] == "tests")
    assert r["event_type"] == "MOBILIZE" and r["cameo_code"].startswith("15")
    assert r["source_key"] == "country:PRK"
    assert (r["event_date"], r["date_granularity"]) == (dt.date(2021, 3, 1), "month")


def test_seed_002_trump_threatens_and_demands_north_korea(seed_events):
    pairs = {(r["event_type"], r["source"], r["target_key"]) for r in seed_events["002"]}
    assert ("THREATEN", "Donald Trump", "country:PRK") in pairs
    assert ("DEMAND", "Donald Trump", "country:PRK") in pairs


# --- the converter (needs ../shared) ---------------------------------------------------------

def test_converter_reproduces_the_committed_tables(shared_data, tmp_path):
    from dateline.refdata import cameo

    counts = cameo.convert(shared_data / "phoenix_dictionaries" / "CAMEO.2.0.txt",
                           shared_data / "plover_gsr" / "CAMEO2PLOVER-2021.txt", tmp_path)
    assert counts["event_types"] == 18 and counts["event_patterns"] > 3000
    for name in ("event_types.csv", "event_type_cameo.csv", "event_lexicon.csv", "event_patterns.csv"):
        assert (tmp_path / name).read_text() == (ROOT / "seeds" / "reference" / name).read_text(), name


@pytest.mark.parametrize("text", ["Friday", "Saturday", "Thursday", "April", "May", "March 31", "April 5", "December",
                                  "this year", "next month", "yesterday", "January 2005", "5 January 2005",
                                  "January 5, 2005", "last month"])
def test_fast_date_paths_agree_with_dateparser(text):
    """The common shapes skip dateparser (~5 ms a call); they must give what it gives."""
    import dateparser

    from transforms.dates import _fast_path

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
