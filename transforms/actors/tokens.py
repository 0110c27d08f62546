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
    # the first character decides for nearly every word: no regex run for those
    return (text[:1].isdecimal() or text[:1] in "+-") and bool(_NUM.match(text))


def span_text(doc, start: int, end: int, text: str | None = None) -> str:
    """`doc[start:end].text` without the Span (a Span and its text cost more than the one or two
    tokens a name has); sliced from `text`, the Doc's text, when the caller has it at hand."""
    if not 0 <= start < end <= len(doc):
        return doc[start:end].text
    if end - start == 1:
        return doc[start].text
    last = doc[end - 1]
    if text is not None:
        return text[doc[start].idx : last.idx + len(last)]
    return "".join([doc[k].text_with_ws for k in range(start, end - 1)]) + last.text


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
        words = [strings[h] for h in distinct.tolist()]

        def flag(test) -> np.ndarray:
            return np.fromiter(map(test, words), dtype=bool, count=len(words))[row]

        caps, number = flag(capitalised), flag(is_num)
        return cls(caps, number, caps & ~number, flag(lambda w: "\n" in w))
