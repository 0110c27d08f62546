"""Titles and roles: the title before a name ("former President", "North Korean leader",
"Secretary of State"), an appositive after it (", the North Korean leader's right-hand man,"),
and what a title says: (role text, country, sector, office kind). The words are
`seeds/lexicons/titles.csv`, read through `ActorLexicon`."""

from __future__ import annotations

import re

from transforms.actors.lexicon import ActorLexicon
from transforms.actors.tokens import span_text

Role = tuple[str, str | None, str | None, str | None]  # text, country, sector, office kind

_APPOS_STOP = frozenset((",", ".", ";", ":", "(", ")", '"', "“", "”", "—", "–"))
_TITLE_JOINERS = ("of", "the", "-", "and")
_NOT_THE_OFFICE = ("former", "then", "then-", "acting", "-", "elect")  # the office is the same
_US_WORDS = ("u.s.", "us", "american")


def title_before(ctx, start: int, lexicon: ActorLexicon) -> list:
    """Title tokens immediately before token `start` ("former President", "North Korean leader")."""
    doc = ctx.doc
    toks = []
    i = start - 1
    sent_start = ctx.sent_of(doc[start]).start
    while i >= sent_start:
        t = doc[i]
        if (
            t.lower_ in lexicon.title_words
            or (t.ent_type_ in ("NORP", "GPE") and t.text[:1].isupper())
            or (toks and t.text[:1].isupper() and lexicon.country_of(t.text))
        ):
            # the last test: a demonym the NER folded into an ORG ("British Defence Secretary")
            toks.insert(0, t)
            i -= 1
            continue
        break
    while toks and toks[0].lower_ in _TITLE_JOINERS:
        toks.pop(0)
    if not any(lexicon.title_sectors.get(t.lower_) or t.lower_ in lexicon.honorifics for t in toks):
        return []
    return toks


def descriptor_before(ctx, start: int, lexicon: ActorLexicon) -> list:
    """ "American college student Otto Warmbier", "American Dennis Mitchell": a demonym or
    country, then at most three lower-case nouns or adjectives, right before the name -> those
    tokens (a title without a title word: it says the person's country)."""
    doc = ctx.doc
    sent_start = ctx.sent_of(doc[start]).start
    i = start - 1
    while i >= sent_start and start - i <= 3 and doc[i].is_lower and doc[i].pos_ in ("NOUN", "ADJ"):
        i -= 1
    if i < sent_start or not doc[i].text[:1].isupper() or not lexicon.country_of(doc[i].text):
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
    return span_text(doc, s, e)


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


def title_head_before(doc, s: int, lexicon: ActorLexicon) -> bool:
    """Is token `s` inside a title such as "Secretary of State" (a head title word at most
    two tokens back, joined by "of")?"""
    for k in range(max(0, s - 3), s):
        if lexicon.title_sectors.get(doc[k].lower_) and all(
            doc[m].lower_ in ("of", "the") or lexicon.is_title_word(doc[m]) for m in range(k + 1, s)
        ):
            return True
    return False
