"""Triggers: the event lexicon (CAMEO verbs, phrasal verbs, event nouns, verb patterns), its
compilation, and the candidate events of an article.

Candidates are selected on the token table first (`ctx.arrays`: POS and lemma columns against
the lexicon's words), so only the few tokens that can trigger an event become `Token` objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import polars as pl

from transforms.events.curated import CuratedTriggers, Sense
from transforms.events.roles import noun_roles, objects, state_of_place, subjects
from transforms.events.tokens import TokenForms

ACCORDING_TO = ("according", "to")  # "according to X" is attribution, not an event


@dataclass(frozen=True)
class Pattern:
    before: tuple[frozenset, ...]  # word alternatives before the verb, nearest first
    after: tuple[frozenset, ...]
    cameo_code: str
    event_type: str

    @property
    def weight(self) -> int:
        return len(self.before) + len(self.after)


@dataclass(frozen=True)
class EventWords:
    """The hand-kept word lists the event stages read (`seeds/lexicons`)."""

    statement_verbs: frozenset[str] = frozenset()
    commitment_verbs: frozenset[str] = frozenset()
    demand_frames: frozenset[str] = frozenset()
    intent_verbs: frozenset[str] = frozenset()
    modality: dict[str, frozenset[str]] = field(default_factory=dict)  # modality.csv kind -> words
    extras: dict[str, frozenset[str]] = field(default_factory=dict)  # event_extras.csv kind -> words

    @classmethod
    def of(cls, vocab) -> EventWords:
        def kinds(table):
            return {k: vocab.kind(table, k) for k in {r["kind"] for r in vocab.table(table)}}
        return cls(vocab.statement_verbs, vocab.commitment_verbs, vocab.demand_frames, vocab.intent_verbs,
                   kinds("modality"), kinds("event_extras"))

    def mod(self, kind: str) -> frozenset[str]:
        return self.modality.get(kind, frozenset())

    def extra(self, kind: str) -> frozenset[str]:
        return self.extras.get(kind, frozenset())


@dataclass
class EventLexicon:
    verbs: dict[str, list[tuple[str, str | None, str | None]]] = field(default_factory=dict)  # lemma -> (block, code, type)
    phrasal: dict[str, list[tuple[tuple[str, ...], str, str | None, str | None]]] = field(default_factory=dict)
    nouns: dict[str, tuple[str, str]] = field(default_factory=dict)  # lemma or phrase -> (code, type)
    patterns: dict[str, list[Pattern]] = field(default_factory=dict)  # block -> patterns, heaviest first
    anchors: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # block -> anchor word -> pattern numbers
    modes: dict[str, str] = field(default_factory=dict)  # cameo_code -> PLOVER mode
    types: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)  # PLOVER 2021 name -> stored name (REQUEST -> DEMAND)
    words: EventWords = field(default_factory=EventWords)
    curated: CuratedTriggers = field(default_factory=CuratedTriggers)

    @classmethod
    def from_tables(cls, tables: dict[str, pl.DataFrame], vocab=None) -> EventLexicon:
        if vocab is None:
            from transforms.vocab import Vocabulary

            vocab = Vocabulary.from_tables(tables)
        lex = cls(words=EventWords.of(vocab), curated=CuratedTriggers.of(vocab))
        if "event_lexicon" in tables:
            lex._read_triggers(tables["event_lexicon"])
        if "event_patterns" in tables:
            lex._read_patterns(tables["event_patterns"], _synsets(tables))
        if "event_type_cameo" in tables:
            lex.modes = {c: m for c, m in tables["event_type_cameo"].select("cameo_code", "event_mode").iter_rows() if m}
        if "event_types" in tables:
            for et, p2021 in tables["event_types"].select("event_type", "plover_2021").iter_rows():
                lex.types.add(et)
                if p2021 and p2021 != et:
                    lex.aliases.setdefault(p2021, et)
        return lex

    def _read_triggers(self, table: pl.DataFrame) -> None:
        """Verbs, phrasal verbs (keyed by their first word) and event nouns."""
        for trig, pos, block, code, et in table.select("trigger", "pos", "block", "cameo_code", "event_type").iter_rows():
            code, et, block = code or None, et or None, block or ""
            words = tuple(trig.split())
            if pos == "NOUN":
                self.nouns[trig] = (code, et)
            elif len(words) == 1:
                self.verbs.setdefault(trig, []).append((block, code, et))
            else:
                self.phrasal.setdefault(words[0], []).append((words[1:], block, code, et))

    def _read_patterns(self, table: pl.DataFrame, synsets: dict[str, set[str]]) -> None:
        for block, pat, code, et in table.select("block", "pattern", "cameo_code", "event_type").iter_rows():
            p = compile_pattern(pat, code, et, synsets)
            if p is not None and p.weight:
                self.patterns.setdefault(block, []).append(p)
        for block, ps in self.patterns.items():
            ps.sort(key=lambda p: -p.weight)
            self.anchors[block] = _anchor_index(ps)

    def canonical(self, event_type: str | None) -> str | None:
        if event_type is None:
            return None
        et = event_type.upper()
        return et if et in self.types or not self.aliases else self.aliases.get(et, et)

    def mode_of(self, code: str | None) -> str | None:
        if not code:
            return None
        return next((self.modes[k] for k in (code, code[:3]) if k in self.modes), None)

    @cached_property
    def verb_heads(self) -> frozenset[str]:
        """Lemmas that can start a verb trigger (single or phrasal)."""
        return frozenset(self.verbs) | frozenset(self.phrasal) | self.curated.words("VERB")

    @cached_property
    def noun_words(self) -> frozenset[str]:
        """Every word of an event noun or noun phrase."""
        return frozenset(w for n in self.nouns for w in n.split()) | self.curated.words("NOUN")


def _anchor_index(patterns: list[Pattern]) -> dict[str, list[int]]:
    """Pattern numbers by the words of their anchor: the first word after the verb, else the
    nearest before it. A pattern can only match a verb whose neighbours hold an anchor word."""
    index: dict[str, list[int]] = {}
    for n, p in enumerate(patterns):
        for w in (p.after or p.before)[0]:
            index.setdefault(("after " if p.after else "before ") + w, []).append(n)
    return index


def _synsets(tables) -> dict[str, set[str]]:
    synsets: dict[str, set[str]] = {}
    if "event_synsets" in tables:
        for s, w in tables["event_synsets"].select("synset", "word").iter_rows():
            synsets.setdefault(s, set()).add(w)
    return synsets


_TOKEN = re.compile(r"\{[^}]*\}|&\w+|[a-z][a-z'_\-]*|[*]")


def _pattern_words(part: str, synsets: dict[str, set[str]]) -> tuple[frozenset, ...]:
    """One side of a CAMEO pattern as word alternatives, one set per position."""
    out = []
    for t in _TOKEN.findall(part.replace("(", " ").replace(")", " ")):
        if t.startswith("{"):
            out.extend(frozenset({w.replace("_", " ")}) for w in t.strip("{}").lower().split())
        elif t.startswith("&"):
            alts = synsets.get(t.lower())
            if alts:
                out.append(frozenset(alt.split()[-1] for alt in alts))
        else:
            w = t.replace("_", " ").strip()
            if w:
                out.append(frozenset({w.split()[-1]}))
    return tuple(out)


def compile_pattern(pattern: str, code: str, et: str, synsets: dict[str, set[str]]) -> Pattern | None:
    """A CAMEO pattern ("- * SANCTIONS") as the words before and after the verb (`*`)."""
    if "*" not in pattern:
        return None
    left, right = pattern.split("*", 1)
    return Pattern(tuple(reversed(_pattern_words(left, synsets))), _pattern_words(right, synsets), code, et)


def match_seq(seq: tuple[frozenset, ...], toks: list[frozenset[str]], max_gap: int = 3, first_gap: int = 3) -> bool:
    """Pattern words in order, each within `max_gap` tokens of the previous one (determiners
    and modifiers may intervene: "* sanctions" matches "lift strict economic sanctions")."""
    i = 0
    for n, alts in enumerate(seq):
        j, limit = i, i + (first_gap if n == 0 else max_gap)
        while j < len(toks) and j <= limit and toks[j].isdisjoint(alts):
            j += 1
        if j >= len(toks) or j > limit:
            return False
        i = j + 1
    return True


def _verb_entries(tok, lemma: str, lex: EventLexicon, forms: TokenForms) -> tuple[list, int]:
    """(block, code, type) entries of a verb, phrasal ones first, and the trigger's end token."""
    entries = list(lex.verbs.get(lemma, ()))
    trig_end = tok.i + 1
    n = len(tok.doc)
    for rest, block, code, et in lex.phrasal.get(lemma, ()):
        nxt = [forms.lower(i) for i in range(tok.i + 1, min(n, tok.i + 1 + len(rest) + 2))]
        # particles may be separated by the object ("turned the remains over")
        if all(w in nxt or w in [c.lower_ for c in tok.children] for w in rest):
            entries.insert(0, (block, code, et))
            trig_end = max(trig_end, tok.i + 1 + (len(rest) if nxt[: len(rest)] == list(rest) else 0))
    return entries, trig_end


