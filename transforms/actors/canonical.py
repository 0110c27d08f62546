"""Canonical actors inside one article: each name span becomes a mention of a country, a
country-sector group, a person, an organisation, a people or a place (`MENTION_RULES`, the
first rule that takes the span wins); partial person names are linked afterwards."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np

from transforms.actors.lexicon import ActorLexicon, norm, strip_possessive
from transforms.actors.people import person_mention
from transforms.actors.spans import Span
from transforms.doc_model import ArticleActors, LocalActor, Mention

_PLACE_LABELS = ("GPE", "LOC", "NORP", "ORG", "FAC")


@dataclass
class Cast:
    """The actors and mentions of one article while the rules build them."""

    ctx: object
    lexicon: ActorLexicon
    spans: list[Span]
    focus: tuple[str | None, bool] = (None, False)  # (focus country, the article names the US)
    full_names: dict[str, str] = field(default_factory=dict)  # norm -> display, names of >= 2 words
    actors: dict[str, LocalActor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    person_mentions: list[tuple[int, str]] = field(default_factory=list)  # (sentence, key), for focus
    partial: list[tuple[str, int, list]] = field(default_factory=list)  # (surface, mention index, roles)
    text: str = ""  # the Doc's text, once (`Doc.text` joins every token on each call)

    def __post_init__(self):
        self.text = self.ctx.text

    @cached_property
    def full_name_words(self) -> dict[str, set[str]]:
        """Each full name's words, once `collect_full_names` has read them all."""
        return {fn: set(fn.split()) for fn in self.full_names}

    def add(self, key: str, name: str, atype: str, country=None, sector=None) -> LocalActor:
        lx = self.lexicon
        a = self.actors.get(key)
        if a is None:
            a = self.actors[key] = LocalActor(
                key=key, name=name, actor_type=atype, country_code=lx.cc(country), sector=lx.sec(sector)
            )
        else:
            a.country_code = a.country_code or lx.cc(country)
            a.sector = a.sector or lx.sec(sector)
        return a

    def add_group(self, iso: str, sector: str) -> LocalActor:
        """The country-sector group ("North Korea (government)"): event coders keep PRKGOV
        apart from PRK."""
        cname = self.lexicon.countries.get(iso, iso)
        label = self.lexicon.sector_labels.get(sector, sector.lower())
        return self.add(f"group:{iso}{sector}", f"{cname} ({label})", "group", iso, sector)

    def mention(self, s_char: int, e_char: int, label: str, key: str | None, role=None, ent_end=None) -> None:
        self.mentions.append(
            Mention(
                start_char=s_char,
                end_char=e_char,
                text=self.text[s_char:e_char],
                label=label,
                sentence_index=self.ctx.sent_index_at(s_char),
                actor_key=key,
                role=role,
                ent_end=ent_end,
            )
        )

    def result(self) -> ArticleActors:
        self.mentions.sort(key=lambda m: (m.start_char, -m.end_char))
        return ArticleActors(mentions=self.mentions, actors=self.actors)


@dataclass
class Name:
    """One span's surface: characters, text, normal form and the country it names."""

    span: Span
    s_char: int
    e_char: int
    surface: str
    n: str
    country: str | None

    @classmethod
    def of(cls, toks, text: str, sp: Span, lexicon: ActorLexicon) -> Name:
        s_char, e_char = toks.starts[sp.start], toks.end(sp.end - 1)
        surface = text[s_char:e_char]
        return cls(
            sp, s_char, e_char, surface, norm(surface), lexicon.country_of(surface) if sp.label != "PERSON" else None
        )


def focus_country(cast: Cast) -> tuple[str | None, bool]:
    """The country the article names most, when clearly (>= 2 mentions, more than any other),
    and whether it names the US: read by the generic-office rule for people."""
    toks, lx = cast.ctx.toks, cast.lexicon
    named = Counter(
        lx.country_of(toks.span_text(sp.start, sp.end)) for sp in cast.spans if sp.label in ("GPE", "NORP", "LOC")
    )
    named.pop(None, None)
    top = named.most_common(2)
    return (top[0][0] if top and top[0][1] >= 2 and (len(top) == 1 or top[0][1] > top[1][1]) else None, "USA" in named)


