"""The flow on a 2-worker Dask LocalCluster gives the same warehouse as the default runner."""

import sys

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
    """The path `dateline run --runner dask` takes: a LocalCluster started ahead of the flow,
    its workers preloaded, the lexicons installed once per worker by a plugin, each batch a
    plain function on a worker (no Prefect task engine there)."""
    from distributed import Client

    from dateline.cli import local_dask_cluster
    from flows.etl import etl

    default_db, _ = seed_warehouse
    db = tmp_path / "dask.duckdb"
    with local_dask_cluster(2) as cluster:
        summary = etl(paths=[str(SEEDS)], warehouse=str(db), batch_size=1, dask_address=cluster.address())
        with Client(cluster.address(), set_as_default=False) as client:
            worker_modules = client.run(lambda: sorted(m for m in sys.modules if m.startswith("prefect.task")))
    assert summary["nlp_articles"] == 2
    assert all(mods == [] for mods in worker_modules.values()), worker_modules
    assert _contents(db) == _contents(default_db)


class _FakeClient:
    def __init__(self):
        self.plugins = {}

    def register_plugin(self, plugin):
        self.plugins[plugin.name] = plugin

    def unregister_worker_plugin(self, name):
        del self.plugins[name]


def test_dask_tasks_carry_a_reference_not_the_lexicons():
    """The lexicons go to each worker once, in a plugin; a task's parameter is a small ref,
    and the plugin is removed with the run (a long-lived cluster keeps no stale lexicons)."""
    import pickle

    from flows import nlp_pool
    from transforms.nlp import NlpSettings

    lexicons = {"big": list(range(100_000))}  # stands for extract.Lexicons
    client = _FakeClient()
    with nlp_pool.dask_lexicons(client, NlpSettings(), lexicons) as ref:
        assert isinstance(ref, nlp_pool.LexiconsRef)
        assert len(pickle.dumps(ref)) < 200
        (plugin,) = client.plugins.values()
        assert plugin.name == f"dateline-{ref.token}"
    assert client.plugins == {}


def test_worker_lexicons_missing_is_a_clear_error():
    from flows import nlp_pool

    with pytest.raises(RuntimeError, match="not installed"):
        nlp_pool.worker_lexicons(nlp_pool.LexiconsRef("nope"))
