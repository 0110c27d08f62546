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

from collections import Counter
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
from transforms.actors.tokens import TokenFlags, capitalised, glued_hyphen, span_text

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


def _cut_at(doc, k: int, caps: bool, flags: TokenFlags, lexicon: ActorLexicon) -> bool:
    """Does token k split the model's entity span in two (or trim it)? Bare numbers, "v",
    a spaced dash ("RUGBY UNION - SOUTH AFRICA"), and in upper-case headlines the small
    words the model reads as part of a name ("CALIFORNIA BOSTON AT OAKLAND")."""
    t = doc[k]
    if flags.number[k] or t.lower_ in _CUT_WORDS or t.is_space:  # a name never crosses a line
        return True
    if t.text in ("-", "--", "/", "(", ")") and k > 0 and doc[k - 1].whitespace_:
        return True
    return caps and t.lower_ in lexicon.caps_cut_words


def _whole_words(doc, s: int, e: int) -> tuple[int, int]:
    """Widen a span that starts or ends inside a hyphenated name ("Djate-[Taillard]",
    "[Urus]-Martan", "[Inzamam]-ul-Haq") to the whole name, as far as a capitalised word."""
    k = s
    while k >= 2 and glued_hyphen(doc, k - 1):
        k -= 2
        s = k if capitalised(doc[k].text) else s
    k = e
    while k + 1 < len(doc) and glued_hyphen(doc, k):
        k += 2
        e = k if capitalised(doc[k - 1].text) else e
    return s, e


def _model_spans(ctx, flags: TokenFlags, lexicon: ActorLexicon) -> list[tuple[int, int, str]]:
    """The model's entities, cut at bare numbers, "v", spaced dashes and (upper-case lines)
    small words ("Haitai 2 Samsung 0" -> two names), trailing common nouns dropped."""
    doc, ents = ctx.doc, []
    for e in ctx.ents:
        caps = ctx.text_of(e).isupper()
        s = e.start
        for k in range(e.start, e.end + 1):
            if k == e.end or _cut_at(doc, k, caps, flags, lexicon):
                end = k
                # a name ends with a capitalised word: "Interfax news agency" -> "Interfax"
                while end > s and doc[end - 1].is_lower and doc[end - 1].is_alpha and doc[end - 2].whitespace_:
                    end -= 1
                # ("Trump 45 percent", PERCENT): the name left over is no quantity
                piece_ok = (
                    e.label_ in ENTITY_LABELS
                    or (s, end) == (e.start, e.end)
                    or any(c.isdigit() for c in span_text(doc, s, end, ctx.text))
                )
                if end > s and piece_ok:
                    ents.append((*_whole_words(doc, s, end), e.label_))
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


def _surface_key(toks) -> tuple[str, ...]:
    return tuple(t.text.lower() for t in toks)


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
    doc = t.ctx.doc
    return (
        lab in ("PERSON", "GPE", "LOC", "FAC", "NORP")
        and (s, e, lab) not in t.forced
        and not (lab == "PERSON" and (e - s >= 2 or doc[s].lower_ in person_words))
        and not lexicon.country_of(span_text(doc, s, e))
        and norm(span_text(doc, s, e)) not in lexicon.capitals
        and (
            (s > 0 and doc[s - 1].lower_ in lexicon.org_cue_before)
            or (e < len(doc) and doc[e].lower_ in lexicon.org_cue_after and doc[e].pos_ in ("NOUN", "PROPN"))
        )
    )


def _org_cues(t: EntityTable, lexicon: ActorLexicon) -> None:
    """Organisation cues next to a single-word person or place ("tyre giant Pirelli", "Magna
    shares") make it an ORG; the majority vote then spreads it to the name's other mentions."""
    doc = t.ctx.doc
    person_words = {tok.lower_ for s, e, lab in t.ents if lab == "PERSON" and e - s >= 2 for tok in doc[s:e]}
    cued = [(s, e, lab) for s, e, lab in t.ents if _org_cued(t, lexicon, s, e, lab, person_words)]
    for s, e, lab in cued:
        t.ents[t.ents.index((s, e, lab))] = (s, e, "ORG")
        t.forced.append((s, e, "ORG"))


