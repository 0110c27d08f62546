"""The curated trigger table (`seeds/lexicons/event_triggers.csv`): the PLOVER sense of a verb
or noun, decided by hand, over the CAMEO dictionary's.

Columns: ``lemma``, ``pos`` (VERB | NOUN), ``event_type`` (a PLOVER type, or NONE: never an
event: mental states, motion, generic verbs), ``cameo_code`` and ``conditions``, a
space-separated list of named conditions that must all hold for the row to apply:

* ``prep:a|b`` a preposition or particle child ("call for", "call on", "vote for"; also one
  the parser hung on the noun of another preposition: "charged X in the shooting with
  murder"), or the mark of a clause child ("called for NATO members to increase", "voted for X to serve");
* ``prt:a|b`` a particle or adverb child ("step down", "pull out", "strike down");
* ``dobj:a|b`` a word of the direct object (its lemma, a compound or modifier, the head of
  its "of" phrase: "suspended aid deliveries", "lifted a state of emergency"), or of the
  passive subject ("tributes were paid"), or of its "as" complement ("held X as human
  shields"); ``dobj:person`` an object that names a person
  ("fired the director", not "fired shots");
* ``proposal:a|b`` a word of what a verb of proposing puts forward: its object or the subject
  of its object clause ("suggested a probe", "suggested a broader probe may be required");
* ``of:a|b`` a word of the noun's "of" phrase ("suspension of air links");
* ``mod:a|b`` a compound or adjective modifier ("hunger strike", "air strike");
* ``acomp:a|b`` a complement word ("pleaded guilty");
* ``subject:a|b`` the subject's or passive agent's lemma ("police interviewed", "interviewed by
  police");
* ``xcomp`` an infinitive complement ("asked X to", "declined to");
* ``infinitive`` an infinitive complement whose own subject is named ("allowed X to cross",
  not "was allowed to", nor a finite clause);
* ``joint`` two sides act together: a "joint" modifier, a "with" phrase or a subject that
  names two actors ("French and Egyptian warships launched exercises": COOPERATE, not MOBILIZE);
* ``complement:a|b`` a word of the object complement of a verb of calling ("called the deal
  "lousy"", "called Biden a decent man", "described it as a disgrace": the complement, its
  modifiers, or an adjective after the object);
* ``pobj:a|b`` the object of a preposition of the verb ("warned of [consequences]");
* ``to:a|b`` the verb of an infinitive complement ("declined to [comment]");
* ``participle:a|b`` a participle hung on the verb ("attacked British imperialists, [saying]
  they …": the attack is in words);
* ``target`` the event needs a target actor (checked once roles are known).

A word list written ``@kind`` is the words of that kind in `event_extras.csv`
(``complement:@disapproving_word``).

Rows are tried most specific first: the rows with a parse condition in file order, then the
rows without one ("launch" NONE does not hide "launch ... talks" CONSULT). A lemma in the
table is decided by the table: when none of its rows' conditions hold it is not an event
("called X a breach" is no phone call and no demand). A lemma not in the table falls back
to the CAMEO dictionary, at a confidence below the publication threshold unless a CAMEO
pattern and political actors on both sides back it (`gates.confidence`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

NONE = "NONE"


@dataclass(frozen=True)
class Sense:
    event_type: str
    cameo_code: str | None
    conditions: tuple[str, ...]

    @property
    def needs_target(self) -> bool:
        return "target" in self.conditions

    @property
    def conditional(self) -> bool:
        """Whether a parse condition (not only ``target``) restricts the sense."""
        return any(c != "target" for c in self.conditions)


def _children(tok, deps) -> list:
    return [c for c in tok.children if c.dep_ in deps]


@cache
def _parsed(cond: str) -> tuple[str, frozenset[str]]:
    """A condition's name and words ("object:talks|deal"), parsed once per distinct condition."""
    name, sep, rest = cond.partition(":")
    return name, frozenset(rest.split("|")) if sep else frozenset()


def _phrase_words(tok) -> set[str]:
    """The lemma of a noun, of its compounds, modifiers and conjuncts, and of the head of its
    "of" phrase."""
    out = {tok.lemma_.lower(), tok.lower_}
    for c in tok.children:
        if c.dep_ in {"compound", "amod", "nmod", "conj"}:  # "photographs and other intelligence"
            out.add(c.lemma_.lower())
        elif c.dep_ == "prep" and c.lower_ == "of":
            for g in _children(c, {"pobj"}):
                out |= {g.lemma_.lower(), g.lower_} | {k.lemma_.lower() for k in _children(g, {"compound", "amod"})}
    return out


