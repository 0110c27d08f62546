"""What a report verb reports: its complement clauses, or the complement of an intention,
stance or phrasal cue verb (the content stage's clause finder, shared by the indirect rules
and by the partial quotations of `direct`)."""

from __future__ import annotations

from transforms.quotes.attribution import (
    FINITE_VERB_TAGS,
    SUBJ_DEPS,
    addressee_of,
    is_speech_verb,
    lemma,
    to_infinitive,
)
from transforms.quotes.clauses import clauses_span
from transforms.quotes.cues import particle_mark
from transforms.quotes.marks import QuoteSpan


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
        if intent and (c.dep_ == "ccomp" or (c.dep_ == "xcomp" and to_infinitive(c))):
            comp.append(c)
        elif c.dep_ == "dobj" and (that := _cited_that(ctx, verb, c)) is not None:
            comp.append(that)  # "cited a security source [that mental health may be a factor]"
        elif c.dep_ in ("dobj", "dative") and (stance or (intent and any(k.dep_ in ("xcomp", "ccomp") for k in kids))):
            comp.append(c)
        elif c.dep_ == "ccomp" and stance and c.left_edge.tag_ == "WP" and c.left_edge.dep_ == "dobj":
            comp.append(c)  # "condemned [what he called a “breach”]": a free relative is the object
        elif c.dep_ == "xcomp" and c.tag_ == "VBG" and stance and c.i == verb.i + 1:
            comp.append(c)  # "proposed [dropping the rule]": a gerund, not an intention's infinitive
        elif intent and c.dep_ == "advcl" and any(particle_mark(k, verb, preps) for k in c.children):
            comp.append(c)  # "called for [the government to reduce corruption]"
        elif c.dep_ == "oprd" and comp:
            comp.append(c)
        elif c.dep_ == "prep" and comp and comp[-1].dep_ == "oprd" and _completes(comp[-1], c):
            comp.append(c)  # "called the crisis [the worst] [in the world]": the parse hung it on the verb
        elif c.dep_ == "prep" and c.lower_ in preps and c.i == verb.i + 1:
            obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                # "called on Congress to act": the infinitive hangs from the verb or the object
                comp.append(obj)
                comp.extend(k for k in kids if k.dep_ == "xcomp")
        elif (
            c.dep_ == "prep"
            and comp
            and (
                (stance and (c.lower_ in ("as", "for") or c.lower_ in preps))
                or (c.lower_ == "as" and comp[0].head.dep_ == "prep")
            )
        ):
            # "cited X [as proof]", "blamed X [for …]", "accused X [of …]" (the verb's own particle),
            # "referred to X [as …]" (a phrasal cue's object)
            if any(g.dep_ == "pcomp" and is_speech_verb(ctx, g) for g in c.children):
                return None  # "cited X as saying …": X's words, not the citer's
            comp.append(c)
    if comp and comp[0].dep_ in ("dobj", "dative") and comp[0].pos_ == "PRON":
        comp = comp[1:]  # "called [him] “a genius”", "gave [them] permits": the pronoun is not content
    return comp or None


def _cited_that(ctx, verb, obj):
    """The that-clause a cited source says, which the parse hung on the source ("cited a
    security source [that …]"; verbs of kind ``as_saying``, as in "cited X as saying …")."""
    if lemma(verb) not in ctx.vocab.kind("quote_extras", "as_saying"):
        return None
    return next(
        (
            c
            for c in obj.children
            if c.dep_ in ("acl", "ccomp")
            and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            and any(m.dep_ in SUBJ_DEPS for m in c.children)
        ),
        None,
    )


def _completes(oprd, prep) -> bool:
    """Does `prep` go on with the judgement right before it ("the worst [in the world]"), not
    say when ("a disaster [on Monday]")?"""
    return prep.i == oprd.right_edge.i + 1 and not any(t.ent_type_ in ("DATE", "TIME") for t in prep.subtree)


def ccomps(ctx, verb) -> list:
    """The complement clauses of a report verb, without a report of another speaker before it
    ("Half said [the economy was weak]; a third said …": its own relation, not this one's)."""
    if lemma(verb) not in ctx.vocab.report_verbs:
        return []
    return [c for c in verb.children if c.dep_ == "ccomp" and not (c.i < verb.i and _own_report(ctx, c))]


