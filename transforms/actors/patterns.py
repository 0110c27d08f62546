"""Layout patterns: name runs whose label the local layout decides, whatever the model said
(newswire conventions the small model misses, esp. in tables and upper-case lines).
`LAYOUT_RULES` are tried in order on each run of name words; the first label wins."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from transforms.actors.lexicon import ActorLexicon, norm
from transforms.actors.tokens import TokenFlags, glued_hyphen

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
    press_digest: bool = False  # the wire slug is a press review's ("PRESS DIGEST - ...")
    line_starts: np.ndarray | None = None  # token index of the start of each token's line

    def __post_init__(self):
        self.toks = self.ctx.toks
        self.words, self.lowers, self.n = self.toks.words, self.toks.lowers, len(self.toks.words)

    def line_of(self, i: int) -> tuple[int, int]:
        """Token bounds of the line of token i (a table row is a line, whatever sentence the
        parser saw)."""
        if self.line_starts is None:
            self.line_starts = _line_starts(self.flags.newline)
        s = int(self.line_starts[i])
        return s, int(np.searchsorted(self.line_starts, s, side="right"))


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
    words, n = lay.words, lay.n
    if (
        j < n
        and words[j] == "("
        and j + 2 < n
        and words[j + 2] == ")"
        and lay.lexicon.country_of(words[j + 1])
        and not lay.lexicon.country_of(lay.toks.span_text(i, j))
    ):
        score = j + 3 < n and _SCORE.match(words[j + 3]) and (lay.toks.spaced[j + 3] or j + 4 == n)
        return "ORG" if score else "PERSON"  # a set score ("6-2") follows a player
    return None


def _initials(lay: Layout, i: int, j: int) -> str | None:
    """``I. Name`` (initials then a capitalised word): a person ("M. Gatting")."""
    last = lay.words[j - 1]
    if (
        j - i >= 2
        and _INITIAL.match(lay.words[i])
        and last[:1].isupper()
        and not _INITIAL.match(last)
        and len(last) > 1
    ):
        return "PERSON"
    return None


def _numeric(lay: Layout, start: int, end: int) -> bool:
    """Are tokens start..end many bare numbers (a quarter of the words, space tokens aside)?"""
    nums = int(lay.flags.number[start:end].sum())
    words = sum(1 for w in lay.words[start:end] if not w.isspace())
    return nums >= 2 and nums >= 0.25 * words


def _results_line(lay: Layout, i: int) -> bool:
    """A sports/markets table row: many bare numbers ("Pohang 3 Ulsan 2", "Essex 372"), in
    the token's sentence or its line (the parser may run table rows together)."""
    return _numeric(lay, *lay.ctx.sent_bounds(i)) or _numeric(lay, *lay.line_of(i))


def _scored_team(lay: Layout, i: int, j: int) -> str | None:
    """In a results line, a name followed by a score ("Essex 372", "Pohang 3") is a team, i.e.
    an organisation (countries stay countries: national sides are coded as the country); in a
    team-sports fixture even when the model took it for a person ("Nancy 0 Paris St Germain 0")."""
    words, n, lexicon = lay.words, lay.n, lay.lexicon
    if not (j < n and _SCORE.match(words[j]) and _results_line(lay, i)):
        return None
    run = lay.toks.span_text(i, j)
    if lexicon.country_of(run) or (j + 1 < n and lay.lowers[j + 1] in _PERCENT):
        return None
    # a person with a score ("Tiger Woods 70"), unless, in a team-sports story, the line pairs
    # two scored sides ("Nancy 0 Paris St Germain 0", "Empoli 1 Milan 1")
    person = run.lower() in lay.person_names or norm(run) in lexicon.people
    two_sides = (j + 1 < n and lay.flags.name_word_list[j + 1]) or (i > 0 and _SCORE.match(words[i - 1]))
    if lay.team_sport and two_sides:
        return TEAM
    return None if person else "ORG"


def _fixture(lay: Layout, i: int, j: int) -> str | None:
    """ "Essex v Kent": a fixture between teams ("Roe v. Wade" is a court case)."""
    low = lay.lowers
    if (
        ((j < lay.n and low[j] in ("v", "vs")) or (i > 0 and low[i - 1] in ("v", "vs")))
        and not lay.lexicon.country_of(lay.toks.span_text(i, j))
        and not _INITIAL.match(lay.words[i])
    ):
        return "ORG"
    return None


def _date_at(words: list[str], k: int) -> bool:
    """A wire date at token k: "1996-08-30", or the same split at its hyphens."""
    n = len(words)
    if k < n and _DATE.match(words[k]):
        return True
    return (
        k + 4 < n
        and _YEAR.match(words[k]) is not None
        and [words[k + 1], words[k + 3]] == ["-", "-"]
        and words[k + 2].isdigit()
        and words[k + 4].isdigit()
    )


