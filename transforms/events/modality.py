"""Modality: is an event negated, asserted, future, hypothetical or historical, and is a
stated intention itself the event (AGREE, THREATEN, REJECT, DEMAND)?

The words (auxiliaries, governing verbs, conditional marks) are `seeds/lexicons/modality.csv`.
"""

from __future__ import annotations

import datetime as dt

from transforms.coreference import FIRST_PERSON
from transforms.events.roles import subjects
from transforms.events.triggers import Candidate

HISTORICAL_DAYS = 365  # a dated event this long before publication is background, not news
CHAIN_DEPS = frozenset({"xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "pcomp"})
AUX_DEPS = frozenset({"aux", "auxpass"})
FUTURE_COPULA_TAGS = frozenset({"VBG", "VBZ", "VBP", "JJ"})  # "is going to", "is to", "are due to"


def governing_chain(tok, limit: int = 4) -> list:
    """The verb and the verbs that govern it through xcomp/ccomp/aux chains."""
    out, cur = [tok], tok
    for _ in range(limit):
        if cur.dep_ not in CHAIN_DEPS or cur.head.i == cur.i:
            break
        cur = cur.head
        out.append(cur)
    return out


def is_negated(tok, words) -> bool:
    """ "did not meet", "never met", "has yet to begin"."""
    negations = words.mod("negation_word")
    if any(c.dep_ == "neg" or c.lower_ in negations for c in tok.children):
        return True
    return tok.dep_ != "ROOT" and any(c.lower_ == "yet" for c in tok.children)


def _governor_negates(gov, words) -> bool:
    """Whether the verb an xcomp hangs on negates it: "failed to meet" does, "did not fail to
    meet" does not, "did not say he met" does not, "has yet to meet" does."""
    lemma = gov.lemma_.lower()
    if lemma in words.mod("negating_verb"):
        return not is_negated(gov, words)
    if is_negated(gov, words) and lemma not in words.mod("belief_verb"):
        return True
    return lemma in {"have", "be"} and any(c.lower_ == "yet" for c in gov.children)


def negation(tok, words) -> bool:
    """Whether the event of `tok` is denied, refused or yet to happen ("no talks" too)."""
    if is_negated(tok, words):
        return True
    if tok.dep_ == "xcomp":
        if tok.head.lemma_.lower() in words.mod("negating_verb"):
            return not is_negated(tok.head, words)
        if _governor_negates(tok.head, words):
            return True
    if tok.dep_ == "pobj" or tok.pos_ == "NOUN":
        # noun events: "no talks", "without any agreement"
        return any(c.lower_ in words.mod("noun_negation") for c in tok.children) or tok.head.lower_ == "without"
    return False


def _chain_modality(tok, words) -> str | None:
    """future/hypothetical from the auxiliaries, governors and conditional marks of the chain."""
    hypothetical, future = words.mod("hypothetical_aux"), words.mod("future_aux")
    conditional = words.mod("conditional_mark")
    for v in governing_chain(tok):
        kids = list(v.children)
        for c in kids:
            if c.dep_ in AUX_DEPS and c.lower_ in hypothetical and not _failed_ability(c, v, words):
                return "hypothetical"
            if c.dep_ in AUX_DEPS and c.lower_ in future:
                return "future"
        if v.i != tok.i and v.lemma_.lower() in words.mod("future_governor"):
            return "future"
        if any(c.dep_ == "mark" and c.lower_ in conditional for c in kids):
            return "hypothetical"
    return None


def _failed_ability(aux, verb, words) -> bool:
    """ "could not reach an agreement" says it did not happen (a negated fact), not a
    hypothetical (`negated_ability_aux` in event_extras.csv)."""
    return aux.lower_ in words.extra("negated_ability_aux") and is_negated(verb, words)


def modality(tok, event_date: dt.date | None, published: dt.date | None, words) -> str:
    """asserted | future | hypothetical | historical."""
    found = _chain_modality(tok, words)
    if found:
        return found
    # "going to meet", "is to meet", "due to"
    if (
        tok.dep_ == "xcomp"
        and tok.head.lemma_.lower() in words.mod("future_copula")
        and tok.head.tag_ in FUTURE_COPULA_TAGS
    ):
        return "future"
    if tok.pos_ == "NOUN":  # "the planned talks", "a possible strike"
        kids = {c.lower_ for c in tok.children}
        if not kids.isdisjoint(words.mod("hypothetical_adjective")):
            return "hypothetical"
        if not kids.isdisjoint(words.mod("future_adjective")):
            return "future"
    if event_date and published and (published - event_date).days > HISTORICAL_DAYS:
        return "historical"
    return "asserted"


def _demand(c: Candidate, tok, ctx, words):
    """ "Russia said Sudan must return the helicopter": the framing verb's subject demands."""
    if not any(a.dep_ in AUX_DEPS and a.lower_ in words.mod("demand_aux") for a in tok.children):
        return None
    frame = next((v for v in governing_chain(tok) if v.i != tok.i and v.lemma_.lower() in words.demand_frames), None)
    if frame is None:
        return None
    sources = subjects(frame, ctx)[0]
    targets = c.sources or c.targets
    if sources and set(sources) != set(targets):
        return frame, "DEMAND", "100", sources, [k for k in targets if k not in sources]
    return None


def _intent_cue(tok, words):
    """The word that states an intention to do `tok`: "promised to", "ready to", "will"."""
    adjectives = words.mod("intent_adjective")
    gov = tok.head if tok.dep_ == "xcomp" else None
    if gov is not None:
        if gov.lemma_.lower() in words.commitment_verbs or (gov.pos_ == "ADJ" and gov.lower_ in adjectives):
            return gov
        if gov.pos_ == "AUX" and any(a.lower_ in adjectives for a in gov.children if a.dep_ == "acomp"):
            return gov
        if gov.dep_ == "acomp" and gov.lower_ in adjectives:
            return gov
    intent_aux = words.mod("future_aux") | {"would"}
    return next((a for a in tok.children if a.dep_ in AUX_DEPS and a.lower_ in intent_aux), None)


def _conditional_clause(tok, words) -> bool:
    """An "if" clause hangs on the verb: "would leave ... if the Senate voted against"."""
    marks = words.mod("conditional_mark") - {"unless"}  # "will boycott unless ..." is a threat
    return any(
        k.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in k.children) for k in tok.children
    )


def _stated_by_its_actor(ctx, c: Candidate, tok) -> bool:
    """Is the future of `tok` its own actor's word: "we will boycott" in a quotation, or "X said
    it would boycott" (the speaker is the one who would act, or speaks for its country)? "Kelly said the commissioner
    would strengthen …" is a forecast, and the narrator's "he will visit" a schedule."""
    if ctx.in_quote(tok):
        return any(k.dep_ in ("nsubj", "nsubjpass") and k.lower_ in FIRST_PERSON for k in tok.children)
    for v in governing_chain(tok)[1:]:
        if v.lemma_.lower() in ctx.vocab.report_verbs:
            return any(_speaks_for(ctx, k, c.sources) for k in subjects(v, ctx)[0])
    return False


def _speaks_for(ctx, speaker: str, sources: list[str]) -> bool:
    """The speaker is one of the actors, or of the country that is one ("Trump said the United
    States would never lift …")."""
    country = ctx.coref.country(speaker)
    return speaker in sources or any(
        ctx.coref.actor_type(k) == "country" and ctx.coref.country(k) == country for k in sources if country
    )


def stated_intention(c: Candidate, ctx, lex, negated: bool):
    """A stated intention is itself the event a coder records (CAMEO 03 "express intent to
    cooperate", 13 "threaten", 12 "reject", 10 "demand"): "Finland will give Tanzania a
    grant", said by Finland, is AGREE, "X said it would boycott" THREATEN, "Syria says it will not accept
    refugees" REJECT, "Russia said Sudan must return the helicopter" DEMAND.
    Returns (governor token, type, cameo code, sources, targets) or None."""
    words, tok = lex.words, c.tok
    if c.is_noun:
        # "promised to continue military aid": the noun's verb carries the intention
        if tok.dep_ not in {"dobj", "attr"} or tok.head.pos_ not in {"VERB", "AUX"}:
            return None
        tok = tok.head
    demand = _demand(c, tok, ctx, words)
    if demand is not None:
        return demand
    cue = _intent_cue(tok, words)
    if cue is None or c.et in words.extra("speech_act_type"):
        return None  # "would pressure X to": the demand itself, future; no threat or promise
    if cue.lower_ in words.mod("hypothetical_aux") and _conditional_clause(tok, words):
        return None  # "would leave the governorship if the Senate voted against him": a hypothetical
    if cue.pos_ == "AUX" and not _stated_by_its_actor(ctx, c, tok):
        return None  # "On Friday, he will visit Phuket", "said the bill would separate …": no one's own intent
    unless = any(m.dep_ == "mark" and m.lower_ == "unless" for v in governing_chain(tok) for m in v.children) or any(
        m.lower_ == "unless" for m in tok.subtree
    )
    threat = cue.lemma_.lower() in words.mod("threat_verb") or unless or c.et not in words.extra("cooperative_type")
    if threat:
        return None if negated else (cue, "THREATEN", "130", c.sources, c.targets)
    if negated:
        return cue, "REJECT", "120", c.sources, c.targets
    return cue, "AGREE", "030", c.sources, c.targets


def derived_candidates(
    ctx, cands: list[Candidate], lex, negations: dict[int, bool]
) -> tuple[list[Candidate], set[int]]:
    """The stated intentions of the candidates, as events of their own, and the ids of the
    candidates a demand asks for: the demand is the event, what it asks for has not happened
    ("Russia said Sudan must return the helicopter": DEMAND, no RETREAT)."""
    out, demanded = [], set()
    for c in cands:
        hit = stated_intention(c, ctx, lex, negations[c.tok.i])
        if hit is not None:
            cue, et, code, sources, targets = hit
            if et == "DEMAND":
                demanded.add(id(c))
            if cue.pos_ == "AUX":
                cue = c.tok  # a modal is never the trigger: "would boycott" is coded on "boycott"
            out.append(
                Candidate(cue, cue.i + 1, code, et, list(sources), list(targets), c.weight, False, True, curated=True)
            )
    return out, demanded
