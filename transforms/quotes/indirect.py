"""Reported speech without quotation marks (the content stage of indirect quotes).

Candidates are the unquoted speech, intention and stance verbs, speech nouns and the words
"according" and "like", selected from the token table (`ctx.arrays`) so that only they become
`Token` objects. Each candidate goes through `RULES` in order; the first rule that applies to it decides:

* a parenthetical "X said" (or "as X said", "as X put it") reports the clause around it ("The
  talks, Pompeo said, would …");
* a speech verb reports its complement clause, a spoken request or promise or a stance verb
  its complement ("said [the North confirmed …]", "urged [X to leave]", "cited [the ruling]",
  "proposed [dropping the rule]"); a verb that ends its sentence after ", subject" with no
  complement of its own reports the words before it ("People like Scott, he said.");
* "according to X" qualifies the clause it hangs from, a report of its own included;
* a speech noun with a named source reports its that-clause ("the candidate's claim that …");
* quotative "be like" reports the rest of its sentence ("Teenagers are like, …").

A clause that is mostly a direct quotation already is not reported twice, a fragment shorter
than `MIN_CONTENT_CHARS` reports nothing ("endorsed [Obama]" names a stance, not words; the
"[Well], as I said, …" of a transcript), and a relation that is no attribution an analyst can
use is dropped (`gates.NOT_ATTRIBUTIONS`). What a verb reports is `complements`', clause spans
are `clauses`'.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from transforms.quotes.attribution import (
    SUBJ_DEPS,
    Attribution,
    according_attribution,
    according_to,
    addressee_of,
    attach,
    full_phrase,
    is_speech_verb,
    lemma,
    noun_source,
    speaker_of,
)
from transforms.quotes.clauses import (
    clause_span,
    clauses_span,
    reported_conjuncts,
    run_span,
    token_runs,
    trim,
    without_connective,
    without_sentence_adverb,
)
from transforms.quotes.complements import ccomps, complement, misparsed_clause, report_clauses
from transforms.quotes.cues import cue_span
from transforms.quotes.gates import NOT_ATTRIBUTIONS
from transforms.quotes.marks import paragraph_at
from transforms.quotes.nesting import claim_quotations, unattributed_within
from transforms.quotes.records import QuoteRecord

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

    att: Attribution | None
    spans: list[tuple[int, int]] = field(default_factory=list)


# ---- rules: (ctx, candidate token, scan) -> Reported, or None when the rule does not apply


# what an "as X said" clause may hold besides its verb: more is a clause of time or reason
# ("as protests continue in Baghdad", "as the nation began observing …")
AS_CLAUSE_DEPS = frozenset({"nsubj", "mark", "aux", "neg", "advmod", "prt", "punct", "dobj", "dative", "prep"})


def _as_clause(tok) -> bool:
    """ "…, as the senator pointed out, …": a cue in an "as" clause with a subject of its own
    and nothing else but its particles and adverbs ("as I said before")."""
    return (
        tok.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)
        and any(c.dep_ in SUBJ_DEPS for c in tok.children)
        and all(c.dep_ in AS_CLAUSE_DEPS for c in tok.children)
    )


def _as_idiom(ctx, tok):
    """The "it" of "as X put it" (verbs of kind ``as_cue`` in `quote_extras.csv`): an idiom of
    speech whose cue is the verb and its "it"."""
    if lemma(tok) not in ctx.vocab.kind("quote_extras", "as_cue") or not _as_clause(tok):
        return None
    return next((c for c in tok.children if c.dep_ == "dobj" and c.lower_ == "it" and c.i == tok.i + 1), None)


def _parenthetical(ctx, tok, scan: Scan) -> Reported | None:
    """ "The museum, Mr. Obama said, would …" (or "as Mr. Obama said") reports the clause
    around it (two fragments), within the paragraph, without the attribution itself."""
    if (tok.dep_ != "parataxis" and not _as_clause(tok)) or tok.pos_ not in ("VERB", "AUX") or ctx.in_quote(tok.head):
        return None
    lem, cue = lemma(tok), cue_span(ctx, tok)
    idiom = _as_idiom(ctx, tok)
    if lem not in ctx.vocab.report_verbs and idiom is None and (lem not in ctx.vocab.quote_cues or tok.dep_ == "advcl"):
        return None  # "as X continued" is time; "as X said", a cue
    addressee = addressee_of(tok)
    if any(c.dep_ == "ccomp" or (c.dep_ == "dobj" and c != addressee and c != idiom) for c in tok.children):
        return None  # "he told [me]": the one addressed is not the verb's own content
    att = Attribution(
        cue if idiom is None else (cue[0], idiom.idx + len(idiom)), tok.i, speaker_of(ctx, tok), addressee
    )
    subj = att.speaker_tok
    front = [
        c
        for c in tok.children
        if tok.dep_ == "parataxis"
        and c.dep_ in ("advcl", "prep")
        and subj is not None
        and c.right_edge.i < subj.left_edge.i
    ]
    # "If the talks fail, he said, there are …": a clause before the cue is the report's first words
    skip = {t.i for t in tok.subtree} - {t.i for c in front for t in c.subtree}
    lo, hi = paragraph_at(scan.text, tok.idx)
    head = tok.head.head if tok.head.dep_ in SUBJ_DEPS else tok.head  # hung from the clause's subject
    brk = _clause_break_before(tok)  # "…; they had, his father says, paid …": not the clause before ";"
    runs = token_runs([t for t in head.subtree if t.i not in skip and t.i > brk and lo <= t.idx < hi])
    spans = [sp for sp in map(run_span, runs) if sp] if len(runs) <= 2 else []
    return Reported(att, [without_connective(ctx, spans[0]), *spans[1:]] if spans else [])


def _clause_break_before(tok) -> int:
    """The last semicolon or colon before the cue in its sentence (-1: none)."""
    return max((t.i for t in tok.doc[tok.sent.start : tok.i] if t.text in (";", ":")), default=-1)


def verb_tagged_noun(ctx, tok) -> bool:
    """A report verb the tagger read as a plural noun ("Trump [claims] that …"): it has a
    subject and a complement clause of its own."""
    return (
        tok.tag_ == "NNS"
        and lemma(tok) in ctx.vocab.report_verbs
        and any(c.dep_ == "nsubj" for c in tok.children)
        and any(c.dep_ == "ccomp" for c in tok.children)
    )


def _complement_clause(ctx, tok, scan: Scan) -> Reported | None:
    """A speech verb's complement clause, or an intention or stance verb's complement."""
    if (tok.pos_ not in ("VERB", "AUX") and not verb_tagged_noun(ctx, tok)) or lemma(
        tok
    ) not in ctx.vocab.attribution_verbs:
        return None
    clauses = report_clauses(ctx, tok)
    heads = clauses or complement(ctx, tok) or misparsed_clause(ctx, tok)
    heads = heads and [*heads, *reported_conjuncts(ctx, tok, heads)]
    fronted = _fronted_clause(ctx, tok) if not heads or tok.dep_ == "conj" else None
    if not fronted and not heads:
        return Reported(None, [])  # the rule applies, with no content: no attribution to find
    att = Attribution(cue_span(ctx, tok), tok.i, speaker_of(ctx, tok), addressee_of(tok))
    if fronted:
        return Reported(att, [fronted])
    return Reported(att, [_after_cue(ctx, without_sentence_adverb(ctx, clauses_span(ctx, heads)), att.cue)])


def _after_cue(ctx, span: tuple[int, int], cue: tuple[int, int]) -> tuple[int, int]:
    """The content without what belongs to the cue: its particle ("called for [the government
    to act]": the parse made "for" the clause's mark), the time of the saying right after it
    ("said on Monday [they believe …]": the parse hung "on Monday" on the clause), and the
    source the reporter cites ("reported, citing JHU data, [there were …]")."""
    s, e = span
    if cue[0] <= s < cue[1] < e:
        s = cue[1] + len(ctx.text[cue[1] : e]) - len(ctx.text[cue[1] : e].lstrip())
    if s >= cue[1]:
        s = _after_cited_source(ctx, _after_time_of_saying(ctx, s, e), e)
    return s, e


def _after_cited_source(ctx, s: int, e: int) -> int:
    """Where the clause starts after the reporter's own comma-set participle that opens it
    ("reported, [citing Johns Hopkins University data,] there were …")."""
    span = ctx.doc.char_span(s, e, alignment_mode="expand")
    if span is None or span[0].tag_ != "VBG" or lemma(span[0]) not in ctx.vocab.kind("quote_extras", "as_saying"):
        return s
    end = span[0].right_edge.i + 1
    if end + 1 < span.end and ctx.doc[end].text == ",":
        return ctx.doc[end + 1].idx
    return s


def _after_time_of_saying(ctx, s: int, e: int) -> int:
    """Where the clause starts after a time phrase that opens it ("on Monday", "late on
    Tuesday", "yesterday", "in the past"), when the clause's subject or "that" follows the phrase."""
    span = ctx.doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return s
    k, timed = 0, False
    time_words = ctx.vocab.kind("quote_extras", "time_word")
    while k < len(span) - 1 and (
        span[k].ent_type_ in ("DATE", "TIME")
        or span[k].lower_ in ("on", "late", "early", "in")
        or span[k].lower_ in time_words
        or (span[k].lower_ == "the" and span[k + 1].lower_ in time_words)  # "in the past"
    ):
        timed = timed or bool(span[k].ent_type_) or span[k].lower_ in time_words
        k += 1
    first = span[k]
    opens_clause = first.lower_ == "that" or any(
        t.dep_ in SUBJ_DEPS and t.left_edge.i == first.i for t in span[k : min(k + 6, len(span))]
    )
    return first.idx if timed and k > 0 and opens_clause else s


def _fronted_clause(ctx, verb) -> tuple[int, int] | None:
    """ "People like Scott, he said." parsed without a complement, or "The plan was costly,
    but the board approved it, the spokesman added." parsed with the verb as a conjunct of the
    first clause: the words before ", subject verb" that ends its sentence are what a report
    verb reports."""
    lem = lemma(verb)
    if lem not in ctx.vocab.report_verbs or lem not in ctx.vocab.quote_cues:  # "said", "added"; not "began", "learned"
        return None
    doc, sent = verb.doc, ctx.sent_of(verb)
    subj = next((c for c in verb.children if c.dep_ in SUBJ_DEPS), None)
    if (
        subj is None
        or subj.i > verb.i
        or subj.left_edge.i - 1 <= sent.start
        or doc[subj.left_edge.i - 1].text != ","
        or any(not (t.is_punct or t.is_space) for t in doc[verb.i + 1 : sent.end])
    ):
        return None
    lo = paragraph_at(ctx.text, verb.idx)[0]
    i, j = trim(doc, sent.start, subj.left_edge.i - 1)
    while i < j and doc[i].idx < lo:
        i += 1
    return without_connective(ctx, (doc[i].idx, doc[j].idx + len(doc[j]))) if i <= j else None


def _according(ctx, tok, scan: Scan) -> Reported | None:
    """ "…, according to X": the run of the clause on the phrase's side of its head. Not
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
    elif _opens_misparsed_sentence(ctx, acc[0], head):
        head = head.head
    if ctx.in_quote(head):
        return None
    runs = token_runs([t for t in head.subtree if t.i not in acc_toks])
    # the run of the clause the phrase qualifies ("X admitted …, according to prosecutors, but
    # …"), else the longest
    own = next((r for r in runs if any(t.i == head.i for t in r)), None)
    span = without_connective(ctx, run_span(own or max(runs, key=len))) if runs else None
    if span is not None and not _qualified_clause(ctx, head, span, scan):
        return None
    return Reported(according_attribution(acc), [span] if span else [])


def _opens_misparsed_sentence(ctx, according, head) -> bool:
    """ "According to X, A has a runway, so when …, it fell …": the phrase opens the sentence,
    and the parse hung its clause under a later one that no speech verb heads; the whole
    sentence is the report."""
    return (
        according.is_sent_start and head.dep_ == "ccomp" and head.head.i > head.i and not is_speech_verb(ctx, head.head)
    )


def _qualified_clause(ctx, head, span: tuple[int, int], scan: Scan) -> bool:
    """What "according to" qualifies is a clause: never a relative clause or a bare verb
    ("…, according to police, [who said …]"), and a report of its own only whole, from its
    subject ("Officials said …, according to X"; PolNeAR nests these), never "[said …]"."""
    toks = ctx.doc.char_span(span[0], span[1], alignment_mode="expand")
    if toks is not None and toks[0].tag_ in ("WP", "WDT", "VBD", "VBZ", "VBP"):
        return False
    if head.i not in scan.used_cues and not ccomps(ctx, head):
        return True
    subj = next((c for c in head.children if c.dep_ in SUBJ_DEPS), None)
    return subj is not None and subj.left_edge.idx <= span[0] <= subj.idx and subj.tag_ not in ("WP", "WDT")


def _noun_cue(ctx, tok, scan: Scan) -> Reported | None:
    """ "the candidate's claim that …", "a statement by the ministry that …": the that-clause
    of a speech noun with a named source."""
    if tok.pos_ != "NOUN":
        return None
    src = noun_source(ctx, tok)
    clause = next(
        (
            c
            for c in tok.children
            if c.dep_ in ("acl", "ccomp", "appos") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ),
        None,
    )
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
    i, j = trim(doc, tok.i + 2, sent.end - 1)
    _lo, hi = paragraph_at(scan.text, tok.idx)
    end = min(doc[j].idx + len(doc[j]), hi)
    return Reported(Attribution((be.idx, tok.idx + len(tok)), tok.i, subj), [(doc[i].idx, end)] if i <= j else [])


RULES = (_parenthetical, _complement_clause, _according, _noun_cue, _quotative_like)


def _candidates(ctx, used_cues: set[int]) -> list:
    """Unquoted speech, intention and stance verbs and "according", not already a cue."""
    a, v = ctx.arrays, ctx.vocab
    verbs = ctx.among_where(
        ctx.among(a.pos, ("VERB", "AUX")), a.lemma, v.union(v.cue_verbs, v.kind("quote_extras", "as_cue"))
    )
    cue_nouns = v.union(v.kind("quote_extras", "cue_noun"), v.report_verbs)
    nouns = ctx.among_where(a.pos == ctx.hashes(("NOUN",))[0], a.lemma, cue_nouns)
    mask = verbs | nouns | ctx.among(a.lower, ("according", "like"))
    if len(a.idx):
        mask &= np.frombuffer(bytes(ctx.quoted), dtype=np.uint8)[a.idx] == 0
    return [t for t in ctx.tokens_where(mask) if t.i not in used_cues]


def _around_attribution(ctx, att: Attribution, s: int, e: int) -> list[tuple[int, int]]:
    """A reported clause that holds its own source and cue, as one whose relative pronoun opens it
    ("what Trump says his plan would do", "the fires, which state media said were under
    control"), is the pieces around them; a piece too short to report anything ("what",
    "which") is then dropped, as any fragment is."""
    cue_s, cue_e = att.cue
    if not s <= cue_s < e:
        return [(s, e)]
    cut = cue_s
    if att.speaker_tok is not None:
        cut = min(cut, max(s, full_phrase(att.speaker_tok)[0]))
    pieces = (ctx.doc.char_span(a, b, alignment_mode="contract") for a, b in ((s, cut), (cue_e, e)))
    return [sp for sp in (run_span(list(p)) for p in pieces if p is not None and len(p)) if sp]


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
        pieces = [piece for s, e in found.spans for piece in _around_attribution(ctx, found.att, s, e)]
        spans = [(s, e) for s, e in pieces if e - s >= MIN_CONTENT_CHARS]
        if not spans:
            continue
        lo, hi = spans[0][0], spans[-1][1]
        claimed = unattributed_within(quoted, lo, hi)
        quoted_chars = sum(ctx.quoted[lo:hi]) - sum(sum(ctx.quoted[r.outer[0] : r.outer[1]]) for r in claimed)
        if quoted_chars > MAX_QUOTED_SHARE * (hi - lo):
            continue
        if any(gate(ctx, tok, found.att) for gate in NOT_ATTRIBUTIONS):
            continue
        claim_quotations(ctx, claimed, found.att, (lo, hi))
        for s, e in spans:
            rec = QuoteRecord(ctx.sent_index_at(s), s, e, "indirect")
            attach(ctx, rec, found.att)
            rec.confidence = min(rec.confidence, 0.8 if rec.speaker_key else 0.5)
            out.append(rec)
    return out