def collect_full_names(cast: Cast) -> None:
    """Person names of two words or more; a single-word ORG/GPE/NORP/LOC span that is a word
    of one of them is that person ("Pompeo Insists ..." tagged ORG in a headline)."""
    toks = cast.ctx.toks
    for sp in cast.spans:
        n = norm(toks.span_text(sp.start, sp.end))
        if sp.label == "PERSON" and len(n.split()) >= 2 and n not in cast.full_names:
            cast.full_names[n] = re.sub(r"['’]s$", "", toks.span_text(sp.start, sp.end))
    name_words = {w for n in cast.full_names for w in n.split()}
    for sp in cast.spans:
        n = norm(toks.span_text(sp.start, sp.end))
        if (
            sp.label in ("ORG", "GPE", "NORP", "LOC")
            and " " not in n
            and n in name_words
            and not cast.lexicon.country_of(n)
        ):
            sp.label = "PERSON"


def _is_agentive(doc, sp: Span) -> bool:
    """Is the span used as an agent (so a capital stands for its government)?"""
    root = doc[sp.start : sp.end].root
    return root.dep_ in ("nsubj", "nsubjpass", "poss", "agent") or (root.dep_ == "pobj" and root.head.lower_ == "by")


def _names_a_country(nm: Name, lexicon: ActorLexicon) -> bool:
    return nm.span.label in _PLACE_LABELS and bool(nm.country or nm.n in lexicon.capitals)


def _agent_after(doc, end: int, lexicon: ActorLexicon) -> tuple[str | None, int]:
    """(sector, words used) of an agent noun right after a country ("officials", "armed forces")."""
    nxt = [doc[k].text for k in range(end, min(end + 2, len(doc))) if not doc[k].is_punct]
    if len(nxt) == 2 and " ".join(nxt).lower() in lexicon.agents:
        return lexicon.agents[" ".join(nxt).lower()], 2
    if nxt and nxt[0].lower() in lexicon.agents and doc[end].pos_ in ("NOUN", "PROPN"):
        return lexicon.agents[nxt[0].lower()], 1
    return None, 0


def _names_a_person(doc, k: int) -> bool:
    """Does a person's name start at token k, after at most two lower-case nouns?"""
    for j in range(k, min(k + 3, len(doc))):
        if doc[j].ent_type_ == "PERSON":
            return True
        if not (doc[j].is_lower and doc[j].pos_ == "NOUN"):
            return False
    return False


def _country_group(cast: Cast, nm: Name) -> bool:
    """Country (or demonym) + agent noun ("North Korean officials") -> a country-sector group;
    the mention covers the phrase, `ent_end` where the name ends."""
    doc, lx = cast.ctx.doc, cast.lexicon
    if not (_names_a_country(nm, lx) and nm.country):
        return False
    sector, used = _agent_after(doc, nm.span.end, lx)
    after = nm.span.end + used
    if sector and _names_a_person(doc, after):
        return False  # "North Korean leader Kim Jong Un", "American college student X": a title
    if not (sector and lx.sec(sector) and lx.cc(nm.country)):
        return False
    end_tok = doc[after - 1]
    g_end = end_tok.idx + len(end_tok.text)
    a = cast.add_group(nm.country, sector)
    a.aliases.add(cast.text[nm.s_char : g_end])
    cast.mention(nm.s_char, g_end, nm.span.label, a.key, ent_end=nm.e_char)
    return True


def _capital_as_place(cast: Cast, nm: Name) -> bool:
    """A capital not used as an agent ("departed Pyongyang") is a place in its country."""
    if not _names_a_country(nm, cast.lexicon) or nm.country is not None or _is_agentive(cast.ctx.doc, nm.span):
        return False
    return _place(cast, nm, cast.lexicon.capitals[nm.n])


