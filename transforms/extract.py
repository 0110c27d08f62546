"""staged articles -> staged facts: the one NLP pass per article, feeding actors, quotes
and events from the same Doc (no DocBin crosses a task boundary: a batch is parsed and
extracted in the same task), then offsets mapped back to title/body."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import polars as pl

from transforms import actors as actors_mod
from transforms import events as events_mod
from transforms import quotes as quotes_mod
from transforms.context import ArticleContext, repair_lemmas
from transforms.doc_model import TITLE_SEPARATOR
from transforms.language import parsed_language
from transforms.nlp import NlpSettings, load_nlp, parse_texts
from transforms.schemas import FACT_EVENT, FACT_QUOTE
from transforms.vocab import Vocabulary

EXTRACT_INPUT = {"article_id": pl.Utf8, "title": pl.Utf8, "body": pl.Utf8, "published_date": pl.Date,
                 "language": pl.Utf8}

STG_ACTOR_MENTION = {
    "article_id": pl.Utf8, "actor_key": pl.Utf8, "section": pl.Utf8, "sentence_index": pl.Int64,
    "start_char": pl.Int64, "end_char": pl.Int64, "text": pl.Utf8, "label": pl.Utf8, "role": pl.Utf8,
}
STG_ACTOR_ROLE = {
    "article_id": pl.Utf8, "actor_key": pl.Utf8, "role": pl.Utf8, "country_code": pl.Utf8,
    "sector": pl.Utf8, "as_of_date": pl.Date,
}
_SPAN_KEYS = ("speaker",)  # quote sub-spans mapped like the main span


@dataclass(frozen=True)
class Lexicons:
    """The generated reference tables (`seeds/reference`) and the hand-kept vocabulary
    (`seeds/lexicons`), compiled once per run for every extractor."""

    vocab: Vocabulary
    actors: object
    events: object
    known_verbs: frozenset[str] = frozenset()  # every verb lemma some extractor looks up

    @classmethod
    def from_tables(cls, tables: dict[str, pl.DataFrame]) -> Lexicons:
        vocab = Vocabulary.from_tables(tables)
        events = events_mod.EventLexicon.from_tables(tables, vocab)
        known = {r["lemma"] for r in vocab.table("speech_verbs")} | {r["word"] for r in vocab.table("modality")}
        return cls(vocab=vocab, actors=actors_mod.ActorLexicon.from_tables(tables, vocab), events=events,
                   known_verbs=frozenset(known | set(events.verbs)))


def analyse_article(doc, lexicons: Lexicons, body_offset: int = 0,
                    published_date: dt.date | None = None, text: str | None = None) -> ArticleContext:
    """The article context of one parsed Doc, with its actors resolved (the first stage every
    other extractor reads). `text` is the text the Doc was parsed from, if the caller has it."""
    ctx = ArticleContext(doc, lexicons.vocab, body_offset, published_date, source_text=text)
    repair_lemmas(ctx, lexicons.known_verbs)
    ctx.actors = actors_mod.analyse_actors(ctx, lexicons.actors)
    return ctx


def analysed_text(title: str | None, body: str) -> tuple[str, int]:
    """The text spaCy sees, and where the body starts in it."""
    if title:
        return title + TITLE_SEPARATOR + body, len(title) + len(TITLE_SEPARATOR)
    return body, 0


def to_section(start: int, end: int, body_offset: int) -> tuple[str, int, int]:
    """Map analysed-text offsets to (section, start, end) in dim_article.title/body."""
    if body_offset and start < body_offset:
        title_len = body_offset - len(TITLE_SEPARATOR)
        return "title", start, min(end, title_len)
    return "body", start - body_offset, end - body_offset


def _locate(ctx: ArticleContext, start: int, end: int) -> tuple[str, int, int]:
    """(section, start, end) with offsets into dim_article.title or .body; a photo caption or
    credit line of the body is section 'caption' (offsets still into the body)."""
    sec, s, e = to_section(start, end, ctx.body_offset)
    return ("caption" if sec == "body" and ctx.section_at(start) == "caption" else sec), s, e


def _mention_rows(ctx: ArticleContext, aid: str) -> list[dict]:
    rows = []
    for m in ctx.actors.mentions:
        sec, s, e = _locate(ctx, m.start_char, m.end_char)
        rows.append({"article_id": aid, "actor_key": m.actor_key, "section": sec, "sentence_index": m.sentence_index,
                     "start_char": s, "end_char": e, "text": m.text[: e - s], "label": m.label, "role": m.role})
    return rows


def _actor_rows(ctx: ArticleContext, aid: str) -> tuple[list[dict], list[dict]]:
    actors, roles = [], []
    for a in ctx.actors.actors.values():
        actors.append({"article_id": aid, "actor_key": a.key, "name": a.name, "actor_type": a.actor_type,
                       "country_code": a.country_code, "sector": a.sector, "aliases": sorted(a.aliases),
                       "published_date": ctx.published})
        roles += [{"article_id": aid, "actor_key": a.key, "role": role, "country_code": country, "sector": sector,
                   "as_of_date": ctx.published} for role, country, sector in a.roles]
    return actors, roles


def _quote_rows(ctx: ArticleContext, aid: str) -> list[dict]:
    """Quotes with offsets in their section (the quote stages leave captions out)."""
    rows = []
    for q in quotes_mod.extract_quotes(ctx):
        sec, s, e = _locate(ctx, q["start_char"], q["end_char"])
        row = {**q, "article_id": aid, "section": sec, "start_char": s, "end_char": e,
               "quote_text": q["quote_text"][: e - s]}
        if q.get("speaker_start") is not None:
            ssec, ss, se = _locate(ctx, q["speaker_start"], q["speaker_end"])
            # Speaker offsets are stored in the quote's section; a speaker in the other
            # section (headline speaker of a body quote) keeps its text but no offsets.
            row["speaker_start"], row["speaker_end"] = (ss, se) if ssec == sec else (None, None)
        rows.append(row)
    return rows


def _event_rows(ctx: ArticleContext, aid: str, lexicon) -> list[dict]:
    """Events with offsets in their section (the event gates keep body text only)."""
    rows = []
    for ev in events_mod.extract_events(ctx, lexicon):
        sec, s, e = _locate(ctx, ev["start_char"], ev["end_char"])
        rows.append({**ev, "article_id": aid, "section": sec, "start_char": s, "end_char": e,
                     "trigger_text": ev["trigger_text"][: e - s]})
    return rows


def extract_docs(articles: pl.DataFrame, docs, lexicons: Lexicons) -> dict[str, pl.DataFrame]:
    """Run actors, quotes and events over already-parsed Docs (one per article row)."""
    mentions, local_actors, roles, quotes, events = [], [], [], [], []
    for art, doc in zip(articles.iter_rows(named=True), docs, strict=True):
        aid = art["article_id"]
        text, body_offset = analysed_text(art["title"], art["body"])
        ctx = analyse_article(doc, lexicons, body_offset, art["published_date"], text)
        mentions += _mention_rows(ctx, aid)
        actors, actor_roles = _actor_rows(ctx, aid)
        local_actors += actors
        roles += actor_roles
        quotes += _quote_rows(ctx, aid)
        events += _event_rows(ctx, aid, lexicons.events)
    return {
        "stg_actor_mention": pl.DataFrame(mentions, schema=STG_ACTOR_MENTION, orient="row"),
        "stg_local_actor": pl.DataFrame(local_actors, schema=actors_mod.STG_LOCAL_ACTOR, orient="row"),
        "stg_actor_role": pl.DataFrame(roles, schema=STG_ACTOR_ROLE, orient="row"),
        "stg_quote": pl.DataFrame(quotes, schema={**quotes_mod.STG_QUOTE, "article_id": pl.Utf8, "section": pl.Utf8}, orient="row"),
        "stg_event": pl.DataFrame(events, schema={**events_mod.STG_EVENT, "article_id": pl.Utf8, "section": pl.Utf8}, orient="row"),
    }


def extract_batch(articles: pl.DataFrame, settings: NlpSettings, lexicons: Lexicons) -> dict[str, pl.DataFrame]:
    """Parse a batch of articles once with spaCy and extract every fact from the parse.
    Articles in a language the model has no parse for give no facts (they keep their metadata)."""
    articles = articles.filter(parsed_language())
    texts = [analysed_text(t, b)[0] for t, b in zip(articles["title"], articles["body"], strict=True)]
    # the batch's new strings and lexemes leave the vocabulary with its Docs: a long-lived
    # worker's memory stays flat (spaCy 3.8 memory zones); nothing here outlives the batch
    with load_nlp(settings.model, settings.disable).memory_zone():
        return extract_docs(articles, parse_texts(texts, settings), lexicons)


def concat_batches(batches: list[dict[str, pl.DataFrame]]) -> dict[str, pl.DataFrame]:
    if not batches:
        return {}
    return {k: pl.concat([b[k] for b in batches], how="vertical") for k in batches[0]}


def _hid(prefix: str, *parts) -> str:
    return prefix + hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:16]


def assemble_facts(stg: dict[str, pl.DataFrame], key_map: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Map local actor keys to actor ids and give every fact a content-derived id."""
    km = {(a, k): i for a, k, i in key_map.select("article_id", "actor_key", "actor_id").iter_rows()}

    def aid(article_id, key):
        return km.get((article_id, key)) if key is not None else None

    m = stg["stg_actor_mention"]
    cols = [m[c].to_list() for c in ("article_id", "section", "start_char", "end_char", "actor_key")]
    mentions = m.with_columns(
        pl.Series("mention_id", [_hid("men_", a, s, b, e) for a, s, b, e, _ in zip(*cols, strict=True)], pl.Utf8),
        pl.Series("actor_id", [aid(a, k) for a, *_, k in zip(*cols, strict=True)], pl.Utf8),
    ).unique("mention_id", keep="first", maintain_order=True).select(
        "mention_id", "article_id", "actor_id", "section", "sentence_index", "start_char", "end_char", "text", "label", "role")

    q = stg["stg_quote"]
    quotes = pl.DataFrame([
        {"quote_id": _hid("quo_", r["article_id"], r["section"], r["start_char"], r["end_char"], r["quote_type"]),
         "article_id": r["article_id"], "section": r["section"], "sentence_index": r["sentence_index"],
         "quote_text": r["quote_text"], "quote_type": r["quote_type"], "start_char": r["start_char"],
         "end_char": r["end_char"], "speaker_actor_id": aid(r["article_id"], r["speaker_key"]),
         "speaker_text": r["speaker_text"], "speaker_start": r["speaker_start"], "speaker_end": r["speaker_end"],
         "cue": r["cue"], "addressee_actor_id": aid(r["article_id"], r["addressee_key"]),
         "attribution_method": r["attribution_method"], "confidence": r["confidence"]}
        for r in q.iter_rows(named=True)], schema=FACT_QUOTE, orient="row").unique("quote_id", keep="first", maintain_order=True)

    ev = stg["stg_event"]
    events = pl.DataFrame([
        {"event_id": _hid("evt_", r["article_id"], r["section"], r["start_char"], r["end_char"], r["event_type"],
                          r["source_key"], r["target_key"]),
         "article_id": r["article_id"], "section": r["section"], "sentence_index": r["sentence_index"],
         "event_type": r["event_type"], "event_mode": r["event_mode"], "cameo_code": r["cameo_code"],
         "source_actor_id": aid(r["article_id"], r["source_key"]), "target_actor_id": aid(r["article_id"], r["target_key"]),
         "location_name": r["location_text"], "location_country": r["location_country"],
         "location_actor_id": aid(r["article_id"], r["location_key"]), "is_negated": bool(r["is_negated"]),
         "modality": r["modality"], "event_date": r["event_date"], "date_granularity": r["date_granularity"],
         "date_text": r["date_text"], "trigger_text": r["trigger_text"], "start_char": r["start_char"],
         "end_char": r["end_char"], "evidence": r["evidence"], "confidence": r["confidence"],
         "event_cluster_id": _hid("evc_", r["article_id"], r["event_cluster_key"]) if r["event_cluster_key"] is not None else None}
        for r in ev.iter_rows(named=True)], schema=FACT_EVENT, orient="row").unique("event_id", keep="first", maintain_order=True)
    return {"fact_actor_mention": mentions, "fact_quote": quotes, "fact_event": events}


def dim_date_rows(dates: list[dt.date | None]) -> pl.DataFrame:
    schema = {"date_key": pl.Date, "year": pl.Int64, "quarter": pl.Int64, "month": pl.Int64, "day": pl.Int64,
              "iso_week": pl.Int64, "day_of_week": pl.Int64, "month_name": pl.Utf8, "day_name": pl.Utf8}
    rows = [{"date_key": d, "year": d.year, "quarter": (d.month - 1) // 3 + 1, "month": d.month, "day": d.day,
             "iso_week": d.isocalendar()[1], "day_of_week": d.isoweekday(), "month_name": d.strftime("%B"),
             "day_name": d.strftime("%A")} for d in sorted({d for d in dates if d is not None})]
    return pl.DataFrame(rows, schema=schema, orient="row")
