"""Unnamed state agents: "State prosecutors charged the suspect", "Federal authorities are
investigating", "police said". A noun of `state_agent` (actor_extras.csv, with its sector)
that heads its own noun phrase, outside every name, is an actor of that sector:

* the country-sector group of the country its modifiers or possessor name ("the UK's counter
  terror police" -> United Kingdom (police));
* else, in an article that names one country only, that country's group;
* else a group of its own named as written ("State prosecutors"), with the sector and no
  country.

A `state_body` ("government", "army") is such an actor only when a country's name is its
possessor or follows in an "of" phrase ("Burundi's government", "the government of Burundi").

Left to others: a noun with a named modifier other than a country ("the Trump
administration"), and one whose head word ends a name named before it ("the court" after
"the Supreme Court": the resolver's `group_description`); nor a possessive pronoun ("their
government"), a negative determiner ("no police") or a `not_state_modifier` ("private
investigators", "former officials")."""

from __future__ import annotations

from transforms.actors.lexicon import name_words, norm

_OWN_DETS = frozenset(("the", "a", "an", "these", "those", "some", "many", "several", "other"))
_PHRASE_MODS = frozenset(("amod", "compound", "nmod", "poss"))
_NOT_A_HEAD = frozenset(("compound", "amod", "nmod", "poss"))


def _named_heads(cast, before: int) -> set[str]:
    """Last words of the organisations and groups named before a character offset."""
    out = set()
    for m in cast.mentions:
        a = cast.actors.get(m.actor_key) if m.actor_key else None
        if a is not None and m.start_char < before and a.actor_type in ("organization", "group"):
            out.update(name_words(m.text)[-1:])
    return out


def _modifier_country(cast, tok) -> tuple[bool, str | None, int]:
    """(usable, country named by a modifier or possessor, first character of the phrase)."""
    lx, start = cast.lexicon, tok.idx
    country = None
    for c in tok.children:
        if c.dep_ == "det" and c.lower_ not in _OWN_DETS:
            return False, None, start
        if c.dep_ not in _PHRASE_MODS:
            continue
        if c.lower_ in lx.not_state_modifiers or c.tag_ == "PRP$":
            return False, None, start
        other = lx.agent_sector([c.text])
        if other and other != lx.state_agents.get(tok.lower_):
            return False, None, start  # "rebel troops", "opposition lawmakers"
        key = _actor_at(cast, c)
        if key is not None:
            a = cast.actors[key]
            if a.actor_type != "country":
                return False, None, start
            country = a.country_code
        if c.dep_ != "poss" and key is None:
            start = min(start, min(t.idx for t in c.subtree))
    return True, country, start


def _body_country(cast, tok) -> str | None:
    """The country whose body the noun is, by its possessor or an "of" phrase ("[Burundi's]
    government", "the government [of Burundi]")."""
    for c in tok.children:
        if c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of" and c.i > tok.i):
            named = c if c.dep_ == "poss" else next((g for g in c.children if g.dep_ == "pobj"), None)
            key = _actor_at(cast, named) if named is not None else None
            a = cast.actors.get(key) if key else None
            return a.country_code if a is not None and a.actor_type == "country" else None
    return None


def _actor_at(cast, tok) -> str | None:
    return next((m.actor_key for m in cast.mentions if m.actor_key and m.start_char <= tok.idx < m.end_char), None)


def _only_country(cast) -> str | None:
    named = {a.country_code for a in cast.actors.values() if a.actor_type == "country" and a.country_code}
    return next(iter(named)) if len(named) == 1 else None


def state_agents(cast) -> None:
    """Unnamed state agents as actors (see the module docstring)."""
    ctx, lx = cast.ctx, cast.lexicon
    if not lx.state_agents:
        return
    covered = [(m.start_char, m.end_char) for m in cast.mentions]
    mask = ctx.among(ctx.arrays.lower, (*lx.state_agents, *lx.state_bodies))
    only = _only_country(cast)
    for tok in ctx.tokens_where(mask):
        if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ in _NOT_A_HEAD or any(s <= tok.idx < e for s, e in covered):
            continue
        if not _named_heads(cast, tok.idx).isdisjoint((tok.lower_, tok.lemma_.lower())):
            continue
        usable, country, s_char = _modifier_country(cast, tok)
        if tok.lower_ in lx.state_bodies:
            country = _body_country(cast, tok)  # "the (federal) government" alone is none
            usable = usable and country is not None
        if not usable:
            continue
        sector, e_char = lx.state_agents.get(tok.lower_) or lx.state_bodies[tok.lower_], tok.idx + len(tok.text)
        country = country or only
        text = cast.text[s_char:e_char]
        if country:
            a = cast.add_group(country, sector)
        else:
            a = cast.add(f"group:{norm(text)}", text[:1].upper() + text[1:], "group", None, sector)
        a.aliases.add(text)
        cast.mention(s_char, e_char, "NOMINAL", a.key)
        covered.append((s_char, e_char))
