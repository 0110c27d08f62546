"""The quality gate: every published table is validated with its GX suite before it lands.

GX is imported lazily (it costs about 4 s). Frames are validated as pandas through a
pandas data source of the file context in `expectations/gx/`: one checkpoint per table
(`dateline_<table>`, each frame is its own batch), run with the dateline run id as GX's run
name. Each expectation's native `severity` decides: critical failures fail the run; warning
failures move the failing rows to quarantine (and an article's facts with it).

Validation results and Data Docs belong to a warehouse: both live in its reports folder
(`settings.reports_dir(warehouse)`), substituted into great_expectations.yml as config
variables (`${DATELINE_GX_RESULTS}`, `${DATELINE_DATA_DOCS}`). The Data Docs are built once a
run is over, and open offline (the views and styles in `expectations/gx/plugins/`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from dateline import settings
from expectations import spec
from transforms import schemas
from transforms.checks import prepare_for_checks
from transforms.ledger import mark_quarantined

DATASOURCE = "dateline_frames"
CHECKPOINT_PREFIX = "dateline_"  # one checkpoint per table: dateline_<table>
LEGACY_CHECKPOINTS = ("dateline_tables",)  # one checkpoint for all tables, never run (removed by init)
RESULT_FORMAT = {"result_format": "COMPLETE", "partial_unexpected_count": 0}
log = logging.getLogger(__name__)


@dataclass
class ValidationOutcome:
    tables: dict[str, pl.DataFrame]  # rows to load (warnings' failing rows removed)
    quarantine: dict[str, pl.DataFrame] = field(default_factory=dict)
    dq_rows: pl.DataFrame | None = None
    critical_failures: list[tuple[str, str, int]] = field(default_factory=list)
    warnings: list[tuple[str, str, int]] = field(default_factory=list)
    checks_run: int = 0
    checks_passed: int = 0


DQ_RESULT = schemas.DQ_RESULT  # the registry's dq_result


def gx_root() -> Path:
    return settings.expectations_dir()


def _quiet_gx() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    for name in ("great_expectations", "great_expectations.core", "great_expectations.data_context"):
        logging.getLogger(name).setLevel(logging.ERROR)


def prefetch() -> None:
    """Import GX (~4 s) on a background thread while Prefect starts its server: the import
    lock makes a later `import great_expectations` wait for this one, never run twice."""

    def _imp():
        _quiet_gx()
        try:
            import great_expectations  # noqa: F401
        except Exception:  # the real import reports it
            pass

    threading.Thread(target=_imp, name="gx-prefetch", daemon=True).start()


def checkpoint_name(table: str) -> str:
    return f"{CHECKPOINT_PREFIX}{table}"


def gx_paths(warehouse: str | os.PathLike | None = None) -> dict[str, str]:
    """The config variables great_expectations.yml's stores substitute: where this
    warehouse's validation results and Data Docs live (its reports folder)."""
    reports = settings.reports_dir(warehouse).absolute()
    return {
        "DATELINE_GX_RESULTS": str(reports / "gx" / "validations"),
        "DATELINE_DATA_DOCS": str(reports / "data_docs"),
    }


# Loading the file context costs ~30 ms, as much as validating a small table: each thread
# keeps the few it opened (per project root and warehouse); `init_context` retires them.
_contexts = threading.local()
_generation = 0


def get_context(warehouse: str | os.PathLike | None = None):
    """The committed GX file context, its results store and Data Docs site set to `warehouse`'s
    (GX's runtime config variables: nothing is written, nothing global is changed)."""
    _quiet_gx()
    import great_expectations as gx

    root = gx_root()
    if not (root / "gx" / "great_expectations.yml").exists():
        raise RuntimeError(f"no GX file context in {root}/gx; run `dateline dq init`")
    paths = gx_paths(warehouse)
    key = (str(root), tuple(sorted(paths.items())), _generation)
    cache = _contexts.__dict__.setdefault("by_key", {})
    if key not in cache:
        if len(cache) >= 4:
            cache.clear()
        cache[key] = gx.get_context(mode="file", project_root_dir=str(root), runtime_environment=paths)
    return cache[key]


