"""The span of a verbal cue, as PolNeAR marks it: the verb with its auxiliaries, negation,
adverbs and particle, or the verb it continues. Shared by the direct and indirect stages."""

from __future__ import annotations

from transforms.quotes.attribution import lemma, to_infinitive


def _manner_adverb(tok) -> bool:
    """A manner adverb of the cue verb ("openly admires", "forcefully told", "widely
    reported"): PolNeAR's cue takes it in."""
    return tok.dep_ == "advmod" and tok.tag_ == "RB" and tok.lower_.endswith("ly") and len(tok) > 4


def catenative_head(ctx, verb):
    """The verb a cue continues ("keeps saying", "went on to explain", "continues to insist":
    words of kind ``catenative`` in `quote_extras.csv`, with their particle), or None. The
    speech has happened: the two verbs are one cue."""
    head = verb.head
    if (
        verb.dep_ not in ("xcomp", "advcl")
        or not 0 < verb.i - head.i <= 3
        or head.pos_ not in ("VERB", "AUX")
        or not (verb.tag_ == "VBG" or to_infinitive(verb))
    ):
        return None
    prt = next((c.lower_ for c in head.children if c.dep_ == "prt"), None)
    words = ctx.vocab.kind("quote_extras", "catenative")
    return head if (f"{lemma(head)} {prt}" if prt else lemma(head)) in words else None


def _inline_space(tok) -> bool:
    """A space token within a line: a no-break space the tokenizer keeps apart ("has\xa0said")."""
    return tok.is_space and "\n" not in tok.text


def _cue_start(ctx, verb) -> int:
    """Index of the first token of a verbal cue: the verb, its auxiliaries, negation and closely
    preceding adverbs, or the catenative verb it continues (with those of its own)."""
    doc, i = verb.doc, verb.i
    adverbs = ctx.vocab.kind("quote_extras", "cue_adverb")
    k = i
    while k > 0:
        p = doc[k - 1]
        if _inline_space(p):
            k -= 1
            continue
        if "\n" in p.whitespace_ or p.head.i != verb.i:
            break
        if not (
            p.dep_ in ("aux", "auxpass", "neg") or (p.dep_ == "advmod" and p.lower_ in adverbs) or _manner_adverb(p)
        ):
            break
        k -= 1
        i = k
    head = catenative_head(ctx, verb)
    if head is not None and not any("\n" in t.whitespace_ for t in doc[head.i : verb.i]):
        return _cue_start(ctx, head)
    return i


def particle_mark(tok, verb, preps) -> bool:
    """Is `tok` the verb's particle that the parse made the mark of its infinitive clause
    ("called [for] the government to act": "for" marks "act")?"""
    return (
        tok.dep_ == "mark"
        and tok.lower_ in preps
        and tok.i == verb.i + 1
        and tok.head.dep_ == "advcl"
        and tok.head.head.i == verb.i
        and to_infinitive(tok.head)
    )


def cue_span(ctx, verb) -> tuple[int, int]:
    """Char span of a verbal cue: the verb with its auxiliaries, negation and closely preceding
    adverbs ("has not said", "also noted", "openly admires"), the verb it continues ("keeps
    saying"), its particle or preposition ("pointed out", "called for") and a manner adverb
    right after it ("said sarcastically"), as PolNeAR marks cues."""
    doc, i, j = verb.doc, _cue_start(ctx, verb), verb.i
    if j + 1 < len(doc):
        nxt = doc[j + 1]
        preps = ctx.vocab.cue_prepositions.get(lemma(verb), ())
        if nxt.head.i == verb.i and (nxt.dep_ == "prt" or (nxt.dep_ == "prep" and nxt.lower_ in preps)):
            j += 1
        elif particle_mark(nxt, verb, preps):
            j += 1
    if (
        j + 1 < len(doc)
        and doc[j + 1].head.i == verb.i
        and _manner_adverb(doc[j + 1])
        and "\n" not in doc[j].whitespace_
    ):
        j += 1
    return doc[i].idx, doc[j].idx + len(doc[j])
