"""Gates and confidence: which candidate events are published.

An analyst counts events by type, actor and day, so a false event costs more than a missed
one. Every candidate passes `GATES`, an ordered list of named rules (each one reason to drop
it), then gets a `confidence`; rows under `PUBLISH_THRESHOLD` are not published.

Confidence is built from what backs the event (documented in `confidence`):

* the trigger: a curated sense (`event_triggers.csv`) 0.55, a matched CAMEO pattern 0.5,
  a bare CAMEO dictionary verb or noun 0.2;
* the actors: +0.2 for a political source, +0.15 for a political target, +0.05 for any
  other target;
* the modality: -0.15 for a hypothetical.

`PUBLISH_THRESHOLD` = 0.7 means: a curated trigger with a political actor as its source
or target (a hypothetical one needs both; a curated ASSAULT counts any named perpetrator or
victim), or a CAMEO pattern (a verb with the object or preposition its code needs:
"imposed * sanctions") with a political source (a political target alone gives 0.65). A bare
CAMEO verb is never published.
"""

from __future__ import annotations

PUBLISH_THRESHOLD = 0.7
POLITICAL_TYPES = frozenset({"country", "group", "organization"})
MODAL_TAGS = frozenset({"MD"})
PURPOSE_MARKS = frozenset({"so", "order"})
ASSAULT = "ASSAULT"


def political(key: str | None, ctx) -> bool:
    """An actor with a country, a sector, a role that has one, or a political type."""
    a = ctx.actors.actors.get(key) if key else None
    if a is None:
        return False
    return bool(
        a.country_code or a.sector or a.actor_type in POLITICAL_TYPES or any(cc or sector for _, cc, sector in a.roles)
    )


def violence_by_anyone(c) -> bool:
    """PLOVER ASSAULT is violence by non-state actors too ("McArthur murdered", "a man stabbed
    three people"): a curated ASSAULT with a named perpetrator or victim counts as political.
    So does a curated `civil_trigger` (event_extras.csv), whose other side is the state or
    which addresses it: a plea, a confession, a police interview or search, a charge, a march."""
    return c.curated and (c.et == ASSAULT or getattr(c, "civil", False)) and bool(c.sources or c.targets)


def confidence(c, modality: str, ctx) -> float:
    """How far the trigger sense, the actors in its roles and its modality back an event."""
    score = 0.55 if c.curated else 0.5 if c.weight else 0.2
    score += 0.2 if violence_by_anyone(c) or any(political(k, ctx) for k in c.sources) else 0
    if any(political(k, ctx) for k in c.targets):
        score += 0.15
    elif c.targets:
        score += 0.05
    score -= 0.15 if modality == "hypothetical" else 0
    return round(min(max(score, 0.05), 0.99), 2)


# ---- the gates: each returns True to keep the candidate
def in_body(c, ctx, lex) -> bool:
    """A headline repeats a body event, and a caption or photo credit reports none."""
    return ctx.section_at(c.tok.idx) == "body"


def not_modal(c, ctx, lex) -> bool:
    """A modal verb ("would", "will", "must") is never a trigger."""
    return c.tok.tag_ not in MODAL_TAGS and not (c.tok.pos_ == "AUX" and c.tok.dep_ == "aux")


def phone_needs_phone_word(c, ctx, lex) -> bool:
    """CAMEO 041 (discuss by telephone) needs "phone" or "telephone", not "called X a breach"."""
    return not (c.code or "").startswith("041") or c.tok.lemma_.lower() in lex.words.extra("phone_word")


