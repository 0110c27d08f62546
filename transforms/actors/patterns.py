"""Layout patterns: name runs whose label the local layout decides, whatever the model said
(newswire conventions the small model misses, esp. in tables and upper-case lines).
`LAYOUT_RULES` are tried in order on each run of name words; the first label wins."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from transforms.actors.lexicon import ActorLexicon, norm
from transforms.actors.tokens import TokenFlags, glued_hyphen, span_text

TEAM = "TEAM"  # a side of a fixture line: an ORG that wins over the model's PERSON
_SCORE = re.compile(r"\d{1,3}$")
_DATE = re.compile(r"\d{4}-\d\d-\d\d$")
_DISMISSAL = ("c", "b", "lbw", "st")  # scorecard words, lower case as printed
_FIGURES = re.compile(r"\d{1,2}(?:\.\d)?-\d{1,2}-\d{1,3}-\d{1,2}$")  # overs-maidens-runs-wickets
_YEAR = re.compile(r"(?:19|20)\d\d$")
_REGION_WORDS = 3  # words of the region after a dateline's city ("ARLINGTON , Texas")
_INITIAL = re.compile(r"[A-Z]\.$")  # one letter: "U.S." and "U.N." are not initials
_RUN_JOINERS = ("of", "de", "'s")
_PERCENT = ("percent", "%", "pct", "per")
_SHIRT = re.compile(r"\d{1,2}-?$")
_MINUTE = ("minute", "min", "mins", "minutes")
_ORDINAL = re.compile(r"\d{1,3}(?:st|nd|rd|th)$")


@dataclass
class Layout:
    ctx: object
    flags: TokenFlags
    lexicon: ActorLexicon
    person_names: set[str]  # multi-word PERSON entities and their last words, lower case
    team_sport: bool = False  # the wire slug names a team sport ("CRICKET - ...")
    line_starts: np.ndarray | None = None  # token index of the start of each token's line

    def line_of(self, i: int):
        """The line of token i (a table row is a line, whatever sentence the parser saw)."""
        if self.line_starts is None:
            self.line_starts = _line_starts(self.flags.newline)
        s = int(self.line_starts[i])
        e = int(np.searchsorted(self.line_starts, s, side="right"))
        return self.ctx.doc[s:e]


def _line_starts(breaks: np.ndarray) -> np.ndarray:
    """For each token, the index of the first token of its line (the token after a line
    break; `breaks` is `TokenFlags.newline`)."""
    marks = np.zeros(len(breaks), dtype=np.int64)
    after = np.flatnonzero(breaks[:-1]) + 1
    marks[after] = after
    return np.maximum.accumulate(marks)


def _nationality(lay: Layout, i: int, j: int) -> str | None:
    """``Name ( Country )``: a person listed with their nationality ("Monica Seles ( U.S. )");
    a team instead when a score follows ("Benetton ( Italy ) 92"; a tennis set, "6-2", is no
    team's score)."""
    doc, n = lay.ctx.doc, len(lay.ctx.doc)
    if (
        j < n
        and doc[j].text == "("
        and j + 2 < n
        and doc[j + 2].text == ")"
        and lay.lexicon.country_of(doc[j + 1].text)
        and not lay.lexicon.country_of(span_text(doc, i, j))
    ):
        score = j + 3 < n and _SCORE.match(doc[j + 3].text) and (doc[j + 3].whitespace_ or j + 4 == n)
        return "ORG" if score else "PERSON"  # a set score ("6-2") follows a player
    return None


def _initials(lay: Layout, i: int, j: int) -> str | None:
    """``I. Name`` (initials then a capitalised word): a person ("M. Gatting")."""
    doc = lay.ctx.doc
    last = doc[j - 1].text
    if j - i >= 2 and _INITIAL.match(doc[i].text) and last[:1].isupper() and not _INITIAL.match(last) and len(last) > 1:
        return "PERSON"
    return None


def _numeric(lay: Layout, span) -> bool:
    nums = int(lay.flags.number[span.start : span.end].sum())
    words = sum(1 for t in span if not t.is_space)
    return nums >= 2 and nums >= 0.25 * words


def _results_line(lay: Layout, i: int) -> bool:
    """A sports/markets table row: many bare numbers ("Pohang 3 Ulsan 2", "Essex 372"), in
    the token's sentence or its line (the parser may run table rows together)."""
    return _numeric(lay, lay.ctx.sent_of(lay.ctx.doc[i])) or _numeric(lay, lay.line_of(i))


def _scored_team(lay: Layout, i: int, j: int) -> str | None:
    """In a results line, a name followed by a score ("Essex 372", "Pohang 3") is a team, i.e.
    an organisation (countries stay countries: national sides are coded as the country); in a
    team-sports fixture even when the model took it for a person ("Nancy 0 Paris St Germain 0")."""
    doc, n, lexicon = lay.ctx.doc, len(lay.ctx.doc), lay.lexicon
    if not (j < n and _SCORE.match(doc[j].text) and _results_line(lay, i)):
        return None
    run = span_text(doc, i, j)
    if lexicon.country_of(run) or (j + 1 < n and doc[j + 1].lower_ in _PERCENT):
        return None
    # a person with a score ("Tiger Woods 70"), unless, in a team-sports story, the line pairs
    # two scored sides ("Nancy 0 Paris St Germain 0", "Empoli 1 Milan 1")
    person = run.lower() in lay.person_names or norm(run) in lexicon.people
    two_sides = (j + 1 < n and lay.flags.name_word[j + 1]) or (i > 0 and _SCORE.match(doc[i - 1].text))
    if lay.team_sport and two_sides:
        return TEAM
    return None if person else "ORG"


def _fixture(lay: Layout, i: int, j: int) -> str | None:
    """ "Essex v Kent": a fixture between teams ("Roe v. Wade" is a court case)."""
    doc, n = lay.ctx.doc, len(lay.ctx.doc)
    if (
        ((j < n and doc[j].lower_ in ("v", "vs")) or (i > 0 and doc[i - 1].lower_ in ("v", "vs")))
        and not lay.lexicon.country_of(span_text(doc, i, j))
        and not _INITIAL.match(doc[i].text)
    ):
        return "ORG"
    return None


def _date_at(doc, k: int) -> bool:
    """A wire date at token k: "1996-08-30", or the same split at its hyphens."""
    n = len(doc)
    if k < n and _DATE.match(doc[k].text):
        return True
    return (
        k + 4 < n
        and _YEAR.match(doc[k].text) is not None
        and [doc[k + 1].text, doc[k + 3].text] == ["-", "-"]
        and doc[k + 2].text.isdigit()
        and doc[k + 4].text.isdigit()
    )


def _dateline(lay: Layout, i: int, j: int) -> str | None:
    """``CITY 1996-08-30`` or ``CITY , Region 1996-08-30`` (a wire dateline): a place."""
    doc = lay.ctx.doc
    if not span_text(doc, i, j, lay.ctx.text).isupper():
        return None
    k = j
    if k < len(doc) and doc[k].text == ",":  # "KHASAVYURT , Russia 1996-08-31"
        k += 1
        while k < len(doc) and k - j <= _REGION_WORDS and lay.flags.name_word[k]:
            k += 1
    return "GPE" if _date_at(doc, k) else None


def _not_a_person(lay: Layout, i: int, j: int) -> bool:
    """A country, a listed place or organisation, a calendar word or a competition's head."""
    doc, lexicon = lay.ctx.doc, lay.lexicon
    n = norm(span_text(doc, i, j))
    return (
        bool(lexicon.country_of(n))
        or n in lexicon.places
        or n in lexicon.capitals
        or n in lexicon.orgs
        or any(t.lower_ in lexicon.not_a_name or t.lower_ in lexicon.event_heads for t in doc[i:j])
    )


def _shirt_number(lay: Layout, i: int, j: int) -> str | None:
    """A team sheet: ``7 - Didier Deschamps`` (a shirt number and a dash before the name)."""
    doc = lay.ctx.doc
    if i >= 2 and doc[i - 1].text == "-" and _SHIRT.match(doc[i - 2].text) and not _not_a_person(lay, i, j):
        return "PERSON"
    return None


def _goal_minute(lay: Layout, i: int, j: int) -> str | None:
    """A scorer or substitute with the minute: ``Cosmin Contra ( 31st )``, ``( Sabri Lamouchi
    87th )``, ``( Corentine Martins , 22nd minute )``."""
    doc, n = lay.ctx.doc, len(lay.ctx.doc)
    k = j + 1 if j < n and doc[j].text in ("(", ",") else j
    if (
        k < n
        and _ORDINAL.match(doc[k].text)
        and (k + 1 == n or not doc[k + 1].is_alpha or doc[k + 1].lower_ in _MINUTE)
        and not _not_a_person(lay, i, j)
    ):
        return "PERSON"
    return None


def _venue(lay: Layout, i: int, j: int) -> str | None:
    """In a team-sports story, the name after "at" is the venue, a place ("At Chesterfield :",
    "BOSTON AT OAKLAND", "( at Headingley )"), unless a listed organisation."""
    doc, lexicon = lay.ctx.doc, lay.lexicon
    if (
        i > 0
        and doc[i - 1].lower_ == "at"
        and lay.team_sport
        and norm(span_text(doc, i, j)) not in lexicon.orgs
        and not (j < len(doc) and doc[j].is_lower and doc[j].pos_ == "NOUN")
    ):
        return "GPE"
    return None


def _place_of(lay: Layout, i: int, j: int) -> str | None:
    """ "the town of Uyo", "the province of Michoacan": a place after a place noun and "of"."""
    doc = lay.ctx.doc
    if i > 1 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in lay.lexicon.place_heads_of:
        return "GPE"
    return None


def _club_in_brackets(lay: Layout, i: int, j: int) -> str | None:
    """In a team-sports story, the bracket after a player's name is the club ("Ronald de Boer
    ( Ajax )"); a country there is the nationality (`_nationality`)."""
    doc, n = lay.ctx.doc, len(lay.ctx.doc)
    if (
        lay.team_sport
        and i >= 2
        and doc[i - 1].text == "("
        and j < n
        and doc[j].text == ")"
        and doc[i - 2].lower_ in lay.person_names
        and not lay.lexicon.country_of(span_text(doc, i, j))
    ):
        return "ORG"
    return None


def _after_nationality(lay: Layout, i: int) -> bool:
    """Does the run at token i follow a name and its bracketed country ("Skibby ( Denmark )"),
    directly or after a comma ("Vasser ( U.S. ) , Reynard Honda")?"""
    doc = lay.ctx.doc
    k = i - 1 if i > 0 and doc[i - 1].text == "," else i
    return (
        k >= 4
        and doc[k - 1].text == ")"
        and doc[k - 3].text == "("
        and bool(lay.lexicon.country_of(doc[k - 2].text))
        and lay.flags.name_word[k - 4]
    )


def _team_of_rider(lay: Layout, i: int, j: int) -> str | None:
    """A results row of riders or drivers: the name after a competitor and their country,
    then a time or a number, is their team ("Jesper Skibby ( Denmark ) TVM 1:33", "Jimmy
    Vasser ( U.S. ) , Reynard Honda , 54.617"), unless a person's name."""
    doc, n = lay.ctx.doc, len(lay.ctx.doc)
    k = j + 1 if j < n and doc[j].text == "," and i > 0 and doc[i - 1].text == "," else j
    if (
        k < n
        and lay.flags.number[k]
        and _after_nationality(lay, i)
        and span_text(doc, i, j).lower() not in lay.person_names
        and norm(span_text(doc, i, j)) not in lay.lexicon.people
        and not lay.lexicon.country_of(span_text(doc, i, j))
    ):
        return "ORG"
    return None


def _glued(doc, j: int, most: int = 8) -> str:
    """The text from token j to the next space ("9-0-49-1", however the tokenizer split it)."""
    out, k = [], j
    while k < len(doc) and k - j < most:
        out.append(doc[k].text)
        if doc[k].whitespace_:
            break
        k += 1
    return "".join(out)


def _scorecard(lay: Layout, i: int, j: int) -> str | None:
    """A cricket scorecard: the batsman before his dismissal ("Wasim Akram c Knight b Croft",
    "lbw", "st"), the fielder after "c" and the bowler after "b", and a bowler before his
    figures ("Dharmasena 9-0-49-1") are people."""
    doc, n = lay.ctx.doc, len(lay.ctx.doc)
    if not lay.team_sport or _not_a_person(lay, i, j) or glued_hyphen(doc, j) or glued_hyphen(doc, i - 1):
        return None  # a piece of "Ata-ur-Rehman": the model's span stays
    before = doc[i - 1].text if i > 0 else ""
    after = doc[j].text if j < n else ""
    if before in _DISMISSAL or after in _DISMISSAL or _FIGURES.match(_glued(doc, j)):
        return "PERSON"
    return None


LAYOUT_RULES = (
    _nationality,
    _initials,
    _scorecard,
    _scored_team,
    _fixture,
    _dateline,
    _shirt_number,
    _goal_minute,
    _venue,
    _place_of,
    _club_in_brackets,
    _team_of_rider,
)


def _caps_cut(doc, j: int, lexicon: ActorLexicon) -> bool:
    """ "AT" in "BOSTON AT OAKLAND": an upper-case small word ends a run."""
    return doc[j].text.isupper() and doc[j].lower_ in lexicon.caps_cut_words


def _run_end(doc, flags: TokenFlags, i: int, lexicon: ActorLexicon) -> int:
    """End of the run of name words from token i ("Bank of England"; not across sentences)."""
    n = len(doc)
    j = i
    while j < n and (
        flags.name_word[j] or (doc[j].lower_ in _RUN_JOINERS and j + 1 < n and flags.name_word[j + 1] and j > i)
    ):
        if j > i and (doc[j].is_sent_start or _caps_cut(doc, j, lexicon)):
            break
        if j + 2 < n and glued_hyphen(doc, j + 1, caps_only=True):  # "Anne-Gaelle Sidot"
            j += 2
        j += 1
    return j


def pattern_entities(ctx, flags: TokenFlags, lexicon: ActorLexicon) -> list[tuple[int, int, str]]:
    """(start, end, label) of every name run a `LAYOUT_RULES` rule labels."""
    doc = ctx.doc
    persons = [e for e in ctx.ents if e.label_ == "PERSON" and len(e) >= 2]
    person_names = {ctx.text_of(e).lower() for e in persons} | {e[-1].lower_ for e in persons}
    lay = Layout(ctx, flags, lexicon, person_names, lexicon.team_sport_story(doc))
    out = []
    next_i = 0
    for i in np.flatnonzero(flags.name_word).tolist():  # a run starts at a name word
        if (
            i < next_i
            or doc[i].lower_ in ("the", "a", "an")
            or _caps_cut(doc, i, lexicon)
            or (doc[i].is_sent_start and doc[i].lower_ in lexicon.caps_cut_words)
        ):  # "At Lowbridge :"
            continue
        j = _run_end(doc, flags, i, lexicon)
        label = next((lab for rule in LAYOUT_RULES if (lab := rule(lay, i, j))), None)
        if label:
            out.append((i, j, label))
        next_i = max(j, i + 1)
    return out
