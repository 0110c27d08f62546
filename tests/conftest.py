import os
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

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
