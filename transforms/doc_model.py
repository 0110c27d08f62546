"""The shared in-memory model of one parsed article.

One spaCy pass per article feeds actors, quotes and events alike: `transforms.actors`
turns the Doc into an `ArticleActors`, and the quote and event extractors read the same
Doc and resolve their speakers, sources and targets through it.

All character offsets here are offsets into the *analysed text* (``Doc.text``), which is
``title + TITLE_SEPARATOR + body`` (or just ``body`` when there is no title).
`transforms.extract` maps them back to ``(section, start, end)`` with ``section`` in
{"title", "body"} so every stored offset is true to ``dim_article.title``/``body``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

TITLE_SEPARATOR = "\n\n"

ACTOR_TYPES = ("person", "organization", "country", "location", "group")


@dataclass
class LocalActor:
    """An actor as canonicalised inside one article (before cross-article resolution)."""

    key: str  # unique within the article, e.g. "person:mike pompeo" or "country:PRK"
    name: str  # canonical display name, e.g. "Mike Pompeo", "North Korea"
    actor_type: str  # one of ACTOR_TYPES
    country_code: str | None = None  # ISO-3166 alpha-3
    sector: str | None = None  # CAMEO/PLOVER agent code: GOV, MIL, ELI, OPP, JRN, ...
    aliases: set[str] = field(default_factory=set)  # surface forms seen (titles/possessives stripped)
    roles: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (role, country, sector)


@dataclass
class Mention:
    """A span of the analysed text that refers to an actor."""

    start_char: int
    end_char: int
    text: str  # == doc.text[start_char:end_char]
    label: str  # spaCy label (PERSON, ORG, GPE, LOC, NORP, FAC) or "PRON"/"NOMINAL"
    sentence_index: int
    actor_key: str | None  # LocalActor.key, or None when unresolved (e.g. an ambiguous bare "Kim")
    role: str | None = None  # title stripped from the name, e.g. "Secretary of State"
    # Where the named entity inside the mention ends when the mention is longer than the
    # entity ("North Korean officials": the NORP ends after "Korean"); None = end_char.
    ent_end: int | None = None


@dataclass
class ArticleActors:
    """What the quote and event extractors need to know about actors in one article."""

    mentions: list[Mention] = field(default_factory=list)  # sorted by start_char
    actors: dict[str, LocalActor] = field(default_factory=dict)
    _index: tuple | None = field(default=None, repr=False, compare=False)

    def _starts(self) -> tuple[list[int], int]:
        """The mentions' sorted starts, and the longest mention's length (kept while the list is)."""
        if self._index is None or self._index[0] != len(self.mentions):
            starts = [m.start_char for m in self.mentions]
            longest = max((m.end_char - m.start_char for m in self.mentions), default=0)
            self._index = (len(self.mentions), starts, longest)
        return self._index[1], self._index[2]

    def _overlapping(self, start_char: int, end_char: int):
        """Mentions overlapping [start_char, end_char), found by bisection over the sorted starts."""
        starts, longest = self._starts()
        k = bisect.bisect_left(starts, end_char)
        lo = bisect.bisect_left(starts, start_char - longest, 0, k)
        return (m for m in self.mentions[lo:k] if m.end_char > start_char)

    def starting_in(self, start_char: int, end_char: int) -> list[Mention]:
        """Mentions that start in [start_char, end_char), in order."""
        starts, _ = self._starts()
        return self.mentions[bisect.bisect_left(starts, start_char) : bisect.bisect_left(starts, end_char)]

    def actor_at(self, start_char: int, end_char: int) -> str | None:
        """Key of the actor whose mention overlaps [start_char, end_char), preferring the
        longest overlap; None when no resolved mention overlaps."""
        m = self._best(start_char, end_char, resolved=True)
        return m.actor_key if m is not None else None

    def mention_at(self, start_char: int, end_char: int) -> Mention | None:
        return self._best(start_char, end_char, resolved=False)

    def _best(self, start_char: int, end_char: int, resolved: bool) -> Mention | None:
        best, best_len = None, 0
        for m in self._overlapping(start_char, end_char):
            if resolved and m.actor_key is None:
                continue
            overlap = min(m.end_char, end_char) - max(m.start_char, start_char)
            if overlap > best_len:
                best, best_len = m, overlap
        return best
