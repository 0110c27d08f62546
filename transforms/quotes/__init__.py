"""Quotations and reported speech from one parsed article (issue 4).

`extract_quotes(ctx)` reads the article context (`transforms.context.ArticleContext`) and
returns one dict per quotation (keys = `STG_QUOTE`):

* ``direct``   a quotation standing as its own utterance: “X,” he said / Pompeo said: “X.”
* ``partial``  a quoted fragment embedded in reported speech: insisting that … “a great deal of
  progress.” (speaker = the subject of the reporting verb)
* ``indirect`` reported speech without marks: the complement clause of a speech verb
  ("Pompeo said [the North confirmed …]"), the clause around a parenthetical "X said", the
  clause an "according to X" qualifies, or the complement of a spoken request or promise or
  of a stance verb ("urged [residents to leave]", "called for [a moratorium]", "cited [the
  ruling]"). Intentions ("wants to …"), questions, a "you" source, a cue that is still an
  infinitive ("refused to say …"), passive cues, a verb acting on an event ("called a snap
  election") and a thought whose complement is a question ("don't know how …") are not
  attributions (`gates.NOT_ATTRIBUTIONS`).
* ``term``     scare quotes / quoted words with no speaker (“complete,” “verifiable”)

Offsets are into ``doc.text``. For direct/partial/term quotes ``start_char:end_char`` is the
quoted *content only*: the quotation marks are excluded, and so is a trailing comma that
stands in for the full stop (“X,” he said → "X"). Two apostrophes ('') count as a double mark.
Speaker offsets are the whole phrase the attribution rests on, appositions included ("he",
"a State Department spokeswoman", "Kim, the company's chief economist"; a relative pronoun
"who" stands for its antecedent); the cue takes in auxiliaries, negation and particles
("has not said", "pointed out", "called for"), as PolNeAR marks them.

The stages, in the order `analyse_quotes` runs them (citron's `get_quotes` is the shape):

1. `marks`: the quotation marks, paired per paragraph (`ctx.quote_spans`);
2. `direct`: each quotation's type and cue, from its frame (`frames`) or the verb it hangs from;
3. `attribution`: the speaker phrase of each cue, resolved through `ctx.coref`;
4. `indirect`: reported speech without marks, from the speech verbs outside quotations (what
   a verb reports in `complements`, its clause spans in `clauses`);
5. `labels`: a paragraph that opens with a speaker's name and a colon ("Name: words");
6. `nesting`: reported speech inside another cue's reported words is not a quote of its own;
7. `scope`: nothing from captions or a publisher's note, nor from an interview's questions
   and headline.

Pure Python over spaCy objects: no Prefect, no DuckDB. Word lists are data:
`seeds/lexicons/speech_verbs.csv` and `quote_extras.csv`, read through `ctx.vocab`.
"""

from __future__ import annotations

from transforms.quotes.direct import marked_quotes
from transforms.quotes.indirect import indirect_quotes
from transforms.quotes.labels import labelled_lines
from transforms.quotes.marks import QuoteSpan, find_quote_spans
from transforms.quotes.nesting import drop_nested
from transforms.quotes.records import QUOTE_TYPES, STG_QUOTE, QuoteRecord
from transforms.quotes.scope import Scope

__all__ = [
    "QUOTE_TYPES",
    "STG_QUOTE",
    "QuoteRecord",
    "QuoteSpan",
    "analyse_quotes",
    "extract_quotes",
    "find_quote_spans",
]


def analyse_quotes(ctx) -> list[QuoteRecord]:
    """All quotations of one article as `QuoteRecord`s, in text order: the quotations with
    marks first (their cues are not read again as indirect speech), then reported speech."""
    records = marked_quotes(ctx)
    records.extend(indirect_quotes(ctx, records))
    records.extend(labelled_lines(ctx, records))
    records = drop_nested(records)
    scope = Scope(ctx)
    records = [r for r in records if not scope.excludes(r.start)]
    records.sort(key=lambda r: (r.start, r.end))
    return records


def extract_quotes(ctx) -> list[dict]:
    """Quotations of one article as dicts with exactly the `STG_QUOTE` keys. An indirect
    record whose clause only wraps a partial quote of the same cue is kept: it carries the
    reported clause, the partial carries the verbatim words."""
    return [rec.row(ctx.text) for rec in analyse_quotes(ctx)]
