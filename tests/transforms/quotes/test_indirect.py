"""transforms.quotes.indirect: reported speech without quotation marks."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tests.transforms.quotes.helpers import indirect


def test_indirect_speech_complement_clause(run):
    rows = run("Mike Pompeo said the North confirmed its intention to destroy a missile testing facility.")
    ind = [r for r in rows if r["quote_type"] == "indirect"]
    assert len(ind) == 1
    assert ind[0]["quote_text"] == "the North confirmed its intention to destroy a missile testing facility"
    assert ind[0]["speaker_key"] == "person:mike pompeo" and ind[0]["cue"] == "said"


@pytest.mark.parametrize(
    "text, cue, content",
    [
        (
            "Mike Pompeo promised to reopen the embassy in Pyongyang next year.",
            "promised",
            "to reopen the embassy in Pyongyang next year",
        ),
        (
            "Governor Jane Doe urged residents to leave the coast before the storm.",
            "urged",
            "residents to leave the coast before the storm",
        ),
        ("Elizabeth Warren called on the bank to return the bonuses.", "called on", "the bank to return the bonuses"),
        ("The opposition leader called the election a sham.", "called", "the election a sham"),  # a judgement
        ("Democrats accused the party of stoking the issue.", "accused", "the party of stoking the issue"),
        (
            "The United Nations called the resulting humanitarian crisis the worst in the world.",
            "called",
            "the resulting humanitarian crisis the worst in the world",
        ),
        (
            "The senator cited the court ruling as proof of the policy's failure.",
            "cited",
            "the court ruling as proof of the policy's failure",
        ),
        # a gerund after the cue's preposition or after a stance verb is its content, as an
        # infinitive of intention ("propose to …") is not
        (
            "The senator called for raising the minimum wage to fifteen dollars.",
            "called for",
            "raising the minimum wage to fifteen dollars",
        ),
        (
            "The governor proposes allowing farmers to sell water rights to the city.",
            "proposes",
            "allowing farmers to sell water rights to the city",
        ),
        # the parse made the cue's particle the mark of the infinitive clause it reports
        (
            "Senator Elizabeth Warren called for the government to reduce corruption in the ports.",
            "called for",
            "the government to reduce corruption in the ports",
        ),
        # "as" after a phrasal cue's object goes on with the judgement
        (
            "The minister referred to the protesters as terrorists on Tuesday.",
            "referred to",
            "the protesters as terrorists",
        ),
        # a free relative is the object of a stance verb
        (
            "Ban Ki-moon condemned what he called a “brazen breach” of the resolutions.",
            "condemned",
            "what he called a “brazen breach” of the resolutions",
        ),
        # stance rows of speech_verbs.csv
        (
            "Several other lawmakers echo her concerns about the visa program.",
            "echo",
            "her concerns about the visa program",
        ),
        (
            "The new advertisement references the senator's vote against the farm bill.",
            "references",
            "the senator's vote against the farm bill",
        ),
    ],
)
def test_intention_and_stance_complements(run, text, cue, content):
    rows = run(text)
    r = indirect(rows, content.split()[1])
    assert r["cue"] == cue and r["quote_text"] == content


@pytest.mark.parametrize(
    "text",
    [
        # an intention is not an attribution (`spoken` in speech_verbs.csv), nor is an order
        # carried out by authority
        "Mike Pompeo wants to reopen the embassy in Pyongyang next year.",
        "The government ordered the network to shut down.",
        "He also instructed security agencies to investigate who leaked the recording.",
        "The researchers plan to gather information on more freshwater resources.",
        "Several museums offered to send tissue samples from their collections.",
        # a question reports nothing; "you" is the one addressed
        "You've said that you want to act on climate change. What would your plan be?",
        "Could you tell me more about the work that you do with the charity?",
        "If you think the plan is bad, you should say so.",
        # a cue that is another verb's infinitive has not said anything yet
        "The minister refused to say whether the talks had collapsed.",
        "We need to understand how the planets form.",
        # a gerund whose preposition does not share its verb's subject has no speaker
        "The party is steering clear of criticizing the president for his tax deductions.",
        # a passive cue's subject is the one addressed, or an expletive
        "Residents of some other areas have been instructed to evacuate.",
        "On September 25, it was reported that the drummer was in hospital.",
        # a cue nobody speaks through: an imperative
        "Imagine that the bridge collapsed tomorrow.",
        "Now tell us this was not a political decision.",
        # "going to say" is not "went on to say": nothing has been said yet
        "The company is going to say that profits fell.",
        # a purpose's infinitive and a hypothetical "let's say" report nothing either
        "The team watched the star for years in order to determine if a planet was forming there.",
        "Let's say that the cells in the other animal are the ones that map the pain.",
        # what was never said: a perfect modal, a condition; a question left unanswered
        "If the people writing the laws had been thinking, they might have said that is absurd.",
        "If the minister says the plan works, the party will back it.",
        "Abortions were only allowed if a doctor determined the mother was in danger.",
        "Biden would not say whether or not he supported court packing.",
        "The party did not immediately announce whom they would support to run against the general.",
        # "according to which" states a term of the agreement, no source
        "Turkey and Libya signed a maritime agreement in November, according to which Turkey gains new rights.",
        # a bare participle's clause: its subject is the one asked, not the asker
        "Asked whether he would run again, the senator smiled.",
        "When asked about climate change, the candidate changed the subject.",
        # the verb acts on an event or a proceeding, it reports no words
        "The prime minister called a snap election for June.",
        "The Security Council called an emergency meeting to discuss the test.",
        "The union called a strike on Monday.",
        "A federal judge dismissed a lawsuit seeking to stop the count.",
        # announcing or proposing an official act is the act itself, not a report of words
        "The minister announced his resignation on Tuesday.",
        "Pope Francis announced new church law to mandate reporting abuses to the church authorities.",
        "Senator Smith proposed a bill that would ban the practice.",
        "The government announced a ban on exports of rice.",
        "The United States announced new restrictions on flights to Cuba.",
        "On Thursday, Tesco and Salling Group announced their agreement over selling the Polish operation.",
        "The defendant admitted his guilt in eight murders.",
        "Protests began after the government announced new lockdown measures, which it dropped a week later.",
        "The administration also announced other efforts against the virus, including waiving interest on loans.",
        # a negated cue with only a thing for its object reports nothing
        "The notice did not list any incident of anyone using the tool, nor mention any damages.",
        "Amid reports of fraud, neither the European Union nor the United States would endorse the result.",
        "The FBI director chastised Clinton but did not recommend prosecution.",
        "The president did not concede or admit defeat in the election in his statement.",
        # speaking about a topic says nothing of it
        "She spoke about her husband Siarhei, who was arrested in May.",
        "The mayor talked about the new stadium for an hour.",
        # whom a report cites is its source, not its content
        "The paper, citing Johns Hopkins University data, put the toll at 500.",
        # a court's ruling is a legal act
        "The unanimous court decided their actions did not qualify.",
        "A federal judge ruled that American Samoans are citizens.",
        # pointing at a thing claims nothing of it
        "Although the word pandemic only refers to how widely a disease has spread, it alarmed many people.",
        "The minister alluded to the scandal in her speech.",
        "The researchers observed tabanid horse flies around zebras and domestic horses in captive settings.",
        # figures show, they do not say
        "There were 55,000 deaths as of yesterday, according to the JHU data.",
        "Measurements of the atmosphere indicate that the planet has no liquid water.",
        "The results suggest that less access to firearms may lower suicide rates.",
        "Satellite imaging from 2017 suggests Aleppo contained 35,000 war-damaged structures at that time.",
        # a verb of thought with a question for its complement claims nothing
        "I don't know how brief I can be, but I'll try.",
        "She does not understand why they make it such a big deal.",
        "Scientists still wonder whether the planet can hold water.",
        # an object with a relative clause is a thing, not a misparsed reported clause
        "Hunter continued to write songs he would mail to his friend in the city.",
        "The team established a reduced-complexity model, which can complete analyses faster.",
        # a clause before the verb is not its report when the verb has an object of its own
        "There wasn't anything like that, so we ruled out any contamination from the skins.",
    ],
)
def test_not_attributions(run, text):
    assert not [r for r in run(text) if r["quote_type"] == "indirect"]


@pytest.mark.parametrize(
    "text, cue, content",
    [
        # the gates above leave these be: a clause, a death that is reported, a poll as a source
        ("The ministry announced that the tests had failed.", "announced", "that the tests had failed"),
        ("The palace announced the death of the former king.", "announced", "the death of the former king"),
        ("He did not say that the plan had failed.", "did not say", "that the plan had failed"),
        ("A new poll found that most voters back the plan.", "found", "that most voters back the plan"),
        ("The senator dismissed the charges as a political stunt.", "dismissed", "the charges as a political stunt"),
        ("She referred to the senator as a traitor.", "referred to", "the senator as a traitor"),
        ("Reports citing sources in the party said he was urged to quit.", "said", "he was urged to quit"),
        (
            "He has repeatedly cited the audit as the reason for the delay.",
            "has repeatedly cited",
            "the audit as the reason for the delay",
        ),
        ("She observed that the flies avoided striped coats.", "observed", "that the flies avoided striped coats"),
        ("The judge said the defendant had shown no remorse.", "said", "the defendant had shown no remorse"),
        # the narrator's trailing tag repeats the report: one relation, without the tag
        ("The minister said the plan would fail, she told reporters.", "said", "the plan would fail"),
        # the time of the saying is the narrator's
        (
            "The company has said in the past it markets its games responsibly.",
            "has said",
            "it markets its games responsibly",
        ),
    ],
)
def test_reports_beside_the_gates_stay(run, text, cue, content):
    assert [(r["cue"], r["quote_text"]) for r in run(text) if r["quote_type"] == "indirect"] == [(cue, content)]


@pytest.mark.parametrize(
    "text",
    [
        "Speaking about the movie, the archbishop said the film was deeply disturbing.",
        "Commenting on the ruling, the minister said it was a serious mistake.",
    ],
)
def test_a_participle_frame_naming_the_topic_is_no_relation(run, text):
    assert [r["cue"] for r in run(text) if r["quote_type"] == "indirect"] == ["said"]


@pytest.mark.parametrize(
    "text, content",
    [
        # a semicolon or a colon parts the verb from an earlier clause; its own clause follows
        (
            "The strike follows rocket attacks on the embassy; the newspaper reported that the attacks "
            "were carried out by militias.",
            "that the attacks were carried out by militias",
        ),
        (
            "We were making sure the results came from the bones: I think that was the hardest part.",
            "that was the hardest part",
        ),
        ("The plan failed, the minister said.", "The plan failed"),  # a clause before, and nothing after
        # the that-clause a cited source says, which the parse hung on the source
        (
            "The Daily Telegraph cited a security source that mental health may be a factor in the attack.",
            "that mental health may be a factor in the attack",
        ),
        # the time of the saying, which the parse hung on the reported clause, is the narrator's
        (
            "Police said on Monday they believe the theft involved a group of thieves.",
            "they believe the theft involved a group of thieves",
        ),
        (
            "The mayor said at a press conference yesterday morning the gun laws should be changed.",
            "the gun laws should be changed",
        ),
        ("She said the plan failed on Monday.", "the plan failed on Monday"),
        # a coordinated cue verb reports words of its own
        (
            "Netanyahu found the air strike justified and called Trump's order swift, forceful and decisive.",
            "the air strike justified",
        ),
        # the parse hung the reported clause's subject on the verb as its object
        (
            "The US has further indicated no support will come without political reform in Syria.",
            "no support will come without political reform in Syria",
        ),
        # a that-clause has its own subject: the object before it is the addressee
        ("The recruiters told me that there was a job in the city.", "that there was a job in the city"),
        (
            "The German government announced the tests by a military laboratory found the poison in his blood.",
            "the tests by a military laboratory found the poison in his blood",
        ),
        # a sentence "according to" opens is the report, though the parse hung its clause on a later one
        (
            "According to the National Disaster Response Force, Calicut has a tabletop runway, so when the "
            "aircraft failed to stop on the runway, it fell into a ditch.",
            "Calicut has a tabletop runway, so when the aircraft failed to stop on the runway, it fell into a ditch",
        ),
        # "according to" qualifies the clause of its head, not a conjunct after it
        (
            "Trump has admitted to ordering the payments, according to prosecutors, but the department "
            "maintains a policy of not charging the president.",
            "Trump has admitted to ordering the payments",
        ),
    ],
)
def test_the_report_is_the_clause_on_the_verbs_side(run, text, content):
    reported = [r["quote_text"] for r in run(text) if r["quote_type"] == "indirect"]
    assert reported == [content]


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        # a message the subject issued speaks for them
        (
            "White House physician Sean Conley issued a statement saying the president had been given zinc.",
            "the president had been given zinc",
            "White House physician Sean Conley",
        ),
        ("Senators sent a letter urging the agency to act.", "the agency to act", "Senators"),
        # a statement no one is said to have issued keeps its own phrase
        ("A statement saying the talks had failed was read on television.", "the talks had failed", "A statement"),
    ],
)
def test_the_issuer_of_a_message_is_its_speaker(run, text, content, speaker):
    assert indirect(run(text), content.split()[1])["speaker_text"] == speaker


def test_a_report_around_its_own_source_leaves_them_out(run):
    rows = run("The attacks set fire to an oil field, which state media said were under control.")
    assert [r["quote_text"] for r in rows if r["quote_type"] == "indirect"] == ["were under control"]


def test_bare_pronoun_object_is_not_content(run):
    rows = run("The senator supported it.")
    assert not [r for r in rows if r["quote_type"] == "indirect"]


def test_parenthetical_attribution_reports_the_clause_around_it(run):
    rows = run("The talks, Mike Pompeo said, would resume in the spring.")
    ind = [r for r in rows if r["quote_type"] == "indirect"]
    assert [r["quote_text"] for r in ind] == ["The talks", "would resume in the spring"]
    assert all(r["cue"] == "said" and r["speaker_key"] == "person:mike pompeo" for r in ind)


def test_the_source_a_reporter_cites_is_not_its_report(run):
    rows = run("CBS News reported, citing Johns Hopkins University data, there were over 1,000 US deaths on Wednesday.")
    reported = next(r for r in rows if r["cue"] == "reported")
    assert reported["quote_text"] == "there were over 1,000 US deaths on Wednesday"


def test_a_parenthetical_reports_no_clause_before_a_semicolon(run):
    rows = run(
        "Kurdi and his mother died in a storm in 2015; they had, his surviving father says, paid people "
        "smugglers to take them to Greece."
    )
    ind = [r["quote_text"] for r in rows if r["quote_type"] == "indirect"]
    assert ind == ["they had", "paid people smugglers to take them to Greece"]


def test_reported_clause_drops_trailing_comment_and_stops_at_paragraph(run):
    rows = run("The chairman argued that most voters back the plan, contradicting earlier polls.")
    assert indirect(rows, "most voters")["quote_text"] == "that most voters back the plan"
    rows = run("Officials said the road would reopen\n\nMonday traffic was heavy across the city.")
    assert all("\n" not in r["quote_text"] for r in rows if r["quote_type"] == "indirect")
    # another speaker's quoted words in a relative clause are not the critic's
    rows = run(
        "Kerri Kupec, a spokeswoman for the department, sharply criticized the House's decision, which Ross "
        'has referred to as "gamesmanship" and a "stunt".'
    )
    assert indirect(rows, "decision")["quote_text"] == "the House's decision"


# A real, rare speech verb the table lacks; en_core_web_sm lemmatises "harrumphed" as
# "harrumphe", so this also checks that the vocabulary settles the lemma of an unseen verb.
NEW_VERB, NEW_SENTENCE = "harrumph", "The minister harrumphed that the plan was dead."


def _with_speech_verb(lexicon_dir: Path, lemma: str) -> None:
    """Append one row to speech_verbs.csv: a quote cue and report verb, nothing else."""
    path = lexicon_dir / "speech_verbs.csv"
    with path.open(newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    flags = {"lemma": lemma, "quote_cue": "1", "report": "1"}
    row = [flags.get(c, "" if c == "prepositions" else "0") for c in header]
    with path.open("a", newline="", encoding="utf-8") as f:
        csv.writer(f).writerow(row)


def test_one_csv_row_makes_a_new_speech_verb(run, nlp, tmp_path):
    from dateline import settings
    from dateline.lexicons import load_lexicons

    assert not run(NEW_SENTENCE), "the verb is in the table already: pick another"
    lexicon_dir = tmp_path / "lexicons"
    shutil.copytree(settings.lexicon_dir(), lexicon_dir)
    _with_speech_verb(lexicon_dir, NEW_VERB)
    rows = run(NEW_SENTENCE, lex=load_lexicons(lexicon_dir=lexicon_dir))
    assert [(r["quote_type"], r["speaker_text"], r["cue"], r["quote_text"]) for r in rows] == [
        ("indirect", "The minister", "harrumphed", "that the plan was dead")
    ]


@pytest.mark.parametrize(
    "text, cue, spans",
    [
        # "as X pointed out" is a parenthetical too; so is "he told me", whose object is the addressee
        (
            "The harbour, as the minister pointed out, has not been dredged for a decade.",
            "pointed out",
            ["The harbour", "has not been dredged for a decade"],
        ),
        (
            "The difference now, he told me on Friday, is that the team has a real coach.",
            "told",
            ["The difference now", "is that the team has a real coach"],
        ),
        # "as X put it" (kind as_cue in quote_extras.csv): the cue is the verb and its "it"
        ("As the senator put it in a statement, the budget is a disaster.", "put it", ["the budget is a disaster"]),
        # the clause before ", subject verb." when the parse gives the verb no complement of its own
        (
            "The plan was costly, but the board approved it anyway, the spokesman added.",
            "added",
            ["The plan was costly, but the board approved it anyway"],
        ),
        # ... only after a verb that both reports and cues a quotation: "the protests continued" does not
        ("The march took place on Sunday, and the protests continued.", "continued", []),
        # an "as" clause with more than its subject is one of time or reason, not a parenthetical cue
        ("This took place as anti-government protests continue in Baghdad and the south.", "continue", []),
        ("He was cremated on Tuesday as the nation began observing a week of mourning.", "began", []),
        # a discourse adverb opening the reported clause is the writer's; "And" before a parenthetical too
        ("However, growth will slow next year, the fund said.", "said", ["growth will slow next year"]),
        (
            "And perhaps, he said, it could help visitors see the efforts of officers.",
            "said",
            ["it could help visitors see the efforts of officers"],
        ),
        # a fragment too short to report anything is no record ("Well, as I said, …" in a transcript)
        (
            "Well, as I said before, it is basically to make sure that we have excluded all other options.",
            "said",
            ["it is basically to make sure that we have excluded all other options"],
        ),
        # a report verb the tagger read as a plural noun
        ("But Trump claims that he should be the exception.", "claims", ["that he should be the exception"]),
        # a bare proper name names a stance, not words: no indirect quote
        ("The union endorsed Obama.", "endorsed", []),
    ],
)
def test_reported_spans_and_cues(run, text, cue, spans):
    rows = [r for r in run(text) if r["quote_type"] == "indirect" and r["cue"] == cue]
    assert [r["quote_text"] for r in rows] == spans


@pytest.mark.parametrize(
    "text, relations",
    [
        # a report of another speaker set against the first is a relation of its own
        (
            "Most farmers said the new rules would hurt them, while the minister said the rules would help.",
            [("the new rules would hurt them", "Most farmers"), ("the rules would help", "the minister")],
        ),
        # a report before the reporter, with its own speaker, is not the reporter's content
        (
            "Half of the voters said the economy was weak; a third said it was strong.",
            [("the economy was weak", "Half of the voters"), ("it was strong", "a third")],
        ),
    ],
)
def test_two_speakers_reports_in_one_sentence(run, text, relations):
    rows = [r for r in run(text) if r["quote_type"] == "indirect"]
    assert [(r["quote_text"], r["speaker_text"]) for r in rows] == relations


def test_declined_reports_what_was_refused(run):
    r = indirect(run("Mayor Ana Ruiz declined to comment on the lawsuit on Tuesday."), "to comment")
    assert r["cue"] == "declined" and r["quote_text"] == "to comment on the lawsuit on Tuesday"
    assert r["speaker_key"] == "person:ana ruiz"


@pytest.mark.parametrize(
    "text, cue, content",
    [
        # a conjunct the parse hung from the cue goes on with the reported words when its verb
        # form cannot be the cue's: a bare infinitive, a gerund, a modal without a subject ...
        (
            "The nominee said she wanted to speak “directly to farmers” and let them know that help is coming.",
            "said",
            "she wanted to speak “directly to farmers” and let them know that help is coming",
        ),
        (
            "Jane Doe has mentioned refinancing student loans and forcing universities to spend their endowments.",
            "has mentioned",
            "refinancing student loans and forcing universities to spend their endowments",
        ),
        (
            "The analyst says the merger would cut jobs in the short run, but would eventually raise wages.",
            "says",
            "the merger would cut jobs in the short run, but would eventually raise wages",
        ),
        # ... or when a wh-word opens it
        (
            "The president spoke of the cost of the war, and whether the country could afford another one.",
            "spoke of",
            "the cost of the war, and whether the country could afford another one",
        ),
        # a conjunct in the cue's own form is the reporter's next act, the writer's narration
        ("The mayor praised the new bridge but also had to delay the opening.", "praised", "the new bridge"),
        (
            "The mayor described the fire as a terrible accident, but stopped short of blaming the owners.",
            "described",
            "the fire as a terrible accident",
        ),
        # a conjunct with a subject of its own is a clause of its own
        ("He said the vote was close, but the count would stand.", "said", "the vote was close"),
        # a conjunct that is a cue verb is a report of its own
        ("Obama and Clinton call them lone wolves and describe their actions as crimes.", "call", "lone wolves"),
        (
            "The minister described the talks as difficult and added that a deal was near.",
            "described",
            "the talks as difficult",
        ),
    ],
)
def test_conjunct_of_the_cue_continues_the_report_only_when_it_cannot_be_narration(run, text, cue, content):
    rows = [r for r in run(text) if r["quote_type"] == "indirect" and r["cue"] == cue]
    assert [r["quote_text"] for r in rows] == [content]


def test_a_quotation_the_reported_clause_runs_on_into_is_its_speakers(run):
    # the dash's quotation has no cue of its own: it is part of what Obama said, and the
    # "would document" inside that clause is no attribution of the museum's
    rows = run(
        "Mr. Obama said the museum would document the stories of Americans who are often overlooked "
        "in history books -- ''the president but also the slave, the industrialist but also the porter, "
        "the keeper of the status quo, but also the activist seeking to overthrow that status quo.''"
    )
    said = indirect(rows, "the museum would document")
    assert said["cue"] == "said" and said["speaker_text"] == "Mr. Obama"
    quoted = [r for r in rows if r["quote_type"] != "indirect"]
    assert [(r["quote_type"], r["speaker_text"], r["cue"]) for r in quoted] == [("partial", "Mr. Obama", "said")]
    assert not [r for r in rows if r["cue"] == "would document"]
