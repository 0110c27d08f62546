"""The quality gate: every published table is validated with its GX suite before it lands.

GX is imported lazily (it costs about 4 s). Frames are validated as pandas through a
pandas data source of the file context in `expectations/gx/`. Critical failures fail the
run; warning failures move the failing rows to quarantine (and an article's facts with it).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from dateline import settings
from expectations import spec
from transforms.checks import prepare_for_checks

DATASOURCE = "dateline_frames"
CHECKPOINT = "dateline_tables"
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


DQ_RESULT = {"run_id": pl.Utf8, "table_name": pl.Utf8, "expectation": pl.Utf8, "severity": pl.Utf8,
             "success": pl.Boolean, "unexpected_count": pl.Int64, "checked_at": pl.Datetime("us")}


def gx_root() -> Path:
    return settings.expectations_dir()


def _quiet_gx() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    for name in ("great_expectations", "great_expectations.core", "great_expectations.data_context"):
        logging.getLogger(name).setLevel(logging.ERROR)


def prefetch() -> None:
    """Import GX (~4 s) on a background thread while Prefect starts its server: the import
    lock makes a later `import great_expectations` wait for this one, never run twice."""
    import threading

    def _imp():
        _quiet_gx()
        try:
            import great_expectations  # noqa: F401
        except Exception:  # noqa: BLE001 - the real import reports it
            pass

    threading.Thread(target=_imp, name="gx-prefetch", daemon=True).start()


def get_context():
    _quiet_gx()
    import great_expectations as gx

    root = gx_root()
    if not (root / "gx" / "great_expectations.yml").exists():
        raise RuntimeError(f"no GX file context in {root}/gx; run `dateline dq init`")
    return gx.get_context(mode="file", project_root_dir=str(root))


def init_context() -> Path:
    """(Re)write the committed GX file context from expectations/spec.py."""
    _quiet_gx()
    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction
    from great_expectations.data_context.types.base import ProgressBarsConfig

    root = gx_root()
    ctx = gx.get_context(mode="file", project_root_dir=str(root))
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    ctx.variables.save()
    try:
        ds = ctx.data_sources.get(DATASOURCE)
    except (KeyError, ValueError, Exception):  # noqa: BLE001 - GX raises varied types for "missing"
        ds = ctx.data_sources.add_pandas(name=DATASOURCE)
    vds = []
    for table, expectations in spec.SUITES.items():
        try:
            asset = ds.get_asset(table)
        except Exception:  # noqa: BLE001
            asset = ds.add_dataframe_asset(name=table)
        try:
            bd = asset.get_batch_definition("whole_frame")
        except Exception:  # noqa: BLE001
            bd = asset.add_batch_definition_whole_dataframe("whole_frame")
        with _suppress():
            ctx.suites.delete(table)
        suite = gx.ExpectationSuite(name=table, meta={"table": table})
        for e in expectations:
            suite.add_expectation_configuration(_config(e))
        suite = ctx.suites.add(suite)
        with _suppress():
            ctx.validation_definitions.delete(f"validate_{table}")
        vds.append(ctx.validation_definitions.add(gx.ValidationDefinition(name=f"validate_{table}", data=bd, suite=suite)))
    with _suppress():
        ctx.checkpoints.delete(CHECKPOINT)
    ctx.checkpoints.add(gx.Checkpoint(name=CHECKPOINT, validation_definitions=vds,
                                      actions=[UpdateDataDocsAction(name="update_data_docs")]))
    return root / "gx"


class _suppress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return True


def _config(e: dict):
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    return ExpectationConfiguration(type=e["type"], kwargs=e["kwargs"], meta=e["meta"])


def suite_parameters(reference: dict[str, list[str]] | None = None, today: dt.date | None = None) -> dict:
    ref = reference if reference is not None else reference_values()
    return {
        # datetimes: polars Date columns reach pandas as datetime64.
        "today": dt.datetime.combine(today or dt.date.today(), dt.time()),
        "min_published": dt.datetime(1900, 1, 1),
        "iso3": ref.get("iso3", []) + [None],
        "sectors": ref.get("sectors", []) + [None],
        "event_types": ref.get("event_types", []),
        "max_events_per_article": 60,
        "min_speaker_share": 0.5,
    }


def reference_values() -> dict[str, list[str]]:
    """Enumerations from seeds/reference (ISO3 codes, sectors, event types)."""
    ref = settings.reference_dir()
    out: dict[str, list[str]] = {}
    for name, file, col in (("iso3", "iso3.csv", None), ("sectors", "sectors.csv", None),
                            ("event_types", "event_types.csv", "event_type")):
        p = ref / file
        if p.exists():
            df = pl.read_csv(p, infer_schema_length=0)
            out[name] = sorted(set(df[col or df.columns[0]].drop_nulls().to_list()))
    return out


def _frames_to_check(prepared: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    return {t: df for t, df in prepared.items() if t in spec.SUITES}


def validate_tables(tables: dict[str, pl.DataFrame], known_state: dict | None, run_id: str,
                    parameters: dict | None = None) -> ValidationOutcome:
    """Validate every table about to be loaded; split rows into load and quarantine."""
    known = {}
    if known_state:
        if "articles" in known_state:
            known["article_id"] = set(known_state["articles"]["article_id"].to_list())
        if "actors" in known_state:
            known["actor_id"] = set(known_state["actors"]["actor_id"].to_list())
    params = parameters or suite_parameters()
    today = params["today"].date()
    prepared = prepare_for_checks(tables, known, today)
    ctx = get_context()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    outcome = ValidationOutcome(tables={})
    dq, bad_rows = [], {}
    for table, df in _frames_to_check(prepared).items():
        pdf = df.select(spec.columns_checked(table, df.columns)).to_pandas(use_pyarrow_extension_array=False)
        vd = ctx.validation_definitions.get(f"validate_{table}")
        res = vd.run(batch_parameters={"dataframe": pdf}, expectation_parameters=params,
                     result_format={"result_format": "COMPLETE", "partial_unexpected_count": 0})
        for r in res.results:
            cfg = r.expectation_config
            name = _expectation_name(cfg)
            severity = (cfg.meta or {}).get("severity", spec.CRITICAL)
            n = int((r.result or {}).get("unexpected_count") or 0)
            ok = bool(r.success)
            if r.exception_info and r.exception_info.get("raised_exception"):
                # An expectation that could not be evaluated is a failure, never a pass.
                log.error("%s.%s raised: %s", table, name, r.exception_info.get("exception_message"))
            outcome.checks_run += 1
            outcome.checks_passed += ok
            dq.append({"run_id": run_id, "table_name": table, "expectation": name, "severity": severity,
                       "success": ok, "unexpected_count": n, "checked_at": now})
            if ok:
                continue
            if severity == spec.CRITICAL:
                outcome.critical_failures.append((table, name, n))
                continue
            outcome.warnings.append((table, name, n))
            if (cfg.meta or {}).get("quarantine", True):
                for idx in (r.result or {}).get("unexpected_index_list") or []:
                    i = idx if isinstance(idx, int) else idx.get("index", idx)
                    bad_rows.setdefault(table, {}).setdefault(int(i), []).append(name)
    outcome.dq_rows = pl.DataFrame(dq, schema=DQ_RESULT, orient="row")
    _split(tables, bad_rows, outcome)
    return outcome


def _expectation_name(cfg) -> str:
    kw = cfg.kwargs or {}
    target = kw.get("column") or ",".join(kw.get("column_list") or [])
    return f"{cfg.type}({target})" if target else cfg.type


def _split(tables: dict[str, pl.DataFrame], bad_rows: dict[str, dict[int, list[str]]],
           outcome: ValidationOutcome) -> None:
    """Remove failing rows from the load; an article in quarantine takes its facts along."""
    quarantined_articles: set[str] = set()
    if "dim_article" in bad_rows:
        arts = tables["dim_article"]
        quarantined_articles = {arts["article_id"][i] for i in bad_rows["dim_article"]}
    for table, df in tables.items():
        rows = bad_rows.get(table, {})
        reasons = [";".join(rows.get(i, [])) or None for i in range(df.height)]
        if quarantined_articles and "article_id" in df.columns and table not in ("ingest_ledger",):
            reasons = [r or ("parent article quarantined" if a in quarantined_articles else None)
                       for r, a in zip(reasons, df["article_id"].to_list(), strict=True)]
        mask = pl.Series([r is not None for r in reasons], dtype=pl.Boolean)
        if mask.any():
            outcome.quarantine[table] = df.filter(mask).with_columns(
                pl.Series("expectation", [r for r in reasons if r is not None]))
            df = df.filter(~mask)
        if table == "ingest_ledger" and quarantined_articles:
            df = df.with_columns(
                pl.when(pl.col("article_id").is_in(list(quarantined_articles)) & (pl.col("status") == "loaded"))
                .then(pl.lit("rejected")).otherwise(pl.col("status")).alias("status"),
                pl.when(pl.col("article_id").is_in(list(quarantined_articles)) & (pl.col("status") == "loaded"))
                .then(pl.lit("quarantined by a data-quality warning (see quarantine_dim_article)"))
                .otherwise(pl.col("reason")).alias("reason"),
            )
        outcome.tables[table] = df


# Data Docs re-render every stored result (~17 ms each), so only the latest few runs are kept
# as HTML; the full history of every check stays queryable in `dq_result`.
KEEP_VALIDATION_RESULTS = 40


def _prune_results(keep: int) -> None:
    store = gx_root() / "gx" / "uncommitted" / "validations"
    if not store.exists():
        return
    files = sorted((p for p in store.rglob("*.json")), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)


def build_data_docs(target: Path | None = None) -> Path | None:
    """Build GX Data Docs HTML and copy it under reports/ (ignored)."""
    try:
        _prune_results(keep=KEEP_VALIDATION_RESULTS)
        ctx = get_context()
        ctx.build_data_docs()
        src = gx_root() / "gx" / "uncommitted" / "data_docs" / "local_site"
        dest = (target or settings.reports_dir()) / "data_docs"
        if src.exists():
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(src, dest)
            return dest / "index.html"
    except Exception as exc:  # noqa: BLE001 - docs are a report, never a reason to fail a loaded run
        log.warning("could not build Data Docs: %s", exc)
    return None


def data_docs_index(target: Path | None = None) -> str | None:
    """The Data Docs a run left under reports/, if any (a run that changed nothing keeps them)."""
    index = (target or settings.reports_dir()) / "data_docs" / "index.html"
    return str(settings._rel(index)) if index.exists() else None
