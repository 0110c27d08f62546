"""Parse and extract, chunk by chunk: `extracted_chunks` yields each chunk's NLP results in
order, while the next chunk's batches are already running, so the workers never wait at a
chunk boundary while the flow resolves, checks and loads a chunk.

One Prefect task per batch of articles (never one per article); in the run's worker pool
under the default runner (flows/nlp_pool.py), on the cluster's workers under Dask.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, replace
from itertools import accumulate

import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.utilities.annotations import quote

from flows import nlp_pool
from flows.progress import article_progress
from transforms import extract
from transforms.nlp import NlpSettings


def local_task_runner() -> bool:
    """True under the default thread-pool runner (the NLP pool is local); False on Dask,
    where the cluster's workers are the parallelism."""
    from prefect.context import FlowRunContext
    from prefect.task_runners import ThreadPoolTaskRunner

    ctx = FlowRunContext.get()
    return ctx is None or isinstance(getattr(ctx, "task_runner", None), ThreadPoolTaskRunner)


@task(name="build-lexicons", cache_policy=NO_CACHE)
def build_lexicons(tables: dict[str, pl.DataFrame]) -> extract.Lexicons:
    return extract.Lexicons.from_tables(tables)


@task(name="nlp-extract-batch", cache_policy=NO_CACHE, task_run_name="nlp-extract-batch-{batch_no}")
def nlp_extract_batch(
    batch: pl.DataFrame,
    nlp_settings: NlpSettings,
    lexicons: extract.Lexicons | nlp_pool.LexiconsRef,
    batch_no: int,
    pool=None,
):
    """The one spaCy pass for a batch, with every extractor reading the same Docs; in the
    run's worker pool when there is one (see flows/nlp_pool.py)."""
    t0 = time.perf_counter()
    if pool is not None:
        out = pool.submit(nlp_pool.run_batch, batch).result()
    else:
        # in this process (one batch, or a Dask worker): the pool or the cluster is the
        # parallelism, never spaCy's own processes (a Dask worker may not have children)
        if isinstance(lexicons, nlp_pool.LexiconsRef):  # on Dask: installed once per worker
            lexicons = nlp_pool.worker_lexicons(lexicons)
        out = extract.extract_batch(batch, replace(nlp_settings, n_process=1), lexicons)
        nlp_pool.trim_heap()
    return out, time.perf_counter() - t0


@dataclass
class ExtractedChunk:
    article_ids: list[str]
    stg: dict[str, pl.DataFrame]  # the extractors' staged rows (transforms.extract.concat_batches)
    nlp_seconds: float  # summed over the chunk's batches


def _batch_sizes(n: int, size: int, workers: int) -> list[int]:
    """Batch lengths for `n` articles: full batches, then a tail of quarter batches, so the
    workers finish together instead of one parsing a last full batch while the others wait
    (a 64-article batch is ~5 s of parse)."""
    tail_size = min(size, max(8, size // 4))
    if workers <= 1:
        return [size] * (n // size) + ([n % size] if n % size else [])
    head = max(0, n - workers * size) // size * size
    tail = n - head
    rest = [tail % tail_size] if tail % tail_size else []
    return [size] * (head // size) + [tail_size] * (tail // tail_size) + rest


def _chunk_batch_sizes(chunk_heights: list[int], size: int, workers: int) -> list[list[int]]:
    """Batch lengths chunk by chunk: full batches, and the quarter-batch tail in the last
    chunk only (a batch never straddles two chunks)."""
    return [_batch_sizes(h, size, workers if k == len(chunk_heights) - 1 else 1) for k, h in enumerate(chunk_heights)]


def _dask_client():
    """The flow's Dask client (the DaskTaskRunner connects, or starts its cluster, here)."""
    from prefect.context import FlowRunContext

    return FlowRunContext.get().task_runner.client


def extracted_chunks(
    to_process: pl.DataFrame,
    reference: dict[str, pl.DataFrame],
    nlp_settings: NlpSettings,
    *,
    batch_size: int,
    chunk_size: int,
    progress: bool | None,
) -> Iterator[ExtractedChunk]:
    """Each chunk of `chunk_size` articles through the NLP step, in order. Two chunks' batches
    are in flight: when a chunk is yielded, the one after it is already being parsed."""
    lexicons = build_lexicons(reference) if to_process.height else None
    local = local_task_runner()
    client = None if local or lexicons is None else _dask_client()
    workers = nlp_settings.n_process if local else max(1, sum(client.nthreads().values()) if client else 1)
    chunks = [to_process.slice(i, chunk_size) for i in range(0, to_process.height, chunk_size)]
    plans = _chunk_batch_sizes([c.height for c in chunks], batch_size, workers)
    first_batch_no = list(accumulate((len(p) for p in plans), initial=0))
    # quote(): locally, Prefect would otherwise walk every dict of the lexicons (~100k
    # objects) looking for futures, for every batch. On Dask the tasks carry a LexiconsRef:
    # the lexicons go to each worker once (nlp_pool.dask_lexicons).
    wrap = quote if local else (lambda x: x)

    def submit(k: int, pool, shipped) -> list[tuple]:
        starts = list(accumulate(plans[k], initial=0))[:-1]
        return [
            (
                nlp_extract_batch.submit(
                    wrap(chunks[k].slice(start, n)), nlp_settings, wrap(shipped), first_batch_no[k] + i, pool
                ),
                n,
            )
            for i, (start, n) in enumerate(zip(starts, plans[k], strict=True))
        ]

    if local:
        pool_cm = nlp_pool.nlp_pool(nlp_settings, lexicons, first_batch_no[-1])
    elif client is not None:
        pool_cm = nlp_pool.dask_lexicons(client, nlp_settings, lexicons)
    else:
        pool_cm = nullcontext(None)
    with pool_cm as handle, article_progress(to_process.height, progress) as advance:
        # the tasks carry the lexicons locally, a LexiconsRef on Dask
        pool, shipped = (handle, lexicons) if local else (None, handle)
        inflight = deque(submit(k, pool, shipped) for k in range(min(2, len(chunks))))
        for k, chunk in enumerate(chunks):
            futures = inflight.popleft()
            sizes = {id(f): n for f, n in futures}
            for f in as_completed([f for f, _ in futures]):
                advance(sizes[id(f)])
            results = [f.result() for f, _ in futures]  # submission order: deterministic
            if k + 2 < len(chunks):
                inflight.append(submit(k + 2, pool, shipped))
            stg, seconds = extract.concat_batches([r[0] for r in results]), sum(r[1] for r in results)
            del futures, results
            yield ExtractedChunk(chunk["article_id"].to_list(), stg, seconds)
            del stg
            nlp_pool.trim_heap()
