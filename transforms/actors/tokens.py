"""Token flags the actor rules test on nearly every token (capitalised, a bare number, a
name word), computed once per article over the distinct words rather than per Token."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

_NUM = re.compile(r"[+-]?\d[\d.,:/\-]*(?:st|nd|rd|th)?$")


def capitalised(text: str) -> bool:
    return text[:1].isupper() and any(c.isalpha() for c in text)


def is_num(text: str) -> bool:
    # the first character decides for nearly every word: no regex run for those
    return (text[:1].isdecimal() or text[:1] in "+-") and bool(_NUM.match(text))


def glued_hyphen(toks, k: int, caps_only: bool = False) -> bool:
    """Is token k a hyphen inside one word ("Anne-Gaelle", "Inzamam-ul-Haq"; not "RUGBY UNION -
    SOUTH AFRICA")? With `caps_only`, between two capitalised words (not "London-based").
    `toks`: the article's `TokenLists`."""
    words, spaced = toks.words, toks.spaced
    if not (0 < k < len(words) - 1 and words[k] == "-" and not spaced[k - 1] and not spaced[k]):
        return False
    left, right = words[k - 1], words[k + 1]
    if caps_only:
        return capitalised(left) and capitalised(right)
    return left[:1].isalpha() and right[:1].isalpha()


_FLAGS: dict[str, int] = {}  # word -> its flags, for every article of the process
_FLAGS_MAX = 1 << 17
_CAPS, _NUMBER, _BREAK, _KNOWN = 1, 2, 4, 8  # a word's flags as bits (_KNOWN: never 0, so `or` works)


def _flags_of(word: str) -> int:
    """The flag bits of a word: capitalised, a bare number, holds a line break."""
    out = _FLAGS.get(word)
    if out is None:
        if len(_FLAGS) >= _FLAGS_MAX:
            _FLAGS.clear()
        out = _FLAGS[word] = _KNOWN | capitalised(word) * _CAPS | is_num(word) * _NUMBER | ("\n" in word) * _BREAK
    return out


@dataclass(frozen=True)
class TokenFlags:
    """One boolean per token of the Doc."""

    capitalised: np.ndarray
    number: np.ndarray
    name_word: np.ndarray  # can be part of a proper name: capitalised (or an initial), no number
    newline: np.ndarray  # holds a line break (spaCy keeps it as a token of its own)

    @classmethod
    def of(cls, ctx) -> TokenFlags:
        words, row = ctx.toks.distinct
        known = _FLAGS.get  # most words were seen before: a lookup, no call
        bits = np.fromiter((known(w) or _flags_of(w) for w in words), dtype=np.uint8, count=len(words))[row]
        caps, number = (bits & _CAPS) > 0, (bits & _NUMBER) > 0
        return cls(caps, number, caps & ~number, (bits & _BREAK) > 0)

    # the same as lists, for rules that read a token at a time (a numpy scalar read costs more)
    @cached_property
    def capitalised_list(self) -> list[bool]:
        return self.capitalised.tolist()

    @cached_property
    def number_list(self) -> list[bool]:
        return self.number.tolist()

    @cached_property
    def name_word_list(self) -> list[bool]:
        return self.name_word.tolist()
