"""The benchmark's smoke mode (2 seed articles; the synthetic corpus is tested alone), so the
benchmark code can't rot; the full benchmark (`dateline bench`) is not part of the test run."""

import json

from tests.conftest import SEEDS


def test_bench_smoke_writes_every_figure(tmp_path):
    from benchmarks import bench

    out = tmp_path / "RESULTS.md"
    rc = bench.main(
        [
            "--corpus",
            str(SEEDS),
            "--limit",
            "2",
            "--n-process",
            "1",
            "--out",
            str(out),
            "--workdir",
            str(tmp_path / "work"),
        ]
    )
    assert rc == 0
    text = out.read_text()
    for needle in (
        "(a) bare spaCy",
        "(b) `dateline run`",
        "(c) unchanged re-run",
        "Throughput ratio (b)/(a)",
        "Time by stage",
        "peak RSS",
    ):
        assert needle in text, needle
    res = json.loads(out.with_suffix(".json").read_text())
    assert res["a"]["articles"] == 2 and res["a"]["words"] > 500
    assert res["c"]["nlp_articles"] == 0  # the unchanged re-run does no NLP
    assert res["b"]["stages"]["nlp"] > 0 and res["b"]["peak_rss"] > 0
    assert res["scale"] == []  # the synthetic scale runs are the full benchmark's (--scale)


def test_synthetic_corpus_has_distinct_bodies(tmp_path):
    from benchmarks import bench

    dest = bench.synthetic_corpus(SEEDS, 5, tmp_path / "syn")
    rows = [json.loads(line) for line in (dest / "synthetic_5.jsonl").read_text().splitlines()]
    assert len(rows) == 5 and len({r["id"] for r in rows}) == 5 and len({r["text"] for r in rows}) == 5
