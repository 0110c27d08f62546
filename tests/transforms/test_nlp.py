"""transforms.nlp: one model per process, and paragraph breaks as sentence boundaries."""

from transforms.nlp import load_nlp, usable_cores


def test_the_model_loads_once_per_process():
    assert load_nlp() is load_nlp()
    assert usable_cores() >= 1


def test_a_blank_line_ends_a_sentence():
    doc = load_nlp()("Pelosi again elected Speaker as Congress sworn in\n\nPelosi yesterday resumed the office.")
    assert [s.text.strip() for s in doc.sents] == [
        "Pelosi again elected Speaker as Congress sworn in",
        "Pelosi yesterday resumed the office.",
    ]
