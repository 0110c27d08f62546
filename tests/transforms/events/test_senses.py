"""Curated senses that hold only in some frames (`event_triggers.csv` conditions), the
civil-process senses that count with any named actor (`civil_trigger`), and the role rules that
give them their source and target: (text, expected) pairs."""

from __future__ import annotations

import pytest

from tests.transforms.events.support import find

CODED = [
    # (text, event type, trigger (None: any), source key, target key; None: not checked)
    ("Vietnam launched a mediation effort between Cambodia and Thailand.", "CONSULT", "launched", "country:VNM", None),
    ("Norway mediated between Colombia and the rebels.", "CONSULT", "mediated", "country:NOR", None),
    ("Chile launched naval exercises off its coast.", "MOBILIZE", None, "country:CHL", None),
    (
        "Brazilian and Argentine warships launched naval exercises in the Atlantic.",
        "COOPERATE",
        None,
        "country:BRA",
        None,
    ),
    (
        "Indian and Japanese navies launched ten days of war games in the Bay of Bengal.",
        "COOPERATE",
        "launched",
        None,
        None,
    ),
    ("Egypt allowed Palestinian students to cross into Egypt.", "CONCEDE", "allowed", "country:EGY", "country:PSE"),
    ("Turkey allowed aid convoys into Syria.", "RETREAT", "allowed", "country:TUR", None),
    ("Jordan opened its border crossings to Syrian refugees.", "RETREAT", "opened", "country:JOR", None),
    (
        "The African Union sent 30 observers to Sudan to investigate the clashes.",
        "INVESTIGATE",
        "investigate",
        "organization:african union",
        None,
    ),
    (
        "The Chilean army forced out hundreds of Bolivian families from their land.",
        "COERCE",
        "forced",
        "group:CHLMIL",
        None,
    ),
    (
        "Canada defended the right of Ukrainian troops to strike back.",
        "SUPPORT",
        "defended",
        "country:CAN",
        "group:UKRMIL",
    ),
    (
        "Hamas issued a statement demanding that Israel release the prisoners.",
        "DEMAND",
        "demanding",
        None,
        "country:ISR",
    ),
    ("Colombian negotiators flew to Havana for talks on a ceasefire.", "CONSULT", "talks", "group:COLGOV", None),
    ("The Syrian army held hundreds of civilians as human shields.", "COERCE", "held", "group:SYRMIL", None),
    ("The Supreme Court struck down the Texas law.", "REJECT", "struck", None, None),
    ("The British government warned against proposed changes to the treaty.", "REJECT", "warned", None, None),
    # leaving a party for another is a retreat; defecting in a vote, a rejection
    (
        "Two London Assembly members of the UK Independence Party defected to the Veritas Party.",
        "RETREAT",
        "defected",
        None,
        None,
    ),
    # a warning threatens only with consequences; one to do something is a demand
    ("The Russian government warned Ukraine of serious consequences.", "THREATEN", "warned", None, "country:UKR"),
    ("The US government warned Iran to stop enrichment.", "DEMAND", "warned", None, "country:IRN"),
    # an attack in words: its participle says so
    (
        "South African president Thabo Mbeki has attacked British imperialists, saying they treated Africans badly.",
        "DISAPPROVE",
        "attacked",
        None,
        None,
    ),
    ("Russian troops attacked the Ukrainian village, killing ten people.", "ASSAULT", "attacked", None, None),
    # role rules and civil-process senses: "called for X to", a plea or a police interview by any
    # named person, "found X unconstitutional", "leaders including X", "filed by X against Y"
    ("The German chancellor called for Greek officials to cut spending.", "DEMAND", "called", None, None),
    (
        "The French president called for the European Union to lift the tariffs.",
        "DEMAND",
        "called",
        None,
        "organization:european union",
    ),
    ("John Smith pleaded guilty to the robbery at the district court.", "CONCEDE", "pleaded", None, None),
    ("Maria Lopez was interviewed by police about the fire.", "INVESTIGATE", "interviewed", None, None),
    ("The Mexican Supreme Court found the 2010 protest law unconstitutional.", "REJECT", "found", None, None),
    ("The Kenyan Supreme Court ruled the election law unconstitutional.", "REJECT", "ruled", None, None),
    (
        "Tributes were paid by diplomats including the Canadian Foreign Minister Jane Doe.",
        "SUPPORT",
        "paid",
        None,
        None,
    ),
    (
        "A judge heard a lawsuit filed by the Brazilian Senate against the Brazilian president.",
        "COERCE",
        "lawsuit",
        None,
        None,
    ),
]

