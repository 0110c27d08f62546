"""transforms.quotes on small inline texts (written for these tests) and on the seeds."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from transforms import quotes as qm
from transforms.doc_model import TITLE_SEPARATOR

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def run(analyse):
    def _run(text: str, lex=None) -> list[dict]:
        rows = qm.extract_quotes(analyse(text, lex=lex))
        pl.DataFrame(rows, schema=qm.STG_QUOTE, orient="row")  # schema holds
        for r in rows:
            assert set(r) == set(qm.STG_QUOTE)
            assert r["quote_text"] == text[r["start_char"]:r["end_char"]]
            assert r["quote_type"] in qm.QUOTE_TYPES
            assert 0.0 <= r["confidence"] <= 1.0
            if r["speaker_start"] is not None:
                assert r["speaker_text"] == text[r["speaker_start"]:r["speaker_end"]]
        return rows
    return _run


def find(rows, fragment):
    hits = [r for r in rows if fragment in r["quote_text"] and r["quote_type"] != "indirect"]
    assert hits, f"no quote containing {fragment!r} in {[r['quote_text'] for r in rows]}"
    return hits[0]


def test_speaker_after_curly_and_before_straight(run):
    rows = run('Mike Pompeo visited Tokyo on Monday.\n\n“The talks went well,” Pompeo said.\n\n'
               'On Tuesday Pompeo said: "We will keep talking to our partners in the region."')
    a, b = find(rows, "talks went well"), find(rows, "keep talking")
    assert a["quote_text"] == "The talks went well"  # content only, no marks or comma
    for r in (a, b):
        assert r["quote_type"] == "direct" and r["speaker_key"] == "person:mike pompeo"
        assert r["speaker_text"] == "Pompeo" and r["cue"] == "said"


def test_inverted_and_according_to(run):
    rows = run("Mike Pompeo arrived in Seoul.\n\n“We are making progress on every front,” said Pompeo.\n\n"
               "“The sanctions will stay in place for now,” according to Pompeo.")
    assert find(rows, "every front")["speaker_key"] == "person:mike pompeo"
    r = find(rows, "sanctions will stay")
    assert r["speaker_key"] == "person:mike pompeo" and r["cue"] == "according to"


def test_split_quote_both_halves_and_told_addressee(run):
    rows = run("Mike Pompeo met Kim Yong Chol in the capital.\n\n"
               "“We will produce an outcome,” Kim Yong Chol told Pompeo, “and we will keep our word.”")
    first, second = find(rows, "produce an outcome"), find(rows, "keep our word")
    for r in (first, second):
        assert r["speaker_key"] == "person:kim yong chol" and r["cue"] == "told"
        assert r["addressee_key"] == "person:mike pompeo"


def test_multi_sentence_and_next_paragraph(run):
    text = ("Mike Pompeo spoke to reporters in Tokyo.\n\n"
            "“We were trying to lower the tension. We wanted a rational discussion,” Pompeo said. "
            "“It was quite the experience.\n\n"
            "“Nobody could have prepared me for it.”")
    rows = run(text)
    multi = find(rows, "lower the tension")
    assert "rational discussion" in multi["quote_text"]  # one quote over two sentences
    cont = find(rows, "quite the experience")
    assert cont["speaker_key"] == "person:mike pompeo" and cont["attribution_method"] == "continuation"
    assert "Nobody" not in cont["quote_text"]  # bounded at the paragraph end
    nxt = find(rows, "Nobody could have")
    assert nxt["speaker_key"] == "person:mike pompeo" and nxt["attribution_method"] == "continuation"


def test_pronoun_continued_skips_object_person(run):
    rows = run("Mike Pompeo noted that he spent months preparing for his meeting with Kim Jong Un.\n\n"
               "“When I became director, I had no idea that one day I would land in Pyongyang,” he continued.")
    r = find(rows, "When I became")
    assert r["speaker_text"] == "he" and r["attribution_method"] == "pronoun"
    assert r["speaker_key"] == "person:mike pompeo" and r["cue"] == "continued"


def test_unnamed_description_stays_unresolved(run):
    rows = run("Mike Pompeo left Pyongyang on Saturday.\n\n"
               "“There is a lot of hard work left,” a State Department spokeswoman said Saturday, "
               "“We never thought this would be easy.”")
    for frag in ("hard work left", "never thought"):
        r = find(rows, frag)
        assert r["speaker_text"] == "a State Department spokeswoman" and r["speaker_key"] is None


def test_partial_inside_reported_speech(run):
    rows = run("Secretary of State Mike Pompeo wrapped up his visit to Pyongyang on Saturday, insisting that "
               "the two sides made “a great deal of progress.”")
    r = find(rows, "great deal of progress")
    assert r["quote_type"] == "partial" and r["speaker_key"] == "person:mike pompeo"


def test_indirect_speech_complement_clause(run):
    rows = run("Mike Pompeo said the North confirmed its intention to destroy a missile testing facility.")
    ind = [r for r in rows if r["quote_type"] == "indirect"]
    assert len(ind) == 1
    assert ind[0]["quote_text"] == "the North confirmed its intention to destroy a missile testing facility"
    assert ind[0]["speaker_key"] == "person:mike pompeo" and ind[0]["cue"] == "said"


def test_scare_quotes_are_terms(run):
    rows = run("Negotiators bristled at terms like “complete,” “verifiable,” and “irreversible” during the talks. "
               "The country will change its policy of \"threatening\" its neighbours.")
    for w in ("complete", "verifiable", "irreversible", "threatening"):
        r = find(rows, w)
        assert r["quote_type"] == "term" and r["speaker_key"] is None and r["speaker_text"] is None


def test_headline_quote(run):
    title = "Pompeo Insists Talks ‘Productive,’ But ‘There’s Still More Work To Be Done’"
    rows = run(title + TITLE_SEPARATOR + "Secretary of State Mike Pompeo left North Korea on Saturday.")
    r = find(rows, "Still More Work")
    assert r["start_char"] < len(title) and r["speaker_key"] == "person:mike pompeo"
    assert "There’s Still More Work To Be Done" == r["quote_text"]  # the apostrophe is not a mark


@pytest.mark.parametrize("text", [
    "He said “this never closes.\n\nA second paragraph about something else entirely.\n\nAnd a third one.",
    "A stray closing mark” here.\n\n“Fine,” she said.",
    "“", "”", '"', "Nothing quoted at all.", "",
    'Odd "straight marks " everywhere " in this paragraph.\n\nNext paragraph stays free.',
])
def test_unbalanced_marks_never_crash_or_swallow(run, text):
    rows = run(text)
    paras = [p for p in text.split("\n\n")]
    for r in rows:
        if r["quote_type"] != "indirect":
            assert "\n" not in r["quote_text"]  # bounded by its paragraph
    if text.startswith("He said"):
        assert find(rows, "this never closes")["quote_text"] == "this never closes."
        assert not any("second paragraph" in r["quote_text"] for r in rows)
    assert paras is not None


def test_quote_spans_pure_function():
    text = "“One,” he said, “two.”\n\n“Three"
    spans = qm.find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["One", "two.", "Three"]
    assert spans[-1].close_mark is None


def test_seed_articles(run):
    from transforms.staging import parse_article_text

    def analysed(name):
        art = parse_article_text((ROOT / "seeds" / "articles" / name).read_text(encoding="utf-8"))
        return art["title"] + TITLE_SEPARATOR + art["body"] if art["title"] else art["body"]

    a = run(analysed("000_8f643dbce07c8742.txt"))
    pompeo = "person:mike pompeo"
    assert find(a, "There’s Still More Work")["speaker_key"] == pompeo
    assert find(a, "a great deal of progress")["speaker_key"] == pompeo
    assert find(a, "still more work to be done")["speaker_key"] == pompeo
    kim = find(a, "We will produce an outcome")
    assert kim["speaker_key"] == "person:kim yong chol" and kim["addressee_key"] == pompeo
    for frag in ("lot of hard work", "never thought this would be easy"):
        r = find(a, frag)
        assert r["quote_type"] == "direct" and r["speaker_key"] is None
        assert r["speaker_text"] == "a State Department spokeswoman"
    for w in ("complete", "verifiable", "irreversible"):
        r = find(a, w)
        assert r["quote_type"] == "term" and r["speaker_key"] is None
    assert any(r["quote_type"] == "indirect" and r["speaker_key"] == pompeo
               and r["quote_text"].startswith("the North confirmed") for r in a)

    b = run(analysed("002_616c692190cf3f6d.txt"))
    for frag in ("I regret that we didn’t", "We convinced him", "We were trying", "The president was prepared",
                 "nothing can quite prepare you", "When I became CIA director"):
        assert find(b, frag)["speaker_key"] == pompeo, frag
    assert find(b, "When I became CIA director")["speaker_text"] == "he"
    assert find(b, "fire and fury")["speaker_key"] == "person:donald trump"
    assert find(b, "threatening")["quote_type"] == "term"


# ---- PolNeAR span conventions and the wider attribution patterns (inline sentences)


def indirect(rows, fragment):
    hits = [r for r in rows if r["quote_type"] == "indirect" and fragment in r["quote_text"]]
    assert hits, f"no indirect record containing {fragment!r} in {[r['quote_text'] for r in rows]}"
    return hits[0]


@pytest.mark.parametrize("text, cue", [
    ("Mike Pompeo visited Tokyo. Pompeo has repeatedly said the sanctions will stay in place.", "has repeatedly said"),
    ("The senator also noted that the budget was balanced last year.", "also noted"),
    ("The mayor did not say whether the budget was balanced last year.", "did not say"),
    ("Elizabeth Warren called for a moratorium on new charter schools.", "called for"),
])
def test_cue_takes_auxiliaries_adverbs_and_particles(run, text, cue):
    rows = run(text)
    assert any(r["cue"] == cue for r in rows), [r["cue"] for r in rows]


def test_source_is_the_whole_phrase_with_apposition(run):
    rows = run("Dana Whitfield, a professor of economics at Ridgemont College, said the plan would raise taxes "
               "for most families.")
    r = indirect(rows, "the plan would raise taxes")
    assert r["speaker_text"] == "Dana Whitfield, a professor of economics at Ridgemont College"
    assert r["quote_text"] == "the plan would raise taxes for most families"


def test_relative_pronoun_source_resolves_to_antecedent(run):
    rows = run("Mike Pompeo, who insisted that the talks were productive, left Pyongyang on Saturday.")
    r = indirect(rows, "the talks were productive")
    assert r["speaker_text"] == "who" and r["speaker_key"] == "person:mike pompeo" and r["cue"] == "insisted"


def test_source_phrase_stops_before_its_own_cue(run):
    rows = run("Voters who oppose the new stadium plan packed the council meeting.")
    for r in rows:
        if r["speaker_text"] is not None:
            assert "oppose" not in r["speaker_text"]


def test_two_apostrophes_are_a_double_mark(run):
    text = "Mike Pompeo arrived in Seoul.\n\n''We will keep talking to our partners,'' Pompeo said."
    spans = qm.find_quote_spans(text)
    assert len(spans) == 1
    q = spans[0]
    assert text[q.open_mark:q.outer_end] == "''We will keep talking to our partners,''"
    r = find(run(text), "keep talking")
    assert r["quote_text"] == "We will keep talking to our partners"
    assert r["quote_type"] == "direct" and r["speaker_key"] == "person:mike pompeo"


def test_apostrophes_in_words_stay_apostrophes():
    text = "The players' union said it won't strike."
    assert qm.find_quote_spans(text) == []


@pytest.mark.parametrize("text, cue, content", [
    ("Mike Pompeo wants to reopen the embassy in Pyongyang next year.", "wants",
     "to reopen the embassy in Pyongyang next year"),
    ("Governor Jane Doe urged residents to leave the coast before the storm.", "urged",
     "residents to leave the coast before the storm"),
    ("Elizabeth Warren called on the bank to return the bonuses.", "called on", "the bank to return the bonuses"),
    ("The senator cited the court ruling as proof of the policy's failure.", "cited",
     "the court ruling as proof of the policy's failure"),
])
def test_intention_and_stance_complements(run, text, cue, content):
    rows = run(text)
    r = indirect(rows, content.split()[1])
    assert r["cue"] == cue and r["quote_text"] == content


def test_bare_pronoun_object_is_not_content(run):
    rows = run("The senator supported it.")
    assert not [r for r in rows if r["quote_type"] == "indirect"]


def test_parenthetical_attribution_reports_the_clause_around_it(run):
    rows = run("The talks, Mike Pompeo said, would resume in the spring.")
    ind = [r for r in rows if r["quote_type"] == "indirect"]
    assert [r["quote_text"] for r in ind] == ["The talks", "would resume in the spring"]
    assert all(r["cue"] == "said" and r["speaker_key"] == "person:mike pompeo" for r in ind)


def test_reported_clause_drops_trailing_comment_and_stops_at_paragraph(run):
    rows = run("The survey shows that most voters back the plan, contradicting earlier polls.")
    assert indirect(rows, "most voters")["quote_text"] == "that most voters back the plan"
    rows = run("Officials said the road would reopen\n\nMonday traffic was heavy across the city.")
    assert all("\n" not in r["quote_text"] for r in rows if r["quote_type"] == "indirect")


def test_partial_relation_content_runs_to_the_closing_mark(analyse):
    text = "Mike Pompeo said the country has become “more open than it was a year ago.”"
    recs = qm.analyse_quotes(analyse(text))
    part = next(r for r in recs if r.quote_type == "partial")
    s, e = part.relation_content
    assert text[s:e] == "the country has become “more open than it was a year ago.”"
