"""GX Data Docs: built into the warehouse's reports folder from its own validation results,
named by the dateline run id, showing each expectation's severity, and opened in headless
Chromium with the network blocked (tests/browser.py) without a single request leaving."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dateline import quality, settings
from tests import browser
from tests.test_quality import BODY, PARAMS, quote, tables

RUN_ID = "run_20260101T000000Z_docs01"
OTHER_RUN_ID = "run_20260101T000000Z_other1"
# what a page would fetch: src/href/srcset/poster/data attributes, CSS url() and @import
FETCHES = re.compile(
    r"""(?:\b(?:src|href|srcset|poster|data|background)\s*=\s*["']?\s*"""
    r"""|url\(\s*["']?|@import\s+["']?)((?:https?:)?//[^"'\s)>]+)""",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    """Two warehouses side by side, each validated once (the first with a failing warning),
    and the first one's Data Docs built; the reports folders are the warehouses' own (no
    DATELINE_REPORTS_DIR) while this module's tests run."""
    root = tmp_path_factory.mktemp("docs") / "warehouse"
    real, scratch = root / "dateline.duckdb", root / "scratch.duckdb"
    start = BODY.index("we made")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("DATELINE_REPORTS_DIR", raising=False)
        warned = tables(
            quotes=[
                quote("quo_good", start=start, end=start + 16),
                quote("quo_enum", start=start, end=start + 16, qtype="rumour"),
            ]
        )
        outcome = quality.validate_tables(warned, None, RUN_ID, parameters=PARAMS, warehouse=real)
        quality.validate_tables(tables(), None, OTHER_RUN_ID, parameters=PARAMS, warehouse=scratch)
        index = quality.build_data_docs(real)
        yield {
            "index": index,
            "real": real,
            "scratch": scratch,
            "outcome": outcome,
            "reports": settings.reports_dir(real),
            "scratch_reports": settings.reports_dir(scratch),
        }


def _validation_page(docs: dict, table: str) -> Path:
    pages = sorted((docs["index"].parent / "validations" / table / RUN_ID).glob("*/*.html"))
    assert len(pages) == 1, pages
    return pages[0]


def test_the_docs_are_built_in_the_warehouse_reports_folder(docs):
    assert docs["index"] == docs["reports"] / "data_docs" / "index.html"
    assert docs["reports"] == docs["real"].parent / "reports" / "dateline"
    assert quality.data_docs_index(docs["real"]) is not None
    # the results are stored per warehouse too: the scratch run is not in the real docs
    assert list((docs["reports"] / "gx" / "validations").rglob(f"{RUN_ID}/**/*.json"))
    assert list((docs["scratch_reports"] / "gx" / "validations").rglob(f"{OTHER_RUN_ID}/**/*.json"))
    html = docs["index"].read_text()
    assert RUN_ID in html and OTHER_RUN_ID not in html
    assert not (docs["scratch_reports"] / "data_docs").exists()


def test_no_page_reaches_for_the_network(docs):
    site = docs["index"].parent
    pages = list(site.rglob("*.html"))
    assert len(pages) > 3
    # a link is not a fetch: <a href> tags aside, anything remote would load with the page
    fetched = {
        f"{p.relative_to(site)}: {u}" for p in pages for u in FETCHES.findall(re.sub(r"<a\s[^>]*>", "", p.read_text()))
    }
    assert fetched == set()


def test_the_validation_page_names_run_asset_and_severity(docs):
    text = _validation_page(docs, "fact_quote").read_text()
    assert RUN_ID in text and "__none__" not in text
    assert re.search(r"Data asset:\s*(<[^>]+>\s*)*fact_quote", text), "the data asset is not named"
    assert "Data asset: None" not in text
    assert 'class="dq-severity dq-warning"' in text and 'class="dq-severity dq-critical"' in text
    assert "<script" not in text


PROBE = """(() => {
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const badges = Array.from(document.querySelectorAll('.dq-severity')).filter(visible);
  return {text: document.body.innerText,
          severities: badges.map(b => b.textContent.trim().toLowerCase()),
          tables: Array.from(document.querySelectorAll('table')).filter(visible).length,
          links: Array.from(document.querySelectorAll('a[href$=".html"]')).map(a => a.getAttribute('href'))};
})()"""


def test_the_index_opens_offline_and_shows_the_run(docs):
    browser.available_or_skip()
    result = browser.open_offline(docs["index"], evaluate=PROBE)
    assert result.problems() == []
    page = result.value
    assert RUN_ID in page["text"] and "fact_quote" in page["text"]
    assert page["tables"] >= 2  # validation results and expectation suites, as HTML tables
    assert any(RUN_ID in link for link in page["links"]), "no link to a validation page"
    colours, variance = browser.pixel_spread(result.screenshot)
    assert colours > 5 and variance > 20, (colours, variance)  # styled, not a blank page


def test_a_validation_page_opens_offline_with_run_id_and_severity(docs):
    browser.available_or_skip()
    result = browser.open_offline(_validation_page(docs, "fact_quote"), evaluate=PROBE)
    assert result.problems() == []
    page = result.value
    assert RUN_ID in page["text"]
    assert "Data asset: fact_quote" in page["text"]
    assert {"critical", "warning"} <= set(page["severities"])
    expected = {e["severity"] for e in quality.spec.SUITES["fact_quote"]}
    assert len(page["severities"]) == len(quality.spec.SUITES["fact_quote"]) and set(page["severities"]) == expected


def test_old_results_are_pruned_from_the_docs(tmp_path, monkeypatch):
    monkeypatch.delenv("DATELINE_REPORTS_DIR", raising=False)
    monkeypatch.setattr(quality, "KEEP_VALIDATION_RESULTS", 4)
    wh = tmp_path / "pruned.duckdb"
    frames = {"dim_actor": tables()["dim_actor"]}
    for n in range(3):
        quality.validate_tables(frames, None, f"run_prune_{n}", parameters=PARAMS, warehouse=wh)
    quality.validate_tables(tables(), None, "run_prune_last", parameters=PARAMS, warehouse=wh)
    index = quality.build_data_docs(wh)
    store = Path(quality.gx_paths(wh)["DATELINE_GX_RESULTS"])
    assert len(list(store.rglob("*.json"))) == 4
    pages = list((index.parent / "validations").rglob("*.html"))
    assert len(pages) == 4 and all("run_prune_last" in str(p) or "run_prune_2" in str(p) for p in pages)
