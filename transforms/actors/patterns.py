"""Layout patterns: name runs whose label the local layout decides, whatever the model said
(newswire conventions the small model misses, esp. in tables and upper-case lines).
`LAYOUT_RULES` are tried in order on each run of name words; the first label wins."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from transforms.actors.lexicon import ActorLexicon, norm
from transforms.actors.tokens import TokenFlags

_SCORE = re.compile(r"\d{1,3}$")
_DATE = re.compile(r"\d{4}-\d\d-\d\d$")
_INITIAL = re.compile(r"[A-Z]\.$")  # one letter: "U.S." and "U.N." are not initials
_RUN_JOINERS = ("of", "de", "'s")
_PERCENT = ("percent", "%", "pct", "per")


@dataclass
class Layout:
    ctx: object
    flags: TokenFlags
    lexicon: ActorLexicon
    person_names: set[str]  # multi-word PERSON entities and their last words, lower case


def _nationality(lay: Layout, i: int, j: int) -> str | None:
    """``Name ( Country )``: a person listed with their nationality ("Monica Seles ( U.S. )");
    a team instead when a score follows ("Benetton ( Italy ) 92")."""
    doc, n = lay.ctx.doc, len(lay.ctx.doc)
    if j < n and doc[j].text == "(" and j + 2 < n and doc[j + 2].text == ")" \
            and lay.lexicon.country_of(doc[j + 1].text) and not lay.lexicon.country_of(doc[i:j].text):
        return "ORG" if j + 3 < n and _SCORE.match(doc[j + 3].text) else "PERSON"
    return None


def _initials(lay: Layout, i: int, j: int) -> str | None:
    """``I. Name`` (initials then a capitalised word): a person ("M. Gatting")."""
    doc = lay.ctx.doc
    last = doc[j - 1].text
    if j - i >= 2 and _INITIAL.match(doc[i].text) and last[:1].isupper() and not _INITIAL.match(last) \
            and len(last) > 1:
        return "PERSON"
    return None


def _results_line(lay: Layout, sent) -> bool:
    """A sports/markets table row: many bare numbers ("Pohang 3 Ulsan 2", "Essex 372")."""
    nums = int(lay.flags.number[sent.start:sent.end].sum())
    return nums >= 2 and nums >= 0.25 * len(sent)


def _scored_team(lay: Layout, i: int, j: int) -> str | None:
    """In a results line, a name followed by a score ("Essex 372", "Pohang 3") is a team, i.e.
    an organisation (countries stay countries: national sides are coded as the country)."""
    doc, n, lexicon = lay.ctx.doc, len(lay.ctx.doc), lay.lexicon
    run = doc[i:j]
    if j < n and _SCORE.match(doc[j].text) and _results_line(lay, lay.ctx.sent_of(doc[i])) \
            and not lexicon.country_of(run.text) and run.text.lower() not in lay.person_names \
            and norm(run.text) not in lexicon.people \
            and not (j + 1 < n and doc[j + 1].lower_ in _PERCENT):
        return "ORG"
    return None


def _fixture(lay: Layout, i: int, j: int) -> str | None:
    """"Essex v Kent": a fixture between teams ("Roe v. Wade" is a court case)."""
    doc, n = lay.ctx.doc, len(lay.ctx.doc)
    if ((j < n and doc[j].lower_ in ("v", "vs")) or (i > 0 and doc[i - 1].lower_ in ("v", "vs"))) \
            and not lay.lexicon.country_of(doc[i:j].text) and not _INITIAL.match(doc[i].text):
        return "ORG"
    return None


def _dateline(lay: Layout, i: int, j: int) -> str | None:
    """``CITY 1996-08-30`` (a wire dateline): a place."""
    doc = lay.ctx.doc
    if j < len(doc) and _DATE.match(doc[j].text) and doc[i:j].text.isupper():
        return "GPE"
    return None


LAYOUT_RULES = (_nationality, _initials, _scored_team, _fixture, _dateline)


def _run_end(doc, flags: TokenFlags, i: int) -> int:
    """End of the run of name words from token i ("Bank of England"; not across sentences)."""
    n = len(doc)
    j = i
    while j < n and (flags.name_word[j] or (doc[j].lower_ in _RUN_JOINERS and j + 1 < n
                                             and flags.name_word[j + 1] and j > i)):
        if j > i and doc[j].is_sent_start:
            break
        j += 1
    return j


def pattern_entities(ctx, flags: TokenFlags, lexicon: ActorLexicon) -> list[tuple[int, int, str]]:
    """(start, end, label) of every name run a `LAYOUT_RULES` rule labels."""
    doc = ctx.doc
    person_names = {e.text.lower() for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2} \
        | {e[-1].lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2}
    lay = Layout(ctx, flags, lexicon, person_names)
    out = []
    next_i = 0
    for i in np.flatnonzero(flags.name_word).tolist():  # a run starts at a name word
        if i < next_i or doc[i].lower_ in ("the", "a", "an"):
            continue
        j = _run_end(doc, flags, i)
        label = next((lab for rule in LAYOUT_RULES if (lab := rule(lay, i, j))), None)
        if label:
            out.append((i, j, label))
        next_i = max(j, i + 1)
    return out
