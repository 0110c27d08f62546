"""The `etl` flow: raw files -> staged articles -> one NLP pass per batch -> actors,
quotes, events -> quality gate -> staged chunk by chunk, published in one transaction into DuckDB.

Orchestration only: tasks per stage and per batch of articles (never one per article);
the work itself lives in `transforms/` (pure), `warehouse/` (DuckDB) and `dateline/`.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import deque
from itertools import accumulate
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

from dateline.settings import configure_environment

configure_environment()

import polars as pl  # noqa: E402
from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact, create_table_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.utilities.annotations import quote  # noqa: E402

from dateline import lexicons as lexicon_tables  # noqa: E402
from dateline import quality, report, settings, sources  # noqa: E402
from flows import nlp_pool  # noqa: E402
from flows.progress import article_progress  # noqa: E402
from transforms import actors as actors_mod  # noqa: E402
from transforms import extract, language, ledger, staging  # noqa: E402
from transforms.nlp import DEFAULT_MODEL, NlpSettings, usable_cores  # noqa: E402
from transforms.vocab import Vocabulary  # noqa: E402
from warehouse import load as wload  # noqa: E402
from warehouse.connection import connect, writer_lock  # noqa: E402


def _local_task_runner() -> bool:
    """True under the default thread-pool runner (the NLP pool is local); False on Dask,
    where the cluster's workers are the parallelism."""
    from prefect.context import FlowRunContext
    from prefect.task_runners import ThreadPoolTaskRunner

    ctx = FlowRunContext.get()
    return ctx is None or isinstance(getattr(ctx, "task_runner", None), ThreadPoolTaskRunner)


class DataQualityError(RuntimeError):
    """A critical expectation failed: nothing was loaded."""


def _stage_timer(timings: dict[str, float]):
    @contextmanager
    def timed(name: str):
        t0 = time.perf_counter()
        try:
            yield
        finally:
            timings[name] = round(timings.get(name, 0.0) + time.perf_counter() - t0, 3)

    return timed


