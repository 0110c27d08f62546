"""Entity spans one at a time: each of the article's entities (`spans.entities`) trimmed to
the name, then `SPAN_RULES` in order: drop what is no name ("Education" in "Education
Minister"), relabel what the model mislabelled ("Korea" tagged PERSON, "State Pompeo" tagged
ORG, "Ukrainian" tagged GPE, "Tajikistan" tagged NORP)."""

from __future__ import annotations

from transforms.actors.lexicon import ActorLexicon, norm
from transforms.actors.spans import Span, entities
from transforms.actors.titles import title_head_before
from transforms.actors.tokens import TokenFlags, capitalised

NAME_HYPHENS = ("-", "‐")


def trim(toks, start: int, end: int, label: str, lexicon: ActorLexicon) -> Span:
    """Drop a leading 'the', trailing possessive/punctuation and (PERSON) leading titles."""
    words, low, doc = toks.words, toks.lowers, toks.doc
    swallowed = []
    while start < end and low[start] in ("the", "a", "an"):
        start += 1
    while end > start and (
        words[end - 1] in ("'s", "’s", "'", "’") or (doc[end - 1].is_punct and words[end - 1] != ".")
    ):
        end -= 1
    if label == "PERSON":
        while end - start > 1 and low[start] in lexicon.title_words:
            swallowed.append(toks.doc[start])
            start += 1
    return Span(start, end, label, swallowed)


def _is_a_name(toks, sp: Span, lexicon: ActorLexicon) -> bool:
    """Lower-case "state" or "president" is no name, nor "State" in "Secretary of State" or
    "State legislators", nor a row of single letters (a table's header: "W L PCT")."""
    if not any(c.isupper() for c in toks.span_text(sp.start, sp.end)) or all(
        len(w) == 1 for w in toks.words[sp.start : sp.end]
    ):
        return False
    if sp.end - sp.start != 1 or toks.lowers[sp.start] not in lexicon.title_modifiers:
        return True
    tok = toks.doc[sp.start]
    modifies_a_noun = (
        tok.dep_ in ("compound", "amod")
        and tok.head.i == sp.end
        and tok.head.text.islower()
        and norm(tok.text) not in lexicon.orgs  # "U.N. envoy", "US troops" keep their names
        and not lexicon.country_of(tok.text)
    )
    return not (title_head_before(toks, sp.start, lexicon) or modifies_a_noun)  # "State legislators"


def _not_a_portfolio(toks, sp: Span, lexicon: ActorLexicon) -> bool:
    """ "Education Minister", "Agriculture Secretary": a one-word portfolio before an office
    head (`office_head` in actor_extras.csv) is part of the title, not an organisation; a
    country or a listed body stays ("Treasury Secretary", if listed)."""
    e = sp.end
    if sp.label == "PERSON" or e - sp.start != 1 or e >= len(toks.words) or toks.lowers[e] not in lexicon.office_heads:
        return True
    n = norm(toks.words[sp.start])
    return bool(lexicon.country_of(n) or n in lexicon.orgs or n in lexicon.capitals or n in lexicon.places)


def _known_org(toks, sp: Span, lexicon: ActorLexicon) -> bool:
    """A known organisation the model took for a place or person is an ORG."""
    n = norm(toks.span_text(sp.start, sp.end))
    if (
        sp.label in ("GPE", "LOC", "FAC", "PERSON")
        and not lexicon.country_of(toks.span_text(sp.start, sp.end))
        and n in lexicon.orgs
        and n not in lexicon.capitals
    ):
        sp.label = "ORG"
    return True


def _titled_person_in_org(toks, sp: Span, lexicon: ActorLexicon) -> bool:
    """ "Secretary of State Pompeo" tagged ORG "State Pompeo": a titled person."""
    s, e = sp.start, sp.end
    words, low = toks.words, toks.lowers
    if (
        sp.label in ("ORG", "GPE")
        and e - s >= 2
        and low[s] in lexicon.title_modifiers
        and title_head_before(toks, s, lexicon)
        and all(capitalised(words[k]) and low[k] not in lexicon.title_words for k in range(s + 1, e))
        and norm(toks.span_text(s + 1, e)) not in lexicon.orgs
    ):
        while sp.start < e - 1 and low[sp.start] in lexicon.title_words:
            sp.start += 1
        sp.label = "PERSON"
    return True


def _titled_name_not_org(toks, sp: Span, lexicon: ActorLexicon) -> bool:
    """ "spokesman Glyn Davies" tagged ORG: two or three capitalised proper nouns right after
    a title head ("spokesman", "President") are a person, unless a listed organisation or a
    name with an organisation's word ("Ministry", "Inc")."""
    s, e = sp.start, sp.end
    if sp.label != "ORG" or not 2 <= e - s <= 3 or s == 0 or not lexicon.title_sectors.get(toks.lowers[s - 1]):
        return True
    if _person_like(toks, sp, lexicon):
        sp.label = "PERSON"
    return True