def _dobj_holds(tok, words, ctx) -> bool:
    objs = _children(tok, {"dobj", "nsubjpass"})
    objs += [g for c in _children(tok, {"prep"}) if c.lower_ == "as" for g in _children(c, {"pobj"})]
    if "person" in words:
        return any(
            ctx.coref.actor_type(k) == "person" for o in _children(tok, {"dobj"}) for k in ctx.coref.actors_of_phrase(o)
        )
    return any(not words.isdisjoint(_phrase_words(o)) for o in objs)


def _proposal_holds(tok, words) -> bool:
    """What a verb of proposing puts forward: its object ("suggested a probe"), or the subject
    of its object clause ("suggested a broader probe may be required")."""
    objs = _children(tok, {"dobj"}) + [
        s for c in _children(tok, {"ccomp"}) for s in _children(c, {"nsubj", "nsubjpass"})
    ]
    return any(not words.isdisjoint(_phrase_words(o)) for o in objs)


def _of_holds(tok, words) -> bool:
    return any(
        not words.isdisjoint(_phrase_words(g))
        for c in _children(tok, {"prep"})
        if c.lower_ == "of"
        for g in _children(c, {"pobj"})
    )


def _subject_holds(tok, words) -> bool:
    agents = [g for a in _children(tok, {"agent"}) for g in _children(a, {"pobj"})]
    return any(c.lemma_.lower() in words for c in _children(tok, {"nsubj"}) + agents)


def _object_infinitive(tok) -> bool:
    """ "allowed X to cross": an infinitive complement whose subject is named (X as the object
    of the verb or the subject of the clause), not "was allowed to" or a finite clause."""
    for c in _children(tok, {"xcomp", "ccomp"}):
        if any(k.dep_ == "aux" and k.tag_ == "TO" for k in c.children):
            return bool(_children(tok, {"dobj"}) or _children(c, {"nsubj"}))
    return False


JOINT_WORDS = frozenset({"joint", "combined", "bilateral", "multinational"})


def _joint_holds(tok, ctx) -> bool:
    """Two sides act together: a "joint" modifier on the word or its object, a "with" phrase,
    or a subject (of the word, or of the verb a noun is the object of) that names two actors
    or more ("French and Egyptian warships launched war games")."""
    if any(
        c.lower_ in JOINT_WORDS for t in [tok, *_children(tok, {"dobj"})] for c in _children(t, {"amod", "compound"})
    ):
        return True
    if any(c.lower_ == "with" for c in _children(tok, {"prep"})):
        return True
    verb = tok.head if tok.pos_ == "NOUN" and tok.dep_ in {"dobj", "nsubjpass"} else tok
    return any(len(set(ctx.coref.actors_of_phrase(s))) > 1 for s in _children(verb, {"nsubj"}))


def _complements(tok) -> list:
    """The object complement of a verb of calling: "called X a liar" (oprd, or a second
    object), "called X crazy", "described X as a disgrace", "called the deal "lousy"" (an
    adjective the parser hung after the object)."""
    objs = _children(tok, {"dobj"})
    out = _children(tok, {"oprd", "acomp", "xcomp", "ccomp"}) + objs[1:]
    out += [g for c in _children(tok, {"prep"}) if c.lower_ == "as" for g in _children(c, {"pobj"})]
    out += [a for o in objs[:1] for a in _children(o, {"amod"}) if a.i > o.i]
    return out


def _complement_holds(tok, words) -> bool:
    return any(
        not words.isdisjoint(
            {c.lemma_.lower(), c.lower_} | {m.lemma_.lower() for m in _children(c, {"amod", "compound", "acomp"})}
        )
        for c in _complements(tok)
    )


def _hung_preps(tok) -> list:
    """Prepositions the parser hung on the object of another of the verb's prepositions:
    "charged the suspect in the shooting with capital murder" ("with" on "shooting"). Not one
    on the direct object ("called a vote on the bill" is no call on anyone), nor in a phrase
    before the verb ("During an interview on CBS, Sanders called Biden ...")."""
    out, stack = [], [g for c in _children(tok, {"prep"}) if c.i > tok.i for g in _children(c, {"pobj"})]
    while stack:
        for p in _children(stack.pop(), {"prep"}):
            out.append(p)
            stack += _children(p, {"pobj"})
    return out