def _country(cast: Cast, nm: Name) -> bool:
    """A country name, demonym or capital as an agent ("Pyongyang wanted ...") -> the country."""
    if not _names_a_country(nm, cast.lexicon):
        return False
    iso = nm.country or cast.lexicon.capitals[nm.n]
    a = cast.add(f"country:{iso}", cast.lexicon.countries.get(iso, nm.surface), "country", iso)
    if nm.span.label != "NORP":
        a.aliases.add(strip_possessive(nm.surface))
    cast.mention(nm.s_char, nm.e_char, nm.span.label, a.key)
    return True


def _person(cast: Cast, nm: Name) -> bool:
    """A person (see `people.person_mention`)."""
    if nm.span.label != "PERSON":
        return False
    person_mention(cast, nm)
    return True


def _organization(cast: Cast, nm: Name) -> bool:
    """An organisation, with its country from the list or from its name ("Kenya Airways")."""
    if nm.span.label != "ORG":
        return False
    lx = cast.lexicon
    if _acronym(cast, nm):
        return True
    oc, osec = lx.orgs.get(nm.n, (None, None))
    if osec is None:  # "Toronto Police", "Puerto Rico Senate": the head noun is an agent of a place
        osec = lx.agent_sector([org_head(nm.surface)])
        oc = oc or (leading_place(nm.surface, lx) if osec else None)
    if oc is None:
        oc = leading_country(nm.surface, lx)
    _named(cast, nm, "organization", oc, osec)
    return True


def org_head(name: str) -> str:
    """The head word of an organisation's name: "Supreme Court of Puerto Rico" -> "Court"."""
    words = re.split(r"\s+", re.split(r"\s+of\s+", name.strip())[0])
    return strip_possessive(words[-1]) if words else ""


def _acronym(cast: Cast, nm: Name) -> bool:
    """ "NTC" after "National Telecommunications Commission (NTC)": an upper-case ORG whose
    letters are the initials of an organisation named before it is that organisation."""
    if not (nm.surface.isalpha() and nm.surface.isupper() and len(nm.surface) >= 3):
        return False
    for a in cast.actors.values():
        if a.actor_type == "organization" and _initials(a.name) == nm.surface:
            a.aliases.add(nm.surface)
            cast.mention(nm.s_char, nm.e_char, nm.span.label, a.key)
            return True
    return False


@lru_cache(maxsize=4096)  # a name's initials, for every acronym read after it
def _initials(name: str) -> str:
    """The first letters of the capitalised words of a name ("National Telecommunications
    Commission" -> "NTC")."""
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper())


def _people(cast: Cast, nm: Name) -> bool:
    """A people ("Iraqi Kurds", "Bosnian Serbs"), with the country named before it."""
    if nm.span.label != "NORP":
        return False
    country = leading_country(nm.surface, cast.lexicon) if len(nm.n.split()) > 1 else None
    _named(cast, nm, "group", country)
    return True


def _place(cast: Cast, nm: Name, country: str | None = None) -> bool:
    """Any other GPE / LOC / FAC: a place, with its country when Phoenix knows it."""
    return _named(cast, nm, "location", country or cast.lexicon.places.get(nm.n))


def _named(cast: Cast, nm: Name, atype: str, country=None, sector=None) -> bool:
    """An actor keyed by its type and normal form, named as written."""
    key = f"{atype}:{nm.n}"
    a = cast.add(key, strip_possessive(nm.surface), atype, country, sector)
    a.aliases.add(strip_possessive(nm.surface))
    cast.mention(nm.s_char, nm.e_char, nm.span.label, key)
    return True


MENTION_RULES = (_country_group, _capital_as_place, _country, _person, _organization, _people, _place)


def add_mentions(cast: Cast) -> None:
    """Every name span through `MENTION_RULES`, in text order."""
    toks = cast.ctx.toks
    for sp in cast.spans:
        nm = Name.of(toks, cast.text, sp, cast.lexicon)
        if nm.n:
            for rule in MENTION_RULES:  # the last rule takes any span
                if rule(cast, nm):
                    break


