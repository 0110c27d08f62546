"""flows/nlp_pool.py: the local worker pool, started ahead of a run and taken over by it."""

import pytest

from flows import nlp_pool
from transforms.nlp import NlpSettings


@pytest.fixture
def no_warm_pool():
    yield
    nlp_pool.discard_warm()


def test_a_run_takes_over_the_pool_started_ahead_of_it(no_warm_pool, lexicons, monkeypatch):
    """The pool `prewarm` started is the one the run's batches go to (no second pool), and
    its workers parse with the run's lexicons."""
    import polars as pl

    started = []
    real_start = nlp_pool.start_pool
    monkeypatch.setattr(nlp_pool, "start_pool", lambda *a: started.append(a) or real_start(*a))
    settings = NlpSettings(n_process=2)
    nlp_pool.prewarm(settings.model, settings.disable, 2)
    assert len(started) == 1
    batch = pl.DataFrame(
        {
            "article_id": ["a1"],
            "title": ["Minister resigns"],
            "body": ['The minister resigned on Monday, officials said. "It is over," he said.'],
            "published_date": [None],
            "language": ["en"],
        }
    )
    with nlp_pool.nlp_pool(settings, lexicons, n_batches=4) as batches:
        assert len(started) == 1 and not nlp_pool._warm  # taken over, not started again
        out = batches.submit(batch).result()
    assert out["stg_fact_quote"].height >= 1


def test_a_pool_no_run_takes_is_stopped(no_warm_pool):
    """Too little to parse for a pool (one batch): the warm pool is not used, and stopping it
    leaves no worker behind."""
    settings = NlpSettings(n_process=2)
    nlp_pool.prewarm(settings.model, settings.disable, 2)
    pool = nlp_pool._warm[(settings.model, settings.disable, 2)]
    with nlp_pool.nlp_pool(settings, object(), n_batches=1) as batches:
        assert batches is None
    nlp_pool.discard_warm()
    assert not nlp_pool._warm
    pool.shutdown(wait=True)  # returns: its workers have exited
    assert all(not p.is_alive() for p in (pool._processes or {}).values())
