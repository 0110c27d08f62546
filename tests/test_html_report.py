"""The offline HTML run report: written by `dateline run` and `dateline report --html`, and
opened in headless Chromium with the network blocked (tests/browser.py)."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests import browser
from tests.conftest import PROJECT_ROOT, query

SEED_GOLD_ACTORS = ("Mike Pompeo", "Kim Jong Un", "Kim Yong Chol")
WIKINEWS_SAMPLE = 30
# svg count, then the quote filter at work: rows shown for a word, and all rows
PROBE = """(() => {
  const svgs = document.querySelectorAll('svg').length;
  const box = document.getElementById('quote-filter');
  box.value = %s;
  box.dispatchEvent(new Event('input'));
  const rows = document.querySelectorAll('#quote-table tbody tr');
  return [svgs, Array.from(rows).filter(r => !r.hidden).length, rows.length];
})()"""


def _cli(*args, env=None, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "dateline.cli", *args],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


class _Page(HTMLParser):
    """What a page would load (src=, <link href>, ...), its <a href> links and its text."""

    def __init__(self, html: str):
        super().__init__()
        self.resources: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self.feed(html)
        # CSS can fetch too: url(...) other than a same-document #fragment, and @import
        self.resources += re.findall(r"url\(\s*['\"]?(?!#)([^)'\"]+)", html) + re.findall(r"@import\s+([^;]+)", html)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and tag == "a" and name == "href":
                self.links.append(value)
            elif value and name in ("src", "srcset", "href", "xlink:href", "poster", "data", "action", "background"):
                self.resources.append(value)

    def handle_data(self, data):
        self.text.append(data)


def online_resources(html: str) -> list[str]:
    return [u for u in _Page(html).resources if re.match(r"\s*(https?:)?//", u)]


@pytest.fixture(scope="module")
def seed_page(seed_warehouse, tmp_path_factory) -> tuple[Path, Path, dict]:
    """The seed warehouse's page, written by `dateline report --html`."""
    db, summary = seed_warehouse
    out = tmp_path_factory.mktemp("seed-report")
    r = _cli("report", "--html", "--warehouse", str(db), "--out", str(out))
    assert r.returncode == 0, r.stderr[-2000:]
    return out / "report.html", db, summary


@pytest.fixture(scope="module")
def wikinews_run(shared_data, tmp_path_factory) -> tuple[Path, Path, str]:
    """30 Wikinews articles loaded by `dateline run`: its reports folder, warehouse and output."""
    tmp = tmp_path_factory.mktemp("wikinews-report")
    with open(shared_data / "wikinews" / "wikinews_2019.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[:WIKINEWS_SAMPLE]
    sample = tmp / "wikinews_sample.csv"
    with open(sample, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    reports, db = tmp / "reports", tmp / "wikinews.duckdb"
    r = _cli("run", str(sample), "--warehouse", str(db), env={"DATELINE_REPORTS_DIR": str(reports)})
    assert r.returncode == 0, r.stderr[-3000:]
    return reports, db, r.stdout


def test_a_run_writes_its_page_and_links_it(wikinews_run):
    reports, db, stdout = wikinews_run
    run_id = query(db, "select run_id from etl_run")[0][0]
    page = reports / "html" / f"{run_id}.html"
    assert page.read_text() == (reports / "report.html").read_text()
    link = f"HTML report: {page.resolve().as_uri()}"
    assert link in (reports / "latest_run.md").read_text() and link in stdout


def test_the_flow_reports_its_page(seed_page):
    _, _, summary = seed_page
    assert Path(summary["html_report"]).is_file()


def test_the_seed_page_names_the_gold_actors(seed_page):
    text = " ".join(_Page(seed_page[0].read_text()).text)
    for name in SEED_GOLD_ACTORS:
        assert name in text


def test_the_resource_check_finds_what_would_load_online():
    html = (
        "<link rel='stylesheet' href='https://cdn.example/x.css'><img src='//cdn.example/i.png'>"
        "<a href='https://example.org/story'>story</a><svg><path marker-end='url(#arrow)'/></svg>"
        "<style>@font-face { src: url(https://fonts.example/f.woff2) }</style>"
    )
    assert online_resources(html) == [
        "https://cdn.example/x.css",
        "//cdn.example/i.png",
        "https://fonts.example/f.woff2",
    ]


@pytest.fixture(params=["seeds", "wikinews"])
def page(request) -> tuple[Path, Path]:
    """(page, warehouse) of the seeds and of the Wikinews sample (skipped without ../shared)."""
    if request.param == "seeds":
        path, db, _ = request.getfixturevalue("seed_page")
        return path, db
    reports, db, _ = request.getfixturevalue("wikinews_run")
    return reports / "report.html", db


def test_the_page_loads_nothing_and_links_only_its_articles(page):
    path, db = page
    html = path.read_text()
    assert online_resources(html) == []
    links = {u for u in _Page(html).links if not u.startswith("#")}
    urls = {u for (u,) in query(db, "select url from dim_article where url is not null")}
    assert links <= urls and (links or not urls)


def test_the_page_opens_offline_in_chromium(page):
    browser.available_or_skip()
    path, db = page
    top_speaker = query(
        db,
        """select a.name from fact_quote q join dim_actor a on a.actor_id = q.speaker_actor_id
                               where q.quote_type <> 'term' group by all order by count(*) desc, 1 limit 1""",
    )[0][0]
    result = browser.open_offline(path, evaluate=PROBE % repr(top_speaker))
    assert result.problems() == []
    svgs, shown, rows = result.value
    assert svgs == path.read_text().count("<svg ") and svgs >= 4
    assert 0 < shown < rows, (top_speaker, shown, rows)
    colours, variance = browser.pixel_spread(result.screenshot)
    assert colours > 20 and variance > 100, (colours, variance)


def test_the_browser_check_sees_a_page_reach_out(tmp_path):
    browser.available_or_skip()
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><img src='https://cdn.example/pixel.png'><script>console.error('boom'); null.x;</script>"
    )
    result = browser.open_offline(bad)
    assert result.external_requests == ["https://cdn.example/pixel.png"]
    assert any("cdn.example" in f for f in result.failed_requests)  # blocked, not fetched
    assert any("boom" in e for e in result.errors) and any("TypeError" in e for e in result.errors)


def test_report_html_without_a_warehouse_exits_66(tmp_path):
    r = _cli("report", "--html", "--warehouse", str(tmp_path / "nope.duckdb"), "--out", str(tmp_path / "out"))
    assert r.returncode == 66 and "warehouse not found" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "nope.duckdb").exists()


