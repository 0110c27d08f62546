"""Quotations and reported speech from one parsed article (issue 4).

`extract_quotes(doc, actors)` reads the shared spaCy Doc and the article's `ArticleActors`
and returns one dict per quotation (keys = `STG_QUOTE`):

* ``direct``   a quotation standing as its own utterance: “X,” he said / Pompeo said: “X.”
* ``partial``  a quoted fragment embedded in reported speech: insisting that … “a great deal of
  progress.” (speaker = the subject of the reporting verb)
* ``indirect`` reported speech without marks: the complement clause of a speech verb
  ("Pompeo said [the North confirmed …]"), the clause around a parenthetical "X said", the
  clause an "according to X" qualifies, or the complement of a verb of intention or stance
  ("wants [to triple the programme]", "called for [a moratorium]", "cited [the ruling]")
* ``term``     scare quotes / quoted words with no speaker (“complete,” “verifiable”)

Offsets are into ``doc.text``. For direct/partial/term quotes ``start_char:end_char`` is the
quoted *content only*: the quotation marks are excluded, and so is a trailing comma that
stands in for the full stop (“X,” he said → "X"). Two apostrophes ('') count as a double mark.
Speaker offsets are the whole phrase the attribution rests on, appositions included ("he",
"a State Department spokeswoman", "Kim, the company's chief economist"; a relative pronoun
"who" stands for its antecedent); the cue takes in auxiliaries, negation and particles
("has not said", "pointed out", "called for"), as PolNeAR marks them.

Pure Python over spaCy objects: no Prefect, no DuckDB.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from transforms.doc_model import ArticleActors

STG_QUOTE = {
    "sentence_index": pl.Int64, "quote_text": pl.Utf8, "quote_type": pl.Utf8,
    "start_char": pl.Int64, "end_char": pl.Int64, "speaker_key": pl.Utf8, "speaker_text": pl.Utf8,
    "speaker_start": pl.Int64, "speaker_end": pl.Int64, "cue": pl.Utf8, "addressee_key": pl.Utf8,
    "attribution_method": pl.Utf8, "confidence": pl.Float64,
}
QUOTE_TYPES = ("direct", "partial", "indirect", "term")

# Verbs that introduce a quotation next to it ("he continued", "she added").
QUOTE_VERBS = frozenset("""
say tell add insist note claim state announce argue warn explain declare assert continue ask
reply respond write tweet post report reveal confirm deny admit acknowledge suggest predict
promise vow pledge urge recall remark comment observe complain boast joke quip concede contend
maintain stress emphasize emphasise allege testify whisper shout yell scream cry exclaim
announce caution counter retort interject chime muse reason conclude agree begin
""".split())
# Verbs whose complement clause is reported speech or an attributed belief (indirect): verbs of
# communication, of cognition and attitude, and of evidence (a poll "found"/"shows" that …).
REPORT_VERBS = frozenset("""
say tell claim insist note state announce argue warn explain declare assert report reveal
confirm deny admit acknowledge suggest predict promise vow pledge contend maintain stress
emphasize emphasise allege believe think write tweet add testify show find indicate recall
estimate conclude complain boast concede point signal hope fear worry expect feel
agree charge counter hint imply inform mention reiterate remind reply respond speculate swear
assure caution disclose demonstrate document determine discover learn know realize realise
recognize recognise understand assume doubt suspect suppose wonder question ask prove demand
recommend propose urge decide rule reaffirm affirm clarify highlight underscore reckon bet wish
brag accuse observe remark comment acknowledge post project forecast calculate say predict
guess imagine presume suggest acknowledge agree insinuate contend posit theorize theorise
complain lament worry fret sense trust guarantee certify attest verify establish
""".split())
# Verbs of intention, request and commitment: their infinitive complement ("wants to triple
# the programme", "urged supporters to vote") is the attributed content.
INTENT_VERBS = frozenset("""
want plan intend promise pledge vow threaten agree refuse decline offer seek aim hope expect
ask urge call demand propose decide choose swear encourage push press vote move prefer
warn tell order instruct advise remind invite challenge
""".split())
# Verbs of stance whose object is the attributed content ("cited the ruling", "called the plan
# “crazy”", "attacked Clinton for her vote"); the object must not be a bare pronoun.
OBJECT_VERBS = frozenset("""
cite support oppose endorse criticize criticise attack praise reject deny demand propose
announce blame condemn defend back slam blast question dispute applaud welcome accuse call
describe dismiss label brand denounce decry reaffirm tout hail champion favor favour advocate
mention note acknowledge admit reveal disclose show predict recommend
""".split())
SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")
PERSON_PRONOUNS = {"he", "she", "him", "her"}
PLURAL_PRONOUNS = {"they", "them"}

OPEN_DQ = "“«„"
CLOSE_DQ = "”»"
_WORD = re.compile(r"\w")


@dataclass
class QuoteSpan:
    """A quotation found from its marks: content offsets plus the marks' positions."""

    start: int  # content start (after the opening mark)
    end: int  # content end (before the closing mark, or paragraph end when unclosed)
    open_mark: int  # index of the opening mark
    close_mark: int | None  # index of the closing mark; None = runs to the paragraph end
    para: int  # paragraph number
    close_len: int = 1  # width of the closing mark ('' is a double mark of two characters)

    def start_tok(self, ctx) -> int:
        span = ctx.doc.char_span(self.start, self.end, alignment_mode="expand")
        return span.start if span is not None else 0

    @property
    def outer_end(self) -> int:
        return self.close_mark + self.close_len if self.close_mark is not None else self.end


