"""The offline HTML page of one run: the run, actors, events, quotes and the warehouse.

Reads the warehouse read-only (it works beside a DuckDB reader, not while a writer holds the
file) and writes one self-contained page: CSS, SVG charts and the quote filter are inline,
so the page opens from the file system with nothing to fetch.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import duckdb
import jinja2

from dateline import settings, svg_charts
from warehouse.connection import connect, table_counts

TEMPLATE = "run_report.html.j2"
ACTIONS = ("new", "changed", "unchanged", "duplicate", "rejected")
NETWORK_NODES = 50
QUOTE_ROWS = 500  # the rest are one query away (v_quotes); more would make a slow page
QUADS = tuple(svg_charts.QUAD_COLOURS)


class NoRun(LookupError):
    """The warehouse has no etl_run row (or not the one asked for)."""


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=False)) for r in cur.fetchall()]


def run_row(con, run_id: str | None) -> dict:
    """The etl_run row of `run_id`, or of the latest run."""
    where, params = ("where run_id = ?", [run_id]) if run_id else ("", [])
    rows = _rows(con, f"select * from etl_run {where} order by started_at desc limit 1", params)
    if not rows:
        raise NoRun(f"no run {run_id} in this warehouse" if run_id else "no run recorded in this warehouse")
    row = rows[0]
    latest = con.execute("select run_id from etl_run order by started_at desc limit 1").fetchone()[0]
    row["is_latest"] = row["run_id"] == latest
    row["inputs"] = json.loads(row["input_paths"] or "[]")
    row["stages"] = json.loads(row["stage_seconds"] or "{}")
    return row


def ledger_actions(con, run: dict) -> list[dict]:
    """Records per action with their reasons, from the ledger rows this run last touched
    (a later run rewrites them: for an older run the counts come from etl_run alone)."""
    reasons = _rows(
        con,
        """
        select action, coalesce(reason, '') as reason, count(*) as n from ingest_ledger
        where last_run_id = ? group by all order by n desc, reason""",
        [run["run_id"]],
    )
    counts = {
        "new": run["articles_new"],
        "changed": run["articles_changed"],
        "unchanged": run["articles_unchanged"],
        "duplicate": run["articles_duplicate"],
        "rejected": run["records_rejected"],
    }
    return [
        {"action": a, "records": counts[a] or 0, "reasons": [r for r in reasons if r["action"] == a and r["reason"]]}
        for a in ACTIONS
    ]


def dq_tables(con, run_id: str) -> list[dict]:
    """This run's checks per table, with the pass rate of the runs before it."""
    return _rows(
        con,
        """
        with this as (select table_name, count(*) as checks, count(*) filter (where success) as passed,
                             list(expectation order by expectation) filter (where not success) as failed
                      from dq_result where run_id = ? group by all),
             before as (select d.table_name, avg(d.success::int) as earlier_rate from dq_result d
                        join etl_run r using (run_id)
                        where r.started_at < (select started_at from etl_run where run_id = ?) group by all)
        select this.*, passed / checks as rate, before.earlier_rate
        from this left join before using (table_name) order by table_name""",
        [run_id, run_id],
    )


def dq_trend(con, last: int = 30) -> list[tuple[str, float]]:
    """The share of checks passed in each of the last runs, oldest first."""
    rows = con.execute(
        """
        select r.started_at, avg(d.success::int) from dq_result d join etl_run r using (run_id)
        group by r.run_id, r.started_at order by r.started_at desc limit ?""",
        [last],
    ).fetchall()
    return [(f"{started:%Y-%m-%d %H:%M}", float(rate)) for started, rate in reversed(rows)]


def top_actors(con, limit: int = 20) -> list[dict]:
    return _rows(
        con,
        """
        select a.actor_id, a.name, a.actor_type, a.country_code, a.sector, count(*) as mentions,
               count(distinct m.article_id) as articles
        from fact_actor_mention m join dim_actor a using (actor_id)
        group by all order by mentions desc, a.name limit ?""",
        [limit],
    )


