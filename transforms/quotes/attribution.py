"""The source stage: who a cue's words belong to.

`speaker_of` finds the speaker token of a speech verb, `full_phrase` its whole phrase (the
PolNeAR Source span: appositions, titles and relative clauses included), and `attach` fills a
`QuoteRecord` from an `Attribution`. Pronouns and descriptions resolve through the article's
one resolver (`ctx.coref`); what stays here is quote-specific: a relative pronoun stands for
its antecedent, and a capitalised headline name matches an actor's name words.
"""

from __future__ import annotations

from dataclasses import dataclass

from transforms.coreference import PERSON_PRONOUNS
from transforms.quotes.marks import PHRASE_STOPS
from transforms.quotes.records import QuoteRecord
from transforms.token_table import lower_lemma

SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")
SPEAKER_ENTS = ("PERSON", "ORG", "NORP", "GPE")
# pronouns that stand for a speaker as a subject ("it" is too often expletive)
SPEAKER_PRONOUNS = PERSON_PRONOUNS | {"they", "them"}
RELATIVE_PRONOUNS = ("who", "that", "which")
FINITE_VERB_TAGS = ("VBD", "VBZ", "VBP", "MD")


@dataclass
class Attribution:
    """A cue and the tokens its words are attributed to."""

    cue: tuple[int, int]
    cue_tok_i: int
    speaker_tok: object | None
    addressee_tok: object | None = None
    via: str = "explicit"  # explicit | according | nearest | dash | colon


def to_infinitive(verb) -> bool:
    """Does "to" mark the verb as an infinitive ("[to] reopen", "urged them [to] leave")?"""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def lemma(tok) -> str:
    """The lower-cased lemma (`tok.lemma_.lower()`, read once per lemma of the process)."""
    return lower_lemma(tok.vocab.strings, tok.lemma)


def is_speech_verb(ctx, tok) -> bool:
    lem = lemma(tok)
    return lem in ctx.vocab.report_verbs or lem in ctx.vocab.quote_cues


def gerund_frame(ctx, verb) -> str | None:
    """How a gerund cue under a preposition finds its speaker: "as_saying" ("cited X as saying":
    X speaks), "subject_prep" ("responded by saying": the responder speaks), or None (the
    preposition does not share its verb's subject: "the business of criticizing …")."""
    if verb.dep_ != "pcomp":
        return None
    prep = verb.head
    if prep.lower_ == "as" and lemma(prep.head) in ctx.vocab.kind("quote_extras", "as_saying"):
        return "as_saying"
    if prep.dep_ == "prep" and prep.lower_ in ctx.vocab.kind("quote_extras", "subject_prep"):
        return "subject_prep"
    return None