@dataclass
class QuoteRecord:
    """One extracted quotation; `row()` is the public dict. The private fields let the
    evaluator rebuild whole attribution relations (one cue, possibly several content pieces)."""

    sentence_index: int
    start: int
    end: int
    quote_type: str
    speaker: tuple[int, int] | None = None
    speaker_key: str | None = None
    cue: tuple[int, int] | None = None
    addressee_key: str | None = None
    method: str | None = None
    confidence: float = 0.5
    relation_content: tuple[int, int] | None = None  # enclosing reported clause of a partial
    outer: tuple[int, int] | None = None  # span including the quotation marks
    extras: dict = field(default_factory=dict)

    def row(self, text: str) -> dict:
        sp = self.speaker
        return {
            "sentence_index": self.sentence_index, "quote_text": text[self.start:self.end],
            "quote_type": self.quote_type, "start_char": self.start, "end_char": self.end,
            "speaker_key": self.speaker_key,
            "speaker_text": text[sp[0]:sp[1]] if sp else None,
            "speaker_start": sp[0] if sp else None, "speaker_end": sp[1] if sp else None,
            "cue": text[self.cue[0]:self.cue[1]] if self.cue else None,
            "addressee_key": self.addressee_key, "attribution_method": self.method,
            "confidence": round(float(self.confidence), 3),
        }


# --------------------------------------------------------------------------- marks


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph; any newline ends a paragraph (news bodies put one
    paragraph per line or separate them by blank lines)."""
    out, pos = [], 0
    for m in re.finditer(r"\n+", text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _is_opening_straight(text: str, i: int, lo: int) -> bool:
    prev = text[i - 1] if i > lo else " "
    return prev.isspace() or prev in "([{—–-/:" or prev in OPEN_DQ


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Pair quotation marks paragraph by paragraph. Curly marks pair by direction; straight
    marks by position (after a space = opening). An opening mark without its closing mark runs
    to the end of its paragraph and no further, so an unbalanced mark cannot swallow the rest of
    the article. Single marks (‘ ’ ') are used only outside double quotes (headlines), and a
    ’ or ' between letters is an apostrophe."""
    spans: list[QuoteSpan] = []
    for pi, (lo, hi) in enumerate(_paragraphs(text)):
        i, open_at = lo, None
        double_spans: list[tuple[int, int | None]] = []
        width: dict[int, int] = {}  # mark index -> width, for the two-character '' mark
        while i < hi:
            c = text[i]
            # two apostrophes stand for a straight double mark (''Like this,'' she said)
            if text.startswith("''", i) and i + 1 < hi:
                width[i] = 2
                if open_at is None and _is_opening_straight(text, i, lo) and i + 2 < hi and not text[i + 2].isspace():
                    open_at = i
                elif open_at is not None:
                    double_spans.append((open_at, i))
                    open_at = None
                i += 2
                continue
            typo_open = c == "”" and open_at is None and (i == lo or text[i - 1].isspace()) \
                and i + 1 < hi and text[i + 1].isalnum()
            if c in OPEN_DQ or typo_open or (c == '"' and open_at is None and _is_opening_straight(text, i, lo)):
                if open_at is None:
                    open_at = i
                # a second opening mark while open: the first was never closed; restart here
                elif c in OPEN_DQ:
                    double_spans.append((open_at, None))
                    open_at = i
            elif c in CLOSE_DQ or c == '"':
                if open_at is not None:
                    double_spans.append((open_at, i))
                    open_at = None
                # a stray closing mark with no opener is ignored
            i += 1
        if open_at is not None:
            double_spans.append((open_at, None))
        # single marks outside double quotes
        covered = [(o, c + width.get(c, 1) - 1 if c is not None else hi) for o, c in double_spans]
        single: list[tuple[int, int | None]] = []
        i, open_at = lo, None
        while i < hi:
            c = text[i]
            inside = any(o <= i <= e for o, e in covered) or text.startswith("''", i) or text[i - 1:i + 1] == "''"
            if not inside and c in "‘'" and (i == lo or not text[i - 1].isalnum()) and open_at is None \
                    and i + 1 < hi and text[i + 1].isalnum():
                open_at = i
            elif not inside and c in "’'" and open_at is not None and i > open_at + 1 \
                    and not (i + 1 < hi and text[i + 1].isalpha()):
                single.append((open_at, i))
                open_at = None
            i += 1
        for o, c in sorted(double_spans + single):
            end = c if c is not None else hi
            s, e = o + width.get(o, 1), end
            while s < e and text[s].isspace():
                s += 1
            while e > s and (text[e - 1].isspace() or (c is not None and text[e - 1] == ",")):
                e -= 1
            if e > s:
                spans.append(QuoteSpan(s, e, o, c, pi, width.get(c, 1) if c is not None else 1))
    return spans


# --------------------------------------------------------------------------- syntax helpers


def _lemma(tok) -> str:
    return tok.lemma_.lower()


