"""Roles: who acts (source), on whom (target) and where, read off the dependency parse.

Actors come from the article's one resolver (`ctx.coref`): a noun phrase names the actors of
its head, conjuncts and modifiers, a pronoun or a description its antecedent.
"""

from __future__ import annotations

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
SUBJ = frozenset({"nsubj", "csubj"})
PASS_SUBJ = frozenset({"nsubjpass", "csubjpass"})
ANY_SUBJ = SUBJ | PASS_SUBJ
OBJECT_DEPS = ("dobj", "dative", "attr", "oprd")
CLIMB_DEPS = frozenset({"xcomp", "conj", "advcl", "acomp"})  # a verb that borrows its governor's subject
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
GROUP_TYPES = frozenset({"country", "group", "organization"})
OF = frozenset({"of"})


def _unnamed_antecedent(tok, ctx) -> bool:
    """ "The 22-year-old student died ... He was convicted": a person pronoun that opens its
    clause right after a sentence whose subject is an unnamed description refers to that
    description, so it names no actor here (better no role than the resolver's last name)."""
    if tok.lower_ not in PERSON_PRONOUNS:
        return False
    n = ctx.sent_index(tok)
    if n == 0 or any(t.dep_ in ANY_SUBJ for t in ctx.sents[n][: tok.i - ctx.sents[n].start]):
        return False
    prev = ctx.sents[n - 1]
    subj = next((t for t in prev if t.dep_ in ANY_SUBJ and t.head.dep_ == "ROOT"), None)
    return subj is not None and subj.pos_ == "NOUN" and not ctx.coref.actors_of_phrase(subj)


INCLUDING = frozenset({"including"})


def actors_of(tok, ctx) -> list[str]:
    """The resolver's actors of a phrase, unless a pronoun points at an unnamed description;
    a description that names none speaks for the members it lists ("world leaders including X
    and Y")."""
    if tok.pos_ == "PRON" and _unnamed_antecedent(tok, ctx):
        return []
    keys = ctx.coref.actors_of_phrase(tok)
    if keys or tok.pos_ != "NOUN":
        return keys
    return [
        k
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in INCLUDING
        for g in _pobjs(c)
        for k in ctx.coref.actors_of_phrase(g)
    ]


def _pobjs(prep):
    return [g for g in prep.children if g.dep_ == "pobj"]


def _target_actors(tok, ctx) -> list[str]:
    """Actors of an object phrase; a reflexive ("freed themselves") names the source, not a
    target, but its conjuncts still count ("introducing myself and Minetest")."""
    if _is_reflexive(tok):
        return [k for c in tok.conjuncts if not _is_reflexive(c) for k in actors_of(c, ctx)]
    return actors_of(tok, ctx)


def _is_reflexive(tok) -> bool:
    return tok.tag_ == "PRP" and tok.lower_.endswith(("self", "selves"))


def subjects(tok, ctx) -> tuple[list[str], list[str]]:
    """(sources, passive targets) of a verb, climbing xcomp/conj chains for a missing subject."""

    def phrase(t):
        return actors_of(t, ctx)

    cur = tok
    for _ in range(4):
        kids = list(cur.children)
        subj = [c for c in kids if c.dep_ in SUBJ]
        pas = [c for c in kids if c.dep_ in PASS_SUBJ]
        agent = [g for c in kids if c.dep_ == "agent" for g in _pobjs(c)]
        if subj or pas or agent:
            sources = [k for s in subj + agent for k in phrase(s)]
            passive_targets = [k for p in pas for k in phrase(p)]
            # a relative clause's subject "who/that" is its head noun
            if not sources and subj and subj[0].tag_ in {"WP", "WDT"} and cur.dep_ == "relcl":
                sources = phrase(cur.head)
            return sources, passive_targets
        if cur.dep_ in CLIMB_DEPS and cur.head.i != cur.i:
            cur = cur.head
            continue
        if cur.dep_ in {"relcl", "acl"}:
            return phrase(cur.head) or _issuer(cur, ctx), []
        break
    return [], []


