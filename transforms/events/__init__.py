"""Event coding from the one dependency parse: PLOVER type (via CAMEO), source and target
actors, negation, modality, resolved date, place and a within-article cluster key.

Triggers come from `seeds/reference/event_lexicon.csv` (CAMEO.2.0 verbs with their blocks,
plus event nouns) and `event_patterns.csv` (CAMEO verb patterns, the most specific match
wins). Compound actors ("Hungarian and Romanian officials agreed") give one event per actor;
the rows share an `event_cluster_key`, so they read as one reported event.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

import polars as pl

from transforms.dates import resolve_date
from transforms.doc_model import ArticleActors

STG_EVENT = {
    "sentence_index": pl.Int64, "event_type": pl.Utf8, "event_mode": pl.Utf8, "cameo_code": pl.Utf8,
    "source_key": pl.Utf8, "target_key": pl.Utf8, "location_text": pl.Utf8, "location_country": pl.Utf8,
    "location_key": pl.Utf8, "is_negated": pl.Boolean, "modality": pl.Utf8, "event_date": pl.Date,
    "date_granularity": pl.Utf8, "date_text": pl.Utf8, "trigger_text": pl.Utf8, "start_char": pl.Int64,
    "end_char": pl.Int64, "evidence": pl.Utf8, "confidence": pl.Float64, "event_cluster_key": pl.Utf8,
}
MODALITIES = ("asserted", "future", "hypothetical", "historical")

# Verbs that only carry an event noun ("conducted tests", "held talks"): the noun decides.
LIGHT_VERBS = {"conduct", "hold", "have", "make", "carry", "stage", "undertake", "begin", "start", "launch",
               "continue", "resume", "pay", "host", "attend", "join", "organize", "organise", "plan", "mount"}
# Verbs that negate the event they govern ("failed to meet", "refused to hand over").
NEGATING_VERBS = {"fail", "refuse", "decline", "reject", "avoid", "cancel", "postpone", "deny", "stop", "halt",
                  "abandon", "forgo", "cease"}
# "has yet to begin", "is yet to"
FUTURE_GOVERNORS = {"expect", "plan", "schedule", "intend", "prepare", "set", "hope", "aim", "vow", "promise",
                    "pledge", "agree", "seek", "want", "wish", "offer", "threaten", "propose", "decide"}
SPEECH_VERBS = {"say", "tell", "add", "note", "write", "report", "explain", "remark", "state", "comment", "continue"}
HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should", "can"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
TARGET_PREPS = {"with", "to", "against", "on", "at", "toward", "towards", "into", "from", "over", "for", "upon"}
NOUN_TARGET_PREPS = {"with", "to", "against", "on", "toward", "towards", "into", "over", "of", "in"}
PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout"}
SUBJ = {"nsubj", "csubj"}
PASS_SUBJ = {"nsubjpass", "csubjpass"}
COLLECTIVE_HEADS = {"group", "groups", "thousands", "hundreds", "tens", "dozens", "millions", "some", "many", "most",
                    "members", "member", "delegation", "team", "crowd", "crowds", "number", "majority", "band",
                    "contingent", "batch", "patch", "unit", "units", "one", "two", "all", "none", "couple"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
THING_PRONOUNS = {"it", "its", "they", "them", "their"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
HISTORICAL_DAYS = 365  # a dated event this long before publication is background, not news


@dataclass(frozen=True)
class Pattern:
    before: tuple[frozenset, ...]  # word alternatives that must occur before the verb, in order
    after: tuple[frozenset, ...]
    cameo_code: str
    event_type: str

    @property
    def weight(self) -> int:
        return len(self.before) + len(self.after)


@dataclass
class EventLexicon:
    verbs: dict[str, list[tuple[str, str | None, str | None]]] = field(default_factory=dict)  # lemma -> (block, code, type)
    phrasal: dict[str, list[tuple[tuple[str, ...], str, str | None, str | None]]] = field(default_factory=dict)
    nouns: dict[str, tuple[str, str]] = field(default_factory=dict)  # lemma or phrase -> (code, type)
    patterns: dict[str, list[Pattern]] = field(default_factory=dict)  # block -> patterns
    modes: dict[str, str] = field(default_factory=dict)  # cameo_code -> PLOVER mode
    types: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)  # PLOVER 2021 name -> stored name (REQUEST -> DEMAND)

    @classmethod
    def from_tables(cls, tables: dict[str, pl.DataFrame], vocab=None) -> EventLexicon:
        lex = cls()
        synsets: dict[str, set[str]] = {}
        if "event_synsets" in tables:
            for s, w in tables["event_synsets"].select("synset", "word").iter_rows():
                synsets.setdefault(s, set()).add(w)
        if "event_lexicon" in tables:
            for trig, pos, block, code, et in tables["event_lexicon"].select(
                    "trigger", "pos", "block", "cameo_code", "event_type").iter_rows():
                code, et, block = code or None, et or None, block or ""
                if pos == "NOUN":
                    lex.nouns[trig] = (code, et)
                    continue
                words = tuple(trig.split())
                if len(words) == 1:
                    lex.verbs.setdefault(trig, []).append((block, code, et))
                else:
                    lex.phrasal.setdefault(words[0], []).append((words[1:], block, code, et))
        if "event_patterns" in tables:
            for block, pat, code, et in tables["event_patterns"].select(
                    "block", "pattern", "cameo_code", "event_type").iter_rows():
                p = _compile_pattern(pat, code, et, synsets)
                if p is not None and p.weight:
                    lex.patterns.setdefault(block, []).append(p)
            for ps in lex.patterns.values():
                ps.sort(key=lambda p: -p.weight)
        if "event_type_cameo" in tables:
            for code, mode in tables["event_type_cameo"].select("cameo_code", "event_mode").iter_rows():
                if mode:
                    lex.modes[code] = mode
        if "event_types" in tables:
            for et, p2021 in tables["event_types"].select("event_type", "plover_2021").iter_rows():
                lex.types.add(et)
                if p2021 and p2021 != et:
                    lex.aliases.setdefault(p2021, et)
        return lex

    def canonical(self, event_type: str | None) -> str | None:
        if event_type is None:
            return None
        et = event_type.upper()
        return et if et in self.types or not self.aliases else self.aliases.get(et, et)

    def mode_of(self, code: str | None) -> str | None:
        if not code:
            return None
        for k in (code, code[:3]):
            if k in self.modes:
                return self.modes[k]
        return None


_TOKEN = re.compile(r"\{[^}]*\}|&\w+|[a-z][a-z'_\-]*|[*]")


def _compile_pattern(pattern: str, code: str, et: str, synsets: dict[str, set[str]]) -> Pattern | None:
    if "*" not in pattern:
        return None
    left, right = pattern.split("*", 1)

    def words(part: str) -> tuple[frozenset, ...]:
        out = []
        for t in _TOKEN.findall(part.replace("(", " ").replace(")", " ")):
            if t.startswith("{"):
                out.extend(frozenset({w.replace("_", " ")}) for w in t.strip("{}").lower().split())
            elif t.startswith("&"):
                alts = synsets.get(t.lower())
                if alts:
                    out.append(frozenset(a for alt in alts for a in [alt.split()[-1]]))
            else:
                w = t.replace("_", " ").strip()
                if w:
                    out.append(frozenset({w.split()[-1]}))
        return tuple(out)

    return Pattern(words(left), words(right), code, et)


# --- helpers over the parse -----------------------------------------------------------------


def _forms(tok) -> set[str]:
    return {tok.lower_, tok.lemma_.lower()}


def _match_seq(seq: tuple[frozenset, ...], toks: list[set[str]], max_gap: int = 3, first_gap: int = 3) -> bool:
    """Pattern words in order, each within `max_gap` tokens of the previous one (determiners
    and modifiers may intervene: "* sanctions" matches "lift strict economic sanctions").
    `toks` holds each token's forms (lower case and lemma), computed once per verb."""
    i = 0
    for n, alts in enumerate(seq):
        j, limit = i, i + (first_gap if n == 0 else max_gap)
        while j < len(toks) and j <= limit and not (toks[j] & alts):
            j += 1
        if j >= len(toks) or j > limit:
            return False
        i = j + 1
    return True


