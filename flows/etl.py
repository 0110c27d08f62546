"""The `etl` flow: raw files -> staged articles -> one NLP pass per batch -> actors,
quotes, events -> quality gate -> one transaction into DuckDB.

Orchestration only: tasks per stage and per batch of articles (never one per article);
the work itself lives in `transforms/` (pure), `warehouse/` (DuckDB) and `dateline/`.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from dateline.settings import configure_environment

configure_environment()

import polars as pl  # noqa: E402
from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.futures import as_completed  # noqa: E402

from dateline import quality, report, settings, sources  # noqa: E402
from flows.progress import article_progress  # noqa: E402
from transforms import actors as actors_mod  # noqa: E402
from transforms import extract, ledger, staging  # noqa: E402
from transforms.nlp import DEFAULT_MODEL, NlpSettings  # noqa: E402
from warehouse import load as wload  # noqa: E402
from warehouse.connection import connect, writer_lock  # noqa: E402


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
    con = connect(warehouse)
    try:
        def q(sql, schema):
            return pl.DataFrame(con.execute(sql).fetch_arrow_table()).cast(schema) if True else None
        return {
            "ledger": q("select ledger_id, content_hash, article_id, status from ingest_ledger", ledger.KNOWN_LEDGER),
            "articles": q("select article_id from dim_article", ledger.KNOWN_ARTICLE),
            "actors": q("select actor_id, name, actor_type, country_code, sector from dim_actor", actors_mod.DIM_ACTOR),
            "aliases": q("select actor_id, alias from dim_actor_alias", actors_mod.DIM_ACTOR_ALIAS),
        }
    finally:
        con.close()


@task(name="read-reference", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def read_reference(directory: str) -> extract.Lexicons:
    tables = {p.stem: pl.read_csv(p, infer_schema_length=0) for p in sorted(Path(directory).glob("*.csv"))}
    return extract.Lexicons.from_tables(tables)


@task(name="discover-inputs", cache_policy=NO_CACHE)
def discover_inputs(paths: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    files, problems = sources.discover(paths)
    return [str(f) for f in files], problems


@task(name="read-inputs", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def read_inputs(files: list[str], problems: list[tuple[str, str]], caps: sources.Caps) -> pl.DataFrame:
    return pl.concat([sources.problem_records(problems), sources.read_inputs([Path(f) for f in files], caps)])


@task(name="stage-articles", cache_policy=NO_CACHE)
def stage(raw: pl.DataFrame, max_article_chars: int) -> pl.DataFrame:
    return staging.dedupe_articles(staging.stage_articles(raw, max_article_chars))


@task(name="plan-run", cache_policy=NO_CACHE)
def plan(staged: pl.DataFrame, state: dict, full_refresh: bool):
    return ledger.plan_run(staged, state["ledger"], state["articles"], full_refresh)


@task(name="nlp-extract-batch", cache_policy=NO_CACHE, task_run_name="nlp-extract-batch-{batch_no}")
def nlp_extract_batch(batch: pl.DataFrame, nlp_settings: NlpSettings, lexicons: extract.Lexicons, batch_no: int):
    t0 = time.perf_counter()
    out = extract.extract_batch(batch, nlp_settings, lexicons)
    return out, time.perf_counter() - t0


@task(name="resolve-actors", cache_policy=NO_CACHE)
def resolve(stg: dict[str, pl.DataFrame], state: dict, full_refresh: bool):
    known_actors = state["actors"].clear() if full_refresh else state["actors"]
    known_aliases = state["aliases"].clear() if full_refresh else state["aliases"]
    return actors_mod.resolve_actors(stg["stg_local_actor"], known_actors, known_aliases)


@task(name="assemble-tables", cache_policy=NO_CACHE)
def assemble(staged, run_ledger, process_ids, stg, resolution, run_id, started_at, lexicon_tables_present=True):
    dim_article = staging.build_dim_article(staged, process_ids, run_id, started_at)
    facts = extract.assemble_facts(stg, resolution.key_map) if stg else {}
    roles = actors_mod.build_actor_roles(stg["stg_actor_role"], resolution.key_map) if stg else None
    dates = dim_article["published_date"].to_list()
    if facts:
        dates += facts["fact_event"]["event_date"].to_list()
    tables = {
        "dim_article": dim_article,
        "dim_publisher": staging.build_dim_publisher(dim_article),
        "dim_date": extract.dim_date_rows(dates),
        "ingest_ledger": run_ledger,
    }
    if facts:
        tables.update(facts)
        tables["dim_actor"] = resolution.actors
        tables["dim_actor_alias"] = resolution.aliases
        tables["actor_role"] = roles
    return tables


@task(name="validate-tables", cache_policy=NO_CACHE)
def validate(tables: dict[str, pl.DataFrame], known: dict, run_id: str) -> quality.ValidationOutcome:
    return quality.validate_tables(tables, known, run_id)


@task(name="load-warehouse", retries=0, cache_policy=NO_CACHE)
def load(warehouse: str, payload: wload.LoadPayload) -> dict[str, int]:
    con = connect(warehouse)
    try:
        return wload.load_run(con, payload, before_commit=_drill_hook())
    finally:
        con.close()


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


@flow(name="etl", log_prints=False)
def etl(
    paths: list[str] | None = None,
    warehouse: str | None = None,
    full_refresh: bool = False,
    batch_size: int = 64,
    n_process: int = 1,
    model: str = DEFAULT_MODEL,
    max_file_mb: int = 100,
    max_article_chars: int = 250_000,
    progress: bool | None = None,
) -> dict:
    """Load articles from PATHs (files or folders) into the DuckDB warehouse."""
    logger = get_run_logger()
    paths = list(paths or settings.default_inputs())
    warehouse = warehouse or settings.default_warehouse()
    run_id = dt.datetime.now(dt.UTC).strftime("run_%Y%m%dT%H%M%SZ_") + uuid.uuid4().hex[:6]
    started_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    timings: dict[str, float] = {}
    timed = _stage_timer(timings)
    caps = sources.Caps(max_file_bytes=max_file_mb * 1024 * 1024, max_article_chars=max_article_chars)
    nlp_settings = NlpSettings(model=model, n_process=n_process, batch_size=min(batch_size, 64))

    with writer_lock(warehouse):
        with timed("parse"):
            state = read_warehouse_state(warehouse)
            files, problems = discover_inputs(paths)
            for p, reason in problems:
                logger.error("input %s: %s", p, reason)
            raw = read_inputs(files, problems, caps)
            staged = stage(raw, max_article_chars)
            run_ledger, delete_ids = plan(staged, state, full_refresh)
            process_ids = ledger.articles_to_process(run_ledger)
        logger.info("%d records from %d files: %d to process, %d unchanged, %d duplicate, %d rejected",
                    staged.height, len(files), len(process_ids),
                    run_ledger.filter(pl.col("action") == "unchanged").height,
                    run_ledger.filter(pl.col("action") == "duplicate").height,
                    run_ledger.filter(pl.col("action") == "rejected").height)
        for r in run_ledger.filter(pl.col("status") == "rejected").iter_rows(named=True):
            logger.warning("rejected %s#%s: %s", r["source_path"], r["record_no"], r["reason"])

        to_process = (staged.filter(pl.col("article_id").is_in(process_ids) & pl.col("error").is_null()
                                    & pl.col("duplicate_of").is_null())
                      .unique("article_id", keep="first", maintain_order=True)
                      .select(list(extract.EXTRACT_INPUT)))
        stg: dict[str, pl.DataFrame] = {}
        nlp_seconds = 0.0
        with timed("nlp"):
            if to_process.height:
                lexicons = read_reference(str(settings.reference_dir()))
                batches = list(_batches(to_process, batch_size))
                futures = [nlp_extract_batch.submit(b, nlp_settings, lexicons, i) for i, b in enumerate(batches)]
                sizes = {id(f): b.height for f, b in zip(futures, batches, strict=True)}
                with article_progress(to_process.height, progress) as advance:
                    for f in as_completed(futures):
                        advance(sizes[id(f)])
                results = [f.result() for f in futures]  # in submission order: deterministic output
                stg = extract.concat_batches([r[0] for r in results])
                nlp_seconds = sum(r[1] for r in results)
        with timed("transforms"):
            resolution = resolve(stg, state, full_refresh) if stg else None
            tables = assemble(staged, run_ledger, process_ids, stg, resolution, run_id, started_at)
        with timed("validation"):
            outcome = validate(tables, state, run_id)
        summary = report.run_summary(run_id, run_ledger, tables, outcome, timings, to_process.height)
        if outcome.critical_failures:
            report.write_summary(summary, settings.reports_dir())
            create_markdown_artifact(markdown=report.to_markdown(summary), key="etl-run-summary",
                                     description=f"dateline {run_id}: FAILED quality gate")
            raise DataQualityError(
                "critical data-quality failure, nothing was loaded: "
                + "; ".join(f"{t}.{e} ({n} rows)" for t, e, n in outcome.critical_failures))

        with timed("load"):
            payload = wload.LoadPayload(
                run={
                    "run_id": run_id, "started_at": started_at,
                    "finished_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    "status": "succeeded_with_warnings" if outcome.warnings else "succeeded",
                    "flow_run_id": _flow_run_id(), "input_paths": json.dumps(paths), "full_refresh": full_refresh,
                    "records_seen": staged.height,
                    "articles_new": run_ledger.filter(pl.col("action") == "new").height,
                    "articles_changed": run_ledger.filter(pl.col("action") == "changed").height,
                    "articles_unchanged": run_ledger.filter(pl.col("action") == "unchanged").height,
                    "articles_duplicate": run_ledger.filter(pl.col("action") == "duplicate").height,
                    "records_rejected": run_ledger.filter(pl.col("action") == "rejected").height,
                    "nlp_articles": to_process.height, "dq_warnings": len(outcome.warnings),
                    "stage_seconds": json.dumps(timings),
                },
                upserts=_upserts(outcome.tables, run_id, started_at),
                tables={t: df for t, df in outcome.tables.items() if t not in _UPSERT_KEYS},
                delete_article_ids=delete_ids,
                full_refresh=full_refresh,
                quarantine=outcome.quarantine,
            )
            payload.tables["dq_result"] = outcome.dq_rows
            counts = load(warehouse, payload)
        summary = report.run_summary(run_id, run_ledger, tables, outcome, timings, to_process.height, counts)
        summary["nlp_seconds"] = round(nlp_seconds, 3)
        report.write_summary(summary, settings.reports_dir())
        create_markdown_artifact(markdown=report.to_markdown(summary), key="etl-run-summary",
                                 description=f"dateline {run_id}")
        logger.info("loaded %s", json.dumps(counts, sort_keys=True))
    return summary


_UPSERT_KEYS = {
    "ingest_ledger": ("ledger_id",),
    "dim_publisher": ("publisher_id",),
    "dim_date": ("date_key",),
    "dim_actor": ("actor_id",),
    "dim_actor_alias": ("actor_id", "alias"),
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
