"""The cue stage for quotations: the frame next to a quotation and the cue in it.

A quotation's attribution sits in the unquoted words right after it (“X,” she said) or right
before it (She said: “X”), within its paragraph and sentence. `frame_attribution` tries the
cue rules of `FRAME_RULES` in order. A quotation embedded in a clause hangs from a reporting
verb above it (`governing_verb`) or, failing that, from the nearest verb with a named subject.
"""

from __future__ import annotations

from collections.abc import Iterator

from transforms.coreference import PERSON_PRONOUNS
from transforms.quotes.attribution import (
    SPEAKER_ENTS,
    SPEAKER_PRONOUNS,
    SUBJ_DEPS,
    Attribution,
    according_attribution,
    according_to,
    addressee_of,
    is_speech_verb,
    lemma,
    speaker_of,
)
from transforms.quotes.cues import cue_span
from transforms.quotes.marks import CLOSE_DQ, QuoteSpan, paragraph_at

FULL_STOPS = (".", "?", "!", ";")
DASHES = ("―", "—", "–", "-")
NOT_SPEAKER_ENTS = ("DATE", "TIME", "CARDINAL", "ORDINAL")
# how far (in frame tokens) a cue may stand from the quotation; past `_NEAR` only "…, she said"
_FAR, _NEAR = 12, 8
_NAMING_VERBS = frozenset({"call", "describe"})  # they report a quoted name ("called it “a hoax”")


def token_ids_between(ctx, a: int, b: int) -> Iterator[int]:
    """Indices of the unquoted tokens (no space tokens) whose start lies in [a, b), in text
    order (read lazily: a reader that stops at a full stop reads no token past it)."""
    span = ctx.doc.char_span(a, b, alignment_mode="expand") if b > a else None
    if span is not None:
        starts, words, quoted = ctx.toks.starts, ctx.toks.words, ctx.quoted
        yield from (
            i
            for i in range(span.start, span.end)
            if a <= starts[i] < b and not quoted[starts[i]] and not words[i].isspace()
        )


def after_frame(ctx, q: QuoteSpan, text: str) -> list:
    """Unquoted tokens after a closed quotation, up to the next quotation, the paragraph end
    or the first full stop."""
    if q.close_mark is None:
        return []
    a = q.outer_end
    end = paragraph_at(text, a)[1]
    end = min([end, *(s.open_mark for s in ctx.quote_spans if s.open_mark >= a)])
    out, words = [], ctx.toks.words
    for i in token_ids_between(ctx, a, end):
        if words[i] in FULL_STOPS:
            break
        out.append(ctx.doc[i])
    if (
        out
        and out[-1].text in (",", ":")
        and text[q.start : q.end].rstrip()[-1:] in (".", "?", "!")
        and not text[out[-1].idx + 1 : end].strip()
    ):
        return []  # “X.” He added, “Y.”: the words between introduce the next quotation
    return out


def _introducing_paragraph(text: str, lo: int) -> int | None:
    """Start of the paragraph before `lo` when it ends with a colon that introduces the
    paragraph at `lo` ("Caddell continued:" above a quoted paragraph), else None."""
    before = text[:lo].rstrip()
    if not before.endswith(":") or not text[len(before) : lo].count("\n"):
        return None
    return paragraph_at(text, len(before) - 1)[0]


def before_frame(ctx, q: QuoteSpan, text: str) -> list:
    """Unquoted tokens of the current sentence before a quotation, after any earlier one; for
    a quotation that opens its paragraph, the paragraph above when it ends with a colon."""
    lo, end = paragraph_at(text, q.open_mark)[0], q.open_mark
    if end == lo and (above := _introducing_paragraph(text, lo)) is not None:
        lo, end = above, len(text[:lo].rstrip())
    start = max([lo, *(s.outer_end for s in ctx.quote_spans if lo <= s.outer_end <= end)])
    ids, words = list(token_ids_between(ctx, start, end)), ctx.toks.words
    stops = [k for k, i in enumerate(ids) if words[i] in FULL_STOPS]
    return [ctx.doc[i] for i in (ids[stops[-1] + 1 :] if stops else ids)]


def _introduces(ctx, verb, frame_ids: set[int], after: bool) -> bool:
    """A cue verb in the frame introduces the quotation unless it has its own content there,
    or a quotation on its other side ("“X,” but he said that the footage “Y”": Y's cue)."""
    if lemma(verb) not in ctx.vocab.quote_cues or verb.pos_ not in ("VERB", "AUX") or verb.dep_ == "amod":
        return False  # an adjectival participle ("a few telling facts") says nothing
    quoted = [c for c in verb.children if c.dep_ == "ccomp" and ctx.in_quote(c)]
    if any((c.i < verb.i) == after for c in quoted):
        return True  # the quotation is its complement: a later clause hung from it is a misparse
    if quoted or any(c.dep_ == "ccomp" and c.i in frame_ids for c in verb.children):
        return False  # it reports something else
    # "continue talks", "added sanctions": not introducing the quote
    return lemma(verb) == "tell" or not any(c.dep_ in ("dobj", "xcomp") and c.i in frame_ids for c in verb.children)


