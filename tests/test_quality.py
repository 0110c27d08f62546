"""The quality gate on tiny frames: one corruption of each kind.

Critical failures (duplicate key, dangling foreign key) stop the load; warnings (offset
out of range, bad enumeration value, future date) move the failing rows to quarantine and
let the good rows load, and every result lands in dq_result."""

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import duckdb
import polars as pl
import pytest

from dateline import quality, settings
from expectations import spec
from transforms.schemas import FACT_QUOTE
from transforms.staging import DIM_ARTICLE
from warehouse.connection import connect
from warehouse.load import LoadPayload, load_run

DIM_ACTOR = {"actor_id": pl.Utf8, "name": pl.Utf8, "actor_type": pl.Utf8, "country_code": pl.Utf8, "sector": pl.Utf8}
BODY = "Pompeo said “we made progress” on Saturday."
PARAMS = quality.suite_parameters(
    {"iso3": ["USA", "PRK"], "sectors": ["GOV"], "event_types": ["CONSULT"]}, today=dt.date(2026, 11, 24)
)


def article(aid="art_1", published=dt.date(2021, 4, 2), body=BODY):
    return {
        "article_id": aid,
        "external_id": aid,
        "source_path": f"{aid}.txt",
        "title": None,
        "author": None,
        "publisher_id": None,
        "publisher": None,
        "url": None,
        "published_date": published,
        "body": body,
        "content_hash": "0" * 64,
        "word_count": len(body.split()),
        "ingested_at": dt.datetime(2026, 1, 1),
        "run_id": "run_x",
    }


def quote(qid="quo_1", aid="art_1", start=18, end=31, text="we made progress", qtype="direct", speaker="act_p"):
    return {
        "quote_id": qid,
        "article_id": aid,
        "section": "body",
        "sentence_index": 0,
        "quote_text": text,
        "quote_type": qtype,
        "start_char": start,
        "end_char": end,
        "speaker_actor_id": speaker,
        "speaker_text": "Pompeo",
        "speaker_start": 0,
        "speaker_end": 6,
        "cue": "said",
        "addressee_actor_id": None,
        "attribution_method": "explicit",
        "confidence": 0.9,
    }


def tables(articles=None, quotes=None, actors=None):
    start = BODY.index("we made")
    qs = quotes if quotes is not None else [quote(start=start, end=start + len("we made progress"))]
    return {
        "dim_article": pl.DataFrame(articles or [article()], schema=DIM_ARTICLE, orient="row"),
        "dim_actor": pl.DataFrame(
            actors
            or [
                {
                    "actor_id": "act_p",
                    "name": "Mike Pompeo",
                    "actor_type": "person",
                    "country_code": "USA",
                    "sector": "GOV",
                }
            ],
            schema=DIM_ACTOR,
            orient="row",
        ),
        "fact_quote": pl.DataFrame(qs, schema=FACT_QUOTE, orient="row"),
    }


def run(t):
    return quality.validate_tables(t, None, "run_t", parameters=PARAMS)


def test_clean_frames_pass():
    out = run(tables())
    assert out.critical_failures == [] and out.warnings == []
    assert out.dq_rows.height == out.checks_run > 20 and out.dq_rows["success"].all()


def test_duplicate_key_is_critical():
    t = tables()
    t["fact_quote"] = pl.concat([t["fact_quote"], t["fact_quote"]])
    out = run(t)
    assert ("fact_quote", "expect_column_values_to_be_unique(quote_id)", 2) in out.critical_failures


def test_dangling_foreign_key_is_critical():
    start = BODY.index("we made")
    out = run(tables(quotes=[quote(start=start, end=start + 16, speaker="act_missing")]))
    assert [f[:2] for f in out.critical_failures] == [
        ("fact_quote", "expect_column_values_to_be_in_set(_chk_speaker_fk)")
    ]


def test_warnings_quarantine_only_the_failing_rows():
    start = BODY.index("we made")
    good = quote("quo_good", start=start, end=start + 16)
    bad_offset = quote("quo_off", start=500, end=520)
    bad_enum = quote("quo_enum", start=start, end=start + 16, qtype="rumour")
    future = article("art_future", published=dt.date(2031, 1, 1))
    out = run(
        tables(
            articles=[article(), future],
            quotes=[good, bad_offset, bad_enum, quote("quo_f", aid="art_future", start=start, end=start + 16)],
        )
    )
    assert out.critical_failures == []
    warned = {(t, e) for t, e, _ in out.warnings}
    assert ("fact_quote", "expect_column_values_to_be_in_set(_chk_offsets)") in warned
    assert ("fact_quote", "expect_column_values_to_be_in_set(quote_type)") in warned
    assert ("dim_article", "expect_column_values_to_be_between(published_date)") in warned
    assert out.tables["fact_quote"]["quote_id"].to_list() == ["quo_good"]
    assert out.tables["dim_article"]["article_id"].to_list() == ["art_1"]
    q = dict(zip(out.quarantine["fact_quote"]["quote_id"], out.quarantine["fact_quote"]["expectation"], strict=True))
    assert "_chk_offsets" in q["quo_off"] and "quote_type" in q["quo_enum"]
    assert q["quo_f"] == "parent article quarantined"


