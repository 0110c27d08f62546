"""The flow reads as a recipe: `flows/` orchestrates in small functions, and the `etl` flow
is a short list of task calls (issue 15)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

FLOWS = Path(__file__).resolve().parents[2] / "flows"
MAX_FUNCTION_LINES = 60


def _functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))]


@pytest.mark.parametrize("path", sorted(FLOWS.glob("*.py")), ids=lambda p: p.name)
def test_no_function_in_flows_is_over_60_lines(path):
    long = [
        f"{f.name} ({f.end_lineno - f.lineno + 1})"
        for f in _functions(path)
        if f.end_lineno - f.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"flows/{path.name}: {long}"


def test_the_etl_flow_body_is_at_most_60_lines():
    etl = next(f for f in _functions(FLOWS / "etl.py") if f.name == "etl")
    body = etl.body[1:] if isinstance(etl.body[0], ast.Expr) else etl.body  # the docstring is not the body
    assert body[-1].end_lineno - body[0].lineno + 1 <= MAX_FUNCTION_LINES


def test_the_flow_holds_no_warehouse_knowledge():
    source = (FLOWS / "etl.py").read_text(encoding="utf-8")
    for table_detail in ("_UPSERT_KEYS", "ON CONFLICT", "first_run_id", "ledger_id"):
        assert table_detail not in source, table_detail
