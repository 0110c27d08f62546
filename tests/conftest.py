import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# Each test process (each xdist worker) gets its own Prefect home, so the `dateline` CLIs the
# tests start never share a Prefect database with each other or with the user's .state/.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="dateline-test-prefect-")
os.environ.setdefault("DATELINE_REPORTS_DIR", tempfile.mkdtemp(prefix="dateline-test-reports-"))

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DATELINE_SHARED", PROJECT_ROOT.parent / "shared"))
SEEDS = PROJECT_ROOT / "seeds" / "articles"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The ../shared/data folder; tests that need it skip cleanly when it is absent."""
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip("../shared/data is not present (only on the dev machine and CI)")
    return data


@pytest.fixture(scope="session")
def nlp():
    from transforms.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect API for the whole session (starting one costs ~12 s)."""
    from dateline.settings import configure_environment

    configure_environment()
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


@pytest.fixture(scope="session")
def seed_warehouse(prefect_harness, tmp_path_factory):
    """The seeds loaded once into a fresh warehouse; returns (path, summary)."""
    from flows.etl import etl

    path = tmp_path_factory.mktemp("seedwh") / "dateline.duckdb"
    summary = etl(paths=[str(SEEDS)], warehouse=str(path))
    return path, summary


def query(db_path, sql, params=None):
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="session")
def reference_tables():
    """The one read of the reference tables (seeds/reference) and the hand-kept vocabulary
    (seeds/lexicons), by file stem, as the flow reads them; every test shares it."""
    from dateline.lexicons import read_tables

    return read_tables()


@pytest.fixture(scope="session")
def lexicons(reference_tables):
    """The compiled reference tables and hand-kept vocabulary, as the ETL compiles them."""
    from transforms.extract import Lexicons

    return Lexicons.from_tables(reference_tables)


@pytest.fixture(scope="session")
def analyse(nlp, lexicons):
    """text -> ArticleContext with actors resolved (the ETL's first extraction stage)."""
    from transforms.extract import analyse_article

    def _analyse(text: str, published=None, body_offset: int = 0, lex=None):
        return analyse_article(nlp(text), lex or lexicons, body_offset, published)

    return _analyse
