"""`ActorLexicon`: the reference tables (countries, people, organisations, agents from
Phoenix) and the hand-kept actor vocabulary (`seeds/lexicons/titles.csv`,
`actor_extras.csv`), compiled once per run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import polars as pl

from transforms.vocab import Vocabulary

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
# words a country's official name shares with others: "Republic of ..." says nothing
_COUNTRY_FILLERS = frozenset(
    ("of", "the", "and", "republic", "democratic", "people's", "federation", "islamic", "north", "south")
)
_SHORT_COUNTRY_NAMES = ("us", "usa", "uk", "dprk", "rok", "prc", "uae", "drc")


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Comparison form of a name: case, possessive, dots, hyphens and a leading 'the' ignored."""
    t = text.replace("’", "'").strip()
    t = _POSSESSIVE.sub("", t)
    t = t.lower().replace(".", "").replace("-", " ").replace("_", " ")
    t = re.sub(r"\s+", " ", t).strip()
    return t[4:] if t.startswith("the ") else t


def name_words(text: str) -> list[str]:
    """The lower-case words of a name before its "of" phrase: the last is its head word
    ("Supreme Court of Puerto Rico" -> ["supreme", "court"])."""
    return text.lower().replace("-", " ").split(" of ")[0].split()


def one_edit(a: str, b: str) -> bool:
    """Whether two different words are one insertion, deletion, substitution or swap of two
    neighbouring letters apart ("Ethopia"/"Ethiopia", "Quatar"/"Qatar")."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((i for i in range(len(short)) if short[i] != long_[i]), len(short))
    return short[i:] == long_[i + 1 :]


def strip_possessive(s: str) -> str:
    return _POSSESSIVE.sub("", s.strip()).strip() or s


def _names_country(n: str, raw: str, country: str) -> bool:
    """Is a Phoenix synonym a name of the country itself (shares a word with its name, or an
    acronym such as DPRK) rather than a province or city?"""
    words = set(norm(country).split()) - _COUNTRY_FILLERS
    # "Russia" for "Russian Federation": a shared stem of five letters or more
    return (
        any(a[:5] == b[:5] and len(a) >= 5 and len(b) >= 5 for a in words for b in n.split())
        or bool(words & set(n.split()))
        or (raw.replace(".", "").isupper() and len(raw) <= 6)
        or (
            len(n.replace(" ", "")) <= 4
            and raw.replace(".", "").lower() == n.replace(" ", "")
            and raw[:1].isupper()
            and n in _SHORT_COUNTRY_NAMES
        )
    )


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
    listed_demonyms: frozenset[str] = frozenset()  # actor_extras.csv's (Phoenix files them as places)
    capitals: dict[str, str] = field(default_factory=dict)  # norm -> ISO3
    places: dict[str, str] = field(default_factory=dict)  # norm province/city synonym -> ISO3
    agents: dict[str, str] = field(default_factory=dict)  # lower noun phrase -> sector
    orgs: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # norm -> (country, sector)
    people: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # norm -> (country, sector)
    surname_country: dict[str, str] = field(default_factory=dict)  # norm surname -> ISO3 most namesakes share
    iso3: set[str] = field(default_factory=set)
    sectors: set[str] = field(default_factory=set)
    sector_labels: dict[str, str] = field(default_factory=dict)
    # titles.csv: title words before a name (lower case); a head word may carry a sector
    title_sectors: dict[str, str | None] = field(default_factory=dict)
    title_modifiers: frozenset[str] = frozenset()  # "former", "deputy", "of", "mr." ...
    title_words: frozenset[str] = frozenset()  # heads and modifiers
    honorifics: frozenset[str] = frozenset()
    postpositive_titles: frozenset[str] = frozenset()  # "general" in "Attorney General": no head of its own
    role_verbs: frozenset[str] = frozenset()  # "X served as mayor": the complement is X's role
    us_offices: frozenset[str] = frozenset()  # US offices when no country is named
    generic_offices: frozenset[str] = frozenset()  # every country has one: the focus country's
    us_style_offices: frozenset[str] = frozenset()  # generic, but the US when the article names it
    # actor_extras.csv: words next to a name that make it an organisation, and headline cut words
    org_cue_before: frozenset[str] = frozenset()
    org_cue_after: frozenset[str] = frozenset()
    org_suffixes: frozenset[str] = frozenset()  # legal forms that end a company's name ("SpA", "Inc")
    office_heads: frozenset[str] = frozenset()  # "Minister": the word before it is a portfolio
    caps_cut_words: frozenset[str] = frozenset()
    result_verbs: frozenset[str] = frozenset()  # a headline's verb between two sides ("WIGAN BEAT BRADFORD")
    # actor_extras.csv: calendar words and section slugs (never a name), competition heads
    # ("UEFA Cup": an event), geographic words that make a name a place ("Punta Tombo")
    not_a_name: frozenset[str] = frozenset()
    calendar_words: frozenset[str] = frozenset()  # the month and weekday names among them
    event_heads: frozenset[str] = frozenset()
    sport_event_heads: frozenset[str] = frozenset()  # competitions only in sports copy ("National League")
    place_heads_before: frozenset[str] = frozenset()
    place_heads_after: frozenset[str] = frozenset()
    place_heads_of: frozenset[str] = frozenset()  # "the town of X": X is a place
    team_sports: frozenset[str] = frozenset()  # a wire slug that makes the article's places teams
    digest_slugs: frozenset[str] = frozenset()  # a wire slug of a press review ("PRESS DIGEST - ...")
    # actor_extras.csv: unnamed state agents ("police said") and their sector, and the
    # modifiers that make one private ("private investigators")
    state_agents: dict[str, str] = field(default_factory=dict)
    state_bodies: dict[str, str] = field(default_factory=dict)
    not_state_modifiers: frozenset[str] = frozenset()

    @classmethod
    def from_tables(cls, tables: dict[str, pl.DataFrame], vocab: Vocabulary | None = None) -> ActorLexicon:
        vocab = vocab or Vocabulary.from_tables(tables)
        lx = cls()
        lx._read_countries(tables, vocab)
        lx._read_agents_and_orgs(tables, vocab)
        lx._read_people(tables)
        lx._read_vocabulary(vocab)
        return lx

    def _read_countries(self, tables, vocab: Vocabulary) -> None:
        self.iso3 = {c for (c,) in _col(tables, "iso3", "iso3") if c}
        self.sectors = {s for (s,) in _col(tables, "sectors", "sector") if s}
        self.sector_labels = {s: lab for s, lab in _col(tables, "sectors", "sector", "label") if s and lab}
        for iso, name in _col(tables, "countries", "iso3", "name"):
            self.countries[iso] = name
            self.country_names[norm(name)] = iso
            self.iso3.add(iso)
        for name, iso, kind in _col(tables, "country_synonyms", "name", "iso3", "kind"):
            n = norm(name)
            if kind == "demonym":
                self.demonyms.setdefault(n, iso)
            elif _names_country(n, name, self.countries.get(iso, "")):
                self.country_names.setdefault(n, iso)
            else:  # Phoenix lists provinces and cities as synonyms: places in the country
                self.places.setdefault(n, iso)
        # everyday short names Phoenix files among a country's provinces and cities
        for name, iso in vocab.mapping("actor_extras", "country", "country_code").items():
            if iso in self.iso3:
                self.country_names[name] = iso
                self.places.pop(name, None)
        # demonyms Phoenix files as a country's places or synonyms ("Briton", "Welsh")
        self.listed_demonyms = vocab.kind("actor_extras", "demonym")
        for name, iso in vocab.mapping("actor_extras", "demonym", "country_code").items():
            if iso in self.iso3:
                self.demonyms[name] = iso
                self.places.pop(name, None)
                self.country_names.pop(name, None)
        # counties and cities Phoenix lacks (its synonyms have few of Britain's)
        for name, iso in vocab.mapping("actor_extras", "place", "country_code").items():
            if iso in self.iso3:
                self.places.setdefault(name, iso)
        for cap, iso in _col(tables, "capitals", "capital", "iso3"):
            self.capitals[norm(cap)] = iso
            self.country_names.pop(norm(cap), None)  # a capital is a place first, the country by metonymy

    def _read_agents_and_orgs(self, tables, vocab: Vocabulary) -> None:
        for agent, sector in _col(tables, "agents", "agent", "sector"):
            self.agents.setdefault(agent.lower(), sector)
        # agent nouns Phoenix lists only inside longer phrases ("GOVERNMENT_OFFICIAL")
        self.agents.update(vocab.mapping("actor_extras", "agent", "sector"))
        for name, cc, sec in _col(tables, "organizations", "name", "country_code", "sector"):
            self.orgs.setdefault(norm(name), (cc, sec))
        # bodies every US-politics story names and Phoenix lacks
        self.orgs.update(vocab.mapping("actor_extras", "organization", "country_code", "sector"))

    def _read_people(self, tables) -> None:
        by_surname: dict[str, list[str]] = {}
        for name, cc, sec in _col(tables, "people", "name", "country_code", "sector"):
            self.people.setdefault(norm(name), (cc, sec))
            words = norm(name).split()
            if len(words) > 1 and cc:
                by_surname.setdefault(words[-1], []).append(cc)
        # A bare surname ("Bush", "Bouteflika") says the country when (nearly) every namesake
        # in the dictionary shares it; the person stays unlinked to any one namesake.
        for surname, codes in by_surname.items():
            top = max(set(codes), key=codes.count)
            if codes.count(top) >= 0.75 * len(codes):
                self.surname_country[surname] = top

    def _read_vocabulary(self, vocab: Vocabulary) -> None:
        self.title_sectors = vocab.mapping("titles", "title_head", "sector")
        self.title_modifiers = vocab.kind("titles", "title_modifier")
        self.title_words = frozenset(self.title_sectors) | self.title_modifiers
        self.honorifics = vocab.kind("titles", "honorific")
        self.postpositive_titles = vocab.kind("titles", "postpositive")
        self.role_verbs = vocab.kind("titles", "role_verb")
        self.us_offices = vocab.kind("titles", "us_office")
        self.generic_offices = vocab.kind("titles", "generic_office")
        self.us_style_offices = vocab.kind("titles", "us_style_office")
        self.org_cue_before = vocab.kind("actor_extras", "org_cue_before")
        self.org_cue_after = vocab.kind("actor_extras", "org_cue_after")
        self.org_suffixes = vocab.kind("actor_extras", "org_suffix")
        self.office_heads = vocab.kind("actor_extras", "office_head")
        self.result_verbs = vocab.kind("actor_extras", "result_verb")
        self.caps_cut_words = vocab.kind("actor_extras", "caps_cut_word") | self.result_verbs
        self.not_a_name = vocab.kind("actor_extras", "not_a_name")
        self.calendar_words = frozenset(
            r["word"] for r in vocab.table("actor_extras") if r["kind"] == "not_a_name" and r["sector"] == "calendar"
        )
        self.event_heads = vocab.kind("actor_extras", "event_head")
        self.sport_event_heads = vocab.kind("actor_extras", "sport_event_head")
        self.place_heads_before = vocab.kind("actor_extras", "place_head_before")
        self.place_heads_after = vocab.kind("actor_extras", "place_head_after")
        self.place_heads_of = vocab.kind("actor_extras", "place_head_of")
        self.team_sports = vocab.kind("actor_extras", "team_sport")
        self.digest_slugs = vocab.kind("actor_extras", "digest_slug")
        self.state_agents = {w: s for w, s in vocab.mapping("actor_extras", "state_agent", "sector").items() if s}
        self.state_bodies = {w: s for w, s in vocab.mapping("actor_extras", "state_body", "sector").items() if s}
        self.not_state_modifiers = vocab.kind("actor_extras", "not_state_modifier")

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

    @cached_property
    def agent_forms(self) -> dict[str, str]:
        """Lower-case word -> sector, for every word read as an agent: an agent noun, or its
        plural ("officials")."""
        out = {}
        for w in [*self.agents, *(a + "s" for a in self.agents)]:
            if sector := self.agents.get(w) or (self.agents.get(w[:-1]) if w.endswith("s") else None):
                out[w] = sector
        return out

    @cached_property
    def agent_words(self) -> frozenset[str]:
        return frozenset(self.agent_forms)

    def agent_sector(self, words: list[str]) -> str | None:
        return next((s for w in words if (s := self.agent_forms.get(w.lower()))), None)

    def team_sport_story(self, doc) -> bool:
        """Does the wire slug name a team sport ("CRICKET - ...", "SOCCER - ...")?"""
        first = next((tok for tok in doc[:3] if tok.is_alpha), None)
        return first is not None and first.lower_ in self.team_sports

    def press_digest(self, doc) -> bool:
        """Does the wire slug name a press review ("PRESS DIGEST - Tunisia - Aug 31")?"""
        return doc[:2].text.lower() in self.digest_slugs

    def is_title_word(self, tok) -> bool:
        return tok.lower_ in self.title_words