def _person_like(toks, sp: Span, lexicon: ActorLexicon) -> bool:
    """Could the name be a person's: proper nouns in title case (a hyphen may join two:
    "Nils-Erik"), no listed organisation, no organisation's word ("Ministry", "Inc"), no
    country first?"""
    span = toks.doc[sp.start : sp.end]
    words = [t for t in span if t.text not in NAME_HYPHENS]
    return (
        all(t.pos_ == "PROPN" and capitalised(t.text) and not t.text.isupper() for t in words)
        and norm(span.text) not in lexicon.orgs
        and not lexicon.agent_sector([t.text for t in span])
        and not any(t.lower_ in lexicon.org_suffixes or t.lower_ in lexicon.org_cue_after for t in span)
        and not lexicon.country_of(span[0].text)
    )


def _name_words(toks, sp: Span) -> int:
    """How many tokens the name has, hyphens left out ("Nils-Erik Haagenrud": 3)."""
    return sum(1 for k in range(sp.start, sp.end) if toks.words[k] not in NAME_HYPHENS)


def _honorific_not_org(toks, sp: Span, lexicon: ActorLexicon) -> bool:
    """ "Dr Martisius" tagged ORG: an honorific ("Dr", "Mrs", "Sir") before a name makes it a
    person's; the honorific is her role, not her name."""
    s, e = sp.start, sp.end
    if sp.label != "ORG" or e - s > 4:
        return True
    if s > 0 and toks.lowers[s - 1] in lexicon.honorifics and _person_like(toks, sp, lexicon):
        sp.label = "PERSON"  # "Dr [Naomi Martisius]"
    elif e - s >= 2 and toks.lowers[s] in lexicon.honorifics and _person_like(toks, Span(s + 1, e, "ORG"), lexicon):
        sp.role_tokens = [*sp.role_tokens, toks.doc[s]]
        sp.start, sp.label = s + 1, "PERSON"  # "[Dr Martisius]"
    return True


def _titled_appositive_not_org(toks, sp: Span, lexicon: ActorLexicon) -> bool:
    """ "Tomasz Kubiak, a fire service spokesman," tagged ORG: a name whose appositive is a
    person's title is a person."""
    if sp.label != "ORG" or _name_words(toks, sp) > 3 or not _person_like(toks, sp, lexicon):
        return True
    doc = toks.doc
    if any(
        t.dep_ == "appos" and sp.start <= t.head.i < sp.end and lexicon.title_sectors.get(t.lower_)
        for t in doc[sp.end : min(sp.end + 8, len(doc))]
    ):
        sp.label = "PERSON"
        while sp.start > 0 and _given_name_before(doc[sp.start - 1], sp):
            sp.start -= 1  # "Tomasz" of "[Tomasz] Kubiak", left out by the model
    return True


def _given_name_before(tok, sp: Span) -> bool:
    return tok.pos_ == "PROPN" and tok.dep_ == "compound" and sp.start <= tok.head.i < sp.end and capitalised(tok.text)


def _member_of_org(toks, sp: Span, lexicon: ActorLexicon) -> bool:
    """ "Nils-Erik Haagenrud of Rogaland Fire and Rescue" tagged ORG twice: a two- or
    three-word name "of" an organisation is its member, a person."""
    doc, e = toks.doc, sp.end
    if sp.label != "ORG" or not 2 <= _name_words(toks, sp) <= 3 or e + 1 >= len(doc) or toks.lowers[e] != "of":
        return True
    nxt = doc[e + 2] if toks.lowers[e + 1] == "the" and e + 2 < len(doc) else doc[e + 1]
    if nxt.ent_type_ == "ORG" and nxt.ent_iob_ == "B" and _person_like(toks, sp, lexicon):
        sp.label = "PERSON"
    return True


def _place_of_title(toks, sp: Span, lexicon: ActorLexicon) -> bool:
    """ "Mayor of Koszalin Piotr Jedlinski": the place belongs to the title, not the name; and
    a span the model read as an organisation is the person ("Prime Minister of Slovakia Igor
    Matovič" tagged ORG) when its first word is a country or a listed place."""
    s = sp.start
    place = toks.words[s] if s < len(toks.words) else ""
    if (
        sp.label in ("PERSON", "ORG")
        and sp.end - s >= 3
        and s >= 2
        and toks.lowers[s - 1] == "of"
        and lexicon.title_sectors.get(toks.lowers[s - 2])
        and not toks.sent_starts[s]
        and (sp.label == "PERSON" or lexicon.country_of(place) or norm(place) in lexicon.places)
    ):
        sp.role_tokens = [*sp.role_tokens, toks.doc[s]]
        sp.start += 1
        sp.label = "PERSON"
    return True


def _demonym_not_place(toks, sp: Span, lexicon: ActorLexicon) -> bool:
    """A one-word demonym ("Ukrainian", "Scots", a listed "Briton") the model tagged a place,
    person or organisation is a people (NORP): an adjective or a plural, since Phoenix files
    some cities among its demonyms ("Tehran")."""
    if sp.label in ("PERSON", "GPE", "LOC", "FAC", "ORG") and sp.end - sp.start == 1:
        n = norm(toks.words[sp.start])
        plural = n[:-1] if n.endswith("s") else None
        if n in lexicon.listed_demonyms or (
            toks.doc[sp.start].tag_ in ("JJ", "NNPS", "NNS")
            and n not in lexicon.country_names
            and n not in lexicon.capitals
            and (n in lexicon.demonyms or plural in lexicon.demonyms)
        ):
            sp.label = "NORP"
    return True


