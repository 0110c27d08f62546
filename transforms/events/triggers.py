"""Triggers: the candidate events of an article, found with the event lexicon
(transforms/events/lexicon.py).

Candidates are selected on the token table first (`ctx.arrays`: POS and lemma columns against
the lexicon's words), so only the few tokens that can trigger an event become `Token` objects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from transforms.events.curated import Sense
from transforms.events.lexicon import EventLexicon, EventWords, match_seq
from transforms.events.roles import noun_roles, objects, state_of_place, subjects
from transforms.events.tokens import TokenForms

ACCORDING_TO = ("according", "to")  # "according to X" is attribution, not an event


def _verb_entries(tok, lemma: str, lex: EventLexicon, forms: TokenForms) -> tuple[list, int]:
    """(block, code, type) entries of a verb, phrasal ones first, and the trigger's end token."""
    entries = list(lex.verbs.get(lemma, ()))
    trig_end = tok.i + 1
    n = len(tok.doc)
    phrasal = lex.phrasal.get(lemma, ())
    children = [c.lower_ for c in tok.children] if phrasal else []
    for rest, block, code, et in phrasal:
        nxt = [forms.lower(i) for i in range(tok.i + 1, min(n, tok.i + 1 + len(rest) + 2))]
        # particles may be separated by the object ("turned the remains over")
        if all(w in nxt or w in children for w in rest):
            entries.insert(0, (block, code, et))
            trig_end = max(trig_end, tok.i + 1 + (len(rest) if nxt[: len(rest)] == list(rest) else 0))
    return entries, trig_end


def _best_pattern(tok, entries, ctx, lex: EventLexicon, forms: TokenForms) -> tuple[str, str, int] | None:
    """(code, type, weight) of the heaviest pattern of the verb's blocks that matches its
    neighbours; only patterns whose anchor word occurs nearby are tried."""
    start = max(ctx.sent_bounds(tok.i)[0], tok.i - 4)
    before = forms.forms_of(range(tok.i - 1, start - 1, -1))  # nearest first
    after = forms.after(tok)
    near = set().union(*before), set().union(*after)
    best = None
    for block, _, _ in entries:
        if block not in lex.anchors:
            continue
        patterns = lex.patterns[block]
        for n in _anchored(lex.anchors[block], near):
            p = patterns[n]
            if best is not None and p.weight <= best[2]:
                break
            if match_seq(p.before, before) and match_seq(p.after, after, first_gap=5):
                best = (p.cameo_code, p.event_type, p.weight)
                break
    return best


def _anchored(anchors, near: tuple[set[str], set[str]]) -> list[int]:
    """Numbers of the patterns of a block whose anchor word is near: (words before, after)."""
    return sorted(
        {n for index, words in zip(anchors, near, strict=True) for w in words if w in index for n in index[w]}
    )


def verb_code(tok, lemma: str, ctx, lex: EventLexicon, forms: TokenForms):
    """(cameo_code, event_type, trigger_end_token, weight) for a verb token, or None: the
    heaviest CAMEO pattern of its blocks that matches, else the verb's own code."""
    entries, trig_end = _verb_entries(tok, lemma, lex, forms)
    if not entries:
        return None
    if any(block in lex.anchors for block, _, _ in entries):
        best = _best_pattern(tok, entries, ctx, lex, forms)
        if best is not None:
            return best[0], best[1], trig_end, best[2]
    return next(((code, et, trig_end, 0) for _, code, et in entries if et), None)


def curated_noun(tok, lex: EventLexicon, ctx) -> Sense | bool | None:
    """The curated sense of a noun (by form, then lemma); False when the table does not know it."""
    cur = lex.curated
    for w in (tok.lower_, tok.lemma_.lower()):
        if cur.knows(w, "NOUN"):
            return cur.sense(tok, w, "NOUN", ctx)
    return False


def noun_code(tok, lex: EventLexicon, forms: TokenForms) -> tuple[str | None, str | None] | None:
    """(code, type) of a CAMEO event noun: a two-word phrase with a neighbour first, then the word."""
    i, low = tok.i, forms.lower(tok.i)
    if i > 0 and f"{forms.lower(i - 1)} {low}" in lex.nouns:
        return lex.nouns[f"{forms.lower(i - 1)} {low}"]
    if i + 1 < len(tok.doc) and f"{low} {forms.lower(i + 1)}" in lex.nouns:
        return lex.nouns[f"{low} {forms.lower(i + 1)}"]
    return lex.nouns.get(low) or lex.nouns.get(tok.lemma_.lower())


def noun_is_event(tok, code: str | None, words: EventWords) -> bool:
    """Guard the ambiguous event nouns: a "test" is a show of force only next to weapons,
    a "launch" only of a missile, a "strike" only a military one or a labour strike."""
    low = tok.lower_
    if code and code.startswith("15") and low not in words.extra("unguarded_force_noun"):
        near = {t.lower_ for t in tok.subtree} | {t.lower_ for t in tok.doc[max(0, tok.i - 3) : tok.i]}
        return not near.isdisjoint(words.extra("military_word"))
    return not (low in words.extra("modifier_not_event") and tok.dep_ in {"compound", "amod"})


@dataclass
class Candidate:
    tok: object
    end_tok: int
    code: str | None
    et: str
    sources: list[str]
    targets: list[str]
    weight: int
    is_noun: bool
    derived: bool = False  # an intention/demand read off another event's clause
    curated: bool = False  # typed by the curated trigger table, not the CAMEO dictionary alone
    needs_target: bool = False
    civil: bool = False  # a curated `civil_trigger`: any named actor will do (`gates.by_anyone`)