def asserted_clause(c, ctx, lex) -> bool:
    """An action inside the infinitive complement of a request or intention verb ("urged X
    to submit", "wants to meet") or a purpose clause ("went there to ease tensions") is not
    asserted: the request or the intention is the event. Nor is one in an infinitive that
    modifies a noun ("a law to allow extraditions"), or in an "if"/"unless" clause. A dispatch verb's purpose is
    (`dispatch_verb`: "sent a team to investigate" reports an investigation)."""
    if c.derived or c.is_noun:
        return True
    tok = c.tok
    if _in_infinitive_modifier(tok) or _in_condition(tok, lex.words.mod("conditional_mark")):
        return False
    if _states_a_goal(tok, lex.words.mod("goal_noun")):
        return False
    governor = tok.head.lemma_.lower()
    if governor in lex.words.mod("negating_verb") or governor in lex.words.mod("future_governor"):
        return True  # "refused to meet" is negated, "expected to meet" future: both kept as such
    if tok.dep_ in {"xcomp", "ccomp"} and tok.head.lemma_.lower() in lex.words.intent_verbs:
        return any(k.dep_ in {"nsubj", "nsubjpass"} for k in tok.children) and tok.dep_ == "ccomp"
    if tok.dep_ == "advcl" and tok.head.lemma_.lower() in lex.words.extra("dispatch_verb"):
        return True  # "sent a team to investigate": the dispatch carries the purpose out
    if tok.dep_ == "advcl":
        infinitive = any(k.dep_ == "aux" and k.tag_ == "TO" for k in tok.children)
        purpose = any(k.dep_ == "mark" and k.lower_ in PURPOSE_MARKS for k in tok.children)
        return not (purpose or (infinitive and not any(k.dep_ == "nsubj" for k in tok.children)))
    return True


def _states_a_goal(tok, goal_nouns) -> bool:
    """ "The aim of UKIP is to withdraw", "it was fair to criticise": an infinitive after a
    copula whose subject is a goal (`goal_noun`) or an empty "it" says what a goal is or what
    would be right, not that anything was done ("Britain is to give …" is a plan: kept)."""
    if (
        tok.dep_ != "xcomp"
        or tok.head.lemma_ != "be"
        or not any(k.dep_ == "aux" and k.tag_ == "TO" for k in tok.children)
    ):
        return False
    subj = next((k for k in tok.head.children if k.dep_ in ("nsubj", "expl")), None)
    return subj is not None and (subj.lower_ == "it" or subj.lemma_.lower() in goal_nouns)


def specific_occasion(c, ctx, lex) -> bool:
    """ "has always called for a debate", "Muslims generally agree", "has regular meetings": a
    habit or a generic statement (`generic_adverb`, `generic_adjective`) is no event; a
    comparison of real acts is ("met … more often")."""
    adverbs, adjectives = lex.words.mod("generic_adverb"), lex.words.mod("generic_adjective")
    generic = {"advmod": adverbs, "amod": adjectives}
    return c.derived or not any(k.lower_ in generic.get(k.dep_, ()) and not any(k.children) for k in c.tok.children)


NAME_ENTS = frozenset({"ORG", "FAC", "LAW", "WORK_OF_ART", "PRODUCT"})


def not_in_a_name(c, ctx, lex) -> bool:
    """ "the Environmental Audit Committee", "Crown Prosecution Service": a word inside a name
    is not the act it may name elsewhere. A name that ends in the event's noun names the event
    ("the Butler Inquiry")."""
    tok = c.tok
    if c.derived or tok.ent_type_ not in NAME_ENTS:
        return True
    following = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return following is None or following.ent_iob_ != "I"


def not_a_belief(c, ctx, lex) -> bool:
    """ "she believed Blair initiated reforms", "they suspect the measures agreed with the
    US": what a mental verb (`mental_verb`) holds is a belief, not a reported act. A relative
    clause states its own fact ("believed they had identified the attacker, who was held
    pending investigation"), and a belief about one's own act is a hedged report of it ("they
    believed they had identified the attacker")."""
    words, nouns, cur = lex.words.mod("mental_verb"), lex.words.mod("mental_noun"), c.tok
    if c.is_noun:
        return True  # a noun presupposes its act ("I think the attack on Iraq made it worse")
    for _ in range(6):
        if cur.dep_ in ("acl", "relcl", "ccomp") and cur.head.lemma_.lower() in nouns:
            return c.derived  # "the clear impression the chief was retiring", "no suggestion he opposes"
        if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in words:
            own = _subject_text(c.tok)
            return c.derived or (own is not None and own == _subject_text(cur.head))
        if cur.head.i == cur.i or cur.dep_ == "relcl":
            return True
        cur = cur.head
    return True


