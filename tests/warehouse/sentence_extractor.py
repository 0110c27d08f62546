"""A throwaway fact table's extractor for tests/warehouse/test_tables.py: one row per body
sentence, with the sentence's first actor. Only that test's registry copy names it."""

from __future__ import annotations


def sentence_rows(ctx, lexicons, article_id: str) -> list[dict]:
    from transforms.extract import _locate

    rows = []
    first_actor = {}
    for m in ctx.actors.mentions:
        first_actor.setdefault(m.sentence_index, m.actor_key)
    for i, sent in enumerate(ctx.sents):
        section, start, end = _locate(ctx, sent.start_char, sent.end_char)
        if section != "body":
            continue
        rows.append(
            {
                "article_id": article_id,
                "section": section,
                "sentence_index": i,
                "start_char": start,
                "end_char": end,
                "sentence_text": sent.text[: end - start],
                "token_count": len(sent),
                "first_actor_id": first_actor.get(i),
            }
        )
    return rows
