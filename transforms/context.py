"""`ArticleContext`: everything the extractors share about one parsed article, built once.

One spaCy pass per article feeds actors, quotes and events. Each of them used to rebuild its
own sentence lists, quote masks and pronoun lookups; they now read this one object:

* ``sents`` and the sentence index of a token or a character (``sent_index``, ``sent_of``);
* ``sections``: the headline (``title``), ``body`` and ``caption`` spans (photo captions,
  credits and "© AFP / Handout" lines, matched by `seeds/lexicons/sections.csv`);
* ``quote_spans`` and ``quoted``, the character mask of quoted text (marks included);
* ``arrays``: the token table from ``doc.to_array`` (lemma, POS, dependency, head, offset),
  so hot loops select their few candidate tokens without creating a ``Token`` per word, and
  ``toks``, its columns as lists for rules that read a token or two at a time;
* ``actors``: the entity -> actor map of the actors stage (`ArticleActors`);
* ``coref``: the one resolver for pronouns and descriptions (`transforms.coreference`).

Offsets are into the analysed text (``doc.text`` = title + TITLE_SEPARATOR + body).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np

from transforms.doc_model import TITLE_SEPARATOR, ArticleActors
from transforms.token_table import TokenArrays, TokenLists
from transforms.vocab import Vocabulary

_HASHES: dict = {}  # words -> their hashes (ArticleContext.hashes, .among)
_HASHES_MAX = 256
# a transcript's turn label: "((Naomi Martisius))", "((WN))", "Naomi Martisius:"
TURN_LABEL = re.compile(r"\(\(\s*([^()\n]{1,60}?)\s*\)\)|([A-Z][^:\n]{0,59}):")


@dataclass(frozen=True)
class Section:
    name: str  # title | body | caption
    start: int
    end: int


@dataclass
class ArticleContext:
    doc: object
    vocab: Vocabulary
    body_offset: int = 0
    published: dt.date | None = None
    actors: ArticleActors = field(default_factory=ArticleActors)
    source_text: str | None = None  # the text that was parsed, when the caller has it

    @cached_property
    def text(self) -> str:
        # equal to doc.text, which joins every token again (~1 ms an article)
        return self.doc.text if self.source_text is None else self.source_text

    def text_of(self, span) -> str:
        """`span.text` sliced from the article's text (Span.text joins its tokens again)."""
        return self.text[span.start_char : span.end_char]

    # ---- sentences
    @cached_property
    def sents(self) -> Sentences:
        return Sentences(self.doc, self._sent_bounds)

    @cached_property
    def _sent_bounds(self) -> list[tuple[int, int]]:
        """(start, end) tokens of each sentence, where `doc.sents` cuts them (read off the
        token table: a sentence Span is made only when a reader asks for it)."""
        doc = self.doc
        if not len(doc) or "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
            return [(s.start, s.end) for s in doc.sents]  # `doc.sents`' own hooks and errors
        starts = [0, *(np.flatnonzero(self.arrays.sent_start[1:] == 1) + 1).tolist()]
        return list(zip(starts, [*starts[1:], len(doc)], strict=True))

    def sentence_texts(self) -> list[str]:
        """The text of each sentence (`ctx.text_of(s) for s in ctx.sents`)."""
        toks = self.toks
        return [self.text[toks.starts[s] : toks.end(e - 1)] for s, e in self._sent_bounds]

    @cached_property
    def _sent_tok_starts(self) -> list[int]:
        return [s for s, _ in self._sent_bounds]

    @cached_property
    def _sent_char_starts(self) -> list[int]:
        return [self.toks.starts[s] for s, _ in self._sent_bounds]

    def sent_index(self, tok) -> int:
        """Sentence number of a token (`tok.sent` rebuilds the span on every call)."""
        return self.sent_index_of(tok.i)

    def sent_index_of(self, i: int) -> int:
        """Sentence number of token i."""
        return max(0, bisect.bisect_right(self._sent_tok_starts, i) - 1)

    def sent_bounds(self, i: int) -> tuple[int, int]:
        """(start, end) tokens of token i's sentence (no sentence Span made)."""
        return self._sent_bounds[self.sent_index_of(i)]

    def sent_index_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self._sent_char_starts, char) - 1)

    def sent_of(self, tok):
        return self.sents[self.sent_index(tok)]

    @cached_property
    def ents(self) -> tuple:
        """The model's entity Spans (`doc.ents` builds them all again on every read)."""
        return self.doc.ents

    @cached_property
    def _sent_dates(self) -> dict[int, list]:
        out: dict[int, list] = {}
        for ent in self.ents:
            if ent.label_ == "DATE":
                out.setdefault(self.sent_index(ent[0]), []).append(ent)
        return out

    def dates_in(self, sent) -> list:
        """DATE entities of a sentence."""
        return self._sent_dates.get(self.sent_index(sent[0]), []) if len(sent) else []

    # ---- sections
    @cached_property
    def sections(self) -> list[Section]:
        return find_sections(self.text, self.body_offset, caption_patterns(self.vocab))

    @cached_property
    def _section_starts(self) -> list[int]:
        return [s.start for s in self.sections]

    def section_at(self, char: int) -> str:
        # the sections are in text order and do not overlap: the one starting last at or before
        k = bisect.bisect_right(self._section_starts, char) - 1
        return self.sections[k].name if k >= 0 and char < self.sections[k].end else "body"

    @cached_property
    def interviewer_labels(self) -> list[tuple[int, int]]:
        """Char spans of the interviewer's turn labels of a Q&A transcript, each opening a line:
        "Q:", "Wikinews:", "((WN))" (`interviewer_label` in quote_extras.csv). Quotes read them
        as the interviewer's lines, actors as no actor."""
        return [m.span() for m in self._line_labels(interviewer_label_pattern(self.vocab))]

    @cached_property
    def note_labels(self) -> list[tuple[int, int]]:
        """Char spans of the labels that open a publisher's note ("Editor's note:", kind
        `note_label` in quote_extras.csv), each opening a line."""
        return [m.span() for m in self._line_labels(_label_pattern(self.vocab.kind("quote_extras", "note_label")))]

    @cached_property
    def turn_labels(self) -> list[tuple[int, int, int, bool]]:
        """In a Q&A transcript, the turn label opening each line, "((Name))" or "Name:", as (its
        start, the name's start and end, bracketed?): whose answer a line is (`coreference`)."""
        labels = self._line_labels(TURN_LABEL) if self.interviewer_labels else []
        return [(m.start(), *m.span(m.lastindex), m.lastindex == 1) for m in labels]

    def _line_labels(self, pattern: re.Pattern | None) -> list[re.Match]:
        """The matches of `pattern` at the start of a line's text."""
        if pattern is None:
            return []
        return [m for start in self._line_text_starts if (m := pattern.match(self.text, start))]

    @cached_property
    def _line_text_starts(self) -> list[int]:
        """Where the text of each line starts (after its indent), for the label scans."""
        return [line.end() for line in re.finditer(r"(?:^|\n)[ \t]*", self.text)]

    # ---- quotation marks
    @cached_property
    def quote_spans(self) -> list:
        from transforms.quotes.marks import find_quote_spans

        return find_quote_spans(self.text)

    @cached_property
    def quoted(self) -> bytearray:
        """1 for every character inside a quotation, marks included."""
        mask = bytearray(len(self.text) + 1)
        for q in self.quote_spans:
            mask[q.open_mark : q.outer_end] = b"\x01" * (q.outer_end - q.open_mark)
        return mask

    def in_quote(self, tok) -> bool:
        return bool(self.quoted[tok.idx])

    # ---- tokens
    @cached_property
    def arrays(self) -> TokenArrays:
        return TokenArrays.of(self.doc)

    def hashes(self, words) -> np.ndarray:
        """StringStore hashes of `words` (symbol ids for "NOUN", "ROOT"...), in their order. The
        values depend only on the words, so a vocabulary list is hashed once per process, not
        once per article."""
        key = words if isinstance(words, (tuple, frozenset)) else tuple(words)
        strings = self.doc.vocab.strings
        return _cached(key, lambda: np.fromiter((strings.add(w) for w in key), dtype="uint64"))

    def among(self, column: np.ndarray, words) -> np.ndarray:
        """Rows of a token column whose string is one of `words` (as `np.isin`, which would
        sort a long vocabulary list again on every call: the hashes are sorted once here)."""
        words = words if isinstance(words, (tuple, frozenset)) else tuple(words)
        table = _cached(("sorted", words), lambda: np.unique(self.hashes(words)))
        if len(table) <= 4:  # a few words ("VERB", "AUX"): comparisons beat a binary search
            found = np.zeros(len(column), dtype=bool)
            for h in table.tolist():
                found |= column == h
            return found
        at = np.searchsorted(table, column)
        at[at == len(table)] = 0
        return table[at] == column

    @cached_property
    def toks(self) -> TokenLists:
        """The token table as lists (texts, lower-case forms, offsets), read token by token."""
        return TokenLists(self.doc, self.arrays, self.text)

    def among_where(self, mask: np.ndarray, column: np.ndarray, words) -> np.ndarray:
        """`mask & among(column, words)`, looking up only the rows of `mask` (a few of them)."""
        out = np.zeros(len(column), dtype=bool)
        rows = np.flatnonzero(mask)
        out[rows] = self.among(column[rows], words)
        return out

    def tokens_where(self, mask: np.ndarray) -> list:
        """The Token objects of the rows selected by a boolean mask over the token table."""
        doc = self.doc
        return [doc[i] for i in np.flatnonzero(mask).tolist()]

    # ---- actors
    @cached_property
    def coref(self):
        from transforms.coreference import Coreference

        return Coreference(self)

    def close(self) -> None:
        """Drop the resolver, which refers back to this context: the article's objects are then
        freed when the caller lets go of the context, not by a garbage collector's pass."""
        self.__dict__.pop("coref", None)