def addressee_of(verb):
    """Whom "told" addresses: its object."""
    if lemma(verb) != "tell":
        return None
    return next((c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj")), None)


def according_to(tok):
    """(according-token, to-token, pobj) when `tok` is "according" of "according to X"."""
    if tok.lower_ != "according" or tok.i + 1 >= len(tok.doc):
        return None
    nxt = tok.nbor(1)
    if nxt.lower_ != "to":
        return None
    # "according to show insiders" is parsed with a verb ("show") as the object
    obj = next((c for c in nxt.children if c.dep_ == "pobj"), None) or next(
        (c for c in nxt.children if c.dep_ == "pcomp"), None
    )
    # "according to which …" states a term of what the clause before names, no source
    return (tok, nxt, obj) if obj is not None and obj.tag_ not in ("WDT", "WP") else None


def according_attribution(acc) -> Attribution:
    a, to, obj = acc
    return Attribution((a.idx, to.idx + len(to)), a.i, obj, via="according")


def noun_source(ctx, noun, kinds: tuple[str, ...] = ("cue_noun",)):
    """The source of a speech noun (or of a noun of another of `kinds`): its possessor ("the
    candidate's claim") or the object of its "by"/"of"/"from" ("the statement by the
    ministry"); None when it names no one."""
    if not any(lemma(noun) in ctx.vocab.kind("quote_extras", k) for k in kinds):
        return None
    for c in noun.children:
        if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            return c
        if c.dep_ == "prep" and c.lower_ in ("by", "of", "from"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and (obj.pos_ == "PROPN" or ctx.coref.actor_of_token(obj)):
                return obj
    return None


def speaker_of(ctx, verb, depth: int = 0):
    """The speaker token of a speech verb: its subject, climbing through participles and
    coordinations ("…, insisting that …" → the main clause subject; "Pompeo, who insists …"
    → "who", resolved through its antecedent)."""
    subjects = [c for c in verb.children if c.dep_ in SUBJ_DEPS and c.i < verb.i]
    subjects = subjects or [c for c in verb.children if c.dep_ in SUBJ_DEPS]
    if subjects:
        # two subjects are a misparsed coordination ("Party leader and Prime Minister Boris
        # Johnson said"): the one nearest the verb holds the name
        return subjects[-1]
    if verb.tag_ == "VBG" and verb.i > 0:
        # "… threats from Donald Trump claiming that …": the noun right before the participle
        prev = verb.doc[verb.i - 1]
        if prev.pos_ in ("PROPN", "NOUN") and prev.ent_type_ in SPEAKER_ENTS:
            return prev
    for ch in verb.children:  # passive "was told by X"
        if ch.dep_ == "agent":
            obj = next((g for g in ch.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    if depth < 4 and verb.dep_ in ("advcl", "xcomp", "conj", "pcomp", "ccomp") and verb.head.i != verb.i:
        h = verb.head
        if verb.dep_ == "ccomp" and is_speech_verb(ctx, h):
            return None  # a reported clause does not share its reporter's subject
        if verb.dep_ == "conj" and h.dep_ == "ccomp" and is_speech_verb(ctx, h.head) and is_speech_verb(ctx, verb):
            return speaker_of(ctx, h.head, depth + 1)  # "said the plan was costly and added that …"
        frame = gerund_frame(ctx, verb)
        if frame == "as_saying":  # "Reuters cited a senior official as saying …": the official speaks
            return next((c for c in h.head.children if c.dep_ == "dobj"), None)
        if frame == "subject_prep" and h.head.pos_ in ("VERB", "AUX"):
            return speaker_of(ctx, h.head, depth + 1)  # "responded … by saying …": the responder
        if verb.dep_ == "advcl" and h.dep_ == "ccomp" and is_speech_verb(ctx, h.head):
            # "insists that the talks went well while noting that …": the noting is the
            # reporter's, not the reported clause's subject's
            return speaker_of(ctx, h.head, depth + 1)
        return speaker_of(ctx, h, depth + 1)
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return _issuer(ctx, verb.head, depth) or verb.head
    return _name_before(verb)


def _issuer(ctx, noun, depth: int):
    """ "Conley issued [a statement] saying …", "sent [a letter] urging …": a message the
    clause's subject issued speaks for them (kind ``medium_noun`` in `quote_extras.csv`)."""
    if noun.dep_ != "dobj" or lemma(noun) not in ctx.vocab.kind("quote_extras", "medium_noun") or depth >= 4:
        return None
    return speaker_of(ctx, noun.head, depth + 1) if noun.head.pos_ in ("VERB", "AUX") else None


def _name_before(verb):
    """A finite verb the parse left without a subject ("… the editorial board of the Post
    Trump said that …"): the name right before it, over adverbs ("Clinton apparently
    disagrees")."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.i == 0:
        return None
    k = verb.i - 1
    while k > 0 and verb.doc[k].pos_ == "ADV" and verb.doc[k].head.i == verb.i:
        k -= 1
    prev = verb.doc[k]
    if prev.pos_ == "PROPN" and prev.ent_type_ in SPEAKER_ENTS and "\n" not in prev.whitespace_:
        return prev
    return None


def subtree_ends(tok) -> tuple[int, int]:
    """Indices of the first and last token `tok.subtree` yields (left subtrees, the token,
    right subtrees). On a non-projective parse these are not the left and right edges; the
    clause and phrase spans were tuned on PolNeAR with these."""
    # read down the first left and the last right children, not a Token per subtree word
    first = tok
    while (left := next(first.lefts, None)) is not None:
        first = left
    last = tok
    while rights := list(last.rights):
        last = rights[-1]
    return first.i, last.i


DATELINE_DASHES = ("—", "―", "–", "--", "-")
MAX_DATELINE_TOKENS = 8


def after_dateline(doc, i: int) -> int:
    """Index of the first token after the dateline that opens the paragraph at token `i`
    ("WASHINGTON (AP) — …", "CHARLOTTE - …": capitals and a dash), else `i`. The dateline is
    the paper's, not part of anyone's words or name."""
    if i > 0 and "\n" not in doc[i - 1].whitespace_ and "\n" not in doc[i - 1].text:
        return i
    if len(doc[i].text) < 2:  # "I — and many others — …"
        return i
    for k in range(i, min(i + MAX_DATELINE_TOKENS, len(doc) - 1)):
        t = doc[k]
        if k > i and t.text in DATELINE_DASHES and t.whitespace_ and doc[k - 1].whitespace_:
            return k + 1  # a dash set off by spaces ("US-China talks …" opens no dateline)
        if not (t.is_punct or t.text.isupper()) or t.is_space:
            return i
    return i


def _breaks_phrase(doc, k: int, before: bool) -> bool:
    t = doc[k]
    ws = t.whitespace_ if before else doc[k - 1].whitespace_
    return "\n" in t.text or "\n" in ws or t.text in PHRASE_STOPS or t.text == "''"


def _after_clause(doc, i: int, head: int) -> int:
    """A noun phrase holds no finite verb before its head: where the parse ran a clause into it
    ("The hotel was evacuated and [local police] warned …"), it starts after the last
    conjunction or comma that follows that verb."""
    verb = next((k for k in range(head - 1, i - 1, -1) if _finite_clause(doc[k])), None)
    if verb is None:
        return i
    return 1 + next((k for k in range(head - 1, verb, -1) if doc[k].dep_ == "cc" or doc[k].text in ",;"), verb)


def _finite_clause(t) -> bool:
    """A finite auxiliary, or a finite verb with a subject ("retired" in "retired general
    Lloyd Newton" is neither)."""
    return t.tag_ in FINITE_VERB_TAGS and (t.pos_ == "AUX" or any(c.dep_ in SUBJ_DEPS for c in t.children))


def full_phrase(tok) -> tuple[int, int]:
    """Char span of the whole phrase headed by `tok` (appositives, titles, relative clauses
    included: PolNeAR's Source span), bounded by line breaks and quotation marks."""
    doc = tok.doc
    i, j = subtree_ends(tok)
    i = _after_clause(doc, i, tok.i)
    i = next((k + 1 for k in range(tok.i - 1, i - 1, -1) if _breaks_phrase(doc, k, True)), i)
    j = next((k - 1 for k in range(tok.i + 1, j + 1) if _breaks_phrase(doc, k, False)), j)
    i = max(i, min(after_dateline(doc, i), tok.i))
    while i < tok.i and (doc[i].is_punct or doc[i].is_space):
        i += 1
    while j > tok.i and ((doc[j].is_punct and doc[j].text not in ")]") or doc[j].is_space):
        j -= 1
    return doc[i].idx, doc[j].idx + len(doc[j])


def attach(ctx, rec: QuoteRecord, att: Attribution) -> None:
    """Fill `rec`'s cue, speaker, method and addressee from an attribution."""
    rec.cue = att.cue
    rec.extras["cue_i"] = att.cue_tok_i
    rec.method = att.via if att.via in ("according", "nearest") else None
    resolve_speaker(ctx, att.speaker_tok, rec)
    rec.method = rec.method or "explicit"
    if att.addressee_tok is not None:
        rec.addressee_key = ctx.coref.actor_of_token(att.addressee_tok)


# ---- speaker resolution: the first rule that applies fills the record


def _relative_pronoun(ctx, tok, rec: QuoteRecord) -> bool:
    """ "Pompeo, who insisted …": "who" is the Source span, its antecedent the actor."""
    if tok.lower_ not in RELATIVE_PRONOUNS or tok.head.dep_ != "relcl" or tok.head.head.i == tok.head.i:
        return False
    resolve_speaker(ctx, tok.head.head, rec)
    rec.speaker = (tok.idx, tok.idx + len(tok))
    return True


def _pronoun(ctx, tok, rec: QuoteRecord) -> bool:
    if tok.pos_ != "PRON" and tok.lower_ not in SPEAKER_PRONOUNS:
        return False
    rec.speaker, rec.method = (tok.idx, tok.idx + len(tok)), "pronoun"
    rec.speaker_key = ctx.coref.pronoun(tok)
    rec.confidence = 0.75 if rec.speaker_key else 0.4
    return True


def _named(ctx, tok, rec: QuoteRecord) -> bool:
    """The phrase's head is a named actor; a place is none that speaks ("The Atlantic claimed"
    is the magazine, not the ocean): the speaker stays unresolved."""
    key = ctx.coref.actor_of_token(tok)
    if key is not None and ctx.coref.actor_type(key) == "location":
        rec.method, rec.confidence = rec.method or "explicit", 0.5
        return True
    if key is not None:
        rec.speaker_key, rec.method, rec.confidence = key, rec.method or "explicit", 0.9
    return key is not None


def _name_words(ctx, tok, rec: QuoteRecord) -> bool:
    """A name the actor pass did not tag (capitalised headline): one actor's name words; one the
    tagger read as a common noun ("Trump described …") only as one person's name or surname."""
    if tok.pos_ == "NOUN" and (key := ctx.coref.person_by_name(tok)) is not None:
        rec.speaker_key, rec.method, rec.confidence = key, rec.method or "explicit", 0.8
        return True
    if tok.pos_ != "PROPN":
        return False
    low = tok.text.lower()
    hits = {
        a.key
        for a in ctx.actors.actors.values()
        if low in a.name.lower().split() or low in {x.lower() for x in a.aliases}
    }
    if len(hits) != 1:
        return False
    rec.speaker_key, rec.method, rec.confidence = hits.pop(), rec.method or "explicit", 0.8
    return True


def _appositive_name(ctx, tok, rec: QuoteRecord) -> bool:
    """A description whose appositive names the actor ("television broadcaster PBS", "his
    lawyer, Ty Cobb")."""
    if tok.pos_ != "NOUN":
        return False
    key = next((k for c in tok.children if c.dep_ == "appos" and (k := ctx.coref.actor_of_token(c))), None)
    if key is not None:
        rec.speaker_key, rec.method, rec.confidence = key, rec.method or "explicit", 0.85
    return key is not None


def _speech_noun(ctx, tok, rec: QuoteRecord) -> bool:
    """ "The statement by the ministry said …", "according to her memoirs": the phrase stays,
    the one who issued it speaks."""
    src = noun_source(ctx, tok, ("cue_noun", "medium_noun"))
    if src is None:
        return False
    span = rec.speaker
    resolve_speaker(ctx, src, rec)
    rec.speaker = span
    return True


def _description(ctx, tok, rec: QuoteRecord) -> bool:
    """ "a State Department spokeswoman", "the secretary": resolved only when one person of
    the article holds that role; "the party", "the agency": when one organisation or group
    named before it has that head word; else the organisation it speaks for, if named."""
    rec.method = "description"
    rec.speaker_key = ctx.coref.description(tok) or ctx.coref.group_description(tok) or _unit_of(ctx, tok)
    rec.confidence = 0.65 if rec.speaker_key else 0.5
    return True


def _unit_of(ctx, tok) -> str | None:
    """The organisation whose name modifies the unit that speaks for it ("The French Civil
    Security service", "the Kremlin's press office"), or the person whose campaign or office it
    is (`person_unit` in quote_extras.csv: "The Biden campaign", "Senator Klobuchar's
    campaign"); a person's title ("a State Department spokeswoman") is a person, who stays
    unresolved when no person of the article holds it."""
    if tok.lemma_.lower() in ctx.vocab.kind("titles", "title_head"):
        return None
    types = {"organization"}
    if tok.lemma_.lower() in ctx.vocab.kind("quote_extras", "person_unit"):
        types.add("person")  # "The Biden campaign": the candidate's
    keys = (ctx.coref.actor_of_token(c) for c in tok.lefts if c.dep_ in ("compound", "nmod", "poss"))
    return next((k for k in keys if ctx.coref.actor_type(k) in types), None)


def _phrase_span(ctx, tok, rec: QuoteRecord) -> tuple[int, int]:
    """The speaker's full phrase, ending before the record's own cue when it contains it
    ("nations that oppose …", "tweets accusing …")."""
    s, e = full_phrase(tok)
    if rec.cue is None or not s <= rec.cue[0] < e:
        return s, e
    span = ctx.doc.char_span(s, rec.cue[0], alignment_mode="contract")
    toks = list(span) if span is not None else []
    while toks and (
        toks[-1].is_punct or toks[-1].is_space or toks[-1].tag_ in ("WDT", "WP") or toks[-1].lower_ == "that"
    ):
        toks.pop()
    return (s, toks[-1].idx + len(toks[-1])) if toks else (s, e)


def resolve_speaker(ctx, tok, rec: QuoteRecord) -> None:
    """Fill speaker span, key, method and confidence on `rec` from the speaker head token."""
    if tok is None or _relative_pronoun(ctx, tok, rec) or _pronoun(ctx, tok, rec):
        return
    rec.speaker = _phrase_span(ctx, tok, rec)
    for rule in (_named, _name_words, _appositive_name, _speech_noun, _description):
        if rule(ctx, tok, rec):
            return
