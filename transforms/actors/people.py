"""People: a person's name, roles, country and sector inside one article.

The name is the PERSON span without titles and possessive; names compare on a normal form,
so "Kim Jong-un" = "Kim Jong Un". A mention whose words are a subset of a longer name in the
article ("Pompeo", "Kim") links to it when only one name fits, or to the one in focus
(mentioned in the last `FOCUS_SENTENCES` sentences); otherwise its actor_key is None.

Country: a country inside a role ("North Korean leader") > the people list > a US-only
office (`us_office` in titles.csv) > a generic office (`generic_office`): the article's
focus country, else the US for US-style titles when the article names the US.
Sector: the role's head word > the people list.
"""

from __future__ import annotations

from transforms.actors.lexicon import ActorLexicon, norm, strip_possessive
from transforms.actors.titles import Role, appositive, descriptor_before, role, title_before
from transforms.doc_model import LocalActor

FOCUS_SENTENCES = 2  # a bare surname follows the namesake mentioned this many sentences back


def _roles(cast, nm) -> tuple[Role | None, list[Role]]:
    """(the title before the name, [that title and an appositive after it])."""
    ctx, sp, lx = cast.ctx, nm.span, cast.lexicon
    start = sp.role_tokens[0].i if sp.role_tokens else sp.start
    toks = title_before(ctx, start, lx) + sp.role_tokens or descriptor_before(ctx, start, lx)
    before = role(toks, lx, ctx.doc) if toks else None
    appos = appositive(ctx.doc, sp.end, lx)
    after = role(appos, lx, ctx.doc) if appos else None
    return before, [r for r in (before, after) if r]


def person_mention(cast, nm) -> None:
    """A person's mention: its own actor, or (a partial name of a longer one in the article)
    unlinked until `link_partial_names`."""
    lx = cast.lexicon
    before, roles = _roles(cast, nm)
    role_text = before[0] if before else None
    words = set(nm.n.split())
    if any(fn != nm.n and words < fn_words for fn, fn_words in cast.full_name_words.items()):
        cast.partial.append((nm.surface, len(cast.mentions), roles))
        cast.mention(nm.s_char, nm.e_char, "PERSON", None, role=role_text)
        return
    key = f"person:{nm.n}"
    pc, ps = lx.people.get(nm.n, (None, None))
    if pc is None and len(words) == 1:
        pc = lx.surname_country.get(nm.n)
    display = strip_possessive(nm.surface)
    a = cast.add(key, cast.full_names.get(nm.n, display), "person")
    a.aliases.add(display)
    apply_roles(a, roles, lx, pc, ps, cast.focus)
    cast.mention(nm.s_char, nm.e_char, "PERSON", key, role=role_text)
    cast.person_mentions.append((cast.ctx.sent_index_at(nm.s_char), key))


def _partial_target(cast, n: str, m) -> str | None:
    """The full name a partial one refers to: the only one it fits, else the one mentioned
    most recently within `FOCUS_SENTENCES`, else None."""
    cands = [
        f"person:{fn}"
        for fn, fn_words in cast.full_name_words.items()
        if set(n.split()) < fn_words and f"person:{fn}" in cast.actors
    ]
    if len(cands) == 1:
        return cands[0]
    if not cands:
        return None
    recent = [
        (s, k)
        for s, k in cast.person_mentions
        if k in cands and s <= m.sentence_index and m.sentence_index - s <= FOCUS_SENTENCES
    ]
    if not recent:
        return None
    last_s = max(s for s, _ in recent)
    # the most recent mention before this one in that sentence window
    before = [
        mm.actor_key
        for mm in cast.mentions
        if mm.actor_key in cands
        and mm.start_char < m.start_char
        and mm.sentence_index >= m.sentence_index - FOCUS_SENTENCES
    ]
    return before[-1] if before else next(k for s, k in recent if s == last_s)


def link_partial_names(cast) -> None:
    """Partial names ("Pompeo", "Kim"), once every full name has its actor."""
    cast.person_mentions.sort()
    for surface, idx, roles in cast.partial:
        m = cast.mentions[idx]
        key = _partial_target(cast, norm(surface), m)
        if key is None:
            continue
        m.actor_key = key
        a = cast.actors[key]
        a.aliases.add(strip_possessive(surface))
        pc, ps = cast.lexicon.people.get(norm(a.name), (None, None))
        apply_roles(a, roles, cast.lexicon, pc, ps, cast.focus)


def _office_country(kinds: set[str], focus: tuple[str | None, bool]) -> str | None:
    """The country an office says when no country is named with it (see the module docstring)."""
    focus_cc, names_us = focus
    if "us" in kinds:
        return "USA"
    if kinds & {"generic", "us-style"}:
        return focus_cc or ("USA" if "us-style" in kinds and names_us else None)
    return None


def apply_roles(a: LocalActor, roles: list[Role], lexicon: ActorLexicon, pc, ps, focus: tuple) -> None:
    """Roles -> LocalActor.roles, and the person's country and sector from them. `pc`, `ps`:
    the people list's country and sector; `focus` = (focus country or None, article names the US)."""
    kinds = set()
    for text, country, sector, kind in roles:
        entry = (text, lexicon.cc(country), lexicon.sec(sector))
        if entry not in a.roles:
            a.roles.append(entry)
        a.country_code = a.country_code or lexicon.cc(country)
        if country is None and kind:
            kinds.add(kind)
    a.country_code = a.country_code or lexicon.cc(pc) or lexicon.cc(_office_country(kinds, focus))
    if a.sector is None:
        from_roles = next((lexicon.sec(s) for _, _, s in a.roles if lexicon.sec(s)), None) if a.roles else None
        a.sector = from_roles or lexicon.sec(ps)
