"""transforms.quotes.attribution: the speaker phrase and its resolution, and the seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.transforms.quotes.helpers import find, indirect
from transforms.doc_model import TITLE_SEPARATOR

ROOT = Path(__file__).resolve().parents[3]


def test_pronoun_continued_skips_object_person(run):
    rows = run(
        "Mike Pompeo noted that he spent months preparing for his meeting with Kim Jong Un.\n\n"
        "“When I became director, I had no idea that one day I would land in Pyongyang,” he continued."
    )
    r = find(rows, "When I became")
    assert r["speaker_text"] == "he" and r["attribution_method"] == "pronoun"
    assert r["speaker_key"] == "person:mike pompeo" and r["cue"] == "continued"


def test_unnamed_description_stays_unresolved(run):
    rows = run(
        "Mike Pompeo left Pyongyang on Saturday.\n\n"
        "“There is a lot of hard work left,” a State Department spokeswoman said Saturday, "
        "“We never thought this would be easy.”"
    )
    for frag in ("hard work left", "never thought"):
        r = find(rows, frag)
        assert r["speaker_text"] == "a State Department spokeswoman" and r["speaker_key"] is None


@pytest.mark.parametrize(
    ("text", "content_word", "speaker_key"),
    [
        # an appositive names the description's actor
        (
            "The previous day, television broadcaster PBS revealed that the prince had accepted responsibility.",
            "prince",
            "organization:pbs",
        ),
        # an organisation's name modifies the unit that speaks for it
        (
            "The French Civil Security service said water bombing by aircraft was disallowed.",
            "bombing",
            "organization:french civil security",
        ),
        # a document speaks for the one whose it is
        (
            "Gloria Vanderbilt was married four times but, according to her memoirs, also had some degree of "
            "romantic involvement with Errol Flynn.",
            "romantic",
            "person:gloria vanderbilt",
        ),
        ("According to projections by NBC News, he won in Virginia and Texas.", "Virginia", "organization:nbc news"),
        # a campaign speaks for its candidate
        (
            "Joe Biden spoke on Monday.\n\nThe Biden campaign criticized the refusal to debate virtually.",
            "refusal",
            "person:joe biden",
        ),
        (
            "Senator Amy Klobuchar spoke in Minneapolis. Senator Klobuchar's campaign said she was ending her bid.",
            "ending",
            "person:amy klobuchar",
        ),
        # two subjects of one verb are a misparsed coordination: the nearer one holds the name
        (
            "Conservative Party leader and Prime Minister Boris Johnson said he was humbled by the results.",
            "humbled",
            "person:boris johnson",
        ),
        # "the party": the one organisation named before it with that head word
        (
            "Hammons founded the Unity Party in 2004.\n\nThe party said it backs a balanced budget amendment.",
            "backs",
            "organization:unity party",
        ),
        # "the President", which the tagger read as a proper noun, is the subject a pronoun goes back to
        (
            "President Donald Trump faced a new book by his niece, Mary Trump, in July.\n\n"
            "Joe Biden criticized the deployment. Trump kept his theme of law and order. Later, the President "
            "traveled to South Dakota. He delivered a speech in which he condemned rioters who desecrate statues.",
            "rioters",
            "person:donald trump",
        ),
        # "the prime minister" is no Deputy Prime Minister: a lower rank must be said
        (
            "Deputy Prime Minister John Prescott visited Hull on Monday.\n\n"
            "The prime minister said the talks would go on.",
            "talks",
            None,
        ),
        (
            "Deputy Prime Minister John Prescott visited Hull on Monday.\n\n"
            "The deputy prime minister said the talks would go on.",
            "talks",
            "person:john prescott",
        ),
        (
            "Shadow chancellor Oliver Letwin proposed tax cuts.\n\nThe chancellor said the cuts would hurt schools.",
            "hurt",
            None,
        ),
        # a description that names an organisation the one holder of the title does not belong to
        (
            "Labour Party chairman Ian McCartney spoke in Leeds.\n\n"
            "The chairman of the Commission for Racial Equality said the shortlists would help.",
            "shortlists",
            None,
        ),
        # a surname the tagger read as a common noun is the one person of the article so named
        (
            "Donald Trump was in Tulsa. Biden broached the report that Russians were paying bounties to the "
            "Taliban.Trump described the story as possibly a hoax.",
            "hoax",
            "person:donald trump",
        ),
        # "they" is no single country, "it" no plural group
        (
            "India has banned the trade.\n\nThey told me that there was a lady in the house who would help.",
            "lady",
            None,
        ),
        # a group pronoun goes back no farther than a few sentences: farther, unresolved beats a guess
        (
            "Police arrested two men on Monday.\n\nThe weather was cold. Snow fell all week. The roads were "
            "closed. Schools shut early.\n\nThey told me that there was a job in the city.",
            "job",
            None,
        ),
        (
            "The investigators inspected the jet.\n\nIt was already damaged, and it said that the crew was lost.",
            "crew",
            None,
        ),
    ],
)
def test_speaker_descriptions_and_group_pronouns(run, text, content_word, speaker_key):
    assert indirect(run(text), content_word)["speaker_key"] == speaker_key


def test_source_is_the_whole_phrase_with_apposition(run):
    rows = run(
        "Dana Whitfield, a professor of economics at Ridgemont College, said the plan would raise taxes "
        "for most families."
    )
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
    assert any(
        r["quote_type"] == "indirect"
        and r["speaker_key"] == pompeo
        and r["quote_text"].startswith("the North confirmed")
        for r in a
    )

    b = run(analysed("002_616c692190cf3f6d.txt"))
    for frag in (
        "I regret that we didn’t",
        "We convinced him",
        "We were trying",
        "The president was prepared",
        "nothing can quite prepare you",
        "When I became CIA director",
    ):
        assert find(b, frag)["speaker_key"] == pompeo, frag
    assert find(b, "When I became CIA director")["speaker_text"] == "he"
    assert find(b, "fire and fury")["speaker_key"] == "person:donald trump"
    assert indirect(b, "would never lift strict economic sanctions")["speaker_key"] == "person:donald trump"
    assert find(b, "threatening")["quote_type"] == "term"


def test_a_pronoun_after_an_ambiguous_surname_subject_stays_unresolved(run):
    # four Vanderbilts: "Vanderbilt" names none of them, and "her" must not go back past it
    rows = run(
        "Heiress Gloria Vanderbilt died on Monday. Her father, Reginald Claypoole Vanderbilt, died when she was "
        "one, and her mother, Gloria Morgan Vanderbilt, fought her aunt Gertrude Vanderbilt Whitney for custody."
        '\n\nProfessor Robert Thompson remarked, "The jeans made her famous."\n\n'
        "Vanderbilt was married four times but, according to her memoirs, also loved Frank Sinatra."
    )
    row = next(r for r in rows if r["cue"] == "according to")
    assert row["speaker_text"] == "her memoirs" and row["speaker_key"] is None


def test_a_description_names_a_title_not_any_word_of_a_role(run):
    # "party" is in William Mohr's role ("Michigan Taxpayers Party chairman") but no title of his
    rows = run(
        "He selected Michigan Taxpayers Party chairman William Mohr as his running mate. Mohr praised the "
        "nominee.\n\nThe Constitution Party was founded in 1991 as the U.S. Taxpayers Party. It changed to its "
        "current name in 1999. The party advocates states' rights, gun rights and limited government."
    )
    row = next(r for r in rows if r["cue"] == "advocates")
    assert row["speaker_key"] != "person:william mohr"


def test_a_place_never_speaks(run):
    # the tagger reads the magazine as the ocean: the speaker stays unresolved, not a location
    rows = run("Next, The Atlantic claimed that Trump refused to visit a cemetery.")
    row = next(r for r in rows if r["cue"] == "claimed")
    assert row["speaker_text"] == "The Atlantic" and row["speaker_key"] is None
