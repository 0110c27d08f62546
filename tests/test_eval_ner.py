"""`dateline eval ner`: the CoNLL reader and scorer on inline lines, then a slice of dev."""

from __future__ import annotations

import argparse

import pytest

from dateline.evaluate import ner

# Invented sentences in the CoNLL-2003 layout (IOB1; one B- tag between two ORGs).
LINES = """\
Anna NNP I-NP I-PER
Berg NNP I-NP I-PER
visited VBD I-VP O
Oslo NNP I-NP I-LOC
. . O O

Acme NNP I-NP I-ORG
Corp NNP I-NP I-ORG
Zeta NNP I-NP B-ORG
Bank NNP I-NP I-ORG
were VBD I-VP O
German JJ I-NP I-MISC
. . O O

-DOCSTART- -X- O O

Berg NNP I-NP I-PER
left VBD I-VP O
. . O O
-DOCSTART- -X- O O
""".splitlines()


def test_reader_documents_and_iob1_spans():
    docs = ner.read_conll(LINES)
    assert len(docs) == 2
    d = docs[0]
    assert d.gold == {(0, 2, "PER"), (3, 4, "LOC"), (5, 7, "ORG"), (7, 9, "ORG")}  # MISC not scored
    text, offsets = d.text_and_offsets()
    assert text.split("\n")[0] == "Anna Berg visited Oslo ."
    assert text[offsets[3] : offsets[3] + 4] == "Oslo"
    assert ner.read_conll(LINES, limit=1)[0].gold == d.gold
    assert ner.iob1_spans(["I-PER", "I-LOC", "O", "I-ORG"]) == {(0, 1, "PER"), (1, 2, "LOC"), (3, 4, "ORG")}


def test_scorer_counts_exact_spans_only():
    d = ner.read_conll(LINES)[0]
    text, offsets = d.text_and_offsets()

    def span(s, typ):
        i = text.index(s)
        return (i, i + len(s), typ)

    pred = ner._spans(
        [
            span("Anna Berg", "PER"),  # tp
            span("Oslo", "ORG"),  # wrong type: fp ORG + fn LOC
            span("Acme Corp Zeta", "ORG"),  # wrong boundary: fp + fn for both ORGs
            span("Bank were", "ORG"),  # fp
            (1, 7, "PER"),
        ],  # misaligned chars: fp
        offsets,
        d.tokens,
    )
    sc = ner.Score()
    sc.add(d.gold, pred)
    assert (sc.tp["PER"], sc.fp["PER"], sc.fn["PER"]) == (1, 1, 0)
    assert (sc.tp["ORG"], sc.fp["ORG"], sc.fn["ORG"]) == (0, 3, 2)
    assert (sc.tp["LOC"], sc.fp["LOC"], sc.fn["LOC"]) == (0, 0, 1)
    p, r, f = sc.prf()
    assert (round(p, 3), round(r, 3)) == (round(1 / 5, 3), round(1 / 4, 3))
    assert f == pytest.approx(2 * (1 / 5) * (1 / 4) / (1 / 5 + 1 / 4))
    assert "| dateline |" not in ner.format_table({"raw": sc}) and "| raw | micro |" in ner.format_table({"raw": sc})


def test_dev_slice_dateline_beats_raw(shared_data, nlp, capsys):
    path = shared_data / "conll2003" / "dev" / "eng.testa"
    with path.open(encoding="utf-8") as fh:
        docs = ner.read_conll(fh, limit=15)
    scores = ner.evaluate(docs, nlp, ner.load_lexicon())
    raw, ours = scores["raw"].prf()[2], scores["dateline"].prf()[2]
    assert ours >= raw + 0.02 and ours > 0.45  # the first documents are sports tables: low for both
    parser = argparse.ArgumentParser()
    ner.add_arguments(parser)
    assert ner.run(parser.parse_args(["--conll", str(path), "--limit", "3"])) == 0
    assert "| dateline | micro |" in capsys.readouterr().out