def report_clauses(ctx, verb) -> list:
    """The complement clauses a report verb reports: those after it ("reported [that …]",
    "explain [how he believes …] and [left …]"), else those before it ("The plan failed, he
    said"), unless the verb has an object of its own ("…, so we ruled out [any
    contamination]", "I understand [that]") or a colon or semicolon parts them ("X; the paper
    reported Y" never reports X)."""
    clauses = ccomps(ctx, verb)
    after = [x for c in clauses if c.i > verb.i for x in _through_tag(ctx, c)]
    if after:
        return [*_stranded_subject(verb, after[0]), *after]
    if not clauses or (verb.dep_ == "ccomp" and verb.head.i < verb.i and _own_report(ctx, verb.head)):
        return []  # the narrator's trailing tag of a report ("said …, he told activists") is that report
    addressee = addressee_of(verb)
    if any(c.dep_ == "dobj" and c != addressee for c in verb.rights):
        return []
    return [c for c in clauses if not any(t.text in (";", ":") for t in verb.doc[c.right_edge.i + 1 : verb.i])]


def _through_tag(ctx, clause) -> list:
    """ "said [the cuts were …], he told activists": the parse hung the report on the narrator's
    trailing tag, a report verb after a comma whose own clause comes before it; the report is
    that clause."""
    subj = next((c for c in clause.children if c.dep_ in SUBJ_DEPS), None)
    inner = [c for c in clause.children if c.dep_ == "ccomp" and c.i < clause.i]
    if not _own_report(ctx, clause) or not inner or subj is None or subj.i > clause.i:
        return [clause]
    return inner if clause.doc[subj.left_edge.i - 1].text == "," else [clause]


def _stranded_subject(verb, clause) -> list:
    """The subject of a reported clause that the parse hung on the verb as its object ("reported
    [three malls] were damaged", "indicated [no support] will come"), with the phrases it hung
    on the verb after it ("announced [the tests] [by a military laboratory] found …"): the
    object and those phrases right before a clause with no subject of its own."""
    if any(c.dep_ in SUBJ_DEPS or c.dep_ == "expl" for c in clause.children) or clause.left_edge.dep_ == "mark":
        return []  # "told [me] that there was …": a that-clause has its subject, the object is the addressee
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < clause.i), None)
    if obj is None or obj.pos_ == "PRON":
        return []
    pieces, k = [obj], obj.right_edge.i + 1
    for c in verb.children:
        if c.dep_ == "prep" and c.left_edge.i == k and c.right_edge.i < clause.left_edge.i:
            pieces.append(c)
            k = c.right_edge.i + 1
    return pieces if k == clause.left_edge.i else []


def _own_report(ctx, tok) -> bool:
    """A report verb with a subject and a complement clause of its own."""
    return (
        tok.pos_ in ("VERB", "AUX")
        and lemma(tok) in ctx.vocab.report_verbs
        and any(c.dep_ in SUBJ_DEPS for c in tok.children)
        and any(c.dep_ == "ccomp" for c in tok.children)
    )


def misparsed_clause(ctx, verb) -> list | None:
    """A reported clause parsed as the object of a speech verb ("said [many of the examples
    … failed to note …]"): the object of a report verb whose phrase holds a finite verb."""
    if lemma(verb) not in ctx.vocab.report_verbs:
        return None
    obj = next((c for c in verb.rights if c.dep_ == "dobj" and c.pos_ != "PRON"), None)
    if obj is None or not any(t.tag_ in FINITE_VERB_TAGS and not _in_relative(t, obj) for t in obj.subtree):
        return None
    return [obj]


def _in_relative(tok, obj) -> bool:
    """Is `tok` inside a relative or adjectival clause of the object ("wrote [songs] he would
    mail", "established [a model], which can complete …"): the object is a thing, not a clause."""
    while tok.i != obj.i and tok.dep_ not in ("relcl", "acl"):
        tok = tok.head  # Token objects are views: compare indices, not identity
    return tok.i != obj.i


def reported_content(ctx, verb, q: QuoteSpan) -> tuple[int, int] | None:
    """The reported clause or complement of `verb` that contains the quotation `q` (PolNeAR
    scores a partial quotation through it), or None."""
    comps = ccomps(ctx, verb) or complement(ctx, verb)
    if not comps:
        return None
    s, e = clauses_span(ctx, comps)
    if s <= q.start < e < q.end:  # the parse cut the quotation short: the clause runs to its close
        e = q.outer_end
    return (s, e) if s <= q.start and q.end <= e else None