def _majority_labels(t: EntityTable, lexicon: ActorLexicon) -> None:
    """Each name's majority label (layout-forced spans count twice; a person's surname counts
    as a PERSON), kept when at least twice the next; minority mentions take it."""
    doc, caps = t.ctx.doc, t.flags.capitalised.tolist()
    forced_set = set(t.forced)
    # each name's surface once (a Span per read was most of this rule's time)
    keys = {(s, e): _surface_key(doc[s:e]) for s, e, lab in t.ents if lab in ENTITY_LABELS}
    labels: dict[tuple[str, ...], Counter] = {}
    for s, e, lab in t.ents:
        if lab in ENTITY_LABELS:
            labels.setdefault(keys[s, e], Counter())[lab] += 2 if (s, e, lab) in forced_set else 1
    surnames: dict[tuple[str, ...], Counter] = {}
    for s, e, lab in t.ents:
        if lab == "PERSON" and e - s >= 2 and caps[e - 1] and len(doc[e - 1].text) > 2:
            surnames.setdefault((doc[e - 1].text.lower(),), Counter())["PERSON"] += 1
    for k, c in surnames.items():
        labels.setdefault(k, c)
    surface_ok = {
        keys[s, e] if (s, e) in keys else _surface_key(doc[s:e])
        for s, e, _ in t.ents
        if all(caps[i] or doc[i].text in _NAME_JOINERS for i in range(s, e))
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


def _inside_longer_name(doc, flags: TokenFlags, i: int, e: int) -> bool:
    """Is doc[i:e] part of a longer capitalised name ("House" in "White House")? Mixed-case
    text only: in upper-case lines every word is capitalised."""
    if (
        i > 0
        and not doc[i].is_sent_start
        and flags.name_word[i - 1]
        and not doc[i - 1].is_sent_start
        and not doc[i - 1].text.isupper()
    ):
        return True
    return e < len(doc) and flags.name_word[e] and not doc[e].text.isupper() and not doc[e].is_sent_start


def _repeat_at(t: EntityTable, i: int, k: tuple[str, ...]) -> bool:
    """Is the name `k` repeated, untagged, at token i (same surface, or upper case)?"""
    doc, flags = t.ctx.doc, t.flags
    e = i + len(k)
    if not t.free(i, e) or _surface_key(doc[i:e]) != k:
        return False
    toks = doc[i:e]
    if not (toks.text.isupper() or all(flags.capitalised[j] or doc[j].text in _NAME_JOINERS for j in range(i, e))):
        return False
    if len(k) == 1 and doc[i].is_sent_start and doc[i].is_stop:
        return False
    return not (_inside_longer_name(doc, flags, i, e) and not toks.text.isupper())


def _repeated_names(t: EntityTable, lexicon: ActorLexicon) -> None:
    """An untagged repeat of a name tagged elsewhere (case-insensitively in upper-case text: a
    headline repeats the body), or a surname after the full name, gets the name's label."""
    doc = t.ctx.doc
    t.mark_occupied()
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for k in t.majority:
        by_first.setdefault(k[0], []).append(k)
    for i in np.flatnonzero(t.flags.capitalised & ~t.occupied[: len(doc)]).tolist():
        if t.occupied[i]:
            continue
        for k in sorted(by_first.get(doc[i].text.lower(), []), key=len, reverse=True):
            if _repeat_at(t, i, k):
                t.take(i, i + len(k), t.majority[k])
                break


def _untagged_countries(t: EntityTable, lexicon: ActorLexicon) -> None:
    """A capitalised country name or capital the model left untagged ("Belarus", "BELGRADE")."""
    doc, flags = t.ctx.doc, t.flags
    caps = flags.capitalised.tolist()
    for i in np.flatnonzero(flags.capitalised & ~t.occupied[: len(doc)]).tolist():
        if t.occupied[i]:
            continue
        for n in (4, 3, 2, 1):
            e = i + n
            if not t.free(i, e) or not all(caps[j] or doc[j].lower_ in ("of", "the") for j in range(i, e)):
                continue
            nm = norm(span_text(doc, i, e))
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
