"""staged + warehouse state -> the run's plan: what is new, changed, unchanged, duplicate
or rejected, and the ledger rows that account for every input."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

import polars as pl

from transforms.schemas import INGEST_LEDGER

LEDGER = INGEST_LEDGER  # the planner's columns of ingest_ledger
KNOWN_LEDGER = {"ledger_id": pl.Utf8, "content_hash": pl.Utf8, "article_id": pl.Utf8, "status": pl.Utf8}
KNOWN_ARTICLE = {"article_id": pl.Utf8}


def ledger_id(source_path: str, record_no: int) -> str:
    return "led_" + hashlib.sha256(f"{source_path}\x1f{record_no}".encode()).hexdigest()[:16]


def new_run_id(now: dt.datetime) -> str:
    """A run's id: its UTC start time, sortable, and a random suffix."""
    return now.strftime("run_%Y%m%dT%H%M%SZ_") + uuid.uuid4().hex[:6]


def rejected_row(base: dict, reason: str) -> dict:
    """The ledger row of an input that gives no article."""
    return {
        **base,
        "content_hash": None,
        "article_id": None,
        "status": "rejected",
        "action": "rejected",
        "reason": reason,
    }


def _duplicate_row(base: dict, duplicate_of: str, keeper_ids: dict, note: str | None) -> dict:
    """The ledger row of a record whose text another record of the run already gives."""
    reason = "; ".join(filter(None, [f"same text as {duplicate_of}", note]))
    return {
        **base,
        "article_id": keeper_ids.get(duplicate_of),
        "status": "duplicate",
        "action": "duplicate",
        "reason": reason,
    }


def plan_run(
    staged: pl.DataFrame, known_ledger: pl.DataFrame, known_articles: pl.DataFrame, full_refresh: bool = False
) -> tuple[pl.DataFrame, list[str]]:
    """Decide each record's fate.

    Returns (ledger rows for this run, article_ids whose rows must be deleted because their
    source changed). Articles to process are the ledger rows with action new/changed.
    `staged` must carry `duplicate_of` (see staging.dedupe_articles).
    """
    if full_refresh:
        known_ledger = known_ledger.clear()
        known_articles = known_articles.clear()
    prior = {r["ledger_id"]: r for r in known_ledger.iter_rows(named=True)}
    loaded = set(known_articles["article_id"].to_list())
    keeper_ids = {
        (r["source_path"] if r["record_no"] is None else f"{r['source_path']}#{r['record_no']}"): r["article_id"]
        for r in staged.filter(pl.col("error").is_null() & pl.col("duplicate_of").is_null()).iter_rows(named=True)
    }
    rows, replaced = [], set()
    still_referenced = set()
    for r in staged.iter_rows(named=True):
        lid = ledger_id(r["source_path"], r["record_no"])
        base = {k: r.get(k) for k in LEDGER if k in r}
        base["ledger_id"] = lid
        before = prior.get(lid)
        if r["error"] is not None:
            rows.append(rejected_row(base, r["error"]))
            continue
        note = r.get("note")
        if r["duplicate_of"] is not None:
            rows.append(_duplicate_row(base, r["duplicate_of"], keeper_ids, note))
            continue
        if before is not None and before["content_hash"] != r["content_hash"] and before["article_id"]:
            replaced.add(before["article_id"])
        if r["article_id"] in loaded:
            still_referenced.add(r["article_id"])
            same_source = before is not None and before["content_hash"] == r["content_hash"]
            if same_source and before["status"] == "loaded":
                action, status = "unchanged", "loaded"
            else:
                action, status = "duplicate", "duplicate"
                note = "; ".join(filter(None, ["same text as an article loaded earlier", note]))
        else:
            action = (
                "changed"
                if before is not None and before["content_hash"] and before["content_hash"] != r["content_hash"]
                else "new"
            )
            status = "loaded"
        rows.append({**base, "status": status, "action": action, "reason": note})
    ledger = pl.DataFrame(rows, schema=LEDGER, orient="row") if rows else pl.DataFrame(schema=LEDGER)
    # An old version is deleted only if no record in this run still maps to it.
    to_delete = sorted(a for a in replaced if a not in still_referenced)
    return ledger, to_delete


def articles_to_process(ledger: pl.DataFrame) -> list[str]:
    return ledger.filter(pl.col("action").is_in(["new", "changed"]))["article_id"].unique(maintain_order=True).to_list()


def mark_quarantined(ledger: pl.DataFrame, article_ids: set[str]) -> pl.DataFrame:
    """Records whose article a data-quality warning set aside: rejected, with the reason."""
    if not article_ids:
        return ledger
    hit = pl.col("article_id").is_in(list(article_ids)) & (pl.col("status") == "loaded")
    return ledger.with_columns(
        pl.when(hit).then(pl.lit("rejected")).otherwise(pl.col("status")).alias("status"),
        pl.when(hit)
        .then(pl.lit("quarantined by a data-quality warning (see quarantine_dim_article)"))
        .otherwise(pl.col("reason"))
        .alias("reason"),
    )
