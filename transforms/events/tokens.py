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
        # the hash columns as lists: a numpy scalar read per lookup costs more than the lookup
        self._lower = ctx.arrays.lower.tolist()
        self._lemma = ctx.arrays.lemma.tolist()
        self._forms: dict[tuple[int, int], frozenset[str]] = {}  # by (lower, lemma) hashes: per word

    def lower(self, i: int) -> str:
        return self.strings[self._lower[i]]

    def forms(self, i: int) -> frozenset[str]:
        key = self._lower[i], self._lemma[i]
        f = self._forms.get(key)
        if f is None:
            f = self._forms[key] = frozenset((self.strings[key[0]], self.strings[key[1]].lower()))
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
        i, heads = tok.i, self.heads
        inside = {i}  # found in the subtree: a token whose head is one of them is in it too
        out = []
        for j in range(i + 1, tok.right_edge.i + 1):
            if heads[j] in inside or self.governs(i, j):
                inside.add(j)
                out.append(self.forms(j))
                if len(out) == limit:
                    break
        return out

    @cached_property
    def _lemmas(self) -> tuple[list[str], np.ndarray]:
        """The distinct lower-cased lemmas of the article, and each row's number among them."""
        uniq, inverse = np.unique(self.arrays.lemma, return_inverse=True)
        return [self.strings[h].lower() for h in uniq.tolist()], inverse

    def lemma_mask(self, words: frozenset[str]) -> np.ndarray:
        """Rows whose lower-cased lemma is one of `words` (each distinct lemma looked up once)."""
        lemmas, inverse = self._lemmas
        return np.fromiter((w in words for w in lemmas), dtype=bool, count=len(lemmas))[inverse]
