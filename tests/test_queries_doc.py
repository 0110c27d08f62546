"""Every SQL block in docs/queries.md runs on the seed warehouse and answers with rows
(questions 11 to 13 are the ones GDELT users run: tone by country pair, the most reported
events of a week, events on a map grid)."""

import re

import pytest

from tests.conftest import PROJECT_ROOT, query

DOC = PROJECT_ROOT / "docs" / "queries.md"
SQL_BLOCK = re.compile(r"^```sql[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


def sql_blocks() -> list[str]:
    return [block.strip() for block in SQL_BLOCK.findall(DOC.read_text(encoding="utf-8"))]


def test_doc_has_thirteen_questions():
    blocks = sql_blocks()
    assert len(blocks) == 13, f"docs/queries.md should answer 13 questions, found {len(blocks)} sql blocks"
    headings = re.findall(r"^## \d+\. ", DOC.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(headings) == len(blocks), "each numbered question needs exactly one sql block"


@pytest.mark.parametrize("number", range(1, 14))
def test_query_returns_rows(seed_warehouse, number):
    path, _summary = seed_warehouse
    sql = sql_blocks()[number - 1]
    assert "order by" in sql.lower(), f"query {number} must be deterministic (ORDER BY)"
    rows = query(path, sql)
    assert rows, f"query {number} returned no rows on the seeds:\n{sql}"
