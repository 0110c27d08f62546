"""The gates of reported speech: an attribution an indirect rule found that is still none an
analyst can use. Each gate is (ctx, cue token, attribution) -> True when the relation goes;
`indirect_quotes` asks them before it resolves a speaker, and drops what any gate stops."""

from __future__ import annotations

from transforms.coreference import SECOND_PERSON
from transforms.quotes.attribution import SUBJ_DEPS, Attribution, gerund_frame, is_speech_verb, lemma, to_infinitive
from transforms.quotes.cues import catenative_head

COUNTERFACTUAL_MODALS = ("might", "could", "would", "should", "may", "must")


def _asks(ctx, tok, att: Attribution) -> bool:
    """A question reports nothing ("You've said that you want …?", "Could you tell me …?"):
    in a Q&A transcript it is the interviewer's."""
    return ctx.text_of(ctx.sent_of(tok)).rstrip().endswith("?")


def _addressed(ctx, tok, att: Attribution) -> bool:
    """ "You" as the source is the reader or the person addressed, never a reported speaker
    ("you know that …", "if you want to …")."""
    return att.speaker_tok is not None and att.speaker_tok.lower_ in SECOND_PERSON


def _not_yet_said(ctx, tok, att: Attribution) -> bool:
    """A cue that is the infinitive of another verb has not said anything yet ("refused to say
    whether …", "needs to understand how …", "appeared to suggest …"): on PolNeAR dev, 2 of 30
    such cues were attributions. So is any to-infinitive ("in order to determine whether …") and a
    hypothetical "let's say …". A verb that goes on with the speech is no such verb ("went on to
    say …", "continues to insist …": `cues.catenative_head`)."""
    if catenative_head(ctx, tok) is not None:
        return False
    infinitive = tok.tag_ == "VB" and to_infinitive(tok)
    return tok.dep_ == "xcomp" or infinitive or lemma(tok.head) == "let"  # "in order to determine", "let's say"


def _speakerless_gerund(ctx, tok, att: Attribution) -> bool:
    """A gerund under a preposition that does not share its verb's subject ("the business of
    criticizing …", "intent on deciding …", "voted for admitting …") has no speaker; "responded
    by saying …" and "cited X as saying …" do (`attribution.gerund_frame`)."""
    return tok.tag_ == "VBG" and tok.dep_ == "pcomp" and gerund_frame(ctx, tok) is None


def _passive_cue(ctx, tok, att: Attribution) -> bool:
    """A passive cue's subject is the one addressed or an expletive, not the speaker
    ("Residents have been instructed to evacuate", "it was reported that …"), and so is the
    clause a bare participle opens ("Asked whether he would run, the senator said …", "When
    pressed on the deal, …"); "was quoted as saying" is the exception (`as_saying`)."""
    if lemma(tok) in ctx.vocab.kind("quote_extras", "as_saying"):
        return False
    if any(c.dep_ == "auxpass" for c in tok.children):
        return True
    return (
        tok.tag_ == "VBN"
        and tok.dep_ in ("advcl", "acl")
        and not any(c.dep_ in SUBJ_DEPS or c.dep_ in ("aux", "auxpass") for c in tok.children)
    )


def _acts_on_event(ctx, tok, att: Attribution) -> bool:
    """ "Called a snap election", "called a strike", "dismissed the lawsuit": the verb acts on an
    event or a proceeding and reports no words, unless a judgement of it follows ("called the
    election a sham", "the vote rigged", "dismissed the charges as politics")."""
    if lemma(tok) not in ctx.vocab.kind("quote_extras", "act_verb"):
        return False
    kids = list(tok.children)
    obj = next((c for c in kids if c.dep_ == "dobj"), None)
    return (
        obj is not None
        and lemma(obj) in ctx.vocab.kind("quote_extras", "act_object")
        and all(c.dep_ in ("prep", "relcl", "punct") or (c.dep_ == "acl" and _purpose_or_gerund(c)) for c in obj.rights)
        and not any(_judgement(c) for c in kids)
    )


def _purpose_or_gerund(clause) -> bool:
    """ "a law [to mandate …]", "a strike [protesting …]": what the act is for, not a judgement
    of it ("the vote [rigged]")."""
    return clause.tag_ == "VBG" or to_infinitive(clause)


