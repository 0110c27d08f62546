"""Name rules of news copy (`spans.ENTITY_RULES` runs them on the article's entity table):
calendar words and section slugs are no names, a competition ("UEFA Cup") is an event, a
demonym before a person's name is the person's nationality ("American Dennis Mitchell"), a
geographic word makes a name a place ("Punta Tombo"), in a team-sports story a place or
building used as a side and a nickname after "the" ("the Royals") are teams, and the Phoenix
dictionaries name the people and organisations the model left untagged. The words are `actor_extras.csv` and the
reference tables, read through `ActorLexicon`."""

from __future__ import annotations

import numpy as np

from transforms.actors.lexicon import ActorLexicon, norm

EVENT = "EVENT"  # not an actor label: `spans.entities` drops it after the rules ran


def _replace(t, old: tuple[int, int, str], new: list[tuple[int, int, str]]) -> None:
    """Swap one entry of the table for others (a forced entry stays forced)."""
    t.ents.remove(old)
    t.ents.extend(new)
    if old in t.forced:
        t.forced.remove(old)
        t.forced.extend(new)


def calendar_and_slugs(t, lexicon: ActorLexicon) -> None:
    """Month and weekday names, sports slugs ("SOCCER - ...") and table words ("Attendance")
    are no names: trimmed from a name's edges ("[The] August Chicago NAPM"), dropped when
    alone."""
    low, words = t.ctx.toks.lowers, lexicon.not_a_name
    for s, e, lab in list(t.ents):
        a, b = s, e
        if b - a > 2 and low[a] in ("the", "a", "an") and low[a + 1] in lexicon.calendar_words:  # the article goes too
            a += 1
        while a < b and low[a] in words:
            a += 1
        while b > a and low[b - 1] in words:
            b -= 1
        if (a, b) != (s, e):
            _replace(t, (s, e, lab), [(a, b, lab)] if b > a else [])


def competitions(t, lexicon: ActorLexicon) -> None:
    """A name ending in a competition's head ("UEFA Cup", "PGA Tour", "Berlin Grand Prix"; in
    sports copy "National League"), or followed by one outside the entity ("U.S." + "OPEN"),
    names an event, not an actor."""
    toks, heads = t.ctx.toks, lexicon.event_heads
    low, sent_starts = toks.lowers, toks.sent_starts
    if lexicon.team_sport_story(t.ctx.doc):  # "National League", "EASTERN DIVISION" in sports copy
        heads = heads | lexicon.sport_event_heads
    taken = {k for s, e, _ in t.ents for k in range(s, e)}
    for s, e, lab in list(t.ents):
        if lab == "PERSON" and e - s >= 2 and low[e - 1] not in ("open", "cup"):
            continue  # "Tiger Woods", and a person whose surname is a head word ("John Masters")
        if low[e - 1] in heads and (e - s >= 2 or not sent_starts[s]):
            _replace(t, (s, e, lab), [(s, e, EVENT)])
        elif e < len(low) and e not in taken and low[e] in heads and toks.words[e][:1].isupper() and not sent_starts[e]:
            _replace(t, (s, e, lab), [(s, e + 1, EVENT)])


def _person_words(t) -> set[str]:
    low = t.ctx.toks.lowers
    return {low[k] for s, e, lab in t.ents if lab == "PERSON" for k in range(s, e)}


def demonym_before_name(t, lexicon: ActorLexicon) -> None:
    """ "American Dennis Mitchell", "Australian Rodney Eyles": a demonym the model put inside a
    name is a NORP before it; the rest is a person when its surname is a person's elsewhere
    in the article ("British Airways", "Irish Republican Army" stay whole)."""
    toks = t.ctx.toks
    person_words = None
    for s, e, lab in list(t.ents):
        if (
            lab not in ("PERSON", "ORG")
            or e - s < 3
            or norm(toks.words[s]) not in lexicon.demonyms
            or lexicon.country_names.get(norm(toks.words[s]))
        ):
            continue
        if not all(t.flags.capitalised[k] for k in range(s + 1, e)):
            continue
        if person_words is None:
            person_words = _person_words(t)
        if lab == "PERSON" or toks.lowers[e - 1] in person_words:
            _replace(t, (s, e, lab), [(s, s + 1, "NORP"), (s + 1, e, "PERSON")])


