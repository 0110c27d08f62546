"""An event's Goldstein score and quad class (transforms/events/scores.py), the reference table
they come from (dateline/refdata/goldstein.py, needs ../shared for the converter) and the seed
warehouse's events: (text, expected) pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import query
from tests.transforms.events.support import find
from transforms.events.scores import QUAD_CLASSES, EventScores, type_score
from warehouse import tables as registry

ROOT = Path(__file__).resolve().parents[3]

CODED = [
    # (text, event type, trigger, CAMEO code, goldstein, quad class)
    ("Pompeo met Kim Jong Un in Pyongyang on Saturday.", "CONSULT", "met", "040", 1.0, "verbal cooperation"),
    ("France condemned Russia on Monday.", "DISAPPROVE", "condemned", "111", -2.0, "verbal conflict"),
    ("Germany urged Russia to withdraw its troops.", "DEMAND", "urged", "100", -5.0, "verbal conflict"),
    ("Iran rejected the proposal.", "REJECT", "rejected", "120", -4.0, "verbal conflict"),
    (
        "Police arrested the opposition leader Alexei Navalny in Moscow.",
        "COERCE",
        "arrested",
        "173",
        -5.0,
        "material conflict",
    ),
    # 163 is "Impose embargo, boycott, or sanctions": GDELT's events score it -8.0
    ("The United States imposed sanctions on Iran.", "SANCTION", "imposed", "163", -8.0, "material conflict"),
    ("Israeli jets bombed Hamas positions in Gaza.", "ASSAULT", "bombed", "183", -10.0, "material conflict"),
]


@pytest.mark.parametrize(("text", "event_type", "trigger", "cameo", "goldstein", "quad"), CODED)
def test_an_event_has_the_goldstein_score_of_its_code_and_the_quad_class_of_its_type(
    code, text, event_type, trigger, cameo, goldstein, quad
):
    row = find(code(text), event_type, trigger)
    assert (row["cameo_code"], row["goldstein"], row["quad_class"]) == (cameo, goldstein, quad)


FALLBACKS = [
    # (CAMEO code, PLOVER type, expected goldstein): the code, its first 3 digits, its root, its type
    ("042", "CONSULT", 1.9),  # the code's own score
    ("0256", "DEMAND", -0.3),  # in GDELT's events, not in its code table
    ("1246", "REJECT", -5.0),  # not in the table: its base code 124
    ("176", "COERCE", -7.0),  # no 176 nor 17x: its root 17
    ("1661", "SANCTION", -8.0),  # 166
    (None, "DEMAND", -5.0),  # no code: the type's roots that agree with verbal conflict (10, not 02)
    ("", "FIGHT", -10.0),
    (None, "ASSAULT", -8.67),  # the mean of roots 17, 18 and 20
    ("99", "AID", 7.0),  # a code no level of the table knows: its type's
    (None, None, None),
    (None, "UNKNOWN", None),
]


@pytest.fixture(scope="module")
def scores(reference_tables):
    return EventScores.from_tables(reference_tables)


@pytest.mark.parametrize(("cameo", "event_type", "expected"), FALLBACKS)
def test_goldstein_falls_back_to_the_base_code_the_root_then_the_type(scores, cameo, event_type, expected):
    assert scores.goldstein_of(cameo, event_type) == expected


TYPE_SCORES = [
    # (quad class, the type's root scores, expected)
    ("verbal conflict", [3.0, -5.0], -5.0),  # DEMAND: appeals (02) are cooperative, demands (10) not
    ("material conflict", [-4.0, -7.0, -10.0], -7.0),
    ("material cooperation", [5.0], 5.0),
    ("verbal cooperation", [-1.0], -1.0),  # none agrees: all of them
    ("verbal conflict", [], None),
]


@pytest.mark.parametrize(("quad", "roots", "expected"), TYPE_SCORES)
def test_a_type_scores_the_mean_of_its_roots_that_agree_with_its_quad_class(quad, roots, expected):
    assert type_score(quad, roots) == expected


def test_every_code_the_coder_can_give_has_a_score_and_every_type_a_quad_class(reference_tables, scores):
    """What makes `goldstein` and `quad_class` never null: every CAMEO code of the crosswalk,
    the lexicon, the patterns and the curated triggers resolves, and so does every type."""
    codes = set(reference_tables["event_type_cameo"]["cameo_code"])
    for name in ("event_lexicon", "event_patterns", "event_triggers"):
        codes |= {c for c in reference_tables[name]["cameo_code"].to_list() if c}
    assert all(scores.goldstein_of(c, None) is not None for c in codes)
    types = set(reference_tables["event_types"]["event_type"])
    assert types == set(scores.quad_classes) == set(scores.type_goldstein)
    assert set(scores.quad_classes.values()) == set(QUAD_CLASSES)
    assert registry.table("fact_event").column("quad_class").enum == QUAD_CLASSES
    assert all(-10 <= g <= 10 for g in scores.goldstein.values())


def test_converter_reproduces_the_committed_table(shared_data, tmp_path):
    from dateline.refdata import goldstein

    counts = goldstein.convert(shared_data / "gdelt_sample", tmp_path)
    assert counts == {"cameo_goldstein": 284, "roots": 20, "rescored_by_events": 3, "added_by_events": 4}
    name = goldstein.OUT_NAME
    assert (tmp_path / name).read_text() == (ROOT / "seeds" / "reference" / name).read_text()


BAD_ROWS = [
    # (a row of the code table, what the error names)
    ("99\tX\tten\t99", "'ten'"),
    ("99\tX\t-11.0\t99", "'-11.0'"),
    ("9x\tX\t1.0\t9x", "'9x'"),
]


@pytest.mark.parametrize(("row", "named"), BAD_ROWS)
def test_the_converter_stops_on_a_bad_row(tmp_path, row, named):
    from dateline.refdata import goldstein

    table = tmp_path / "table.tsv"
    table.write_text("\tDescription\tGoldsteinScale\tcameoCode\n04\tCONSULT\t1.0\t04\n" + row + "\n")
    with pytest.raises(ValueError, match=named):
        goldstein.read_code_table(table)


def test_gdelt_event_scores_win_over_the_table():
    from dateline.refdata.goldstein import goldstein_rows

    rows = goldstein_rows({"163": -6.5, "04": 1.0}, {"163": -8.0, "04": 1.0, "1243": -4.0})
    assert rows == [
        {"code": "04", "goldstein": "1.0", "origin": "cameoCodeTable"},
        {"code": "1243", "goldstein": "-4.0", "origin": "GDELT events"},
        {"code": "163", "goldstein": "-8.0", "origin": "GDELT events"},
    ]


def test_every_seed_event_has_a_goldstein_score_and_a_quad_class(seed_warehouse):
    db, _ = seed_warehouse
    assert query(db, "select count(*) from fact_event where goldstein is null or quad_class is null") == [(0,)]
    # the same quad class as the type's row in dim_event_type, and in v_actor_events
    assert query(
        db,
        "select count(*) from fact_event e join dim_event_type t using (event_type) "
        "where e.quad_class is distinct from t.quad_class",
    ) == [(0,)]
    rows = query(db, "select goldstein, quad_class from v_actor_events where event_type = 'THREATEN'")
    assert rows and all(g < 0 and q == "verbal conflict" for g, q in rows)
