"""Roles said in a clause rather than a title: "John Hickenlooper, who was a candidate in the
Democratic primaries", "Hickenlooper has served as mayor of Denver and governor of Colorado",
"Sanders became the senator". A person who is the subject of a copula or role verb
(`role_verb` in titles.csv: be, become, serve as, ...) whose complement's head is a title head
with a sector (titles.csv) holds that role, as a title before the name would give it."""

from __future__ import annotations

from transforms.actors.people import apply_roles
from transforms.actors.titles import role

_WHO = frozenset(("who", "that"))
_COMPLEMENT_DEPS = frozenset(("attr", "oprd"))


def _complements(verb) -> list:
    """ "was a candidate", "served as mayor of X and governor of Y": the role nouns."""
    heads = [c for c in verb.children if c.dep_ in _COMPLEMENT_DEPS]
    heads += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children if g.dep_ == "pobj"]
    return heads + [k for h in heads for k in h.conjuncts]


def _role_tokens(noun) -> list:
    """The role phrase of a noun: its left modifiers and "of" phrase, without determiner,
    possessor or coordinated roles."""
    skip = {
        t.i
        for c in noun.children
        if c.dep_ in ("conj", "cc", "det", "poss", "relcl", "acl", "appos", "punct")
        for t in c.subtree
    }
    return [t for t in noun.subtree if t.i not in skip and t.i >= noun.left_edge.i]


def _verbs_of(tok, role_verbs: frozenset[str]) -> list:
    """The role verbs the person at `tok` is the subject of: its own clause, or its relative
    clause ("X, who was ...")."""
    out = []
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in role_verbs:
        out.append(tok.head)
    for c in tok.children:
        if (
            c.dep_ == "relcl"
            and c.lemma_.lower() in role_verbs
            and any(k.dep_ == "nsubj" and k.lower_ in _WHO for k in c.children)
        ):
            out.append(c)
    return out


def predicate_roles(cast) -> None:
    """Roles from "X was/became/served as <title>" clauses (see the module docstring)."""
    ctx, lx = cast.ctx, cast.lexicon
    if not lx.role_verbs:
        return
    for m in cast.mentions:
        a = cast.actors.get(m.actor_key) if m.actor_key else None
        if a is None or a.actor_type != "person":
            continue
        span = ctx.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
        if span is None:
            continue
        roles = []
        for verb in _verbs_of(span.root, lx.role_verbs):
            for noun in _complements(verb):
                if lx.title_sectors.get(noun.lemma_.lower()) and noun.i not in range(span.start, span.end):
                    roles.append(role(_role_tokens(noun), lx, ctx.doc))
        if roles:
            apply_roles(a, roles, lx, None, None, cast.focus)
