"""Where an article holds no quotations of its subjects: photo captions, and in an interview
transcript the interviewer's lines ("Q: …", "Wikinews: …") and the headline.

An interviewer label is a word of `quote_extras.csv` (kind ``interviewer_label``) that opens
a paragraph and is followed by a colon.
"""

from __future__ import annotations

import re
from functools import cached_property

from transforms.quotes.marks import paragraph_at


class Scope:
    """Which characters of an article may hold a quotation of its subjects."""

    def __init__(self, ctx):
        self.ctx = ctx

    @cached_property
    def _label(self) -> re.Pattern | None:
        words = self.ctx.vocab.kind("quote_extras", "interviewer_label")
        if not words:
            return None
        alts = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
        return re.compile(rf"(?i)(?:{alts})\s*:")

    def _interviewer_line(self, start: int) -> bool:
        return self._label is not None and self._label.match(self.ctx.text, start) is not None

    @cached_property
    def is_transcript(self) -> bool:
        """Some body paragraph opens with an interviewer label."""
        text = self.ctx.text
        return self._label is not None and any(
            self._interviewer_line(m.end()) for m in re.finditer(r"(?:^|\n)\s*", text))

    def excludes(self, char: int) -> bool:
        """`char` lies in a caption, an interviewer's line or a transcript's headline."""
        section = self.ctx.section_at(char)
        if section == "caption" or (section == "title" and self.is_transcript):
            return True
        return self.is_transcript and self._interviewer_line(paragraph_at(self.ctx.text, char)[0])