def test_warning_rows_land_in_quarantine_tables_and_dq_result(tmp_path):
    start = BODY.index("we made")
    out = run(
        tables(
            quotes=[
                quote("quo_good", start=start, end=start + 16),
                quote("quo_enum", start=start, end=start + 16, qtype="rumour"),
            ]
        )
    )
    con = connect(tmp_path / "w.duckdb")
    run_row = {"run_id": "run_t", "started_at": dt.datetime(2026, 1, 1), "status": "succeeded_with_warnings"}
    tables_ = {k: v for k, v in out.tables.items()}
    load_run(con, LoadPayload(run=run_row, tables={**tables_, "dq_result": out.dq_rows}, quarantine=out.quarantine))
    assert con.execute("select quote_id from fact_quote").fetchall() == [("quo_good",)]
    assert con.execute("select quote_id, expectation, run_id from quarantine_fact_quote").fetchall() == [
        ("quo_enum", "expect_column_values_to_be_in_set(quote_type)", "run_t")
    ]
    failed = con.execute("select table_name, severity, unexpected_count from dq_result where not success").fetchall()
    assert failed == [("fact_quote", "warning", 1)]
    con.close()


def test_failed_load_rolls_back_everything(tmp_path):
    db = tmp_path / "w.duckdb"
    con = connect(db)
    first = tables()
    load_run(
        con,
        LoadPayload(run={"run_id": "r1", "started_at": dt.datetime(2026, 1, 1), "status": "succeeded"}, tables=first),
    )
    before = con.execute("select * from dim_article").fetchall(), con.execute("select * from fact_quote").fetchall()

    def crash(_con):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        load_run(
            con,
            LoadPayload(
                run={"run_id": "r2", "started_at": dt.datetime(2026, 1, 1), "status": "succeeded"},
                tables=tables(articles=[article("art_2")]),
                full_refresh=True,
            ),
            before_commit=crash,
        )
    con.close()
    ro = duckdb.connect(str(db), read_only=True)
    assert (
        ro.execute("select * from dim_article").fetchall(),
        ro.execute("select * from fact_quote").fetchall(),
    ) == before
    assert ro.execute("select run_id from etl_run").fetchall() == [("r1",)]


# --- GX used natively: severity and description on the expectation itself ----------------

GX_SUITES = Path(quality.gx_root()) / "gx" / "expectations"


def _numbers_as_float(value):
    """GX stores 0 as 0.0: compare kwargs with every number as a float."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dict):
        return {k: _numbers_as_float(v) for k, v in value.items()}
    return [_numbers_as_float(v) for v in value]


def _signature(kind: str, kwargs: dict) -> str:
    return kind + json.dumps(_numbers_as_float(kwargs), sort_keys=True, default=str)


def _spec_signature(e: dict) -> str:
    """As GX stores it (a row_condition string becomes a structured filter, and so on)."""
    stored = quality._config(e).to_domain_obj().configuration.to_json_dict()
    return _signature(stored["type"], stored["kwargs"])


def test_the_committed_suites_are_the_spec():
    """`dateline dq init` was run after the last change to expectations/spec.py."""
    assert {p.stem for p in GX_SUITES.glob("*.json")} == set(spec.SUITES)
    for table, entries in spec.SUITES.items():
        stored = json.loads((GX_SUITES / f"{table}.json").read_text())["expectations"]
        assert Counter(_signature(e["type"], e["kwargs"]) for e in stored) == Counter(map(_spec_signature, entries)), (
            table
        )


def test_every_stored_expectation_has_native_severity_and_a_description():
    wanted = {table: {_spec_signature(e): e for e in entries} for table, entries in spec.SUITES.items()}
    problems = []
    for path in sorted(GX_SUITES.glob("*.json")):
        for e in json.loads(path.read_text())["expectations"]:
            where = f"{path.stem}: {e['type']}({e['kwargs'].get('column') or e['kwargs'].get('column_list')})"
            source = wanted.get(path.stem, {}).get(_signature(e["type"], e["kwargs"]))
            if source is None:
                problems.append(f"{where}: not in expectations/spec.py")
                continue
            if e.get("severity") != source["severity"]:
                problems.append(f"{where}: native severity {e.get('severity')!r}, spec {source['severity']!r}")
            if not (e.get("description") or "").strip():
                problems.append(f"{where}: no description")
            if set(e.get("meta") or {}) - {"quarantine"}:
                problems.append(f"{where}: meta carries more than our quarantine flag: {e['meta']}")
    assert problems == []


def test_severity_is_read_from_the_native_field_not_meta():
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration
    from great_expectations.expectations.metadata_types import FailureSeverity

    cfg = ExpectationConfiguration(
        type="expect_column_values_to_not_be_null",
        kwargs={"column": "x"},
        severity=FailureSeverity.WARNING,
        meta={"severity": "critical"},
    )
    assert quality.severity_of(cfg) == "warning"
    built = quality._config(
        {
            "type": "expect_column_values_to_not_be_null",
            "kwargs": {"column": "x"},
            "severity": "warning",
            "description": "x is filled.",
            "meta": {"quarantine": False},
        }
    )
    assert (built.severity, built.description, built.meta) == (
        FailureSeverity.WARNING,
        "x is filled.",
        {"quarantine": False},
    )


def test_dq_result_severity_is_the_spec_severity():
    """The run's severities come from the stored suites' native field: the spec's, never a default."""
    start = BODY.index("we made")
    out = run(
        tables(
            quotes=[
                quote("quo_good", start=start, end=start + 16),
                quote("quo_enum", start=start, end=start + 16, qtype="rumour"),
            ]
        )
    )
    by_name: dict[tuple[str, str], set[str]] = {}
    for table, entries in spec.SUITES.items():
        for e in entries:
            name = quality._expectation_name(quality._config(e))
            by_name.setdefault((table, name), set()).add(e["severity"])
    rows = out.dq_rows.select("table_name", "expectation", "severity").rows()
    assert rows and all(sev in by_name[(t, e)] for t, e, sev in rows)
    assert {sev for *_, sev in rows} == {"critical", "warning"}
    assert ("fact_quote", "expect_column_values_to_be_in_set(quote_type)", 1) in out.warnings


