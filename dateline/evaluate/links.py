"""Cross-article event linking against a hand-made gold (`dateline eval links`).

The gold (`tests/gold/event_links.jsonl`, see tests/gold/README.md) has one line per
real-world event: its mentions, each an (article, sentence) of the source data (`source`: a
path under the data folder, with `#record` or the record's id for a multi-record file; the
sentence's offsets into `dim_article.body`, and the sha1 of that text), and `apart_from`,
events a naive linker could merge with it.

A gold mention is *covered* when the warehouse has an event mention in that sentence (of the
gold's PLOVER type, when it gives one); its predicted events are those mentions' `event_key`s.
Over every pair of covered mentions from different articles:

* a pair is *linked* when the two mentions share a predicted event;
* pairwise precision = linked pairs of the same gold event / linked pairs;
* pairwise recall = linked pairs of the same gold event / pairs of the same gold event;
* near-miss pairs linked (mentions of two events marked `apart_from`) are counted apart.

Coverage (the extractor's share of the gold mentions) is reported beside them, and the
end-to-end recall over every gold pair, covered or not.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dateline import settings

REQUEST_NAMES = {"REQUEST": "DEMAND"}  # the warehouse stores PLOVER 2021's REQUEST as DEMAND


def add_arguments(parser) -> None:
    parser.add_argument(
        "--gold",
        default=str(settings._root() / "tests" / "gold" / "event_links.jsonl"),
        help="the link gold, one real-world event a line (default: tests/gold/event_links.jsonl)",
    )
    parser.add_argument(
        "--data",
        default=str(settings._root().parent / "shared" / "data"),
        help="the folder the gold's sources are under (default: ../shared/data)",
    )
    parser.add_argument(
        "--warehouse", default=None, help="a warehouse loaded with the gold's sources (default: a temporary one)"
    )
    parser.add_argument(
        "--stored-keys",
        action="store_true",
        help="score the warehouse's event_key as loaded (default: link its mentions again with the code's rule)",
    )
    parser.add_argument("--show-errors", type=int, default=0, help="print N wrong links and N missed ones")


@dataclass(frozen=True)
class Mention:
    cluster: str
    source: str
    start: int
    end: int
    sha1: str
    plover: str | None


def read_gold(path: Path) -> tuple[list[Mention], set[frozenset[str]]]:
    """The gold mentions and the near-miss cluster pairs."""
    mentions, apart = [], set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            plover = REQUEST_NAMES.get(rec.get("plover"), rec.get("plover")) or None
            for m in rec["mentions"]:
                mentions.append(Mention(rec["cluster"], m["source"], int(m["sentence_start"]), int(m["sentence_end"]),
                                        m["sha1"], plover))  # fmt: skip
            apart |= {frozenset((rec["cluster"], other)) for other in rec.get("apart_from", [])}
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}:{n}: not a gold event line ({exc})") from exc
    return mentions, apart


def source_folders(mentions: list[Mention], data: Path) -> list[Path]:
    """The data folders to load: each gold source's first path component under `data`,
    narrowed to its sub-folder for the BBC (bbc_news/politics)."""
    folders = set()
    for m in mentions:
        parts = Path(m.source.split("#")[0]).parts
        folders.add(data.joinpath(*parts[: 2 if len(parts) > 2 else 1]))
    return sorted(folders)


def load_sources(folders: list[Path], warehouse: Path) -> None:
    cmd = [sys.executable, "-m", "dateline.cli", "run", *map(str, folders), "--warehouse", str(warehouse)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"loading {', '.join(map(str, folders))} failed:\n{done.stderr[-2000:]}")


def _article_index(con) -> dict[str, tuple[str, str]]:
    """Every way a gold source can name an article -> (article_id, body)."""
    index = {}
    for aid, path, ext_id, body in con.execute(
        "SELECT article_id, source_path, external_id, body FROM dim_article"
    ).fetchall():
        p = Path(path)
        names = {ext_id, f"{p.parent.name}/{ext_id}", str(Path(*p.parts[-2:])), str(Path(*p.parts[-3:]))}
        if ":" in ext_id:  # a record of a multi-record file: 'wikinews_2019:12'
            record = ext_id.split(":", 1)[1]
            names |= {f"{n}#{record}" for n in (str(Path(*p.parts[-2:])), p.name)}
        for name in names:
            index[name] = (aid, body)
    return index


def relinked_keys(con):
    """The warehouse's event mentions linked again with the code's rule (the extraction is the
    warehouse's; the linking is scored as it is now): a table `_keys(event_id, event_key)`."""
    from dateline.lexicons import read_tables
    from transforms import linking
    from warehouse.load import event_mentions_sql

    links = linking.link_events(con.execute(event_mentions_sql()).pl(), linking.LinkRules.from_tables(read_tables()))
    con.register("_keys", links.event_keys.to_arrow())


def predicted_events(
    mentions: list[Mention], con, stored_keys: bool = False
) -> tuple[dict[Mention, set[str]], list[str]]:
    """Each gold mention's predicted event keys (empty: not covered), and the problems
    (a source not found, a sentence whose text changed)."""
    index, out, problems = _article_index(con), {}, []
    if not stored_keys:
        relinked_keys(con)
    keys = "e.event_key" if stored_keys else "(SELECT k.event_key FROM _keys k WHERE k.event_id = e.event_id)"
    for m in mentions:
        hit = index.get(m.source)
        if hit is None:
            problems.append(f"{m.cluster}: {m.source} is not in the warehouse")
            out[m] = set()
            continue
        aid, body = hit
        if hashlib.sha1(body[m.start : m.end].encode()).hexdigest() != m.sha1:
            problems.append(f"{m.cluster}: {m.source} [{m.start}:{m.end}] is not the annotated sentence")
        rows = con.execute(
            f"SELECT {keys}, e.event_type FROM fact_event e WHERE e.article_id = ? AND e.section = 'body' "
            "AND e.start_char >= ? AND e.start_char < ?",
            [aid, m.start, m.end],
        ).fetchall()
        out[m] = {k for k, t in rows if k is not None and (m.plover is None or t == m.plover)}
    return out, problems


@dataclass
class Scores:
    gold_pairs: int = 0
    covered_gold_pairs: int = 0
    linked: int = 0
    linked_right: int = 0
    near_miss_pairs: int = 0
    near_miss_linked: int = 0
    mentions: int = 0
    covered: int = 0

    @property
    def precision(self) -> float:
        return self.linked_right / self.linked if self.linked else 0.0

    @property
    def recall(self) -> float:
        return self.linked_right / self.covered_gold_pairs if self.covered_gold_pairs else 0.0

    @property
    def end_to_end_recall(self) -> float:
        return self.linked_right / self.gold_pairs if self.gold_pairs else 0.0


def score(predicted: dict[Mention, set[str]], apart: set[frozenset[str]]) -> tuple[Scores, list, list]:
    s, wrong, missed = Scores(mentions=len(predicted)), [], []
    s.covered = sum(bool(keys) for keys in predicted.values())
    for a, b in itertools.combinations(predicted, 2):
        if a.source == b.source:
            continue
        same = a.cluster == b.cluster
        covered = bool(predicted[a]) and bool(predicted[b])
        linked = bool(predicted[a] & predicted[b])
        s.gold_pairs += same
        s.covered_gold_pairs += same and covered
        s.linked += linked
        s.linked_right += linked and same
        near = frozenset((a.cluster, b.cluster)) in apart
        s.near_miss_pairs += near
        s.near_miss_linked += near and linked
        if linked and not same:
            wrong.append((a, b))
        elif same and covered and not linked:
            missed.append((a, b))
    return s, wrong, missed


def format_report(s: Scores) -> str:
    return "\n".join([
        f"gold mentions {s.mentions}, covered by an extracted event {s.covered} ({s.covered / max(s.mentions, 1):.0%})",
        f"pairwise precision {s.precision:.3f} ({s.linked_right}/{s.linked} linked pairs; target >= 0.85)",
        f"pairwise recall    {s.recall:.3f} ({s.linked_right}/{s.covered_gold_pairs} same-event pairs, both covered; "
        "target >= 0.60)",
        f"end-to-end recall  {s.end_to_end_recall:.3f} ({s.linked_right}/{s.gold_pairs} same-event pairs)",
        f"near misses linked {s.near_miss_linked}/{s.near_miss_pairs} pairs",
    ])  # fmt: skip


def run(args) -> int:
    import duckdb

    gold = Path(args.gold)
    try:
        mentions, apart = read_gold(gold)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}")
        return 2
    with tempfile.TemporaryDirectory(prefix="dateline-links-") as tmp:
        warehouse = Path(args.warehouse) if args.warehouse else Path(tmp) / "links.duckdb"
        if not args.warehouse:
            load_sources(source_folders(mentions, Path(args.data)), warehouse)
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            predicted, problems = predicted_events(mentions, con, args.stored_keys)
        finally:
            con.close()
    s, wrong, missed = score(predicted, apart)
    print(f"event links {gold.name}: {len({m.cluster for m in mentions})} events, {len(apart)} near-miss pairs")
    print(format_report(s))
    for p in problems:
        print(f"! {p}")
    for a, b in wrong[: args.show_errors]:
        print(f"- wrong link {a.cluster} {a.source} ~ {b.cluster} {b.source}")
    for a, b in missed[: args.show_errors]:
        print(f"- missed {a.cluster}: {a.source} ~ {b.source}")
    return 0
