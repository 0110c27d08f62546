"""Entity spans: spaCy's PERSON, ORG, GPE, LOC, NORP and FAC entities with the small model's
errors fixed, then trimmed to the name.

`entity_spans` (transforms/actors/span_rules.py) runs two ordered rule lists:

* `ENTITY_RULES` over the whole article (token spans and labels): layout patterns of wire
  copy, organisation cues, company names and bracketed acronyms (`companies`), document-level
  label consistency, untagged country names;
* `SPAN_RULES` over each trimmed span: drop what is no name, relabel what the model
  mislabelled ("Korea" tagged PERSON, "State Pompeo" tagged ORG).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from transforms.actors.companies import bracketed_acronyms, company_names
from transforms.actors.lexicon import ActorLexicon, norm
from transforms.actors.news import (
    calendar_and_slugs,
    competitions,
    demonym_before_name,
    dictionary_names,
    listed_place_not_person,
    place_words,
    sports_teams,
    team_nicknames,
    titled_names,
)
from transforms.actors.patterns import TEAM, pattern_entities
from transforms.actors.tokens import TokenFlags, capitalised, glued_hyphen

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")
_CUT_WORDS = frozenset(("v", "v.", "vs", "vs."))  # "Birmingham v Barnsley": two teams
_NAME_JOINERS = ("of", "and", "-", "&", ".")


@dataclass
class Span:
    start: int  # token indices
    end: int
    label: str
    role_tokens: list = field(default_factory=list)  # title words the model put inside a PERSON span


# ---------------------------------------------------------------- the model's spans, cut


def _cut_at(toks, k: int, caps: bool, flags: TokenFlags, lexicon: ActorLexicon) -> bool:
    """Does token k split the model's entity span in two (or trim it)? Bare numbers, "v",
    a spaced dash ("RUGBY UNION - SOUTH AFRICA"), and in upper-case headlines the small
    words the model reads as part of a name ("CALIFORNIA BOSTON AT OAKLAND")."""
    low = toks.lowers[k]
    if flags.number_list[k] or low in _CUT_WORDS or toks.words[k].isspace():  # a name never crosses a line
        return True
    if toks.words[k] in ("-", "--", "/", "(", ")") and k > 0 and toks.spaced[k - 1]:
        return True
    return caps and low in lexicon.caps_cut_words


def _whole_words(toks, s: int, e: int) -> tuple[int, int]:
    """Widen a span that starts or ends inside a hyphenated name ("Djate-[Taillard]",
    "[Urus]-Martan", "[Inzamam]-ul-Haq") to the whole name, as far as a capitalised word."""
    words = toks.words
    k = s
    while k >= 2 and glued_hyphen(toks, k - 1):
        k -= 2
        s = k if capitalised(words[k]) else s
    k = e
    while k + 1 < len(words) and glued_hyphen(toks, k):
        k += 2
        e = k if capitalised(words[k - 1]) else e
    return s, e


def _model_spans(ctx, flags: TokenFlags, lexicon: ActorLexicon) -> list[tuple[int, int, str]]:
    """The model's entities, cut at bare numbers, "v", spaced dashes and (upper-case lines)
    small words ("Haitai 2 Samsung 0" -> two names), trailing common nouns dropped."""
    toks, ents = ctx.toks, []
    words, spaced = toks.words, toks.spaced
    for e in ctx.ents:
        caps = ctx.text_of(e).isupper()
        first, last, label = e.start, e.end, e.label_
        s = first
        for k in range(first, last + 1):
            if k == last or _cut_at(toks, k, caps, flags, lexicon):
                end = k
                # a name ends with a capitalised word: "Interfax news agency" -> "Interfax"
                while end > s and words[end - 1].islower() and words[end - 1].isalpha() and spaced[end - 2]:
                    end -= 1
                # ("Trump 45 percent", PERCENT): the name left over is no quantity
                piece_ok = (
                    label in ENTITY_LABELS
                    or (s, end) == (first, last)
                    or any(c.isdigit() for c in toks.span_text(s, end))
                )
                if end > s and piece_ok:
                    ents.append((*_whole_words(toks, s, end), label))
                s = k + 1
    return ents


# ---------------------------------------------------------------- whole-article entity rules


@dataclass
class EntityTable:
    """The article's entity spans while the rules fix them."""

    ctx: object
    flags: TokenFlags
    ents: list[tuple[int, int, str]]
    forced: list[tuple[int, int, str]] = field(default_factory=list)  # labels a layout or cue decided
    majority: dict[tuple[str, ...], str] = field(default_factory=dict)  # surface -> majority label
    occupied: np.ndarray | None = None
    _occupied_bytes: bytearray = field(default_factory=bytearray, repr=False)  # `occupied`'s memory

    def mark_occupied(self) -> None:
        self._occupied_bytes = bytearray(len(self.ctx.doc) + 1)
        self.occupied = np.frombuffer(self._occupied_bytes, dtype=bool)
        for s, e, _ in self.ents:
            self.occupied[s:e] = True

    def free(self, s: int, e: int) -> bool:
        # a byte search: a numpy call per test costs more than the few tokens it reads
        return e <= len(self.ctx.doc) and 1 not in self._occupied_bytes[s:e]

    def take(self, s: int, e: int, label: str) -> None:
        self.ents.append((s, e, label))
        self.occupied[s:e] = True

    def free_runs(self, i: int, joiners: tuple[str, ...]) -> list[int]:
        """Lengths, 4 down to 1, of the free runs from token i of capitalised words and `joiners`
        (the names a dictionary rule looks up)."""
        caps, low = self.flags.capitalised_list, self.ctx.toks.lowers
        fits = 0
        while fits < 4 and i + fits < len(low) and (caps[i + fits] or low[i + fits] in joiners):
            fits += 1
        return [n for n in (4, 3, 2, 1) if n <= fits and self.free(i, i + n)]