class Sentences(Sequence):
    """The Doc's sentences as Spans, each made on its first read."""

    def __init__(self, doc, bounds: list[tuple[int, int]]):
        self.doc, self.bounds = doc, bounds
        self._spans: list = [None] * len(bounds)

    def __len__(self) -> int:
        return len(self.bounds)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[n] for n in range(*k.indices(len(self.bounds)))]
        span = self._spans[k]
        if span is None:
            span = self._spans[k] = self.doc[self.bounds[k][0] : self.bounds[k][1]]
        return span


def _cached(key, make) -> np.ndarray:
    """The process's read-only array for `key` (hashes of vocabulary words), made once."""
    out = _HASHES.get(key)
    if out is None:
        if len(_HASHES) >= _HASHES_MAX:  # the callers pass vocabulary lists; bound it anyway
            _HASHES.clear()
        out = _HASHES[key] = make()
        out.flags.writeable = False  # shared by every caller
    return out


def caption_patterns(vocab: Vocabulary) -> list[re.Pattern]:
    return vocab.patterns("sections", "caption")


def interviewer_label_pattern(vocab: Vocabulary) -> re.Pattern | None:
    """An interviewer label followed by a colon ("Q:"), or in double brackets ("((WN))")."""
    return _label_pattern(vocab.kind("quote_extras", "interviewer_label"))