def _is_negated(tok) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in {"never", "not", "n't"} for c in tok.children):
        return True
    # "has yet to begin"
    if any(c.lower_ == "yet" for c in tok.children) and tok.dep_ != "ROOT":
        return True
    return False


def _chain(tok, limit: int = 4) -> list:
    """The verb and the verbs that govern it through xcomp/ccomp/aux chains."""
    out, cur = [tok], tok
    for _ in range(limit):
        if cur.dep_ in {"xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "pcomp"} and cur.head is not cur:
            cur = cur.head
            out.append(cur)
        else:
            break
    return out


def _negation(tok) -> bool:
    if _is_negated(tok):
        return True
    if tok.dep_ == "xcomp":
        gov = tok.head
        if gov.lemma_.lower() in NEGATING_VERBS:
            return not _is_negated(gov)  # "did not fail to meet" is a meeting
        if _is_negated(gov) and gov.lemma_.lower() not in {"say", "think", "believe"}:
            return True
        if gov.lemma_.lower() == "be" and any(c.lower_ == "yet" for c in gov.children):
            return True
        if any(c.lower_ == "yet" for c in gov.children) and gov.lemma_.lower() in {"have", "be"}:
            return True
    if tok.dep_ == "pobj" or tok.pos_ == "NOUN":
        # noun events: "no talks", "without any agreement"
        if any(c.lower_ in {"no", "without"} for c in tok.children) or (tok.head.lower_ == "without"):
            return True
    return False


def _modality(tok, event_date: dt.date | None, published: dt.date | None) -> str:
    verbs = _chain(tok)
    for v in verbs:
        kids = list(v.children)
        for c in kids:
            if c.dep_ in {"aux", "auxpass"}:
                low = c.lower_
                if low in HYPOTHETICAL_AUX:
                    return "hypothetical"
                if low in FUTURE_AUX:
                    return "future"
        if v is not tok and v.lemma_.lower() in FUTURE_GOVERNORS:
            return "future"
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in kids):
            return "hypothetical"
        if v.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in kids):
            return "hypothetical"
    # "going to meet", "is to meet", "due to"
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in {"go", "be", "due"} and tok.head.tag_ in {"VBG", "VBZ", "VBP", "JJ"}:
        return "future"
    if tok.pos_ == "NOUN":
        if any(c.lower_ in {"planned", "proposed", "expected", "upcoming", "possible", "potential", "future"}
               for c in tok.children):
            return "hypothetical" if any(c.lower_ in {"possible", "potential"} for c in tok.children) else "future"
    if event_date and published and (published - event_date).days > HISTORICAL_DAYS:
        return "historical"
    return "asserted"


