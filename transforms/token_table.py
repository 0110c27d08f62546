"""The token table of a parsed article: `TokenArrays`, its columns as numpy arrays (for masks
over every token), and `TokenLists`, the same columns as Python lists (for rules that read a
token or two at a time: `doc[i]` makes a spaCy `Token` object on every read, many times the
cost of a list read)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

TOKEN_COLUMNS = (
    "LOWER",
    "LEMMA",
    "POS",
    "TAG",
    "DEP",
    "HEAD",
    "IDX",
    "ORTH",
    "SPACY",
    "SENT_START",
)  # names: no spaCy import in the flow process

LOWER_LEMMAS: dict[int, str] = {}  # lemma hash -> the lemma lower-cased, for every article of the process
LOWER_LEMMAS_MAX = 1 << 17


def lower_lemma(strings, h: int) -> str:
    """The lower-cased string of lemma hash `h` (a StringStore read decodes it every time)."""
    out = LOWER_LEMMAS.get(h)
    if out is None:
        if len(LOWER_LEMMAS) >= LOWER_LEMMAS_MAX:
            LOWER_LEMMAS.clear()
        out = LOWER_LEMMAS[h] = strings[h].lower()
    return out


@dataclass
class TokenArrays:
    """The token table of a Doc: one row per token, hashed strings as in spaCy's StringStore."""

    lower: np.ndarray
    lemma: np.ndarray
    pos: np.ndarray
    tag: np.ndarray
    dep: np.ndarray
    head: np.ndarray  # absolute index of the head token
    idx: np.ndarray
    orth: np.ndarray  # the token as written (case kept)
    spacy: np.ndarray  # 1 when a space follows the token
    sent_start: np.ndarray  # 1 when the token starts a sentence (`Token.is_sent_start` is True)

    @classmethod
    def of(cls, doc) -> TokenArrays:
        arr = doc.to_array(list(TOKEN_COLUMNS)) if len(doc) else np.zeros((0, len(TOKEN_COLUMNS)), dtype="uint64")
        cols = dict(zip((c.lower() for c in TOKEN_COLUMNS), arr.T, strict=True))
        cols["head"] = np.arange(len(doc), dtype="int64") + cols["head"].astype("int64")  # stored relative
        cols["idx"] = cols["idx"].astype("int64")
        return cls(**cols)


class TokenLists:
    """The token table's columns as lists, each built on first use. A word's strings are read
    once per distinct word of the article. A token's lexeme flags are those of its text
    (spaCy's English lexeme attributes: `is_space` is `str.isspace`, `lower_` is `str.lower`...)."""

    def __init__(self, doc, arrays: TokenArrays, text: str):
        self.doc, self.arrays, self.text = doc, arrays, text

    @cached_property
    def distinct(self) -> tuple[list[str], np.ndarray]:
        """The article's distinct words (by ORTH), and each token's number among them."""
        _, first, row = np.unique(self.arrays.orth, return_index=True, return_inverse=True)
        idx = self.arrays.idx
        if not len(idx):
            return [], row
        # a word's text is the article's text at its first token (the StringStore decodes it)
        ends = np.append(idx[1:], len(self.text)) - (self.arrays.spacy == 1)
        text = self.text
        return [text[s:e] for s, e in zip(idx[first].tolist(), ends[first].tolist(), strict=True)], row

    def per_token(self, of_word) -> list:
        """`of_word(text)` of each token, computed once per distinct word."""
        words, row = self.distinct
        return np.array([of_word(w) for w in words], dtype=object)[row].tolist()

    @cached_property
    def words(self) -> list[str]:
        """`doc[i].text`"""
        return self.per_token(str)

    @cached_property
    def lowers(self) -> list[str]:
        """`doc[i].lower_`"""
        return self.per_token(str.lower)

    @cached_property
    def starts(self) -> list[int]:
        """`doc[i].idx`"""
        return self.arrays.idx.tolist()

    @cached_property
    def spaced(self) -> list[bool]:
        """`doc[i].whitespace_` (a space or nothing)"""
        return (self.arrays.spacy == 1).tolist()

    @cached_property
    def sent_starts(self) -> list[bool]:
        """`doc[i].is_sent_start` is True"""
        return (self.arrays.sent_start == 1).tolist()

    def end(self, i: int) -> int:
        """Where token i ends (`doc[i].idx + len(doc[i])`)."""
        return self.starts[i] + len(self.words[i])

    def span_text(self, start: int, end: int) -> str:
        """`doc[start:end].text`, sliced from the text for a token range inside the Doc."""
        starts = self.starts
        if not 0 <= start < end <= len(starts):
            return self.doc[start:end].text
        return self.text[starts[start] : starts[end - 1] + len(self.words[end - 1])]
