"""`dateline eval ner`: entity-level exact-match P/R/F1 (PER, ORG, LOC) on CoNLL-2003.

Two systems on the same text, side by side:

* ``raw``: en_core_web_sm entities, PERSON->PER, ORG->ORG, GPE/LOC->LOC (FAC, NORP dropped);
* ``dateline``: `transforms.actors.analyse_actors` (the ETL's code) on the same Docs, mapped by
  the resolved actor: person->PER, organization->ORG, country/location->LOC. NORP mentions
  (demonyms such as "German", which CoNLL tags MISC) are not scored even when they resolve to
  a country; a ``group`` built from a country name plus an agent noun ("U.S. military") is
  scored as LOC over the country name only (``Mention.ent_end``); other groups are not scored.
  Unresolved mentions (an ambiguous bare surname) count by their spaCy label.

CoNLL MISC is not scored. Each document is rebuilt as tokens joined by spaces, one sentence
per line, and a prediction counts only when its span equals a gold span token-for-token.
The CoNLL text is research-only: it is read from the given path and never stored.
"""

from __future__ import annotations

import bisect
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

TYPES = ("PER", "ORG", "LOC")
RAW_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}
ACTOR_MAP = {"person": "PER", "organization": "ORG", "country": "LOC", "location": "LOC"}
LABEL_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


@dataclass
class ConllDoc:
    tokens: list[str] = field(default_factory=list)
    sent_breaks: list[int] = field(default_factory=list)  # token index where each sentence starts
    gold: set[tuple[int, int, str]] = field(default_factory=set)  # (start token, end token, type)

    def text_and_offsets(self) -> tuple[str, list[int]]:
        parts, offsets, pos = [], [], 0
        breaks = set(self.sent_breaks)
        for i, tok in enumerate(self.tokens):
            if i:
                sep = "\n" if i in breaks else " "
                parts.append(sep)
                pos += 1
            offsets.append(pos)
            parts.append(tok)
            pos += len(tok)
        return "".join(parts), offsets


def iob1_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """IOB1 tags of one sentence -> (start, end, type) spans (an I-X after O or another type,
    or a B-X, starts an entity)."""
    spans, start, cur = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        kind, _, typ = tag.partition("-")
        if cur is not None and (kind in ("O", "B") or typ != cur):
            spans.add((start, i, cur))
            cur = None
        if kind in ("I", "B") and cur is None:
            start, cur = i, typ
    return spans


def read_conll(lines, limit: int | None = None) -> list[ConllDoc]:
    """CoNLL-2003 (4 columns, IOB1) -> documents; every DOCSTART separates documents."""
    docs: list[ConllDoc] = []
    doc, sent_tokens, sent_tags = ConllDoc(), [], []

    def end_sentence():
        nonlocal sent_tokens, sent_tags
        if sent_tokens:
            base = len(doc.tokens)
            doc.sent_breaks.append(base)
            doc.tokens.extend(sent_tokens)
            doc.gold |= {(s + base, e + base, t) for s, e, t in iob1_spans(sent_tags) if t in TYPES}
        sent_tokens, sent_tags = [], []

    for raw in lines:
        line = raw.strip()
        if line.startswith("-DOCSTART-"):
            end_sentence()
            if doc.tokens:
                docs.append(doc)
            doc = ConllDoc()
            if limit and len(docs) >= limit:
                return docs
            continue
        if not line:
            end_sentence()
            continue
        cols = line.split()
        sent_tokens.append(cols[0])
        sent_tags.append(cols[-1])
    end_sentence()
    if doc.tokens:
        docs.append(doc)
    return docs[:limit] if limit else docs


def char_to_tokens(offsets: list[int], tokens: list[str], start: int, end: int) -> tuple[int, int] | None:
    """Character span -> token span, only if it starts and ends on token boundaries."""
    i = bisect.bisect_left(offsets, start)
    if i >= len(offsets) or offsets[i] != start:
        return None
    j = bisect.bisect_left(offsets, end) - 1
    if j < i or offsets[j] + len(tokens[j]) != end:
        return None
    return i, j + 1