def _best_pattern(tok, entries, ctx, lex: EventLexicon, forms: TokenForms) -> tuple[str, str, int] | None:
    """(code, type, weight) of the heaviest pattern of the verb's blocks that matches its
    neighbours; only patterns whose anchor word occurs nearby are tried."""
    start = max(ctx.sent_of(tok).start, tok.i - 4)
    before = [forms.forms(i) for i in range(tok.i - 1, start - 1, -1)]  # nearest first
    after = forms.after(tok)
    near = {"before " + w for f in before for w in f} | {"after " + w for f in after for w in f}
    best = None
    for block, _, _ in entries:
        patterns, anchors = lex.patterns.get(block, ()), lex.anchors.get(block, {})
        for n in sorted({n for w in near for n in anchors.get(w, ())}):
            p = patterns[n]
            if best is not None and p.weight <= best[2]:
                break
            if match_seq(p.before, before) and match_seq(p.after, after, first_gap=5):
                best = (p.cameo_code, p.event_type, p.weight)
                break
    return best


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


def curated_noun(tok, lex: EventLexicon, ctx) -> Sense | None | bool:
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
        near = {t.lower_ for t in tok.subtree} | {t.lower_ for t in tok.doc[max(0, tok.i - 3): tok.i]}
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
    nouns = ((a.pos == pos_noun) | (a.pos == pos_propn)) & (
        np.isin(a.lower, ctx.hashes(noun_words)) | forms.lemma_mask(noun_words))
    return verbs, nouns