def _judgement(child) -> bool:
    """A complement that judges the act's object ("called the election [a sham]", "dismissed the
    charges [as politics]"); a to-infinitive of purpose is none ("announced a law [to mandate …]")."""
    if child.dep_ == "xcomp":
        return not to_infinitive(child)
    return child.dep_ in ("oprd", "ccomp", "acomp") or child.lower_ == "as"


def _denied_object(ctx, tok, att: Attribution) -> bool:
    """A negated cue with only a thing for its object reports nothing ("did not list any
    incident … nor mention any damages", "neither the EU nor the US would endorse the result");
    a negated cue with a clause still does ("did not say that …", "I don't think …")."""
    kids = list(tok.children)
    return (
        _negated(tok)
        and any(c.dep_ == "dobj" for c in kids)
        and not any(c.dep_ in ("ccomp", "xcomp", "oprd") for c in kids)
    )


def _negated(verb) -> bool:
    """ "did not mention", "[neither …] nor mention" (a verb joined by "nor" to a negated one),
    "did not concede or admit" (joined by "or" to a negated one), "neither X nor Y would
    endorse", "nobody confirmed"."""
    if any(c.i < verb.i and (c.dep_ == "neg" or c.lower_ == "neither") for c in verb.children):
        return True
    if verb.dep_ == "conj" and any(c.lower_ == "nor" for c in verb.head.children):
        return True
    if verb.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "or" for c in verb.head.children):
        return _negated(verb.head)
    subj = next((c for c in verb.children if c.dep_ in SUBJ_DEPS), None)
    return subj is not None and (
        subj.lower_ in ("nobody", "none", "neither")
        or any(c.dep_ in ("preconj", "det") and c.lower_ in ("neither", "no") for c in subj.children)
    )


def _embedded_question(ctx, tok, att: Attribution) -> bool:
    """A verb of thought whose complement is a question reports no claim: it knows, learns or
    wonders ("I don't know how brief I can be", "doesn't understand why …", "to determine
    whether …"); nor does any verb that says it was not answered ("would not say whether …",
    "did not announce whom …"). Speech ("explained why …", "asked whether …") and stance
    ("questioned whether …") verbs still report."""
    v, lem = ctx.vocab, lemma(tok)
    if tok.dep_ == "ccomp" and _question_clause(tok) and lemma(tok.head) in v.report_verbs:
        return True  # the cue is the question's: "would not say [whether he supported …]"
    if not any(c.dep_ == "ccomp" and c.i > tok.i and _question_clause(c) for c in tok.children):
        return False
    if _negated(tok):
        return True  # nothing was answered: "did not announce whom they would support"
    return lem in v.report_verbs and lem not in v.stance_verbs and lem not in v.quote_cues


def _counterfactual(ctx, tok, att: Attribution) -> bool:
    """What was never said: a perfect modal ("might have said …") or a cue in a condition ("if
    the minister says the plan works, …")."""
    kids = [c.lower_ for c in tok.children if c.dep_ == "aux"]
    if "have" in kids and any(k in COUNTERFACTUAL_MODALS for k in kids):
        return True
    t = tok
    while not _condition(ctx, t):
        if t.dep_ not in ("conj", "ccomp", "xcomp") or t.head.i == t.i:
            return False
        t = t.head
    return True


def _condition(ctx, clause) -> bool:
    """Does "if" or "unless" open the clause as a condition: an adverbial clause, or one the
    parse made another verb's complement ("allowed [if a doctor determined …]"), though not a
    speech verb's, where "if" asks ("asked if …")?"""
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children) and (
        clause.dep_ == "advcl" or (clause.dep_ == "ccomp" and not is_speech_verb(ctx, clause.head))
    )


def _question_clause(clause) -> bool:
    first = clause.left_edge
    return first.tag_ in ("WRB", "WP", "WDT") or (first.dep_ == "mark" and first.lower_ in ("whether", "if"))