def init_context(warehouse: str | os.PathLike | None = None) -> Path:
    """(Re)write the committed GX file context from expectations/spec.py: per table a suite,
    a validation definition and its checkpoint (no actions: the Data Docs are built once a
    run is over, `build_data_docs`)."""
    global _generation
    _quiet_gx()
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    _generation += 1  # contexts opened before now describe the old suites
    root = gx_root()
    ctx = gx.get_context(mode="file", project_root_dir=str(root), runtime_environment=gx_paths(warehouse))
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    ctx.variables.save()
    try:
        ds = ctx.data_sources.get(DATASOURCE)
    except (KeyError, ValueError, Exception):  # GX raises varied types for "missing"
        ds = ctx.data_sources.add_pandas(name=DATASOURCE)
    for table, expectations in spec.SUITES.items():
        try:
            asset = ds.get_asset(table)
        except Exception:
            asset = ds.add_dataframe_asset(name=table)
        try:
            bd = asset.get_batch_definition("whole_frame")
        except Exception:
            bd = asset.add_batch_definition_whole_dataframe("whole_frame")
        with _suppress():
            ctx.checkpoints.delete(checkpoint_name(table))
        with _suppress():
            ctx.validation_definitions.delete(f"validate_{table}")
        with _suppress():
            ctx.suites.delete(table)
        suite = gx.ExpectationSuite(name=table, meta={"table": table})
        for e in expectations:
            suite.add_expectation_configuration(_config(e))
        suite = ctx.suites.add(suite)
        vd = ctx.validation_definitions.add(gx.ValidationDefinition(name=f"validate_{table}", data=bd, suite=suite))
        ctx.checkpoints.add(
            gx.Checkpoint(
                name=checkpoint_name(table), validation_definitions=[vd], actions=[], result_format=RESULT_FORMAT
            )
        )
    for name in LEGACY_CHECKPOINTS:
        with _suppress():
            ctx.checkpoints.delete(name)
    return root / "gx"


class _suppress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return True


def _config(e: dict):
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration
    from great_expectations.expectations.metadata_types import FailureSeverity

    meta = {k: v for k, v in (e.get("meta") or {}).items() if k == "quarantine"}
    return ExpectationConfiguration(
        type=e["type"],
        kwargs=e["kwargs"],
        severity=FailureSeverity(e["severity"]),
        description=e.get("description"),
        meta=meta or None,
    )


def severity_of(cfg) -> str:
    """An expectation's native GX severity, as the text dq_result stores."""
    severity = getattr(cfg, "severity", None) or spec.CRITICAL
    return str(getattr(severity, "value", severity))


def suite_parameters(reference: dict[str, list[str]] | None = None, today: dt.date | None = None) -> dict:
    ref = reference if reference is not None else reference_values()
    return {
        # datetimes: polars Date columns reach pandas as datetime64.
        "today": dt.datetime.combine(today or dt.date.today(), dt.time()),
        "min_published": dt.datetime(1900, 1, 1),
        "iso3": [*ref.get("iso3", []), None],
        "sectors": [*ref.get("sectors", []), None],
        "event_types": ref.get("event_types", []),
        "max_events_per_article": 60,
        "min_speaker_share": 0.5,
    }


def reference_values() -> dict[str, list[str]]:
    """Enumerations from seeds/reference (ISO3 codes, sectors, event types)."""
    ref = settings.reference_dir()
    out: dict[str, list[str]] = {}
    for name, file, col in (
        ("iso3", "iso3.csv", None),
        ("sectors", "sectors.csv", None),
        ("event_types", "event_types.csv", "event_type"),
    ):
        p = ref / file
        if p.exists():
            df = pl.read_csv(p, infer_schema_length=0)
            out[name] = sorted(set(df[col or df.columns[0]].drop_nulls().to_list()))
    return out