def _prep_holds(tok, words) -> bool:
    """A preposition child (or one hung on a noun of its prepositional phrase, `_hung_preps`),
    or the mark of an infinitive clause child ("called for X to")."""
    if any(c.lower_ in words for c in _children(tok, {"prep", "prt", "dative"}) + _hung_preps(tok)):
        return True
    return any(m.lower_ in words for c in _children(tok, {"advcl", "ccomp", "xcomp"}) for m in _children(c, {"mark"}))


WORD_CONDITIONS = {  # conditions on the words of one dependent ("prep:for|on")
    "prep": lambda tok, w, ctx: _prep_holds(tok, w),
    "prt": lambda tok, w, ctx: any(c.lower_ in w for c in _children(tok, {"prt", "advmod", "prep"})),
    "dobj": lambda tok, w, ctx: _dobj_holds(tok, w, ctx),
    "acomp": lambda tok, w, ctx: any(c.lower_ in w for c in _children(tok, {"acomp", "oprd", "advmod", "dobj"})),
    "subject": lambda tok, w, ctx: _subject_holds(tok, w),
    "of": lambda tok, w, ctx: _of_holds(tok, w),
    "proposal": lambda tok, w, ctx: _proposal_holds(tok, w),
    "mod": lambda tok, w, ctx: any(c.lemma_.lower() in w for c in _children(tok, {"compound", "amod", "nmod"})),
    "complement": lambda tok, w, ctx: _complement_holds(tok, w),
    "pobj": lambda tok, w, ctx: any(
        g.lemma_.lower() in w for c in _children(tok, {"prep"}) for g in _children(c, {"pobj"})
    ),
}
CLAUSE_CONDITIONS = {  # conditions on the verb of a clause that hangs on the trigger ("to:comment")
    "to": lambda tok, w, ctx: any(c.lemma_.lower() in w for c in _children(tok, {"xcomp"})),
    "participle": lambda tok, w, ctx: any(
        c.tag_ == "VBG" and c.lemma_.lower() in w for c in _children(tok, {"advcl", "xcomp", "conj"})
    ),
}
FRAME_CONDITIONS = {  # conditions on the frame alone
    "xcomp": lambda tok, w, ctx: bool(_children(tok, {"xcomp", "ccomp"})),
    "infinitive": lambda tok, w, ctx: _object_infinitive(tok),
    "joint": lambda tok, w, ctx: _joint_holds(tok, ctx),
}
CONDITIONS = {**WORD_CONDITIONS, **CLAUSE_CONDITIONS, **FRAME_CONDITIONS}


def holds(sense: Sense, tok, ctx) -> bool:
    """Whether every parse condition of a sense holds at `tok` (``target`` is checked later)."""
    for cond in sense.conditions:
        name, words = _parsed(cond)
        if name == "target":
            continue
        if len(words) == 1 and next(iter(words)).startswith("@"):  # a kind of event_extras.csv
            words = ctx.vocab.kind("event_extras", next(iter(words))[1:])
        if not CONDITIONS[name](tok, words, ctx):
            return False
    return True


@dataclass
class CuratedTriggers:
    senses: dict[tuple[str, str], list[Sense]] = field(default_factory=dict)  # (lemma, pos) -> senses

    @classmethod
    def of(cls, vocab) -> CuratedTriggers:
        out = cls()
        for r in vocab.table("event_triggers"):
            sense = Sense(r["event_type"], r["cameo_code"] or None, tuple(r["conditions"].split()))
            out.senses.setdefault((r["lemma"], r["pos"]), []).append(sense)
        for senses in out.senses.values():
            senses.sort(key=lambda s: not s.conditional)  # stable: file order within each group
        return out

    def words(self, pos: str) -> frozenset[str]:
        return frozenset(lemma for lemma, p in self.senses if p == pos)

    def knows(self, lemma: str, pos: str) -> bool:
        return (lemma, pos) in self.senses

    def sense(self, tok, lemma: str, pos: str, ctx) -> Sense | None:
        """The first sense of the lemma whose conditions hold; None when none does or the
        lemma is never an event."""
        for s in self.senses.get((lemma, pos), ()):
            if holds(s, tok, ctx):
                return None if s.event_type == NONE else s
        return None
