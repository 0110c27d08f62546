"""The event lexicon: CAMEO verbs, phrasal verbs, event nouns and verb patterns, compiled
once per run from the reference tables for the trigger stage (transforms/events/triggers.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import polars as pl

from transforms.events.curated import CuratedTriggers
from transforms.events.scores import EventScores


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

        return cls(
            vocab.statement_verbs,
            vocab.commitment_verbs,
            vocab.demand_frames,
            vocab.intent_verbs,
            kinds("modality"),
            kinds("event_extras"),
        )

    def mod(self, kind: str) -> frozenset[str]:
        return self.modality.get(kind, frozenset())

    def extra(self, kind: str) -> frozenset[str]:
        return self.extras.get(kind, frozenset())


@dataclass
class EventLexicon:
    verbs: dict[str, list[tuple[str, str | None, str | None]]] = field(
        default_factory=dict
    )  # lemma -> (block, code, type)
    phrasal: dict[str, list[tuple[tuple[str, ...], str, str | None, str | None]]] = field(default_factory=dict)
    nouns: dict[str, tuple[str, str]] = field(default_factory=dict)  # lemma or phrase -> (code, type)
    patterns: dict[str, list[Pattern]] = field(default_factory=dict)  # block -> patterns, heaviest first
    # block -> (anchor word before the verb -> pattern numbers, the same after the verb)
    anchors: dict[str, tuple[dict[str, list[int]], dict[str, list[int]]]] = field(default_factory=dict)
    modes: dict[str, str] = field(default_factory=dict)  # cameo_code -> PLOVER mode
    types: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)  # PLOVER 2021 name -> stored name (REQUEST -> DEMAND)
    words: EventWords = field(default_factory=EventWords)
    curated: CuratedTriggers = field(default_factory=CuratedTriggers)
    scores: EventScores = field(default_factory=EventScores)  # Goldstein score and quad class

    @classmethod
    def from_tables(cls, tables: dict[str, pl.DataFrame], vocab=None) -> EventLexicon:
        if vocab is None:
            from transforms.vocab import Vocabulary

            vocab = Vocabulary.from_tables(tables)
        lex = cls(words=EventWords.of(vocab), curated=CuratedTriggers.of(vocab), scores=EventScores.from_tables(tables))
        if "event_lexicon" in tables:
            lex._read_triggers(tables["event_lexicon"])
        if "event_patterns" in tables:
            lex._read_patterns(tables["event_patterns"], _synsets(tables))
        if "event_type_cameo" in tables:
            lex.modes = {
                c: m for c, m in tables["event_type_cameo"].select("cameo_code", "event_mode").iter_rows() if m
            }
        if "event_types" in tables:
            for et, p2021 in tables["event_types"].select("event_type", "plover_2021").iter_rows():
                lex.types.add(et)
                if p2021 and p2021 != et:
                    lex.aliases.setdefault(p2021, et)
        return lex

    def _read_triggers(self, table: pl.DataFrame) -> None:
        """Verbs, phrasal verbs (keyed by their first word) and event nouns."""
        for trig, pos, block, code, et in table.select(
            "trigger", "pos", "block", "cameo_code", "event_type"
        ).iter_rows():
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


def _anchor_index(patterns: list[Pattern]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Pattern numbers by the words of their anchor: the first word after the verb, else the
    nearest before it (an index for each side). A pattern can only match a verb whose
    neighbours hold an anchor word."""
    before: dict[str, list[int]] = {}
    after: dict[str, list[int]] = {}
    for n, p in enumerate(patterns):
        for w in (p.after or p.before)[0]:
            (after if p.after else before).setdefault(w, []).append(n)
    return before, after


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
