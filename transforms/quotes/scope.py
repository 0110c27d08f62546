"""Where an article holds no quotations of its subjects: photo captions, and in an interview
transcript the interviewer's lines ("Q: …", "Wikinews: …", "((WN)) …") and the headline.

The interviewer's turn labels are found once per article (`ArticleContext.interviewer_labels`,
words of kind ``interviewer_label`` in `quote_extras.csv`).
"""

from __future__ import annotations

from functools import cached_property

from transforms.quotes.marks import paragraph_at


class Scope:
    """Which characters of an article may hold a quotation of its subjects."""

    def __init__(self, ctx):
        self.ctx = ctx

    @cached_property
    def _interviewer_lines(self) -> set[int]:
        """Start of every line an interviewer label opens."""
        text = self.ctx.text
        return {text.rfind("\n", 0, s) + 1 for s, _ in self.ctx.interviewer_labels}

    @property
    def is_transcript(self) -> bool:
        """Some line opens with an interviewer label."""
        return bool(self.ctx.interviewer_labels)

    def excludes(self, char: int) -> bool:
        """`char` lies in a caption, an interviewer's line or a transcript's headline."""
        section = self.ctx.section_at(char)
        if section == "caption" or (section == "title" and self.is_transcript):
            return True
        return self.is_transcript and paragraph_at(self.ctx.text, char)[0] in self._interviewer_lines
