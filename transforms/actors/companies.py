"""Company names the small model takes for people (`spans.ENTITY_RULES` runs `company_names`):
a name that ends in a legal form ("Pirelli SpA", "Apic Yamada Corp") is an organisation, and
so are the company's short name ("Magna" after "Magna International Inc") and its divisions
("Pirelli Cables"), unless the word belongs to a person's full name in the article. The legal
forms are `org_suffix` rows of `actor_extras.csv`, with a wire bureau's "Newsroom" ("--
Warsaw Newsroom +48 ...")."""

from __future__ import annotations

from transforms.actors.lexicon import ActorLexicon

_RELABEL = ("PERSON", "GPE", "LOC", "FAC", "NORP", "ORG")


def _legal_form(doc, k: int, lexicon: ActorLexicon) -> bool:
    """Is token k a capitalised legal form ("Inc", "SpA", "AG") glued to the name before it
    by a space (not a new line)?"""
    return (
        0 < k < len(doc)
        and doc[k].lower_ in lexicon.org_suffixes
        and doc[k].text[:1].isupper()
        and "\n" not in doc[k - 1].whitespace_
        and not doc[k - 1].is_space
    )


def _suffixed(t, lexicon: ActorLexicon) -> set[str]:
    """Relabel (and widen over a legal form right after it) every name that ends in a legal
    form; return the first words of those companies, lower case."""
    doc = t.ctx.doc
    heads = set()
    for s, e, lab in list(t.ents):
        if lab not in _RELABEL:
            continue
        end = e + 1 if e < len(doc) and _legal_form(doc, e, lexicon) and not _taken(t, e) else e
        if end - s < 2 or not _legal_form(doc, end - 1, lexicon):
            continue
        heads.add(doc[s].lower_)
        if (s, end, "ORG") != (s, e, lab):
            t.ents[t.ents.index((s, e, lab))] = (s, end, "ORG")
            t.forced = [f for f in t.forced if f != (s, e, lab)] + [(s, end, "ORG")]
    return heads


def _taken(t, k: int) -> bool:
    return any(s <= k < e for s, e, _ in t.ents)


def company_names(t, lexicon: ActorLexicon) -> None:
    """ "Pirelli SpA" tagged PERSON is an ORG; then "Pirelli" alone and "Pirelli Cables" tagged
    PERSON are the company too, and so is every "Magna" once a cue or layout made one "Magna"
    an ORG ("Magna shares", "Essex 372"), unless the word is in a person's full name here."""
    doc = t.ctx.doc
    heads = _suffixed(t, lexicon)
    cued = {doc[s].lower_ for s, e, lab in t.forced if lab == "ORG" and e - s == 1}
    if not heads and not cued:
        return
    forced = set(t.forced)
    person_words = {
        doc[k].lower_
        for s, e, lab in t.ents
        if lab == "PERSON" and e - s >= 2 and doc[s].lower_ not in heads
        for k in range(s, e)
    }
    for idx, (s, e, lab) in enumerate(t.ents):
        if lab != "PERSON" or (s, e, lab) in forced or doc[s].lower_ in person_words:
            continue
        if doc[s].lower_ in heads or (e - s == 1 and doc[s].lower_ in cued):
            t.ents[idx] = (s, e, "ORG")
            t.forced.append((s, e, "ORG"))


def _initials_fit(acronym: str, words: list[str]) -> bool:
    """Are the acronym's letters, in order, initials of the name's capitalised words ("KDP":
    Kurdistan Democratic Party; "SLORC": State Law and Order Restoration Council)?"""
    initials = [w[0] for w in words if w[:1].isupper()]
    k = 0
    for c in initials:
        if k < len(acronym) and c == acronym[k]:
            k += 1
    return k == len(acronym) and bool(initials) and initials[0] == acronym[0]


def bracketed_acronyms(t, lexicon: ActorLexicon) -> None:
    """ "the Central Narcotics Bureau ( CNB )": an upper-case acronym in brackets right after
    an organisation, made of its initials, is that organisation (the majority vote then gives
    the acronym's other mentions the label)."""
    doc = t.ctx.doc
    for s, e, lab in list(t.ents):
        if lab != "ORG" or e - s < 2 or e + 2 >= len(doc) or doc[e].text != "(" or doc[e + 2].text != ")":
            continue
        acr = doc[e + 1].text
        if not (acr.isalpha() and acr.isupper() and 2 <= len(acr) <= 6) or lexicon.country_of(acr):
            continue
        if not _initials_fit(acr, [tok.text for tok in doc[s:e]]):
            continue
        t.ents = [x for x in t.ents if not (x[0] <= e + 1 < x[1])]
        t.forced = [x for x in t.forced if not (x[0] <= e + 1 < x[1])]
        t.ents.append((e + 1, e + 2, "ORG"))
        t.forced.append((e + 1, e + 2, "ORG"))