class _Article:
    """Per-article lookups: actors by token, sentence indexes, descriptions."""

    def __init__(self, doc, aa: ArticleActors):
        self.doc, self.aa = doc, aa
        self.sents = list(doc.sents)
        self.sent_starts = [s.start for s in self.sents]
        self._dates: dict[int, list] = {}
        self._role_words: dict[str, set[str]] | None = None

    def sent_index(self, tok) -> int:
        return bisect.bisect_right(self.sent_starts, tok.i) - 1

    def sent_of(self, tok):
        """`tok.sent` recomputes the span on every call; this looks it up."""
        return self.sents[self.sent_index(tok)]

    def dates_in(self, sent):
        i = self.sent_index(sent[0])
        if i not in self._dates:
            self._dates[i] = [e for e in sent.ents if e.label_ == "DATE"]
        return self._dates[i]

    def actor_of_token(self, tok) -> str | None:
        return self.aa.actor_at(tok.idx, tok.idx + len(tok))

    def actors_of_phrase(self, head) -> list[str]:
        """Actors named by a noun phrase: its head, conjuncts, modifiers and compounds,
        but not its prepositional or clausal attachments ("the leader of X" is not X)."""
        keys: list[str] = []

        def visit(t, depth=0):
            k = self.actor_of_token(t)
            if k and k not in keys:
                keys.append(k)
            for c in t.children:
                if c.dep_ in {"compound", "amod", "nmod", "conj", "appos", "poss", "flat", "nummod", "cc"} or \
                        (c.dep_ == "det" and c.pos_ == "PROPN"):
                    if c.dep_ == "poss" and keys:
                        continue  # "Trump's administration" is Trump only when nothing else is named
                    visit(c, depth + 1)
        visit(head)
        if not keys and head.lower_ in COLLECTIVE_HEADS:
            # "a group of Yoruba leaders", "thousands of Iraqi Kurds": the members act
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            keys = self.actors_of_phrase(g)
        if not keys and head.pos_ == "PRON" and head.lower_ in PERSON_PRONOUNS | THING_PRONOUNS:
            k = self.pronoun(head)
            if k:
                keys.append(k)
        if not keys and head.pos_ == "NOUN":
            k = self.description(head)
            if k:
                keys.append(k)
        return keys

    def pronoun(self, tok) -> str | None:
        """A personal pronoun is the latest person who was a grammatical subject within three
        sentences ("Pompeo met the leader ... He said" -> Pompeo), else the latest person."""
        m = self.aa.mention_at(tok.idx, tok.idx + len(tok))
        if m is not None and m.actor_key and m.label != "PRON":
            return m.actor_key
        here = self.sent_index(tok)
        person = tok.lower_ in PERSON_PRONOUNS
        for m in reversed(self.aa.mentions):
            if m.start_char >= tok.idx or m.actor_key is None:
                continue
            a = self.aa.actors.get(m.actor_key)
            if a is None or (a.actor_type == "person") != person or a.actor_type == "location":
                continue
            if here - m.sentence_index > 3:
                break
            span = self.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
            if span is not None and span.root.dep_ in SUBJ | PASS_SUBJ:
                return m.actor_key
        if person:
            return self.aa.last_actor_before(tok.idx, "person")
        for t in ("country", "group", "organization"):
            k = self.aa.last_actor_before(tok.idx, t)
            if k:
                return k
        return None

    def description(self, tok) -> str | None:
        """"the secretary" -> the one person in the article whose role names the noun."""
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        if self._role_words is None:  # role words per person, built once per article
            self._role_words = {}
            for m in self.aa.mentions:
                if m.actor_key and m.role:
                    self._role_words.setdefault(m.actor_key, set()).update(m.role.lower().split())
            for a in self.aa.actors.values():
                for r in a.roles:
                    self._role_words.setdefault(a.key, set()).update((r[0] or "").lower().split())
        head = tok.lemma_.lower()
        hits = {k for k, words in self._role_words.items()
                if head in words and self.aa.actors.get(k) is not None and self.aa.actors[k].actor_type == "person"}
        return hits.pop() if len(hits) == 1 else None

    def country(self, key: str | None) -> str | None:
        a = self.aa.actors.get(key) if key else None
        return a.country_code if a else None


