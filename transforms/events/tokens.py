"""Token forms read off the article's token table (`ctx.arrays`), so the trigger stage looks at
lemmas, lower-case forms and heads without creating a spaCy `Token` per word."""

from __future__ import annotations

from functools import cached_property

import numpy as np


class TokenForms:
    """Lower-case form and lemma of a token, read from the token table and kept per article."""

    def __init__(self, ctx):
        self.strings = ctx.doc.vocab.strings
        self.arrays = ctx.arrays
        self.heads = ctx.arrays.head.tolist()
        self._forms: dict[int, frozenset[str]] = {}

    def lower(self, i: int) -> str:
        return self.strings[int(self.arrays.lower[i])]

    def forms(self, i: int) -> frozenset[str]:
        f = self._forms.get(i)
        if f is None:
            f = self._forms[i] = frozenset((self.lower(i), self.strings[int(self.arrays.lemma[i])].lower()))
        return f

    def governs(self, i: int, j: int) -> bool:
        """Whether token `i` is an ancestor of token `j` (read off the head column)."""
        heads = self.heads
        for _ in range(len(heads)):
            h = heads[j]
            if h == i:
                return True
            if h == j:
                return False
            j = h
        return False

    def after(self, tok, limit: int = 10) -> list[frozenset[str]]:
        """Forms of the first `limit` tokens of `tok`'s subtree that follow it."""
        out = []
        for j in range(tok.i + 1, tok.right_edge.i + 1):
            if self.governs(tok.i, j):
                out.append(self.forms(j))
                if len(out) == limit:
                    break
        return out

    @cached_property
    def _lemmas(self) -> tuple[list[str], np.ndarray]:
        """The distinct lower-cased lemmas of the article, and each row's number among them."""
        uniq, inverse = np.unique(self.arrays.lemma, return_inverse=True)
        return [self.strings[int(h)].lower() for h in uniq], inverse

    def lemma_mask(self, words: frozenset[str]) -> np.ndarray:
        """Rows whose lower-cased lemma is one of `words` (each distinct lemma looked up once)."""
        lemmas, inverse = self._lemmas
        return np.fromiter((w in words for w in lemmas), dtype=bool, count=len(lemmas))[inverse]