def _dateline(lay: Layout, i: int, j: int) -> str | None:
    """``CITY 1996-08-30`` or ``CITY , Region 1996-08-30`` (a wire dateline): a place."""
    if not lay.toks.span_text(i, j).isupper():
        return None
    k = j
    if k < lay.n and lay.words[k] == ",":  # "KHASAVYURT , Russia 1996-08-31"
        k += 1
        while k < lay.n and k - j <= _REGION_WORDS and lay.flags.name_word_list[k]:
            k += 1
    return "GPE" if _date_at(lay.words, k) else None


def _not_a_person(lay: Layout, i: int, j: int) -> bool:
    """A country, a listed place or organisation, a calendar word or a competition's head."""
    lexicon = lay.lexicon
    n = norm(lay.toks.span_text(i, j))
    return (
        bool(lexicon.country_of(n))
        or n in lexicon.places
        or n in lexicon.capitals
        or n in lexicon.orgs
        or any(w in lexicon.not_a_name or w in lexicon.event_heads for w in lay.lowers[i:j])
    )


def _shirt_number(lay: Layout, i: int, j: int) -> str | None:
    """A team sheet: ``7 - Didier Deschamps`` (a shirt number and a dash before the name)."""
    words = lay.words
    if i >= 2 and words[i - 1] == "-" and _SHIRT.match(words[i - 2]) and not _not_a_person(lay, i, j):
        return "PERSON"
    return None


def _goal_minute(lay: Layout, i: int, j: int) -> str | None:
    """A scorer or substitute with the minute: ``Cosmin Contra ( 31st )``, ``( Sabri Lamouchi
    87th )``, ``( Corentine Martins , 22nd minute )``."""
    words, n = lay.words, lay.n
    k = j + 1 if j < n and words[j] in ("(", ",") else j
    if (
        k < n
        and _ORDINAL.match(words[k])
        and (k + 1 == n or not words[k + 1].isalpha() or lay.lowers[k + 1] in _MINUTE)
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
        and lay.lowers[i - 1] == "at"
        and lay.team_sport
        and norm(lay.toks.span_text(i, j)) not in lexicon.orgs
        and not (j < lay.n and lay.words[j].islower() and doc[j].pos_ == "NOUN")
    ):
        return "GPE"
    return None


def _visitor(lay: Layout, i: int, j: int) -> str | None:
    """In a team-sports story, a schedule line "BOSTON AT OAKLAND" names the visiting team
    first, an organisation (the venue after "at" is `_venue`'s)."""
    if not (lay.team_sport and j + 1 < lay.n and lay.lowers[j] == "at"):
        return None
    start, end = lay.line_of(i)
    rest = range(j + 1, end)
    if start != i or not rest or lay.lexicon.country_of(lay.toks.span_text(i, j)):
        return None
    return "ORG" if all(lay.flags.name_word_list[k] or lay.words[k].isspace() for k in rest) else None


def _headline_side(lay: Layout, i: int, j: int) -> str | None:
    """In a team-sports story, an upper-case name next to a result verb is a side ("WIGAN
    BEAT BRADFORD", "AS RANGERS BEAT INDIANS"), an organisation unless a country."""
    verbs, low = lay.lexicon.result_verbs, lay.lowers
    if not (lay.team_sport and lay.toks.span_text(i, j).isupper()):
        return None
    beside = (j < lay.n and low[j] in verbs and lay.words[j].isupper()) or (
        i > 0 and low[i - 1] in verbs and lay.words[i - 1].isupper()
    )
    return "ORG" if beside and not lay.lexicon.country_of(lay.toks.span_text(i, j)) else None


def _newspaper_title(lay: Layout, i: int, j: int) -> str | None:
    """In a press review, an upper-case line that is only a name is the newspaper whose
    stories follow ("KOMPAS", "LE TEMPS", "JAKARTA POST")."""
    if not (lay.press_digest and lay.toks.span_text(i, j).isupper()):
        return None
    start, end = lay.line_of(i)
    return "ORG" if start == i and all(lay.words[k].isspace() for k in range(j, end)) else None


def _place_of(lay: Layout, i: int, j: int) -> str | None:
    """ "the town of Uyo", "the province of Michoacan": a place after a place noun and "of"."""
    if i > 1 and lay.lowers[i - 1] == "of" and lay.lowers[i - 2] in lay.lexicon.place_heads_of:
        return "GPE"
    return None


def _club_in_brackets(lay: Layout, i: int, j: int) -> str | None:
    """In a team-sports story, the bracket after a player's name is the club ("Ronald de Boer
    ( Ajax )"); a country there is the nationality (`_nationality`)."""
    words = lay.words
    if (
        lay.team_sport
        and i >= 2
        and words[i - 1] == "("
        and j < lay.n
        and words[j] == ")"
        and lay.lowers[i - 2] in lay.person_names
        and not lay.lexicon.country_of(lay.toks.span_text(i, j))
    ):
        return "ORG"
    return None


