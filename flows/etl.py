"""The `etl` flow: raw files -> staged articles -> one NLP pass per batch -> actors,
quotes, events -> quality gate -> staged chunk by chunk, published in one transaction into DuckDB.

Orchestration only: tasks per stage and per batch of articles (never one per article);
the work itself lives in `transforms/` (pure), `warehouse/` (DuckDB) and `dateline/`. The
flow reads as the recipe: plan; per chunk, parse and extract (flows/chunks.py), resolve,
assemble, validate, load; then the run tables, the commit and the report. Counts and
timings go to one `RunStats` (flows/run_stats.py). Only I/O tasks retry.
"""

from __future__ import annotations

import json
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from dateline.settings import configure_environment

configure_environment()

import polars as pl
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture

from dateline import lexicons as lexicon_tables
from dateline import quality, report, settings, sources
from flows.chunks import extracted_chunks
from flows.run_stats import RUN_ARTICLE_COLUMNS, RunStats
from flows.run_stats import DataQualityError as DataQualityError
from transforms import actors as actors_mod
from transforms import extract, language, ledger, linking, places, staging
from transforms.nlp import DEFAULT_MODEL, NlpSettings, usable_cores
from transforms.vocab import Vocabulary
from warehouse import load as wload
from warehouse.connection import WarehouseLocked, connect, publish_lock, writer_lock


