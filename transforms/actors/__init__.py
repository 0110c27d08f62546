"""Actors: spaCy entities -> canonical actors inside one article, then across articles.

Pure functions; the reference tables (seeds/reference/*.csv, all columns Utf8) come in as
a dict of frames (`ActorLexicon.from_tables`), never as file paths.

Rules inside one article (`analyse_actors`), in the order they apply:

* Spans: PERSON, ORG, GPE, LOC, NORP, FAC entities (see `_entities` for the small-model
  fixes: spans cut at numbers, "v" and spaced dashes, layout patterns of wire copy, and
  document-level label consistency), trimmed of a leading "the", a trailing
  possessive and any title the small model swallowed ("Chairman Kim" -> "Kim", role
  "Chairman"). A span whose text is a known country is a country whatever its label
  ("the U.S." tagged ORG); an ORG/GPE span equal to a surname of a person named in the
  article is that person.
* Countries: names and synonyms from Phoenix -> ``country:ISO3``. Demonyms (NORP "North
  Korean") -> the country. A capital used as an agent (subject, possessor, agent of a
  passive: "Pyongyang wanted ...") -> the country; otherwise a ``location`` with the country.
* Country + agent noun ("North Korean officials", "the U.S. military") -> a ``group`` actor
  ``group:PRKGOV`` named "North Korea (government)", with country and sector: event coders
  treat PRKGOV and PRK as different actors, and the group keeps them apart. The mention
  covers the whole phrase; ``Mention.ent_end`` marks where the named entity ends.
* People: the name is the PERSON span without titles and possessive. Titles right before
  the name ("former President", "North Korean leader", "Secretary of State") and an
  appositive after it (", the North Korean leader's right-hand man,") become roles
  (role, country, sector). Names compare on a normal form (case, hyphens, dots), so
  "Kim Jong-un" = "Kim Jong Un". A mention whose words are a subset of a longer name in
  the article ("Pompeo", "Kim") links to it when only one name fits, or to the one in focus
  (mentioned in the last ``FOCUS_SENTENCES`` sentences); otherwise ``actor_key`` is None.
  A partial name with no longer name in the article is its own actor.
* Person country: a country inside a role ("North Korean leader") > the people list
  (Phoenix, plus a short list of post-2016 office holders Phoenix lacks) > a US-only office
  (Secretary of State, CIA director, senator ... ``US_OFFICES``) > a generic office
  (President, Prime Minister ... ``GENERIC_OFFICES``): the article's focus country (the
  country it names most, when clearly), else USA for US-style titles (President, First
  Lady) when the article names the US. Sector: role head (``TITLE_SECTORS``) > people list.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

import polars as pl

from transforms.doc_model import ArticleActors, LocalActor, Mention

STG_LOCAL_ACTOR = {
    "article_id": pl.Utf8, "actor_key": pl.Utf8, "name": pl.Utf8, "actor_type": pl.Utf8,
    "country_code": pl.Utf8, "sector": pl.Utf8, "aliases": pl.List(pl.Utf8), "published_date": pl.Date,
}
DIM_ACTOR = {"actor_id": pl.Utf8, "name": pl.Utf8, "actor_type": pl.Utf8, "country_code": pl.Utf8, "sector": pl.Utf8}
DIM_ACTOR_ALIAS = {"actor_id": pl.Utf8, "alias": pl.Utf8}
KEY_MAP = {"article_id": pl.Utf8, "actor_key": pl.Utf8, "actor_id": pl.Utf8}
STG_ACTOR_ROLE = {"article_id": pl.Utf8, "actor_key": pl.Utf8, "role": pl.Utf8, "country_code": pl.Utf8,
                  "sector": pl.Utf8, "as_of_date": pl.Date}
ACTOR_ROLE = {"actor_id": pl.Utf8, "role": pl.Utf8, "country_code": pl.Utf8, "sector": pl.Utf8,
              "article_id": pl.Utf8, "as_of_date": pl.Date}

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")
FOCUS_SENTENCES = 2  # a bare surname follows the namesake mentioned this many sentences back

# Title words that may precede a name (lower case). Head words carry a sector.
TITLE_SECTORS = {
    "president": "GOV", "vice": None, "premier": "GOV", "minister": "GOV", "secretary": "GOV",
    "leader": "GOV", "chairman": "GOV", "chairwoman": "GOV", "chair": "GOV", "director": "GOV",
    "senator": "LEG", "sen.": "LEG", "rep.": "LEG", "representative": "LEG", "congressman": "LEG",
    "congresswoman": "LEG", "lawmaker": "LEG", "speaker": "LEG", "governor": "GOV", "gov.": "GOV",
    "mayor": "GOV", "ambassador": "GOV", "envoy": "GOV", "diplomat": "GOV", "negotiator": "GOV",
    "spokesman": "GOV", "spokeswoman": "GOV", "spokesperson": "GOV", "official": "GOV", "adviser": "GOV",
    "advisor": "GOV", "chancellor": "GOV", "king": "GOV", "queen": "GOV", "prince": "ELI", "dictator": "GOV",
    "general": "MIL", "gen.": "MIL", "commander": "MIL", "admiral": "MIL", "colonel": "MIL", "col.": "MIL",
    "lt.": "MIL", "sgt.": "MIL", "major": "MIL", "captain": "MIL", "judge": "JUD", "justice": "JUD",
    "pope": "REL", "cardinal": "REL", "bishop": "REL", "rabbi": "REL", "imam": "REL", "chief": None,
    "head": None, "attorney": "GOV", "prosecutor": "JUD", "ceo": "BUS", "executive": "BUS",
    "sheikh": "ELI", "emir": "GOV", "sultan": "GOV", "prime": None,
}
TITLE_MODIFIERS = {
    "former", "then", "then-", "acting", "deputy", "vice", "prime", "foreign", "defense", "defence",
    "interior", "finance", "state", "national", "security", "supreme", "special", "senior", "top",
    "chief", "general", "of", "the", "cia", "fbi", "nsa", "u.s.", "us", "un", "u.n.", "white", "house",
    "intelligence", "trade", "economy", "justice", "first", "lady", "mr.", "mrs.", "ms.", "dr.", "mr",
    "mrs", "ms", "dr", "sir", "dame", "lord", "chairman", "party", "-", "elect", "designate", "army",
    "military", "staff", "joint", "chiefs", "head", "team", "majority", "minority", "house", "senate",
    # portfolios and ranks: "Nigerian junior foreign minister", "Planning and Investment Minister"
    "junior", "assistant", "planning", "investment", "health", "education", "energy", "agriculture",
    "information", "culture", "labour", "labor", "home", "transport", "development", "environment",
    "industry", "commerce", "communications", "and", "affairs", "public", "works", "internal", "external",
}
HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "dame", "lord", "mr.", "mrs.", "ms.", "dr."}
# Offices that, with no country named in the title, are US offices (the US names them so).
US_OFFICES = {
    "secretary of state", "cia director", "director of the cia", "director of central intelligence",
    "fbi director", "director of the fbi", "secretary of defense", "defense secretary", "attorney general",
    "national security adviser", "national security advisor", "senator", "sen.", "congressman",
    "congresswoman", "rep.", "speaker of the house", "house speaker", "treasury secretary",
    "secretary of the treasury", "white house chief of staff", "state secretary",
}
# Offices every country has: with no country in the title, the article's focus country
# (the one it names most, if clearly), else the US for the US-style ones when the article
# names the US at all ("President Andrzej Duda" in a story about Poland is Polish).
GENERIC_OFFICES = {
    "president", "vice president", "prime minister", "deputy prime minister", "premier", "chancellor",
    "foreign minister", "defence minister", "defense minister", "interior minister", "finance minister",
    "minister", "king", "queen", "first lady", "secretary", "leader", "supreme leader",
}
US_STYLE_OFFICES = {"president", "vice president", "first lady", "secretary"}
# Agent nouns Phoenix lists only inside longer phrases ("GOVERNMENT_OFFICIAL").
AGENT_EXTRA = {
    "official": "GOV", "officials": "GOV", "leader": "GOV", "leaders": "GOV", "leadership": "GOV",
    "authorities": "GOV", "authority": "GOV", "administration": "GOV", "regime": "GOV", "government": "GOV",
    "diplomat": "GOV", "diplomats": "GOV", "negotiator": "GOV", "negotiators": "GOV", "delegation": "GOV",
    "military": "MIL", "troops": "MIL", "troop": "MIL", "soldiers": "MIL", "soldier": "MIL", "forces": "MIL",
    "army": "MIL", "navy": "MIL", "police": "COP", "media": "MED", "journalists": "JRN", "lawmakers": "LEG",
    "legislators": "LEG", "rebels": "REB", "opposition": "OPP", "businesses": "BUS", "companies": "BUS",
}
# Everyday short names Phoenix files among a country's provinces and cities.
COUNTRY_EXTRA = {"britain": "GBR", "great britain": "GBR", "holland": "NLD", "burma": "MMR", "prc": "CHN"}
# A few bodies every US-politics story names and Phoenix lacks.
ORG_EXTRA = {
    "state department": ("USA", "GOV"), "department of state": ("USA", "GOV"), "cia": ("USA", "GOV"),
    "pentagon": ("USA", "MIL"), "white house": ("USA", "GOV"), "congress": ("USA", "LEG"),
    "fbi": ("USA", "GOV"), "senate": ("USA", "LEG"), "kctv": ("PRK", "MED"), "kcna": ("PRK", "MED"),
}
_APPOS_STOP = {",", ".", ";", ":", "(", ")", "\"", "“", "”", "—", "–"}
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def norm(text: str) -> str:
    """Comparison form of a name: case, possessive, dots, hyphens and a leading 'the' ignored."""
    t = text.replace("’", "'").strip()
    t = _POSSESSIVE.sub("", t)
    t = t.lower().replace(".", "").replace("-", " ").replace("_", " ")
    t = re.sub(r"\s+", " ", t).strip()
    return t[4:] if t.startswith("the ") else t


def _names_country(n: str, raw: str, country: str) -> bool:
    """Is a Phoenix synonym a name of the country itself (shares a word with its name, or an
    acronym such as DPRK) rather than a province or city?"""
    words = set(norm(country).split()) - {"of", "the", "and", "republic", "democratic", "people's", "federation",
                                          "islamic", "north", "south"}
    # "Russia" for "Russian Federation": a shared stem of five letters or more
    return any(a[:5] == b[:5] and len(a) >= 5 and len(b) >= 5 for a in words for b in n.split()) \
        or bool(words & set(n.split())) or (raw.replace(".", "").isupper() and len(raw) <= 6) \
        or len(n.replace(" ", "")) <= 4 and raw.replace(".", "").lower() == n.replace(" ", "") and raw[:1].isupper() \
        and n in ("us", "usa", "uk", "dprk", "rok", "prc", "uae", "drc")


def _col(tables: dict[str, pl.DataFrame], name: str, *cols: str) -> list[tuple]:
    df = tables.get(name)
    if df is None or df.height == 0 or not all(c in df.columns for c in cols):
        return []
    return list(df.select(*cols).iter_rows())


@dataclass
class ActorLexicon:
    countries: dict[str, str] = field(default_factory=dict)  # ISO3 -> display name
    country_names: dict[str, str] = field(default_factory=dict)  # norm name/synonym -> ISO3
    demonyms: dict[str, str] = field(default_factory=dict)  # norm -> ISO3
    capitals: dict[str, str] = field(default_factory=dict)  # norm -> ISO3
    places: dict[str, str] = field(default_factory=dict)  # norm province/city synonym -> ISO3
    agents: dict[str, str] = field(default_factory=dict)  # lower noun phrase -> sector
    orgs: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # norm -> (country, sector)
    people: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # norm -> (country, sector)
    surname_country: dict[str, str] = field(default_factory=dict)  # norm surname -> ISO3 most namesakes share
    iso3: set[str] = field(default_factory=set)
    sectors: set[str] = field(default_factory=set)
    sector_labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_tables(cls, tables: dict[str, pl.DataFrame], vocab=None) -> ActorLexicon:
        lx = cls()
        lx.iso3 = {c for (c,) in _col(tables, "iso3", "iso3") if c}
        lx.sectors = {s for (s,) in _col(tables, "sectors", "sector") if s}
        lx.sector_labels = {s: lab for s, lab in _col(tables, "sectors", "sector", "label") if s and lab}
        for iso, name in _col(tables, "countries", "iso3", "name"):
            lx.countries[iso] = name
            lx.country_names[norm(name)] = iso
            lx.iso3.add(iso)
        for name, iso, kind in _col(tables, "country_synonyms", "name", "iso3", "kind"):
            n = norm(name)
            if kind == "demonym":
                lx.demonyms.setdefault(n, iso)
            elif _names_country(n, name, lx.countries.get(iso, "")):
                lx.country_names.setdefault(n, iso)
            else:  # Phoenix lists provinces and cities as synonyms: places in the country
                lx.places.setdefault(n, iso)
        for name, iso in COUNTRY_EXTRA.items():
            if iso in lx.iso3:
                lx.country_names[name] = iso
                lx.places.pop(name, None)
        for cap, iso in _col(tables, "capitals", "capital", "iso3"):
            lx.capitals[norm(cap)] = iso
            lx.country_names.pop(norm(cap), None)  # a capital is a place first, the country by metonymy
        for agent, sector in _col(tables, "agents", "agent", "sector"):
            lx.agents.setdefault(agent.lower(), sector)
        lx.agents.update(AGENT_EXTRA)
        for name, cc, sec in _col(tables, "organizations", "name", "country_code", "sector"):
            lx.orgs.setdefault(norm(name), (cc, sec))
        for name, (cc, sec) in ORG_EXTRA.items():
            lx.orgs[name] = (cc, sec)
        by_surname: dict[str, list[str]] = {}
        for name, cc, sec in _col(tables, "people", "name", "country_code", "sector"):
            lx.people.setdefault(norm(name), (cc, sec))
            words = norm(name).split()
            if len(words) > 1 and cc:
                by_surname.setdefault(words[-1], []).append(cc)
        # A bare surname ("Bush", "Bouteflika") says the country when (nearly) every namesake
        # in the dictionary shares it; the person stays unlinked to any one namesake.
        for surname, codes in by_surname.items():
            top = max(set(codes), key=codes.count)
            if codes.count(top) >= 0.75 * len(codes):
                lx.surname_country[surname] = top
        return lx

    # Codes outside the reference sets would fail the quality gate: drop them here.
    def cc(self, code: str | None) -> str | None:
        return code if code and (not self.iso3 or code in self.iso3) else None

    def sec(self, code: str | None) -> str | None:
        return code if code and (not self.sectors or code in self.sectors) else None

    def country_of(self, text: str) -> str | None:
        n = norm(text)
        hit = self.country_names.get(n) or self.demonyms.get(n)
        if hit is None and n.endswith("s"):  # plural demonym: "North Koreans"
            hit = self.demonyms.get(n[:-1])
        return hit

    def agent_sector(self, words: list[str]) -> str | None:
        for w in words:
            lw = w.lower()
            s = self.agents.get(lw) or (self.agents.get(lw[:-1]) if lw.endswith("s") else None)
            if s:
                return s
        return None


@dataclass
class _Span:
    start: int  # token indices
    end: int
    label: str
    role_tokens: list = field(default_factory=list)


def _sent_starts(doc) -> list[int]:
    return [s.start_char for s in doc.sents]


def _trim(doc, start: int, end: int, label: str) -> tuple[int, int, list]:
    """Drop a leading 'the', trailing possessive/punctuation and (PERSON) leading titles."""
    swallowed = []
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and (doc[end - 1].text in ("'s", "’s", "'", "’") or doc[end - 1].is_punct
                           and doc[end - 1].text not in (".",)):
        end -= 1
    if label == "PERSON":
        while end - start > 1 and (doc[start].lower_ in TITLE_SECTORS or doc[start].lower_ in TITLE_MODIFIERS):
            swallowed.append(doc[start])
            start += 1
    return start, end, swallowed


def _leading_country(name: str, lexicon: ActorLexicon) -> str | None:
    """A country named at the head of an organisation's name: "Serbian Workers' Union",
    "Palestinian Islamic Jihad", "Kenya Anti-Corruption Commission" (skipping "The", "Radical")."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    while words and words[0].lower() in ("the", "radical", "militant", "radical", "new", "united"):
        words.pop(0)
    for n in (2, 1):
        if len(words) > n - 1:
            hit = lexicon.country_of(" ".join(words[:n]))
            if hit:
                return hit
    return None


