"""`dateline eval events`: PLOVER event coding on the PLOVER gold-standard records
(`--plover`), and event precision/recall on a fully annotated article gold (`--gold`, see
`dateline.evaluate.event_articles`).

Each gold record is one sentence with one coded event. The ETL's own code runs on it
(spaCy parse -> `transforms.actors.analyse_actors` -> `transforms.events.extract_events`),
and the sentence's primary event (`transforms.events.primary_event`) is scored:

* event-type accuracy and macro-F1 over the gold types (a sentence with no event counts as
  the prediction "NONE");
* source- and target-country accuracy: the ISO3 of the predicted actor (its country code) is
  compared with the first three letters of the gold actor codes (a compound gold actor
  matches any of its members); IGO/NGO codes are compared as written. Records whose gold
  actor has no country code (`---`) are left out of that measure;
* the most frequent type confusions.

The GSR is CC BY-SA 4.0 (Open Event Data Alliance); it is read from the given path.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

NONE = "NONE"


def add_arguments(parser) -> None:
    parser.add_argument("--plover", default=None, help="PLOVER_GSR_CAMEO.json (a JSON array of records)")
    parser.add_argument(
        "--gold",
        default=None,
        help="an article-level gold (tests/gold/events_wikinews.jsonl): event precision and recall",
    )
    parser.add_argument(
        "--articles",
        default=None,
        help="with --gold: the gold's articles (default: wikinews_events_articles.jsonl beside it)",
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N records")
    parser.add_argument("--reference", default=None, help="seeds/reference folder (default: the project's)")
    parser.add_argument("--show-errors", type=int, default=0, help="print N misclassified sentences")


def read_gold(path: Path, limit: int | None = None) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON array of PLOVER records")
    recs = [r for r in data if isinstance(r, dict) and r.get("event") and r["event"] != "DOCUMENT" and r.get("text")]
    return recs[:limit] if limit else recs


def gold_countries(actors) -> set[str]:
    if not isinstance(actors, list):
        return set()
    out = set()
    for a in actors:
        code = (a.get("code") or "").strip().upper() if isinstance(a, dict) else ""
        if code and not code.startswith("-"):
            out.add(code[:3])
    return out


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    labels = sorted({g for g, _ in pairs})
    f1s = []
    for lab in labels:
        tp = sum(1 for g, p in pairs if g == lab and p == lab)
        fp = sum(1 for g, p in pairs if g != lab and p == lab)
        fn = sum(1 for g, p in pairs if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(f1s) / len(f1s) if f1s else 0.0


def load_tables(reference: str | Path | None = None):
    from dateline.lexicons import read_tables

    return read_tables(reference)


def _actor_country(actors, key):
    """An actor's country: its own, its role's, or for an international body its sector (the
    gold codes those IGO/NGO/IMG)."""
    a = actors.actors.get(key) if key else None
    if a is None:
        return None
    if a.country_code:
        return a.country_code
    role_cc = next((c for _, c, _ in a.roles if c), None)
    return role_cc or (a.sector if a.sector in {"IGO", "NGO", "IMG"} else None)


def _score_record(rec: dict, doc, lexicons) -> dict:
    """One gold record against the article's primary event: types and actor countries."""
    from transforms import events as events_mod
    from transforms.extract import analyse_article

    ctx = analyse_article(doc, lexicons)
    ev = events_mod.primary_event(events_mod.extract_events(ctx, lexicons.events), doc)
    return {
        "id": rec.get("id"),
        "text": rec["text"],
        "gold": lexicons.events.canonical(rec["event"]) or rec["event"],
        "pred": ev["event_type"] if ev else NONE,
        "trigger": ev["trigger_text"] if ev else None,
        "gold_trigger": rec.get("eventText"),
        "gold_source": sorted(gold_countries(rec.get("source"))),
        "pred_source": _actor_country(ctx.actors, ev["source_key"]) if ev else None,
        "gold_target": sorted(gold_countries(rec.get("target"))),
        "pred_target": _actor_country(ctx.actors, ev["target_key"]) if ev else None,
    }