def _inverted_speaker(frame: list, verb):
    """ "said Pompeo" parsed without a subject: the next noun in the frame after the verb."""
    for t in frame:
        if t.i <= verb.i:
            continue
        if (
            t.pos_ in ("PROPN", "NOUN", "PRON")
            and t.ent_type_ not in NOT_SPEAKER_ENTS
            and t.dep_ not in ("npadvmod", "pobj", "dobj")
        ) or (t.i == verb.i + 1 and t.pos_ in ("PROPN", "NOUN") and t.ent_type_ not in NOT_SPEAKER_ENTS):
            return t
    return None


def _preceding_speaker(frame: list, verb):
    """“X,” Tulsa police Chief Jordan said — parsed without a subject: the name right before
    the verb, when the frame holds nothing else before it."""
    lead = [t for t in frame if t.i < verb.i]
    prev = lead[-1] if lead else None
    if (
        prev is None
        or prev.i != verb.i - 1
        or prev.pos_ not in ("PROPN", "NOUN")
        or prev.ent_type_ in NOT_SPEAKER_ENTS
        or any(t.pos_ == "VERB" and t.dep_ == "ROOT" for t in lead)
    ):
        return None
    return prev


def _subject_leads(frame: list, verb, subj) -> bool:
    """“X,” Scott Pruitt, the attorney general of Oklahoma, said: every frame word before the
    verb belongs to its subject phrase, however long."""
    lead = [t for t in frame if t.i < verb.i and not t.is_punct]
    return subj is not None and bool(lead) and all(subj.left_edge.i <= t.i <= subj.right_edge.i for t in lead)


def _frame_subject(ctx, verb):
    """The subject of a frame's cue verb, outside the quotation: a parse that takes a quoted
    word as a second subject (“… One of the finest,” Rep. Doe said) still has the name."""
    subj = speaker_of(ctx, verb)
    if subj is not None and ctx.in_quote(subj):
        return next((c for c in verb.children if c.dep_ in SUBJ_DEPS and not ctx.in_quote(c)), subj)
    return subj


def _verb_cue(ctx, frame: list, after: bool) -> Attribution | None:
    """“X,” she said / She said: “X” — the closest cue verb in the frame."""
    frame_ids = {t.i for t in frame}
    cands = sorted(
        ((pos if after else len(frame) - 1 - pos), t)
        for pos, t in enumerate(frame)
        if _introduces(ctx, t, frame_ids, after)
    )
    for dist, verb in cands:
        subj = _frame_subject(ctx, verb)
        leads = after and _subject_leads(frame, verb, subj)
        if dist > _FAR and not leads:
            break
        if (
            after
            and dist > _NEAR
            and not leads
            and not (subj is not None and subj.i == verb.i - 1 and subj.pos_ in ("PRON", "PROPN"))
        ):
            continue
        if subj is None or ctx.in_quote(subj):
            subj = (_preceding_speaker(frame, verb) or _inverted_speaker(frame, verb)) if after else None
        return Attribution(cue_span(ctx, verb), verb.i, subj, addressee_of(verb))
    return None


def _glued_dash(frame: list):
    """(cue span, name) when the dash is glued to the closing mark (“…”― Pamela Padilla: the
    tokenizer makes "”―" one token, inside the quotation)."""
    first = frame[0]
    prev = first.doc[first.i - 1] if first.i > 0 else None
    if (
        prev is None
        or first.pos_ != "PROPN"
        or len(prev) < 2
        or prev.text[-1] not in DASHES
        or prev.text[-2] not in CLOSE_DQ + '"'
    ):
        return None
    end = prev.idx + len(prev)
    return (end - 1, end), prev.i, first


def _dash_cue(ctx, frame: list, after: bool) -> Attribution | None:
    """A reader-quote layout: “…” ― Pamela Padilla."""
    if not after:
        return None
    if frame[0].text in DASHES and len(frame) > 1 and frame[1].pos_ == "PROPN":
        d = frame[0]
        cue, cue_i, name = (d.idx, d.idx + len(d)), d.i, frame[1]
    elif (glued := _glued_dash(frame)) is not None:
        cue, cue_i, name = glued
    else:
        return None
    frame_ids = {t.i for t in frame}
    while (
        name.head.i != name.i
        and name.head.i in frame_ids
        and name.head.pos_ == "PROPN"
        and name.dep_ in ("compound", "flat")
    ):
        name = name.head
    return Attribution(cue, cue_i, name, via="dash")


def _according_cue(ctx, frame: list, after: bool) -> Attribution | None:
    """“…,” according to X."""
    acc = next((a for a in map(according_to, frame) if a), None)
    return according_attribution(acc) if acc else None


def _ends_frame(frame: list, verb) -> bool:
    """Nothing but the verb's particles, adverbs and punctuation stands between it and the
    colon that ends the frame ("he demurred:", "the mayor fired back:")."""
    return all(t.is_punct or (t.head.i == verb.i and t.dep_ in ("prt", "advmod")) for t in frame if t.i > verb.i)