# --- reports beside their warehouse ------------------------------------------------------


def test_a_warehouse_keeps_its_reports_beside_it(tmp_path, monkeypatch):
    monkeypatch.delenv("DATELINE_REPORTS_DIR", raising=False)
    real, scratch = tmp_path / "warehouse" / "dateline.duckdb", tmp_path / "warehouse" / "scratch.duckdb"
    assert settings.reports_dir(real) == tmp_path / "warehouse" / "reports" / "dateline"
    assert settings.reports_dir(str(scratch)) == tmp_path / "warehouse" / "reports" / "scratch"
    elsewhere = tmp_path / "other" / "dateline.duckdb"
    assert len({settings.reports_dir(real), settings.reports_dir(scratch), settings.reports_dir(elsewhere)}) == 3
    # GX's validation results and Data Docs site go with them
    for wh in (real, scratch):
        assert all(Path(p).is_relative_to(settings.reports_dir(wh)) for p in quality.gx_paths(wh).values())
    assert quality.gx_paths(real) != quality.gx_paths(scratch)
    monkeypatch.setenv("DATELINE_WAREHOUSE", str(scratch))
    assert settings.reports_dir() == settings.reports_dir(scratch)
    monkeypatch.setenv("DATELINE_REPORTS_DIR", str(tmp_path / "mine"))
    assert settings.reports_dir(real) == settings.reports_dir(scratch) == tmp_path / "mine"


# --- v_dq_trend ----------------------------------------------------------------------------


def test_dq_trend_gives_the_pass_rate_across_runs(tmp_path):
    start = BODY.index("we made")
    clean = quality.validate_tables(tables(), None, "run_1", parameters=PARAMS)
    warned = quality.validate_tables(
        tables(
            articles=[article("art_2")],
            quotes=[
                quote("quo_2", "art_2", start=start, end=start + 16),
                quote("quo_3", "art_2", start=start, end=start + 16, qtype="rumour"),
            ],
        ),
        None,
        "run_2",
        parameters=PARAMS,
    )
    con = connect(tmp_path / "w.duckdb")
    for run_id, day, out in (("run_1", 1, clean), ("run_2", 2, warned)):
        status = "succeeded_with_warnings" if out.warnings else "succeeded"
        load_run(
            con,
            LoadPayload(
                run={"run_id": run_id, "started_at": dt.datetime(2026, 1, day), "status": status},
                tables={"dq_result": out.dq_rows},
            ),
        )
    trend = {(t, e): row for t, e, *row in con.execute("select * from v_dq_trend").fetchall()}
    cols = [c for (c, *_) in con.execute("describe v_dq_trend").fetchall()][2:]
    quote_type = dict(zip(cols, trend[("fact_quote", "expect_column_values_to_be_in_set(quote_type)")], strict=True))
    assert quote_type == {
        "runs_checked": 2,
        "runs_passed": 1,
        "pass_rate": 0.5,
        "failed_rows_total": 1,
        "first_run_id": "run_1",
        "first_run_at": dt.datetime(2026, 1, 1),
        "last_run_id": "run_2",
        "last_run_at": dt.datetime(2026, 1, 2),
        "last_success": False,
        "last_severity": "warning",
    }
    key = dict(zip(cols, trend[("fact_quote", "expect_column_values_to_be_unique(quote_id)")], strict=True))
    assert (key["runs_checked"], key["pass_rate"], key["last_success"], key["last_severity"]) == (
        2,
        1.0,
        True,
        "critical",
    )
    assert len(trend) == con.execute("select count(distinct (table_name, expectation)) from dq_result").fetchone()[0]
    con.close()