# Adverbs that belong to a reporting verb's cue when they stand right before it ("also said",
# "has repeatedly said"); PolNeAR cues take in the verb's auxiliaries, negation and particles.
CUE_ADVERBS = frozenset("""
also now later previously repeatedly again already never often once still just even recently
publicly privately first further ever long
""".split())
# Prepositions that make one cue with their verb ("called for", "pointed to", "spoke of").
CUE_PREPS = {
    "call": {"for", "on", "upon"}, "point": {"to"}, "speak": {"of", "about", "out"},
    "talk": {"about", "of"}, "ask": {"about", "for"}, "warn": {"of", "about", "against"},
    "complain": {"about", "of"}, "comment": {"on"}, "insist": {"on"}, "write": {"about", "of"},
    "testify": {"about", "to"}, "push": {"for"}, "argue": {"for", "against"}, "press": {"for"},
    "advocate": {"for"}, "plead": {"for"}, "lobby": {"for"}, "rail": {"against"},
    "brag": {"about"}, "boast": {"about", "of"}, "hint": {"at"}, "allude": {"to"},
    "refer": {"to"}, "agree": {"with", "on"}, "disagree": {"with"}, "object": {"to"},
    "lash": {"out"}, "vouch": {"for"}, "campaign": {"for", "against"}, "rally": {"behind"},
}


def _cue_span(verb) -> tuple[int, int]:
    """Char span of a verbal cue: the verb with its auxiliaries, negation and closely preceding
    adverbs ("has not said", "also noted") and its particle ("pointed out")."""
    doc = verb.doc
    i = verb.i
    while i > 0:
        p = doc[i - 1]
        if "\n" in p.whitespace_ or p.head.i != verb.i:
            break
        if p.dep_ in ("aux", "auxpass", "neg") or (p.dep_ == "advmod" and p.lower_ in CUE_ADVERBS):
            i -= 1
            continue
        break
    j = verb.i
    if j + 1 < len(doc) and doc[j + 1].head.i == verb.i and (
            doc[j + 1].dep_ == "prt" or (doc[j + 1].dep_ in ("prep", "prt")
                                        and doc[j + 1].lower_ in CUE_PREPS.get(_lemma(verb), ()))):
        j += 1
    return doc[i].idx, doc[j].idx + len(doc[j])


def _full_phrase(tok) -> tuple[int, int]:
    """Char span of the whole phrase headed by `tok` (appositives, titles, relative clauses
    included: PolNeAR's Source span), bounded by line breaks and quotation marks."""
    doc = tok.doc
    sub = list(tok.subtree)
    i, j = sub[0].i, sub[-1].i
    stop = OPEN_DQ + CLOSE_DQ + "‘’\"―"
    for k in range(tok.i - 1, i - 1, -1):
        if "\n" in doc[k].text or "\n" in doc[k].whitespace_ or doc[k].text in stop or doc[k].text == "''":
            i = k + 1
            break
    for k in range(tok.i + 1, j + 1):
        if "\n" in doc[k].text or "\n" in doc[k - 1].whitespace_ or doc[k].text in stop or doc[k].text == "''":
            j = k - 1
            break
    while i < tok.i and (doc[i].is_punct or doc[i].is_space):
        i += 1
    while j > tok.i and (doc[j].is_punct and doc[j].text not in ")]" or doc[j].is_space):
        j -= 1
    return doc[i].idx, doc[j].idx + len(doc[j])


def _subject(verb, depth: int = 0):
    """The speaker token of a speech verb: its subject, climbing through participles and
    coordinations ("…, insisting that …" → the main clause subject; "Pompeo, who insists …"
    → "who", resolved through its antecedent)."""
    for ch in verb.children:
        if ch.dep_ in SUBJ_DEPS:
            # "Pompeo, who insists …": the relative pronoun is the Source span (PolNeAR); its
            # antecedent gives the actor (see `_Ctx.resolve`)
            return ch
    if verb.tag_ == "VBG" and verb.i > 0:
        # "… threats from Donald Trump claiming that …": the noun right before the participle
        prev = verb.doc[verb.i - 1]
        if prev.pos_ in ("PROPN", "NOUN") and prev.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
            return prev
    for ch in verb.children:  # passive "was told by X"
        if ch.dep_ == "agent":
            for g in ch.children:
                if g.dep_ == "pobj":
                    return g
    if depth < 4 and verb.dep_ in ("advcl", "xcomp", "conj", "pcomp", "ccomp") and verb.head is not verb:
        if verb.dep_ == "ccomp" and _lemma(verb.head) in REPORT_VERBS | QUOTE_VERBS:
            return None  # a reported clause does not share its reporter's subject
        h = verb.head
        if verb.dep_ == "advcl" and h.dep_ == "ccomp" and _lemma(h.head) in REPORT_VERBS | QUOTE_VERBS:
            # "insists that the talks went well while noting that …": the noting is the
            # reporter's, not the reported clause's subject's
            return _subject(h.head, depth + 1)
        return _subject(verb.head, depth + 1)
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head
    return None


def _according_to(tok):
    """(according-token, to-token, pobj) when `tok` is "according" of "according to X"."""
    if tok.lower_ != "according":
        return None
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is None or nxt.lower_ != "to":
        return None
    objs = [c for c in nxt.children if c.dep_ == "pobj"]
    if not objs:
        return None
    return tok, nxt, objs[0]


# --------------------------------------------------------------------------- attribution