NOT_CODED = [
    # (text, event type that must not be coded)
    ("Kenyan law allowed three days for the council to choose a successor.", "CONCEDE"),
    ("The Kenyan minister was allowed to speak at the meeting.", "CONCEDE"),
    ("The Spanish government launched a new website on Monday.", "MOBILIZE"),
    ("The Ghanaian government opened a new hospital in Accra.", "RETREAT"),
    ("The French minister held office as mayor of Lyon.", "COERCE"),
    ("The German chancellor called the plan a mistake.", "DEMAND"),
    ("John Smith found the house empty.", "REJECT"),
    ("The Kenyan Supreme Court ruled on the appeal on Monday.", "REJECT"),
    ("John Smith apologized to his neighbour for the noise.", "CONCEDE"),
    # campaigning is no interaction (the guideline: "campaigned in Ohio"); attacking lies is words
    ("The British Labour Party and the Conservatives are campaigning hard for an election in May.", "DEMAND"),
    ('UKIP, which campaigned on a slogan of "Say no to Europe", spent £2.36m on the campaign.', "FIGHT"),
    # no event in another sense: silence, an opinion, a chance, a metaphor
    (
        "On Monday, Tony Blair's official spokesman declined to say whether the prime minister backed the plans.",
        "REJECT",
    ),
    ("Lord Woolf and Lord Falconer agreed about what happened in practice.", "AGREE"),
    ("Home Secretary Charles Clarke said he accepted the difficult balance between security and rights.", "AGREE"),
    ("Strategists have seen the Tories seizing a poll advantage.", "COERCE"),
    ("The British government demonstrated that it was serious about reform.", "PROTEST"),
    ("Gordon Brown said Britain was not just attacking ignorance, disease and squalor.", "ASSAULT"),
    ("Liberal Democrat shadow chancellor Vince Cable warned the picture was not as rosy as Brown says.", "THREATEN"),
    ("But the British Conservatives warned of rising obesity levels.", "THREATEN"),
    ("However, backbench Labour MP Karen Buck warned against proposed changes in such benefits.", "THREATEN"),
    ("Dr Fox accused Mr Blair and other Cabinet ministers of telling lies and then attacking the lies.", "ASSAULT"),
    # "conceded that …" admits a point; a body's own meeting is no consultation; targets are met
    ("The British prime minister conceded that the US had a harder position than Europe.", "CONCEDE"),
    ("None of this was mentioned at the British Labour MP's selection meeting.", "CONSULT"),
    ("Britain met the demands of the European Union.", "CONSULT"),
    # a tax is no aid, hunting no assault, and a topic no one to consult
    ("The British chancellor went on to put up National Insurance contributions after the election.", "AID"),
    ("The British hunts will still shoot foxes under the new law.", "ASSAULT"),
    ("The British Labour Party refused to discuss his position.", "CONSULT"),
    ("Mr Howard said Tory policies on schools were striking a chord with British voters.", "PROTEST"),
]


@pytest.mark.parametrize(("text", "event_type", "trigger", "source", "target"), CODED)
def test_curated_sense_in_its_frame(code, text, event_type, trigger, source, target):
    r = find(code(text), event_type, trigger)
    if source is not None:
        assert r["source_key"] == source
    if target is not None:
        assert r["target_key"] == target


@pytest.mark.parametrize(("text", "event_type"), NOT_CODED)
def test_curated_sense_out_of_its_frame(code, text, event_type):
    assert not [r for r in code(text) if r["event_type"] == event_type]
