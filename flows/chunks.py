"""Parse and extract, chunk by chunk: `extracted_chunks` yields each chunk's NLP results in
order, while the next chunk's batches are already running, so the workers never wait at a
chunk boundary while the flow resolves, checks and loads a chunk.

One Prefect task per batch of articles (never one per article), in the flow process; it
hands its batch to the run's worker pool, or to a Dask cluster's workers (flows/nlp_pool.py).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
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


@task(name="build-lexicons", cache_policy=NO_CACHE)
def build_lexicons(tables: dict[str, pl.DataFrame]) -> extract.Lexicons:
    return extract.Lexicons.from_tables(tables)


_IN_PROCESS = threading.Lock()


@task(name="nlp-extract-batch", cache_policy=NO_CACHE, task_run_name="nlp-extract-batch-{batch_no}")
def nlp_extract_batch(
    batch: pl.DataFrame,
    nlp_settings: NlpSettings,
    lexicons: extract.Lexicons,
    batch_no: int,
    batches: nlp_pool.LocalBatches | nlp_pool.DaskBatches | None = None,
):
    """The one spaCy pass for a batch, with every extractor reading the same Docs: in the
    run's worker pool or on its Dask cluster when there is one (see flows/nlp_pool.py),
    else in this process, never with spaCy's own processes."""
    t0 = time.perf_counter()
    if batches is not None:
        out = batches.submit(batch).result()
    else:
        # one batch at a time: the tasks run on threads, and a spaCy pipeline (its memory
        # zones, its vocabulary) is not safe to share between threads
        with _IN_PROCESS:
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


def _batches(nlp_settings: NlpSettings, reference, n_batches: int, dask_address: str | None):
    """Where the batches run: the Dask cluster at `dask_address` (lexicons compiled here, sent
    once per worker), else the local pool (its workers compile them), else this process."""
    if dask_address:
        return nlp_pool.dask_batches(dask_address, nlp_settings, build_lexicons(reference))
    return nlp_pool.nlp_pool(nlp_settings, reference, n_batches)


def _chunk_starts(n: int, chunk_size: int) -> list[int]:
    """Where each chunk of `n` articles starts: about `chunk_size` each and as even as they come
    (2,093 -> 1,047 + 1,046, not 1,000 + 1,000 + 93), since every chunk costs a validation
    round whatever its rows; no chunk holds 1.5 x `chunk_size` or more."""
    k = max(1, int(n / chunk_size + 0.5))
    return [n * i // k for i in range(k)]


def _plan(to_process: pl.DataFrame, chunk_size: int, batch_size: int, workers: int):
    """The chunks, each chunk's batch lengths, and each chunk's first batch number."""
    starts = _chunk_starts(to_process.height, chunk_size)
    ends = [*starts[1:], to_process.height]
    chunks = [to_process.slice(s, e - s) for s, e in zip(starts, ends, strict=True)]
    plans = _chunk_batch_sizes([c.height for c in chunks], batch_size, workers)
    return chunks, plans, list(accumulate((len(p) for p in plans), initial=0))


def extracted_chunks(
    to_process: pl.DataFrame,
    reference: dict[str, pl.DataFrame],
    nlp_settings: NlpSettings,
    *,
    batch_size: int,
    chunk_size: int,
    progress: bool | None,
    dask_address: str | None = None,
) -> Iterator[ExtractedChunk]:
    """Each chunk of about `chunk_size` articles (`_chunk_starts`) through the NLP step, in order. Two chunks' batches
    are in flight: when a chunk is yielded, the one after it is already being parsed. With
    `dask_address`, the batches run on that Dask cluster's workers."""
    if not to_process.height:
        return
    n_batches = _plan(to_process, chunk_size, batch_size, nlp_settings.n_process)[2][-1]
    with (
        _batches(nlp_settings, reference, n_batches, dask_address) as batches,
        article_progress(to_process.height, progress) as advance,
    ):
        # the batches run in this process only without a pool: only then the flow needs the lexicons
        lexicons = build_lexicons(reference) if batches is None else None
        workers = batches.workers() if isinstance(batches, nlp_pool.DaskBatches) else nlp_settings.n_process
        chunks, plans, first_batch_no = _plan(to_process, chunk_size, batch_size, workers)

        def submit(k: int) -> list[tuple]:
            # quote(): Prefect would otherwise walk every dict of the lexicons (~100k
            # objects) looking for futures, for every batch
            starts = list(accumulate(plans[k], initial=0))[:-1]
            return [
                (
                    nlp_extract_batch.submit(
                        quote(chunks[k].slice(start, n)),
                        nlp_settings,
                        quote(lexicons),
                        first_batch_no[k] + i,
                        quote(batches),
                    ),
                    n,
                )
                for i, (start, n) in enumerate(zip(starts, plans[k], strict=True))
            ]

        inflight = deque(submit(k) for k in range(min(2, len(chunks))))
        for k, chunk in enumerate(chunks):
            futures = inflight.popleft()
            sizes = {id(f): n for f, n in futures}
            for f in as_completed([f for f, _ in futures]):
                advance(sizes[id(f)])
            results = [f.result() for f, _ in futures]  # submission order: deterministic
            if k + 2 < len(chunks):
                inflight.append(submit(k + 2))
            stg, seconds = extract.concat_batches([r[0] for r in results]), sum(r[1] for r in results)
            del futures, results
            yield ExtractedChunk(chunk["article_id"].to_list(), stg, seconds)
            del stg
            nlp_pool.trim_heap()