def _surface_key(toks, s: int, e: int) -> tuple[str, ...]:
    """A name's words in lower case (`TokenLists.lowers`: the text lower-cased)."""
    return tuple(toks.lowers[s:e])


def _layout_patterns(t: EntityTable, lexicon: ActorLexicon) -> None:
    """A layout pattern's label wins over the model's spans it overlaps, unless the model has
    a longer PERSON there ("Tiger Woods 70" stays a person; a `TEAM` of a two-sided fixture
    line, "Nancy 0 Paris St Germain 0", wins even so)."""
    forced = pattern_entities(t.ctx, t.flags, lexicon)
    if not forced:
        return
    keep = []
    for s, e, lab in t.ents:
        over = [f for f in forced if f[0] < e and s < f[1]]
        if not over:
            keep.append((s, e, lab))
        elif lab == "PERSON" and e - s >= 2 and all(f[2] == "ORG" for f in over):
            keep.append((s, e, lab))
            forced = [f for f in forced if f not in over]
    forced = [(s, e, "ORG" if lab == TEAM else lab) for s, e, lab in forced]
    t.ents = keep + forced
    t.forced = forced


def _org_cued(t: EntityTable, lexicon: ActorLexicon, s: int, e: int, lab: str, person_words: set) -> bool:
    toks = t.ctx.toks
    low = toks.lowers
    return (
        lab in ("PERSON", "GPE", "LOC", "FAC", "NORP")
        and (s, e, lab) not in t.forced
        and not (lab == "PERSON" and (e - s >= 2 or low[s] in person_words))
        and not lexicon.country_of(toks.span_text(s, e))
        and norm(toks.span_text(s, e)) not in lexicon.capitals
        and (
            (s > 0 and low[s - 1] in lexicon.org_cue_before)
            or (e < len(low) and low[e] in lexicon.org_cue_after and t.ctx.doc[e].pos_ in ("NOUN", "PROPN"))
        )
    )


def _org_cues(t: EntityTable, lexicon: ActorLexicon) -> None:
    """Organisation cues next to a single-word person or place ("tyre giant Pirelli", "Magna
    shares") make it an ORG; the majority vote then spreads it to the name's other mentions."""
    low = t.ctx.toks.lowers
    person_words = {low[k] for s, e, lab in t.ents if lab == "PERSON" and e - s >= 2 for k in range(s, e)}
    cued = [(s, e, lab) for s, e, lab in t.ents if _org_cued(t, lexicon, s, e, lab, person_words)]
    for s, e, lab in cued:
        t.ents[t.ents.index((s, e, lab))] = (s, e, "ORG")
        t.forced.append((s, e, "ORG"))