@dataclass
class _Attribution:
    cue: tuple[int, int]
    cue_tok_i: int
    speaker_tok: object | None
    addressee_tok: object | None = None
    via: str = "explicit"


class _Ctx:
    def __init__(self, doc, actors: ArticleActors, spans: list[QuoteSpan]):
        self.doc = doc
        self.text = doc.text
        self.actors = actors
        self.spans = spans
        self.sents = list(doc.sents)
        self.sent_starts = [s.start_char for s in self.sents]
        self.paras = _paragraphs(doc.text)
        # character mask of quoted content (marks included)
        self.quoted = bytearray(len(doc.text) + 1)
        for q in spans:
            for k in range(q.open_mark, q.outer_end):
                self.quoted[k] = 1
        self.resolved_speakers: list[tuple[int, str]] = []  # (char, key) of attributed speakers

    def sent_index(self, char: int) -> int:
        import bisect

        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def in_quote(self, tok) -> bool:
        return bool(self.quoted[tok.idx])

    def para_of(self, char: int) -> tuple[int, int]:
        for lo, hi in self.paras:
            if lo <= char <= hi:
                return lo, hi
        return 0, len(self.text)

    def tokens_between(self, a: int, b: int) -> list:
        """Unquoted tokens whose start lies in [a, b)."""
        span = self.doc.char_span(a, b, alignment_mode="expand") if b > a else None
        if span is None:
            return []
        return [t for t in span if a <= t.idx < b and not self.in_quote(t) and not t.is_space]

    # ---- the frame next to a quotation
    def after_frame(self, q: QuoteSpan) -> list:
        if q.close_mark is None:
            return []
        a = q.outer_end
        lo, hi = self.para_of(a)
        nxt = [s.open_mark for s in self.spans if s.open_mark >= a]
        end = min([hi, *nxt]) if nxt else hi
        toks = self.tokens_between(a, end)
        # the frame ends at the first full stop outside the quote
        out = []
        for t in toks:
            if t.text in (".", "?", "!", ";"):
                break
            out.append(t)
        return out

    def before_frame(self, q: QuoteSpan) -> list:
        lo, hi = self.para_of(q.open_mark)
        prev = [s.outer_end for s in self.spans if s.outer_end <= q.open_mark and s.outer_end >= lo]
        start = max([lo, *prev]) if prev else lo
        toks = self.tokens_between(start, q.open_mark)
        # only the current sentence: cut after the last full stop
        for k in range(len(toks) - 1, -1, -1):
            if toks[k].text in (".", "?", "!", ";"):
                toks = toks[k + 1:]
                break
        return toks

    def frame_attribution(self, frame: list, after: bool) -> _Attribution | None:
        """A speech verb (or "according to") in the unquoted words next to a quotation."""
        if not frame:
            return None
        frame_ids = {t.i for t in frame}
        cands = []
        for pos, t in enumerate(frame):
            if t.pos_ in ("VERB", "AUX") and _lemma(t) in QUOTE_VERBS:
                # a verb with its own complement in the frame reports something else
                if any(c.dep_ == "ccomp" and c.i in frame_ids and not self.in_quote(c) for c in t.children):
                    continue
                if _lemma(t) != "tell" and any(c.dep_ in ("dobj", "xcomp") and c.i in frame_ids for c in t.children):
                    continue  # "continue talks", "added sanctions": not introducing the quote
                dist = pos if after else len(frame) - 1 - pos
                cands.append((dist, t))
        for dist, verb in sorted(cands, key=lambda x: x[0]):
            if dist > 12:
                break
            subj = _subject(verb)
            if after and dist > 8 and not (subj is not None and subj.i == verb.i - 1 and subj.pos_ in ("PRON", "PROPN")):
                continue  # far from the quote: only "…, she said" counts
            if subj is None or self.in_quote(subj):
                # inverted "said Pompeo" parsed without a subject: the next noun in the frame
                subj = next((t for t in frame if t.i > verb.i and t.pos_ in ("PROPN", "NOUN", "PRON")
                             and t.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL")
                             and t.dep_ not in ("npadvmod", "pobj", "dobj") or
                             (t.i == verb.i + 1 and t.pos_ in ("PROPN", "NOUN"))), None) if after else None
            addressee = None
            if _lemma(verb) == "tell":
                addressee = next((c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj")), None)
            return _Attribution(_cue_span(verb), verb.i, subj, addressee)
        if after and frame[0].text in ("―", "—", "–", "-") and len(frame) > 1 and frame[1].pos_ == "PROPN":
            # a reader-quote layout: “…” ― Pamela Padilla
            name = frame[1]
            while name.head is not name and name.head.i in frame_ids and name.head.pos_ == "PROPN" and name.dep_ in ("compound", "flat"):
                name = name.head
            d = frame[0]
            return _Attribution((d.idx, d.idx + len(d)), d.i, name, via="dash")
        for t in frame:
            acc = _according_to(t)
            if acc:
                a, to, obj = acc
                return _Attribution((a.idx, to.idx + len(to)), a.i, obj, via="according")
        if not after and frame[-1].text == ":":
            # "Warren Hammers Wells Fargo CEO: ‘…’": the colon is the cue, the clause subject speaks
            subj = next((t for t in frame if t.dep_ in ("nsubj", "nsubjpass")
                         and (t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or t.lower_ in PERSON_PRONOUNS)), None)
            if subj is not None:
                c = frame[-1]
                return _Attribution((c.idx, c.idx + 1), c.i, subj, via="colon")
        return None

    # ---- speaker resolution
    def resolve(self, tok, rec: QuoteRecord) -> None:
        """Fill speaker span/key/method on `rec` from the speaker head token."""
        if tok is None:
            return
        if tok.lower_ in ("who", "that", "which") and tok.head.dep_ == "relcl" and tok.head.head is not tok.head:
            self.resolve(tok.head.head, rec)
            rec.speaker = (tok.idx, tok.idx + len(tok))
            return
        if tok.pos_ == "PRON" or tok.lower_ in PERSON_PRONOUNS | PLURAL_PRONOUNS:
            rec.speaker = (tok.idx, tok.idx + len(tok))
            rec.method = "pronoun"
            if tok.lower_ in PERSON_PRONOUNS:
                rec.speaker_key = self.pronoun_antecedent(tok.idx)
                rec.confidence = 0.75 if rec.speaker_key else 0.4
            else:
                rec.confidence = 0.4
            return
        s, e = _full_phrase(tok)
        if rec.cue is not None and s <= rec.cue[0] < e:
            # "nations that oppose …", "tweets accusing …": the phrase ends before its own cue
            span = self.doc.char_span(s, rec.cue[0], alignment_mode="contract")
            toks = list(span) if span is not None else []
            while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].tag_ in ("WDT", "WP")
                            or toks[-1].lower_ == "that"):
                toks.pop()
            if toks:
                e = toks[-1].idx + len(toks[-1])
        rec.speaker = (s, e)
        head_key = self.actors.actor_at(tok.idx, tok.idx + len(tok))
        if head_key is not None:
            rec.speaker_key, rec.method, rec.confidence = head_key, rec.method or "explicit", 0.9
            return
        if tok.pos_ == "PROPN":
            # a name the actor pass did not tag (capitalised headline): match an actor's name words
            low = tok.text.lower()
            hits = {a.key for a in self.actors.actors.values()
                    if low in a.name.lower().split() or low in {x.lower() for x in a.aliases}}
            if len(hits) == 1:
                rec.speaker_key, rec.method, rec.confidence = hits.pop(), rec.method or "explicit", 0.8
                return
        # a description ("a State Department spokeswoman", "the secretary")
        rec.method = "description"
        rec.confidence = 0.5
        rec.speaker_key = self.description_actor(tok)
        if rec.speaker_key:
            rec.confidence = 0.65

    def description_actor(self, tok) -> str | None:
        """A definite description resolves only when exactly one person in the article holds a
        role naming its head noun ("the secretary" → the one Secretary of State)."""
        det = next((c for c in tok.children if c.dep_ == "det"), None)
        if det is None or det.lower_ != "the" or tok.pos_ != "NOUN":
            return None
        head = tok.lemma_.lower()
        hits = set()
        for a in self.actors.actors.values():
            if a.actor_type != "person":
                continue
            roles = [r[0] for r in a.roles] + [m.role for m in self.actors.mentions if m.actor_key == a.key and m.role]
            if any(head in (r or "").lower().split() for r in roles):
                hits.add(a.key)
        return hits.pop() if len(hits) == 1 else None

    def pronoun_antecedent(self, char: int) -> str | None:
        """Most recent person before `char`, outside quotations, preferring grammatical
        subjects and earlier speakers over objects ("Pompeo noted that he … his meeting with
        Kim … “…,” he continued" → Pompeo)."""
        best_subj, best_any = None, None
        for m in reversed(self.actors.mentions):
            if m.start_char >= char or m.actor_key is None or self.quoted[m.start_char]:
                continue
            a = self.actors.actors.get(m.actor_key)
            if a is None or a.actor_type != "person":
                continue
            if best_any is None:
                best_any = (m.start_char, m.actor_key)
            span = self.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
            if span is not None and span.root.dep_ in SUBJ_DEPS:
                best_subj = (m.start_char, m.actor_key)
                break
        sp = [(c, k) for c, k in self.resolved_speakers if c < char]
        cands = [x for x in (best_subj, sp[-1] if sp else None) if x]
        if cands:
            # the later of the last subject and the last speaker, if within a few sentences
            c, k = max(cands)
            if self.sent_index(char) - self.sent_index(c) <= 6:
                return k
        return best_any[1] if best_any else None


