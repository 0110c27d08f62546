"""The gates of reported speech: a relation an indirect rule found that is still no attribution
an analyst can use. Each gate is (ctx, cue token, record) -> True when the relation goes;
`indirect_quotes` drops a relation that any gate in `NOT_ATTRIBUTIONS` stops."""

from __future__ import annotations

from transforms.coreference import SECOND_PERSON
from transforms.quotes.attribution import lemma
from transforms.quotes.records import QuoteRecord


def _source_word(ctx, rec: QuoteRecord) -> str:
    return ctx.text[rec.speaker[0]:rec.speaker[1]].lower() if rec.speaker else ""


def _asks(ctx, tok, rec: QuoteRecord) -> bool:
    """A question reports nothing ("You've said that you want …?", "Could you tell me …?"):
    in a Q&A transcript it is the interviewer's."""
    return ctx.sent_of(tok).text.rstrip().endswith("?")


def _addressed(ctx, tok, rec: QuoteRecord) -> bool:
    """"You" as the source is the reader or the person addressed, never a reported speaker
    ("you know that …", "if you want to …")."""
    return _source_word(ctx, rec) in SECOND_PERSON


def _not_yet_said(ctx, tok, rec: QuoteRecord) -> bool:
    """A cue that is the infinitive of another verb has not said anything yet ("refused to say
    whether …", "needs to understand how …", "appeared to suggest …"): on PolNeAR dev, 2 of 30
    such cues were attributions."""
    return tok.dep_ == "xcomp"


def _speakerless_gerund(ctx, tok, rec: QuoteRecord) -> bool:
    """A gerund under a preposition that does not share its verb's subject ("the business of
    criticizing …", "intent on deciding …", "voted for admitting …") has no speaker; "responded
    by saying …" and "cited X as saying …" do (`subject_prep`, `as_saying` in quote_extras.csv)."""
    if tok.tag_ != "VBG" or tok.dep_ != "pcomp":
        return False
    prep = tok.head
    cited_as = prep.lower_ == "as" and lemma(prep.head) in ctx.vocab.kind("quote_extras", "as_saying")
    return not cited_as and prep.lower_ not in ctx.vocab.kind("quote_extras", "subject_prep")


def _passive_cue(ctx, tok, rec: QuoteRecord) -> bool:
    """A passive cue's subject is the one addressed or an expletive, not the speaker
    ("Residents have been instructed to evacuate", "it was reported that …"); "was quoted as
    saying" is the exception (`as_saying`)."""
    return any(c.dep_ == "auxpass" for c in tok.children) \
        and lemma(tok) not in ctx.vocab.kind("quote_extras", "as_saying")


NOT_ATTRIBUTIONS = (_asks, _addressed, _not_yet_said, _speakerless_gerund, _passive_cue)