def _title_before(doc, start: int, lexicon: ActorLexicon | None = None) -> list:
    """Title tokens immediately before token `start` ("former President", "North Korean leader")."""
    toks = []
    i = start - 1
    sent_start = doc[start].sent.start
    while i >= sent_start:
        t = doc[i]
        lw = t.lower_
        if lw in TITLE_SECTORS or lw in TITLE_MODIFIERS or (t.ent_type_ in ("NORP", "GPE") and t.text[:1].isupper()) \
                or (lexicon is not None and toks and t.text[:1].isupper() and lexicon.country_of(t.text)):
            # the last test: a demonym the NER folded into an ORG ("British Defence Secretary")
            toks.insert(0, t)
            i -= 1
            continue
        break
    while toks and toks[0].lower_ in ("of", "the", "-", "and"):
        toks.pop(0)
    if not any(t.lower_ in TITLE_SECTORS and TITLE_SECTORS[t.lower_] or t.lower_ in HONORIFICS for t in toks):
        return []
    return toks


def _appositive(doc, end: int) -> list:
    """", the North Korean leader's right-hand man," after a name -> its tokens."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("the", "a", "an"):
        return []
    toks = []
    j = end + 2
    while j < len(doc) and j < end + 12 and doc[j].text not in _APPOS_STOP and not doc[j].is_sent_start:
        toks.append(doc[j])
        j += 1
    if j >= len(doc) or doc[j].text not in _APPOS_STOP or not toks:
        return []
    if not any(t.lower_ in TITLE_SECTORS for t in toks):
        return []
    return toks


def _role(tokens: list, lexicon: ActorLexicon, doc) -> tuple[str, str | None, str | None, str | None]:
    """(role text, country, sector, office kind: "us" | "us-style" | "generic" | None) of title tokens."""
    text = doc.text[tokens[0].idx: tokens[-1].idx + len(tokens[-1].text)]
    country = None
    for t in tokens:
        if t.ent_type_ in ("NORP", "GPE"):
            ent = next((e for e in doc.ents if e.start <= t.i < e.end), None)
            if ent is not None:
                country = country or lexicon.country_of(ent.text)
        elif country is None and t.text[:1].isupper() and t.pos_ in ("ADJ", "PROPN"):
            # a demonym the NER left untagged in a title ("British Defence Secretary")
            country = lexicon.country_of(t.text)
    words = [t.lower_ for t in tokens if t.lower_ not in HONORIFICS]
    sector = next((TITLE_SECTORS[w] for w in reversed(words) if TITLE_SECTORS.get(w)), None)
    core = " ".join(w for w in words if w not in ("former", "then", "then-", "acting", "-", "elect"))
    core = re.sub(r"^(?:the |u\.?s\.? |us |american )", "", core)
    core = re.sub(r"['’]s$", "", core).strip()
    if core in US_OFFICES or any(w in ("u.s.", "us", "american") for w in words):
        kind = "us"
    elif core in GENERIC_OFFICES:
        kind = "us-style" if core in US_STYLE_OFFICES else "generic"
    else:
        kind = None
    if text.lower().endswith(("'s", "’s")):
        text = text[:-2]
    return text, country, sector, kind


def analyse_actors(ctx, lexicon: ActorLexicon) -> ArticleActors:
    doc = ctx.doc
    """Mentions and canonical actors of one parsed article (see the module docstring)."""
    text = doc.text
    starts = _sent_starts(doc)

    def sent_index(char: int) -> int:
        return max(bisect.bisect_right(starts, char) - 1, 0)

    spans: list[_Span] = []
    for ent_start, ent_end, ent_label in _entities(doc, lexicon):
        s, e, swallowed = _trim(doc, ent_start, ent_end, ent_label)
        if s >= e:
            continue
        label = ent_label
        if not any(c.isupper() for c in doc[s:e].text):
            continue  # lower-case "state", "president": not a name
        if e - s == 1 and doc[s].lower_ in TITLE_MODIFIERS and _title_head_before(doc, s):
            continue  # "State" in "Secretary of State"
        if label in ("GPE", "LOC", "FAC", "PERSON") and not lexicon.country_of(doc[s:e].text) \
                and norm(doc[s:e].text) in lexicon.orgs and norm(doc[s:e].text) not in lexicon.capitals:
            label = "ORG"  # a known organisation the model took for a place
        if label in ("ORG", "GPE") and e - s >= 2 and doc[s].lower_ in TITLE_MODIFIERS and _title_head_before(doc, s) \
                and all(_capitalised(t) and not _is_title_word(t) for t in doc[s + 1:e]) \
                and norm(doc[s + 1:e].text) not in lexicon.orgs:
            # "Secretary of State Pompeo" tagged ORG "State Pompeo": a titled person
            while s < e - 1 and _is_title_word(doc[s]):
                s += 1
            label = "PERSON"
        if label == "PERSON" and e - s >= 3 and s >= 2 and doc[s - 1].lower_ == "of" \
                and TITLE_SECTORS.get(doc[s - 2].lower_) and not doc[s].is_sent_start:
            swallowed = [*swallowed, doc[s]]  # "Mayor of Koszalin Piotr Jedlinski": the place is the title's
            s += 1
        if label == "PERSON" and lexicon.country_of(doc[s:e].text) and e - s <= 3:
            label = "GPE"  # "Korea" tagged PERSON
        elif label == "PERSON" and e - s >= 2 and all(lexicon.country_of(t.text) for t in doc[s:e]):
            label = "NORP"  # "Bosnian Serbs" tagged PERSON: a people, not a person
        spans.append(_Span(s, e, label, swallowed))

    # The article's focus country: the one it names most, when clearly (>= 2 mentions, and
    # more than any other); read by the generic-office rule for people.
    named = Counter(lexicon.country_of(doc[sp.start:sp.end].text) for sp in spans if sp.label in ("GPE", "NORP", "LOC"))
    named.pop(None, None)
    top = named.most_common(2)
    focus = (top[0][0] if top and top[0][1] >= 2 and (len(top) == 1 or top[0][1] > top[1][1]) else None,
             "USA" in named)

    # Full person names (>= 2 words, or single words never seen inside a longer name).
    def pnorm(sp: _Span) -> str:
        return norm(doc[sp.start:sp.end].text)

    persons = [sp for sp in spans if sp.label == "PERSON"]
    full_names: dict[str, str] = {}  # norm -> display
    for sp in persons:
        n = pnorm(sp)
        if len(n.split()) >= 2 and n not in full_names:
            full_names[n] = re.sub(r"['’]s$", "", doc[sp.start:sp.end].text)
    name_tokens = {n: set(n.split()) for n in full_names}
    surname_words = {w for n in full_names for w in n.split()}
    # An ORG/GPE/NORP span that is a word of a person's name in this article is that person
    # ("Pompeo Insists ..." tagged ORG in a headline).
    for sp in spans:
        n = pnorm(sp)
        if sp.label in ("ORG", "GPE", "NORP", "LOC") and " " not in n and n in surname_words \
                and not lexicon.country_of(n):
            sp.label = "PERSON"

    actors: dict[str, LocalActor] = {}
    mentions: list[Mention] = []
    person_mentions: list[tuple[int, str]] = []  # (sentence, key) for focus

    def add(key: str, name: str, atype: str, country=None, sector=None) -> LocalActor:
        a = actors.get(key)
        if a is None:
            a = actors[key] = LocalActor(key=key, name=name, actor_type=atype,
                                         country_code=lexicon.cc(country), sector=lexicon.sec(sector))
        else:
            a.country_code = a.country_code or lexicon.cc(country)
            a.sector = a.sector or lexicon.sec(sector)
        return a

    def mention(s_char, e_char, label, key, role=None, ent_end=None):
        mentions.append(Mention(start_char=s_char, end_char=e_char, text=text[s_char:e_char], label=label,
                                sentence_index=sent_index(s_char), actor_key=key, role=role, ent_end=ent_end))

    pending_roles: dict[int, list] = {}  # mention index -> roles of a partial name
    deferred: list[tuple[_Span, str, int]] = []  # partial person names, resolved after all full names
    for sp in spans:
        tok_s, tok_e = doc[sp.start], doc[sp.end - 1]
        s_char, e_char = tok_s.idx, tok_e.idx + len(tok_e.text)
        surface = text[s_char:e_char]
        n = norm(surface)
        if not n:
            continue
        label = sp.label
        country = lexicon.country_of(surface) if label != "PERSON" else None
        if label in ("GPE", "LOC", "NORP", "ORG", "FAC") and (country or n in lexicon.capitals):
            iso = country or lexicon.capitals[n]
            # Country (or demonym) + agent noun -> a country-sector group.
            nxt = [t.text for t in doc[sp.end: sp.end + 2] if not t.is_punct]
            sector = None
            used = 0
            if nxt:
                two = " ".join(nxt).lower()
                if len(nxt) == 2 and two in lexicon.agents:
                    sector, used = lexicon.agents[two], 2
                elif nxt[0].lower() in lexicon.agents and doc[sp.end].pos_ in ("NOUN", "PROPN"):
                    sector, used = lexicon.agents[nxt[0].lower()], 1
            after = sp.end + used
            if sector and after < len(doc) and doc[after].ent_type_ == "PERSON":
                sector = None  # "North Korean leader Kim Jong Un": a title, not a group
            if sector and country and lexicon.sec(sector) and lexicon.cc(iso):
                end_tok = doc[sp.end + used - 1]
                g_end = end_tok.idx + len(end_tok.text)
                key = f"group:{iso}{sector}"
                cname = lexicon.countries.get(iso, iso)
                a = add(key, f"{cname} ({lexicon.sector_labels.get(sector, sector.lower())})", "group", iso, sector)
                a.aliases.add(text[s_char:g_end])
                mention(s_char, g_end, label, key, ent_end=e_char)
                continue
            if country is None and not _is_agentive(doc, sp):
                # a capital as a place ("departed Pyongyang"), not as its government
                key = f"location:{n}"
                a = add(key, _strip_poss(surface), "location", iso)
                a.aliases.add(_strip_poss(surface))
                mention(s_char, e_char, label, key)
                continue
            key = f"country:{iso}"
            a = add(key, lexicon.countries.get(iso, surface), "country", iso)
            if label != "NORP":
                a.aliases.add(_strip_poss(surface))
            mention(s_char, e_char, label, key)
            continue
        if label == "PERSON":
            role_toks = _title_before(doc, sp.role_tokens[0].i if sp.role_tokens else sp.start, lexicon) + sp.role_tokens
            role = _role(role_toks, lexicon, doc) if role_toks else None
            appos = _appositive(doc, sp.end)
            appos_role = _role(appos, lexicon, doc) if appos else None
            display = _strip_poss(surface)
            words = n.split()
            longer = [fn for fn in full_names if fn != n and set(words) < name_tokens[fn]]
            if longer:
                idx = len(mentions)
                deferred.append((sp, surface, idx))
                mention(s_char, e_char, label, None, role=role[0] if role else None)
                pending_roles[idx] = [r for r in (role, appos_role) if r]
                continue
            key = f"person:{n}"
            pc, ps = lexicon.people.get(n, (None, None))
            if pc is None and len(words) == 1:
                pc = lexicon.surname_country.get(n)
            a = add(key, full_names.get(n, display), "person")
            a.aliases.add(display)
            _apply_roles(a, [r for r in (role, appos_role) if r], lexicon, pc, ps, focus)
            mention(s_char, e_char, label, key, role=role[0] if role else None)
            person_mentions.append((sent_index(s_char), key))
            continue
        if label == "ORG":
            oc, osec = lexicon.orgs.get(n, (None, None))
            if oc is None:
                oc = _leading_country(surface, lexicon)
            key = f"organization:{n}"
            a = add(key, _strip_poss(surface), "organization", oc, osec)
            a.aliases.add(_strip_poss(surface))
            mention(s_char, e_char, label, key)
            continue
        if label == "NORP":
            key = f"group:{n}"
            # "Iraqi Kurds", "Bosnian Serbs": a people named with the country they live in
            a = add(key, _strip_poss(surface), "group", _leading_country(surface, lexicon) if len(n.split()) > 1 else None)
            a.aliases.add(_strip_poss(surface))
            mention(s_char, e_char, label, key)
            continue
        # GPE / LOC / FAC not known as a country: a place (with its country when Phoenix knows it)
        key = f"location:{n}"
        a = add(key, _strip_poss(surface), "location", lexicon.places.get(n))
        a.aliases.add(_strip_poss(surface))
        mention(s_char, e_char, label, key)

    # Partial names: a unique longer name, else the one in focus, else unresolved.
    person_mentions.sort()
    for sp, surface, idx in deferred:
        n = norm(surface)
        m = mentions[idx]
        cands = [f"person:{fn}" for fn in full_names if set(n.split()) < name_tokens[fn] and f"person:{fn}" in actors]
        key = None
        if len(cands) == 1:
            key = cands[0]
        elif cands:
            recent = [(s, k) for s, k in person_mentions if k in cands and s <= m.sentence_index
                      and m.sentence_index - s <= FOCUS_SENTENCES]
            if recent:
                last_s = max(s for s, _ in recent)
                # the most recent mention before this one in that sentence window
                before = [k for mm in mentions if mm.actor_key in cands and mm.start_char < m.start_char
                          and mm.sentence_index >= m.sentence_index - FOCUS_SENTENCES for k in [mm.actor_key]]
                key = before[-1] if before else next(k for s, k in recent if s == last_s)
        if key is not None:
            m.actor_key = key
            a = actors[key]
            a.aliases.add(_strip_poss(surface))
            pc, ps = lexicon.people.get(norm(a.name), (None, None))
            _apply_roles(a, pending_roles.get(idx, []), lexicon, pc, ps, focus)

    _located_groups(doc, lexicon, mentions, actors, add, sent_index)
    _demonym_before_group(doc, mentions, actors)
    mentions.sort(key=lambda m: (m.start_char, -m.end_char))
    return ArticleActors(mentions=mentions, actors=actors)


_LOCATED_PREPS = {"in", "throughout", "across", "from"}


def _demonym_before_group(doc, mentions: list[Mention], actors: dict) -> None:
    """"Iraqi Kurds": a people right after a country's demonym lives in that country."""
    ordered = sorted(mentions, key=lambda m: m.start_char)
    for prev, cur in zip(ordered, ordered[1:]):
        a, p = actors.get(cur.actor_key), actors.get(prev.actor_key)
        if a is None or p is None or a.actor_type != "group" or a.country_code or p.actor_type != "country":
            continue
        if doc.text[prev.end_char:cur.start_char].strip() == "":
            a.country_code = p.country_code