def _majority_labels(t: EntityTable, lexicon: ActorLexicon) -> None:
    """Each name's majority label (layout-forced spans count twice; a person's surname counts
    as a PERSON), kept when at least twice the next; minority mentions take it."""
    words, caps = t.ctx.toks.words, t.flags.capitalised.tolist()
    forced_set = set(t.forced)
    keys = {(s, e): _surface_key(t.ctx.toks, s, e) for s, e, lab in t.ents if lab in ENTITY_LABELS}
    labels: dict[tuple[str, ...], Counter] = defaultdict(Counter)  # a Counter per name, not per read
    for s, e, lab in t.ents:
        if lab in ENTITY_LABELS:
            labels[keys[s, e]][lab] += 2 if (s, e, lab) in forced_set else 1
    surnames: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for s, e, lab in t.ents:
        if lab == "PERSON" and e - s >= 2 and caps[e - 1] and len(words[e - 1]) > 2:
            surnames[(words[e - 1].lower(),)]["PERSON"] += 1
    for k, c in surnames.items():
        labels.setdefault(k, c)
    surface_ok = {
        keys[s, e] if (s, e) in keys else _surface_key(t.ctx.toks, s, e)
        for s, e, _ in t.ents
        if all(caps[i] or words[i] in _NAME_JOINERS for i in range(s, e))
    }
    surface_ok |= set(surnames)
    for k, c in labels.items():
        (lab, cnt), *rest = c.most_common()
        if k in surface_ok and (not rest or cnt >= 2 * rest[0][1]):
            t.majority[k] = lab
    t.ents = [
        (s, e, t.majority.get(keys[s, e], lab) if lab in ENTITY_LABELS and (s, e, lab) not in forced_set else lab)
        for s, e, lab in t.ents
    ]


def _inside_longer_name(toks, flags: TokenFlags, i: int, e: int) -> bool:
    """Is doc[i:e] part of a longer capitalised name ("House" in "White House")? Mixed-case
    text only: in upper-case lines every word is capitalised."""
    words, starts = toks.words, toks.sent_starts
    names = flags.name_word_list
    if i > 0 and not starts[i] and names[i - 1] and not starts[i - 1] and not words[i - 1].isupper():
        return True
    return e < len(words) and names[e] and not words[e].isupper() and not starts[e]


def _repeat_at(t: EntityTable, i: int, k: tuple[str, ...]) -> bool:
    """Is the name `k` repeated, untagged, at token i (same surface, or upper case)?"""
    toks, flags = t.ctx.toks, t.flags
    words, e = toks.words, i + len(k)
    if not t.free(i, e) or _surface_key(toks, i, e) != k:
        return False
    upper = toks.span_text(i, e).isupper()
    if not (upper or all(flags.capitalised[j] or words[j] in _NAME_JOINERS for j in range(i, e))):
        return False
    if len(k) == 1 and toks.sent_starts[i] and t.ctx.doc[i].is_stop:
        return False
    return not (_inside_longer_name(toks, flags, i, e) and not upper)


def _repeated_names(t: EntityTable, lexicon: ActorLexicon) -> None:
    """An untagged repeat of a name tagged elsewhere (case-insensitively in upper-case text: a
    headline repeats the body), or a surname after the full name, gets the name's label."""
    words = t.ctx.toks.words
    t.mark_occupied()
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for k in t.majority:
        by_first.setdefault(k[0], []).append(k)
    for i in np.flatnonzero(t.flags.capitalised & ~t.occupied[: len(words)]).tolist():
        if t.occupied[i]:
            continue
        for k in sorted(by_first.get(words[i].lower(), []), key=len, reverse=True):
            if _repeat_at(t, i, k):
                t.take(i, i + len(k), t.majority[k])
                break


def _untagged_countries(t: EntityTable, lexicon: ActorLexicon) -> None:
    """A capitalised country name or capital the model left untagged ("Belarus", "BELGRADE")."""
    toks, flags = t.ctx.toks, t.flags
    for i in np.flatnonzero(flags.capitalised & ~t.occupied[: len(toks.lowers)]).tolist():
        if t.occupied[i]:
            continue
        for n in t.free_runs(i, ("of", "the")):
            e = i + n
            nm = norm(toks.span_text(i, e))
            if (nm in lexicon.country_names or nm in lexicon.capitals) and len(nm) > 2:
                t.take(i, e, "GPE")
                break


ENTITY_RULES = (
    _layout_patterns,
    _org_cues,
    company_names,
    bracketed_acronyms,
    calendar_and_slugs,
    competitions,
    demonym_before_name,
    place_words,
    sports_teams,
    _majority_labels,
    _repeated_names,
    team_nicknames,
    _untagged_countries,
    dictionary_names,
    titled_names,
    listed_place_not_person,
)


def entities(ctx, flags: TokenFlags, lexicon: ActorLexicon) -> list[tuple[int, int, str]]:
    """The model's entities, cut, then fixed by `ENTITY_RULES` in order: (start, end, label)."""
    table = EntityTable(ctx, flags, _model_spans(ctx, flags, lexicon))
    for rule in ENTITY_RULES:
        rule(table, lexicon)
    return sorted((s, e, lab) for s, e, lab in table.ents if lab in ENTITY_LABELS)