# I/O tasks retry; pure transforms don't (a retry would fail the same way).
@task(name="read-warehouse-state", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def read_warehouse_state(warehouse: str) -> dict[str, pl.DataFrame]:
    """What the planner needs, read through a short connection (released before the NLP)."""
    con = connect(warehouse)
    try:
        def frame(sql, schema):
            return con.execute(sql).pl().cast(schema)

        return {
            "ledger": frame("select ledger_id, content_hash, article_id, status from ingest_ledger", ledger.KNOWN_LEDGER),
            "articles": frame("select article_id from dim_article", ledger.KNOWN_ARTICLE),
        }
    finally:
        con.close()


@task(name="read-reference", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def read_reference(reference_dir: str, lexicon_dir: str) -> dict[str, pl.DataFrame]:
    return lexicon_tables.read_tables(reference_dir, lexicon_dir)


@task(name="build-lexicons", cache_policy=NO_CACHE)
def build_lexicons(tables: dict[str, pl.DataFrame]) -> extract.Lexicons:
    return extract.Lexicons.from_tables(tables)


@task(name="discover-inputs", cache_policy=NO_CACHE)
def discover_inputs(paths: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    files, problems = sources.discover(paths)
    return [str(f) for f in files], problems


@task(name="read-inputs", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def read_inputs(files: list[str], problems: list[tuple[str, str]], caps: sources.Caps) -> pl.DataFrame:
    return pl.concat([sources.problem_records(problems), sources.read_inputs([Path(f) for f in files], caps)])


@task(name="stage-articles", cache_policy=NO_CACHE)
def stage(raw: pl.DataFrame, max_article_chars: int, byline_words: frozenset[str]) -> pl.DataFrame:
    return staging.dedupe_articles(staging.stage_articles(raw, max_article_chars, byline_words))


@task(name="plan-run", cache_policy=NO_CACHE)
def plan(staged: pl.DataFrame, state: dict, full_refresh: bool):
    return ledger.plan_run(staged, state["ledger"], state["articles"], full_refresh)


@task(name="nlp-extract-batch", cache_policy=NO_CACHE, task_run_name="nlp-extract-batch-{batch_no}")
def nlp_extract_batch(batch: pl.DataFrame, nlp_settings: NlpSettings, lexicons: extract.Lexicons, batch_no: int,
                      pool=None):
    """The one spaCy pass for a batch, with every extractor reading the same Docs; in the
    run's worker pool when there is one (see flows/nlp_pool.py)."""
    t0 = time.perf_counter()
    if pool is not None:
        out = pool.submit(nlp_pool.run_batch, batch).result()
    else:
        # in this process (one batch, or a Dask worker): the pool or the cluster is the
        # parallelism, never spaCy's own processes (a Dask worker may not have children)
        out = extract.extract_batch(batch, replace(nlp_settings, n_process=1), lexicons)
        nlp_pool.trim_heap()
    return out, time.perf_counter() - t0


@task(name="resolve-actors", cache_policy=NO_CACHE)
def resolve(stg: dict[str, pl.DataFrame], known: dict):
    return actors_mod.resolve_actors(stg["stg_local_actor"], known["actors"].cast(actors_mod.DIM_ACTOR),
                                     known["aliases"].cast(actors_mod.DIM_ACTOR_ALIAS))


@task(name="assemble-chunk", cache_policy=NO_CACHE)
def assemble_chunk(staged, chunk_ids, stg, resolution, run_id, started_at) -> dict[str, pl.DataFrame]:
    """dim_article rows and every fact of one chunk of articles."""
    dim_article = staging.build_dim_article(staged, chunk_ids, run_id, started_at)
    tables = {"dim_article": dim_article}
    if stg:
        tables.update(extract.assemble_facts(stg, resolution.key_map))
        tables["dim_actor"] = resolution.actors
        tables["dim_actor_alias"] = resolution.aliases
        tables["actor_role"] = actors_mod.build_actor_roles(stg["stg_actor_role"], resolution.key_map)
    return tables


_RUN_ARTICLE_COLUMNS = ("article_id", "publisher_id", "publisher", "published_date")


@task(name="assemble-run-tables", cache_policy=NO_CACHE)
def assemble_run_tables(run_ledger, dim_articles, event_dates, reference, quarantined_articles):
    """Tables that describe the whole run: ledger, dates, publishers, reference types."""
    if quarantined_articles:
        hit = pl.col("article_id").is_in(list(quarantined_articles)) & (pl.col("status") == "loaded")
        run_ledger = run_ledger.with_columns(
            pl.when(hit).then(pl.lit("rejected")).otherwise(pl.col("status")).alias("status"),
            pl.when(hit).then(pl.lit("quarantined by a data-quality warning (see quarantine_dim_article)"))
            .otherwise(pl.col("reason")).alias("reason"))
    articles = (pl.concat(dim_articles) if dim_articles
                else pl.DataFrame(schema={c: staging.DIM_ARTICLE[c] for c in _RUN_ARTICLE_COLUMNS}))
    tables = {
        "ingest_ledger": run_ledger,
        "dim_publisher": staging.build_dim_publisher(articles),
        "dim_date": extract.dim_date_rows(articles["published_date"].to_list() + event_dates),
    }
    # reference CSV stem -> warehouse table
    for name, stem in (("dim_event_type", "event_types"), ("event_type_cameo", "event_type_cameo")):
        if stem in reference:
            tables[name] = reference[stem]
    return tables


@task(name="validate-tables", cache_policy=NO_CACHE)
def validate(tables: dict[str, pl.DataFrame], known: dict, run_id: str) -> quality.ValidationOutcome:
    return quality.validate_tables(tables, known, run_id)


@task(name="load-chunk", cache_policy=NO_CACHE)
def load_chunk(session: wload.LoadSession, outcome: quality.ValidationOutcome, run_id: str,
               started_at: dt.datetime) -> None:
    """Commit one chunk to the staging schema (published by commit-run)."""
    session.stage(tables={t: df for t, df in outcome.tables.items() if t not in _UPSERT_KEYS},
                  upserts=_upserts(outcome.tables, run_id, started_at), quarantine=outcome.quarantine)


@task(name="build-data-docs", cache_policy=NO_CACHE)
def build_data_docs() -> str | None:
    path = quality.build_data_docs()
    return str(settings._rel(path)) if path else None


@task(name="build-html-report", cache_policy=NO_CACHE)
def build_html_report(warehouse: str, run_id: str) -> str | None:
    """The run's offline HTML page (dateline/html_report.py), read from the committed warehouse."""
    from dateline import html_report

    try:
        return str(html_report.write_report(warehouse, run_id=run_id).resolve())
    except Exception as exc:  # noqa: BLE001 - the run is committed; a page that fails must not fail it
        get_run_logger().warning("the HTML report was not written: %s", exc)
        return None


@task(name="commit-run", cache_policy=NO_CACHE)
def commit_run(session: wload.LoadSession, outcome: quality.ValidationOutcome, dq_rows: pl.DataFrame,
               run_row: dict) -> dict[str, int]:
    """Publish the staged chunks and the run tables in the run's one final transaction."""
    session.stage(quarantine=outcome.quarantine)
    upserts = _upserts(outcome.tables, run_row["run_id"], run_row["started_at"])
    tables = {t: df for t, df in outcome.tables.items() if t not in _UPSERT_KEYS} | {"dq_result": dq_rows}
    return session.finish(run_row, tables, upserts, before_commit=_drill_hook())


def _drill_hook():
    """Fault injection for the crash drill: with DATELINE_DRILL_PAUSE_IN_LOAD=FILE the load
    writes FILE inside its open transaction and waits, so a test can SIGKILL it there."""
    import os

    flag = os.environ.get("DATELINE_DRILL_PAUSE_IN_LOAD")
    if not flag:
        return None

    def pause(_con):
        Path(flag).write_text(str(os.getpid()))
        time.sleep(120)

    return pause


def _batches(df: pl.DataFrame, size: int):
    for i in range(0, df.height, size):
        yield df.slice(i, size)


class _DQ:
    """Quality outcomes of a run's chunks, merged for dq_result and the summary."""

    def __init__(self) -> None:
        self.rows: list[pl.DataFrame] = []
        self.rows_loaded: dict[str, int] = {}
        self.quarantined: dict[str, int] = {}

    def add(self, outcome: quality.ValidationOutcome) -> None:
        self.rows.append(outcome.dq_rows)
        for t, df in outcome.tables.items():
            self.rows_loaded[t] = self.rows_loaded.get(t, 0) + df.height
        for t, df in outcome.quarantine.items():
            self.quarantined[t] = self.quarantined.get(t, 0) + df.height

    def merged(self) -> pl.DataFrame:
        if not self.rows:
            return pl.DataFrame(schema=quality.DQ_RESULT)
        # One row per (table, expectation): a check passes only if it passed in every chunk.
        return (pl.concat(self.rows).group_by("run_id", "table_name", "expectation", "severity", maintain_order=True)
                .agg(pl.col("success").all(), pl.col("unexpected_count").sum(), pl.col("checked_at").max()))


@dataclass
class _Run:
    """What one run accumulates across its stages: timings, quality outcomes, and the few
    columns of each loaded chunk the run tables need (never the bodies)."""

    run_id: str
    started_at: dt.datetime
    timings: dict[str, float] = field(default_factory=dict)
    dq: _DQ = field(default_factory=_DQ)
    critical: list[tuple[str, str, int]] = field(default_factory=list)
    warnings: list[tuple[str, str, int]] = field(default_factory=list)
    checks: list[int] = field(default_factory=lambda: [0, 0])
    dim_articles: list[pl.DataFrame] = field(default_factory=list)
    event_dates: list = field(default_factory=list)
    quarantined_articles: set[str] = field(default_factory=set)
    nlp_seconds: float = 0.0

    def __post_init__(self) -> None:
        self.timed = _stage_timer(self.timings)

    def gate(self, outcome: quality.ValidationOutcome) -> None:
        """Record a validation outcome; a critical failure stops the run (nothing is loaded)."""
        self.dq.add(outcome)
        self.checks[0] += outcome.checks_run
        self.checks[1] += outcome.checks_passed
        self.critical.extend(outcome.critical_failures)
        self.warnings.extend(outcome.warnings)
        if outcome.critical_failures:
            raise DataQualityError(
                "critical data-quality failure, nothing was loaded: "
                + "; ".join(f"{t}.{e} ({n} rows)" for t, e, n in outcome.critical_failures))

    def keep_for_run_tables(self, outcome: quality.ValidationOutcome) -> None:
        # the run tables need publishers and dates only: bodies are not kept
        self.dim_articles.append(outcome.tables["dim_article"].select(*_RUN_ARTICLE_COLUMNS))
        if "fact_event" in outcome.tables:
            self.event_dates += outcome.tables["fact_event"]["event_date"].to_list()
        if "dim_article" in outcome.quarantine:
            self.quarantined_articles |= set(outcome.quarantine["dim_article"]["article_id"].to_list())


@dataclass
class _Plan:
    staged: pl.DataFrame
    run_ledger: pl.DataFrame
    delete_ids: list[str]
    reference: dict[str, pl.DataFrame]
    counts_by_action: dict[str, int]
    to_process: pl.DataFrame  # new and changed articles, one row each
    nlp_articles: int  # of those, the ones in a language the model parses


def _plan_inputs(paths: list[str], warehouse: str, caps: sources.Caps, max_article_chars: int,
                 full_refresh: bool) -> _Plan:
    """Read, stage and ledger every input; decide which articles go through the NLP step."""
    logger = get_run_logger()
    state = read_warehouse_state(warehouse)
    files, problems = discover_inputs(paths)
    for p, reason in problems:
        (logger.warning if reason.startswith("unsupported") else logger.error)("input %s: %s", p, reason)
    raw = read_inputs(files, problems, caps)
    reference = read_reference(str(settings.reference_dir()), str(settings.lexicon_dir()))
    staged = stage(raw, max_article_chars, Vocabulary.from_tables(reference).byline_words)
    del raw
    run_ledger, delete_ids = plan(staged, state, full_refresh)
    process_ids = ledger.articles_to_process(run_ledger)
    counts = {a: run_ledger.filter(pl.col("action") == a).height
              for a in ("new", "changed", "unchanged", "duplicate", "rejected")}
    logger.info("%d records from %d files: %d new, %d changed, %d unchanged (skipped), %d duplicate, %d rejected",
                staged.height, len(files), *counts.values())
    for r in run_ledger.filter(pl.col("status") == "rejected").iter_rows(named=True):
        logger.warning("rejected %s#%s: %s", r["source_path"], r["record_no"], r["reason"])
    to_process = (staged.filter(pl.col("article_id").is_in(process_ids) & pl.col("error").is_null()
                                & pl.col("duplicate_of").is_null())
                  .unique("article_id", keep="first", maintain_order=True)
                  .select(list(extract.EXTRACT_INPUT)))
    return _Plan(staged, run_ledger, delete_ids, reference, counts, to_process,
                 to_process.filter(language.parsed_language()).height)


def _batch_sizes(n: int, size: int, workers: int) -> list[int]:
    """Batch lengths for `n` articles: full batches, then a tail of quarter batches, so the
    workers finish together instead of one parsing a last full batch while the others wait
    (a 64-article batch is ~5 s of parse)."""
    tail_size = min(size, max(8, size // 4))
    if workers <= 1:
        return [size] * (n // size) + ([n % size] if n % size else [])
    head = max(0, n - workers * size) // size * size
    tail = n - head
    return [size] * (head // size) + [tail_size] * (tail // tail_size) + ([tail % tail_size] if tail % tail_size else [])


def _chunk_batch_sizes(chunk_heights: list[int], size: int, workers: int) -> list[list[int]]:
    """Batch lengths chunk by chunk: full batches, and the quarter-batch tail in the last
    chunk only (a batch never straddles two chunks)."""
    return [_batch_sizes(h, size, workers if k == len(chunk_heights) - 1 else 1)
            for k, h in enumerate(chunk_heights)]


def _load_articles(run: _Run, session: wload.LoadSession, plan_: _Plan, nlp_settings: NlpSettings,
                   batch_size: int, chunk_size: int, progress: bool | None) -> None:
    """NLP, checks and load, chunk by chunk: the workers always have the next chunk's
    batches queued while this process resolves, checks and loads a chunk, so they never
    wait at a chunk boundary."""
    to_process = plan_.to_process
    lexicons = build_lexicons(plan_.reference) if to_process.height else None
    local = _local_task_runner()
    workers = nlp_settings.n_process if local else 1
    chunks = list(_batches(to_process, chunk_size))
    plans = _chunk_batch_sizes([c.height for c in chunks], batch_size, workers)
    first_batch_no = list(accumulate((len(p) for p in plans), initial=0))
    pool_cm = nlp_pool.nlp_pool(nlp_settings, lexicons, first_batch_no[-1]) if local else nullcontext(None)
    # quote(): locally, Prefect would otherwise walk every dict of the lexicons (~100k
    # objects) looking for futures, for every batch; Dask ships parameters as they are
    wrap = quote if local else (lambda x: x)

    def submit(k: int, pool):
        offsets = list(accumulate(plans[k], initial=0))
        batches = [chunks[k].slice(start, n) for start, n in zip(offsets, plans[k])]
        futures = [nlp_extract_batch.submit(wrap(b), nlp_settings, wrap(lexicons), first_batch_no[k] + i, pool)
                   for i, b in enumerate(batches)]
        return futures, {id(f): b.height for f, b in zip(futures, batches, strict=True)}

    with pool_cm as pool, article_progress(to_process.height, progress) as advance:
        inflight = deque(submit(k, pool) for k in range(min(2, len(chunks))))
        for k, chunk in enumerate(chunks):
            with run.timed("nlp"):
                futures, batch_sizes = inflight.popleft()
                for f in as_completed(futures):
                    advance(batch_sizes[id(f)])
                results = [f.result() for f in futures]  # submission order: deterministic
                if k + 2 < len(chunks):
                    inflight.append(submit(k + 2, pool))
                stg = extract.concat_batches([r[0] for r in results])
                run.nlp_seconds += sum(r[1] for r in results)
            _load_chunk_facts(run, session, plan_.staged, chunk["article_id"].to_list(), stg)
            del stg, results
            nlp_pool.trim_heap()


def _load_chunk_facts(run: _Run, session: wload.LoadSession, staged: pl.DataFrame, article_ids: list[str],
                      stg: dict[str, pl.DataFrame]) -> None:
    """Resolve a chunk's actors, build its tables, check them and write them."""
    with run.timed("transforms"):
        known = session.known_state()
        resolution = resolve(stg, known)
        tables = assemble_chunk(staged, article_ids, stg, resolution, run.run_id, run.started_at)
    with run.timed("validation"):
        outcome = validate(tables, known, run.run_id)
        run.gate(outcome)
    with run.timed("load"):
        load_chunk(session, outcome, run.run_id, run.started_at)
    run.keep_for_run_tables(outcome)


def _load_run_tables(run: _Run, session: wload.LoadSession, plan_: _Plan, paths: list[str],
                     full_refresh: bool) -> tuple[pl.DataFrame, dict[str, int]]:
    """Ledger, dates, publishers, types, dq_result and the etl_run row; then the commit."""
    with run.timed("transforms"):
        run_tables = assemble_run_tables(plan_.run_ledger, run.dim_articles, run.event_dates, plan_.reference,
                                         run.quarantined_articles)
    with run.timed("validation"):
        outcome = validate(run_tables, session.known_state(), run.run_id)
        run.gate(outcome)
    with run.timed("load"):
        final_ledger = outcome.tables["ingest_ledger"]
        counts = commit_run(session, outcome, run.dq.merged(), _run_row(run, plan_, final_ledger, paths, full_refresh))
    return final_ledger, counts


def _run_row(run: _Run, plan_: _Plan, final_ledger: pl.DataFrame, paths: list[str], full_refresh: bool) -> dict:
    by_action = plan_.counts_by_action
    return {
        "run_id": run.run_id, "started_at": run.started_at,
        "finished_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
        "status": "succeeded_with_warnings" if run.warnings else "succeeded",
        "flow_run_id": _flow_run_id(), "input_paths": json.dumps(paths), "full_refresh": full_refresh,
        "records_seen": plan_.staged.height,
        "articles_new": by_action["new"], "articles_changed": by_action["changed"],
        "articles_unchanged": by_action["unchanged"], "articles_duplicate": by_action["duplicate"],
        "records_rejected": final_ledger.filter(pl.col("status") == "rejected").height,
        "nlp_articles": plan_.nlp_articles, "dq_warnings": len(run.warnings),
        "stage_seconds": json.dumps(run.timings),
    }


def _summary(run: _Run, ledger_rows: pl.DataFrame, nlp_articles: int, counts: dict | None = None) -> dict:
    return report.run_summary(run.run_id, ledger_rows, run.dq.rows_loaded, run.dq.quarantined, run.critical,
                              run.warnings, run.checks, run.timings, nlp_articles, counts)


DQ_FAILED_EVENT = "dateline.dq.failed"  # a critical check stopped a run: nothing was loaded
RUN_FAILED_EVENT = "dateline.run.failed"  # any failed run (the on_failure hook)


def _resource(run_id: str) -> dict[str, str]:
    return {"prefect.resource.id": f"dateline.run.{run_id}", "prefect.resource.name": run_id}


def _report_failure(run: _Run, plan_: _Plan) -> None:
    summary = _summary(run, plan_.run_ledger, plan_.nlp_articles)
    report.write_summary(summary, settings.reports_dir())
    if run.critical:
        create_markdown_artifact(markdown=report.to_markdown(summary), key="etl-run-summary",
                                 description=f"dateline {run.run_id}: FAILED quality gate")
        # for a user's automation to notify on (Prefect's trigger on an event name)
        from prefect.events import emit_event

        emit_event(event=DQ_FAILED_EVENT, resource=_resource(run.run_id),
                   payload={"failures": [{"table": t, "expectation": e, "rows": n} for t, e, n in run.critical],
                            "report": str(settings.reports_dir() / "latest_run.md")})


def _on_failure(flow_, flow_run, state) -> None:
    """The flow's on_failure hook: one event for any failed run, with the error, so an
    automation can alert whatever failed (a quality gate, a locked warehouse, a crash)."""
    from prefect.events import emit_event

    emit_event(event=RUN_FAILED_EVENT, resource={"prefect.resource.id": f"prefect.flow-run.{flow_run.id}",
                                                  "prefect.resource.name": flow_run.name},
               payload={"message": state.message or "", "flow": flow_.name})


def _report_success(run: _Run, plan_: _Plan, final_ledger: pl.DataFrame, counts: dict[str, int],
                    warehouse: str) -> dict:
    summary = _summary(run, final_ledger, plan_.nlp_articles, counts)
    summary["nlp_seconds"] = round(run.nlp_seconds, 3)
    with run.timed("report"):
        # A run that loaded no article and raised no warning has nothing new to show: the
        # Data Docs keep the last run that did (`dateline report` rebuilds them on demand).
        loaded = plan_.to_process.height or run.warnings
        # the page's warehouse reads overlap the Data Docs' rendering (a local thread; on
        # Dask the page is built here, where the warehouse file is)
        page = build_html_report.submit(warehouse, run.run_id) if _local_task_runner() else None
        summary["data_docs"] = build_data_docs() if loaded else quality.data_docs_index()
        summary["html_report"] = page.result() if page else build_html_report(warehouse, run.run_id)
    summary["stage_seconds"] = dict(run.timings)
    report.write_summary(summary, settings.reports_dir())
    create_markdown_artifact(markdown=report.to_markdown(summary), key="etl-run-summary",
                             description=f"dateline {run.run_id}")
    create_table_artifact(key="etl-run-table-counts", description=f"dateline {run.run_id}: rows per table",
                          table=[{"table": t, "rows_this_run": summary["rows_this_run"].get(t, 0), "rows_in_warehouse": n}
                                 for t, n in sorted(summary["rows_in_warehouse"].items())])
    get_run_logger().info("loaded %s", json.dumps(counts, sort_keys=True))
    return summary


@flow(name="etl", log_prints=False, on_failure=[_on_failure])
def etl(
    paths: list[str] | None = None,
    warehouse: str | None = None,
    full_refresh: bool = False,
    batch_size: int = 64,
    n_process: int | None = None,
    model: str = DEFAULT_MODEL,
    max_file_mb: int = 100,
    max_article_chars: int = 250_000,
    chunk_size: int = 1000,
    progress: bool | None = None,
) -> dict:
    """Load articles from PATHs (files or folders) into the DuckDB warehouse.

    Articles go through NLP, validation and staging in chunks of `chunk_size`, each chunk
    committed to the staging schema so memory stays flat however large the input; the run
    is published in one final transaction (warehouse/load.py), so a crash leaves the
    previous state."""
    paths = list(paths or settings.default_inputs())
    warehouse = warehouse or settings.default_warehouse()
    started_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    run = _Run(run_id=ledger.new_run_id(started_at), started_at=started_at)
    caps = sources.Caps(max_file_bytes=max_file_mb * 1024 * 1024, max_article_chars=max_article_chars)
    nlp_settings = NlpSettings(model=model, n_process=n_process or usable_cores())

    with writer_lock(warehouse):
        with run.timed("parse"):
            plan_ = _plan_inputs(paths, warehouse, caps, max_article_chars, full_refresh)
        con = connect(warehouse)
        session = wload.LoadSession(con, run.run_id)
        try:
            with run.timed("load"):
                session.begin(full_refresh, plan_.delete_ids)
            _load_articles(run, session, plan_, nlp_settings, batch_size, chunk_size, progress)
            final_ledger, counts = _load_run_tables(run, session, plan_, paths, full_refresh)
        except BaseException:
            session.abort()
            _report_failure(run, plan_)
            raise
        finally:
            con.close()
        return _report_success(run, plan_, final_ledger, counts, warehouse)


_UPSERT_KEYS = {
    "ingest_ledger": ("ledger_id",),
    "dim_publisher": ("publisher_id",),
    "dim_date": ("date_key",),
    "dim_actor": ("actor_id",),
    "dim_actor_alias": ("actor_id", "alias"),
    "dim_event_type": ("event_type",),
    "event_type_cameo": ("cameo_code",),
}


def _upserts(tables: dict[str, pl.DataFrame], run_id: str, now: dt.datetime):
    out = {}
    for t, key in _UPSERT_KEYS.items():
        if t not in tables:
            continue
        df = tables[t]
        if t == "ingest_ledger":
            df = df.with_columns(pl.lit(run_id).alias("first_run_id"), pl.lit(run_id).alias("last_run_id"),
                                 pl.lit(now, dtype=pl.Datetime("us")).alias("updated_at"))
        out[t] = (df, key)
    return out


def _flow_run_id() -> str | None:
    from prefect.runtime import flow_run

    return str(flow_run.id) if flow_run.id else None
