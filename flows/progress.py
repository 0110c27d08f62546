"""A progress bar for long runs (articles and articles/s), quiet when stderr isn't a terminal."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager


@contextmanager
def article_progress(total: int, enabled: bool | None = None):
    """Yield `advance(n)`; draws a rich bar on a terminal, does nothing otherwise."""
    enabled = sys.stderr.isatty() if enabled is None else enabled
    if not enabled or total == 0:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    start = time.perf_counter()
    done = 0
    with Progress(
        TextColumn("NLP + extraction"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("articles"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
    ) as progress:
        task = progress.add_task("nlp", total=total, rate="")

        def advance(n: int) -> None:
            nonlocal done
            done += n
            rate = done / max(time.perf_counter() - start, 1e-6)
            progress.update(task, advance=n, rate=f"{rate:.1f} articles/s")

        yield advance
