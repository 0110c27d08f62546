"""The link evaluator's arithmetic (dateline/evaluate/links.py) on hand-made predictions."""

from __future__ import annotations

import json

import pytest

from dateline.evaluate import links as ev


def m(cluster, source, start=0):
    return ev.Mention(cluster, source, start, start + 10, "sha", None)


A1, A2, A3 = m("a", "x/1.txt"), m("a", "x/2.txt"), m("a", "x/3.txt")
B1, B2 = m("b", "x/4.txt"), m("b", "x/5.txt")


@pytest.mark.parametrize(("predicted", "expected"), [
    # (predicted keys per mention) -> (precision, recall, end-to-end recall, near misses linked)
    ({A1: {"k"}, A2: {"k"}, A3: {"k"}, B1: {"j"}, B2: {"j"}}, (1.0, 1.0, 1.0, 0)),
    ({A1: {"k"}, A2: {"k"}, A3: {"k"}, B1: {"k"}, B2: {"j"}}, (0.5, 0.75, 0.75, 3)),
    ({A1: {"k"}, A2: {"k"}, A3: set(), B1: {"j"}, B2: {"j2"}}, (1.0, 0.5, 0.25, 0)),
    ({A1: {"k", "z"}, A2: {"z"}, A3: {"q"}, B1: set(), B2: set()}, (1.0, 1 / 3, 0.25, 0)),
])  # fmt: skip
def test_pairwise_scores(predicted, expected):
    s, _, _ = ev.score(predicted, {frozenset(("a", "b"))})
    assert (round(s.precision, 3), round(s.recall, 3), round(s.end_to_end_recall, 3), s.near_miss_linked) == tuple(
        round(x, 3) if isinstance(x, float) else x for x in expected
    )


def test_two_mentions_of_one_article_are_no_pair():
    s, _, _ = ev.score({m("a", "x/1.txt"): {"k"}, m("a", "x/1.txt", 40): {"k"}}, set())
    assert (s.gold_pairs, s.linked) == (0, 0)


def test_a_broken_gold_line_names_its_line(tmp_path):
    gold = tmp_path / "links.jsonl"
    gold.write_text(json.dumps({"cluster": "c1", "mentions": [{"source": "x"}]}) + "\n")
    with pytest.raises(ValueError, match=r"links\.jsonl:1"):
        ev.read_gold(gold)


def test_the_committed_gold_reads_and_names_its_sources(shared_data):
    mentions, apart = ev.read_gold(ev.settings._root() / "tests" / "gold" / "event_links.jsonl")
    assert len({x.cluster for x in mentions}) >= 25 and len(apart) >= 10
    folders = ev.source_folders(mentions, shared_data)
    assert all(f.is_dir() for f in folders), folders
