"""`dateline eval quotes`: quote attribution on PolNeAR (brat standoff), dateline vs textacy.

The ETL's own path runs on every article: `parse_article_text` → analysed text (title + body)
→ spaCy → `transforms.actors.analyse_actors` → `transforms.quotes.analyse_quotes`. Offsets
are mapped back to the raw PolNeAR text (parse_article_text trims a few spaces) and scored
against the lexicographically first `.ann` of each article.

Relations. A gold relation is one `E` line: Source, Cue and Content spans (each possibly
discontinuous; Content2 is merged into Content). A predicted relation is one cue: the
quotation records sharing a cue token (“X,” he said, “Y.” is one relation with two content
fragments, as PolNeAR annotates it).

Span conventions aligned to PolNeAR (they are real conventions, not scorer tricks):
* direct-quote content includes its quotation marks and the comma/full stop inside them;
* a partial quotation is scored through the reported clause that contains it (PolNeAR marks
  "that the two sides made “a great deal of progress.”" as the Content);
* a clause that cuts a quotation in half is extended to the closing mark.
Terms (scare quotes) and quotations with neither cue nor speaker (block quotes, transcript
lines) are not attribution relations and are not scored; the ETL still stores them.

Measures
* direct quotes (gold relations whose Content contains a quotation mark; predicted relations
  likewise): content exact F1, content overlap F1 (one-to-one, any shared character), and
  speaker accuracy = matched gold direct quotes whose predicted speaker span overlaps the gold
  Source, over matched gold direct quotes that have a Source; found-and-speaker-right F1 =
  those same quotes (found, and their speaker overlaps the gold Source) as true positives,
  over all predicted (precision) and all gold (recall) direct quotes;
* all attributions: exact-span F1 of Source, Cue and Content, each role scored as a multiset
  of spans (fragments joined), whitespace and edge punctuation trimmed.

textacy's `direct_quotations` runs on the same Docs as the baseline; a document where it
raises is counted and scored as empty. PolNeAR texts are read from the given path only.
"""

from __future__ import annotations

import bisect
import difflib
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

QUOTE_CHARS = '“”"«»„'
Span = tuple[tuple[int, int], ...]  # fragments


@dataclass
class Relation:
    source: Span = ()
    cue: Span = ()
    content: Span = ()