def _located_groups(doc, lexicon: ActorLexicon, mentions: list[Mention], actors: dict, add, sent_index) -> None:
    """"Rebels in the Ivory Coast", "opposition groups in Zimbabwe", "security forces in
    Guinea": an agent noun placed in a country is that country's group (CIVREB, ZWEOPP, ...),
    as the demonym form ("Ivorian rebels") already is."""
    covered = [(m.start_char, m.end_char) for m in mentions]
    # a country, or a place with its country ("the Ivory Coast" as a place in CIV)
    by_start = {m.start_char: actors[m.actor_key].country_code for m in mentions if m.actor_key in actors
                and actors[m.actor_key].actor_type in ("country", "location") and actors[m.actor_key].country_code}
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.tag_ not in ("NNS", "NN"):
            continue
        if any(s <= tok.idx < e for s, e in covered):
            continue
        sector = lexicon.agent_sector([t.text for t in tok.lefts if t.dep_ in ("compound", "amod")] + [tok.text])
        if not sector or not lexicon.sec(sector):
            continue
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ not in _LOCATED_PREPS:
                continue
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            span = [t for t in pobj.subtree]
            iso = next((by_start[t.idx] for t in span if t.idx in by_start), None)
            if iso is None:
                continue
            left = min([tok] + [t for t in tok.lefts if t.dep_ in ("compound", "amod")], key=lambda t: t.i)
            s_char, e_char = left.idx, tok.idx + len(tok.text)
            key = f"group:{iso}{sector}"
            cname = lexicon.countries.get(iso, iso)
            a = add(key, f"{cname} ({lexicon.sector_labels.get(sector, sector.lower())})", "group", iso, sector)
            a.aliases.add(doc.text[s_char:e_char])
            mentions.append(Mention(s_char, e_char, doc.text[s_char:e_char], "NOMINAL", sent_index(s_char), key))
            covered.append((s_char, e_char))
            break


