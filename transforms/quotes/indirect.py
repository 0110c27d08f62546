"""Reported speech without quotation marks (the content stage of indirect quotes).

Candidates are the unquoted speech, intention and stance verbs, speech nouns and the words
"according" and "like", selected from the token table (`ctx.arrays`) so that only they become
`Token` objects. Each candidate goes through `RULES` in order; the first rule that applies to it decides:

* a parenthetical "X said" reports the clause around it ("The talks, Pompeo said, would …");
* a speech verb reports its complement clause, a spoken request or promise or a stance verb
  its complement ("said [the North confirmed …]", "urged [X to leave]", "cited [the ruling]");
* "according to X" qualifies the clause it hangs from;
* a speech noun with a named source reports its that-clause ("the candidate's claim that …");
* quotative "be like" reports the rest of its sentence ("Teenagers are like, …").

A clause that is mostly a direct quotation already is not reported twice, and a relation that
is no attribution an analyst can use is dropped (`gates.NOT_ATTRIBUTIONS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from transforms.quotes.attribution import (
    SUBJ_DEPS, Attribution, according_attribution, according_to, addressee_of, attach, is_speech_verb, lemma,
    noun_source, speaker_of, subtree_ends)
from transforms.quotes.frames import cue_span
from transforms.quotes.gates import NOT_ATTRIBUTIONS
from transforms.quotes.marks import OPEN_DQ, QuoteSpan, paragraph_at
from transforms.quotes.records import QuoteRecord

EDGE_PUNCT = ",;:.—–-"  # trimmed from the end of a clause (substring test, as tokens)
KEPT_OPENERS = (*OPEN_DQ, '"', "''")  # punctuation kept at the start of a clause
MIN_CONTENT_CHARS = 8
MAX_QUOTED_SHARE = 0.6  # a clause more quoted than this is a direct quotation already


@dataclass
class Scan:
    """What every indirect rule reads besides the token: the text, and the cue tokens of
    direct quotations (already attributed)."""

    text: str
    used_cues: set


@dataclass
class Reported:
    """An attribution and the content fragments it reports (empty: the rule applied, but found
    no content)."""

    att: Attribution
    spans: list[tuple[int, int]] = field(default_factory=list)


# ---- clause spans


def _lead_junk(t) -> bool:
    return t.is_punct and t.text not in KEPT_OPENERS or t.is_space


def _tail_junk(t) -> bool:
    return t.is_space or t.text in EDGE_PUNCT


def _within_paragraph(doc, tok) -> tuple[int, int]:
    """Token bounds of the subtree of `tok`, cut at the line breaks nearest the head (a parse
    can run over a paragraph break)."""
    i, j = subtree_ends(tok)
    for k in range(tok.i, j):
        if "\n" in doc[k].whitespace_ or (k > tok.i and "\n" in doc[k].text):
            j = k if "\n" in doc[k].whitespace_ else k - 1
            break
    for k in range(tok.i - 1, i - 1, -1):
        if "\n" in doc[k].whitespace_ or "\n" in doc[k].text:
            i = k + 1
            break
    return i, j


def _trim(doc, i: int, j: int) -> tuple[int, int]:
    while i < j and _lead_junk(doc[i]):
        i += 1
    while j > i and _tail_junk(doc[j]):
        j -= 1
    return i, j


def _without_trailing_comment(ctx, tok, i: int, j: int) -> int:
    """End of the clause without a trailing comma-set modifier, the writer's addition ("shows
    that X, contradicting …", "said he did not back Y, the presumed favourite")."""
    doc = ctx.doc
    for t in doc[i:j + 1]:
        if t.i > tok.i and t.right_edge.i >= j and t.left_edge.i > i and doc[t.left_edge.i - 1].text == "," \
                and (t.dep_ in ("appos", "relcl", "acl") or (t.dep_ == "advcl" and t.tag_ == "VBG")) \
                and not any(ctx.quoted[k] for k in range(t.left_edge.idx, doc[j].idx + len(doc[j]))):
            return t.left_edge.i - 2
    return j