def _colon_verb(ctx, frame: list, subj):
    """The verb of a colon frame's speaker that introduces the quotation, or None: a speech
    verb ("The Ledger reveals the numbers: “…”") or a verb that ends the frame ("Mr. Doe
    gloated: “…”"). PolNeAR marks that verb as the cue, not the colon."""
    verb = subj.head
    if verb.i not in {t.i for t in frame} or verb.pos_ not in ("VERB", "AUX"):
        return None
    return verb if is_speech_verb(ctx, verb) or _ends_frame(frame, verb) else None


def _colon_cue(ctx, frame: list, after: bool) -> Attribution | None:
    """ "Warren Hammers Wells Fargo CEO: ‘…’": the colon is the cue, the clause subject speaks;
    "The senator added: ‘…’": the verb is."""
    if after or frame[-1].text != ":":
        return None
    subj = next(
        (
            t
            for t in frame
            if t.dep_ in ("nsubj", "nsubjpass") and (t.ent_type_ in SPEAKER_ENTS or t.lower_ in PERSON_PRONOUNS)
        ),
        None,
    )
    if subj is None:
        return None
    if (verb := _colon_verb(ctx, frame, subj)) is not None:
        return Attribution(cue_span(ctx, verb), verb.i, subj, addressee_of(verb))
    c = frame[-1]
    return Attribution((c.idx, c.idx + 1), c.i, subj, via="colon")


FRAME_RULES = (_verb_cue, _dash_cue, _according_cue, _colon_cue)


def frame_attribution(ctx, frame: list, after: bool) -> Attribution | None:
    """The attribution in the unquoted words next to a quotation: the first rule that finds one."""
    if not frame:
        return None
    return next((a for rule in FRAME_RULES if (a := rule(ctx, frame, after)) is not None), None)


def is_independent(ctx, q: QuoteSpan, text: str) -> bool:
    """A quotation standing as an utterance of its own: at the start of its sentence or
    paragraph, or after a comma/colon/dash that follows the attribution."""
    lo = paragraph_at(text, q.open_mark)[0]
    before = text[lo : q.open_mark].rstrip()
    if not before:
        return True
    sent_start = ctx.sents[ctx.sent_index_at(q.start)].start_char
    if sent_start >= q.open_mark - 1 or not text[max(lo, sent_start) : q.open_mark].strip():
        return True
    return before[-1] in ",:—–-.?!" or before[-1] in CLOSE_DQ + '"' or before.endswith("''")


def _outermost_reporter(ctx, verb, child):
    """A reporting verb inside the reported clause of another ("She says [it underscores that
    … “X”]"): the outer one reports the whole clause, quotation included."""
    while (
        verb.dep_ == "ccomp"
        and verb.head.i != verb.i
        and not ctx.in_quote(verb.head)
        and "\n" not in ctx.text[min(verb.idx, verb.head.idx) : max(verb.idx, verb.head.idx)]
        and verb.head.pos_ in ("VERB", "AUX")
        and lemma(verb.head) in ctx.vocab.report_verbs
    ):
        verb, child = verb.head, verb
    return verb, child


def governing_verb(ctx, q: QuoteSpan, max_steps: int = 12):
    """(verb or "according", child on the path) of the reporting verb a quotation is embedded
    under ("insisting that … “X”"), or (None, None). A quotation the parse splits ("saying he
    “has … , and he has …”" with the second clause hung from the main verb) is read from the
    root of each of its pieces in turn."""
    span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None, None
    pieces = [t for t in span if t.i != span.root.i and not span.start <= t.head.i < span.end]
    for node in (span.root, *pieces):
        verb, child = _governing_from(ctx, node, max_steps)
        if verb is not None:
            return verb, child
    return None, None


def _governing_from(ctx, node, max_steps: int):
    """The reporting verb (or "according") above `node`, and the child on the path to it."""
    report_verbs = ctx.vocab.union(ctx.vocab.report_verbs, _NAMING_VERBS)  # built once, not per step
    steps = 0
    while node.head.i != node.i and steps < max_steps:
        child, node = node, node.head
        steps += 1
        if ctx.in_quote(node):
            continue
        if (
            node.pos_ in ("VERB", "AUX")
            and lemma(node) in report_verbs
            and child.dep_ in ("ccomp", "xcomp", "dobj", "advcl", "oprd", "attr", "conj", "prep", "parataxis")
        ):
            return _outermost_reporter(ctx, node, child)
        acc = next((a for a in map(according_to, [node, *node.children]) if a), None)
        if acc:
            return acc[0], child
    return None, None


def nearest_agent_verb(ctx, q: QuoteSpan):
    """(verb, subject) of the closest verb above an embedded quotation whose subject names a
    person or organisation (or is a personal pronoun); None otherwise."""
    span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None
    node, steps = span.root, 0
    while node.head.i != node.i and steps < 6:
        node, steps = node.head, steps + 1
        if ctx.in_quote(node) or node.pos_ not in ("VERB", "AUX"):
            continue
        subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        if subj.lower_ in SPEAKER_PRONOUNS or subj.ent_type_ in SPEAKER_ENTS:
            return node, subj
        return None
    return None
