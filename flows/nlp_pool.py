"""Worker processes for the NLP batches of one run (default task runner, `n_process` > 1).

Each batch stays one Prefect task; the task hands the batch to this pool, whose workers
load the model and the lexicons once and run the parse *and* the extractors (the whole
`transforms.extract.extract_batch`), so both scale with the cores. spaCy's own
`nlp.pipe(n_process=...)` would parallelise only the parse, and would fork new workers for
every batch. Workers are spawned (not forked): the flow process runs threads.
"""

from __future__ import annotations

import ctypes
import multiprocessing as mp
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace

_state: dict = {}


def _init(settings, lexicons) -> None:
    from transforms.nlp import load_nlp

    _state["settings"] = replace(settings, n_process=1)
    _state["lexicons"] = lexicons
    load_nlp(settings.model, settings.disable)


def trim_heap() -> None:
    """Give freed heap pages back to the OS (glibc). A parse frees most of what it allocated,
    but glibc keeps the pages: measured over 1,300 BBC articles, a worker grew from 245 to
    640 MB without this and stayed under 300 MB with it."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def run_batch(batch):
    from transforms import extract

    try:
        return extract.extract_batch(batch, _state["settings"], _state["lexicons"])
    finally:
        trim_heap()


@contextmanager
def nlp_pool(settings, lexicons, n_batches: int) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of `settings.n_process` workers (no more than there are batches), or None when
    one process is enough: a worker costs ~3 s to load the model, a waste for one batch."""
    workers = min(settings.n_process, n_batches)
    if workers <= 1 or lexicons is None:
        yield None
        return
    # Workers live for the whole run: each batch parses inside a spaCy memory zone
    # (transforms/extract.py), so the vocabulary does not grow. (Recycling them with
    # max_tasks_per_child hung Python 3.11's executor once a worker exited with batches queued.)
    pool = ProcessPoolExecutor(
        workers, mp_context=mp.get_context("spawn"), initializer=_init, initargs=(settings, lexicons)
    )
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