def _before_coordinated_cue(ctx, tok, i: int, j: int) -> int:
    """End of the clause before a coordinated cue of its reporter ("said [the plan was costly]
    and added that …": the added words are a relation of their own)."""
    for c in tok.children:
        if c.dep_ == "conj" and c.i > tok.i and is_speech_verb(ctx, c) \
                and not any(k.dep_ in SUBJ_DEPS for k in c.children):
            return min(j, c.left_edge.i - 1 if c.left_edge.i > tok.i else c.i - 1)
    return j


def clause_span(ctx, tok) -> tuple[int, int]:
    """Char span of the clause headed by `tok`: within its paragraph, without edge punctuation,
    before a coordinated cue, and through the closing mark of a quotation it opens (“…
    strong.” not “… strong)."""
    doc = ctx.doc
    i, j = _within_paragraph(doc, tok)
    i, j = _trim(doc, i, _before_coordinated_cue(ctx, tok, i, j))
    while j > i and doc[j].dep_ == "cc":
        i, j = _trim(doc, i, j - 1)
    i, j = _trim(doc, i, _without_trailing_comment(ctx, tok, i, j))
    s, e = doc[i].idx, doc[j].idx + len(doc[j])
    for q in ctx.quote_spans:
        if s <= q.open_mark < e < q.outer_end and q.close_mark is not None and q.outer_end - e <= 4:
            e = q.outer_end
    return s, e


def clauses_span(ctx, heads: list) -> tuple[int, int]:
    """From the start of the first to the end of the last of several clauses."""
    spans = [clause_span(ctx, h) for h in heads]
    return min(s for s, _ in spans), max(e for _, e in spans)


