"""Reading the extractors' tables: the generated reference tables (`seeds/reference`) and the
hand-kept vocabulary (`seeds/lexicons`), every column as text. The flow, the evaluators and
the tests all load them here."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dateline import settings


def read_tables(
    reference_dir: str | Path | None = None, lexicon_dir: str | Path | None = None
) -> dict[str, pl.DataFrame]:
    """Every CSV of both folders by file stem (the two folders share no stem)."""
    tables: dict[str, pl.DataFrame] = {}
    for folder in (reference_dir or settings.reference_dir(), lexicon_dir or settings.lexicon_dir()):
        for path in sorted(Path(folder).glob("*.csv")):
            try:
                tables[path.stem] = pl.read_csv(path, infer_schema_length=0)
            except pl.exceptions.PolarsError as exc:
                raise ValueError(f"{path}: not a readable CSV table ({exc})") from exc
    return tables


def load_lexicons(reference_dir: str | Path | None = None, lexicon_dir: str | Path | None = None):
    """The compiled `transforms.extract.Lexicons` every extractor reads."""
    from transforms.extract import Lexicons

    return Lexicons.from_tables(read_tables(reference_dir, lexicon_dir))
