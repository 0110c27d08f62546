"""Labelled lines: a paragraph that opens with a speaker's name and a colon reports the rest of
itself ("Senator Doe: Budget talks will fail" as a headline, or an answer in a transcript).

The colon is the cue (PolNeAR marks it so) and the name the source. The label must be a
short name and nothing else: one to four capitalised nouns that are one person or
organisation of the article, or a word of kind ``label_source`` in `quote_extras.csv`
("Poll: …"). So "The Latest: …", "Stealth Over Health: …" or "Brexit: …" report nothing.
A paragraph that opens with a quotation mark, a colon that is a cue already (“Doe: ‘…’” read
by the frame rules) and a question are left alone; the interviewer's lines of a transcript
are out of scope (`scope`).
"""

from __future__ import annotations

from transforms.quotes.attribution import Attribution, attach
from transforms.quotes.gates import NOT_ATTRIBUTIONS
from transforms.quotes.marks import paragraphs
from transforms.quotes.records import QuoteRecord

MAX_LABEL_TOKENS = 4
MAX_LABEL_CHARS = 80  # a label of four names and its colon fits
SPEAKER_ACTOR_TYPES = ("person", "org")
_MARKS = "“”\"'‘’«»„"


def _label_speaker(ctx, toks):
    """The head token of a label that names one speaker, or None."""
    if not 1 <= len(toks) <= MAX_LABEL_TOKENS or not all(
        t.pos_ in ("PROPN", "NOUN") and t.is_alpha and t.text[0].isupper() for t in toks
    ):
        return None
    if len(toks) == 1 and toks[0].lemma_.lower() in ctx.vocab.kind("quote_extras", "label_source"):
        return toks[0]
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1])
    m = ctx.actors.mention_at(s, e)
    if (
        m is None
        or m.actor_key is None
        or m.actor_key.split(":")[0] not in SPEAKER_ACTOR_TYPES
        or m.start_char > s
        or m.end_char < e
    ):
        return None
    return toks[-1]


def _content_end(text: str, colon_end: int, hi: int) -> int:
    """End of the reported words: the paragraph without its closing full stop (a full stop
    inside a closing quotation mark stays)."""
    e = hi
    while e > colon_end and (text[e - 1].isspace() or text[e - 1] in ".;,"):
        e -= 1
    return e


def _labelled(ctx, lo: int, hi: int, used: set) -> QuoteRecord | None:
    text, doc = ctx.text, ctx.doc
    if ":" not in text[lo : min(hi, lo + MAX_LABEL_CHARS)]:  # most paragraphs: no Span to build
        return None
    span = doc.char_span(lo, hi, alignment_mode="contract")
    if span is None or text[lo] in _MARKS:
        return None
    colon = next((t for t in span[: MAX_LABEL_TOKENS + 1] if t.text == ":"), None)
    if colon is None or colon.i in used or colon.i + 1 >= span.end:
        return None
    speaker = _label_speaker(ctx, doc[span.start : colon.i])
    s, e = colon.idx + 1, _content_end(text, colon.idx + 1, hi)
    while s < e and text[s].isspace():
        s += 1
    if speaker is None or e <= s or text[s:e].rstrip(_MARKS).endswith("?"):
        return None
    att = Attribution((colon.idx, colon.idx + 1), colon.i, speaker, via="colon")
    if any(gate(ctx, colon, att) for gate in NOT_ATTRIBUTIONS):
        return None
    rec = QuoteRecord(ctx.sent_index_at(s), s, e, "indirect")
    attach(ctx, rec, att)
    rec.speaker = (lo, colon.idx)  # the whole label is the source
    rec.confidence = min(rec.confidence, 0.7)
    return rec


def labelled_lines(ctx, records: list[QuoteRecord]) -> list[QuoteRecord]:
    """The records of the article's "Name: words" paragraphs (`records`: those found so far,
    whose cues are not read again)."""
    used = {r.extras.get("cue_i") for r in records}
    found = (_labelled(ctx, lo, hi, used) for lo, hi in paragraphs(ctx.text))
    return [r for r in found if r is not None]