@lru_cache(maxsize=8)
def _label_pattern(words: frozenset[str]) -> re.Pattern | None:
    if not words:
        return None
    # a straight apostrophe in a label matches a curly one too ("Editor’s note")
    alts = "|".join(sorted(map(re.escape, words), key=len, reverse=True)).replace("'", "['’]")
    return re.compile(rf"(?i)(?:\(\(\s*(?:{alts})\s*\)\)(?:\s*:)?|(?:{alts})\s*:)")


def find_sections(text: str, body_offset: int, captions: list[re.Pattern]) -> list[Section]:
    """Title, body and caption spans of the analysed text; a caption is a whole line of the body
    that a caption pattern matches from its start (photo credits, "© AFP 2021 / Handout ...")."""
    out: list[Section] = []
    if body_offset:
        out.append(Section("title", 0, body_offset - len(TITLE_SEPARATOR)))
    pos = body_offset
    for line in text[body_offset:].splitlines(keepends=True):
        end = pos + len(line)
        stripped = line.strip()
        name = "caption" if any(p.match(stripped) for p in captions) else "body"
        if out and out[-1].name == name and out[-1].end == pos:
            out[-1] = Section(name, out[-1].start, end)
        else:
            out.append(Section(name, pos, end))
        pos = end
    return out


