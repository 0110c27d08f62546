"""The hand-kept vocabulary (`seeds/lexicons/*.csv`), read once per run: one concept, one table.

Every extractor reads its word lists from here, never from code, so adding a speech verb is
one CSV row (`speech_verbs.csv`) that quotes and events both see. The tables arrive as a
dict of Polars frames (all columns Utf8), like the generated reference tables: transform code
never sees a path.

Two table shapes are read:

* flag tables (``speech_verbs``): one row per lemma, 0/1 columns, optional extra columns;
  ``vocab.flagged("speech_verbs", "report")`` is the lemmas whose ``report`` column is 1.
* kind tables (``modality``, ``titles``, ``actor_extras``, ``event_extras``, ...): one row per
  word and kind, optional value columns; ``vocab.kind("modality", "light_verb")`` is the words
  of that kind and ``vocab.mapping("titles", "title_head", "sector")`` maps them to a column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

LEXICON_TABLES = (
    "speech_verbs",
    "modality",
    "titles",
    "actor_extras",
    "event_extras",
    "quote_extras",
    "sections",
    "bylines",
    "event_triggers",
    "places",
)


@dataclass(frozen=True)
class Vocabulary:
    rows: dict[str, tuple[dict, ...]]  # table name -> its rows as dicts
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_tables(cls, tables: dict[str, pl.DataFrame]) -> Vocabulary:
        return cls(
            {name: tuple(tables[name].fill_null("").iter_rows(named=True)) for name in LEXICON_TABLES if name in tables}
        )

    def _memo(self, key, build, *args):
        # the readers run on every token a rule tests: a cache hit builds nothing, no closure
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = build(*args)
        return hit

    def table(self, name: str) -> tuple[dict, ...]:
        return self.rows.get(name, ())

    def flagged(self, name: str, column: str) -> frozenset[str]:
        """First-column values of the rows whose `column` is 1 (flag tables)."""
        return self._memo(("flag", name, column), self._flagged, name, column)

    def _flagged(self, name: str, column: str) -> frozenset[str]:
        rows = self.table(name)
        key = next(iter(rows[0])) if rows else ""
        return frozenset(r[key] for r in rows if r.get(column) == "1")

    def kind(self, name: str, *kinds: str) -> frozenset[str]:
        """Words of one or more kinds (kind tables: columns `word`, `kind`, ...)."""
        return self._memo(("kind", name, kinds), self._kind, name, kinds)

    def _kind(self, name: str, kinds: tuple[str, ...]) -> frozenset[str]:
        return frozenset(r["word"] for r in self.table(name) if r["kind"] in kinds)

    def union(self, *parts: frozenset[str]) -> frozenset[str]:
        """The union of some of this vocabulary's word sets, built once (the same set on every
        call, so that a lookup table made from it is found again)."""
        return self._memo(("union", *parts), frozenset().union, *parts)

    def patterns(self, name: str, kind: str) -> list[re.Pattern]:
        """The regular expressions of one kind, compiled once (`sections.csv` captions)."""
        return self._memo(("patterns", name, kind), lambda: [re.compile(w) for w in self.kind(name, kind)])

    def mapping(self, name: str, kind: str, *columns: str) -> dict[str, str | tuple[str | None, ...] | None]:
        """word -> value of `columns` (one column: the value; several: a tuple); '' reads None."""
        return self._memo(("map", name, kind, columns), self._mapping, name, kind, columns)

    def _mapping(self, name: str, kind: str, columns: tuple[str, ...]) -> dict:
        out = {}
        for r in self.table(name):
            if r["kind"] == kind:
                vals = tuple(r[c] or None for c in columns)
                out[r["word"]] = vals[0] if len(vals) == 1 else vals
        return out

    def split_column(self, name: str, column: str) -> dict[str, frozenset[str]]:
        """First column -> the space-separated words of `column`, where it is not empty."""
        return self._memo(("split", name, column), self._split_column, name, column)

    def _split_column(self, name: str, column: str) -> dict[str, frozenset[str]]:
        rows = self.table(name)
        key = next(iter(rows[0])) if rows else ""
        return {r[key]: frozenset(r[column].split()) for r in rows if r.get(column)}

    # ---- the speech-verb table, shared by quotes and events
    @property
    def quote_cues(self) -> frozenset[str]:
        """Verbs that introduce a quotation next to it ("he continued", "she added")."""
        return self.flagged("speech_verbs", "quote_cue")

    @property
    def report_verbs(self) -> frozenset[str]:
        """Verbs whose complement clause is reported speech or an attributed belief."""
        return self.flagged("speech_verbs", "report")

    @property
    def intent_verbs(self) -> frozenset[str]:
        """Verbs of intention or request with an infinitive complement ("wants to …", "urged X
        to …"); events read the infinitive as intended, not done."""
        return self.flagged("speech_verbs", "intent")

    @property
    def spoken_intent_verbs(self) -> frozenset[str]:
        """Intention verbs whose infinitive reports what was said ("urged X to …", "promised to
        …"): attributed content. "Wants to …" and "plans to …" are intentions, not attributions."""
        return self._memo(("spoken_intent_verbs",), lambda: self.intent_verbs & self.flagged("speech_verbs", "spoken"))

    @property
    def stance_verbs(self) -> frozenset[str]:
        """Verbs of stance whose object is the attributed content ("cited the ruling")."""
        return self.flagged("speech_verbs", "stance")

    @property
    def statement_verbs(self) -> frozenset[str]:
        """Plain statements: quotes, never events ("said", "told", "added")."""
        return self.flagged("speech_verbs", "statement")

    @property
    def commitment_verbs(self) -> frozenset[str]:
        """Verbs whose infinitive is a stated intention the event coder records (promise, vow)."""
        return self.flagged("speech_verbs", "commitment")

    @property
    def demand_frames(self) -> frozenset[str]:
        """Verbs that frame "X must ..." as a demand by their subject."""
        return self.flagged("speech_verbs", "demand_frame")

    @property
    def cue_prepositions(self) -> dict[str, frozenset[str]]:
        """Prepositions that make one cue with their verb ("called for", "pointed to")."""
        return self.split_column("speech_verbs", "prepositions")

    @property
    def attribution_verbs(self) -> frozenset[str]:
        """Verbs whose complement or object is attributed content: report, intention and stance
        verbs, and the verbs of a prepositional cue ("called for")."""
        return self._memo(
            ("attribution_verbs",),
            lambda: frozenset(self.report_verbs | self.intent_verbs | self.stance_verbs | self.cue_prepositions.keys()),
        )

    @property
    def cue_verbs(self) -> frozenset[str]:
        """Every verb that can be a quote's cue: the attribution verbs and the quotation cues."""
        return self._memo(("cue_verbs",), lambda: self.attribution_verbs | self.quote_cues)

    @property
    def byline_words(self) -> frozenset[str]:
        """Job titles that end an author line under a headline ("... Asia Pacific Reporter")."""
        return self.kind("bylines", "byline_word")
