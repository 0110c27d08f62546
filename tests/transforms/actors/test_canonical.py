"""Canonical actors inside one article: countries, groups, places, people's partial names."""

from __future__ import annotations

from tests.transforms.actors.support import actor_of


def test_demonym_is_its_country(run):
    aa = run("The North Korean delegation said nothing. Seoul was silent, and North Korean media agreed.")
    korean = [m for m in aa.mentions if m.text.startswith("North Korean")]
    assert korean and all(aa.actors[m.actor_key].country_code == "PRK" for m in korean)


def test_country_plus_agent_is_a_group(run):
    aa = run("North Korean officials met the envoy in Panmunjom on Tuesday.")
    g = actor_of(aa, "North Korean officials")
    assert (g.actor_type, g.country_code, g.sector) == ("group", "PRK", "GOV")
    assert aa.actor_at(aa.mentions[0].start_char, aa.mentions[0].end_char) == g.key


def test_capital_as_government_is_the_country(run):
    aa = run("Pyongyang wanted the sanctions lifted first. The envoy later departed Pyongyang by plane.")
    gov = actor_of(aa, "Pyongyang", 0)
    place = actor_of(aa, "Pyongyang", 1)
    assert (gov.actor_type, gov.country_code) == ("country", "PRK")
    assert (place.actor_type, place.country_code) == ("location", "PRK")


def test_namesakes_stay_apart_and_bare_kim_follows_focus(run):
    aa = run(
        "Kim Yong Chol met Mike Pompeo in New York. Later Kim Jong Un arrived. "
        "Kim waved at the crowd. Nothing happened for weeks. The weather was fine. "
        "Officials were calm. Kim was not seen."
    )
    kyc, kju = actor_of(aa, "Kim Yong Chol"), actor_of(aa, "Kim Jong Un")
    assert kyc is not kju
    assert actor_of(aa, "Kim", 0) is kju  # the Kim mentioned last, one sentence back
    assert [m for m in aa.mentions if m.text == "Kim"][1].actor_key is None  # nobody in focus


def test_only_kim_in_article_is_linked(run):
    aa = run("North Korean leader Kim Jong Un met the envoy. Days later, Chairman Kim left.")
    m = [m for m in aa.mentions if m.text == "Kim"]
    assert m and aa.actors[m[0].actor_key].name == "Kim Jong Un" and m[0].role == "Chairman"


def test_the_us_is_a_country(run):
    aa = run("Officials said the U.S. would respond, and the United States did.")
    us = [m for m in aa.mentions if m.text in ("U.S.", "United States")]
    assert us and {aa.actors[m.actor_key].key for m in us} == {"country:USA"}