# English inflection rules, most specific first: (suffix, replacement). en_core_web_sm's rule
# lemmatizer takes the first candidate for a word it has never seen ("harrumphed" ->
# "harrumphe"); the vocabulary decides between the candidates instead.
_INFLECTIONS = (("ied", "y"), ("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""))


def lemma_candidates(word: str) -> list[str]:
    """Possible verb lemmas of an inflected form ("planned" -> plann, plan, ...)."""
    out = []
    for suffix, repl in _INFLECTIONS:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            stem = word[: -len(suffix)] + repl
            out.append(stem)
            if repl == "" and len(stem) > 2 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # a doubled consonant: "quipped" -> "quip"
    return out


_VOWELS = frozenset("aeiou")


def _doubles_final(lemma: str) -> bool:
    """A one-syllable verb ending consonant-vowel-consonant doubles it before -ed and -ing
    ("hop" -> "hopped"; not w, x, y)."""
    syllables = sum(1 for i, c in enumerate(lemma) if c in _VOWELS and (i == 0 or lemma[i - 1] not in _VOWELS))
    return (
        len(lemma) >= 3
        and syllables == 1
        and lemma[-1] not in _VOWELS | {"w", "x", "y"}
        and lemma[-2] in _VOWELS
        and lemma[-3] not in _VOWELS
    )


def regular_inflections(lemma: str) -> set[str]:
    """The regular -s, -ed and -ing forms of a verb ("hope" -> hopes, hoped, hoping; "hop" ->
    hops, hopped, hopping)."""
    if lemma.endswith("e"):
        return {lemma + "s", lemma + "d", lemma[:-1] + "ing", lemma + "ing"}
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        return {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    stem = lemma + lemma[-1] if _doubles_final(lemma) else lemma
    third = lemma + "es" if lemma.endswith(("s", "x", "z", "ch", "sh", "o")) else lemma + "s"  # "hopes" is no "hop"
    return {third, stem + "ed", stem + "ing"}


def repair_lemmas(ctx: ArticleContext, known_verbs: frozenset[str]) -> None:
    """Give an inflected verb whose lemma the vocabulary does not know the candidate lemma it
    does know, so one CSV row is enough to add a verb the model has never seen; and a verb
    whose form its model lemma cannot have the known lemma that has it ("hoped" is no form
    of "hop": "hope")."""
    a = ctx.arrays
    verbs = (a.pos == ctx.hashes(("VERB",))[0]) & (a.lower != a.lemma)
    known = ctx.among_where(verbs, a.lemma, known_verbs)
    for tok in ctx.tokens_where(verbs & ~known):
        hit = _known_candidate(tok.lower_, known_verbs)
        if hit is not None:
            _set_lemma(ctx, tok, hit)
    for tok in ctx.tokens_where(known):
        better = _known_lemma_of_form(tok.lower_, tok.lemma_, known_verbs)
        if better is not None:
            _set_lemma(ctx, tok, better)


@lru_cache(maxsize=16384)  # a word's answer, for every article of the process
def _known_candidate(form: str, known_verbs: frozenset[str]) -> str | None:
    """The first candidate lemma of an inflected form that the vocabulary knows."""
    return next((c for c in lemma_candidates(form) if c in known_verbs), None)


@lru_cache(maxsize=16384)
def _known_lemma_of_form(form: str, lemma: str, known_verbs: frozenset[str]) -> str | None:
    """A known lemma of which `form` is a regular inflection, when `lemma` has no such form."""
    if form in regular_inflections(lemma):
        return None
    return next(
        (c for c in lemma_candidates(form) if c != lemma and c in known_verbs and form in regular_inflections(c)), None
    )


def _set_lemma(ctx: ArticleContext, tok, lemma: str) -> None:
    tok.lemma_ = lemma
    ctx.arrays.lemma[tok.i] = ctx.doc.vocab.strings[lemma]