def _subjects(tok, art: _Article) -> tuple[list[str], list[str]]:
    """(sources, passive targets) of a verb, climbing xcomp/conj chains for a missing subject."""
    cur = tok
    for _ in range(4):
        subj = [c for c in cur.children if c.dep_ in SUBJ]
        pas = [c for c in cur.children if c.dep_ in PASS_SUBJ]
        agent = [g for c in cur.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if subj or pas or agent:
            sources = [k for s in subj for k in art.actors_of_phrase(s)] + [k for a in agent for k in art.actors_of_phrase(a)]
            passive_targets = [k for p in pas for k in art.actors_of_phrase(p)] if pas else []
            # a relative clause's subject "who/that" is its head noun
            if not sources and subj and subj[0].tag_ in {"WP", "WDT"} and cur.dep_ == "relcl":
                sources = art.actors_of_phrase(cur.head)
            return sources, passive_targets
        if cur.dep_ in {"xcomp", "conj", "advcl", "acomp"} and cur.head is not cur:
            cur = cur.head
            continue
        if cur.dep_ in {"relcl", "acl"}:
            return art.actors_of_phrase(cur.head), []
        break
    return [], []


def _prep_objects(tok, art: _Article, preps) -> list[str]:
    """Actors of the first "with/to/against … X" attached to `tok` that names one."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    keys = art.actors_of_phrase(g)
                    if keys:
                        return keys
    return []


def _objects(tok, art: _Article, preps=TARGET_PREPS) -> list[str]:
    kids = list(tok.children)
    for c in kids:
        if c.dep_ in {"dobj", "dative", "attr", "oprd"}:
            keys = art.actors_of_phrase(c)
            if keys:
                return keys
    keys = _prep_objects(tok, art, preps)  # "met with X", "threatened action against X"
    if keys:
        return keys
    for c in kids:  # "demanded that Pyongyang dismantle", "urged X to"
        if c.dep_ in {"ccomp", "xcomp"}:
            for g in c.children:
                if g.dep_ in SUBJ | PASS_SUBJ:
                    keys = art.actors_of_phrase(g)
                    if keys:
                        return keys
    for c in kids:  # the object's own "against X" ("threatened further action against Russia")
        if c.dep_ == "dobj":
            keys = _prep_objects(c, art, preps)
            if keys:
                return keys
    return []


def _verb_code(tok, lex: EventLexicon, art: _Article) -> tuple[str | None, str | None, int, int] | None:
    """(cameo_code, event_type, trigger_end_token, weight) for a verb token, or None."""
    lemma = tok.lemma_.lower()
    sent = art.sent_of(tok)
    before = [_forms(t) for t in reversed(tok.doc[max(sent.start, tok.i - 4): tok.i])]  # nearest first
    best = None
    entries = list(lex.verbs.get(lemma, []))
    trig_end = tok.i + 1
    for rest, block, code, et in lex.phrasal.get(lemma, []):
        nxt = [t.lower_ for t in tok.doc[tok.i + 1: tok.i + 1 + len(rest) + 2]]
        # particles may be separated by the object ("turned the remains over")
        if all(w in nxt or w in [c.lower_ for c in tok.children] for w in rest):
            entries.insert(0, (block, code, et))
            trig_end = max(trig_end, tok.i + 1 + (len(rest) if nxt[: len(rest)] == list(rest) else 0))
    if not entries:
        return None
    after = [_forms(t) for t in tok.subtree if t.i > tok.i][:10]
    for block, code, et in entries:
        for p in lex.patterns.get(block, []):
            if best is not None and p.weight <= best[3]:
                break
            if _match_seq(tuple(reversed(p.before)), before) and _match_seq(p.after, after, first_gap=5):
                best = (p.cameo_code, p.event_type, trig_end, p.weight)
                break
    if best is not None:
        return best
    for block, code, et in entries:
        if et:
            return code, et, trig_end, 0
    return None


def _noun_code(tok, lex: EventLexicon) -> tuple[str | None, str | None] | None:
    low, lemma = tok.lower_, tok.lemma_.lower()
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and f"{prev.lower_} {low}" in lex.nouns:
        return lex.nouns[f"{prev.lower_} {low}"]
    if nxt is not None and f"{low} {nxt.lower_}" in lex.nouns:
        return lex.nouns[f"{low} {nxt.lower_}"]
    return lex.nouns.get(low) or lex.nouns.get(lemma)


_MILITARY_WORDS = {"missile", "missiles", "nuclear", "weapon", "weapons", "military", "rocket", "rockets", "bomb",
                   "troops", "army", "naval", "navy", "ballistic", "warhead", "drills", "artillery", "war"}


def _noun_is_event(tok, code: str | None) -> bool:
    """Guard the ambiguous event nouns: a "test" is a show of force only next to weapons,
    a "launch" only of a missile, a "strike" only a military one or a labour strike."""
    if code and code.startswith("15") and tok.lower_ not in {"deployment", "mobilization"}:
        near = {t.lower_ for t in tok.subtree} | {t.lower_ for t in tok.doc[max(0, tok.i - 3): tok.i]}
        return bool(near & _MILITARY_WORDS)
    if tok.lower_ in {"call", "release", "deal", "appeal", "demand", "request", "drill", "strike", "rally"} and \
            tok.dep_ in {"compound", "amod"}:
        return False
    return True


@dataclass
class _Candidate:
    tok: object
    end_tok: int
    code: str | None
    et: str
    sources: list[str]
    targets: list[str]
    weight: int
    is_noun: bool
    derived: bool = False  # an intention/demand read off another event's clause


def _noun_roles(tok, art: _Article) -> tuple[list[str], list[str]]:
    sources, targets = [], []
    for c in tok.children:
        if c.dep_ == "poss":
            sources = art.actors_of_phrase(c)
        elif c.dep_ in {"compound", "amod"} and art.actor_of_token(c):
            sources = sources or [art.actor_of_token(c)]
        elif c.dep_ == "prep" and c.lower_ in {"by", "from"}:
            for g in c.children:
                if g.dep_ == "pobj":
                    sources = art.actors_of_phrase(g) or sources
        elif c.dep_ == "prep" and c.lower_ in {"between"}:
            for g in c.children:
                if g.dep_ == "pobj":
                    ks = art.actors_of_phrase(g)
                    if ks:
                        sources, targets = ks[:1], ks[1:2]
    if not targets:
        targets = _objects(tok, art, NOUN_TARGET_PREPS)
        targets = [k for k in targets if k not in sources]
    # light verb: "North Korea conducted tests", "held talks with X"
    head = tok.head
    if tok.dep_ in {"dobj", "attr", "nsubjpass"} and head.pos_ in {"VERB", "AUX"}:
        if not sources:
            sources = _subjects(head, art)[0]
        if not targets:
            targets = [k for k in _objects(head, art) if k not in sources]
    if not targets and sources:
        # "threats from Trump claiming that the US would ... unless North Korea ...": the first
        # actor in the noun's clause that is neither the source nor of the source's country
        src_cc = {art.country(s) for s in sources} - {None}
        for t in art.sent_of(tok):
            if t.i <= tok.i:
                continue
            k = art.actor_of_token(t)
            if k and k not in sources and art.country(k) not in src_cc and art.aa.actors[k].actor_type in {"country", "group", "organization"}:
                targets = [k]
                break
    return sources, targets


def _location(tok, art: _Article, used: set[str]) -> tuple[str | None, str | None, str | None]:
    """(place text, its country, its actor key): a place attached to the trigger by in/at/near,
    else any other place named in the sentence that is not a source or target."""
    doc = art.doc

    def place(m):
        a = art.aa.actors.get(m.actor_key) if m.actor_key else None
        return m.text, (a.country_code if a else None), m.actor_key

    sent = art.sent_of(tok)
    mentions = [m for m in art.aa.mentions if sent.start_char <= m.start_char < sent.end_char and m.label in PLACE_LABELS]
    for c in list(tok.children) + ([tok.head] if tok.dep_ == "pobj" else []):
        if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
            for g in c.children:
                if g.dep_ == "pobj":
                    for m in mentions:
                        if m.start_char <= g.idx < m.end_char:
                            return place(m)
    for m in mentions:
        if m.actor_key in used:
            continue
        span = doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
        if span is not None and span.root.head.lower_ in PLACE_PREPS:
            return place(m)
    return None, None, None


def _date(tok, art: _Article, published: dt.date | None) -> tuple[dt.date | None, str | None, str | None]:
    """The DATE entity of the trigger's clause (nearest to the trigger), resolved."""
    ents = art.dates_in(art.sent_of(tok))
    if not ents:
        return None, None, None
    clause = set(t.i for t in (tok.head.subtree if tok.dep_ in {"xcomp", "dobj", "pobj"} else tok.subtree))
    ranked = sorted(ents, key=lambda e: (e.root.i not in clause and e.start not in clause, abs(e.start - tok.i)))
    for e in ranked:
        d, gran = resolve_date(e.text, published)
        if d is not None:
            return d, gran, e.text
    return None, None, None


def _confidence(c: _Candidate) -> float:
    score = 0.4
    score += 0.25 if c.sources else 0
    score += 0.2 if c.targets else 0
    score += 0.1 if c.weight else 0
    score -= 0.1 if c.is_noun else 0
    return round(min(max(score, 0.05), 0.99), 2)


def find_candidates(doc, art: _Article, lex: EventLexicon) -> list[_Candidate]:
    out: list[_Candidate] = []
    taken_nouns: set[int] = set()
    for tok in doc:
        if tok.pos_ in {"VERB"} or (tok.pos_ == "AUX" and tok.dep_ == "ROOT" and tok.lemma_ != "be"):
            lemma = tok.lemma_.lower()
            if lemma in SPEECH_VERBS or (tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to"):
                continue  # statements are quotes (CAMEO 01 has no PLOVER type)
            dobj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if lemma in LIGHT_VERBS and dobj is not None and _noun_code(dobj, lex):
                continue  # the noun carries the event
            hit = _verb_code(tok, lex, art)
            if hit is None:
                continue
            code, et, end, weight = hit
            if lemma == "agree" and et != "AGREE":
                code, et = "030", "AGREE"  # "agreed to/on/that": an agreement, whatever the object
            if not et:
                continue
            sources, pass_t = _subjects(tok, art)
            targets = pass_t or [k for k in _objects(tok, art) if k not in sources]
            if not sources and not targets:
                continue
            if dobj is not None:
                taken_nouns.add(dobj.i)
            out.append(_Candidate(tok, end, code, et, sources, targets, weight, False))
        elif tok.pos_ in {"NOUN", "PROPN"} and tok.i not in taken_nouns:
            hit = _noun_code(tok, lex)
            if hit is None or not hit[1] or not _noun_is_event(tok, hit[0]):
                continue
            sources, targets = _noun_roles(tok, art)
            has_anchor = bool(art.dates_in(art.sent_of(tok))) or any(
                c.dep_ == "prep" and c.lower_ in PLACE_PREPS for c in tok.children)
            if not sources and not targets and not has_anchor:
                continue
            out.append(_Candidate(tok, tok.i + 1, hit[0], hit[1], sources, targets, 0, True))
    return out


COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
INTENT_VERBS = {"agree", "promise", "pledge", "vow", "offer", "commit", "decide", "plan", "intend", "prepare",
                "threaten", "swear", "undertake", "resolve", "volunteer"}
INTENT_ADJS = {"willing", "prepared", "ready", "committed", "determined", "set"}
DEMAND_AUX = {"must", "should"}
DEMAND_FRAMES = SPEECH_VERBS | {"announce", "conclude", "insist", "urge", "declare", "stress", "warn", "argue", "reiterate"}


def _intent(c: _Candidate, art: _Article, negated: bool):
    """A stated intention is itself the event a coder records (CAMEO 03 "express intent to
    cooperate", 13 "threaten", 12 "reject", 10 "demand"): "Finland will give Tanzania a
    grant" is AGREE, "X said it would boycott" THREATEN, "Syria says it will not accept
    refugees" REJECT, "Russia said Sudan must return the helicopter" DEMAND.
    Returns (governor token, type, cameo code, sources, targets) or None."""
    tok = c.tok
    if c.is_noun:
        # "promised to continue military aid": the noun's verb carries the intention
        if tok.dep_ not in {"dobj", "attr"} or tok.head.pos_ not in {"VERB", "AUX"}:
            return None
        tok = tok.head
    auxes = [a for a in tok.children if a.dep_ in {"aux", "auxpass"}]
    gov = tok.head if tok.dep_ == "xcomp" else None
    frame = None
    for v in _chain(tok):
        if v is not tok and v.lemma_.lower() in DEMAND_FRAMES:
            frame = v
            break
    must = next((a for a in auxes if a.lower_ in DEMAND_AUX), None)
    if must is not None and frame is not None:
        sources = _subjects(frame, art)[0]
        targets = c.sources or c.targets
        if sources and set(sources) != set(targets):
            return frame, "DEMAND", "100", sources, [k for k in targets if k not in sources]
    unless = any(m.lower_ == "unless" for v in _chain(tok) for m in v.children if m.dep_ == "mark") or any(
        m.lower_ == "unless" for m in tok.subtree)
    cue = None
    if gov is not None and gov.lemma_.lower() in INTENT_VERBS:
        cue = gov
    elif gov is not None and gov.pos_ == "ADJ" and gov.lower_ in INTENT_ADJS:
        cue = gov
    elif gov is not None and gov.pos_ == "AUX" and any(a.lower_ in INTENT_ADJS for a in gov.children if a.dep_ == "acomp"):
        cue = gov
    elif tok.dep_ == "xcomp" and tok.head.dep_ == "acomp" and tok.head.lower_ in INTENT_ADJS:
        cue = tok.head
    else:
        cue = next((a for a in auxes if a.lower_ in FUTURE_AUX | {"would"}), None)
    if cue is None:
        return None
    threat = cue.lemma_.lower() in {"threaten", "swear"} or unless or c.et not in COOPERATIVE
    if threat:
        if negated:
            return None
        return cue, "THREATEN", "130", c.sources, c.targets
    if negated:
        return cue, "REJECT", "120", c.sources, c.targets
    return cue, "AGREE", "030", c.sources, c.targets


def extract_events(ctx, lexicon: EventLexicon) -> list[dict]:
    doc, aa, published_date = ctx.doc, ctx.actors, ctx.published
    """Events of one article as dicts with exactly the `STG_EVENT` keys (offsets into doc.text)."""
    art = _Article(doc, aa)
    rows: list[dict] = []
    cands = find_candidates(doc, art, lexicon)
    derived = []
    for c in cands:
        hit = _intent(c, art, _negation(c.tok))
        if hit is not None:
            cue, et, code, sources, targets = hit
            derived.append(_Candidate(cue, cue.i + 1, code, et, list(sources), list(targets), c.weight, False, True))
    for c in cands + derived:
        tok = c.tok
        et = lexicon.canonical(c.et)
        negated = False if c.derived else _negation(tok)
        d, gran, dtext = _date(tok, art, published_date)
        modality = "asserted" if c.derived else _modality(tok, d, published_date)
        if d is not None and published_date is not None and d > published_date and modality in {"asserted", "historical"}:
            d, gran, dtext = None, None, None  # a later date in a past-tense clause belongs to something else
        used = set(c.sources) | set(c.targets)
        loc_text, loc_cc, loc_key = _location(tok, art, used)
        start = tok.idx
        last = doc[c.end_tok - 1]
        end = last.idx + len(last)
        sent = art.sent_of(tok)
        sources = c.sources or [None]
        targets = c.targets[:1] or [None]
        cluster_actors = sorted({k for k in c.sources + c.targets[:1] if k})
        for src in sources:  # one event per source actor of a compound subject
            tgt = targets[0]
            if tgt == src:
                tgt = c.targets[1] if len(c.targets) > 1 else None
            cluster = "|".join([et or "", *cluster_actors]) if cluster_actors else "|".join([et or "", "@", loc_key or loc_text or "", str(d or "")])
            rows.append({
                "sentence_index": art.sent_index(tok), "event_type": et, "event_mode": lexicon.mode_of(c.code),
                "cameo_code": c.code, "source_key": src, "target_key": tgt, "location_text": loc_text,
                "location_country": loc_cc, "location_key": loc_key, "is_negated": negated, "modality": modality,
                "event_date": d, "date_granularity": gran, "date_text": dtext, "trigger_text": doc.text[start:end],
                "start_char": start, "end_char": end, "evidence": sent.text.strip(), "confidence": _confidence(c),
                "event_cluster_key": cluster,
            })
    return rows


def primary_event(rows: list[dict], doc) -> dict | None:
    """The one event a sentence-level coder would report: the trigger nearest the root of the
    parse, preferring events with both actors (used by the PLOVER evaluation)."""
    if not rows:
        return None

    def depth(r):
        span = doc.char_span(r["start_char"], r["end_char"], alignment_mode="expand")
        t, d = (span.root, 0) if span is not None else (None, 99)
        while t is not None and t.head is not t and d < 50:
            t, d = t.head, d + 1
        return d

    return min(rows, key=lambda r: (depth(r) - 1.0 * ((r["source_key"] is not None) + (r["target_key"] is not None)), r["start_char"]))