def _title_head_before(doc, s: int) -> bool:
    """Is token `s` inside a title such as "Secretary of State" (a head title word at most
    two tokens back, joined by "of")?"""
    for k in range(max(0, s - 3), s):
        if TITLE_SECTORS.get(doc[k].lower_) and all(doc[m].lower_ in ("of", "the") or _is_title_word(doc[m])
                                                    for m in range(k + 1, s)):
            return True
    return False


def _is_title_word(tok) -> bool:
    return tok.lower_ in TITLE_SECTORS or tok.lower_ in TITLE_MODIFIERS


def _capitalised(tok) -> bool:
    t = tok if isinstance(tok, str) else tok.text
    return t[:1].isupper() and any(c.isalpha() for c in t)


_NUM = re.compile(r"[+-]?\d[\d.,:/\-]*(?:st|nd|rd|th)?$")
_SCORE = re.compile(r"\d{1,3}$")
_DATE = re.compile(r"\d{4}-\d\d-\d\d$")
_INITIAL = re.compile(r"[A-Z]\.$")  # one letter: "U.S." and "U.N." are not initials


def _is_num(tok) -> bool:
    return bool(_NUM.match(tok.text))


def _name_word(tok) -> bool:
    """A word that can be part of a proper name (capitalised, or an initial)."""
    return _capitalised(tok) and not _is_num(tok) and tok.text not in ("(", ")", "-", "--", '"')