def _after_nationality(lay: Layout, i: int) -> bool:
    """Does the run at token i follow a name and its bracketed country ("Skibby ( Denmark )"),
    directly or after a comma ("Vasser ( U.S. ) , Reynard Honda")?"""
    words = lay.words
    k = i - 1 if i > 0 and words[i - 1] == "," else i
    return (
        k >= 4
        and words[k - 1] == ")"
        and words[k - 3] == "("
        and bool(lay.lexicon.country_of(words[k - 2]))
        and lay.flags.name_word_list[k - 4]
    )


def _team_of_rider(lay: Layout, i: int, j: int) -> str | None:
    """A results row of riders or drivers: the name after a competitor and their country,
    then a time or a number, is their team ("Jesper Skibby ( Denmark ) TVM 1:33", "Jimmy
    Vasser ( U.S. ) , Reynard Honda , 54.617"), unless a person's name."""
    words, n = lay.words, lay.n
    k = j + 1 if j < n and words[j] == "," and i > 0 and words[i - 1] == "," else j
    if (
        k < n
        and lay.flags.number_list[k]
        and _after_nationality(lay, i)
        and lay.toks.span_text(i, j).lower() not in lay.person_names
        and norm(lay.toks.span_text(i, j)) not in lay.lexicon.people
        and not lay.lexicon.country_of(lay.toks.span_text(i, j))
    ):
        return "ORG"
    return None


def _glued(toks, j: int, most: int = 8) -> str:
    """The text from token j to the next space ("9-0-49-1", however the tokenizer split it)."""
    out, k = [], j
    while k < len(toks.words) and k - j < most:
        out.append(toks.words[k])
        if toks.spaced[k]:
            break
        k += 1
    return "".join(out)


def _scorecard(lay: Layout, i: int, j: int) -> str | None:
    """A cricket scorecard: the batsman before his dismissal ("Wasim Akram c Knight b Croft",
    "lbw", "st"), the fielder after "c" and the bowler after "b", and a bowler before his
    figures ("Dharmasena 9-0-49-1") are people."""
    toks = lay.toks
    if not lay.team_sport or _not_a_person(lay, i, j) or glued_hyphen(toks, j) or glued_hyphen(toks, i - 1):
        return None  # a piece of "Ata-ur-Rehman": the model's span stays
    before = lay.words[i - 1] if i > 0 else ""
    after = lay.words[j] if j < lay.n else ""
    if before in _DISMISSAL or after in _DISMISSAL or _FIGURES.match(_glued(toks, j)):
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
    _visitor,
    _headline_side,
    _newspaper_title,
    _place_of,
    _club_in_brackets,
    _team_of_rider,
)


def _caps_cut(toks, j: int, lexicon: ActorLexicon) -> bool:
    """ "AT" in "BOSTON AT OAKLAND": an upper-case small word ends a run."""
    return toks.words[j].isupper() and toks.lowers[j] in lexicon.caps_cut_words


def _run_end(toks, flags: TokenFlags, i: int, lexicon: ActorLexicon) -> int:
    """End of the run of name words from token i ("Bank of England"; not across sentences)."""
    low, name_word = toks.lowers, flags.name_word_list
    n = len(low)
    j = i
    while j < n and (name_word[j] or (low[j] in _RUN_JOINERS and j + 1 < n and name_word[j + 1] and j > i)):
        if j > i and (toks.sent_starts[j] or _caps_cut(toks, j, lexicon)):
            break
        if j + 2 < n and glued_hyphen(toks, j + 1, caps_only=True):  # "Anne-Gaelle Sidot"
            j += 2
        j += 1
    return j


def pattern_entities(ctx, flags: TokenFlags, lexicon: ActorLexicon) -> list[tuple[int, int, str]]:
    """(start, end, label) of every name run a `LAYOUT_RULES` rule labels."""
    toks, low = ctx.toks, ctx.toks.lowers
    persons = [e for e in ctx.ents if e.label_ == "PERSON" and len(e) >= 2]
    person_names = {ctx.text_of(e).lower() for e in persons} | {low[e.end - 1] for e in persons}
    lay = Layout(ctx, flags, lexicon, person_names, lexicon.team_sport_story(ctx.doc), lexicon.press_digest(ctx.doc))
    out = []
    next_i = 0
    for i in np.flatnonzero(flags.name_word).tolist():  # a run starts at a name word
        if (
            i < next_i
            or low[i] in ("the", "a", "an")
            or _caps_cut(toks, i, lexicon)
            or (toks.sent_starts[i] and low[i] in lexicon.caps_cut_words)
        ):  # "At Lowbridge :"
            continue
        j = _run_end(toks, flags, i, lexicon)
        for rule in LAYOUT_RULES:
            label = rule(lay, i, j)
            if label:
                break
        if label:
            out.append((i, j, label))
        next_i = max(j, i + 1)
    return out