def verb_candidate(tok, ctx, lex: EventLexicon, forms: TokenForms) -> tuple[Candidate | None, object]:
    """The event a verb triggers, if it has a source or target, and its direct object."""
    lemma, words = tok.lemma_.lower(), lex.words
    if lemma in words.statement_verbs or (
            tok.lower_ == ACCORDING_TO[0] and tok.i + 1 < len(tok.doc) and forms.lower(tok.i + 1) == ACCORDING_TO[1]):
        return None, None  # statements are quotes (CAMEO 01 has no PLOVER type)
    dobj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if lemma in words.mod("light_verb") and dobj is not None and noun_code(dobj, lex, forms):
        return None, None  # the noun carries the event
    hit, sense = verb_code(tok, lemma, ctx, lex, forms), None
    if lex.curated.knows(lemma, "VERB"):
        sense = lex.curated.sense(tok, lemma, "VERB", ctx)
        if sense is None:
            return None, None  # the table knows the lemma and no political sense holds here
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
    return Candidate(tok, end, code, et, sources, targets, weight, False, curated=sense is not None,
                     needs_target=sense is not None and sense.needs_target,
                     civil=sense is not None and lemma in words.extra("civil_trigger")), dobj


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
        if not ctx.dates_in(ctx.sent_of(tok)) and not any(c.dep_ == "prep" and c.lower_ in places for c in tok.children):
            return None
    civil = bool(sense) and tok.lemma_.lower() in lex.words.extra("civil_trigger")
    return Candidate(tok, tok.i + 1, hit[0], hit[1], sources, targets, 0, True, curated=bool(sense),
                     needs_target=bool(sense) and sense.needs_target, civil=civil)


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
