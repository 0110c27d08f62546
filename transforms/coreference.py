"""One resolver for pronouns and descriptions, shared by every extractor (citron's
`coreference.py` is the model): a quote's speaker, an event's source and target and an actor's
mention all resolve "he", "they", "the secretary" or "a State Department spokeswoman" here, so
the stages cannot disagree about who an article means.

Rules, in the order they apply:

* a token inside a named mention is that mention's actor;
* a person pronoun ("he", "her") is the latest person outside quotations who was a grammatical
  subject, or the latest resolved speaker, whichever is later, within `PERSON_WINDOW`
  sentences; else the latest person named before it;
* a group pronoun ("it", "they") is the latest country, group or organisation that was a
  subject within `GROUP_WINDOW` sentences, else the latest one named;
* a definite description ("the secretary", "the senator") is the one person of the article
  whose titles or roles contain its head noun; with two or more candidates it stays
  unresolved rather than guess;
* a noun phrase names the actors of its head, conjuncts, modifiers and compounds, never those
  of its prepositional attachments ("the leader of X" is not X); a collective head ("thousands
  of Iraqi Kurds") names its members.
"""

from __future__ import annotations

from functools import cached_property

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "himself", "herself"})
GROUP_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "itself", "themselves"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "conj", "appos", "poss", "flat", "nummod", "cc"})
# the words of a description that must agree with a person's role ("the former US president")
DESCRIPTION_MODS = frozenset({"amod", "compound", "nmod", "pobj", "npadvmod"})
PERSON_WINDOW = 6  # sentences back for a person pronoun's subject or speaker antecedent
GROUP_WINDOW = 3


class Coreference:
    def __init__(self, ctx):
        self.ctx = ctx
        self.actors = ctx.actors
        self.speakers: list[tuple[int, str]] = []  # (char, actor key) of attributed speakers, in order

    # ---- named mentions
    def actor_of_token(self, tok) -> str | None:
        return self.actors.actor_at(tok.idx, tok.idx + len(tok))

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
            return self.group_antecedent(tok.idx)
        return None

    def _is_subject(self, m) -> bool:
        span = self.ctx.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
        return span is not None and span.root.dep_ in SUBJECT_DEPS

    def person_antecedent(self, char: int) -> str | None:
        """The later of the last person subject and the last speaker before `char`, within
        `PERSON_WINDOW` sentences ("Pompeo noted that he … his meeting with Kim … “…,” he
        continued" → Pompeo); else the last person named."""
        quoted, best_subj, best_any = self.ctx.quoted, None, None
        for m in reversed(self.actors.mentions):
            if m.start_char >= char or m.actor_key is None or quoted[m.start_char]:
                continue
            if self.actor_type(m.actor_key) != "person":
                continue
            best_any = best_any or (m.start_char, m.actor_key)
            if self._is_subject(m):
                best_subj = (m.start_char, m.actor_key)
                break
        spoken = [s for s in self.speakers if s[0] < char]
        cands = [x for x in (best_subj, spoken[-1] if spoken else None, self._description_subject(char)) if x]
        if cands:
            c, k = max(cands)
            if self.ctx.sent_index_at(char) - self.ctx.sent_index_at(c) <= PERSON_WINDOW:
                return k
        return best_any[1] if best_any else None

    def group_antecedent(self, char: int) -> str | None:
        here = self.ctx.sent_index_at(char)
        for m in reversed(self.actors.mentions):
            if m.start_char >= char or m.actor_key is None:
                continue
            if here - m.sentence_index > GROUP_WINDOW:
                break
            if self.actor_type(m.actor_key) not in ("person", "location") and self._is_subject(m):
                return m.actor_key
        for kind in ("country", "group", "organization"):
            k = self.actors.last_actor_before(char, kind)
            if k:
                return k
        return None

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
        """"the secretary", "the former US president" → the person whose role names the head
        noun and most of its modifiers (a country modifier matches the person's country); a
        tie between the best stays unresolved."""
        if tok.pos_ not in ("NOUN", "PROPN") or self.actor_type(self.actor_of_token(tok)) == "person" \
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        head = tok.lemma_.lower()
        mods = [t for t in tok.subtree if t.i != tok.i and t.dep_ in DESCRIPTION_MODS]
        scores = {k: self._modifier_score(k, words, mods) for k, words in self._role_words.items() if head in words}
        if not scores:
            return None
        best = max(scores.values())
        hits = [k for k, v in scores.items() if v == best]
        return hits[0] if len(hits) == 1 else None

    def _modifier_score(self, key: str, words: set[str], mods: list) -> int:
        country = self.country(key)
        return sum(1 for m in mods if m.lower_ in words or (
            country is not None and self.country(self.actor_of_token(m)) == country))

    def _description_subject(self, char: int) -> tuple[int, str] | None:
        """The latest description subject ("the former US president walked out") of the
        sentence of `char` or the one before it, outside quotations, resolved to a person."""
        here = self.ctx.sent_index_at(char)
        for sent in reversed(self.ctx.sents[max(0, here - 1):here + 1]):
            for t in reversed(sent):
                if t.idx >= char or t.dep_ not in SUBJECT_DEPS or t.pos_ != "NOUN" or self.ctx.quoted[t.idx]:
                    continue
                key = self.description(t)
                if key is not None:
                    return t.idx, key
        return None

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
        if not keys and head.pos_ == "PRON":
            keys = [k for k in (self.pronoun(head),) if k]
        if not keys and head.pos_ == "NOUN":
            keys = [k for k in (self.description(head),) if k]
        return keys

    def _visit(self, t, keys: list[str]) -> None:
        k = self.actor_of_token(t)
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