def _word_count(text: str) -> int:
    return len([w for w in re.split(r"\s+", text) if _WORD.search(w)])


def _is_independent(ctx: _Ctx, q: QuoteSpan) -> bool:
    """A quotation standing as an utterance of its own: at the start of its sentence or
    paragraph, or after a comma/colon/dash that follows the attribution."""
    lo, _ = ctx.para_of(q.open_mark)
    before = ctx.text[lo:q.open_mark].rstrip()
    if not before:
        return True
    si = ctx.sent_index(q.start)
    sent_start = ctx.sents[si].start_char
    if sent_start >= q.open_mark - 1 or not ctx.text[max(lo, sent_start):q.open_mark].strip():
        return True
    if before[-1] in ",:—–-" or before[-1] in ".?!":
        return True
    if before[-1] in CLOSE_DQ + '"' or before.endswith("''"):
        return True
    return False


def _governing_verb(ctx: _Ctx, q: QuoteSpan, max_steps: int = 12):
    """The reporting verb a quotation is embedded under ("insisting that … “X”")."""
    span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None, None
    root = span.root
    node, steps, clause = root, 0, None
    while node.head is not node and steps < max_steps:
        child, node = node, node.head
        steps += 1
        if ctx.in_quote(node):
            continue
        if node.pos_ in ("VERB", "AUX") and _lemma(node) in REPORT_VERBS | {"call", "describe"} and child.dep_ in (
                "ccomp", "xcomp", "dobj", "advcl", "oprd", "attr", "conj", "prep", "parataxis"):
            return node, child
        acc = None
        for t in [node, *node.children]:
            acc = _according_to(t)
            if acc:
                return acc[0], child
    return None, clause


