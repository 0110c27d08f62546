"""Article-level event precision and recall against a fully annotated gold set
(`dateline eval events --gold tests/gold/events_wikinews.jsonl`).

The gold lists EVERY political event of each article (`../shared/docs/event_annotation_guideline.md`):
one JSON object per event with its `article_id`, `sentence` (an exact substring of the
article text), `trigger` (a substring of the sentence), `type`, `source`, `target`, `negated`,
`modality` and `date_text`. The articles themselves sit beside it (`--articles`, JSONL with
`id`, `title`, `text`, `published`).

The ETL's own extraction (`transforms.extract.extract_batch`, the code the flow runs) codes
each article; its `fact_event` rows, one per distinct (trigger span, type), are the
predictions. A prediction matches a gold event of the same article when it lies in the gold
event's sentence and either their trigger spans overlap or their types agree; matching is
one-to-one, trigger overlaps with the same type first. Reported:

* typed precision: predictions matched to a gold event of the same type / all predictions;
* typed recall: gold events matched by a prediction of the same type / all gold events;
* detection precision / recall (any type), and the source agreement on typed matches.

A prediction in the headline can only be a false positive: the guideline annotates the body.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REQUEST_NAMES = {"REQUEST": "DEMAND"}  # the warehouse stores PLOVER 2021's REQUEST as DEMAND


@dataclass
class GoldEvent:
    article_id: str
    sent: tuple[int, int]  # sentence span in the body
    trigger: tuple[int, int]
    event_type: str
    source: str | None
    record: dict


@dataclass
class Scores:
    gold: int = 0
    predicted: int = 0
    typed_pred_hits: int = 0
    typed_gold_hits: int = 0
    detected_pred: int = 0
    detected_gold: int = 0
    source_ok: int = 0
    source_n: int = 0
    false_positives: list = field(default_factory=list)
    misses: list = field(default_factory=list)
    confusions: Counter = field(default_factory=Counter)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    @property
    def typed_precision(self) -> float:
        return self._ratio(self.typed_pred_hits, self.predicted)

    @property
    def typed_recall(self) -> float:
        return self._ratio(self.typed_gold_hits, self.gold)

    @property
    def detection_precision(self) -> float:
        return self._ratio(self.detected_pred, self.predicted)

    @property
    def detection_recall(self) -> float:
        return self._ratio(self.detected_gold, self.gold)


def stage(articles_path: Path, byline_words: frozenset[str] = frozenset()):
    """The articles as the ETL stages them from this JSONL file (reader, staging, dedupe)."""
    import polars as pl

    from dateline.sources import Caps, read_inputs
    from transforms.staging import dedupe_articles, stage_articles

    staged = dedupe_articles(stage_articles(read_inputs([articles_path], Caps()), byline_words=byline_words))
    bad = staged.filter(pl.col("error").is_not_null())
    if bad.height:
        raise ValueError(f"{articles_path}: records rejected by staging: {bad['record_no'].to_list()}")
    return staged


def event_types() -> frozenset[str]:
    """The warehouse's event types (seeds/reference/event_types.csv)."""
    from dateline.lexicons import read_tables

    return frozenset(read_tables()["event_types"]["event_type"].to_list())


def read_gold(path: Path, articles: dict[str, str], types: frozenset[str] | None = None) -> list[GoldEvent]:
    """Gold events located in their article's body; a sentence or trigger not found, or a
    type the warehouse does not know, is an error naming the line."""
    types = types or event_types()
    events = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        rec = json.loads(line)
        body = articles.get(rec.get("article_id"))
        where = f"{path}:{n}"
        if body is None:
            raise ValueError(f"{where}: unknown article_id {rec.get('article_id')!r}")
        s = body.find(rec["sentence"])
        t = rec["sentence"].find(rec["trigger"])
        if s < 0 or t < 0:
            raise ValueError(f"{where}: sentence or trigger not found in article {rec['article_id']}")
        et = REQUEST_NAMES.get(rec["type"], rec["type"])
        if et not in types:
            raise ValueError(f"{where}: unknown event type {rec['type']!r}")
        events.append(
            GoldEvent(
                rec["article_id"],
                (s, s + len(rec["sentence"])),
                (s + t, s + t + len(rec["trigger"])),
                et,
                rec.get("source"),
                rec,
            )
        )
    return events


