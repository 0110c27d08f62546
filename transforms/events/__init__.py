"""Event coding from the one dependency parse: PLOVER type (via CAMEO), source and target
actors, negation, modality, resolved date, place and a within-article cluster key.

Stages, run in order by `extract_events`:

1. `triggers.find_candidates`: verbs and nouns of the curated trigger table
   (`seeds/lexicons/event_triggers.csv`: lemma, pos, event_type, cameo_code, conditions; see
   `curated`), which decides the lemmas it lists, and of the CAMEO event lexicon
   (`seeds/reference/event_lexicon.csv`, verb patterns, the most specific match wins) for
   the rest, with their source and target (`roles`);
2. `modality.derived_candidates`: stated intentions as events of their own (AGREE, THREATEN,
   REJECT, DEMAND); what a demand asks for is not coded besides it;
3. `gates.passes`: the named publication rules (body text, no modal trigger, asserted
   clause, a political actor in a role, ...); a participle clause that restates its
   governor's event is coded once (`gates.restatements`), and so is a noun that names again
   an event the article has coded (`gates.restates_coded`);
4. `describe`: negation, date (`dates`), modality and place of each event, then
   `gates.confidence`; events under `PUBLISH_THRESHOLD` are not published;
   each event gets its Goldstein score and quad class (`scores`);
5. `event_rows`: one row per source actor. Compound actors ("Hungarian and Romanian
   officials agreed") give one event per actor; the rows share an `event_cluster_key`, so
   they read as one reported event. Sources with a country come first (`placed`).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from transforms.events.dates import event_date, granularity, resolve_date
from transforms.events.gates import PUBLISH_THRESHOLD, confidence, passes, restatements, restates_coded
from transforms.events.lexicon import EventLexicon, Pattern
from transforms.events.modality import derived_candidates, modality, negation
from transforms.events.roles import location
from transforms.events.tokens import TokenForms
from transforms.events.triggers import Candidate, find_candidates

__all__ = [
    "MODALITIES",
    "PUBLISH_THRESHOLD",
    "STG_EVENT",
    "Candidate",
    "EventLexicon",
    "Pattern",
    "extract_events",
    "find_candidates",
    "granularity",
    "primary_event",
    "resolve_date",
]

STG_EVENT = {
    "sentence_index": pl.Int64,
    "event_type": pl.Utf8,
    "event_mode": pl.Utf8,
    "cameo_code": pl.Utf8,
    "source_key": pl.Utf8,
    "target_key": pl.Utf8,
    "location_text": pl.Utf8,
    "location_country": pl.Utf8,
    "location_key": pl.Utf8,
    "is_negated": pl.Boolean,
    "modality": pl.Utf8,
    "event_date": pl.Date,
    "date_granularity": pl.Utf8,
    "date_text": pl.Utf8,
    "trigger_text": pl.Utf8,
    "start_char": pl.Int64,
    "end_char": pl.Int64,
    "evidence": pl.Utf8,
    "confidence": pl.Float64,
    "event_cluster_key": pl.Utf8,
    "goldstein": pl.Float64,
    "quad_class": pl.Utf8,
}
MODALITIES = ("asserted", "future", "hypothetical", "historical")


@dataclass
class Circumstances:
    """What is said about one candidate beyond its actors."""

    negated: bool
    modality: str
    date: object
    granularity: str | None
    date_text: str | None
    location: tuple[str | None, str | None, str | None]


def describe(c: Candidate, ctx, lex: EventLexicon, negated: bool) -> Circumstances:
    """Negation, date, modality and place of a candidate; a derived intention is asserted."""
    published = ctx.published
    d, gran, dtext = event_date(c.tok, ctx)
    mod = "asserted" if c.derived else modality(c.tok, d, published, lex.words)
    if d is not None and published is not None and d > published and mod in {"asserted", "historical"}:
        d, gran, dtext = None, None, None  # a later date in a past-tense clause belongs to something else
    place = location(c.tok, ctx, lex.words, set(c.sources) | set(c.targets))
    return Circumstances(negated, mod, d, gran, dtext, place)


def cluster_key(et: str | None, c: Candidate, about: Circumstances) -> str:
    """Reports of one event share a key: its type and actors, else its type, place and date."""
    actors = sorted({k for k in c.sources + c.targets[:1] if k})
    if actors:
        return "|".join([et or "", *actors])
    loc_text, _, loc_key = about.location
    return "|".join([et or "", "@", loc_key or loc_text or "", str(about.date or "")])


INTERNATIONAL_SECTORS = frozenset({"IGO", "NGO"})


def placed(key: str | None, ctx) -> bool:
    """An actor with a country (its own or its role's) or an international body. Rows of such
    sources come first: "U.N. Secretary-General Kofi Annan announced" gives a row for Annan and
    one for the U.N., and a sentence-level reader (`primary_event`) reports the body a person
    with no country of their own speaks for."""
    a = ctx.actors.actors.get(key) if key else None
    return a is not None and bool(
        a.country_code or a.sector in INTERNATIONAL_SECTORS or any(cc for _, cc, _ in a.roles)
    )


def _acting(sources: list[str], ctx) -> list[str]:
    """The sources that act: when a person is named, the people and the international body a
    person of no country speaks for ("U.N. Secretary-General Kofi Annan"), not the party or
    the government their title names ("Labour MP Karen Buck warned": Buck, not also Labour)."""
    people = [k for k in sources if ctx.coref.actor_type(k) == "person"]
    if not people:
        return sources
    return [k for k in sources if k in people or _international(k, ctx)]


def _international(key: str, ctx) -> bool:
    a = ctx.actors.actors.get(key)
    return a is not None and a.sector in INTERNATIONAL_SECTORS


def event_rows(c: Candidate, about: Circumstances, ctx, lex: EventLexicon, conf: float) -> list[dict]:
    """One `STG_EVENT` row per source actor of a compound subject."""
    et = lex.canonical(c.et)
    sent = ctx.sent_of(c.tok)
    trigger = ctx.doc[c.tok.i : c.end_tok]
    loc_text, loc_cc, loc_key = about.location
    common = {
        "sentence_index": ctx.sent_index(c.tok),
        "event_type": et,
        "event_mode": lex.mode_of(c.code),
        "cameo_code": c.code,
        "location_text": loc_text,
        "location_country": loc_cc,
        "location_key": loc_key,
        "is_negated": about.negated,
        "modality": about.modality,
        "event_date": about.date,
        "date_granularity": about.granularity,
        "date_text": about.date_text,
        "trigger_text": trigger.text,
        "start_char": trigger.start_char,
        "end_char": trigger.end_char,
        "evidence": ctx.text_of(sent).strip(),
        "confidence": conf,
        "event_cluster_key": cluster_key(et, c, about),
        "goldstein": lex.scores.goldstein_of(c.code, et),  # transforms/events/scores.py
        "quad_class": lex.scores.quad_class_of(et),
    }
    rows = []
    for src in sorted(_acting(c.sources, ctx), key=lambda k: not placed(k, ctx)) or [None]:
        tgt = c.targets[0] if c.targets else None
        if tgt == src:
            tgt = c.targets[1] if len(c.targets) > 1 else None
        rows.append({**common, "source_key": src, "target_key": tgt})
    return rows


def extract_events(ctx, lexicon: EventLexicon, min_confidence: float = PUBLISH_THRESHOLD) -> list[dict]:
    """Published events of one article as dicts with exactly the `STG_EVENT` keys (offsets into
    doc.text): candidates that pass the gates with a confidence of at least `min_confidence`."""
    cands = find_candidates(ctx, lexicon, TokenForms(ctx))
    negations = {c.tok.i: negation(c.tok, lexicon.words) for c in cands}
    derived, demanded = derived_candidates(ctx, cands, lexicon, negations)
    cands += derived
    rows: list[dict] = []
    restated = restatements(cands, lexicon) | demanded
    coded: set[tuple] = set()  # (type, source, target, modality, negated, date) of the rows so far
    for c in cands:
        if id(c) in restated or not passes(c, ctx, lexicon):
            continue
        about = describe(c, ctx, lexicon, not c.derived and negations[c.tok.i])
        conf = confidence(c, about.modality, ctx)
        if conf < min_confidence or restates_coded(c, about, coded, lexicon):
            continue
        new = event_rows(c, about, ctx, lexicon, conf)
        coded |= {
            (r["event_type"], r["source_key"], r["target_key"], r["modality"], r["is_negated"], r["event_date"])
            for r in new
        }
        rows.extend(new)
    return rows


def primary_event(rows: list[dict], doc) -> dict | None:
    """The one event a sentence-level coder would report: the trigger nearest the root of the
    parse, preferring events with both actors (used by the PLOVER evaluation)."""
    if not rows:
        return None

    def depth(r):
        span = doc.char_span(r["start_char"], r["end_char"], alignment_mode="expand")
        t, d = (span.root, 0) if span is not None else (None, 99)
        while t is not None and t.head.i != t.i and d < 50:
            t, d = t.head, d + 1
        return d

    return min(
        rows,
        key=lambda r: (
            depth(r) - 1.0 * ((r["source_key"] is not None) + (r["target_key"] is not None)),
            r["start_char"],
        ),
    )