ORG_CUE_BEFORE = {"club", "team", "side", "giant", "firm", "company", "group", "carrier", "maker", "makers",
                  "airline", "insurer", "newspaper", "daily", "agency", "bank", "broker", "brokerage", "retailer",
                  "manufacturer", "producer", "operator", "champions", "outfit", "conglomerate", "subsidiary"}
ORG_CUE_AFTER = {"shares", "stock", "stocks", "inc", "inc.", "plc", "ltd", "ltd.", "corp", "corp.", "co", "co.",
                 "gdrs", "ceo", "shareholders", "subsidiary"}
_CUT_WORDS = {"v", "v.", "vs", "vs."}  # "Birmingham v Barnsley": two teams
_CAPS_CUT_WORDS = {"at", "in", "on", "to", "for", "after", "from", "with", "beat", "beats", "and", "over"}


def _cut_at(doc, k: int, caps: bool) -> bool:
    """Does token k split the model's entity span in two (or trim it)? Bare numbers, "v",
    a spaced dash ("RUGBY UNION - SOUTH AFRICA"), and in upper-case headlines the small
    words the model reads as part of a name ("CALIFORNIA BOSTON AT OAKLAND")."""
    t = doc[k]
    if _is_num(t) or t.lower_ in _CUT_WORDS:
        return True
    if t.text in ("-", "--", "/", "(", ")") and k > 0 and doc[k - 1].whitespace_:
        return True
    return caps and t.lower_ in _CAPS_CUT_WORDS