def _country_accuracy(rows: list[dict], side: str) -> tuple[float, int]:
    scored = [r for r in rows if r[f"gold_{side}"]]
    hits = sum(r[f"pred_{side}"] in r[f"gold_{side}"] for r in scored)
    return (hits / len(scored) if scored else 0.0), len(scored)


def evaluate(records: list[dict], nlp, tables) -> dict:
    from transforms.extract import Lexicons

    lexicons = Lexicons.from_tables(tables)
    docs = nlp.pipe([r["text"] for r in records])
    rows = [_score_record(rec, doc, lexicons) for rec, doc in zip(records, docs, strict=True)]
    pairs = [(r["gold"], r["pred"]) for r in rows]
    n = len(pairs)
    src_acc, src_n = _country_accuracy(rows, "source")
    tgt_acc, tgt_n = _country_accuracy(rows, "target")
    return {
        "n": n,
        "type_accuracy": sum(g == p for g, p in pairs) / n if n else 0.0,
        "type_macro_f1": macro_f1(pairs),
        "coded": sum(p != NONE for _, p in pairs),
        "source_country_accuracy": src_acc,
        "source_n": src_n,
        "target_country_accuracy": tgt_acc,
        "target_n": tgt_n,
        "confusions": Counter((g, p) for g, p in pairs if g != p).most_common(12),
        "per_type": {
            lab: (sum(1 for g, p in pairs if g == lab and p == lab), sum(1 for g, _ in pairs if g == lab))
            for lab in sorted({g for g, _ in pairs})
        },
        "rows": rows,
    }


def format_report(s: dict) -> str:
    lines = [
        f"records: {s['n']} (coded: {s['coded']})",
        f"event-type accuracy: {s['type_accuracy']:.3f}   macro-F1: {s['type_macro_f1']:.3f}   "
        "(target accuracy >= 0.65)",
        f"source-country accuracy: {s['source_country_accuracy']:.3f} on {s['source_n']}   (target >= 0.75)",
        f"target-country accuracy: {s['target_country_accuracy']:.3f} on {s['target_n']}",
        "per type (correct/gold): " + ", ".join(f"{k} {c}/{t}" for k, (c, t) in s["per_type"].items()),
        "top confusions (gold -> predicted: count):",
    ]
    lines += [f"  {g} -> {p}: {c}" for (g, p), c in s["confusions"]]
    return "\n".join(lines)


def run(args) -> int:
    if not (getattr(args, "plover", None) or getattr(args, "gold", None)):
        print("error: give --plover FILE and/or --gold FILE")
        return 2
    code = run_gold(args) if getattr(args, "gold", None) else 0
    return code or (run_plover(args) if getattr(args, "plover", None) else 0)


def run_gold(args) -> int:
    from dateline.evaluate import event_articles

    gold = Path(args.gold)
    articles = (
        Path(args.articles) if getattr(args, "articles", None) else gold.with_name("wikinews_events_articles.jsonl")
    )
    return event_articles.run(gold, articles, getattr(args, "show_errors", 0))


def run_plover(args) -> int:
    from transforms.nlp import load_nlp

    path = Path(args.plover)
    if not path.is_file():
        print(f"error: {path} is not a file")
        return 2
    t0 = time.perf_counter()
    try:
        records = read_gold(path, args.limit)
    except (ValueError, json.JSONDecodeError) as exc:
        print(f"error: {path}: {exc}")
        return 2
    scores = evaluate(records, load_nlp(), load_tables(getattr(args, "reference", None)))
    print(f"PLOVER GSR {path.name}: {scores['n']} records, {time.perf_counter() - t0:.1f} s")
    print(format_report(scores))
    for r in [r for r in scores["rows"] if r["gold"] != r["pred"]][: getattr(args, "show_errors", 0)]:
        print(
            f"- {r['id']}: gold {r['gold']} ({r['gold_trigger']}) pred {r['pred']} ({r['trigger']}) | "
            f"src {r['gold_source']}/{r['pred_source']} | {r['text'][:160]}"
        )
    return 0
