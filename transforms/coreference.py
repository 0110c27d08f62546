"""One resolver for pronouns and descriptions, shared by every extractor (citron's
`coreference.py` is the model): a quote's speaker, an event's source and target and an actor's
mention all resolve "he", "they", "the secretary" or "a State Department spokeswoman" here, so
the stages cannot disagree about who an article means.

Rules, in the order they apply:

* a token inside a named mention is that mention's actor;
* a person pronoun ("he", "her") is the latest person outside quotations who was a grammatical
  subject, or the latest resolved speaker, whichever is later, within `PERSON_WINDOW`
  sentences (none when that subject is an ambiguous surname); else the latest person named;
* a group pronoun is the latest actor of a type it agrees with ("it": a country or an
  organisation; "they": a group or an organisation) that was a subject within `GROUP_WINDOW`
  sentences, else the latest one named within that window (farther back, none);
* "I" outside quotation marks in an interview transcript's answer is the interviewee its turn
  label names ("((Naomi Martisius)) I think …"); in the interviewer's turns, no one;
* a definite description ("the secretary", "the senator") is the one person of the article
  whose titles or roles contain its head noun and a title word or organisation it names, never
  a lower rank ("deputy"); with two or more candidates it stays unresolved rather than guess;
* a noun phrase names the actors of its head, conjuncts, modifiers and compounds, never those
  of its prepositional attachments ("the leader of X" is not X); a collective head ("thousands
  of Iraqi Kurds") names its members.

For the roles of events (`actors_of_phrase`), also:

* a proper name the entity tagger missed or mistyped ("congratulated Pelosi", "Pelosi" as a
  place) that is the name or surname of exactly one person of the article is that person;
* "I", "we" inside a quotation is its attributed speaker (`first_person`);
* "the commission", "the court", "police" is the one organisation or group named before it
  whose name holds the noun (`group_description`); with two candidates it stays unresolved.
"""

from __future__ import annotations

import bisect
from functools import cached_property

from transforms.actors.lexicon import name_words, one_edit

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "himself", "herself"})
GROUP_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "itself", "themselves"})
SINGULAR_GROUP_PRONOUNS = frozenset({"it", "its", "itself"})
# the actor types a group pronoun may stand for, in fallback order: "they" a group or an
# organisation (never one country), "it" a country or an organisation (never a plural group)
GROUP_KINDS = (("group", "organization"), ("country", "organization"))
SECOND_PERSON = frozenset({"you"})  # the reader or the one addressed: never a named actor
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "conj", "appos", "poss", "flat", "nummod", "cc"})
# the words of a description that must agree with a person's role ("the former US president")
DESCRIPTION_MODS = frozenset({"amod", "compound", "nmod", "pobj", "npadvmod"})
PERSON_WINDOW = 6  # sentences back for a person pronoun's subject or speaker antecedent
GROUP_WINDOW = 3
FIRST_PERSON = frozenset({"i", "me", "my", "myself", "we", "us", "our", "ourselves"})
FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my", "myself"})
TURN_SPEAKER_TYPES = frozenset({"person", "organization"})
QUOTE_SPEAKER_WINDOW = 2  # sentences back for the speaker of a quotation with no attribution of its own
NAMED_GROUP_TYPES = frozenset({"organization", "group"})
MISSPELT_MIN = 5  # letters a name needs before a one-letter slip is read as that name