def _topic_frame(ctx, tok, att: Attribution) -> bool:
    """A participle frame that names what another report is about ("Speaking about the film,
    the archbishop said …", "Commenting on the ruling, she said …") is the report's topic, not a
    relation of its own."""
    return (
        tok.tag_ == "VBG"
        and tok.dep_ == "advcl"
        and is_speech_verb(ctx, tok.head)
        and not any(c.dep_ in ("ccomp", "dobj") for c in tok.children)
        and any(
            c.dep_ == "prep" and c.lower_ in ctx.vocab.kind("quote_extras", "topic_preposition") for c in tok.children
        )
    )


def _names_a_topic(ctx, tok, att: Attribution) -> bool:
    """ "She spoke about her husband", "talked about the economy": a verb of speaking with only
    a topic names what was talked about, not what was said; a clause in the topic ("spoke of the
    cost, and whether the country could afford it") and "said that …" still report."""
    if lemma(tok) not in ctx.vocab.kind("quote_extras", "topic_verb") or any(
        c.dep_ in ("ccomp", "dobj", "xcomp") or (c.dep_ == "conj" and any(m.dep_ == "mark" for m in c.children))
        for c in tok.children
    ):
        return False
    topics = [
        c for c in tok.children if c.dep_ == "prep" and c.lower_ in ctx.vocab.kind("quote_extras", "topic_preposition")
    ]
    return bool(topics) and not any(
        t.pos_ in ("VERB", "AUX") and t.dep_ in ("conj", "ccomp", "pcomp") for p in topics for t in p.subtree
    )


def _names_a_thing(ctx, tok, att: Attribution) -> bool:
    """ "Referring to caves with fresh water", "the word refers to how widely …": the verb points
    at a thing and claims nothing of it, unless it goes on to call it something ("referred to
    him as a traitor")."""
    return (
        lemma(tok) in ctx.vocab.kind("quote_extras", "pointing_verb")
        and not any(c.dep_ in ("ccomp", "xcomp", "oprd") for c in tok.children)
        and not any(t.lower_ == "as" for t in tok.subtree if t.i > tok.i)
    )


def _court_ruling(ctx, tok, att: Attribution) -> bool:
    """A court's or a judge's ruling is a legal act, not a report ("the unanimous court decided
    their actions did not qualify", "a federal judge rules American Samoans are citizens")."""
    return (
        att.speaker_tok is not None
        and lemma(tok) in ctx.vocab.kind("quote_extras", "ruling_verb")
        and lemma(att.speaker_tok) in ctx.vocab.kind("quote_extras", "court_noun")
    )


def _data_source(ctx, tok, att: Attribution) -> bool:
    """Figures say nothing: what data, records or measurements show is a finding, not a
    source's words ("according to the JHU data", "the measurements indicate …", "records
    showed …"). Polls and studies, which PolNeAR marks as sources, are not such words."""
    return att.speaker_tok is not None and lemma(att.speaker_tok) in ctx.vocab.kind("quote_extras", "data_noun")


def _cites_a_source(ctx, tok, att: Attribution) -> bool:
    """ "Reports citing [sources within the party]", "citing [Johns Hopkins data]": the object
    names whom or what the report rests on, not what was said; "cited the ruling" and "cited
    the audit as the reason" and "cited a security source [that …]" still report."""
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if lemma(tok) != "cite" or obj is None or any(t.lower_ == "as" for t in tok.subtree if t.i > obj.i):
        return False
    if any(c.dep_ in ("ccomp", "acl", "relcl") for c in (*tok.children, *obj.children)):
        return False
    return lemma(obj) in ctx.vocab.kind("quote_extras", "cited_source", "data_noun") or (
        obj.pos_ == "PROPN" and obj.ent_type_ in ("ORG", "PERSON")
    )


def _no_source(ctx, tok, att: Attribution) -> bool:
    """A cue nobody speaks through reports nothing: an imperative ("Imagine that …", "Now tell
    us …"), a noun or a participle with no subject ("calls to establish …", "assuming that
    …")."""
    return att.speaker_tok is None


NOT_ATTRIBUTIONS = (
    _asks,
    _addressed,
    _not_yet_said,
    _speakerless_gerund,
    _passive_cue,
    _acts_on_event,
    _denied_object,
    _embedded_question,
    _counterfactual,
    _topic_frame,
    _names_a_topic,
    _names_a_thing,
    _court_ruling,
    _data_source,
    _cites_a_source,
    _no_source,
)