def place_words(t, lexicon: ActorLexicon) -> None:
    """A person or organisation name that begins or ends with a geographic word is a place
    ("Punta Tombo", "Grace Road", "Brown Deer Park") unless an organisation word ends it or
    a layout rule made it a team ("Notts County 0")."""
    toks = t.ctx.toks
    for s, e, lab in list(t.ents):
        if (
            lab not in ("PERSON", "ORG")
            or e - s < 2
            or (s, e, lab) in t.forced
            or norm(toks.span_text(s, e)) in lexicon.orgs
        ):
            continue
        last = toks.lowers[e - 1]
        if last in lexicon.org_cue_after or last in lexicon.agents:
            continue
        if toks.lowers[s] in lexicon.place_heads_before or last in lexicon.place_heads_after:
            _replace(t, (s, e, lab), [(s, e, "LOC")])


def _listed_person(n: str, lexicon: ActorLexicon) -> bool:
    """A name of two words or more in the people list that is no place or body (Phoenix files
    "Faroe Islands" and "Palestinian Authority" among its actors)."""
    words = n.split()
    return (
        len(words) >= 2
        and n in lexicon.people
        and n not in lexicon.orgs
        and n not in lexicon.places
        and not lexicon.country_of(n)
        and words[-1] not in lexicon.place_heads_after
        and words[0] not in lexicon.place_heads_before
        and not lexicon.agent_sector(words)
    )


def _dictionary_label(toks, s: int, e: int, lexicon: ActorLexicon) -> str | None:
    n = norm(toks.span_text(s, e))
    if _listed_person(n, lexicon):
        return "PERSON"
    if n in lexicon.orgs and (e - s >= 2 or (toks.words[s].isupper() and len(n) >= 3)) and not lexicon.country_of(n):
        return "ORG"
    return None


def dictionary_names(t, lexicon: ActorLexicon) -> None:
    """Phoenix people and organisations: an untagged capitalised run that is one gets its
    label ("Boutros Boutros-Ghali", "Hamas"); a place the model named that is a listed person
    is a person (a person of two words or more: namesakes are many; an ORG stays: Phoenix
    lists bodies such as "Federal Reserve" among its people)."""
    toks, flags = t.ctx.toks, t.flags
    for idx, (s, e, lab) in enumerate(t.ents):
        if (
            lab in ("GPE", "LOC", "FAC", "NORP")
            and (s, e, lab) not in t.forced
            and _dictionary_label(toks, s, e, lexicon) == "PERSON"
        ):
            t.ents[idx] = (s, e, "PERSON")
    for i in np.flatnonzero(flags.capitalised & ~t.occupied[: len(toks.lowers)]).tolist():
        if t.occupied[i]:
            continue
        for n in t.free_runs(i, ("of", "the", "for", "and", "-")):
            lab = _dictionary_label(toks, i, i + n, lexicon)
            if lab:
                t.take(i, i + n, lab)
                break


_TEAM_ROLES = ("nsubj", "nsubjpass", "poss", "dobj", "appos")
_TEAM_PREPS = ("for", "against", "over", "by", "to", "with", "beat", "v", "vs")


def _side(doc, s: int, e: int) -> str | None:
    """ "ORG" when the name is used as a side (a subject, an object, "for X", "X 's player"),
    "GPE" when as a venue ("in Pittsburgh", "at Chesterfield"), else None. Coordinated names
    share the first one's role."""
    root = doc[s:e].root
    while root.dep_ == "conj" and root.head.i < s:
        root = root.head
    if root.dep_ in _TEAM_ROLES or (root.dep_ == "pobj" and root.head.lower_ in _TEAM_PREPS):
        return "ORG"
    return "GPE" if root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "near") else None


def sports_teams(t, lexicon: ActorLexicon) -> None:
    """In a team-sports story (the wire slug: "SOCCER - ...", "CRICKET - ..."), a city, county
    or what the model took for a building ("Rotor") used as a side is its team, an organisation
    ("Essex reached 372", "Baltimore 's Eddie Murray"; a listed city the model took for a
    person, a county it took for a people, too), and stays a place as a venue; the majority
    vote spreads the label to the name's other mentions. Countries stay places (national
    sides are coded as the country)."""
    doc, toks = t.ctx.doc, t.ctx.toks
    if not lexicon.team_sport_story(doc):
        return
    for idx, (s, e, lab) in enumerate(t.ents):
        n = norm(toks.span_text(s, e))
        place = lab in ("GPE", "LOC", "FAC") or (lab == "PERSON" and n in lexicon.places)  # "Leeds" as PERSON
        county = lab == "NORP" and n not in lexicon.demonyms  # "Essex" as NORP: a side, never a venue
        if (
            not (place or county)
            or (s, e, lab) in t.forced
            or toks.span_text(s, e).isupper()
            or lexicon.country_of(n)
            or (e - s > 1 and n not in lexicon.places)
        ):
            continue
        side = _side(doc, s, e)
        if side == "ORG" or (side and place):
            t.ents[idx] = (s, e, side)
            t.forced.append((s, e, side))


