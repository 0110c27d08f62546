"""Where the NLP batches of one run go: a local pool of worker processes (`n_process` > 1),
or a Dask cluster (`dateline run --runner dask`).

Each batch stays one Prefect task; the task hands the batch to this pool, whose workers
load the model and the lexicons once and run the parse *and* the extractors (the whole
`transforms.extract.extract_batch`), so both scale with the cores. spaCy's own
`nlp.pipe(n_process=...)` would parallelise only the parse, and would fork new workers for
every batch. Workers are spawned (not forked): the flow process runs threads.
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import hashlib
import logging
import multiprocessing as mp
import pickle
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace

_state: dict = {}


def _init(settings, reference) -> None:
    """A worker's once-per-run state: the model, and the lexicons compiled from the reference
    tables here rather than in the flow process, so the pool starts before they exist and
    each worker compiles its own while the other loads its model."""
    from transforms.extract import Lexicons
    from transforms.nlp import load_nlp

    _state["settings"] = replace(settings, n_process=1)
    load_nlp(settings.model, settings.disable)
    _state["lexicons"] = Lexicons.from_tables(reference)


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


@dataclass(frozen=True)
class LocalBatches:
    """The run's batches in the local worker pool: `submit(batch)` returns a future whose
    result is the batch's extraction."""

    pool: ProcessPoolExecutor

    def submit(self, batch):
        return self.pool.submit(run_batch, batch)


@contextmanager
def nlp_pool(settings, reference, n_batches: int) -> Iterator[LocalBatches | None]:
    """A pool of `settings.n_process` workers (no more than there are batches), each with the
    model and the lexicons of the `reference` tables, or None when one process is enough: a
    worker costs ~3 s to load the model, a waste for one batch."""
    workers = min(settings.n_process, n_batches)
    if workers <= 1:
        yield None
        return
    # Workers live for the whole run: each batch parses inside a spaCy memory zone
    # (transforms/extract.py), so the vocabulary does not grow. (Recycling them with
    # max_tasks_per_child hung Python 3.11's executor once a worker exited with batches queued.)
    pool = ProcessPoolExecutor(
        workers, mp_context=mp.get_context("spawn"), initializer=_init, initargs=(settings, reference)
    )
    try:
        yield LocalBatches(pool)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --- Dask: the same once-per-worker state, on a cluster's workers ---------------------------
#
# The flow drives a Dask cluster the way it drives the local pool: each batch stays one
# Prefect task in the flow process, which hands the batch to the cluster as a plain function
# and waits for it. A worker runs spaCy and the extractors alone: no Prefect task engine (API
# calls, log and event threads) in the worker, which cost about 20 % more worker CPU for the
# same parse when the batches were Prefect tasks on a DaskTaskRunner (docs/scaling.md).
#
# The compiled lexicons travel once per worker, in a WorkerPlugin, and each batch carries
# only a `LexiconsRef`: as a batch argument they cost ~1.5-2 s of `dask.base.tokenize` per
# batch in the flow process, a 2.2 MB pickle, and an unpickle on the worker.


@dataclass(frozen=True)
class LexiconsRef:
    """Stands for the lexicons a `dask_plugin` installed on every worker of the cluster."""

    token: str


_load_lock = threading.Lock()


def preload(model: str, disable: tuple[str, ...]) -> None:
    """What a worker's first batch would otherwise wait for: the model and the extractors.
    Under a lock: the two plugins' setups may overlap, and the model must load once."""
    with _load_lock:
        import transforms.extract  # noqa: F401
        from transforms.nlp import load_nlp

        load_nlp(model, disable)


def install_lexicons(token: str, blob: bytes, model: str, disable: tuple[str, ...]) -> None:
    preload(model, disable)
    _state[token] = pickle.loads(blob)


def worker_lexicons(ref: LexiconsRef):
    try:
        return _state[ref.token]
    except KeyError:
        raise RuntimeError(f"lexicons {ref.token} were not installed on this Dask worker") from None


def run_worker_batch(batch, settings, ref: LexiconsRef):
    """One batch on a Dask worker, with the lexicons its plugin installed; in the worker's
    own process (a Dask worker may not have children)."""
    from transforms import extract

    try:
        return extract.extract_batch(batch, replace(settings, n_process=1), worker_lexicons(ref))
    finally:
        trim_heap()


