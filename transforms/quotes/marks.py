"""Quotation marks: where quotations open and close, from the text alone (first quote stage).

Pure string code, no spaCy: `find_quote_spans` pairs the marks paragraph by paragraph and
`ArticleContext.quote_spans` / `.quoted` are built from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

OPEN_DQ = "“«„"
CLOSE_DQ = "”»"
# characters a speaker phrase or a clause never runs across
PHRASE_STOPS = OPEN_DQ + CLOSE_DQ + '‘’"―'
# an opening straight mark follows a space or one of these
_OPENERS = "([{—–-/:" + OPEN_DQ
_DOUBLE_MARK = re.compile("''|[" + OPEN_DQ + CLOSE_DQ + '"]')
_SINGLE_MARK = re.compile("[‘’']")


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


@lru_cache(maxsize=4)  # the quote marks and the turn labels read the same article's paragraphs
def paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each paragraph; any newline ends a paragraph (news bodies put one
    paragraph per line or separate them by blank lines)."""
    out, pos = [], 0
    for m in re.finditer(r"\n+", text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return tuple(out)


def paragraph_at(text: str, char: int) -> tuple[int, int]:
    """(start, end) of the paragraph holding `char` (a newline at `char` ends it)."""
    end = text.find("\n", char)
    return text.rfind("\n", 0, char) + 1, end if end >= 0 else len(text)


def opens_paragraph(text: str, char: int) -> bool:
    return char == 0 or text[char - 1] == "\n"


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Pair quotation marks paragraph by paragraph. Curly marks pair by direction; straight
    marks by position (after a space = opening). An opening mark without its closing mark runs
    to the end of its paragraph and no further, so an unbalanced mark cannot swallow the rest of
    the article. Single marks (‘ ’ ') are used only outside double quotes (headlines), and a
    ’ or ' between letters is an apostrophe."""
    spans: list[QuoteSpan] = []
    for para, (lo, hi) in enumerate(paragraphs(text)):
        doubles, width = _double_marks(text, lo, hi)
        covered = [(o, c + width.get(c, 1) - 1 if c is not None else hi) for o, c in doubles]
        pairs = sorted(doubles + _single_marks(text, lo, hi, covered))
        spans.extend(_content_spans(text, pairs, width, hi, para))
    return spans


def _is_opening_straight(text: str, i: int, lo: int) -> bool:
    prev = text[i - 1] if i > lo else " "
    return prev.isspace() or prev in _OPENERS


def _double_marks(text: str, lo: int, hi: int) -> tuple[list[tuple[int, int | None]], dict[int, int]]:
    """(opening, closing or None) index pairs of the double marks of one paragraph, and the
    width of each two-character '' mark."""
    i, open_at = lo, None
    pairs: list[tuple[int, int | None]] = []
    width: dict[int, int] = {}
    # only a double mark or two apostrophes changes the state: jump from one to the next
    while (m := _DOUBLE_MARK.search(text, i, hi)) is not None:
        i = m.start()
        c = text[i]
        # two apostrophes stand for a straight double mark (''Like this,'' she said)
        if text.startswith("''", i) and i + 1 < hi:
            width[i] = 2
            if open_at is None and _is_opening_straight(text, i, lo) and i + 2 < hi and not text[i + 2].isspace():
                open_at = i
            elif open_at is not None:
                pairs.append((open_at, i))
                open_at = None
            i += 2
            continue
        # a typographer's ” used as an opener: after a space, before a word
        typo_open = (
            c == "”" and open_at is None and (i == lo or text[i - 1].isspace()) and i + 1 < hi and text[i + 1].isalnum()
        )
        if c in OPEN_DQ or typo_open or (c == '"' and open_at is None and _is_opening_straight(text, i, lo)):
            if open_at is None:
                open_at = i
            elif c in OPEN_DQ and (inner := _nested_close(text, i, hi)) is not None:
                i = inner  # a quotation inside the quotation (“… his so-called “reform” …”): its words
            elif c in OPEN_DQ:  # a second opening mark while open: the first was never closed
                pairs.append((open_at, None))
                open_at = i
        elif (c in CLOSE_DQ or c == '"') and open_at is not None:  # a stray closer is ignored
            pairs.append((open_at, i))
            open_at = None
        i += 1
    if open_at is not None:
        pairs.append((open_at, None))
    return pairs, width


def _next_mark(text: str, i: int, hi: int) -> int | None:
    """Index of the first curly double mark after `i` in the paragraph, or None."""
    return next((k for k in range(i + 1, hi) if text[k] in OPEN_DQ + CLOSE_DQ), None)


def _nested_close(text: str, i: int, hi: int) -> int | None:
    """The closing mark of a quotation opened at `i` inside an open one, when two closing
    marks follow before the paragraph ends or another opens (“A “B” C.”), else None."""
    first = _next_mark(text, i, hi)
    if first is None or text[first] not in CLOSE_DQ:
        return None
    second = _next_mark(text, first, hi)
    return first if second is not None and text[second] in CLOSE_DQ else None


def _single_marks(text: str, lo: int, hi: int, covered: list[tuple[int, int]]) -> list[tuple[int, int | None]]:
    """(opening, closing) pairs of single marks outside the double quotes of a paragraph."""
    out: list[tuple[int, int | None]] = []
    open_at = None
    for m in _SINGLE_MARK.finditer(text, lo, hi):
        i, c = m.start(), m.group()
        if open_at is None and i > lo and text[i - 1].isalnum():
            continue  # an apostrophe in a word ("Trump's") opens nothing, and nothing is open
        if any(o <= i <= e for o, e in covered) or text.startswith("''", i) or text[i - 1 : i + 1] == "''":
            continue
        if (
            c in "‘'"
            and (i == lo or not text[i - 1].isalnum())
            and open_at is None
            and i + 1 < hi
            and text[i + 1].isalnum()
        ):
            open_at = i
        elif c in "’'" and open_at is not None and i > open_at + 1 and not (i + 1 < hi and text[i + 1].isalpha()):
            out.append((open_at, i))
            open_at = None
    return out


def _content_spans(text: str, pairs, width: dict[int, int], hi: int, para: int) -> list[QuoteSpan]:
    """The content of each mark pair: without the marks, edge spaces, and a trailing comma
    that stands in for the full stop (“X,” he said → X)."""
    out = []
    for o, c in pairs:
        s, e = o + width.get(o, 1), c if c is not None else hi
        while s < e and text[s].isspace():
            s += 1
        while e > s and (text[e - 1].isspace() or (c is not None and text[e - 1] == ",")):
            e -= 1
        if e > s:
            out.append(QuoteSpan(s, e, o, c, para, width.get(c, 1) if c is not None else 1))
    return out