def _nearest_agent_verb(ctx: _Ctx, q: QuoteSpan):
    """The closest verb above an embedded quotation whose subject names a person or
    organisation (or is a personal pronoun); None otherwise."""
    span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None
    node, steps = span.root, 0
    while node.head is not node and steps < 6:
        node, steps = node.head, steps + 1
        if ctx.in_quote(node) or node.pos_ not in ("VERB", "AUX"):
            continue
        subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        if subj.lower_ in PERSON_PRONOUNS | PLURAL_PRONOUNS or subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
            return node, subj
        return None
    return None


def _clause_span(ctx: _Ctx, tok) -> tuple[int, int]:
    """Char span of the clause headed by `tok`: within its paragraph, without edge punctuation,
    and through the closing mark of a quotation it opens (“… strong.” not “… strong)."""
    toks = [t for t in tok.subtree]
    i, j = toks[0].i, toks[-1].i
    doc = ctx.doc
    # a parse that runs over a paragraph break stops at the break nearest the head
    for k in range(tok.i, j):
        if "\n" in doc[k].whitespace_ or (k > tok.i and "\n" in doc[k].text):
            j = k if "\n" in doc[k].whitespace_ else k - 1
            break
    for k in range(tok.i - 1, i - 1, -1):
        if "\n" in doc[k].whitespace_ or "\n" in doc[k].text:
            i = k + 1
            break
    while i < j and (doc[i].is_punct and doc[i].text not in (*OPEN_DQ, '"', "''") or doc[i].is_space):
        i += 1
    while j > i and (doc[j].is_space or doc[j].text in ",;:.—–-" ):
        j -= 1
    # a trailing comma-set modifier is the writer's addition, not the reported content
    # ("shows that X, contradicting …", "said he did not back Y, the presumed favourite")
    for t in doc[i:j + 1]:
        if t.i > tok.i and t.right_edge.i >= j and t.left_edge.i > i and doc[t.left_edge.i - 1].text == "," \
                and (t.dep_ in ("appos", "relcl", "acl") or (t.dep_ == "advcl" and t.tag_ == "VBG")) \
                and not any(ctx.quoted[k] for k in range(t.left_edge.idx, doc[j].idx + len(doc[j]))):
            j = t.left_edge.i - 2
            break
    while j > i and (doc[j].is_space or doc[j].text in ",;:.—–-" ):
        j -= 1
    s, e = doc[i].idx, doc[j].idx + len(doc[j])
    for q in ctx.spans:
        if s <= q.open_mark < e < q.outer_end and q.close_mark is not None and q.outer_end - e <= 4:
            e = q.outer_end
    return s, e


def _reported_content(ctx: _Ctx, verb, q: QuoteSpan) -> tuple[int, int] | None:
    """The reported clause or complement of `verb` that contains the quotation `q` (PolNeAR
    scores a partial quotation through it), or None."""
    comps = [c for c in verb.children if c.dep_ == "ccomp"] if _lemma(verb) in REPORT_VERBS else []
    if not comps:
        comps = _complement(verb) or []
    if not comps:
        return None
    s, e = _clause_span_toks(ctx, comps)
    if s <= q.start and q.end <= e:
        return s, e
    return None


def _complement(verb) -> list | None:
    """The attributed content of an intention, stance or phrasal cue verb, as the tokens from
    its first to its last complement: "wants [to triple the programme]", "urged [supporters to
    vote]", "called for [a moratorium]", "called [the plan “crazy”]", "cited [the ruling as
    proof]". None when the verb has no such complement."""
    lem = _lemma(verb)
    kids = [c for c in verb.rights]
    comp: list = []
    prep = CUE_PREPS.get(lem, set())
    for c in kids:
        if c.dep_ == "xcomp" and lem in INTENT_VERBS and any(t.lower_ == "to" and t.dep_ == "aux" for t in c.children):
            comp.append(c)
        elif c.dep_ == "ccomp" and lem in INTENT_VERBS:
            comp.append(c)
        elif c.dep_ in ("dobj", "dative") and (lem in OBJECT_VERBS or (lem in INTENT_VERBS and any(
                k.dep_ in ("xcomp", "ccomp") for k in kids))):
            comp.append(c)
        elif c.dep_ == "oprd" and comp:
            comp.append(c)
        elif c.dep_ == "prep" and c.lower_ in prep and c.i == verb.i + 1:
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs:
                comp.append(objs[0])
                # "called on Congress to act": the infinitive hangs from the verb or the object
                comp.extend(k for k in kids if k.dep_ == "xcomp")
        elif c.dep_ == "prep" and c.lower_ in ("as", "for") and comp and lem in OBJECT_VERBS:
            comp.append(c)
    if not comp:
        return None
    first = comp[0]
    if first.dep_ in ("dobj", "dative") and first.pos_ == "PRON" and len(comp) == 1:
        return None  # "supported it": nothing to store
    return comp


