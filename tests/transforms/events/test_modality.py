"""transforms.events.modality: negation, modality and stated intentions."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.transforms.events.support import find


@pytest.mark.parametrize(
    "text, trigger",
    [
        ("The secretary did not meet with Kim Jong Un.", "meet"),
        ("Pompeo failed to meet Kim Jong Un.", "meet"),
        ("Iran refused to meet the American envoy.", "meet"),
        ("North Korea has not yet turned over the remains to the United States.", "turned"),
        ("Pompeo never met Kim Jong Un.", "met"),
    ],
)
def test_negated_events_are_never_plain_positives(code, text, trigger):
    rows = [r for r in code(text) if r["trigger_text"].startswith(trigger)]
    assert rows, text
    assert all(r["is_negated"] for r in rows)


def test_plain_event_is_not_negated(code):
    assert not find(code("Pompeo met Kim Jong Un in Singapore."), "CONSULT")["is_negated"]


def test_refusal_is_coded_as_reject(code):
    r = find(code("Pakistan has refused to deploy peacekeepers in Iraq."), "REJECT")
    assert r["source_key"] == "country:PAK"


def test_expected_meeting_is_future_not_a_fact(code):
    rows = code(
        "U.S. and North Korean officials are expected to meet later in July at the border.", dt.date(2018, 7, 8)
    )
    r = (
        find(rows, "CONSULT", "meet")
        if any(x["event_type"] == "CONSULT" for x in rows)
        else find(rows, "AGREE", "meet")
    )
    assert r["modality"] == "future"
    assert (r["event_date"], r["date_granularity"]) == (dt.date(2018, 7, 1), "month")


def test_would_never_lift_is_hypothetical_and_negated(code):
    rows = [
        r
        for r in code("US President Donald Trump said the United States would never lift sanctions on North Korea.")
        if r["trigger_text"] == "lift"
    ]
    # the stated refusal itself is coded on the verb too (a modal is never a trigger): REJECT, asserted
    lifts = [r for r in rows if r["event_type"] != "REJECT"]
    assert lifts and all(r["modality"] == "hypothetical" and r["is_negated"] for r in lifts)
    assert any(r["event_type"] == "REJECT" for r in rows)


@pytest.mark.parametrize(
    "text, event_type, key, expected",
    [
        ("Finland said it will give Tanzania a grant of 580 million shillings.", "AGREE", "source_key", "country:FIN"),
        (
            "Palestinian leaders said they would boycott all official contact with the United States.",
            "THREATEN",
            "target_key",
            "country:USA",
        ),
    ],
)
def test_stated_intent_is_coded_as_agree_or_threaten(code, text, event_type, key, expected):
    assert find(code(text), event_type)[key] == expected


@pytest.mark.parametrize(
    "text",
    [
        # the narrator's schedule is nobody's promise: the visit or the grant is the one event (future)
        "Finland will give Tanzania a grant of 580 million shillings.",
        "British Foreign Secretary Jack Straw arrived in Bangkok. On Friday, he will visit the Thai resort of Phuket.",
    ],
)
def test_a_future_in_the_narrators_voice_is_no_stated_intent(code, text):
    rows = code(text)
    assert rows and all(r["event_type"] != "AGREE" and r["modality"] == "future" for r in rows)


@pytest.mark.parametrize(
    "text",
    [
        # a forecast of what someone else, or something, will do is no threat of the speaker's
        "Education Secretary Ruth Kelly said Professor Al Aynsley-Green would strengthen the voice of children.",
        "Opponents of the British bill said it would separate the state from the Church of England.",
    ],
)
def test_a_forecast_of_another_actor_is_no_threat(code, text):
    assert not [r for r in code(text) if r["event_type"] == "THREATEN"]


def test_old_dated_event_is_historical(code):
    r = find(code("In 2019, Trump met Kim Jong Un in Vietnam."), "CONSULT")
    assert r["modality"] == "historical"
    assert (r["event_date"], r["date_granularity"]) == (dt.date(2019, 1, 1), "year")


def test_what_a_demand_asks_for_is_no_event_of_its_own(code):
    rows = code("Russia said Sudan must return the helicopter to Moscow.")
    assert [(r["event_type"], r["source_key"], r["target_key"]) for r in rows] == [
        ("DEMAND", "country:RUS", "country:SDN")
    ]


@pytest.mark.parametrize(
    "text, event_type",
    [
        # a habit or a generic statement (`generic_adverb`) reports no event
        ("In recent years the British Labour leader has always called for a debate.", "DEMAND"),
        ("British Muslims generally agree on them, the Muslim Council of Britain said.", "AGREE"),
        # an infinitive after "is" says what a goal is (`goal_noun`) or what would be right
        ("The aim of the UK Independence Party is to withdraw from the European Union.", "RETREAT"),
        ("Lord Falconer said it was fair to criticise the British government's late offer.", "DISAPPROVE"),
        # a question asks whether the act will be
        ('The question is: "Should the United Kingdom approve the Treaty with the European Union?"', "AGREE"),
        # what someone ought to do (`demand_aux`) or is told to do is asked for, not done
        ("The British MEP has no mandate and should resign from the European Parliament.", "RETREAT"),
        ("Michael Howard should be starting 2005 with an apology to the British people.", "CONCEDE"),
        ('"Withdraw your troops from Iraq," the Iranian president told Britain.', "RETREAT"),
        ("Please release the British prisoners, the Iranian envoy was told.", "RETREAT"),
        (
            "Opponents say only judges, not British politicians, should be able to order detention of UK citizens.",
            "COERCE",
        ),
        # a habit (`generic_adjective`), a comparison ("as opposed to"), an impression (`mental_noun`)
        ("The British prime minister has regular meetings with the French president.", "CONSULT"),
        ("It should be an obligation for the British government as opposed to a recommendation.", "REJECT"),
        ("Kirkwood said he got the clear impression the British CSA chief was retiring.", "RETREAT"),
        # a visit to a city of the visitor's own country is touring, no consultation
        ("Tony Blair is to join David Blunkett in a visit to Sheffield on Thursday.", "CONSULT"),
        # what someone wants or hopes for (`desire_verb`) is a mental state
        ("Chancellor Gordon Brown said he hopes to announce a deal with Germany on debt.", "COOPERATE"),
        ("Iran wants to hold talks with the European Union.", "CONSULT"),
        ("Less than half the UK wants a ban on hunting, the Mori survey for the BBC found.", "COERCE"),
        # what a mental verb holds is a belief (`mental_verb`), not a reported act ...
        ("Baroness Boothroyd said she believed Tony Blair initiated reforms in the House of Lords.", "COOPERATE"),
        ("The Liberal Democrats suspect the move is part of measures agreed with the US.", "AGREE"),
        # ... and a word of a name is not the act it may name elsewhere
        (
            "Chairman of the Environmental Audit Committee Peter Ainsworth MP, said: \"The government's housing "
            'policy is an alarming example of disjointed thinking."',
            "INVESTIGATE",
        ),
    ],
)
def test_what_is_not_said_to_happen_is_no_event(code, text, event_type):
    assert not [r for r in code(text) if r["event_type"] == event_type]


@pytest.mark.parametrize(
    "text, event_type",
    [
        # a plan ("is to give") stays, as do repeated real acts ("routinely") and a question with "did"
        ("Britain is to give a £4m grant to Rwanda.", "AID"),
        ("Israeli soldiers routinely beat up Palestinian detainees, a court martial was told.", "ASSAULT"),
        ("Why did the British government impose sanctions on Zimbabwe?", "SANCTION"),
        # a belief about one's own act is a hedged report of it
        ("British police said they believed they had identified the attacker.", "INVESTIGATE"),
        # an event noun presupposes its act, believed or not
        ("I think that the American attack on Iraq made the situation worse, the British MP said.", "ASSAULT"),
        # "hoped [the talks] … could produce": an object beside a clause is the clause's subject
        ("Jack Straw said he hoped the talks next week with Turkey could produce a date.", "CONSULT"),
        # a visit abroad is a consultation
        ("Tony Blair visited Baghdad on Monday.", "CONSULT"),
        # a name that ends in the event's noun names the event
        ("Lord Falconer gave evidence to the Butler Inquiry into the British intelligence services.", "INVESTIGATE"),
    ],
)
def test_plans_repeated_acts_and_presupposed_acts_stay_events(code, text, event_type):
    assert [r for r in code(text) if r["event_type"] == event_type]