@dataclass
class Scores:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def p(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def r(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def add(self, other: Scores) -> None:
        self.tp += other.tp
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold


@dataclass
class SystemResult:
    role: dict = field(default_factory=lambda: {k: Scores() for k in ("source", "cue", "content")})
    direct_exact: Scores = field(default_factory=Scores)
    direct_overlap: Scores = field(default_factory=Scores)
    speaker_ok: int = 0
    speaker_den: int = 0
    found_right: Scores = field(default_factory=Scores)
    errors: int = 0


# --------------------------------------------------------------------------- brat


def read_ann(text: str) -> list[Relation]:
    """brat standoff → relations (Discuss/Discard ignored; covered text may span lines)."""
    spans: dict[str, tuple[str, Span]] = {}
    events: list[str] = []
    for line in text.split("\n"):
        if line.startswith("T") and "\t" in line:
            tid, info = line.split("\t")[:2]
            typ, _, offs = info.partition(" ")
            frags = []
            for part in offs.split(";"):
                a, b = part.split()
                frags.append((int(a), int(b)))
            spans[tid] = (typ, tuple(frags))
        elif line.startswith("E") and "\t" in line:
            events.append(line.split("\t")[1])
    rels = []
    for ev in events:
        parts = ev.split()
        rel = Relation()
        content: list[tuple[int, int]] = []
        for p in parts[1:]:
            role, _, tid = p.partition(":")
            if tid not in spans:
                continue
            frags = spans[tid][1]
            if role == "Source":
                rel.source = frags
            elif role == "Cue":
                rel.cue = frags
            elif role.startswith("Content"):
                content.extend(frags)
        rel.content = tuple(sorted(content))
        if rel.cue or rel.content or rel.source:
            rels.append(rel)
    return rels


def first_annotations(split_dir: Path) -> list[tuple[Path, Path]]:
    """(text, first .ann) per article of a PolNeAR split directory."""
    anns: dict[str, Path] = {}
    for p in sorted((split_dir / "attributions").glob("*.ann")):
        art = p.stem.rsplit("_", 1)[0]
        anns.setdefault(art, p)
    out = []
    for art, ann in sorted(anns.items()):
        txt = split_dir / "text" / f"{art}.txt"
        if txt.exists():
            out.append((txt, ann))
    return out


# --------------------------------------------------------------------------- scoring


def _norm(text: str, span: Span) -> Span:
    """Trim whitespace and edge punctuation (not quotation marks) of each fragment."""
    out = []
    for s, e in span:
        while s < e and (text[s].isspace() or text[s] in ",;:.—–-"):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-"):
            e -= 1
        if e > s:
            out.append((s, e))
    # merge fragments that touch after trimming
    merged: list[list[int]] = []
    for s, e in sorted(out):
        if merged and s <= merged[-1][1] + 1 and not text[merged[-1][1] : s].strip():
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return tuple((s, e) for s, e in merged)


def _is_direct(text: str, span: Span) -> bool:
    return any(c in QUOTE_CHARS for s, e in span for c in text[s:e])


def _overlaps(a: Span, b: Span) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def exact_counts(text: str, pred: list[Span], gold: list[Span]) -> Scores:
    p = defaultdict(int)
    for s in pred:
        if s:
            p[_norm(text, s)] += 1
    g = defaultdict(int)
    for s in gold:
        if s:
            g[_norm(text, s)] += 1
    tp = sum(min(n, g[k]) for k, n in p.items())
    return Scores(tp, sum(p.values()), sum(g.values()))


def overlap_match(pred: list[Span], gold: list[Span]) -> list[tuple[int, int]]:
    """One-to-one greedy matching by shared characters (largest overlap first)."""
    pairs = []
    for i, ps in enumerate(pred):
        for j, gs in enumerate(gold):
            ov = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in ps for s2, e2 in gs)
            if ov > 0:
                pairs.append((ov, i, j))
    used_p, used_g, out = set(), set(), []
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def score_document(text: str, pred: list[Relation], gold: list[Relation], res: SystemResult) -> None:
    for role in ("source", "cue", "content"):
        res.role[role].add(exact_counts(text, [getattr(r, role) for r in pred], [getattr(r, role) for r in gold]))
    pd = [r for r in pred if r.content and _is_direct(text, r.content)]
    gd = [r for r in gold if r.content and _is_direct(text, r.content)]
    res.direct_exact.add(exact_counts(text, [r.content for r in pd], [r.content for r in gd]))
    matches = overlap_match([r.content for r in pd], [r.content for r in gd])
    res.direct_overlap.add(Scores(len(matches), len(pd), len(gd)))
    right = 0
    for i, j in matches:
        if gd[j].source:
            res.speaker_den += 1
            if pd[i].source and _overlaps(pd[i].source, gd[j].source):
                res.speaker_ok += 1
                right += 1
    res.found_right.add(Scores(right, len(pd), len(gd)))


# --------------------------------------------------------------------------- systems


def offset_map(analysed: str, raw: str):
    """A function mapping analysed-text offsets to raw-text offsets."""
    sm = difflib.SequenceMatcher(None, analysed, raw, autojunk=False)
    blocks = [(a, b, n) for a, b, n in sm.get_matching_blocks() if n]
    starts = [a for a, _, _ in blocks]

    def f(i: int) -> int:
        k = bisect.bisect_right(starts, i) - 1
        if k < 0:
            return i
        a, b, n = blocks[k]
        return b + min(i - a, n)

    return f


def _extend_cut_quotes(text: str, s: int, e: int) -> tuple[int, int]:
    """A clause that opens a quotation ends at its closing mark (“…progress.” not “…progress)."""
    seg = text[s:e]
    opens = sum(seg.count(c) for c in "“") + (seg.count('"') % 2)
    closes = seg.count("”")
    if opens > closes or seg.count('"') % 2:
        k = e
        while k < len(text) and k < e + 4 and text[k] not in "\n":
            if text[k] in '”"':
                return s, k + 1
            k += 1
    return s, e


def _with_marks(text: str, s: int, e: int, outer: tuple[int, int] | None) -> tuple[int, int]:
    if outer:
        return outer
    return s, e


def dateline_relations(ctx, fmap) -> list[Relation]:
    from transforms import quotes as qm

    text = ctx.text
    groups: dict = {}
    for rec in qm.analyse_quotes(ctx):
        if rec.quote_type == "term" or (rec.cue is None and rec.speaker is None):
            continue  # a term, or a quotation nobody is said to have said: not an attribution
        key = rec.extras.get("cue_i")
        key = ("cue", key) if key is not None else ("q", rec.start)
        if rec.quote_type in ("direct",):
            frag = _with_marks(text, rec.start, rec.end, rec.outer)
        elif rec.quote_type == "partial":
            frag = rec.relation_content or _with_marks(text, rec.start, rec.end, rec.outer)
        else:
            frag = _extend_cut_quotes(text, rec.start, rec.end)
        g = groups.setdefault(key, {"content": [], "source": rec.speaker, "cue": rec.cue})
        g["content"].append(frag)
        if g["source"] is None:
            g["source"] = rec.speaker
    rels = []
    for g in groups.values():
        # fragments contained in another fragment of the same relation (a partial inside its
        # indirect clause) collapse into it
        frags = sorted(set(g["content"]))
        keep = [f for f in frags if not any(o != f and o[0] <= f[0] and f[1] <= o[1] for o in frags)]
        m = lambda sp: ((fmap(sp[0]), fmap(sp[1])),) if sp else ()
        rels.append(
            Relation(source=m(g["source"]), cue=m(g["cue"]), content=tuple((fmap(s), fmap(e)) for s, e in keep))
        )
    return rels


def textacy_relations(doc, fmap) -> list[Relation]:
    from textacy.extract.triples import direct_quotations

    rels = []
    for dq in direct_quotations(doc):

        def sp(toks):
            if not toks:
                return ()
            toks = sorted(toks, key=lambda t: t.i)
            return ((fmap(toks[0].idx), fmap(toks[-1].idx + len(toks[-1]))),)

        c = dq.content
        rels.append(Relation(source=sp(dq.speaker), cue=sp(dq.cue), content=((fmap(c.start_char), fmap(c.end_char)),)))
    return rels


def evaluate(
    polnear: Path, limit: int | None = None, baseline: str | None = "textacy", split: str = "dev"
) -> dict[str, SystemResult]:
    from dateline.lexicons import load_lexicons
    from transforms.extract import analyse_article, analysed_text
    from transforms.nlp import load_nlp
    from transforms.staging import parse_article_text

    lexicons = load_lexicons()
    split_dir = polnear / split if (polnear / split).is_dir() else polnear
    pairs = first_annotations(split_dir)[: limit or None]
    nlp = load_nlp()
    raws, texts, body_offsets = [], [], []
    for txt, _ in pairs:
        raw = txt.read_text(encoding="utf-8")
        art = parse_article_text(raw)
        raws.append(raw)
        text, body_offset = analysed_text(art["title"], art["body"])  # as the ETL parses it
        texts.append(text)
        body_offsets.append(body_offset)
    results = {"dateline": SystemResult()}
    if baseline:
        results[baseline] = SystemResult()
    docs = nlp.pipe(texts, batch_size=16)
    for (_txt, ann), raw, doc, body_offset in zip(pairs, raws, docs, body_offsets, strict=True):
        gold = read_ann(ann.read_text(encoding="utf-8"))
        fmap = offset_map(doc.text, raw)
        try:
            pred = dateline_relations(analyse_article(doc, lexicons, body_offset), fmap)
        except Exception:
            results["dateline"].errors += 1
            pred = []
        score_document(raw, pred, gold, results["dateline"])
        if baseline == "textacy":
            try:
                base = textacy_relations(doc, fmap)
            except Exception:
                results["textacy"].errors += 1
                base = []
            score_document(raw, base, gold, results["textacy"])
    results["_n_docs"] = len(pairs)  # type: ignore[assignment]
    return results


# --------------------------------------------------------------------------- CLI


def add_arguments(parser) -> None:
    parser.add_argument("--polnear", required=True, help="PolNeAR data folder (containing dev/) or a split folder")
    parser.add_argument("--split", default="dev", help="split to score (default dev; test is kept aside)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument(
        "--baseline",
        choices=["textacy", "none"],
        default="textacy",
        help="also score textacy's quote extractor for comparison (none: skip it, faster)",
    )


def format_report(results: dict) -> str:
    names = [k for k in results if not k.startswith("_")]
    lines = [f"PolNeAR quote attribution, {results.get('_n_docs', '?')} articles (first annotator)", ""]
    head = f"{'measure':<34}" + "".join(f"{n:>22}" for n in names)
    lines.append(head)

    def row(label, fn):
        lines.append(f"{label:<34}" + "".join(f"{fn(results[n]):>22}" for n in names))

    def prf(s: Scores) -> str:
        return f"{s.p:.3f}/{s.r:.3f}/{s.f1:.3f}"

    lines.append("direct quotes (P/R/F1)")
    row("  content exact", lambda r: prf(r.direct_exact))
    row("  content overlap", lambda r: prf(r.direct_overlap))
    row(
        "  speaker accuracy (ok/den)",
        lambda r: f"{r.speaker_ok / r.speaker_den if r.speaker_den else 0:.3f} ({r.speaker_ok}/{r.speaker_den})",
    )
    row("  found-and-speaker-right", lambda r: prf(r.found_right))
    row("  gold / predicted", lambda r: f"{r.direct_overlap.n_gold}/{r.direct_overlap.n_pred}")
    lines.append("all attributions, exact span (P/R/F1)")
    for role in ("source", "cue", "content"):
        row(f"  {role}", lambda r, role=role: prf(r.role[role]))
    row("documents with errors", lambda r: str(r.errors))
    lines.append("")
    lines.append("speaker accuracy denominator: matched gold direct quotes that have a Source span")
    return "\n".join(lines)


def run(args) -> int:
    t0 = time.time()
    path = Path(args.polnear)
    if not path.exists():
        print(f"error: {path} does not exist")
        return 2
    baseline = None if args.baseline == "none" else args.baseline
    results = evaluate(path, args.limit, baseline, getattr(args, "split", "dev"))
    print(format_report(results))
    print(f"\n({time.time() - t0:.0f}s)")
    return 0