def dask_plugin(token: str, blob: bytes | None, model: str, disable: tuple[str, ...]):
    """A Dask WorkerPlugin that loads the model (and, with `blob`, installs the pickled
    lexicons under `token`) once per worker, off the worker's event loop. Defined here, not
    at module level, so the default runner never imports `distributed`."""
    import asyncio

    from distributed import WorkerPlugin

    class DatelineWorkerSetup(WorkerPlugin):
        name = f"dateline-{token}"
        idempotent = blob is None  # the preload: registering it twice is a no-op

        async def setup(self, worker) -> None:
            if blob is None:
                await asyncio.to_thread(preload, model, disable)
            else:
                await asyncio.to_thread(install_lexicons, token, blob, model, disable)

        def teardown(self, worker) -> None:
            _state.pop(token, None)

    return DatelineWorkerSetup()


@contextmanager
def dask_lexicons(client, settings, lexicons) -> Iterator[LexiconsRef]:
    """Install `lexicons` on every worker of `client`'s cluster for the time of the block;
    yields the reference the batches carry instead of the lexicons."""
    blob = pickle.dumps(lexicons, protocol=pickle.HIGHEST_PROTOCOL)
    token = hashlib.sha1(blob).hexdigest()[:16]
    plugin = dask_plugin(token, blob, settings.model, settings.disable)
    client.register_plugin(plugin)
    try:
        yield LexiconsRef(token)
    finally:
        with suppress(Exception):  # the cluster may be gone already (Ctrl-C)
            client.unregister_worker_plugin(plugin.name)


@dataclass(frozen=True)
class DaskBatches:
    """The run's batches on a Dask cluster: `submit(batch)` returns a future whose result is
    the batch's extraction, like the local pool's."""

    client: object  # distributed.Client
    settings: object  # transforms.nlp.NlpSettings
    ref: LexiconsRef

    def submit(self, batch):
        return self.client.submit(run_worker_batch, batch, self.settings, self.ref, pure=False)

    def workers(self) -> int:
        """The cluster's worker threads: the batch plan's parallelism."""
        return max(1, sum(self.client.nthreads().values()))


class DaskUnavailable(RuntimeError):
    """No Dask scheduler answered at the run's address."""


@contextmanager
def dask_batches(address: str, settings, lexicons) -> Iterator[DaskBatches]:
    """A client of the Dask scheduler at `address`, with the run's lexicons installed on its
    workers, for the time of the block. It waits for the scheduler as long as Dask's
    `distributed.comm.timeouts.connect` says (30 s; env DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT)."""
    from distributed import Client

    try:
        client = Client(address, set_as_default=False)
    except OSError as exc:
        raise DaskUnavailable(f"no Dask scheduler answered at {address}: {exc}") from exc
    with client, dask_lexicons(client, settings, lexicons) as ref:
        yield DaskBatches(client, settings, ref)


class LocalDaskCluster:
    """A LocalCluster for `dateline run --runner dask`, started on a thread as soon as it is
    made, so its start (~1-2 s) overlaps the Prefect API's boot, and its workers' model load
    (~3 s each, a preload plugin) overlaps the flow's planning instead of delaying the first
    batch. One thread per worker process (spaCy is CPU-bound and holds the GIL); no
    dashboards."""

    def __init__(self, workers: int, model: str, disable: tuple[str, ...]):
        self._address: concurrent.futures.Future[str] = concurrent.futures.Future()
        self._cluster = None
        self._thread = threading.Thread(
            target=self._boot, args=(workers, model, disable), name="dask-cluster-boot", daemon=True
        )
        self._thread.start()

    def _boot(self, workers: int, model: str, disable: tuple[str, ...]) -> None:
        try:
            from distributed import Client, LocalCluster

            self._cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                worker_dashboard_address=None,
            )
            self._address.set_result(self._cluster.scheduler_address)
        except BaseException as exc:
            self._address.set_exception(exc)
            return
        try:
            with Client(self._cluster) as client:  # returns once every worker has the model
                client.register_plugin(dask_plugin("preload", None, model, disable))
        except Exception:  # the run's own plugin loads the model and reports the error
            logging.getLogger(__name__).warning("preloading the Dask workers failed", exc_info=True)

    def address(self) -> str:
        """The scheduler's address, once the cluster is up."""
        return self._address.result()

    def close(self) -> None:
        self._thread.join()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> LocalDaskCluster:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
