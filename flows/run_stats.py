"""One run's counts and timings, gathered as the flow goes: the `etl_run` row and the run
summary (dateline/report.py) are both built from here."""

from __future__ import annotations

import copy
import datetime as dt
import json
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field

import polars as pl

from dateline import quality, report
from transforms import ledger

# the dim_article columns the run tables need from each chunk (publishers, dates; never bodies)
RUN_ARTICLE_COLUMNS = ("article_id", "publisher_id", "publisher", "published_date")


class DataQualityError(RuntimeError):
    """A critical expectation failed: nothing was loaded."""


@dataclass
class RunStats:
    """Timings per stage, the plan's counts, the quality outcomes of every validation, and
    the few columns of each loaded chunk the run tables need."""

    run_id: str
    started_at: dt.datetime
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    records_seen: int = 0
    actions: dict[str, int] = field(default_factory=dict)  # ledger action -> records
    nlp_articles: int = 0  # articles in a language the model parses
    nlp_seconds: float = 0.0  # summed over the batches (they overlap)
    checks_run: int = 0
    checks_passed: int = 0
    critical: list[tuple[str, str, int]] = field(default_factory=list)
    warnings: list[tuple[str, str, int]] = field(default_factory=list)
    rows_loaded: dict[str, int] = field(default_factory=dict)
    quarantined: dict[str, int] = field(default_factory=dict)
    dq_rows: list[pl.DataFrame] = field(default_factory=list)
    dim_articles: list[pl.DataFrame] = field(default_factory=list)
    event_dates: list = field(default_factory=list)
    quarantined_articles: set[str] = field(default_factory=set)

    @classmethod
    def start(cls) -> RunStats:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        return cls(run_id=ledger.new_run_id(now), started_at=now)

    def _add_time(self, stage: str, seconds: float) -> None:
        self.timings[stage] = round(self.timings.get(stage, 0.0) + seconds, 3)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self._add_time(stage, time.perf_counter() - t0)

    @contextmanager
    def timed_entry(self, stage: str, cm: AbstractContextManager):
        """Enter `cm` with its entry timed as `stage` (a LoadSession's begin is load time)."""
        with ExitStack() as stack:
            with self.timed(stage):
                value = stack.enter_context(cm)
            yield value

    def timed_iter(self, stage: str, items: Iterable) -> Iterator:
        """`items`, the wait for each one timed as `stage` (not the wait for the end)."""
        it = iter(items)
        while True:
            t0 = time.perf_counter()
            try:
                item = next(it)
            except StopIteration:
                return
            self._add_time(stage, time.perf_counter() - t0)
            yield item
            del item  # not held while the next one is awaited

    # what `gate` adds to: a publish that lost to another run's is validated again from here
    GATE_FIELDS = ("checks_run", "checks_passed", "critical", "warnings", "rows_loaded", "quarantined", "dq_rows")

    def savepoint(self) -> dict:
        return {f: copy.copy(getattr(self, f)) for f in self.GATE_FIELDS}

    def restore(self, saved: dict) -> None:
        for f, value in saved.items():
            setattr(self, f, value)

    def planned(self, records_seen: int, actions: dict[str, int], nlp_articles: int) -> None:
        self.records_seen, self.actions, self.nlp_articles = records_seen, dict(actions), nlp_articles

    def gate(self, outcome: quality.ValidationOutcome) -> quality.ValidationOutcome:
        """Record a validation outcome; a critical failure stops the run (nothing is loaded)."""
        self.dq_rows.append(outcome.dq_rows)
        for t, df in outcome.tables.items():
            self.rows_loaded[t] = self.rows_loaded.get(t, 0) + df.height
        for t, df in outcome.quarantine.items():
            self.quarantined[t] = self.quarantined.get(t, 0) + df.height
        self.checks_run += outcome.checks_run
        self.checks_passed += outcome.checks_passed
        self.critical.extend(outcome.critical_failures)
        self.warnings.extend(outcome.warnings)
        if outcome.critical_failures:
            raise DataQualityError(
                "critical data-quality failure, nothing was loaded: "
                + "; ".join(f"{t}.{e} ({n} rows)" for t, e, n in outcome.critical_failures)
            )
        return outcome

    def chunk_loaded(self, outcome: quality.ValidationOutcome, nlp_seconds: float) -> None:
        """A loaded chunk: its NLP seconds, and what the run tables need from it (publishers
        and dates, never the bodies)."""
        self.nlp_seconds += nlp_seconds
        self.dim_articles.append(outcome.tables["dim_article"].select(*RUN_ARTICLE_COLUMNS))
        if "fact_event" in outcome.tables:
            self.event_dates += outcome.tables["fact_event"]["event_date"].to_list()
        if "dim_article" in outcome.quarantine:
            self.quarantined_articles |= set(outcome.quarantine["dim_article"]["article_id"].to_list())

    def dq_result(self) -> pl.DataFrame:
        """One dq_result row per (table, expectation): a check passes only if it passed in every chunk."""
        if not self.dq_rows:
            return pl.DataFrame(schema=quality.DQ_RESULT)
        return (
            pl.concat(self.dq_rows)
            .group_by("run_id", "table_name", "expectation", "severity", maintain_order=True)
            .agg(pl.col("success").all(), pl.col("unexpected_count").sum(), pl.col("checked_at").max())
        )

    def run_row(self, final_ledger: pl.DataFrame, paths: list[str], full_refresh: bool) -> dict:
        """The run's etl_run row (row_counts are added by the load)."""
        a = self.actions
        return {
            "run_id": self.run_id,
            "started_at": self.started_at,
            "finished_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
            "status": "succeeded_with_warnings" if self.warnings else "succeeded",
            "flow_run_id": _flow_run_id(),
            "input_paths": json.dumps(paths),
            "full_refresh": full_refresh,
            "records_seen": self.records_seen,
            "articles_new": a["new"],
            "articles_changed": a["changed"],
            "articles_unchanged": a["unchanged"],
            "articles_duplicate": a["duplicate"],
            "records_rejected": final_ledger.filter(pl.col("status") == "rejected").height,
            "nlp_articles": self.nlp_articles,
            "dq_warnings": len(self.warnings),
            "stage_seconds": json.dumps(self.timings),
        }

    def summary(self, ledger_rows: pl.DataFrame, counts: dict[str, int] | None = None) -> dict:
        """The run summary; a committed run's (`counts`: rows in the warehouse) has its NLP seconds."""
        out = report.run_summary(
            self.run_id,
            ledger_rows,
            self.rows_loaded,
            self.quarantined,
            self.critical,
            self.warnings,
            (self.checks_run, self.checks_passed),
            self.timings,
            self.nlp_articles,
            counts,
        )
        if counts is not None:
            out["nlp_seconds"] = round(self.nlp_seconds, 3)
        return out


def _flow_run_id() -> str | None:
    from prefect.runtime import flow_run

    return str(flow_run.id) if flow_run.id else None
