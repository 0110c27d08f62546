"""transforms.language: the offline detector and what the NLP step does with its answer."""

import pytest

from transforms.language import detect_language, has_model, skip_reason


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Former Secretary of State Mike Pompeo expressed his regret about North Korea.", "en"),
        ("Bundeskanzler Olaf Scholz ist am Donnerstag mit dem französischen Präsidenten zusammengekommen.", "de"),
        ("Le président a reçu jeudi le chancelier allemand à Paris pour parler de l'Ukraine.", "fr"),
        ("El presidente del Gobierno se reunió el jueves con el canciller alemán en Madrid.", "es"),
        ("OK 12", None),  # too little text to tell
        ("", None),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_only_english_and_unknown_are_parsed():
    assert has_model("en") and has_model(None) and not has_model("de")
    assert skip_reason("de") == "language de: no model" and skip_reason("en") is None