def _clause_span_toks(ctx: _Ctx, comps: list) -> tuple[int, int]:
    s = min(_clause_span(ctx, c)[0] for c in comps)
    e = max(_clause_span(ctx, c)[1] for c in comps)
    return s, e


def analyse_quotes(ctx) -> list[QuoteRecord]:
    """All quotations of one Doc as `QuoteRecord`s, in text order."""
    doc, actors = ctx.doc, ctx.actors
    text = doc.text
    spans = find_quote_spans(text)
    ctx = _Ctx(doc, actors, spans)
    records: list[QuoteRecord] = []
    prev_direct: QuoteRecord | None = None
    prev_span: QuoteSpan | None = None
    for q in spans:
        content = text[q.start:q.end]
        words = _word_count(content)
        rec = QuoteRecord(ctx.sent_index(q.start), q.start, q.end, "term",
                          outer=(q.open_mark, q.outer_end))
        independent = _is_independent(ctx, q)
        att_after = ctx.frame_attribution(ctx.after_frame(q), after=True)
        att = None
        if independent:
            att = att_after or ctx.frame_attribution(ctx.before_frame(q), after=False)
            if att is not None or words >= 4 or (q.close_mark is None and words >= 2):
                rec.quote_type = "direct"
        elif att_after is not None and words >= 2:
            # "… the “nitty gritty stuff,” a State Department spokesperson revealed"
            rec.quote_type, att = "partial", att_after
        else:
            # embedded: the reporting verb it hangs from; a single quoted word only when the
            # verb governs it closely (‘Productive’ of "Insists"), else it is a term
            verb, child = _governing_verb(ctx, q, 12 if words >= 2 else 2)
            nearest = None
            if verb is None and words >= 2:
                nearest = _nearest_agent_verb(ctx, q)
            if nearest is not None:
                # "Trump blasted the media as “unbelievably dishonest”": the words are the
                # subject's, though no speech verb says so (lower confidence)
                verb, subj = nearest
                rec.quote_type = "partial"
                att = _Attribution(_cue_span(verb), verb.i, subj, via="nearest")
            elif verb is not None:
                rec.quote_type = "partial"
                acc = _according_to(verb)
                if acc:
                    att = _Attribution((acc[0].idx, acc[1].idx + len(acc[1])), acc[0].i, acc[2], via="according")
                else:
                    att = _Attribution(_cue_span(verb), verb.i, _subject(verb))
                    rec.relation_content = _reported_content(ctx, verb, q)

        if rec.quote_type == "term":
            records.append(rec)
            continue
        if att is not None:
            rec.cue = att.cue
            rec.method = att.via if att.via in ("according", "nearest") else None
            ctx.resolve(att.speaker_tok, rec)
            if rec.method is None:
                rec.method = "explicit"
            if att.via == "nearest":
                rec.confidence = min(rec.confidence, 0.45)
            if att.addressee_tok is not None:
                a = att.addressee_tok
                rec.addressee_key = actors.actor_at(a.idx, a.idx + len(a))
            rec.extras["cue_i"] = att.cue_tok_i
        elif rec.quote_type == "direct" and prev_direct is not None and prev_span is not None and (
                prev_span.para == q.para or (prev_span.para == q.para - 1 and (prev_span.close_mark is None or q.open_mark == ctx.paras[q.para][0]))):
            # no attribution of its own: the same speaker goes on (next sentence or paragraph)
            rec.speaker, rec.speaker_key, rec.cue = prev_direct.speaker, prev_direct.speaker_key, prev_direct.cue
            rec.addressee_key = prev_direct.addressee_key
            rec.method, rec.confidence = "continuation", max(0.3, prev_direct.confidence - 0.15)
            # same paragraph: one utterance with its attribution (one relation); a new
            # paragraph starts a new one
            rec.extras["cue_i" if prev_span.para == q.para else "continues"] = prev_direct.extras.get("cue_i")
        elif rec.quote_type == "direct":
            rec.method, rec.confidence = "unattributed", 0.3
        if rec.speaker_key is not None and rec.speaker is not None:
            ctx.resolved_speakers.append((rec.speaker[0], rec.speaker_key))
        records.append(rec)
        if rec.quote_type == "direct":
            prev_direct, prev_span = rec, q
    records.extend(_indirect(ctx, records))
    records.sort(key=lambda r: (r.start, r.end))
    return records


