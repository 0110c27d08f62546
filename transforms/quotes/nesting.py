"""One attribution per word: a cue inside the reported words of another cue is not a quote.

"Trump said [he supports the plan]" attributes the clause to Trump; "supports" is part of
what Trump said, not a second attribution of its own (PolNeAR's univocal rule: a word plays
one role in one attribution). Reported speech nested in reported content is dropped, so the
"supports", "wants", "thinks" of a reported clause do not come back as indirect quotes of
their subject. Quotations with marks are never dropped: their words are verbatim. The other way round, a
quotation with no attribution of its own inside a reported clause is that clause's words:
a partial quotation of its speaker (`claim_quotations`).
"""

from __future__ import annotations

from collections import defaultdict

from transforms.quotes.attribution import Attribution, attach
from transforms.quotes.records import QuoteRecord


def _content(rec: QuoteRecord) -> tuple[int, int]:
    """The reported words of a record: a partial quotation's enclosing clause, else itself."""
    return rec.relation_content or (rec.start, rec.end)


def _relations(records: list[QuoteRecord]) -> dict:
    """Cue token -> (cue char span, content spans) of every attributed record."""
    rels: dict = defaultdict(lambda: [None, []])
    for r in records:
        key = r.extras.get("cue_i")
        if key is None or r.cue is None or r.quote_type == "term":
            continue
        rels[key][0] = r.cue
        rels[key][1].append(_content(r))
    return rels


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def drop_nested(records: list[QuoteRecord]) -> list[QuoteRecord]:
    """`records` without the indirect ones whose cue lies in the content of another relation
    (unless that relation's cue lies in theirs: a parenthetical "X, he said, Y")."""
    rels = _relations(records)
    # the range each relation's content spans: a cue outside it is in none of them (a quick test)
    ranges = {k: (min(s for s, _ in spans), max(e for _, e in spans)) for k, (_, spans) in rels.items()}
    nested = set()
    for key, (cue, spans) in rels.items():
        for other, (ocue, ospans) in rels.items():
            lo, hi = ranges[other]
            if lo <= cue[0] and cue[1] <= hi and other != key and _inside(cue, ospans) and not _inside(ocue, spans):
                nested.add(key)
                break
    return [r for r in records if r.quote_type != "indirect" or r.extras.get("cue_i") not in nested]


def unattributed_within(quoted: list[QuoteRecord], lo: int, hi: int) -> list[QuoteRecord]:
    """The direct quotations with no attribution of their own inside [lo, hi): words in marks
    that a report verb's clause runs on into ("said the museum would … -- ''the president but
    also the slave …''")."""
    return [r for r in quoted if r.method == "unattributed" and r.outer and lo <= r.outer[0] and r.outer[1] <= hi]


def claim_quotations(ctx, records: list[QuoteRecord], att: Attribution, clause: tuple[int, int]) -> None:
    """Unattributed quotations inside a reported clause are partial quotations of its speaker,
    scored through that clause."""
    for rec in records:
        attach(ctx, rec, att)
        rec.quote_type, rec.relation_content = "partial", clause
