"""Quotations with marks: direct, partial or term, and whose words they are.

Each quotation is read by the first rule of `READINGS` that applies:

* standalone: a quotation that is an utterance of its own (at the start of its sentence, or
  after the comma or colon of its attribution) is direct when a cue frames it or it is long
  enough to be one; else a term;
* cue after: “… the “nitty gritty stuff,” a State Department spokesperson revealed” is a
  partial quotation of that speaker;
* governed: embedded under a reporting verb (“insisting that … “X””) or "according to", a
  partial quotation of its subject, scored through the reported clause around it;
* nearest agent: embedded under a verb whose subject is named (“Trump blasted the media as
  “dishonest””), a partial quotation of that subject at lower confidence;
* otherwise a term (scare quotes), with no speaker.

An unattributed direct quotation right after another in the same or the next paragraph
continues its speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.quotes.attribution import Attribution, according_attribution, according_to, attach, lemma, speaker_of
from transforms.quotes.complements import reported_content
from transforms.quotes.cues import cue_span
from transforms.quotes.frames import (
    after_frame,
    before_frame,
    frame_attribution,
    governing_verb,
    is_independent,
    nearest_agent_verb,
)
from transforms.quotes.marks import QuoteSpan, opens_paragraph
from transforms.quotes.records import QuoteRecord

_WORD = re.compile(r"\w")
MAX_JOINING_WORDS = 3  # "… “X” but also “Y”": the words between coordinated quotations


@dataclass
class Reading:
    quote_type: str
    att: Attribution | None = None
    relation_content: tuple[int, int] | None = None
    standalone: bool = False  # an utterance of its own, too short to be direct without a cue


def word_count(text: str) -> int:
    return len([w for w in re.split(r"\s+", text) if _WORD.search(w)])


def _standalone(ctx, q: QuoteSpan, text: str, words: int) -> Reading | None:
    if not is_independent(ctx, q, text):
        return None
    att = frame_attribution(ctx, after_frame(ctx, q, text), after=True) or frame_attribution(
        ctx, before_frame(ctx, q, text), after=False
    )
    if att is not None or words >= 4 or (q.close_mark is None and words >= 2):
        return Reading("direct", att)
    return Reading("term", standalone=True)


def _cue_after(ctx, q: QuoteSpan, text: str, words: int) -> Reading | None:
    if words < 2 or text[q.start : q.end].rstrip().endswith("."):
        return None  # ‘… decision “will force us to …”’ ends its sentence: “He said” is the next one's
    att = frame_attribution(ctx, after_frame(ctx, q, text), after=True)
    return Reading("partial", att) if att is not None else None


def _governed(ctx, q: QuoteSpan, text: str, words: int) -> Reading | None:
    # a single quoted word only when the verb governs it closely (‘Productive’ of "Insists")
    verb, child = governing_verb(ctx, q, 12 if words >= 2 else 2)
    if verb is None:
        return None
    acc = according_to(verb)
    if acc:
        return Reading("partial", according_attribution(acc))
    if _beside_reported_clause(ctx, verb, child):
        return Reading("term")
    return Reading(
        "partial", Attribution(cue_span(ctx, verb), verb.i, speaker_of(ctx, verb)), reported_content(ctx, verb, q)
    )


def _beside_reported_clause(ctx, verb, child) -> bool:
    """A quotation in another argument of a verb that reports a clause of its own is the one
    addressed or the venue, not the content ("told “Morning Joe” that …", "said on “Face the
    Nation” that …")."""
    return (
        child is not None
        and child.dep_ in ("dobj", "dative", "prep", "npadvmod")
        and any(c.dep_ == "ccomp" and not ctx.in_quote(c) for c in verb.children)
    )


def _nearest_agent(ctx, q: QuoteSpan, text: str, words: int) -> Reading | None:
    found = nearest_agent_verb(ctx, q) if words >= 2 else None
    if found is None:
        return None
    verb, subj = found
    if not _attitude_verb(ctx, verb):
        return None  # “The Apprentice” under "demeaned", “super PACs” under "had seized": terms
    return Reading("partial", Attribution(cue_span(ctx, verb), verb.i, subj, via="nearest"))


def _attitude_verb(ctx, verb) -> bool:
    """A verb of speech, intention, stance or judgement: only these carry a quoted fragment of
    their subject."""
    lem = lemma(verb)
    return lem in ctx.vocab.cue_verbs or lem in ctx.vocab.kind("quote_extras", "attitude_verb")


READINGS = (_standalone, _cue_after, _governed, _nearest_agent)


def read_quote(ctx, q: QuoteSpan, text: str) -> tuple[QuoteRecord, Attribution | None]:
    """The record of one quotation (type and relation content) and its attribution."""
    words = word_count(text[q.start : q.end])
    reading = next((r for rule in READINGS if (r := rule(ctx, q, text, words)) is not None), Reading("term"))
    rec = QuoteRecord(
        ctx.sent_index_at(q.start),
        q.start,
        q.end,
        reading.quote_type,
        outer=(q.open_mark, q.outer_end),
        relation_content=reading.relation_content,
    )
    if reading.standalone:
        rec.extras["standalone"] = True
    return rec, reading.att


def continues(text: str, q: QuoteSpan, prev: QuoteSpan | None) -> bool:
    """The quotation goes on from the previous direct one: the same paragraph, or the next
    when the previous ran to its paragraph end or this one opens its paragraph."""
    if prev is None:
        return False
    return prev.para == q.para or (
        prev.para == q.para - 1 and (prev.close_mark is None or opens_paragraph(text, q.open_mark))
    )


def continue_speaker(rec: QuoteRecord, prev: QuoteRecord, same_paragraph: bool) -> None:
    """No attribution of its own: the same speaker goes on. In the same paragraph it is one
    utterance with its attribution (one relation); a new paragraph starts a new one, which
    has no cue of its own (PolNeAR gives it none)."""
    rec.speaker, rec.speaker_key = prev.speaker, prev.speaker_key
    rec.cue = prev.cue if same_paragraph else None
    rec.addressee_key = prev.addressee_key
    rec.method, rec.confidence = "continuation", max(0.3, prev.confidence - 0.15)
    rec.extras["cue_i" if same_paragraph else "continues"] = prev.extras.get("cue_i")


def join_coordinated(text: str, records: list[QuoteRecord]) -> None:
    """A partial quotation coordinated after the reported clause of its cue ("claimed that X
    is “…” but “…”") is reported through that clause, extended to its closing mark."""
    clause: dict = {}  # cue token -> the last reported clause of that cue
    for rec in records:
        key = rec.extras.get("cue_i")
        if rec.quote_type != "partial" or key is None:
            continue
        prev = clause.get(key)
        between = text[prev[1] : rec.outer[0]] if prev is not None and rec.outer is not None else ""
        if (
            rec.relation_content is None
            and prev is not None
            and rec.outer is not None
            and prev[1] <= rec.outer[0]
            and len(between.split()) <= MAX_JOINING_WORDS
            and not any(c in between for c in ".?!;:\n")
        ):
            rec.relation_content = (prev[0], rec.outer[1])
        if rec.relation_content is not None:
            clause[key] = rec.relation_content


def _short_reply(text: str, rec: QuoteRecord, q: QuoteSpan, prev) -> bool:
    """A short sentence standing in quotation marks of its own right after a direct quotation
    of the same paragraph ("“Here he is,” she said. “Donald's here.”") goes on with it."""
    return (
        rec.extras.get("standalone", False)
        and prev is not None
        and prev[1].para == q.para
        and text[q.start : q.end].rstrip().endswith((".", "!"))
        and word_count(text[q.start : q.end]) >= 2
    )


def marked_quotes(ctx) -> list[QuoteRecord]:
    """The records of the article's quotations with marks, in text order."""
    text = ctx.text  # rebuilt from the tokens on every read
    records: list[QuoteRecord] = []
    prev: tuple[QuoteRecord, QuoteSpan] | None = None
    for q in ctx.quote_spans:
        rec, att = read_quote(ctx, q, text)
        records.append(rec)
        if _short_reply(text, rec, q, prev):
            rec.quote_type = "direct"  # “I would,” she said. “I would, Donald.”: she goes on
        if rec.quote_type == "term":
            continue
        if att is not None:
            attach(ctx, rec, att)
            if att.via == "nearest":
                rec.confidence = min(rec.confidence, 0.45)
        elif rec.quote_type == "direct" and continues(text, q, prev and prev[1]):
            continue_speaker(rec, prev[0], prev[1].para == q.para)
        elif rec.quote_type == "direct":
            rec.method, rec.confidence = "unattributed", 0.3
        if rec.speaker is not None:
            ctx.coref.note_speaker(rec.speaker[0], rec.speaker_key)
        if rec.quote_type == "direct":
            prev = (rec, q)
    join_coordinated(text, records)
    return records
