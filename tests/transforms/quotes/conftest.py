"""Shared fixtures of the quote tests: `run` extracts the quote rows of a text and checks
every row against the `STG_QUOTE` contract."""

from __future__ import annotations

import polars as pl
import pytest

from transforms import quotes as qm


@pytest.fixture(scope="module")
def run(analyse):
    def _run(text: str, lex=None) -> list[dict]:
        rows = qm.extract_quotes(analyse(text, lex=lex))
        pl.DataFrame(rows, schema=qm.STG_QUOTE, orient="row")  # schema holds
        for r in rows:
            assert set(r) == set(qm.STG_QUOTE)
            assert r["quote_text"] == text[r["start_char"] : r["end_char"]]
            assert r["quote_type"] in qm.QUOTE_TYPES
            assert 0.0 <= r["confidence"] <= 1.0
            if r["speaker_start"] is not None:
                assert r["speaker_text"] == text[r["speaker_start"] : r["speaker_end"]]
        return rows

    return _run
