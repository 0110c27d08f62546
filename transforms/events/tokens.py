"""Token forms read off the article's token table (`ctx.arrays`, `ctx.toks`), so the trigger stage
looks at lemmas, lower-case forms and heads without creating a spaCy `Token` per word."""

from __future__ import annotations

from functools import cached_property

import numpy as np

from transforms.token_table import LOWER_LEMMAS, lower_lemma


class TokenForms:
    """Lower-case form and lemma of a token, read from the token table and kept per article."""

    def __init__(self, ctx):
        self.strings = ctx.doc.vocab.strings
        self.arrays = ctx.arrays
        self.heads = ctx.arrays.head.tolist()
        self.lowers = ctx.toks.lowers
        # the lemma column as a list: a numpy scalar read per lookup costs more than the lookup
        self._lemma = ctx.arrays.lemma.tolist()
        self._forms: dict[tuple[str, int], frozenset[str]] = {}  # by (lower-case form, lemma hash): per word
        self._by_token: list[frozenset[str] | None] = [None] * len(self.heads)  # filled as read

    def lower(self, i: int) -> str:
        return self.lowers[i]

    def forms(self, i: int) -> frozenset[str]:
        """The lower-case form and the lower-cased lemma of token i."""
        f = self._by_token[i]
        if f is None:
            key = self.lowers[i], self._lemma[i]
            f = self._forms.get(key)
            if f is None:
                f = self._forms[key] = frozenset((key[0], lower_lemma(self.strings, key[1])))
            self._by_token[i] = f
        return f

    def forms_of(self, ids) -> list[frozenset[str]]:
        by_token = self._by_token  # a token read before costs one list read
        return [by_token[i] or self.forms(i) for i in ids]

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
        i, heads, by_token = tok.i, self.heads, self._by_token
        inside = {i}  # found in the subtree: a token whose head is one of them is in it too
        out = []
        for j in range(i + 1, tok.right_edge.i + 1):
            if heads[j] in inside or self.governs(i, j):
                inside.add(j)
                out.append(by_token[j] or self.forms(j))
                if len(out) == limit:
                    break
        return out

    @cached_property
    def _lemmas(self) -> tuple[list[str], np.ndarray]:
        """The distinct lower-cased lemmas of the article, and each row's number among them."""
        uniq, inverse = np.unique(self.arrays.lemma, return_inverse=True)
        known = LOWER_LEMMAS.get  # the process's lemmas first: a call per lemma costs more than the lookup
        return [known(h) or lower_lemma(self.strings, h) for h in uniq.tolist()], inverse

    def lemma_mask(self, words: frozenset[str]) -> np.ndarray:
        """Rows whose lower-cased lemma is one of `words` (each distinct lemma looked up once)."""
        lemmas, inverse = self._lemmas
        return np.fromiter((w in words for w in lemmas), dtype=bool, count=len(lemmas))[inverse]