def listed_place_not_person(t, lexicon: ActorLexicon) -> None:
    """A one-word PERSON that is a listed city or capital ("Grozny", "AMSTERDAM" in a dateline)
    is the place, unless it is a word of a longer person name in the article ("Dominic Cork")
    or a demonym ("Briton")."""
    toks = t.ctx.toks
    low = toks.lowers
    name_words = {low[k] for s, e, lab in t.ents if lab == "PERSON" and e - s >= 2 for k in range(s, e)}
    for idx, (s, e, lab) in enumerate(t.ents):
        if lab != "PERSON" or e - s != 1 or (s, e, lab) in t.forced or low[s] in name_words:
            continue
        n = norm(toks.words[s])
        if (n in lexicon.capitals or n in lexicon.places) and not lexicon.country_of(n):
            t.ents[idx] = (s, e, "GPE")


_NAME_MAX = 4  # words of a name after a title


def _titled_run(toks, flags, i: int, lexicon: ActorLexicon) -> tuple[int, int] | None:
    """The untagged name run after the title head at token i: title words skipped, then one to
    `_NAME_MAX` capitalised proper nouns that are no country, title or agent word."""
    words, low, n = toks.words, toks.lowers, len(toks.words)
    k = i + 1
    while k < n and low[k] in lexicon.title_words and words[k][:1].isupper():
        k += 1
    e = k
    while (
        e < n
        and e - k < _NAME_MAX
        and flags.name_word_list[e]
        and toks.doc[e].pos_ == "PROPN"
        and not toks.sent_starts[e]
        and low[e] not in lexicon.title_words
        and not lexicon.country_of(words[e])
        and low[e] not in lexicon.agents
    ):
        e += 1
    if e == k or (e < n and flags.name_word_list[e]):
        return None  # nothing, or a longer capitalised run than a name
    return k, e


def titled_names(t, lexicon: ActorLexicon) -> None:
    """ "the resignation of Governor Ricardo Rosselló Nevares": a capitalised title head (one
    with a sector) in mixed-case text, then capitalised proper nouns the model left untagged,
    is a titled person. Not after an article ("the President Hotel")."""
    toks, flags = t.ctx.toks, t.flags
    low = toks.lowers
    for i in np.flatnonzero(flags.capitalised & ~t.occupied[: len(low)]).tolist():
        if (
            not lexicon.title_sectors.get(low[i])
            or toks.words[i].isupper()
            or t.occupied[i]
            or (i > 0 and low[i - 1] in ("the", "a", "an"))
        ):
            continue
        run = _titled_run(toks, flags, i, lexicon)
        if run and t.free(*run):
            t.take(*run, "PERSON")


_NICKNAME_MAX = 2  # words of a team's nickname ("Blue Jays", "All Blacks")


def _nickname_at(t, i: int, lexicon: ActorLexicon) -> int | None:
    """The end of a team nickname starting at token i ("the Royals", "the Blue Jays"): one or
    two capitalised words after "the", the last a plural proper noun, and no country, people,
    place or competition."""
    toks, flags = t.ctx.toks, t.flags
    words = toks.words
    e = i
    while e < len(words) and e - i < _NICKNAME_MAX and flags.name_word_list[e] and not words[e].isupper():
        e += 1
    if e == i or (e < len(words) and flags.name_word_list[e]) or not t.free(i, e):
        return None
    last = toks.lowers[e - 1]
    n = norm(toks.span_text(i, e))
    if (
        toks.doc[e - 1].tag_ != "NNPS"
        or not last.endswith("s")
        or lexicon.country_of(n)
        or n in lexicon.places
        or last in lexicon.event_heads
        or last in lexicon.not_a_name
        or last in lexicon.place_heads_after  # "the Faroe Islands"
    ):
        return None
    return e


def team_nicknames(t, lexicon: ActorLexicon) -> None:
    """In a team-sports story, "the Royals", "the Blue Jays" the model left untagged or took for
    a place are teams (organisations)."""
    low = t.ctx.toks.lowers
    if not lexicon.team_sport_story(t.ctx.doc):
        return
    for s, e, lab in list(t.ents):  # the model's places that are nicknames
        if lab in ("GPE", "LOC", "FAC", "NORP") and s > 0 and low[s - 1] == "the":
            t.occupied[s:e] = False
            if _nickname_at(t, s, lexicon) == e:
                _replace(t, (s, e, lab), [(s, e, "ORG")])
            else:
                t.occupied[s:e] = True
    for i in range(1, len(low)):
        if low[i - 1] == "the" and t.free(i, i + 1):
            e = _nickname_at(t, i, lexicon)
            if e:
                t.take(i, e, "ORG")
