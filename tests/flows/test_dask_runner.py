"""The flow on a 2-worker Dask LocalCluster gives the same warehouse as the default runner."""

import pytest

from tests.conftest import SEEDS, query

pytestmark = pytest.mark.usefixtures("prefect_harness")

KEYS = {
    "dim_article": "article_id",
    "dim_actor": "actor_id",
    "dim_actor_alias": "actor_id || '|' || alias",
    "fact_actor_mention": "mention_id",
    "fact_quote": "quote_id",
    "fact_event": "event_id",
    "ingest_ledger": "ledger_id",
    "actor_role": "actor_id || '|' || role || '|' || article_id",
}


def _contents(db):
    return {t: [r[0] for r in query(db, f"select {k} from {t} order by 1")] for t, k in KEYS.items()}


@pytest.mark.slow
def test_dask_local_cluster_matches_default_runner(tmp_path, seed_warehouse):
    from dateline.cli import dask_runner
    from flows.etl import etl

    default_db, _ = seed_warehouse
    db = tmp_path / "dask.duckdb"
    summary = etl.with_options(task_runner=dask_runner(None, 2))(paths=[str(SEEDS)], warehouse=str(db), batch_size=1)
    assert summary["nlp_articles"] == 2
    assert _contents(db) == _contents(default_db)
