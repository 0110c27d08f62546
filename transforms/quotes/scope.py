"""Where an article holds no quotations of its subjects: photo captions, the publisher's
notes ("Editor's note: …", kind ``note_label`` in `quote_extras.csv`: boilerplate repeated
under every article, not its reporting), and in an interview transcript the interviewer's
lines ("Q: …", "Wikinews: …", "((WN)) …") and the headline.

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

    @cached_property
    def _note_labels(self) -> tuple[str, ...]:
        return tuple(w.lower() for w in self.ctx.vocab.kind("quote_extras", "note_label"))

    def _in_note(self, char: int) -> bool:
        """`char` lies in a paragraph that opens with a publisher's note label."""
        lo, hi = paragraph_at(self.ctx.text, char)
        return self.ctx.text[lo : min(hi, lo + 40)].lstrip().lower().replace("’", "'").startswith(self._note_labels)

    def excludes(self, char: int) -> bool:
        """`char` lies in a caption, a publisher's note, an interviewer's line or a
        transcript's headline."""
        section = self.ctx.section_at(char)
        if section == "caption" or (section == "title" and self.is_transcript) or self._in_note(char):
            return True
        return self.is_transcript and paragraph_at(self.ctx.text, char)[0] in self._interviewer_lines