def _without_connective(ctx, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """A reported fragment without the conjunction or discourse adverb that opens its sentence
    ("But [the economic weapons …], he added")."""
    if span is None:
        return None
    toks = ctx.doc.char_span(span[0], span[1], alignment_mode="expand")
    if toks is None or len(toks) < 3:
        return span
    first, k = toks[0], 0
    if first.is_sent_start and first.lower_ in ctx.vocab.kind("quote_extras", "connective") \
            and first.dep_ in ("cc", "advmod", "prep"):
        k = 1
        while k < len(toks) - 1 and (toks[k].is_punct or toks[k].is_space):
            k += 1
    return (toks[k].idx, span[1]) if k else span


def _runs(toks: list) -> list[list]:
    """Contiguous runs of tokens."""
    runs: list[list] = []
    for t in toks:
        if runs and t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    return runs


def _run_span(run: list) -> tuple[int, int] | None:
    """Char span of a run without its edge punctuation; None when nothing is left."""
    i, j = 0, len(run)
    while i < j and _lead_junk(run[i]):
        i += 1
    while j > i and _tail_junk(run[j - 1]):
        j -= 1
    return (run[i].idx, run[j - 1].idx + len(run[j - 1])) if j > i else None


# ---- complements


def complement(ctx, verb) -> list | None:
    """The attributed content of a spoken intention, stance or phrasal cue verb, as its
    complement heads: "promised [to triple the programme]", "urged [supporters to vote]", "called for [a
    moratorium]", "called [the plan “crazy”]", "cited [the ruling as proof]". None when the
    verb has no such complement, or only a bare pronoun object ("supported it")."""
    lem, v = lemma(verb), ctx.vocab
    intent, stance = lem in v.spoken_intent_verbs, lem in v.stance_verbs
    kids = list(verb.rights)
    preps = v.cue_prepositions.get(lem, ())
    comp: list = []
    for c in kids:
        if intent and (c.dep_ == "ccomp" or (c.dep_ == "xcomp" and any(
                t.lower_ == "to" and t.dep_ == "aux" for t in c.children))):
            comp.append(c)
        elif c.dep_ in ("dobj", "dative") and (stance or (intent and any(k.dep_ in ("xcomp", "ccomp") for k in kids))):
            comp.append(c)
        elif c.dep_ == "oprd" and comp:
            comp.append(c)
        elif c.dep_ == "prep" and c.lower_ in preps and c.i == verb.i + 1:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                # "called on Congress to act": the infinitive hangs from the verb or the object
                comp.append(obj)
                comp.extend(k for k in kids if k.dep_ == "xcomp")
        elif c.dep_ == "prep" and c.lower_ in ("as", "for") and comp and stance:
            if any(g.dep_ == "pcomp" and is_speech_verb(ctx, g) for g in c.children):
                return None  # "cited X as saying …": X's words, not the citer's
            comp.append(c)
    if comp and comp[0].dep_ in ("dobj", "dative") and comp[0].pos_ == "PRON":
        comp = comp[1:]  # "called [him] “a genius”", "gave [them] permits": the pronoun is not content
    return comp or None


def _ccomps(ctx, verb) -> list:
    return [c for c in verb.children if c.dep_ == "ccomp"] if lemma(verb) in ctx.vocab.report_verbs else []


FINITE_TAGS = ("VBD", "VBZ", "VBP", "MD")


def _misparsed_clause(ctx, verb) -> list | None:
    """A reported clause parsed as the object of a speech verb ("said [many of the examples
    … failed to note …]"): the object of a report verb whose phrase holds a finite verb."""
    if lemma(verb) not in ctx.vocab.report_verbs:
        return None
    obj = next((c for c in verb.rights if c.dep_ == "dobj" and c.pos_ != "PRON"), None)
    if obj is None or not any(t.tag_ in FINITE_TAGS for t in obj.subtree):
        return None
    return [obj]


def reported_content(ctx, verb, q: QuoteSpan) -> tuple[int, int] | None:
    """The reported clause or complement of `verb` that contains the quotation `q` (PolNeAR
    scores a partial quotation through it), or None."""
    comps = _ccomps(ctx, verb) or complement(ctx, verb)
    if not comps:
        return None
    s, e = clauses_span(ctx, comps)
    return (s, e) if s <= q.start and q.end <= e else None


# ---- rules: (ctx, candidate token, scan) -> Reported, or None when the rule does not apply


def _parenthetical(ctx, tok, scan: Scan) -> Reported | None:
    """"The museum, Mr. Obama said, would …" reports the clause around it (two fragments),
    within the paragraph, without the attribution itself."""
    if tok.dep_ != "parataxis" or tok.pos_ not in ("VERB", "AUX") or ctx.in_quote(tok.head):
        return None
    lem = lemma(tok)
    if lem not in ctx.vocab.report_verbs and lem not in ctx.vocab.quote_cues:
        return None
    if any(c.dep_ in ("ccomp", "dobj") for c in tok.children):
        return None
    att = Attribution(cue_span(ctx, tok), tok.i, speaker_of(ctx, tok))
    skip = {t.i for t in tok.subtree}
    lo, hi = paragraph_at(scan.text, tok.idx)
    runs = _runs([t for t in tok.head.subtree if t.i not in skip and lo <= t.idx < hi])
    spans = [sp for sp in map(_run_span, runs) if sp] if len(runs) <= 2 else []
    return Reported(att, [_without_connective(ctx, spans[0]), *spans[1:]] if spans else [])


def _complement_clause(ctx, tok, scan: Scan) -> Reported | None:
    """A speech verb's complement clause, or an intention or stance verb's complement."""
    if tok.pos_ not in ("VERB", "AUX") or lemma(tok) not in ctx.vocab.attribution_verbs:
        return None
    ccomps = _ccomps(ctx, tok)
    heads = ccomps[:1] or complement(ctx, tok) or _misparsed_clause(ctx, tok)
    att = Attribution(cue_span(ctx, tok), tok.i, speaker_of(ctx, tok), addressee_of(tok))
    return Reported(att, [clauses_span(ctx, heads)] if heads else [])


def _according(ctx, tok, scan: Scan) -> Reported | None:
    """"…, according to X": the longest run of the clause on one side of the phrase. Not
    when the clause is a cue already, or a report with its own content ("X revealed …,
    according to Reuters": the report's own source)."""
    acc = according_to(tok)
    if acc is None:
        return None
    head, acc_toks = acc[0].head, {t.i for t in acc[0].subtree}
    if head is acc[0]:  # "According to X, the move …" parsed with "According" as the root
        acc_toks = {acc[0].i, acc[1].i, *(t.i for t in acc[2].subtree)}
    elif head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT":
        return None
    if ctx.in_quote(head) or head.i in scan.used_cues or _ccomps(ctx, head):
        return None
    runs = _runs([t for t in head.subtree if t.i not in acc_toks])
    span = _without_connective(ctx, _run_span(max(runs, key=len))) if runs else None
    return Reported(according_attribution(acc), [span] if span else [])


def _noun_cue(ctx, tok, scan: Scan) -> Reported | None:
    """"the candidate's claim that …", "a statement by the ministry that …": the that-clause
    of a speech noun with a named source."""
    if tok.pos_ != "NOUN":
        return None
    src = noun_source(ctx, tok)
    clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp", "appos")
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    if src is None or clause is None:
        return None
    return Reported(Attribution((tok.idx, tok.idx + len(tok)), tok.i, src), [clause_span(ctx, clause)])


def _quotative_like(ctx, tok, scan: Scan) -> Reported | None:
    """Quotative "be like": "Teenagers are like, this is the best summer ever" → the subject
    of "are" says the rest of the sentence."""
    doc = tok.doc
    if tok.lower_ != "like" or tok.i == 0 or tok.i + 2 >= len(doc) or doc[tok.i + 1].text != ",":
        return None
    be = doc[tok.i - 1]
    subj = next((c for c in be.children if c.dep_ in SUBJ_DEPS), None) if lemma(be) == "be" else None
    if subj is None:
        return None
    sent = ctx.sent_of(tok)
    i, j = _trim(doc, tok.i + 2, sent.end - 1)
    lo, hi = paragraph_at(scan.text, tok.idx)
    end = min(doc[j].idx + len(doc[j]), hi)
    return Reported(Attribution((be.idx, tok.idx + len(tok)), tok.i, subj), [(doc[i].idx, end)] if i <= j else [])


RULES = (_parenthetical, _complement_clause, _according, _noun_cue, _quotative_like)


def _candidates(ctx, used_cues: set[int]) -> list:
    """Unquoted speech, intention and stance verbs and "according", not already a cue."""
    a, v = ctx.arrays, ctx.vocab
    verbs = np.isin(a.pos, ctx.hashes(("VERB", "AUX"))) & np.isin(a.lemma, ctx.hashes(v.cue_verbs))
    nouns = (a.pos == ctx.hashes(("NOUN",))[0]) & np.isin(a.lemma, ctx.hashes(v.kind("quote_extras", "cue_noun")))
    mask = verbs | nouns | np.isin(a.lower, ctx.hashes(("according", "like")))
    if len(a.idx):
        mask &= np.frombuffer(bytes(ctx.quoted), dtype=np.uint8)[a.idx] == 0
    return [t for t in ctx.tokens_where(mask) if t.i not in used_cues]


def _first_rule(ctx, tok, scan: Scan) -> Reported | None:
    return next((found for rule in RULES if (found := rule(ctx, tok, scan)) is not None), None)


def indirect_quotes(ctx, quoted: list[QuoteRecord]) -> list[QuoteRecord]:
    """Indirect records of the article (`quoted`: the records of its marked quotations)."""
    scan = Scan(ctx.text, {r.extras.get("cue_i") for r in quoted if r.quote_type == "direct"})
    out = []
    for tok in _candidates(ctx, scan.used_cues):
        found = _first_rule(ctx, tok, scan)
        if found is None or not found.spans:
            continue
        s, e = found.spans[0][0], found.spans[-1][1]
        if e - s < MIN_CONTENT_CHARS or sum(ctx.quoted[s:e]) > MAX_QUOTED_SHARE * (e - s):
            continue
        if any(gate(ctx, tok, found.att) for gate in NOT_ATTRIBUTIONS):
            continue
        for s, e in found.spans:
            rec = QuoteRecord(ctx.sent_index_at(s), s, e, "indirect")
            attach(ctx, rec, found.att)
            rec.confidence = min(rec.confidence, 0.8 if rec.speaker_key else 0.5)
            out.append(rec)
    return out