def _results_line(sent) -> bool:
    """A sports/markets table row: many bare numbers ("Pohang 3 Ulsan 2", "Essex 372")."""
    nums = sum(_is_num(t) for t in sent)
    return nums >= 2 and nums >= 0.25 * len(sent)


def _pattern_entities(doc, lexicon: ActorLexicon) -> list[tuple[int, int, str]]:
    """Name runs whose label the local layout decides, whatever the model said (newswire
    conventions the small model misses, esp. in tables and upper-case lines):

    * ``Name ( Country )``: a person listed with their nationality ("Monica Seles ( U.S. )");
      a team instead when a score follows ("Benetton ( Italy ) 92");
    * ``I. Name`` (initials then a capitalised word): a person ("M. Gatting");
    * in a results line, a name followed by a score ("Essex 372", "Pohang 3"): a team, i.e.
      an organisation (countries stay countries: national sides are coded as the country);
    * ``CITY 1996-08-30`` (a wire dateline): a place."""
    out = []
    n = len(doc)
    # words of multi-word person names: "Trump 45 percent" in a poll table is no team
    person_names = {e.text.lower() for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2} \
        | {e[-1].lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2}
    i = 0
    while i < n:
        if not _name_word(doc[i]) or doc[i].lower_ in ("the", "a", "an"):
            i += 1
            continue
        j = i
        while j < n and (_name_word(doc[j]) or (doc[j].lower_ in ("of", "de", "'s") and j + 1 < n
                                                   and _name_word(doc[j + 1]) and j > i)):
            if j > i and doc[j].is_sent_start:
                break
            j += 1
        run = doc[i:j]
        nxt = doc[j] if j < n else None
        label = None
        if nxt is not None and nxt.text == "(" and j + 2 < n and doc[j + 2].text == ")" \
                and lexicon.country_of(doc[j + 1].text) and not lexicon.country_of(run.text):
            after = doc[j + 3] if j + 3 < n else None
            label = "ORG" if after is not None and _SCORE.match(after.text) else "PERSON"
        elif len(run) >= 2 and _INITIAL.match(run[0].text) and run[-1].text[:1].isupper() \
                and not _INITIAL.match(run[-1].text) and len(run[-1].text) > 1:
            label = "PERSON"
        elif nxt is not None and _SCORE.match(nxt.text) and _results_line(run.sent) \
                and not lexicon.country_of(run.text) and run.text.lower() not in person_names \
                and norm(run.text) not in lexicon.people \
                and not (j + 1 < n and doc[j + 1].lower_ in ("percent", "%", "pct", "per")):
            label = "ORG"
        elif ((nxt is not None and nxt.lower_ in ("v", "vs")) or (i > 0 and doc[i - 1].lower_ in ("v", "vs"))) \
                and not lexicon.country_of(run.text) and not _INITIAL.match(run[0].text):
            label = "ORG"  # "Essex v Kent": a fixture between teams ("Roe v. Wade" is a court case)
        elif nxt is not None and _DATE.match(nxt.text) and run.text.isupper():
            label = "GPE"
        if label:
            out.append((i, j, label))
        i = max(j, i + 1)
    return out


