"""The one-page run summary: rows per table, checks passed and failed, quarantined rows.

Written as Markdown under reports/ and published as a Prefect artifact; it carries the key
numbers on its own, because Data Docs HTML takes its CSS from CDNs.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl


def run_summary(
    run_id,
    run_ledger: pl.DataFrame,
    rows_loaded: dict,
    quarantined: dict,
    critical,
    warnings,
    checks,
    timings,
    nlp_articles,
    counts=None,
) -> dict:
    actions = {
        a: run_ledger.filter(pl.col("action") == a).height
        for a in ("new", "changed", "unchanged", "duplicate", "rejected")
    }
    return {
        "run_id": run_id,
        "status": "failed" if critical else "succeeded_with_warnings" if warnings else "succeeded",
        "records": run_ledger.height,
        "actions": actions,
        "nlp_articles": nlp_articles,
        "rows_this_run": dict(rows_loaded),
        "rows_in_warehouse": counts or {},
        "checks_run": checks[0],
        "checks_passed": checks[1],
        "critical_failures": [list(x) for x in critical],
        "warnings": [list(x) for x in warnings],
        "quarantined": dict(quarantined),
        "rejected": [
            {"source": f"{r['source_path']}#{r['record_no']}", "reason": r["reason"]}
            for r in run_ledger.filter(pl.col("status") == "rejected").iter_rows(named=True)
        ],
        "stage_seconds": dict(timings),
    }


def to_markdown(s: dict) -> str:
    lines = [f"# dateline run {s['run_id']}: {s['status']}", ""]
    a = s["actions"]
    lines += [
        f"Inputs: {s['records']} records; {a['new']} new, {a['changed']} changed, {a['unchanged']} unchanged "
        f"(skipped before NLP), {a['duplicate']} duplicate, {a['rejected']} rejected. "
        f"NLP ran on {s['nlp_articles']} articles.",
        "",
    ]
    lines += [
        f"Data quality: {s['checks_passed']} of {s['checks_run']} checks passed; "
        f"{len(s['critical_failures'])} critical failures, {len(s['warnings'])} warnings.",
        "",
    ]
    lines += ["| table | rows this run | rows in warehouse | quarantined |", "| --- | ---: | ---: | ---: |"]
    names = sorted(set(s["rows_this_run"]) | {t for t in s["rows_in_warehouse"] if not t.startswith("quarantine_")})
    for t in names:
        lines.append(
            f"| {t} | {s['rows_this_run'].get(t, '')} | {s['rows_in_warehouse'].get(t, '')} | "
            f"{s['quarantined'].get(t, 0)} |"
        )
    if s["critical_failures"] or s["warnings"]:
        lines += ["", "| severity | table | expectation | failing rows |", "| --- | --- | --- | ---: |"]
        lines += [f"| critical | {t} | `{e}` | {n} |" for t, e, n in s["critical_failures"]]
        lines += [f"| warning | {t} | `{e}` | {n} |" for t, e, n in s["warnings"]]
    if s["rejected"]:
        lines += ["", "Rejected inputs:", ""]
        lines += [f"- `{r['source']}`: {r['reason']}" for r in s["rejected"][:50]]
        if len(s["rejected"]) > 50:
            lines.append(f"- … and {len(s['rejected']) - 50} more (see `ingest_ledger`)")
    if s.get("data_docs"):
        lines += ["", f"Data Docs: `{s['data_docs']}`"]
    if s.get("html_report"):
        lines += ["", f"HTML report: {Path(s['html_report']).resolve().as_uri()}"]
    lines += ["", "Stage seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in s["stage_seconds"].items())]
    return "\n".join(lines) + "\n"


def write_summary(summary: dict, reports_dir: Path) -> Path:
    reports_dir.mkdir(parents=True, exist_ok=True)
    md = to_markdown(summary)
    path = reports_dir / f"{summary['run_id']}.md"
    path.write_text(md)
    (reports_dir / "latest_run.md").write_text(md)
    (reports_dir / "latest_run.json").write_text(json.dumps(summary, indent=2, default=str))
    return path