def not_an_obligation(c, ctx, lex) -> bool:
    """ "X should resign", "Howard should be starting 2005 with an apology": what someone ought
    to do (`demand_aux`) is a demand of the speaker's, coded as such where it is said, not
    an act."""
    words = lex.words.mod("demand_aux")
    return c.derived or not any(k.dep_ == "aux" and k.lower_ in words for v in _verbs_over(c.tok) for k in v.children)


IMPERATIVE_LEAD = frozenset({"please", "do", "n't", "not", "never"})
OPENING = frozenset({'"', "“", "‘", "'", ":", "``"})


def not_an_order(c, ctx, lex) -> bool:
    """ "Please don't give it away", "'Withdraw your troops,' he told Britain": an imperative
    asks for the act; it reports none."""
    tok = c.tok
    if c.derived or tok.tag_ != "VB":
        return True
    if any(k.dep_ in ("nsubj", "nsubjpass", "mark") or (k.dep_ == "aux" and k.lower_ != "do") for k in tok.children):
        return True
    j = tok.i - 1
    while j >= tok.sent.start and tok.doc[j].lower_ in IMPERATIVE_LEAD:
        j -= 1
    return not (j < tok.sent.start or tok.doc[j].text in OPENING or tok.doc[j].tag_ == "``")


def not_a_wish(c, ctx, lex) -> bool:
    """ "hopes to announce a deal", "wants a ban", "wants to hold talks": what someone wants
    (`desire_verb`) is a mental state, not an act (the guideline's "want, hope")."""
    words, tok = lex.words.mod("desire_verb"), c.tok
    acts = [tok, tok.head] if tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex.words.mod("light_verb") else [tok]
    return c.derived or not any(_wanted(v) and v.head.lemma_.lower() in words for v in acts)


def _wanted(v) -> bool:
    """The infinitive or the object of its head; an "object" beside a clause is that clause's
    misparsed subject ("hoped [the talks] next week could produce …")."""
    return v.dep_ == "xcomp" or (v.dep_ == "dobj" and not any(k.dep_ == "ccomp" for k in v.head.children))


def _verbs_over(tok) -> list:
    """The verb of an event and, for a noun, the verb it is the object of, through one
    preposition ("starting 2005 [with] an apology") or an adjective ("should be able to
    order [detention]")."""
    out, cur = [tok], tok
    for _ in range(4):
        if cur.dep_ not in ("dobj", "pobj", "prep", "xcomp", "acomp") or cur.head.i == cur.i:
            break
        cur = cur.head
        out.append(cur)
    return out


def not_a_comparison(c, ctx, lex) -> bool:
    """ "as opposed to a recommendation", "as agreed": a participle after "as" compares with an
    act, it reports none."""
    tok = c.tok
    return c.derived or not (tok.tag_ == "VBN" and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "as")


def not_a_home_visit(c, ctx, lex) -> bool:
    """ "Mr Kennedy visits Manchester, Liverpool …", "a visit to Sheffield": a visit to a city of
    the visitor's own country (or of no named visitor) is campaigning or touring, no
    consultation; "Blair visited Baghdad" is one."""
    if c.derived or c.tok.lemma_.lower() not in lex.words.extra("visit_word") or not c.targets:
        return True
    coref = ctx.coref
    home = {coref.country(k) for k in c.sources}
    return not all(coref.actor_type(k) == "location" and (not c.sources or coref.country(k) in home) for k in c.targets)


def _subject(verb):
    return next((k for k in verb.children if k.dep_ in ("nsubj", "nsubjpass")), None)


def _subject_text(verb) -> str | None:
    subj = _subject(verb)
    return subj.lower_ if subj is not None else None


def not_a_question(c, ctx, lex) -> bool:
    """ "Should the United Kingdom approve the Treaty?": a modal put before its subject asks
    whether the act will be; it reports none."""
    tok, sent = c.tok, c.tok.sent
    if c.derived or not any(t.text == "?" for t in sent[-3:]):
        return True
    subj = _subject(tok)
    return subj is None or not any(k.dep_ == "aux" and k.tag_ == "MD" and k.i < subj.i for k in tok.children)