def _entities(doc, lexicon: ActorLexicon) -> list[tuple[int, int, str]]:
    """spaCy's entities, plus cheap fixes for the small model (token spans):

    * entity spans are cut at bare numbers ("Haitai 2 Samsung 0" -> two names), "v",
      spaced dashes and (upper-case lines) small words; trailing common nouns are dropped;
    * layout patterns (`_pattern_entities`) override the model's label;
    * organisation cues ("tyre giant Pirelli", "Magna shares") relabel a single-word
      person/place as an organisation;
    * a capitalised country name or capital it left untagged ("Belarus", "BELGRADE");
    * document consistency: an untagged repeat of a name it tagged elsewhere in the
      article (case-insensitively for upper-case text: a headline repeats the body), and a
      person's surname after the full name ("Lebed" after "Alexander Lebed"), get the
      name's majority label, unless the repeat sits inside a longer capitalised name
      ("White House" does not make "House" an entity); tagged repeats with a minority
      label are relabelled when the majority is at least twice as common."""
    ents = []
    for e in doc.ents:
        caps = e.text.isupper()
        s = e.start
        for k in range(e.start, e.end + 1):
            if k == e.end or _cut_at(doc, k, caps):
                end = k
                # a name ends with a capitalised word: "Interfax news agency" -> "Interfax"
                while end > s and doc[end - 1].is_lower and doc[end - 1].is_alpha and doc[end - 2].whitespace_:
                    end -= 1
                # ("Trump 45 percent", PERCENT): the name left over is no quantity
                piece_ok = e.label_ in ENTITY_LABELS or (s, end) == (e.start, e.end) \
                    or any(c.isdigit() for c in doc[s:end].text)
                if end > s and piece_ok:
                    ents.append((s, end, e.label_))
                s = k + 1
    forced = _pattern_entities(doc, lexicon)
    if forced:
        # a pattern's label wins for the model's spans it overlaps (or a model span
        # overlapping it wins when it is a longer PERSON: "Tiger Woods 70" stays a person)
        keep = []
        for s, e, lab in ents:
            over = [f for f in forced if f[0] < e and s < f[1]]
            if not over:
                keep.append((s, e, lab))
            elif lab == "PERSON" and e - s >= 2 and all(f[2] == "ORG" for f in over):
                keep.append((s, e, lab))
                forced = [f for f in forced if f not in over]
        ents = keep + forced
    # Organisation cues next to a name the model took for a person or place ("tyre giant
    # Pirelli", "Magna shares", "Belgian club Standard Liege"); the relabel then spreads to
    # the name's other mentions through the majority vote below.
    person_words = {t.lower_ for s, e, lab in ents if lab == "PERSON" and e - s >= 2 for t in doc[s:e]}
    cued = []
    for s, e, lab in ents:
        if lab in ("PERSON", "GPE", "LOC", "FAC", "NORP") and (s, e, lab) not in forced \
                and not (lab == "PERSON" and (e - s >= 2 or doc[s].lower_ in person_words)) \
                and not lexicon.country_of(doc[s:e].text) and norm(doc[s:e].text) not in lexicon.capitals \
                and ((s > 0 and doc[s - 1].lower_ in ORG_CUE_BEFORE)
                     or (e < len(doc) and doc[e].lower_ in ORG_CUE_AFTER and doc[e].pos_ in ("NOUN", "PROPN"))):
            cued.append((s, e, lab, "ORG"))
    for s, e, lab, new in cued:
        ents[ents.index((s, e, lab))] = (s, e, new)
        forced.append((s, e, new))
    occupied = [False] * len(doc)
    for s, e, _ in ents:
        for i in range(s, e):
            occupied[i] = True

    def free(s, e):
        return e <= len(doc) and not any(occupied[s:e])

    def take(s, e, label):
        ents.append((s, e, label))
        for i in range(s, e):
            occupied[i] = True

    def key(toks) -> tuple[str, ...]:
        return tuple(t.text.lower() for t in toks)

    forced_set = set(forced)
    labels: dict[tuple[str, ...], Counter] = {}
    for s, e, lab in ents:
        if lab in ENTITY_LABELS:
            labels.setdefault(key(doc[s:e]), Counter())[lab] += 2 if (s, e, lab) in forced_set else 1
    surnames: dict[tuple[str, ...], Counter] = {}
    for s, e, lab in ents:
        last = doc[e - 1]
        if lab == "PERSON" and e - s >= 2 and _capitalised(last) and len(last.text) > 2:
            surnames.setdefault((last.text.lower(),), Counter())["PERSON"] += 1
    for k, c in surnames.items():
        labels.setdefault(k, c)
    majority = {}
    surface_ok = {key(doc[s:e]) for s, e, _ in ents
                  if all(_capitalised(t) or t.text in ("of", "and", "-", "&", ".") for t in doc[s:e])}
    surface_ok |= set(surnames)
    for k, c in labels.items():
        (lab, cnt), *rest = c.most_common()
        if k in surface_ok and (not rest or cnt >= 2 * rest[0][1]):
            majority[k] = lab
    # relabel minority occurrences (not the layout-forced ones)
    ents = [(s, e, majority.get(key(doc[s:e]), lab) if lab in ENTITY_LABELS and (s, e, lab) not in forced_set
             else lab) for s, e, lab in ents]
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for k in majority:
        by_first.setdefault(k[0], []).append(k)

    def inside_longer_name(i, e) -> bool:
        # mixed-case text only: in upper-case lines every word is capitalised
        prev = doc[i - 1] if i > 0 else None
        nxt = doc[e] if e < len(doc) else None
        if prev is not None and not doc[i].is_sent_start and _name_word(prev) and not prev.is_sent_start \
                and not prev.text.isupper():
            return True
        return nxt is not None and _name_word(nxt) and not nxt.text.isupper() and not nxt.is_sent_start

    for i, tok in enumerate(doc):
        if occupied[i] or not _capitalised(tok):
            continue
        for k in sorted(by_first.get(tok.text.lower(), []), key=len, reverse=True):
            e = i + len(k)
            if not free(i, e):
                continue
            toks = doc[i:e]
            if key(toks) != k:
                continue
            # exact surface, or an upper-case rendering of it (headlines)
            if not (toks.text.isupper() or all(_capitalised(t) or t.text in ("of", "and", "-", "&", ".")
                                               for t in toks)):
                continue
            if len(k) == 1 and tok.is_sent_start and tok.is_stop:
                continue
            if inside_longer_name(i, e) and not toks.text.isupper():
                continue
            take(i, e, majority[k])
            break
    # untagged country names and capitals
    for i in range(len(doc)):
        if occupied[i] or not _capitalised(doc[i]):
            continue
        for n in (4, 3, 2, 1):
            e = i + n
            if not free(i, e) or not all(_capitalised(t) or t.lower_ in ("of", "the") for t in doc[i:e]):
                continue
            nm = norm(doc[i:e].text)
            if (nm in lexicon.country_names or nm in lexicon.capitals) and len(nm) > 2:
                take(i, e, "GPE")
                break
    return sorted((s, e, lab) for s, e, lab in ents if lab in ENTITY_LABELS)