# I/O tasks retry; pure transforms don't (a retry would fail the same way).
@task(name="read-warehouse-state", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def read_warehouse_state(warehouse: str) -> dict[str, pl.DataFrame]:
    """What the planner needs, read through a short connection (released before the NLP)."""
    with closing(connect(warehouse)) as con:
        return wload.planner_state(con, ledger.KNOWN_LEDGER, ledger.KNOWN_ARTICLE)


@task(name="read-reference", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def read_reference(reference_dir: str, lexicon_dir: str) -> dict[str, pl.DataFrame]:
    return lexicon_tables.read_tables(reference_dir, lexicon_dir)


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


@task(name="resolve-actors", cache_policy=NO_CACHE)
def resolve(stg: dict[str, pl.DataFrame], known: dict):
    return actors_mod.resolve_actors(
        stg["stg_local_actor"],
        known["actors"].cast(actors_mod.DIM_ACTOR),
        known["aliases"].cast(actors_mod.DIM_ACTOR_ALIAS),
    )


@task(name="assemble-chunk", cache_policy=NO_CACHE)
def assemble_chunk(staged, chunk_ids, stg, resolution, run_id, started_at, reference) -> dict[str, pl.DataFrame]:
    """dim_article rows (with the tone the NLP step gave each) and every fact of one chunk."""
    tones = stg.get("stg_article_tone") if stg else None
    dim_article = staging.build_dim_article(staged, chunk_ids, run_id, started_at, tones)
    tables = {"dim_article": dim_article}
    if stg:
        # places on the map (gazetteer built once per process): events, location actors, dim_place
        stg, actors, tables["dim_place"] = places.locate(stg, resolution.actors, places.gazetteer(reference))
        tables.update(extract.assemble_facts(stg, resolution.key_map))
        tables["dim_actor"] = actors
        tables["dim_actor_alias"] = resolution.aliases
        tables["actor_role"] = actors_mod.build_actor_roles(stg["stg_actor_role"], resolution.key_map)
    return tables


@task(name="assemble-run-tables", cache_policy=NO_CACHE)
def assemble_run_tables(run_ledger, dim_articles, event_dates, reference, quarantined_articles):
    """Tables that describe the whole run: ledger, dates, publishers, reference types."""
    run_ledger = ledger.mark_quarantined(run_ledger, quarantined_articles)
    articles = (
        pl.concat(dim_articles)
        if dim_articles
        else pl.DataFrame(schema={c: staging.DIM_ARTICLE[c] for c in RUN_ARTICLE_COLUMNS})
    )
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
def validate(tables: dict[str, pl.DataFrame], known: dict, run_id: str, warehouse: str) -> quality.ValidationOutcome:
    return quality.validate_tables(tables, known, run_id, warehouse=warehouse)


@task(name="load-chunk", cache_policy=NO_CACHE)
def load_chunk(session: wload.LoadSession, outcome: quality.ValidationOutcome) -> None:
    """Commit one chunk to the staging schema (published by commit-run); the registry
    (warehouse/tables.yml) says which tables are upserted, on which key."""
    session.stage(*session.as_loaded(outcome.tables), quarantine=outcome.quarantine)


@task(name="build-data-docs", cache_policy=NO_CACHE)
def build_data_docs(warehouse: str) -> str | None:
    path = quality.build_data_docs(warehouse)
    return str(settings._rel(path)) if path else None


@task(name="build-html-report", cache_policy=NO_CACHE)
def build_html_report(warehouse: str, run_id: str) -> str | None:
    """The run's offline HTML page (dateline/html_report.py), read from the committed warehouse."""
    from dateline import html_report

    try:
        return str(html_report.write_report(warehouse, run_id=run_id).resolve())
    except Exception as exc:
        get_run_logger().warning("the HTML report was not written: %s", exc)
        return None


@task(name="link-events", cache_policy=NO_CACHE)
def link_events(session: wload.LoadSession, reference: dict[str, pl.DataFrame]) -> linking.Links:
    """Every event mention the run leaves, linked across articles into real-world events."""
    return linking.link_events(session.event_mentions(), linking.LinkRules.from_tables(reference))


@task(name="commit-run", cache_policy=NO_CACHE)
def commit_run(
    session: wload.LoadSession,
    outcome: quality.ValidationOutcome,
    dq_rows: pl.DataFrame,
    run_row: dict,
    links: linking.Links | None,
) -> dict[str, int]:
    """Publish the staged chunks and the run tables in the run's one final transaction."""
    inserts, upserts = session.as_loaded(outcome.tables | {"dq_result": dq_rows})
    updates = {"fact_event": links.event_keys} if links else None
    return session.finish(
        run_row, inserts, upserts, before_commit=_drill_hook(), updates=updates, quarantine=outcome.quarantine
    )


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


@dataclass
class _Plan:
    staged: pl.DataFrame
    run_ledger: pl.DataFrame
    delete_ids: list[str]
    reference: dict[str, pl.DataFrame]
    to_process: pl.DataFrame  # new and changed articles, one row each


def _plan_inputs(
    stats: RunStats, paths: list[str], warehouse: str, caps: sources.Caps, max_article_chars: int, full_refresh: bool
) -> _Plan:
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
    counts = {
        a: run_ledger.filter(pl.col("action") == a).height
        for a in ("new", "changed", "unchanged", "duplicate", "rejected")
    }
    logger.info(
        "%d records from %d files: %d new, %d changed, %d unchanged (skipped), %d duplicate, %d rejected",
        staged.height,
        len(files),
        *counts.values(),
    )
    for r in run_ledger.filter(pl.col("status") == "rejected").iter_rows(named=True):
        logger.warning("rejected %s#%s: %s", r["source_path"], r["record_no"], r["reason"])
    to_process = (
        staged.filter(
            pl.col("article_id").is_in(process_ids) & pl.col("error").is_null() & pl.col("duplicate_of").is_null()
        )
        .unique("article_id", keep="first", maintain_order=True)
        .select(list(extract.EXTRACT_INPUT))
    )
    stats.planned(staged.height, counts, to_process.filter(language.parsed_language()).height)
    if to_process.height:
        places.prefetch(reference)  # the gazetteer builds while the NLP workers parse
    return _Plan(staged, run_ledger, delete_ids, reference, to_process)


DQ_FAILED_EVENT = "dateline.dq.failed"  # a critical check stopped a run: nothing was loaded
RUN_FAILED_EVENT = "dateline.run.failed"  # any failed run (the on_failure hook)


def _resource(run_id: str) -> dict[str, str]:
    return {"prefect.resource.id": f"dateline.run.{run_id}", "prefect.resource.name": run_id}


def _publish_summary(summary: dict, warehouse: str, artifact: str | None = None) -> Path:
    """The run summary as Markdown and JSON in the reports folder (latest_run.md, returned)
    and, given a description, as the run's Markdown artifact."""
    path = report.write_summary(summary, settings.reports_dir(warehouse))
    if artifact:
        create_markdown_artifact(markdown=report.to_markdown(summary), key="etl-run-summary", description=artifact)
    return path.with_name("latest_run.md")


def _report_failure(stats: RunStats, plan_: _Plan, warehouse: str) -> None:
    """A failed run's summary; a failed quality gate is also an artifact and an event."""
    failed_gate = f"dateline {stats.run_id}: FAILED quality gate" if stats.critical else None
    latest = _publish_summary(stats.summary(plan_.run_ledger), warehouse, failed_gate)
    if stats.critical:
        # for a user's automation to notify on (Prefect's trigger on an event name)
        from prefect.events import emit_event

        emit_event(
            event=DQ_FAILED_EVENT,
            resource=_resource(stats.run_id),
            payload={
                "failures": [{"table": t, "expectation": e, "rows": n} for t, e, n in stats.critical],
                "report": str(latest),
            },
        )


def _on_failure(flow_, flow_run, state) -> None:
    """The flow's on_failure hook: one event for any failed run, with the error, so an
    automation can alert whatever failed (a quality gate, a locked warehouse, a crash)."""
    from prefect.events import emit_event

    emit_event(
        event=RUN_FAILED_EVENT,
        resource={"prefect.resource.id": f"prefect.flow-run.{flow_run.id}", "prefect.resource.name": flow_run.name},
        payload={"message": state.message or "", "flow": flow_.name},
    )


def _report_success(stats: RunStats, published: _Published, warehouse: str) -> dict:
    summary = stats.summary(published.final_ledger, published.counts)
    with stats.timed("report"):
        page = build_html_report.submit(warehouse, stats.run_id)
        docs = published.data_docs
        summary["data_docs"] = docs.result() if docs is not None else quality.data_docs_index(warehouse)
        summary["html_report"] = page.result()
    summary["stage_seconds"] = dict(stats.timings)
    _publish_summary(summary, warehouse, f"dateline {stats.run_id}")
    create_table_artifact(
        key="etl-run-table-counts",
        description=f"dateline {stats.run_id}: rows per table",
        table=[
            {"table": t, "rows_this_run": summary["rows_this_run"].get(t, 0), "rows_in_warehouse": n}
            for t, n in sorted(summary["rows_in_warehouse"].items())
        ],
    )
    get_run_logger().info("loaded %s", json.dumps(published.counts, sort_keys=True))
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
    dask_address: str | None = None,
) -> dict:
    """Load articles from PATHs (files or folders) into the DuckDB warehouse.

    Articles go through NLP, validation and staging in even chunks of about `chunk_size`, each chunk
    committed to the staging schema so memory stays flat however large the input; the run
    is published in one final transaction (warehouse/load.py), so a crash leaves the
    previous state. With `dask_address` (tcp://HOST:PORT of a Dask scheduler), the NLP
    batches run on that cluster's workers instead of a local pool."""
    paths = list(paths or settings.default_inputs())
    warehouse = warehouse or settings.default_warehouse()
    stats = RunStats.start()
    caps = sources.Caps(max_file_bytes=max_file_mb * 1024 * 1024, max_article_chars=max_article_chars)
    nlp_settings = NlpSettings(model=model, n_process=n_process or usable_cores())

    with writer_lock(warehouse):
        with stats.timed("parse"):
            plan_ = _plan_inputs(stats, paths, warehouse, caps, max_article_chars, full_refresh)
        session = wload.LoadSession(
            connect(warehouse),
            stats.run_id,
            started_at=stats.started_at,
            full_refresh=full_refresh,
            delete_article_ids=plan_.delete_ids,
        )
        try:
            with closing(session), stats.timed_entry("load", session):
                chunks = extracted_chunks(
                    plan_.to_process,
                    plan_.reference,
                    nlp_settings,
                    batch_size=batch_size,
                    chunk_size=chunk_size,
                    progress=progress,
                    dask_address=dask_address,
                )
                for chunk in stats.timed_iter("nlp", chunks):  # parsed and extracted; the next one in flight
                    _load_chunk(stats, session, plan_, chunk, warehouse)
                published = _commit_run(stats, session, plan_, paths, full_refresh, warehouse)
        except BaseException:
            _report_failure(stats, plan_, warehouse)
            raise
        return _report_success(stats, published, warehouse)


def _load_chunk(stats: RunStats, session: wload.LoadSession, plan_: _Plan, chunk, warehouse: str) -> None:
    """One chunk of extracted articles: resolve its actors, assemble, validate, stage."""
    with stats.timed("transforms"):
        known = session.known_state()
        resolution = resolve(chunk.stg, known)
        tables = assemble_chunk(
            plan_.staged, chunk.article_ids, chunk.stg, resolution, stats.run_id, stats.started_at, plan_.reference
        )
    with stats.timed("validation"):
        outcome = stats.gate(validate(tables, known, stats.run_id, warehouse))
    with stats.timed("load"):
        load_chunk(session, outcome)
    stats.chunk_loaded(outcome, chunk.nlp_seconds)


PUBLISH_ATTEMPTS = 5


@dataclass
class _Published:
    final_ledger: pl.DataFrame
    counts: dict[str, int]
    data_docs: PrefectFuture | None  # rendering, or None: the last Data Docs stand


def _commit_run(
    stats: RunStats, session: wload.LoadSession, plan_: _Plan, paths: list[str], full_refresh: bool, warehouse: str
) -> _Published:
    """The run's publish. In a lake, runs on other inputs may overlap: their publishes take
    turns (`publish_lock` on one machine), and one that finds another run's publish got in
    first (a PublishConflict: nothing of it was written) links and validates again against
    the lake as it now is, and retries."""
    with publish_lock(warehouse):
        for attempt in range(1, PUBLISH_ATTEMPTS + 1):
            saved = stats.savepoint()
            try:
                return _publish_run(stats, session, plan_, paths, full_refresh, warehouse)
            except wload.PublishConflict as exc:
                stats.restore(saved)
                if attempt == PUBLISH_ATTEMPTS:
                    raise WarehouseLocked(
                        f"{warehouse}: other runs published first {attempt} times; nothing of this run was "
                        "published. Run it again."
                    ) from exc
                get_run_logger().warning("publish attempt %d lost to another run's; retrying: %s", attempt, exc)
                time.sleep(min(10.0, 0.5 * 2**attempt))


def _publish_run(
    stats: RunStats, session: wload.LoadSession, plan_: _Plan, paths: list[str], full_refresh: bool, warehouse: str
) -> _Published:
    """The run tables (ledger, dates, publishers, types, real-world events), validated; then
    the one commit. Events are linked again only when articles changed (a re-run keeps them)."""
    session.pin_state()  # what follows reads the warehouse as it is now: the publish checks it still is
    with stats.timed("transforms"):
        run_tables = assemble_run_tables(
            plan_.run_ledger, stats.dim_articles, stats.event_dates, plan_.reference, stats.quarantined_articles
        )
        changed = bool(plan_.to_process.height or plan_.delete_ids or full_refresh)
        links = link_events(session, plan_.reference) if changed else None
        if links is not None:
            run_tables["dim_event"] = links.dim_event
    with stats.timed("validation"):
        outcome = stats.gate(validate(run_tables, session.known_state(), stats.run_id, warehouse))
    # The Data Docs read only the validation results: they render while the commit writes.
    # A run that loaded no article and raised no warning has nothing new to show: the Data
    # Docs keep the last run that did (`dateline report` rebuilds them on demand).
    docs = build_data_docs.submit(warehouse) if plan_.to_process.height or stats.warnings else None
    try:
        with stats.timed("load"):
            final_ledger = outcome.tables["ingest_ledger"]
            run_row = stats.run_row(final_ledger, paths, full_refresh)
            counts = commit_run(session, outcome, stats.dq_result(), run_row, links)
    except BaseException:
        if docs is not None:
            docs.wait()  # a retried publish renders them again: never two renders at once
        raise
    return _Published(final_ledger, counts, docs)
