"""`dateline eval events` on the PLOVER gold records (needs ../shared) and on a tiny inline file."""

from __future__ import annotations

import json

import pytest

from dateline.evaluate import events as ee


def test_scores_on_the_plover_gold_records(shared_data, nlp):
    recs = ee.read_gold(shared_data / "plover_gsr" / "PLOVER_GSR_CAMEO.json")
    assert len(recs) == 161
    s = ee.evaluate(recs, nlp, ee.load_tables())
    # the targets (measured 0.696 / 0.762)
    assert s["type_accuracy"] >= 0.65
    assert s["source_country_accuracy"] >= 0.75
    assert 0 <= s["type_macro_f1"] <= 1 and s["confusions"]


def test_macro_f1_and_gold_countries():
    assert ee.macro_f1([("A", "A"), ("B", "A")]) == (2 / 3 + 0) / 2
    assert ee.gold_countries([{"code": "USAGOV"}, {"code": "---"}, {"code": "IGO"}]) == {"USA", "IGO"}
    assert ee.gold_countries("diplomatic") == set()


def test_run_on_a_tiny_file(tmp_path, nlp, capsys):
    path = tmp_path / "gold.json"
    path.write_text(
        json.dumps(
            [
                {"id": "DOC", "event": "DOCUMENT", "text": "x"},
                {
                    "id": "T-1",
                    "event": "CONSULT",
                    "text": "Mike Pompeo met with Kim Jong Un in Singapore.",
                    "source": [{"actorText": "Mike Pompeo", "code": "USAGOV"}],
                    "target": [{"actorText": "Kim Jong Un", "code": "PRKGOV"}],
                },
                {
                    "id": "T-2",
                    "event": "REQUEST",
                    "text": "Russia demanded that Sudan return the helicopter.",
                    "source": [{"actorText": "Russia", "code": "RUS"}],
                    "target": [{"actorText": "Sudan", "code": "SDN"}],
                },
            ]
        )
    )

    class Args:
        plover, limit, reference, show_errors = str(path), None, None, 5

    assert ee.run(Args()) == 0
    out = capsys.readouterr().out
    assert "records: 2" in out and "event-type accuracy: 1.000" in out


def test_bad_file_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text('{"not": "a list"}')

    class Args:
        plover, limit, reference, show_errors = str(path), None, None, 0

    assert ee.run(Args()) == 2
    assert "bad.json" in capsys.readouterr().out


@pytest.mark.shared
@pytest.mark.slow
def test_event_links_meet_their_targets_on_the_link_gold(shared_data, tmp_path):
    """`dateline eval links` loads the gold's sources (Wikinews, BBC politics and business)
    and scores the linking: pairwise precision >= 0.85 and recall >= 0.60 (issue 19)."""
    import re
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "dateline.cli", "eval", "links", "--data", str(shared_data)],
                          capture_output=True, text=True, timeout=900)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    precision = float(re.search(r"pairwise precision ([\d.]+)", done.stdout).group(1))
    recall = float(re.search(r"pairwise recall +([\d.]+)", done.stdout).group(1))
    assert precision >= 0.85 and recall >= 0.60, done.stdout
    assert "is not in the warehouse" not in done.stdout and "is not the annotated sentence" not in done.stdout