def interaction_edges(con) -> list[dict]:
    """Directed, weighted edges: speaker -> addressee of quotes, source -> target of the
    warehouse's interactions (`v_interaction`), with the kinds of their links."""
    rows = _rows(
        con,
        """
        select i.source_actor_id as source, i.target_actor_id as target,
               case when t.quad_class like '%conflict' then 'conflict' else 'cooperation' end as kind,
               i.event_type as what, count(distinct i.interaction_id) as n
        from v_interaction i left join dim_event_type t using (event_type) group by all
        union all
        select speaker_actor_id, addressee_actor_id, 'quotes', 'quote', count(*)
        from fact_quote where speaker_actor_id <> addressee_actor_id and quote_type <> 'term' group by all""",
    )
    merged: dict[tuple[str, str], dict] = {}
    for r in sorted(rows, key=lambda r: (r["source"], r["target"], r["kind"], r["what"])):
        edge = merged.setdefault(
            (r["source"], r["target"]),
            {"source": r["source"], "target": r["target"], "weight": 0, "by_kind": defaultdict(int), "what": []},
        )
        edge["weight"] += r["n"]
        edge["by_kind"][r["kind"]] += r["n"]
        edge["what"].append(f"{r['n']} {r['what']}")
    return list(merged.values())


def network(con, limit: int = NETWORK_NODES) -> tuple[list[dict], list[dict]]:
    """At most `limit` actors and the edges among them: the heaviest edges first, then those
    of the most linked actors, both ends kept, so no actor is drawn without a link."""
    edges = interaction_edges(con)
    degree: dict[str, int] = defaultdict(int)
    for e in edges:
        degree[e["source"]] += e["weight"]
        degree[e["target"]] += e["weight"]
    keep: list[str] = []
    for e in sorted(
        edges, key=lambda e: (-e["weight"], -degree[e["source"]] - degree[e["target"]], e["source"], e["target"])
    ):
        new = [a for a in (e["source"], e["target"]) if a not in keep]
        if len(keep) + len(new) <= limit:
            keep += new
    if not keep:
        return [], []
    nodes = _rows(
        con,
        """
        select a.actor_id as id, a.name, a.actor_type, count(m.mention_id) as mentions
        from dim_actor a left join fact_actor_mention m using (actor_id)
        where a.actor_id in (select unnest(?)) group by all order by id""",
        [keep],
    )
    names = {n["id"]: n["name"] for n in nodes}
    kept = [e for e in edges if e["source"] in names and e["target"] in names]
    for e in kept:
        e["kind"] = max(sorted(e["by_kind"]), key=lambda k: e["by_kind"][k])
        e["detail"] = f"{names[e['source']]} → {names[e['target']]}: {', '.join(e['what'])}"
    return nodes, kept


def event_dates(con) -> dict:
    """Dated events per day and quad class, the undated count and the publication range."""
    counts = con.execute("""
        select e.event_date, coalesce(t.quad_class, 'unclassified'), count(*)
        from fact_event e left join dim_event_type t using (event_type)
        where e.event_date is not null group by all order by 1""").fetchall()
    undated, total = con.execute(
        "select count(*) filter (where event_date is null), count(*) from fact_event"
    ).fetchone()
    first, last = con.execute("select min(published_date), max(published_date) from dim_article").fetchone()
    return {"counts": counts, "undated": undated, "total": total, "published": (first, last)}


def timeline_bins(dates: dict) -> dict:
    """Monthly bins (dates of month or year granularity fall on the month's first day) from a
    year before the first publication date to the last one: events are mostly reported near
    publication, and a "1905" would flatten the rest. Events outside are counted, not drawn."""
    counts = dates["counts"]
    first, last = dates["published"]
    lo = (first - dt.timedelta(days=365)) if first else min((d for d, _, _ in counts), default=None)
    hi = last or max((d for d, _, _ in counts), default=None)
    inside = [(d, q, n) for d, q, n in counts if lo <= d <= hi] if lo else []
    outside = sum(n for _, _, n in counts) - sum(n for _, _, n in inside)
    if not inside:
        return {"bins": [], "series": {}, "outside": outside, "window": None}
    start, end = min(d for d, _, _ in inside), max(d for d, _, _ in inside)
    bins = [
        f"{y:04d}-{m:02d}"
        for y in range(start.year, end.year + 1)
        for m in range(1, 13)
        if (start.year, start.month) <= (y, m) <= (end.year, end.month)
    ]
    index = {b: i for i, b in enumerate(bins)}
    series = {q: [0] * len(bins) for q in QUADS if q != "unclassified"}  # all four, always: a steady legend
    for day, quad, n in inside:
        series.setdefault(quad, [0] * len(bins))[index[f"{day:%Y-%m}"]] += n
    return {"bins": bins, "series": series, "outside": outside, "window": (bins[0], bins[-1])}