def test_the_report_reads_beside_another_reader_quickly(wikinews_run, tmp_path):
    """A read-write open would fail while another process holds the file read-only."""
    _, db, _ = wikinews_run
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; "
            f"c = duckdb.connect({str(db)!r}, read_only=True); print('open', flush=True); "
            "time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        t0 = time.perf_counter()
        r = _cli("report", "--html", "--warehouse", str(db), "--out", str(tmp_path))
        elapsed = time.perf_counter() - t0
    finally:
        holder.kill()
        holder.wait()
    assert r.returncode == 0, r.stderr[-2000:]
    assert (tmp_path / "report.html").is_file() and elapsed < 5, elapsed


NETWORK_PROBE = """
import hashlib
from dateline import svg_charts
nodes = [{"id": f"actor{i}", "name": f"Actor {i}", "actor_type": "person", "mentions": i} for i in range(14)]
edges = [{"source": "actor0", "target": f"actor{i}", "weight": i, "kind": "quotes", "detail": "x"} for i in range(1, 5)]
edges += [{"source": f"actor{i}", "target": f"actor{i + 1}", "weight": 1, "kind": "conflict", "detail": "y"}
          for i in range(5, 13, 2)]
print(hashlib.sha256(svg_charts.network_chart(nodes, edges, "n").encode()).hexdigest())
"""


def test_the_network_layout_is_the_same_in_every_process():
    """String hashing changes from process to process; the picture must not."""
    digests = {
        subprocess.run(
            [sys.executable, "-c", NETWORK_PROBE],
            capture_output=True,
            text=True,
            check=True,
            cwd=PROJECT_ROOT,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in (1, 2, 3)
    }
    assert len(digests) == 1


def test_chart_text_is_escaped():
    from dateline import svg_charts

    svg = svg_charts.hbar_chart([("<script>alert('x')</script> & co", 3)], "a <label>")
    assert "<script>" not in svg and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in svg


def test_a_warehouse_with_only_a_refused_run_has_a_page(tmp_path):
    from dateline import html_report
    from warehouse.connection import connect
    from warehouse.load import record_refused_run

    db = tmp_path / "w.duckdb"
    connect(db).close()
    with pytest.raises(html_report.NoRun):
        html_report.write_report(db, tmp_path / "out")
    con = connect(db)
    record_refused_run(con, ["/nope"], [("/nope", "path does not exist")], run_id="run_x")
    con.close()
    page = html_report.write_report(db, tmp_path / "out")
    text = " ".join(_Page(page.read_text()).text)
    assert page.name == "run_x.html" and "refused" in text and "path does not exist (1)" in text
