"""The recall rules of issue 13, each as (text, expected) rows: actors the one resolver now
finds for event roles (second mentions, "I" in a quotation, "the commission", misspelt names,
"the president"), phrase triggers from the lexicon ("called X a liar", "issued a cease and
desist order", "come out against", "treating it as a terrorist incident"), and the precision
rules that came with them (restatements, conditions, infinitives on nouns, signing)."""

from __future__ import annotations

import pytest


def _has(rows, event_type, trigger, source=None, target=None) -> bool:
    return any(
        r["event_type"] == event_type
        and r["trigger_text"].startswith(trigger)
        and (source is None or r["source_key"] == source)
        and (target is None or r["target_key"] == target)
        for r in rows
    )


CODED = [
    # (text, type, trigger, source key, target key; None: not checked)
    # a second mention the tagger missed is the person named before
    (
        "Nancy Pelosi was elected Speaker on Thursday. President Donald Trump congratulated Pelosi on Friday.",
        "SUPPORT",
        "congratulated",
        "person:donald trump",
        "person:nancy pelosi",
    ),
    # "I" inside a quotation is its speaker
    (
        'Senator Ted Cruz spoke on Monday. "I urge my colleagues to submit this amendment to the states," Cruz said.',
        "DEMAND",
        "urge",
        "person:ted cruz",
        None,
    ),
    (
        '"We are treating it as a domestic terrorism case," said Josh Bash, the U.S. Attorney for the Western '
        "District of Texas.",
        "INVESTIGATE",
        "treating",
        "person:josh bash",
        None,
    ),
    # a description is the one organisation named before whose name it heads
    (
        "The National Telecommunications Commission ordered ABS-CBN off the air. The commission refused to give "
        "the network a provisional license.",
        "REJECT",
        "refused",
        "organization:national telecommunications commission",
        None,
    ),
    # a misspelt name is the actor one letter off
    (
        "Ethopia has agreed to re-open its borders to UN peacekeepers who oversee a ceasefire between Ethiopia and "
        "Eritrea.",
        "AGREE",
        "agreed",
        "country:ETH",
        None,
    ),
    # "the president" is the plain President, not the former Vice President
    (
        "US President Donald Trump and former US Vice President Joe Biden will debate in October. The president "
        "criticized the Commission on Presidential Debates.",
        "DISAPPROVE",
        "criticized",
        "person:donald trump",
        None,
    ),
    # calling someone or something names: a verdict of the speaker
    (
        'Labour deputy leader Tom Watson called Prime Minister Theresa May\'s Brexit deal "lousy".',
        "DISAPPROVE",
        "called",
        "person:tom watson",
        None,
    ),
    (
        'Senator Bernie Sanders called former Vice President Joe Biden a "decent man".',
        "SUPPORT",
        "called",
        "person:bernie sanders",
        "person:joe biden",
    ),
    (
        'President Donald Trump called the proposal by Senator Chuck Schumer a "waste of time".',
        "REJECT",
        "called",
        "person:donald trump",
        None,
    ),
    # legal orders, coming out against, leaving, treating as a crime, voting into office
    (
        "The Philippine government issued a cease and desist order to ABS-CBN on Tuesday.",
        "COERCE",
        "issued",
        "group:PHLGOV",
        None,
    ),
    (
        "Senator John Hickenlooper has come out against the Green New Deal.",
        "REJECT",
        "come",
        "person:john hickenlooper",
        None,
    ),
    (
        "British police said they were treating the stabbing as a terrorist incident.",
        "INVESTIGATE",
        "treating",
        "group:GBRCOP",
        None,
    ),
    (
        "The House voted Nancy Pelosi into the speakership on Thursday.",
        "SUPPORT",
        "voted",
        "organization:house",
        "person:nancy pelosi",
    ),
    (
        "Thousands marched in London against the exit of the United Kingdom from the European Union on Saturday.",
        "RETREAT",
        "exit",
        "country:GBR",
        "organization:european union",
    ),
    ("Israel and Jordan signed a peace treaty in 1994.", "AGREE", "signed", "country:ISR", None),
    # an arrest with no agent is made by the country it happens in
    ("A Christian missionary from Calgary was arrested in Lebanon.", "COERCE", "arrested", "country:LBN", None),
    (
        "The Koch brothers contributed $5 million to the Republican Party.",
        "AID",
        "contributed",
        None,
        "organization:republican party",
    ),
]


@pytest.mark.parametrize("text, event_type, trigger, source, target", CODED)
def test_recall_rules_code_the_event(run, text, event_type, trigger, source, target):
    rows = run(text)
    assert _has(rows, event_type, trigger, source, target), [
        (r["event_type"], r["trigger_text"], r["source_key"], r["target_key"]) for r in rows
    ]


NOT_CODED = [
    # (text, type, trigger): no such event
    # a participle that restates its governor's act is the same act
    (
        "The Biden campaign criticized President Donald Trump, accusing him of failing the voters.",
        "DISAPPROVE",
        "accusing",
    ),
    # a stated intention to demand is the demand (future), not a threat
    ("The Mexican government would pressure the U.S. government to protect Mexican citizens.", "THREATEN", "pressure"),
    # the action of a condition did not happen
    ("The Speaker assumes the presidency if President Donald Trump is killed.", "ASSAULT", "killed"),
    # "would ... if": a hypothetical, not a promise
    (
        "Governor Pedro Pierluisi said he would leave the governorship if the Senate voted against him.",
        "AGREE",
        "leave",
    ),
    # an infinitive on a noun says what the thing is for
    ("Parliament debated a bill to ban protests near schools.", "COERCE", "ban"),
    # signing a decree is no agreement with anyone
    ("Pope Francis signed a decree on sexual abuse.", "AGREE", "signed"),
    # contributing effort is no aid
    ("Senator Bernie Sanders said he contributed all he could to the campaign.", "AID", "contributed"),
    # a description with nothing named before it stays unresolved
    ("The commission said on Monday it would investigate the senator.", "INVESTIGATE", "investigate"),
]


@pytest.mark.parametrize("text, event_type, trigger", NOT_CODED)
def test_precision_rules_leave_the_event_out(run, text, event_type, trigger):
    rows = run(text)
    assert not _has(rows, event_type, trigger), [(r["event_type"], r["trigger_text"], r["source_key"]) for r in rows]


def test_could_not_is_a_negated_fact_not_a_hypothetical(run):
    rows = [
        r
        for r in run("President Trump and Congress could not reach an agreement on the budget.")
        if r["event_type"] == "AGREE"
    ]
    assert rows and all(r["is_negated"] and r["modality"] == "asserted" for r in rows)


def test_a_person_without_a_country_comes_after_the_body_they_speak_for(run):
    rows = [
        r
        for r in run("U.N. Secretary-General Kofi Annan announced that he will withdraw weapons inspectors from Iraq.")
        if r["trigger_text"] == "announced"
    ]
    assert [r["source_key"] for r in rows][:1] == ["organization:un"]


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("Ethopia", "Ethiopia", True),
        ("Quatar", "Qatar", True),
        ("Obmaa", "Obama", True),
        ("Jordan", "Jordan", False),
        ("Iran", "Iraq", True),
        ("Russia", "Prussian", False),
    ],
)
def test_one_edit(a, b, expected):
    from transforms.actors.lexicon import one_edit

    assert one_edit(a, b) is expected