def _strip_poss(s: str) -> str:
    return _POSSESSIVE.sub("", s.strip()).strip() or s


def _is_agentive(doc, sp: _Span) -> bool:
    """Is the span used as an agent (so a capital stands for its government)?"""
    root = doc[sp.start:sp.end].root
    return root.dep_ in ("nsubj", "nsubjpass", "poss", "agent") or (
        root.dep_ == "pobj" and root.head.lower_ == "by")


def _apply_roles(a: LocalActor, roles: list, lexicon: ActorLexicon, pc, ps, focus: tuple) -> None:
    """Roles -> LocalActor.roles. Country: a country in a title > the people list > a US
    office > a generic office: the article's focus country, else the US for US-style titles
    when the article names the US. `focus` = (focus country or None, article names the US)."""
    kinds = set()
    for text, country, sector, kind in roles:
        entry = (text, lexicon.cc(country), lexicon.sec(sector))
        if entry not in a.roles:
            a.roles.append(entry)
        a.country_code = a.country_code or lexicon.cc(country)
        if country is None and kind:
            kinds.add(kind)
    focus_cc, names_us = focus
    guess = None
    if "us" in kinds:
        guess = "USA"
    elif kinds & {"generic", "us-style"}:
        guess = focus_cc or ("USA" if "us-style" in kinds and names_us else None)
    a.country_code = a.country_code or lexicon.cc(pc) or lexicon.cc(guess)
    if a.sector is None:
        a.sector = next((lexicon.sec(s) for _, _, s in a.roles if lexicon.sec(s)), None) or lexicon.sec(ps)


# ---------------------------------------------------------------- cross-article resolution


@dataclass
class ActorResolution:
    key_map: pl.DataFrame  # KEY_MAP
    actors: pl.DataFrame  # DIM_ACTOR rows to insert or update
    aliases: pl.DataFrame  # DIM_ACTOR_ALIAS rows not known yet


def actor_id(actor_type: str, name: str, country_code: str | None = None) -> str:
    """Stable id: countries by ISO3, everything else by type and normalised name."""
    if actor_type == "country" and country_code:
        return f"act_country_{country_code}"
    return "act_" + hashlib.sha1(f"{actor_type}|{norm(name)}".encode()).hexdigest()[:16]


def _is_partial(name: str) -> bool:
    return len(norm(name).split()) < 2


def resolve_actors(local_actors: pl.DataFrame, known_actors: pl.DataFrame,
                   known_aliases: pl.DataFrame) -> ActorResolution:
    """Give every (article, local key) a warehouse actor_id.

    Same type and normalised name -> same actor, in any article and any run. A one-word
    person name ("Pompeo") joins the person whose aliases (known, or from this batch) hold
    it when exactly one person does; otherwise it stays its own actor."""
    local = local_actors.cast(STG_LOCAL_ACTOR)
    known_actors = known_actors.cast(DIM_ACTOR)
    known_aliases = known_aliases.cast(DIM_ACTOR_ALIAS)
    known_type = dict(zip(known_actors["actor_id"], known_actors["actor_type"], strict=True))

    rows = list(local.iter_rows(named=True))
    ids: list[str] = [actor_id(r["actor_type"], r["name"], r["country_code"]) for r in rows]

    # alias (norm) -> person actor ids, from the warehouse and this batch's full names
    person_alias: dict[str, set[str]] = {}
    for aid, alias in known_aliases.iter_rows():
        if known_type.get(aid) == "person":
            person_alias.setdefault(norm(alias), set()).add(aid)
    for aid, r in zip(ids, rows, strict=True):
        if r["actor_type"] == "person" and not _is_partial(r["name"]):
            for alias in [r["name"], *(r["aliases"] or [])]:
                person_alias.setdefault(norm(alias), set()).add(aid)
    for i, r in enumerate(rows):
        if r["actor_type"] == "person" and _is_partial(r["name"]):
            owners = person_alias.get(norm(r["name"]), set()) - {ids[i]}
            if len(owners) == 1:
                ids[i] = next(iter(owners))

    key_map = pl.DataFrame({"article_id": [r["article_id"] for r in rows], "actor_key": [r["actor_key"] for r in rows],
                            "actor_id": ids}, schema=KEY_MAP).unique(["article_id", "actor_key"], keep="first",
                                                                    maintain_order=True)

    # One DIM_ACTOR row per touched actor: the known name wins, else the commonest full
    # name; country and sector: known if set, else the commonest non-null value.
    known_rows = {r["actor_id"]: r for r in known_actors.iter_rows(named=True)}
    groups: dict[str, list[dict]] = {}
    for aid, r in zip(ids, rows, strict=True):
        groups.setdefault(aid, []).append(r)
    out, alias_rows = [], set()
    known_alias_set = set(known_aliases.iter_rows())
    for aid in sorted(groups):
        rs = groups[aid]
        k = known_rows.get(aid)

        def common(col, rs=rs):
            c = Counter(r[col] for r in rs if r[col])
            return min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] if c else None

        full = [r for r in rs if not _is_partial(r["name"])] or rs
        name = k["name"] if k else common("name", full)
        atype = k["actor_type"] if k else common("actor_type")
        out.append({"actor_id": aid, "name": name, "actor_type": atype,
                    "country_code": (k and k["country_code"]) or common("country_code"),
                    "sector": (k and k["sector"]) or common("sector")})
        for r in rs:
            for alias in {r["name"], *(r["aliases"] or [])}:
                if alias and (aid, alias) not in known_alias_set:
                    alias_rows.add((aid, alias))
    actors = pl.DataFrame(out, schema=DIM_ACTOR, orient="row")
    aliases = pl.DataFrame(sorted(alias_rows), schema=DIM_ACTOR_ALIAS, orient="row")
    return ActorResolution(key_map=key_map, actors=actors, aliases=aliases)


def build_actor_roles(stg_actor_role: pl.DataFrame, key_map: pl.DataFrame) -> pl.DataFrame:
    """Roles per article, keyed by warehouse actor_id (ACTOR_ROLE)."""
    roles = stg_actor_role.cast(STG_ACTOR_ROLE)
    km = key_map.cast(KEY_MAP).unique(["article_id", "actor_key"], keep="first")
    return (roles.join(km, on=["article_id", "actor_key"], how="inner")
            .filter(pl.col("actor_id").is_not_null() & pl.col("role").is_not_null())
            .select(list(ACTOR_ROLE)).cast(ACTOR_ROLE)
            .unique(["actor_id", "role", "article_id"], keep="first", maintain_order=True))