def _in_infinitive_modifier(tok) -> bool:
    """ "proposed an amendment to a law to allow China to extradite anyone": a verb in (or under)
    the infinitive that modifies a noun says what the thing is for, not what happened."""
    cur = tok
    for _ in range(3):
        if cur.dep_ == "acl" and any(k.dep_ == "aux" and k.tag_ == "TO" for k in cur.children):
            return True
        if cur.dep_ not in {"xcomp", "ccomp"} or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _in_condition(tok, marks) -> bool:
    """ "assumes the presidency if the President and Vice President are both killed": the
    action of an "if"/"unless" clause is the condition of another, not a reported event (the
    main clause keeps it as hypothetical: "would leave the governorship if ...")."""
    cur = tok
    for _ in range(3):
        if cur.dep_ == "advcl":
            return any(k.dep_ == "mark" and k.lower_ in marks for k in cur.children)
        if cur.dep_ not in {"conj", "xcomp", "ccomp"} or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def has_needed_target(c, ctx, lex) -> bool:
    """A sense that needs a target ("visit", "release") has one."""
    return not c.needs_target or bool(c.targets)


def political_actor(c, ctx, lex) -> bool:
    """The source or the target is a political actor (a country, a sector, a political type):
    a private person's doings are not political events, except violence (`violence_by_anyone`)."""
    return violence_by_anyone(c) or any(political(k, ctx) for k in c.sources + c.targets)


GATES = (
    in_body,
    not_modal,
    phone_needs_phone_word,
    asserted_clause,
    specific_occasion,
    not_a_question,
    not_in_a_name,
    not_a_belief,
    not_an_obligation,
    not_an_order,
    not_a_wish,
    not_a_comparison,
    not_a_home_visit,
    has_needed_target,
    political_actor,
)


def restatements(cands, lex) -> set[int]:
    """Candidates that restate their governor's event: a participle clause of the same type
    ("criticized Trump's refusal, accusing the president of ...", "condemned the attack,
    calling it a disgrace") is one reported act, coded once on the governor."""
    by_tok = {(c.tok.i, lex.canonical(c.et)) for c in cands}
    return {
        id(c)
        for c in cands
        if c.tok.dep_ == "advcl" and c.tok.tag_ == "VBG" and (c.tok.head.i, lex.canonical(c.et)) in by_tok
    }


RESTATEMENT_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "nummod"})
DATE_ENTS = frozenset({"DATE", "TIME"})


def _tells_apart(tok) -> bool:
    """A common-word modifier that may name another event of the kind ("initial death sentence"
    after "a life sentence"); a date or a name ("the Rosselló resignation") does not."""
    return any(
        k.dep_ in RESTATEMENT_MODIFIER_DEPS and k.pos_ in {"ADJ", "NOUN"} and k.ent_type_ not in DATE_ENTS
        for k in tok.children
    )


def restates_coded(c, about, coded: set, lex) -> bool:
    """A noun that names again an event the article has already coded: the same type, source
    actor(s), modality and negation, and a target that is the same or not named ("sworn in
    following Rosselló's resignation" after "the August 2 resignation of Governor Rosselló") is
    one real-world event, coded once; one on another day is another. `coded` holds (type,
    source, target, modality, negated, date) of the published rows so far."""
    if not c.is_noun or c.derived or not c.sources or _tells_apart(c.tok):
        return False
    et, tgt = lex.canonical(c.et), (c.targets[0] if c.targets else None)

    def same(k, src) -> bool:
        return (
            k[:2] == (et, src)
            and k[3:5] == (about.modality, about.negated)
            and tgt in (None, k[2])
            and (k[5] is None or about.date is None or k[5] == about.date)
        )

    return all(any(same(k, src) for k in coded) for src in c.sources)


def passes(c, ctx, lex) -> bool:
    return all(rule(c, ctx, lex) for rule in GATES)
