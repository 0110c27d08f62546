"""Clause spans: where the words a cue reports begin and end (the content stage's spans).

A clause is the subtree of its head within its paragraph, without edge punctuation, a
trailing comma-set comment of the writer, a coordinated cue of its reporter ("said [the
plan was costly] and added that …") or a report of another speaker set against it ("said
[X], while others said …"), and through the closing mark of a quotation it opens. A
conjunct the parse hung from the cue verb goes on with the reported words only when it cannot
be the reporter's own next act (`reported_conjuncts`).
"""

from __future__ import annotations

from transforms.quotes.attribution import SUBJ_DEPS, after_dateline, is_speech_verb, lemma, subtree_ends
from transforms.quotes.marks import OPEN_DQ

EDGE_PUNCT = ",;:.—–-"  # trimmed from the end of a clause (substring test, as tokens)
KEPT_OPENERS = (*OPEN_DQ, '"', "''")  # punctuation kept at the start of a clause


def _lead_junk(t) -> bool:
    return (t.is_punct and t.text not in KEPT_OPENERS) or t.is_space


def _tail_junk(t) -> bool:
    return t.is_space or t.text in EDGE_PUNCT


def _within_paragraph(ctx, tok) -> tuple[int, int]:
    """Token bounds of the subtree of `tok`, cut at the line breaks nearest the head (a parse
    can run over a paragraph break). A line break is a token of its own (a token's trailing
    whitespace is one space at most)."""
    i, j = subtree_ends(tok)
    words = ctx.toks.words
    for k in range(tok.i + 1, j):
        if "\n" in words[k]:
            j = k - 1
            break
    for k in range(tok.i - 1, i - 1, -1):
        if "\n" in words[k]:
            i = k + 1
            break
    return i, j


def trim(doc, i: int, j: int) -> tuple[int, int]:
    """Token bounds without a paragraph's dateline and edge punctuation."""
    i = min(after_dateline(doc, i), j)
    while i < j and _lead_junk(doc[i]):
        i += 1
    while j > i and _tail_junk(doc[j]):
        j -= 1
    return i, j


def _without_trailing_comment(ctx, tok, i: int, j: int) -> int:
    """End of the clause without a trailing comma-set modifier, the writer's addition ("shows
    that X, contradicting …", "said he did not back Y, the presumed favourite"); one with a
    quotation in it stays, unless it reports another speaker's words."""
    doc = ctx.doc
    for k in range(max(i, tok.i + 1), j + 1):  # a Token for the words after the head only
        t = doc[k]
        if (
            all(doc[k].is_punct for k in range(t.right_edge.i + 1, j + 1))
            and t.left_edge.i > i
            and doc[t.left_edge.i - 1].text == ","
            and (t.dep_ in ("appos", "relcl", "acl") or (t.dep_ == "advcl" and t.tag_ == "VBG"))
            and (not any(ctx.quoted[t.left_edge.idx : ctx.toks.end(j)]) or _reports_another(t))
        ):
            return t.left_edge.i - 2
    return j


def _reports_another(modifier) -> bool:
    """Are the modifier's quoted words another speaker's ("the decision, [which Ross has
    referred to as “gamesmanship”]"): has its verb a subject of its own, not the relative
    pronoun?"""
    return modifier.pos_ in ("VERB", "AUX") and any(
        k.dep_ in SUBJ_DEPS and k.tag_ not in ("WDT", "WP") for k in modifier.children
    )


def _before_coordinated_cue(ctx, tok, i: int, j: int) -> int:
    """End of the clause before a coordinated cue of its reporter ("said [the plan was costly]
    and added that …", "found [the strike justified] and called the order swift": the other
    cue's words are a relation of their own)."""
    for c in tok.children:
        if (
            c.dep_ == "conj"
            and c.i > tok.i
            and (is_speech_verb(ctx, c) or lemma(c) in ctx.vocab.cue_verbs)
            and not any(k.dep_ in SUBJ_DEPS for k in c.children)
        ):
            return min(j, c.left_edge.i - 1 if c.left_edge.i > tok.i else c.i - 1)
    return j


def _before_contrasted_report(ctx, tok, j: int) -> int:
    """End of the clause before a report of another speaker coordinated with it or set against
    it ("One voter said [people changed their minds] and several said …", "Most farmers said
    [the rules hurt them], while the minister said …": the second report is a relation of its own)."""
    contrast = ctx.vocab.kind("quote_extras", "contrast_mark")
    for c in tok.children:
        if (
            c.dep_ in ("advcl", "conj")
            and c.i > tok.i
            and is_speech_verb(ctx, c)
            and any(k.dep_ in SUBJ_DEPS for k in c.children)
            and (c.dep_ == "conj" or any(k.dep_ == "mark" and k.lower_ in contrast for k in c.children))
        ):
            return min(j, c.left_edge.i - 1)
    return j