def state_of_place(tok, ctx) -> list[str]:
    """ "A missionary was arrested in Lebanon": a passive state action (`state_action_type`:
    arrests, charges, bans, investigations) with no agent is done by the authorities of the
    country it happens in, when the "in" phrase on the verb names a country."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "in":
            for g in _pobjs(c):
                k = ctx.coref.actor_of_token(g)
                if k and ctx.coref.actor_type(k) == "country":
                    return [k]
    return []


def _issuer(tok, ctx) -> list[str]:
    """ "X issued a declaration demanding ...": a participle on an object that names no actor
    (a statement, a letter, a resolution) is said by the subject of the verb that issues it."""
    head = tok.head
    if tok.dep_ != "acl" or tok.tag_ != "VBG" or head.dep_ != "dobj" or head.head.i == head.i:
        return []
    return subjects(head.head, ctx)[0]


def prep_objects(tok, ctx, preps) -> list[str]:
    """Actors of the first "with/to/against … X" attached to `tok` that names one."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for g in _pobjs(c):
                keys = _target_actors(g, ctx)
                if keys:
                    return keys
    return []


def objects(tok, ctx, preps) -> list[str]:
    """Targets of a verb or noun, in the order tried: its object, a prepositional object, the
    subject of its complement clause ("demanded that Pyongyang dismantle", "urged X to",
    "called for X to"),
    the object's own prepositional or "of" object ("threatened further action against Russia",
    "defended the right of X")."""
    kids = list(tok.children)
    for c in kids:
        if c.dep_ in OBJECT_DEPS:
            keys = _target_actors(c, ctx)
            if keys:
                return keys
    keys = prep_objects(tok, ctx, preps)
    if keys:
        return keys
    for c in kids:
        if c.dep_ in {"ccomp", "xcomp"} or (
            c.dep_ == "advcl" and any(m.lower_ == "for" for m in c.children if m.dep_ == "mark")
        ):
            for g in c.children:
                if g.dep_ in ANY_SUBJ:
                    keys = _target_actors(g, ctx)
                    if keys:
                        return keys
    for c in kids:
        if c.dep_ == "dobj":  # "defended the right of X", "threatened action against X"
            keys = prep_objects(c, ctx, preps | OF)
            if keys:
                return keys
    return []


def _noun_attachments(tok, ctx, words) -> tuple[list[str], list[str]]:
    """Source and target from the noun's own dependents: "Pompeo's visit", "a Russian attack",
    "an attack by X", "criticism by Y", "talks between X and Y"; the "of" phrase of a noun whose
    actor it names (`of_agent_noun`: "the resignation of X") is its source, and its "from"
    phrase the target ("the exit of the UK from the EU"), else a target ("criticism of X")."""
    coref = ctx.coref
    sources: list[str] = []
    targets: list[str] = []
    source_preps = words.extra("noun_source_prep")
    left = set()  # "the exit of the UK from the EU": what the actor leaves is the target
    if tok.lemma_.lower() in words.extra("of_agent_noun") or tok.lower_ in words.extra("of_agent_noun"):
        left = source_preps & {"from"}
        source_preps = (source_preps - left) | {"of"}  # "the resignation of X": X acts
    for c in tok.children:
        if c.dep_ == "poss":
            sources = coref.actors_of_phrase(c)
        elif c.dep_ in {"compound", "amod"} and coref.actor_of_token(c):
            sources = sources or [coref.actor_of_token(c)]
        elif c.dep_ == "prep" and c.lower_ in source_preps:
            for g in _pobjs(c):
                sources = coref.actors_of_phrase(g) or sources
        elif c.dep_ == "prep" and c.lower_ in left:
            targets = [k for g in _pobjs(c) for k in coref.actors_of_phrase(g)] or targets
        elif c.dep_ == "prep" and c.lower_ == "between":
            for g in _pobjs(c):
                ks = coref.actors_of_phrase(g)
                if ks:
                    sources, targets = ks[:1], ks[1:2]
    return sources, targets


def _attribution(t, words) -> bool:
    """A token of the subject of a statement verb ("..., the Canadian Press reported")."""
    while t.dep_ not in SUBJ and t.head.i != t.i and t.dep_ in {"compound", "det", "amod", "poss"}:
        t = t.head
    return t.dep_ in SUBJ and t.head.lemma_.lower() in words.statement_verbs


