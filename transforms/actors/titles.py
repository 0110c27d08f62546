"""Titles and roles: the title before a name ("former President", "North Korean leader",
"Secretary of State"), an appositive after it (", the North Korean leader's right-hand man,"),
and what a title says: (role text, country, sector, office kind). The words are
`seeds/lexicons/titles.csv`, read through `ActorLexicon`."""

from __future__ import annotations

import re

from transforms.actors.lexicon import ActorLexicon

Role = tuple[str, str | None, str | None, str | None]  # text, country, sector, office kind

_APPOS_STOP = frozenset((",", ".", ";", ":", "(", ")", '"', "“", "”", "—", "–"))
_TITLE_JOINERS = ("of", "the", "-", "and")
_NOT_THE_OFFICE = ("former", "then", "then-", "acting", "-", "elect")  # the office is the same
_US_WORDS = ("u.s.", "us", "american")


def title_before(ctx, start: int, lexicon: ActorLexicon) -> list:
    """Title tokens immediately before token `start` ("former President", "North Korean leader")."""
    doc, words, low = ctx.doc, ctx.toks.words, ctx.toks.lowers
    ids = []
    i = start - 1
    sent_start = ctx.sent_bounds(start)[0]
    while i >= sent_start:
        if (
            low[i] in lexicon.title_words
            or (doc[i].ent_type_ in ("NORP", "GPE") and words[i][:1].isupper())
            or (ids and words[i][:1].isupper() and lexicon.country_of(words[i]))
        ):
            # the last test: a demonym the NER folded into an ORG ("British Defence Secretary")
            ids.insert(0, i)
            i -= 1
            continue
        break
    ids = _last_title(ids, low, lexicon)
    while ids and low[ids[0]] in _TITLE_JOINERS:
        ids.pop(0)
    if not ids or not any(lexicon.title_sectors.get(low[k]) or low[k] in lexicon.honorifics for k in ids):
        return []
    return [doc[k] for k in ids]


def _last_title(ids: list[int], low, lexicon: ActorLexicon) -> list[int]:
    """ "the prime minister and Mr Brown": an "and" before an honorific joins two people, not
    two words of one title ("Trade and Industry Secretary")."""
    cut = max(
        (n for n, k in enumerate(ids[:-1]) if low[k] == "and" and low[ids[n + 1]] in lexicon.honorifics), default=-1
    )
    return ids[cut + 1 :]


def descriptor_before(ctx, start: int, lexicon: ActorLexicon) -> list:
    """ "American college student Otto Warmbier", "American Dennis Mitchell": a demonym or
    country, then at most three lower-case nouns or adjectives, right before the name -> those
    tokens (a title without a title word: it says the person's country)."""
    doc, words = ctx.doc, ctx.toks.words
    sent_start = ctx.sent_bounds(start)[0]
    i = start - 1
    while i >= sent_start and start - i <= 3 and words[i].islower() and doc[i].pos_ in ("NOUN", "ADJ"):
        i -= 1
    if i < sent_start or not words[i][:1].isupper() or not lexicon.country_of(words[i]):
        return []
    return list(doc[i:start])


def appositive(doc, end: int, lexicon: ActorLexicon) -> list:
    """ ", the North Korean leader's right-hand man," after a name -> its tokens."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("the", "a", "an"):
        return []
    toks = []
    j = end + 2
    while j < len(doc) and j < end + 12 and doc[j].text not in _APPOS_STOP and not doc[j].is_sent_start:
        toks.append(doc[j])
        j += 1
    if j >= len(doc) or doc[j].text not in _APPOS_STOP or not toks:
        return []
    if not any(t.lower_ in lexicon.title_sectors for t in toks) and not _demonym_head(toks, lexicon):
        return []
    return toks


def _demonym_head(toks: list, lexicon: ActorLexicon) -> bool:
    """ ", an ethnic Palestinian from Jordan,", ", a Canadian citizen,": a demonym among the
    words before the appositive's head says the person's country, as it does before a name."""
    head = next((t for t in toks if t.head.i < toks[0].i or t.head.i > toks[-1].i), toks[-1])
    return any(
        t.text[:1].isupper() and t.i <= head.i and lexicon.demonyms.get(t.text.lower().rstrip("s")) for t in toks
    )


def _entity_text(doc, i: int) -> str:
    """Text of the entity holding token i (walking its IOB tags: `doc.ents` rebuilds every span)."""
    s, e = i, i + 1
    while s > 0 and doc[s].ent_iob_ == "I":
        s -= 1
    while e < len(doc) and doc[e].ent_iob_ == "I":
        e += 1
    return doc[s:e].text


def _title_country(tokens: list, lexicon: ActorLexicon, doc) -> str | None:
    """A country named in the title: a NORP/GPE entity, or a demonym the NER left untagged."""
    country = None
    for t in tokens:
        if t.ent_type_ in ("NORP", "GPE"):
            country = country or lexicon.country_of(_entity_text(doc, t.i))
        elif country is None and t.text[:1].isupper() and t.pos_ in ("ADJ", "PROPN"):
            country = lexicon.country_of(t.text)  # "British Defence Secretary"
    return country


def _office_kind(words: list[str], lexicon: ActorLexicon) -> str | None:
    """ "us" (a US-only office, or the US named), "us-style", "generic" or None."""
    core = " ".join(w for w in words if w not in _NOT_THE_OFFICE)
    core = re.sub(r"^(?:the |u\.?s\.? |us |american )", "", core)
    core = re.sub(r"['’]s$", "", core).strip()
    if core in lexicon.us_offices or any(w in _US_WORDS for w in words):
        return "us"
    if core in lexicon.generic_offices:
        return "us-style" if core in lexicon.us_style_offices else "generic"
    return None


def title_sector(words: list[str], lexicon: ActorLexicon) -> str | None:
    """The sector of a title's words: its last head word that has one. A `postpositive` head
    right after another head ("Attorney General", "Secretary-General") only qualifies it: the
    first head says the sector (GOV, not the MIL of "General Mark Milley")."""
    heads = [w for w in words if w != "-"]
    for k in range(len(heads) - 1, -1, -1):
        w = heads[k]
        if not lexicon.title_sectors.get(w):
            continue
        if w in lexicon.postpositive_titles and k > 0 and lexicon.title_sectors.get(heads[k - 1]):
            continue
        return lexicon.title_sectors[w]
    return None


def role(tokens: list, lexicon: ActorLexicon, doc) -> Role:
    """(role text, country, sector, office kind) of title tokens."""
    text = doc[tokens[0].i : tokens[-1].i + 1].text
    words = [t.lower_ for t in tokens if t.lower_ not in lexicon.honorifics]
    sector = title_sector(words, lexicon)
    if text.lower().endswith(("'s", "’s")):
        text = text[:-2]
    return text, _title_country(tokens, lexicon, doc), sector, _office_kind(words, lexicon)


def title_head_before(toks, s: int, lexicon: ActorLexicon) -> bool:
    """Is token `s` inside a title such as "Secretary of State" (a head title word at most
    two tokens back, joined by "of")? `toks`: the article's `TokenLists`."""
    low = toks.lowers
    for k in range(max(0, s - 3), s):
        if lexicon.title_sectors.get(low[k]) and all(
            low[m] in ("of", "the") or low[m] in lexicon.title_words for m in range(k + 1, s)
        ):
            return True
    return False