def clause_span(ctx, tok) -> tuple[int, int]:
    """Char span of the clause headed by `tok`: within its paragraph, without edge punctuation,
    before a coordinated cue, and through the closing mark of a quotation it opens (“…
    strong.” not “… strong)."""
    doc = ctx.doc
    i, j = _within_paragraph(ctx, tok)
    i, j = trim(doc, i, _before_contrasted_report(ctx, tok, _before_coordinated_cue(ctx, tok, i, j)))
    while j > i and doc[j].dep_ == "cc":
        i, j = trim(doc, i, j - 1)
    i, j = trim(doc, i, _without_trailing_comment(ctx, tok, i, j))
    s, e = doc[i].idx, doc[j].idx + len(doc[j])
    for q in ctx.quote_spans:
        if s <= q.open_mark < e < q.outer_end and q.close_mark is not None and q.outer_end - e <= 4:
            e = q.outer_end
    return s, e


def clauses_span(ctx, heads: list) -> tuple[int, int]:
    """From the start of the first to the end of the last of several clauses."""
    spans = [clause_span(ctx, h) for h in heads]
    return min(s for s, _ in spans), max(e for _, e in spans)


def _without_opener(ctx, span: tuple[int, int], opens, min_tokens: int) -> tuple[int, int]:
    """`span` without its first token when `opens(token)` holds, and the punctuation after it."""
    toks = ctx.doc.char_span(span[0], span[1], alignment_mode="expand")
    if toks is None or len(toks) < min_tokens or not opens(toks[0]):
        return span
    k = 1
    while k < len(toks) - 1 and (toks[k].is_punct or toks[k].is_space):
        k += 1
    return toks[k].idx, span[1]


def without_connective(ctx, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """A reported fragment without the conjunction or discourse adverb that opens its sentence
    ("But [the economic weapons …], he added")."""
    if span is None:
        return None
    words = ctx.vocab.kind("quote_extras", "connective")
    return _without_opener(
        ctx, span, lambda t: t.is_sent_start and t.lower_ in words and t.dep_ in ("cc", "advmod", "prep"), 2
    )


def without_sentence_adverb(ctx, span: tuple[int, int]) -> tuple[int, int]:
    """A reported clause without the discourse adverb that opens it, the writer's ("However,
    [growth will slow], the fund said"); a conjunction stays ("But [the plan …], he said")."""
    words = ctx.vocab.kind("quote_extras", "connective")
    return _without_opener(
        ctx, span, lambda t: t.dep_ == "advmod" and t.head.pos_ in ("VERB", "AUX") and t.lower_ in words, 3
    )


def token_runs(toks: list) -> list[list]:
    """Contiguous runs of tokens, in text order (a subtree of a non-projective parse yields a
    word out of order: "officers who, ''in fits …, are struggling to understand")."""
    runs: list[list] = []
    for t in sorted(toks, key=lambda t: t.i):
        if runs and t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    return runs


def run_span(run: list) -> tuple[int, int] | None:
    """Char span of a run without its edge punctuation; None when nothing is left."""
    i, j = 0, len(run)
    while i < j and _lead_junk(run[i]):
        i += 1
    while j > i and _tail_junk(run[j - 1]):
        j -= 1
    return (run[i].idx, run[j - 1].idx + len(run[j - 1])) if j > i else None


WH_OPENERS = ("how", "whether", "why", "what", "when", "where", "who")


def _modal(tok) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "MD" for c in tok.children)


def _reported_conjunct(ctx, verb, conj) -> bool:
    """A conjunct of the cue verb that goes on with the reported words: one opened by "that"
    or a wh-word ("spoke of [the cost] and [how the country would pay]"), or one without a
    subject whose verb form the cue cannot share ("said she wanted to meet them and [hear
    their complaints]", "has mentioned [raising X] and [cutting Y]", "says it would cut
    jobs, but [would raise wages]"). A conjunct in the cue's own form is the reporter's next
    act, the writer's narration ("praised [the bridge] but also had to delay the opening"),
    and a cue verb is a report of its own ("and added that …", "and described …")."""
    cue_like = lemma(conj) in ctx.vocab.cue_verbs
    opener = ctx.doc[conj.left_edge.i].lower_
    if not cue_like and (opener in WH_OPENERS or any(k.dep_ == "mark" and k.lower_ == "that" for k in conj.children)):
        return True
    if any(k.dep_ in (*SUBJ_DEPS, "expl") for k in conj.children) or _modal(verb):
        return False
    if _modal(conj):  # "but would eventually add $84 billion": a sum added, not words
        return not (cue_like and any(k.dep_ in ("ccomp", "xcomp") for k in conj.children))
    return not cue_like and (
        (conj.tag_ == "VB" and verb.tag_ not in ("VB", "VBP")) or (conj.tag_ == "VBG" and verb.tag_ != "VBG")
    )


def reported_conjuncts(ctx, verb, heads: list) -> list:
    """The conjuncts the parse hung from the cue verb that go on with its reported words, each
    right after the complement or the conjunct before it, with only a comma or a conjunction
    between ("said [she wanted to speak to them] and [let them know …]")."""
    doc, out = ctx.doc, []
    end = max((h.right_edge.i for h in heads), default=len(doc))
    for conj in (c for c in verb.rights if c.dep_ == "conj" and c.i > end):
        if not all(t.is_punct or t.is_space or t.dep_ == "cc" for t in doc[end + 1 : conj.left_edge.i]):
            break
        if not _reported_conjunct(ctx, verb, conj):
            break
        out.append(conj)
        end = conj.right_edge.i
    return out
