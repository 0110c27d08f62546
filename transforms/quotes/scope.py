"""Where an article holds no quotations of its subjects: photo captions, the publisher's
notes ("Editor's note: …", kind ``note_label`` in `quote_extras.csv`: boilerplate repeated
under every article, not its reporting), and in an interview transcript the interviewer's
lines ("Q: …", "Wikinews: …", "((WN)) …") and the headline.

The interviewer's and the note's labels are found once per article, by one line scan
(`ArticleContext.interviewer_labels` and `note_labels`, words of kinds ``interviewer_label``
and ``note_label`` in `quote_extras.csv`).
"""

from __future__ import annotations

from functools import cached_property

from transforms.quotes.marks import paragraph_at


class Scope:
    """Which characters of an article may hold a quotation of its subjects."""

    def __init__(self, ctx):
        self.ctx = ctx

    def _line_starts(self, labels: list[tuple[int, int]]) -> set[int]:
        text = self.ctx.text
        return {text.rfind("\n", 0, s) + 1 for s, _ in labels}

    @cached_property
    def _interviewer_lines(self) -> set[int]:
        """Start of every line an interviewer label opens."""
        return self._line_starts(self.ctx.interviewer_labels)

    @cached_property
    def _note_lines(self) -> set[int]:
        """Start of every line a publisher's note label opens."""
        return self._line_starts(self.ctx.note_labels)

    @property
    def is_transcript(self) -> bool:
        """Some line opens with an interviewer label."""
        return bool(self.ctx.interviewer_labels)

    def excludes(self, char: int) -> bool:
        """`char` lies in a caption, a publisher's note, an interviewer's line or a
        transcript's headline."""
        section = self.ctx.section_at(char)
        if section == "caption" or (section == "title" and self.is_transcript):
            return True
        start = paragraph_at(self.ctx.text, char)[0]
        return start in self._note_lines or (self.is_transcript and start in self._interviewer_lines)