def candidate_rows(ctx, lex: EventLexicon, forms: TokenForms) -> tuple[np.ndarray, np.ndarray]:
    """Token rows that may trigger an event, as (verb mask, noun mask) over the token table:
    verbs (and root auxiliaries other than "be") whose lemma starts a trigger, nouns whose form
    or lemma is a word of an event noun."""
    a = ctx.arrays
    pos_verb, pos_aux, pos_noun, pos_propn, dep_root, be = ctx.hashes(("VERB", "AUX", "NOUN", "PROPN", "ROOT", "be"))
    verbish = (a.pos == pos_verb) | ((a.pos == pos_aux) & (a.dep == dep_root) & (a.lemma != be))
    verbs = verbish & forms.lemma_mask(lex.verb_heads)
    noun_words = lex.noun_words
    nominal = (a.pos == pos_noun) | (a.pos == pos_propn)
    nouns = ctx.among_where(nominal, a.lower, noun_words) | (nominal & forms.lemma_mask(noun_words))
    return verbs, nouns


def verb_candidate(tok, ctx, lex: EventLexicon, forms: TokenForms) -> tuple[Candidate | None, object]:
    """The event a verb triggers, if it has a source or target, and its direct object."""
    lemma, words = tok.lemma_.lower(), lex.words
    if lemma in words.statement_verbs or (
        tok.lower_ == ACCORDING_TO[0] and tok.i + 1 < len(tok.doc) and forms.lower(tok.i + 1) == ACCORDING_TO[1]
    ):
        return None, None  # statements are quotes (CAMEO 01 has no PLOVER type)
    if lemma in words.mod("light_verb") and (dobj := _direct_object(tok)) is not None and noun_code(dobj, lex, forms):
        return None, None  # the noun carries the event
    # the curated sense first: cheaper than the CAMEO patterns, and it often rules the verb out
    knows = lex.curated.knows(lemma, "VERB")
    sense = lex.curated.sense(tok, lemma, "VERB", ctx) if knows else None
    if knows and sense is None:
        return None, None  # the table knows the lemma and no political sense holds here
    hit = verb_code(tok, lemma, ctx, lex, forms)
    if sense is not None:
        hit = _with_sense(hit, sense, tok, lex)
    if hit is None or not hit[1]:
        return None, None
    code, et, end, weight = hit
    sources, passive_targets = subjects(tok, ctx)
    if not sources and passive_targets and lex.canonical(et) in words.extra("state_action_type"):
        sources = [k for k in state_of_place(tok, ctx) if k not in passive_targets]
    targets = passive_targets or [k for k in objects(tok, ctx, words.extra("target_prep")) if k not in sources]
    if not sources and not targets:
        return None, None
    return Candidate(
        tok,
        end,
        code,
        et,
        sources,
        targets,
        weight,
        False,
        curated=sense is not None,
        needs_target=sense is not None and sense.needs_target,
        civil=sense is not None and lemma in words.extra("civil_trigger"),
    ), _direct_object(tok)


def _direct_object(tok):
    return next((c for c in tok.children if c.dep_ == "dobj"), None)


def _with_sense(hit, sense: Sense, tok, lex: EventLexicon):
    """A CAMEO hit retyped by its curated sense: the table decides the type (a sense that
    depends on the frame, "imposed sanctions", is a row with a condition); a CAMEO hit of the
    same type keeps its finer code."""
    if hit is not None and hit[1] and lex.canonical(hit[1]) == sense.event_type:
        return hit
    return sense.cameo_code, sense.event_type, hit[2] if hit else tok.i + 1, hit[3] if hit else 0


def noun_candidate(tok, ctx, lex: EventLexicon, forms: TokenForms) -> Candidate | None:
    """The event a noun names, if it has an actor, a date or a place in its sentence."""
    sense = curated_noun(tok, lex, ctx)
    if sense is None:
        return None
    hit = (sense.cameo_code, sense.event_type) if sense else noun_code(tok, lex, forms)
    if hit is None or not hit[1] or not noun_is_event(tok, hit[0], lex.words):
        return None
    sources, targets = noun_roles(tok, ctx, lex.words)
    if not sources and not targets:
        places = lex.words.extra("place_prep")
        if not ctx.dates_in(ctx.sent_of(tok)) and not any(
            c.dep_ == "prep" and c.lower_ in places for c in tok.children
        ):
            return None
    civil = bool(sense) and tok.lemma_.lower() in lex.words.extra("civil_trigger")
    return Candidate(
        tok,
        tok.i + 1,
        hit[0],
        hit[1],
        sources,
        targets,
        0,
        True,
        curated=bool(sense),
        needs_target=bool(sense) and sense.needs_target,
        civil=civil,
    )


def find_candidates(ctx, lex: EventLexicon, forms: TokenForms | None = None) -> list[Candidate]:
    """Verb and noun events in document order; a verb's object noun is not an event again."""
    forms = forms or TokenForms(ctx)
    verbs, nouns = candidate_rows(ctx, lex, forms)
    out: list[Candidate] = []
    taken_nouns: set[int] = set()
    for i in np.flatnonzero(verbs | nouns):
        i = int(i)
        tok = ctx.doc[i]
        if verbs[i]:
            c, dobj = verb_candidate(tok, ctx, lex, forms)
            if c is not None and dobj is not None:
                taken_nouns.add(dobj.i)
        else:
            c = None if i in taken_nouns else noun_candidate(tok, ctx, lex, forms)
        if c is not None:
            out.append(c)
    return out