def _country_not_people(toks, sp: Span, lexicon: ActorLexicon) -> bool:
    """ "Tajikistan" tagged NORP is the country (a proper noun that is a country's name, not
    an adjective such as "Tajik" in "Tajik troops")."""
    if sp.label == "NORP" and toks.doc[sp.end - 1].tag_ in ("NNP", "NN"):
        n = norm(toks.span_text(sp.start, sp.end))
        iso = lexicon.country_names.get(n)
        if iso and norm(lexicon.countries.get(iso, "")) == n:  # the country's own name, no synonym ("Swede")
            sp.label = "GPE"
    return True


def _country_not_person(toks, sp: Span, lexicon: ActorLexicon) -> bool:
    """ "Korea" tagged PERSON is a place; "Bosnian Serbs" tagged PERSON is a people."""
    if sp.label != "PERSON":
        return True
    if lexicon.country_of(toks.span_text(sp.start, sp.end)) and sp.end - sp.start <= 3:
        sp.label = "GPE"
    elif sp.end - sp.start >= 2 and all(lexicon.country_of(w) for w in toks.words[sp.start : sp.end]):
        sp.label = "NORP"
    elif _demonym_people(toks, sp, lexicon):
        sp.label = "NORP"
    return True


def _demonym_people(toks, sp: Span, lexicon: ActorLexicon) -> bool:
    """ "Bosnian Serbs", "Iraqi Kurds": a demonym, then one plural proper noun ("Serbs" is no
    demonym of the tables), is a people, not a person."""
    if sp.end - sp.start != 2 or norm(toks.span_text(sp.start, sp.end)) in lexicon.people:
        return False
    first, last = toks.words[sp.start], toks.words[sp.end - 1]
    return norm(first) in lexicon.demonyms and toks.doc[sp.end - 1].tag_ == "NNPS" and last.endswith("s")


# Each rule returns False to drop the span, or fixes it in place and returns True.
SPAN_RULES = (
    _is_a_name,
    _not_a_portfolio,
    _known_org,
    _titled_person_in_org,
    _titled_name_not_org,
    _honorific_not_org,
    _titled_appositive_not_org,
    _member_of_org,
    _place_of_title,
    _demonym_not_place,
    _country_not_people,
    _country_not_person,
)


def entity_spans(ctx, flags: TokenFlags, lexicon: ActorLexicon) -> list[Span]:
    """The article's name spans: `entities`, trimmed, then `SPAN_RULES` in order."""
    toks = ctx.toks
    spans = []
    for start, end, label in entities(ctx, flags, lexicon):
        sp = trim(toks, start, end, label, lexicon)
        if sp.start < sp.end and not _in_turn_label(ctx, sp) and all(rule(toks, sp, lexicon) for rule in SPAN_RULES):
            if _interviewee_label(ctx, sp) and _person_like(toks, sp, lexicon):
                sp.label = "PERSON"
            spans.append(sp)
    _surnames_of_people(toks, spans, lexicon)
    return spans


def _surnames_of_people(toks, spans: list[Span], lexicon: ActorLexicon) -> None:
    """A person's full name is a person wherever the model typed it otherwise ("Perttu Ahola"
    tagged LOC in the headline, PERSON in the transcript's label), and so is the surname of
    one tagged ORG ("Gallego-Lazo" after "Christopher Gallego-Lazo")."""
    full_names = {
        toks.span_text(sp.start, sp.end)
        for sp in spans
        if sp.label == "PERSON" and len(toks.span_text(sp.start, sp.end).split()) >= 2
    }
    surnames = {name.split()[-1] for name in full_names}
    for sp in spans:
        text = toks.span_text(sp.start, sp.end)
        if (sp.label in ("ORG", "LOC", "FAC") and text in full_names) or (sp.label == "ORG" and text in surnames):
            if _person_like(toks, sp, lexicon):
                sp.label = "PERSON"


def _interviewee_label(ctx, sp: Span) -> bool:
    """Is the span the whole name of a transcript's turn label ("((Perttu Ahola))"): the one
    interviewed, a person (the model takes some such names for organisations)?"""
    s, e = ctx.toks.starts[sp.start], ctx.toks.end(sp.end - 1)
    return any(ns == s and ne == e for _, ns, ne, _ in ctx.turn_labels)


def _in_turn_label(ctx, sp: Span) -> bool:
    """The interviewer's turn label of a Q&A transcript ("((WN)) What do you think …") names no
    actor; the interviewee's label ("((Zara Kay))") is a person and stays."""
    idx = ctx.toks.starts[sp.start]
    return any(s <= idx < e for s, e in ctx.interviewer_labels)