class Coreference:
    def __init__(self, ctx):
        self.ctx = ctx
        self.actors = ctx.actors
        self.speakers: list[tuple[int, str]] = []  # (char, actor key) of attributed speakers, in order

    # ---- named mentions
    def actor_of_token(self, tok) -> str | None:
        return self._token_actors.get(tok.i)

    @cached_property
    def _token_actors(self) -> dict[int, str]:
        """Token index -> `actors.actor_at` of its characters: the resolved mention that overlaps
        the token most (the first of equals), for every token a mention overlaps."""
        starts, words, best = self.ctx.toks.starts, self.ctx.toks.words, {}
        for m in self.actors.mentions:
            if m.actor_key is None:
                continue
            k = max(0, bisect.bisect_right(starts, m.start_char) - 1)
            while k < len(starts) and starts[k] < m.end_char:
                overlap = min(m.end_char, starts[k] + len(words[k])) - max(m.start_char, starts[k])
                if overlap > best.get(k, (0, None))[0]:
                    best[k] = overlap, m.actor_key
                k += 1
        return {k: key for k, (_, key) in best.items()}

    def actor_type(self, key: str | None) -> str | None:
        a = self.actors.actors.get(key) if key else None
        return a.actor_type if a else None

    def country(self, key: str | None) -> str | None:
        a = self.actors.actors.get(key) if key else None
        return a.country_code if a else None

    def note_speaker(self, char: int, key: str | None) -> None:
        """Record an attributed person speaker: a later "he continued" may go back to them (a
        country or a group that spoke is never the antecedent of "he")."""
        if self.actor_type(key) == "person":
            self.speakers.append((char, key))

    # ---- pronouns
    def pronoun(self, tok) -> str | None:
        m = self.actors.mention_at(tok.idx, tok.idx + len(tok))
        if m is not None and m.actor_key and m.label != "PRON":
            return m.actor_key
        low = tok.lower_
        if low in PERSON_PRONOUNS:
            return self.person_antecedent(tok.idx)
        if low in GROUP_PRONOUNS:
            return self.group_antecedent(tok.idx, GROUP_KINDS[low in SINGULAR_GROUP_PRONOUNS])
        if low in FIRST_PERSON_SINGULAR and not self.ctx.quoted[tok.idx]:
            return self.turn_speaker(tok.idx)
        return None

    def turn_speaker(self, char: int) -> str | None:
        """In an interview transcript, the actor whose answer holds `char`: the person or
        organisation the last turn label before it names, none in the interviewer's turns."""
        starts, keys = self._turns
        k = bisect.bisect_right(starts, char) - 1
        return keys[k] if k >= 0 else None

    @cached_property
    def _turns(self) -> tuple[list[int], list[str | None]]:
        """Where each turn of a transcript starts, and its speaker's actor (None for the
        interviewer's turns and for a label that names no actor of the article)."""
        starts: list[int] = []
        keys: list[str | None] = []
        interviewer = self.ctx.vocab.kind("quote_extras", "interviewer_label")
        for line_start, s, e, bracketed in self.ctx.turn_labels:
            label = self.ctx.text[s:e].lower()
            key = None if label in interviewer else self._label_actor(s, e)
            # "((X))" always opens a turn; "X:" only when X is the interviewer or an actor
            if bracketed or key is not None or label in interviewer:
                starts.append(line_start)
                keys.append(key)
        return starts, keys

    def _label_actor(self, s: int, e: int) -> str | None:
        """The person or organisation a turn label names whole, or None."""
        m = self.actors.mention_at(s, e)
        if m is None or not m.actor_key or m.start_char > s or m.end_char < e:
            return None
        return m.actor_key if self.actor_type(m.actor_key) in TURN_SPEAKER_TYPES else None

    def _is_subject(self, m, main: bool = False) -> bool:
        """Is the mention a subject (`main`: of its sentence's root verb)?"""
        span = self.ctx.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
        return span is not None and span.root.dep_ in SUBJECT_DEPS and (not main or span.root.head.dep_ == "ROOT")

    def person_antecedent(self, char: int) -> str | None:
        """The later of the last person subject and the last speaker before `char`, within
        `PERSON_WINDOW` sentences ("Pompeo noted that he … his meeting with Kim … “…,” he
        continued" → Pompeo); none after an ambiguous surname ("Vanderbilt", mother and
        daughter); else the last person named."""
        quoted, best_subj, best_any = self.ctx.quoted, None, None
        for m in reversed(self.actors.mentions):
            if m.start_char >= char or quoted[m.start_char]:
                continue
            if m.actor_key is None and m.label == "PERSON" and self._is_subject(m, main=True):
                best_subj = (m.start_char, None)  # no guess past it
                break
            if m.actor_key is None or self.actor_type(m.actor_key) != "person":
                continue
            best_any = best_any or (m.start_char, m.actor_key)
            if self._is_subject(m):
                best_subj = (m.start_char, m.actor_key)
                break
        spoken = [s for s in self.speakers if s[0] < char]
        cands = [x for x in (best_subj, spoken[-1] if spoken else None, self._description_subject(char)) if x]
        if cands:
            c, k = max(cands, key=lambda x: x[0])
            if self.ctx.sent_index_at(char) - self.ctx.sent_index_at(c) <= PERSON_WINDOW:
                return k
        return best_any[1] if best_any else None

    def group_antecedent(self, char: int, kinds: tuple[str, ...]) -> str | None:
        """The latest subject of an agreeing type within `GROUP_WINDOW` sentences, else the
        latest mention of the first agreeing type there; farther back, a guess: none."""
        here = self.ctx.sent_index_at(char)
        latest: dict[str, str] = {}  # actor type -> its latest mention's actor in the window
        for m in reversed(self.actors.mentions):
            if m.start_char >= char or m.actor_key is None:
                continue
            if here - m.sentence_index > GROUP_WINDOW:
                break
            kind = self.actor_type(m.actor_key)
            if kind in kinds and self._is_subject(m):
                return m.actor_key
            latest.setdefault(kind, m.actor_key)
        return next((latest[k] for k in kinds if k in latest), None)

    # ---- descriptions
    @cached_property
    def _role_words(self) -> dict[str, set[str]]:
        """Words of every title and role a person holds in this article."""
        words: dict[str, set[str]] = {}
        for m in self.actors.mentions:
            if m.actor_key and m.role:
                words.setdefault(m.actor_key, set()).update(m.role.lower().split())
        for a in self.actors.actors.values():
            for role in a.roles:
                words.setdefault(a.key, set()).update((role[0] or "").lower().split())
        return {k: w for k, w in words.items() if self.actor_type(k) == "person"}

    def description(self, tok) -> str | None:
        """ "the secretary", "the former US president" → the person whose role names the title
        head and most of its modifiers (a country modifier matches the person's country), never one
        whose role ranks below the title ("deputy", "vice": `rank_modifier`) unless the description
        says so; between equals, the one whose shortest role holding the noun is shortest; a tie
        stays unresolved."""
        head = tok.lemma_.lower()
        if tok.pos_ not in ("NOUN", "PROPN") or head not in self.ctx.vocab.kind("titles", "title_head"):
            return None  # "the party" is no "Taxpayers Party chairman"
        holders = [(k, words) for k, words in self._role_words.items() if head in words]  # the cheap test first
        if (
            not holders
            or self.actor_type(self.actor_of_token(tok)) == "person"
            or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
        ):
            return None
        mods = [t for t in tok.subtree if t.i != tok.i and t.dep_ in DESCRIPTION_MODS]
        # "the prime minister" is not the Deputy Prime Minister, nor "the president" the vice president
        ranks = self.ctx.vocab.kind("titles", "rank_modifier") - {m.lower_ for m in mods}
        holders = [(k, words) for k, words in holders if not words & ranks]
        if not holders:
            return None
        scores = {k: self._modifier_score(k, words, mods) for k, words in holders}
        best = max(scores.values())
        if not best and any(self.actor_of_token(m) or m.lower_ in self._title_words for m in mods):
            return None  # "the chairman of the CRE" is not the Labour chairman, nor "the prime minister" a minister
        hits = [k for k, v in scores.items() if v == best]
        if len(hits) > 1:  # "the president": the plain President, not the "former US Vice President"
            size = {k: self._shortest_role(k, head) for k in hits}
            hits = [k for k in hits if size[k] == min(size.values())]
        return hits[0] if len(hits) == 1 else None

    @cached_property
    def _title_words(self) -> frozenset[str]:
        return self.ctx.vocab.kind("titles", "title_modifier", "title_head")

    def _shortest_role(self, key: str, head: str) -> int:
        """Words in the shortest title or role of a person that holds `head`."""
        roles = [m.role for m in self.actors.mentions if m.actor_key == key and m.role]
        roles += [r[0] for r in self.actors.actors[key].roles if r[0]] if key in self.actors.actors else []
        return min((len(r.split()) for r in roles if head in r.lower().split()), default=99)

    def _modifier_score(self, key: str, words: set[str], mods: list) -> int:
        country = self.country(key)
        return sum(
            1
            for m in mods
            if m.lower_ in words or (country is not None and self.country(self.actor_of_token(m)) == country)
        )

    def _description_subject(self, char: int) -> tuple[int, str] | None:
        """The latest description subject ("the former US president walked out") of the
        sentence of `char` or the one before it, outside quotations, resolved to a person."""
        here = self.ctx.sent_index_at(char)
        for sent in reversed(self.ctx.sents[max(0, here - 1) : here + 1]):
            for t in reversed(sent):
                if t.idx >= char or t.dep_ not in SUBJECT_DEPS or not self._common_head(t) or self.ctx.quoted[t.idx]:
                    continue
                key = self.description(t)
                if key is not None:
                    return t.idx, key
        return None

    def _common_head(self, t) -> bool:
        """A common noun, or a title the tagger read as a proper noun ("the President")."""
        return t.pos_ == "NOUN" or (t.pos_ == "PROPN" and t.lower_ in self.ctx.vocab.kind("titles", "title_head"))

    # ---- noun phrases
    def actors_of_phrase(self, head) -> list[str]:
        """Actors a noun phrase names: its head, conjuncts, modifiers and compounds, not its
        prepositional or clausal attachments; a pronoun or description when nothing is named."""
        keys: list[str] = []
        self._visit(head, keys)
        if not keys and head.lower_ in self.collective_heads:
            for c in head.children:  # "a group of Yoruba leaders": the members act
                if c.dep_ == "prep" and c.lower_ == "of":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            keys = self.actors_of_phrase(g)
        if not keys and head.pos_ == "PROPN":
            keys = [k for k in (self.person_by_name(head) or self.misspelt_name(head),) if k]
        if not keys and head.pos_ == "PRON":
            first = self.first_person(head) if head.lower_ in FIRST_PERSON else None
            keys = [k for k in (first or self.pronoun(head),) if k]
        if not keys and head.pos_ in ("NOUN", "PROPN"):  # "the President accepted"
            keys = [k for k in (self.description(head) or self.group_description(head),) if k]
        return keys

    def _visit(self, t, keys: list[str]) -> None:
        k = self.actor_of_token(t)
        if k and t.pos_ == "PROPN" and self.actor_type(k) == "location" and self.country(k) is None:
            k = self.person_by_name(t) or k  # "Pelosi" tagged as a place
        if k and k not in keys:
            keys.append(k)
        for c in t.children:
            if c.dep_ in PHRASE_DEPS or (c.dep_ == "det" and c.pos_ == "PROPN"):
                if c.dep_ == "poss" and keys:
                    continue  # "Trump's administration" is Trump only when nothing else is named
                self._visit(c, keys)

    @cached_property
    def collective_heads(self) -> frozenset[str]:
        return self.ctx.vocab.kind("actor_extras", "collective_head")

    # ---- names, first person and group descriptions (event roles)
    @cached_property
    def _person_names(self) -> dict[str, str | None]:
        """Each person's names and surnames as written -> the person (None when two share it)."""
        out: dict[str, str | None] = {}
        for a in self.actors.actors.values():
            if a.actor_type != "person":
                continue
            for alias in {a.name, *a.aliases}:
                for name in {alias, alias.split()[-1]} if alias and alias.split() else ():
                    out[name] = a.key if out.get(name, a.key) == a.key else None
        return out

    def person_by_name(self, tok) -> str | None:
        """A capitalised proper name not tagged as that person ("congratulated Pelosi") that is the
        name or surname of exactly one person of the article."""
        if not tok.text[:1].isupper():
            return None
        names = self._person_names
        full = " ".join(t.text for t in tok.lefts if t.dep_ == "compound" and t.pos_ == "PROPN")
        return names.get(f"{full} {tok.text}".strip()) or (names.get(tok.text) if not full else None)

    def misspelt_name(self, tok) -> str | None:
        """A one-word proper name outside every mention that is one letter off the one-word name
        of exactly one actor of the article ("Ethopia has agreed ... Ethiopia and Eritrea")."""
        word = tok.text
        if len(word) < MISSPELT_MIN or not word[:1].isupper() or self.actors.mention_at(tok.idx, tok.idx + len(word)):
            return None
        hits = {
            m.actor_key
            for m in self.actors.mentions
            if m.actor_key and " " not in m.text and m.text != word and one_edit(word, m.text)
        }
        return next(iter(hits)) if len(hits) == 1 else None

    def first_person(self, tok) -> str | None:
        """ "I"/"we" inside a quotation is its speaker: the one attributed speaker noted in the
        sentences the quotation spans, else the last one noted just before it (a quotation that
        continues). Needs the quote stage to have run (`note_speaker`)."""
        q = next((q for q in self.ctx.quote_spans if q.open_mark <= tok.idx < q.end), None)
        if q is None or not self.speakers:
            return None
        sents = self.ctx.sents
        first, last = self.ctx.sent_index_at(q.open_mark), self.ctx.sent_index_at(max(q.open_mark, q.end - 1))
        lo, hi = sents[first].start_char, sents[last].end_char
        near = {k for c, k in self.speakers if lo <= c < hi and not q.open_mark <= c < q.end}
        if len(near) == 1:
            return next(iter(near))
        if near:
            return None
        before = [(c, k) for c, k in self.speakers if c < q.open_mark]
        if before and first - self.ctx.sent_index_at(before[-1][0]) <= QUOTE_SPEAKER_WINDOW:
            return before[-1][1]
        return None

    def group_description(self, tok) -> str | None:
        """ "the commission" -> the National Telecommunications Commission: a common noun (with
        "the", or an agent noun with no determiner: "police") that is the head word of the
        name of exactly one organisation or group named before it ("the court" -> "the
        Supreme Court of Puerto Rico"); a modifier must be in that name too ("the Senate
        committee")."""
        groups = self._named_groups
        if not groups or groups[0][0] >= tok.idx:
            return None  # no organisation or group named before it
        if tok.pos_ not in ("NOUN", "PROPN") or any(
            c.dep_ in ("det", "poss") and c.lower_ != "the" for c in tok.children
        ):
            return None
        if not any(c.dep_ == "det" for c in tok.children) and tok.lower_ not in self.ctx.vocab.kind(
            "actor_extras", "agent"
        ):
            return None  # a bare noun only when it is an agent noun ("police said")
        words = {tok.lower_, tok.lemma_.lower()}
        mods = [c.lower_ for c in tok.children if c.dep_ in ("compound", "amod")]
        hits = set()
        for start, key, name in groups:
            if start >= tok.idx:
                break
            if name and name[-1] in words and all(w in name for w in mods):
                hits.add(key)
        return next(iter(hits)) if len(hits) == 1 else None

    @cached_property
    def _named_groups(self) -> list[tuple[int, str, list[str]]]:
        """(start, actor, name words) of each mention of an organisation or a group, in text order."""
        return [
            (m.start_char, m.actor_key, name_words(m.text))
            for m in self.actors.mentions
            if m.actor_key is not None and self.actor_type(m.actor_key) in NAMED_GROUP_TYPES
        ]
