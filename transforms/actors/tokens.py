"""Token flags the actor rules test on nearly every token (capitalised, a bare number, a
name word), computed once per article over the distinct words rather than per Token."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

_NUM = re.compile(r"[+-]?\d[\d.,:/\-]*(?:st|nd|rd|th)?$")


def capitalised(text: str) -> bool:
    return text[:1].isupper() and any(c.isalpha() for c in text)


def is_num(text: str) -> bool:
    return bool(_NUM.match(text))


def glued_hyphen(doc, k: int, caps_only: bool = False) -> bool:
    """Is token k a hyphen inside one word ("Anne-Gaelle", "Inzamam-ul-Haq"; not "RUGBY UNION -
    SOUTH AFRICA")? With `caps_only`, between two capitalised words (not "London-based")."""
    if not (0 < k < len(doc) - 1 and doc[k].text == "-" and not doc[k - 1].whitespace_ and not doc[k].whitespace_):
        return False
    left, right = doc[k - 1].text, doc[k + 1].text
    if caps_only:
        return capitalised(left) and capitalised(right)
    return left[:1].isalpha() and right[:1].isalpha()


@dataclass(frozen=True)
class TokenFlags:
    """One boolean per token of the Doc."""

    capitalised: np.ndarray
    number: np.ndarray
    name_word: np.ndarray  # can be part of a proper name: capitalised (or an initial), no number
    newline: np.ndarray  # holds a line break (spaCy keeps it as a token of its own)

    @classmethod
    def of(cls, ctx) -> TokenFlags:
        distinct, row = np.unique(ctx.arrays.orth, return_inverse=True)
        strings = ctx.doc.vocab.strings
        words = [strings[int(h)] for h in distinct]

        def flag(test) -> np.ndarray:
            return np.fromiter((test(w) for w in words), dtype=bool, count=len(words))[row]

        caps, number = flag(capitalised), flag(is_num)
        return cls(caps, number, caps & ~number, flag(lambda w: "\n" in w))