def _spans(items, offsets, tokens) -> set[tuple]:
    out = set()
    for s, e, typ in items:
        tok = char_to_tokens(offsets, tokens, s, e)
        out.add((*tok, typ) if tok else ("char", s, e, typ))  # misaligned: can only be a false positive
    return out


def raw_predictions(doc) -> list[tuple[int, int, str]]:
    return [(e.start_char, e.end_char, RAW_MAP[e.label_]) for e in doc.ents if e.label_ in RAW_MAP]


def dateline_predictions(actors) -> list[tuple[int, int, str]]:
    out = []
    for m in actors.mentions:
        if m.label == "NORP":
            continue
        a = actors.actors.get(m.actor_key) if m.actor_key else None
        end = m.ent_end or m.end_char
        if a is None:
            typ = LABEL_MAP.get(m.label)
        elif a.actor_type == "group":
            typ = "LOC" if m.ent_end and m.label in ("GPE", "LOC") else None
        else:
            typ = ACTOR_MAP.get(a.actor_type)
        if typ:
            out.append((m.start_char, end, typ))
    return out


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)

    def add(self, gold: set, pred: set) -> None:
        for s in pred:
            (self.tp if s in gold else self.fp)[s[-1]] += 1
        for s in gold - pred:
            self.fn[s[-1]] += 1

    def prf(self, typ: str | None = None) -> tuple[float, float, float]:
        keys = [typ] if typ else list(TYPES)
        tp = sum(self.tp[k] for k in keys)
        fp = sum(self.fp[k] for k in keys)
        fn = sum(self.fn[k] for k in keys)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(docs: list[ConllDoc], nlp, lexicon) -> dict[str, Score]:
    from transforms.extract import analyse_article

    scores = {"raw": Score(), "dateline": Score()}
    texts = [d.text_and_offsets() for d in docs]
    for d, (_text, offsets), sdoc in zip(docs, texts, nlp.pipe([t for t, _ in texts], batch_size=16), strict=True):
        scores["raw"].add(d.gold, _spans(raw_predictions(sdoc), offsets, d.tokens))
        scores["dateline"].add(
            d.gold, _spans(dateline_predictions(analyse_article(sdoc, lexicon).actors), offsets, d.tokens)
        )
    return scores


def format_table(scores: dict[str, Score]) -> str:
    lines = ["| system | type | P | R | F1 | tp | fp | fn |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, sc in scores.items():
        for typ in (*TYPES, None):
            p, r, f = sc.prf(typ)
            keys = [typ] if typ else list(TYPES)
            lines.append(
                f"| {name} | {typ or 'micro'} | {p:.3f} | {r:.3f} | {f:.3f} | "
                f"{sum(sc.tp[k] for k in keys)} | {sum(sc.fp[k] for k in keys)} | {sum(sc.fn[k] for k in keys)} |"
            )
    return "\n".join(lines)


def add_arguments(parser) -> None:
    parser.add_argument("--conll", required=True, help="CoNLL-2003 file (e.g. .../conll2003/dev/eng.testa)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    parser.add_argument("--reference", default=None, help="seeds/reference folder (default: the project's)")


def load_lexicon(reference: str | Path | None = None):
    from dateline.lexicons import load_lexicons

    return load_lexicons(reference)


def run(args) -> int:
    from transforms.nlp import load_nlp

    path = Path(args.conll)
    if not path.is_file():
        print(f"error: {path} is not a file")
        return 2
    t0 = time.perf_counter()
    with path.open(encoding="utf-8", errors="replace") as fh:
        docs = read_conll(fh, args.limit)
    scores = evaluate(docs, load_nlp(), load_lexicon(getattr(args, "reference", None)))
    print(
        f"CoNLL-2003 {path.name}: {len(docs)} documents, {sum(len(d.gold) for d in docs)} PER/ORG/LOC entities, "
        f"{time.perf_counter() - t0:.1f} s"
    )
    print(format_table(scores))
    return 0