def _other_side(tok, ctx, sources: list[str], words) -> list[str]:
    """ "threats from Trump claiming that the US would ... unless North Korea ...": the first
    country, group or organisation after the noun in its sentence that is neither a source,
    nor of a source's country, nor the source of an attribution ("the Canadian Press reported")."""
    coref = ctx.coref
    source_countries = {coref.country(s) for s in sources} - {None}
    sent = ctx.sent_of(tok)
    for t in sent[tok.i - sent.start + 1 :]:
        if _attribution(t, words):
            continue
        k = coref.actor_of_token(t)
        if k and k not in sources and coref.country(k) not in source_countries and coref.actor_type(k) in GROUP_TYPES:
            return [k]
    return []


def noun_roles(tok, ctx, words) -> tuple[list[str], list[str]]:
    """(sources, targets) of an event noun: its attachments, then its light verb's subject and
    object ("North Korea conducted tests", "held talks with X"), the agent of its participle
    ("a lawsuit filed by X against Y"), the subject of a trip made
    for it (`errand_verb`: "flew to Geneva for talks"), then the other side."""
    sources, targets = _noun_attachments(tok, ctx, words)
    if not targets:
        targets = [k for k in objects(tok, ctx, words.extra("noun_target_prep")) if k not in sources]
    head = tok.head
    if tok.dep_ in {"dobj", "attr", "nsubjpass"} and head.pos_ in {"VERB", "AUX"}:
        if not sources:
            sources = subjects(head, ctx)[0]
        if not targets:
            targets = [k for k in objects(head, ctx, words.extra("target_prep")) if k not in sources]
    for acl in (c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN"):  # "a lawsuit filed by X against Y"
        sources = sources or [
            k for a in acl.children if a.dep_ == "agent" for g in _pobjs(a) for k in actors_of(g, ctx)
        ]
        targets = targets or [k for k in prep_objects(acl, ctx, words.extra("noun_target_prep")) if k not in sources]
    if (
        not sources
        and tok.dep_ == "pobj"
        and head.lower_ == "for"
        and head.head.lemma_.lower() in words.extra("errand_verb")
    ):
        sources = subjects(head.head, ctx)[0]  # "negotiators return to Geneva for talks"
    if not targets and sources:
        targets = _other_side(tok, ctx, sources, words)
    return sources, targets


NOUN_CLAUSES = frozenset({"acl", "relcl"})  # a clause that describes a noun


def location(tok, ctx, words, used: set[str]) -> tuple[str | None, str | None, str | None]:
    """(place text, its country, its actor key): a place attached to the trigger by in/at/near,
    else another place of the sentence so attached, not a source or target and not qualifying a
    common noun outside the trigger's clause."""
    place_preps = words.extra("place_prep")

    def place(m):
        return m.text, ctx.coref.country(m.actor_key), m.actor_key

    sent = ctx.sent_of(tok)
    mentions = [m for m in ctx.actors.starting_in(sent.start_char, sent.end_char) if m.label in PLACE_LABELS]
    if not mentions:
        return None, None, None
    for c in list(tok.children) + ([tok.head] if tok.dep_ == "pobj" else []):
        if c.dep_ == "prep" and c.lower_ in place_preps:
            for g in _pobjs(c):
                for m in mentions:
                    if m.start_char <= g.idx < m.end_char:
                        return place(m)
    clause = {tok, *tok.ancestors}
    for m in mentions:
        if m.actor_key in used:
            continue
        span = ctx.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
        prep = span.root.head if span is not None else None
        # a place that qualifies a common noun off the trigger's clause is that noun's ("met
        # with Kim ... since the summit in Singapore"), and so is one in a clause that
        # describes a noun ("the agreement signed in Singapore"); on another verb or a name it
        # may be the event's
        if prep is None or prep.lower_ not in place_preps:
            continue
        if prep.head in clause or (prep.head.pos_ != "NOUN" and prep.head.dep_ not in NOUN_CLAUSES):
            return place(m)
    return None, None, None
