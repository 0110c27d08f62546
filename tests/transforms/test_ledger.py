import polars as pl

from dateline.sources import RAW_RECORD
from transforms.ledger import KNOWN_ARTICLE, KNOWN_LEDGER, articles_to_process, ledger_id, plan_run
from transforms.staging import dedupe_articles, stage_articles


def _staged(*items):
    rows = []
    for path, text in items:
        r = dict.fromkeys(RAW_RECORD)
        r.update(source_path=path, record_no=0, source_format="txt", external_id=path, raw_hash=path, raw_text=text)
        rows.append(r)
    return dedupe_articles(stage_articles(pl.DataFrame(rows, schema=RAW_RECORD, orient="row")))


def _known(ledger: pl.DataFrame):
    kl = ledger.filter(pl.col("status") == "loaded").select(list(KNOWN_LEDGER))
    return kl, kl.select("article_id").unique().cast(KNOWN_ARTICLE)


def test_first_run_new_duplicate_rejected():
    st = _staged(("a.txt", "Alpha story body."), ("b.txt", "Alpha story body."), ("c.txt", ""))
    led, gone = plan_run(st, pl.DataFrame(schema=KNOWN_LEDGER), pl.DataFrame(schema=KNOWN_ARTICLE))
    assert led["action"].to_list() == ["new", "duplicate", "rejected"]
    assert led["status"].to_list() == ["loaded", "duplicate", "rejected"]
    assert gone == [] and len(articles_to_process(led)) == 1
    assert led["ledger_id"][0] == ledger_id("a.txt", 0)


def test_rerun_unchanged_then_changed_then_full_refresh():
    st = _staged(("a.txt", "Alpha story body."), ("b.txt", "Beta story body."))
    led, _ = plan_run(st, pl.DataFrame(schema=KNOWN_LEDGER), pl.DataFrame(schema=KNOWN_ARTICLE))
    kl, ka = _known(led)
    led2, gone = plan_run(st, kl, ka)
    assert led2["action"].to_list() == ["unchanged", "unchanged"] and gone == []
    assert articles_to_process(led2) == []
    st3 = _staged(("a.txt", "Alpha story body, corrected."), ("b.txt", "Beta story body."))
    led3, gone3 = plan_run(st3, kl, ka)
    assert led3["action"].to_list() == ["changed", "unchanged"]
    assert gone3 == [led["article_id"][0]]
    led4, _ = plan_run(st, kl, ka, full_refresh=True)
    assert led4["action"].to_list() == ["new", "new"]