def _frames_to_check(prepared: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    return {t: df for t, df in prepared.items() if t in spec.SUITES}


def validate_tables(
    tables: dict[str, pl.DataFrame],
    known_state: dict | None,
    run_id: str,
    parameters: dict | None = None,
    warehouse: str | os.PathLike | None = None,
) -> ValidationOutcome:
    """Validate every table about to be loaded; split rows into load and quarantine.

    Each table's checkpoint runs on its own frame (`Checkpoint.run` gives every validation
    definition the same batch parameters, so one checkpoint cannot take ten frames), all
    under one GX run id: the dateline `run_id` as run name, this chunk's time as run time
    (so the chunks of a run never overwrite each other's results). The results are stored
    with `warehouse`'s reports."""
    params = parameters or suite_parameters()
    prepared = prepare_for_checks(tables, _known_keys(known_state), params["today"].date())
    from great_expectations.core.run_identifier import RunIdentifier

    ctx = get_context(warehouse)
    started = dt.datetime.now(dt.UTC)
    now = started.replace(tzinfo=None)
    gx_run = RunIdentifier(run_name=run_id, run_time=started)
    outcome = ValidationOutcome(tables={})
    dq, bad_rows = [], {}
    for table, df in _frames_to_check(prepared).items():
        pdf = df.select(spec.columns_checked(table, df.columns)).to_pandas(use_pyarrow_extension_array=False)
        checkpoint = ctx.checkpoints.get(checkpoint_name(table))
        res = checkpoint.run(batch_parameters={"dataframe": pdf}, expectation_parameters=params, run_id=gx_run)
        for r in (r for suite_result in res.run_results.values() for r in suite_result.results):
            dq.append(_record(outcome, bad_rows, table, r) | {"run_id": run_id, "checked_at": now})
    outcome.dq_rows = pl.DataFrame(dq, schema=DQ_RESULT, orient="row")
    _split(tables, bad_rows, outcome)
    return outcome


def _known_keys(known_state: dict | None) -> dict[str, set]:
    """The keys already in the warehouse (as the run will leave it), by table."""
    state = known_state or {}
    known = {}
    if "articles" in state:
        known["dim_article"] = set(state["articles"]["article_id"].to_list())
    if "actors" in state:
        known["dim_actor"] = set(state["actors"]["actor_id"].to_list())
    return known


def _record(outcome: ValidationOutcome, bad_rows: dict, table: str, r) -> dict:
    """One expectation's result: counted, a critical failure or a warning, its failing rows
    set aside for quarantine; returns its dq_result fields."""
    cfg = r.expectation_config
    name, severity = _expectation_name(cfg), severity_of(cfg)
    n = int((r.result or {}).get("unexpected_count") or 0)
    ok = bool(r.success)
    if r.exception_info and r.exception_info.get("raised_exception"):
        # An expectation that could not be evaluated is a failure, never a pass.
        log.error("%s.%s raised: %s", table, name, r.exception_info.get("exception_message"))
    outcome.checks_run += 1
    outcome.checks_passed += ok
    row = {"table_name": table, "expectation": name, "severity": severity, "success": ok, "unexpected_count": n}
    if ok:
        return row
    if severity == spec.CRITICAL:
        outcome.critical_failures.append((table, name, n))
        return row
    outcome.warnings.append((table, name, n))
    if (cfg.meta or {}).get("quarantine", True):
        for idx in (r.result or {}).get("unexpected_index_list") or []:
            i = idx if isinstance(idx, int) else idx.get("index", idx)
            bad_rows.setdefault(table, {}).setdefault(int(i), []).append(name)
    return row


def _expectation_name(cfg) -> str:
    kw = cfg.kwargs or {}
    target = kw.get("column") or ",".join(kw.get("column_list") or [])
    return f"{cfg.type}({target})" if target else cfg.type


def _split(
    tables: dict[str, pl.DataFrame], bad_rows: dict[str, dict[int, list[str]]], outcome: ValidationOutcome
) -> None:
    """Remove failing rows from the load; an article in quarantine takes its facts along."""
    quarantined_articles: set[str] = set()
    if "dim_article" in bad_rows:
        arts = tables["dim_article"]
        quarantined_articles = {arts["article_id"][i] for i in bad_rows["dim_article"]}
    for table, df in tables.items():
        rows = bad_rows.get(table, {})
        reasons = [";".join(rows.get(i, [])) or None for i in range(df.height)]
        if quarantined_articles and "article_id" in df.columns and table not in ("ingest_ledger",):
            reasons = [
                r or ("parent article quarantined" if a in quarantined_articles else None)
                for r, a in zip(reasons, df["article_id"].to_list(), strict=True)
            ]
        mask = pl.Series([r is not None for r in reasons], dtype=pl.Boolean)
        if mask.any():
            outcome.quarantine[table] = df.filter(mask).with_columns(
                pl.Series("expectation", [r for r in reasons if r is not None])
            )
            df = df.filter(~mask)
        if table == "ingest_ledger":
            df = mark_quarantined(df, quarantined_articles)
        outcome.tables[table] = df


# Data Docs re-render every stored result (~17 ms each), so only the latest few runs are kept
# as HTML; the full history of every check stays queryable in `dq_result` (and `v_dq_trend`).
KEEP_VALIDATION_RESULTS = 40


def _prune_results(keep: int, store: Path) -> None:
    if not store.exists():
        return
    files = sorted((p for p in store.rglob("*.json")), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)


def build_data_docs(warehouse: str | os.PathLike | None = None) -> Path | None:
    """Build `warehouse`'s GX Data Docs in its reports folder (`<reports>/data_docs/`), from
    its latest `KEEP_VALIDATION_RESULTS` validation results; returns the index page."""
    try:
        paths = {k: Path(v) for k, v in gx_paths(warehouse).items()}
        _prune_results(KEEP_VALIDATION_RESULTS, paths["DATELINE_GX_RESULTS"])
        site = paths["DATELINE_DATA_DOCS"]
        # GX adds pages and never removes one: the pages of pruned results go first
        for stale in ("validations", "expectations"):
            shutil.rmtree(site / stale, ignore_errors=True)
        get_context(warehouse).build_data_docs()
        index = site / "index.html"
        return index if index.exists() else None
    except Exception as exc:  # docs are a report, never a reason to fail a loaded run
        log.warning("could not build Data Docs: %s", exc)
    return None


def data_docs_index(warehouse: str | os.PathLike | None = None) -> str | None:
    """The Data Docs a run left in `warehouse`'s reports folder, if any (a run that changed
    nothing keeps them)."""
    index = Path(gx_paths(warehouse)["DATELINE_DATA_DOCS"]) / "index.html"
    return str(settings._rel(index)) if index.exists() else None