def leading_country(name: str, lexicon: ActorLexicon) -> str | None:
    """A country named at the head of an organisation's name: "Serbian Workers' Union",
    "Palestinian Islamic Jihad", "Kenya Anti-Corruption Commission" (skipping "The", "Radical")."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    while words and words[0].lower() in ("the", "radical", "militant", "new", "united"):
        words.pop(0)
    for n in (2, 1):
        if len(words) > n - 1:
            hit = lexicon.country_of(" ".join(words[:n]))
            if hit:
                return hit
    return None


def leading_place(name: str, lexicon: ActorLexicon) -> str | None:
    """The country of a place or capital at the head of a name ("Toronto Police": CAN)."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    for n in (2, 1):
        if len(words) > n:
            lead = norm(" ".join(words[:n]))
            hit = lexicon.country_of(lead) or lexicon.places.get(lead) or lexicon.capitals.get(lead)
            if hit:
                return hit
    return None


_LOCATED_PREPS = ("in", "throughout", "across", "from")


def _located_country(by_start: dict[int, str], tok) -> str | None:
    """The country of the place a noun is located in ("rebels in the Ivory Coast")."""
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ not in _LOCATED_PREPS:
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        iso = next((by_start[t.idx] for t in pobj.subtree if t.idx in by_start), None)
        if iso is not None:
            return iso
    return None


def located_groups(cast: Cast) -> None:
    """ "Rebels in the Ivory Coast", "opposition groups in Zimbabwe", "security forces in
    Guinea": an agent noun placed in a country is that country's group (CIVREB, ZWEOPP, ...),
    as the demonym form ("Ivorian rebels") already is."""
    ctx, lx = cast.ctx, cast.lexicon
    covered = bytearray(len(cast.text) + 1)  # 1 for every character a mention already has
    for m in cast.mentions:
        covered[m.start_char : m.end_char] = b"\x01" * (m.end_char - m.start_char)
    # a country, or a place with its country ("the Ivory Coast" as a place in CIV)
    by_start = {
        m.start_char: cast.actors[m.actor_key].country_code
        for m in cast.mentions
        if m.actor_key in cast.actors
        and cast.actors[m.actor_key].actor_type in ("country", "location")
        and cast.actors[m.actor_key].country_code
    }
    a = ctx.arrays
    nouns = (a.pos == ctx.hashes(("NOUN",))[0]) & ctx.among(a.tag, ("NNS", "NN"))
    # only a noun with an agent word in it or in a compound/amod before it can have a sector
    agentish = ctx.among(a.lower, lx.agent_words)
    modifiers = agentish & ctx.among(a.dep, ("compound", "amod")) & (a.head > np.arange(len(a.head)))
    modified = np.zeros(len(a.head), dtype=bool)
    modified[a.head[modifiers]] = True
    for tok in ctx.tokens_where(nouns & (agentish | modified)):
        if covered[tok.idx]:
            continue
        modifiers = [t for t in tok.lefts if t.dep_ in ("compound", "amod")]
        sector = lx.agent_sector([t.text for t in modifiers] + [tok.text])
        if not sector or not lx.sec(sector):
            continue
        iso = _located_country(by_start, tok)
        if iso is None:
            continue
        s_char, e_char = min([tok, *modifiers], key=lambda t: t.i).idx, tok.idx + len(tok.text)
        a = cast.add_group(iso, sector)
        a.aliases.add(cast.text[s_char:e_char])
        cast.mention(s_char, e_char, "NOMINAL", a.key)
        covered[s_char:e_char] = b"\x01" * (e_char - s_char)


def demonym_before_group(cast: Cast) -> None:
    """ "Iraqi Kurds": a people right after a country's demonym lives in that country."""
    ordered = sorted(cast.mentions, key=lambda m: m.start_char)
    for prev, cur in itertools.pairwise(ordered):
        a, p = cast.actors.get(cur.actor_key), cast.actors.get(prev.actor_key)
        if a is None or p is None or a.actor_type != "group" or a.country_code or p.actor_type != "country":
            continue
        if cast.text[prev.end_char : cur.start_char].strip() == "":
            a.country_code = p.country_code