def predict(staged, lexicons) -> tuple[dict[str, list[dict]], dict[tuple[str, str], str]]:
    """The ETL's events for each staged article, one per distinct (section, trigger span, type),
    keyed by the record's `id`; and the actors' names by (record id, actor key)."""
    from transforms import extract
    from transforms.nlp import NlpSettings

    stg = extract.extract_batch(staged.select(list(extract.EXTRACT_INPUT)), NlpSettings(), lexicons)
    ids = dict(zip(staged["article_id"], staged["external_id"], strict=True))
    out: dict[str, list[dict]] = {i: [] for i in ids.values()}
    seen = set()
    for r in stg["stg_fact_event"].iter_rows(named=True):
        key = (r["article_id"], r["section"], r["start_char"], r["end_char"], r["event_type"])
        if key not in seen:
            seen.add(key)
            out[ids[r["article_id"]]].append(r)
    names = {(ids[a], k): n for a, k, n in stg["stg_local_actor"].select("article_id", "actor_key", "name").iter_rows()}
    return out, names


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match_article(gold: list[GoldEvent], preds: list[dict]) -> list[tuple[GoldEvent, dict]]:
    """One-to-one matches: same sentence, and overlapping triggers or the same type;
    overlapping triggers of the same type first, then overlaps, then same-type pairs."""
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(preds):
            span = (p["start_char"], p["end_char"])
            if p["section"] != "body" or not (g.sent[0] <= span[0] < g.sent[1]):
                continue
            over, same = _overlap(span, g.trigger), p["event_type"] == g.event_type
            if over or same:
                cands.append((0 if over and same else 1 if over else 2, abs(span[0] - g.trigger[0]), gi, pi))
    used_g, used_p, out = set(), set(), []
    for _, _, gi, pi in sorted(cands):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gold[gi], preds[pi]))
    return out


def _same_actor(gold_name: str | None, pred_name: str | None) -> bool:
    if not gold_name or not pred_name:
        return not gold_name and not pred_name
    g, p = gold_name.lower(), pred_name.lower()
    return p in g or g in p or bool(set(g.split()) & set(p.split()) - {"the", "of", "and"})


def score(gold: list[GoldEvent], predictions: dict[str, list[dict]], names: dict | None = None) -> Scores:
    s = Scores()
    by_article: dict[str, list[GoldEvent]] = {}
    for g in gold:
        by_article.setdefault(g.article_id, []).append(g)
    for aid, preds in predictions.items():
        golds = by_article.get(aid, [])
        matches = match_article(golds, preds)
        s.gold += len(golds)
        s.predicted += len(preds)
        s.detected_pred += len(matches)
        s.detected_gold += len(matches)
        matched_p = {id(p) for _, p in matches}
        matched_g = {id(g) for g, _ in matches}
        for g, p in matches:
            if g.event_type == p["event_type"]:
                s.typed_pred_hits += 1
                s.typed_gold_hits += 1
                s.source_n += 1
                s.source_ok += _same_actor(g.source, (names or {}).get((aid, p["source_actor_id"])))
            else:
                s.confusions[(g.event_type, p["event_type"])] += 1
        s.false_positives += [(aid, p) for p in preds if id(p) not in matched_p]
        s.misses += [g for g in golds if id(g) not in matched_g]
    return s


def format_report(s: Scores, n_articles: int) -> str:
    lines = [
        f"articles: {n_articles}   gold events: {s.gold}   predicted events: {s.predicted} "
        f"({s.predicted / max(n_articles, 1):.1f} per article)",
        f"typed precision: {s.typed_precision:.3f}   typed recall: {s.typed_recall:.3f}   (targets >= 0.75 / >= 0.55)",
        f"detection precision: {s.detection_precision:.3f}   detection recall: {s.detection_recall:.3f}",
        f"source agreement on typed matches: {s._ratio(s.source_ok, s.source_n):.3f} on {s.source_n}",
        "type confusions (gold -> predicted): "
        + ", ".join(f"{g}->{p} {c}" for (g, p), c in s.confusions.most_common(8)),
        "false positives by type: "
        + ", ".join(f"{t} {c}" for t, c in Counter(p["event_type"] for _, p in s.false_positives).most_common()),
        "misses by type: " + ", ".join(f"{t} {c}" for t, c in Counter(g.event_type for g in s.misses).most_common()),
    ]
    return "\n".join(lines)


def run(gold_path: Path, articles_path: Path, show_errors: int = 0) -> int:
    from dateline.lexicons import load_lexicons

    lexicons = load_lexicons()
    try:
        staged = stage(articles_path, lexicons.vocab.byline_words)
        gold = read_gold(gold_path, dict(zip(staged["external_id"], staged["body"], strict=True)))
    except (OSError, ValueError, json.JSONDecodeError) as exc:
        print(f"error: {exc}")
        return 2
    s = score(gold, *predict(staged, lexicons))
    print(f"event gold {gold_path.name} on {articles_path.name}")
    print(format_report(s, staged.height))
    for aid, p in s.false_positives[:show_errors]:
        print(f"- FP {aid} {p['event_type']} '{p['trigger_text']}' | {p['evidence'][:140]}")
    for g in s.misses[:show_errors]:
        print(f"- MISS {g.article_id} {g.event_type} '{g.record['trigger']}' | {g.record['sentence'][:140]}")
    return 0