def top_pairs(con, limit: int = 15) -> list[dict]:
    """The source -> target pairs with the most interactions (`v_interaction`)."""
    return _rows(
        con,
        """
        select s.name as source, t.name as target, count(distinct i.interaction_id) as events,
               string_agg(distinct i.event_type, ', ' order by i.event_type) as types
        from v_interaction i join dim_actor s on s.actor_id = i.source_actor_id
        join dim_actor t on t.actor_id = i.target_actor_id
        group by all order by events desc, source, target limit ?""",
        [limit],
    )


def top_speakers(con, limit: int = 15) -> list[dict]:
    return _rows(
        con,
        """
        select a.name, a.actor_type, count(*) as quotes, count(*) filter (where q.quote_type = 'direct') as direct
        from fact_quote q join dim_actor a on a.actor_id = q.speaker_actor_id
        where q.quote_type <> 'term' group by all order by quotes desc, a.name limit ?""",
        [limit],
    )


def quotes(con, limit: int = QUOTE_ROWS) -> tuple[list[dict], int]:
    """Quotations (scare-quoted terms left out) with their article and offsets."""
    rows = _rows(
        con,
        """
        select coalesce(sp.name, q.speaker_text) as speaker, q.cue, q.quote_type, q.quote_text, q.section,
               q.start_char, q.end_char, a.url, a.title, a.external_id, a.published_date
        from fact_quote q join dim_article a using (article_id)
        left join dim_actor sp on sp.actor_id = q.speaker_actor_id
        where q.quote_type <> 'term'
        order by a.published_date nulls last, a.external_id, q.start_char limit ?""",
        [limit],
    )
    for r in rows:  # only a web address becomes a link: never javascript: or a data: URL
        r["url"] = r["url"] if (r["url"] or "").startswith(("http://", "https://")) else None
    total = con.execute("select count(*) from fact_quote where quote_type <> 'term'").fetchone()[0]
    return rows, total


def collect(con, run_id: str | None = None) -> dict:
    """Everything the page shows, read in one read-only session."""
    run = run_row(con, run_id)
    nodes, edges = network(con)
    dates = event_dates(con)
    quote_rows, quote_total = quotes(con)
    return {
        "run": run,
        "actions": ledger_actions(con, run),
        "dq_tables": dq_tables(con, run["run_id"]),
        "dq_trend": dq_trend(con),
        "actors": top_actors(con),
        "nodes": nodes,
        "edges": edges,
        "dates": dates,
        "timeline": timeline_bins(dates),
        "pairs": top_pairs(con),
        "speakers": top_speakers(con),
        "quotes": quote_rows,
        "quote_total": quote_total,
        "counts": table_counts(con),
    }


def charts(data: dict) -> dict[str, str]:
    """The page's SVG charts, built from the collected data."""
    stages = sorted(data["run"]["stages"].items(), key=lambda kv: -kv[1])
    tl = data["timeline"]
    return {
        "stages": svg_charts.hbar_chart(stages, "stage seconds", "#009E73"),
        "dq_trend": svg_charts.line_chart(data["dq_trend"], "share of checks passed per run", width=460),
        "network": svg_charts.network_chart(data["nodes"], data["edges"], "who quotes, targets or meets whom"),
        "timeline": svg_charts.stacked_bars(tl["bins"], tl["series"], "events by date and quad class"),
        "speakers": svg_charts.hbar_chart(
            [(s["name"], s["quotes"]) for s in data["speakers"]], "quotes per speaker", "#CC79A7"
        ),
    }


def render(data: dict, warehouse: str) -> str:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("dateline", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template(TEMPLATE).render(
        **data,
        charts=charts(data),
        warehouse=warehouse,
        network_limit=NETWORK_NODES,
        generated_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def write_report(warehouse: str | Path, out_dir: Path | None = None, run_id: str | None = None) -> Path:
    """Write `<out>/html/<run_id>.html`, and the same page as `<out>/report.html` when it
    shows the latest run; `out` defaults to the reports folder. Returns the run's page."""
    con = connect(warehouse, read_only=True)
    try:
        data = collect(con, run_id)
    finally:
        con.close()
    page = render(data, str(warehouse))
    out = Path(out_dir) if out_dir else settings.reports_dir(warehouse)
    path = out / "html" / f"{data['run']['run_id']}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    if data["run"]["is_latest"]:
        (out / "report.html").write_text(page, encoding="utf-8")
    return path