def _indirect(ctx: _Ctx, quoted: list[QuoteRecord]) -> list[QuoteRecord]:
    """Reported speech without marks: the ccomp of a speech verb, or the clause "according
    to X" qualifies. Skipped when the clause is itself mostly a direct quotation."""
    doc, out = ctx.doc, []
    used_cues = {r.extras.get("cue_i") for r in quoted if r.quote_type == "direct"}
    for tok in doc:
        if ctx.in_quote(tok) or tok.i in used_cues:
            continue
        content_tok, att = None, None
        lem = _lemma(tok)
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ == "parataxis" and lem in REPORT_VERBS | QUOTE_VERBS \
                and not any(c.dep_ in ("ccomp", "dobj") for c in tok.children) and not ctx.in_quote(tok.head):
            # a parenthetical attribution: "The museum, Mr. Obama said, would …" reports the
            # clause around it (two fragments)
            content_tok = ("around", tok)
            att = _Attribution(_cue_span(tok), tok.i, _subject(tok))
        elif tok.pos_ in ("VERB", "AUX") and lem in REPORT_VERBS | INTENT_VERBS | OBJECT_VERBS | set(CUE_PREPS):
            comps = [c for c in tok.children if c.dep_ == "ccomp"] if lem in REPORT_VERBS else []
            if comps:
                content_tok = comps[0]
            else:
                content_tok = _complement(tok)
                if content_tok is None:
                    continue
            subj = _subject(tok)
            addressee = None
            if _lemma(tok) == "tell":
                addressee = next((c for c in tok.children if c.dep_ in ("dobj", "dative", "iobj")), None)
            att = _Attribution(_cue_span(tok), tok.i, subj, addressee)
        else:
            acc = _according_to(tok)
            if not acc:
                continue
            prep_head = acc[0].head
            if prep_head.pos_ not in ("VERB", "AUX") or ctx.in_quote(prep_head) or prep_head.i in used_cues:
                continue
            if _lemma(prep_head) in REPORT_VERBS and any(c.dep_ == "ccomp" for c in prep_head.children):
                continue  # "X revealed …, according to Reuters": the report's own source
            att = _Attribution((acc[0].idx, acc[1].idx + len(acc[1])), acc[0].i, acc[2], via="according")
            # the clause minus the "according to X" phrase
            acc_toks = {t.i for t in acc[0].subtree}
            toks = [t for t in prep_head.subtree if t.i not in acc_toks]
            content_tok = (prep_head, toks)
        frags: list[tuple[int, int]] = []
        if isinstance(content_tok, tuple) and content_tok[0] == "around":
            frags = _around_parenthetical(ctx, content_tok[1])
            if not frags:
                continue
            s, e = frags[0][0], frags[-1][1]
        elif isinstance(content_tok, list):
            s, e = _clause_span_toks(ctx, content_tok)
        elif isinstance(content_tok, tuple):
            head, toks = content_tok
            # the longest contiguous run on one side of the according phrase
            runs, cur = [], []
            for t in toks:
                if cur and t.i != cur[-1].i + 1:
                    runs.append(cur)
                    cur = []
                cur.append(t)
            if cur:
                runs.append(cur)
            if not runs:
                continue
            run = max(runs, key=len)
            while run and (run[0].is_punct and run[0].text not in (*OPEN_DQ, '"', "''") or run[0].is_space):
                run = run[1:]
            while run and (run[-1].is_space or run[-1].text in ",;:.—–-"):
                run = run[:-1]
            if not run:
                continue
            s, e = run[0].idx, run[-1].idx + len(run[-1])
        else:
            s, e = _clause_span(ctx, content_tok)
        if e - s < 8:
            continue
        # mostly a direct quotation already: not an indirect one
        inside = sum(ctx.quoted[k] for k in range(s, e))
        if inside > 0.6 * (e - s):
            continue
        for s, e in frags or [(s, e)]:
            rec = QuoteRecord(ctx.sent_index(s), s, e, "indirect", cue=att.cue)
            rec.extras["cue_i"] = att.cue_tok_i
            ctx.resolve(att.speaker_tok, rec)
            if att.via == "according" and rec.method == "explicit":
                rec.method = "according"
            rec.method = rec.method or "explicit"
            rec.confidence = min(rec.confidence, 0.8) if rec.speaker_key else min(rec.confidence, 0.5)
            if att.addressee_tok is not None:
                a = att.addressee_tok
                rec.addressee_key = ctx.actors.actor_at(a.idx, a.idx + len(a))
            out.append(rec)
    return out


def _around_parenthetical(ctx: _Ctx, verb) -> list[tuple[int, int]]:
    """The clause around a parenthetical "X said" as (at most two) fragments, within the
    paragraph, without the attribution itself and edge punctuation."""
    skip = {t.i for t in verb.subtree}
    lo, hi = ctx.para_of(verb.idx)
    toks = [t for t in verb.head.subtree if t.i not in skip and lo <= t.idx < hi]
    runs: list[list] = []
    for t in toks:
        if runs and t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    out = []
    for run in runs[:2] if len(runs) <= 2 else []:
        while run and (run[0].is_punct and run[0].text not in (*OPEN_DQ, '"', "''") or run[0].is_space):
            run = run[1:]
        while run and (run[-1].is_space or run[-1].text in ",;:.—–-"):
            run = run[:-1]
        if run:
            out.append((run[0].idx, run[-1].idx + len(run[-1])))
    return out


def extract_quotes(ctx) -> list[dict]:
    """Quotations of one article as dicts with exactly the `STG_QUOTE` keys."""
    doc, actors = ctx.doc, ctx.actors
    text = doc.text
    rows = []
    for rec in analyse_quotes(ctx):
        # an indirect record whose clause only wraps a partial quote of the same cue is kept:
        # it carries the reported clause, the partial carries the verbatim words.
        rows.append(rec.row(text))
    return rows
