"""Resources chosen in one place: paths and environment. Transform code never sees a path."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _root() -> Path:
    # Inside a checkout, paths are relative to it; an installed copy falls back to the cwd.
    return PROJECT_ROOT if (PROJECT_ROOT / "pyproject.toml").exists() else Path.cwd()


def default_inputs() -> list[str]:
    return [str(_rel(_root() / "seeds" / "articles"))]


def default_warehouse() -> str:
    return os.environ.get("DATELINE_WAREHOUSE") or str(_rel(_root() / "warehouse" / "dateline.duckdb"))


def default_lake() -> str:
    """`dateline serve`'s warehouse: a DuckLake with a SQLite catalog, so analysts can read
    while the schedule writes."""
    return os.environ.get("DATELINE_LAKE") or "ducklake:sqlite:" + str(_root() / "warehouse" / "lake.sqlite")


def reference_dir() -> Path:
    return Path(os.environ.get("DATELINE_REFERENCE_DIR") or _root() / "seeds" / "reference")


def lexicon_dir() -> Path:
    """The hand-kept vocabulary (speech verbs, titles, modality, ...): seeds/lexicons."""
    return Path(os.environ.get("DATELINE_LEXICON_DIR") or _root() / "seeds" / "lexicons")


def reports_dir(warehouse: str | os.PathLike | None = None) -> Path:
    """A warehouse's reports live beside it: `<its folder>/reports/<its file stem>/`
    (`warehouse/dateline.duckdb` -> `warehouse/reports/dateline/`; a lake's beside its
    catalog: `ducklake:sqlite:warehouse/lake.sqlite` -> `warehouse/reports/lake/`), so a run on a scratch
    warehouse never overwrites the real one's. `DATELINE_REPORTS_DIR` overrides."""
    if os.environ.get("DATELINE_REPORTS_DIR"):
        return Path(os.environ["DATELINE_REPORTS_DIR"])
    from warehouse.connection import anchor  # a lake's reports sit beside its catalog

    path = anchor(warehouse or default_warehouse())
    if str(warehouse) == ":memory:":  # no file to sit beside
        path = _root() / "warehouse" / "memory.duckdb"
    path = path.absolute()
    return path.parent / "reports" / path.stem


def expectations_dir() -> Path:
    return _root() / "expectations"


def state_dir() -> Path:
    return Path(os.environ.get("DATELINE_STATE_DIR") or _root() / ".state")


def _rel(p: Path) -> Path:
    try:
        return p.relative_to(Path.cwd())
    except ValueError:
        return p


def configure_environment() -> None:
    """Set before Prefect is imported: telemetry off, PREFECT_HOME in the ignored state
    folder (unless the user chose one), and a generous ephemeral-server start timeout."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_HOME", str(state_dir() / "prefect"))
    # Prefect creates only the last level of PREFECT_HOME.
    Path(os.environ["PREFECT_HOME"]).expanduser().mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
