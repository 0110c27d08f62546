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
from transforms.schemas import DIM_DATE
from transforms.tone import STG_ARTICLE_TONE, mean_tone, tone
from transforms.vocab import Vocabulary
from warehouse import tables as registry
from warehouse.tables import Table

EXTRACT_INPUT = {
    "article_id": pl.Utf8,
    "title": pl.Utf8,
    "body": pl.Utf8,
    "published_date": pl.Date,
    "language": pl.Utf8,
}

STG_ACTOR_ROLE = actors_mod.STG_ACTOR_ROLE  # one schema, kept by the resolver that reads it


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
        return cls(
            vocab=vocab,
            actors=actors_mod.ActorLexicon.from_tables(tables, vocab),
            events=events,
            known_verbs=frozenset(known | set(events.verbs)),
        )


def analyse_article(
    doc, lexicons: Lexicons, body_offset: int = 0, published_date: dt.date | None = None, text: str | None = None
) -> ArticleContext:
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


def mention_rows(ctx: ArticleContext, lexicons: Lexicons, aid: str) -> list[dict]:
    """fact_actor_mention's extractor: every mention of a local actor."""
    rows = []
    for m in ctx.actors.mentions:
        sec, s, e = _locate(ctx, m.start_char, m.end_char)
        rows.append(
            {
                "article_id": aid,
                "actor_id": m.actor_key,
                "section": sec,
                "sentence_index": m.sentence_index,
                "start_char": s,
                "end_char": e,
                "text": m.text[: e - s],
                "label": m.label,
                "role": m.role,
            }
        )
    return rows


def _actor_rows(ctx: ArticleContext, aid: str) -> tuple[list[dict], list[dict]]:
    actors, roles = [], []
    for a in ctx.actors.actors.values():
        actors.append(
            {
                "article_id": aid,
                "actor_key": a.key,
                "name": a.name,
                "actor_type": a.actor_type,
                "country_code": a.country_code,
                "sector": a.sector,
                "aliases": sorted(a.aliases),
                "published_date": ctx.published,
            }
        )
        roles += [
            {
                "article_id": aid,
                "actor_key": a.key,
                "role": role,
                "country_code": country,
                "sector": sector,
                "as_of_date": ctx.published,
            }
            for role, country, sector in a.roles
        ]
    return actors, roles


def quote_rows(ctx: ArticleContext, lexicons: Lexicons, aid: str) -> list[dict]:
    """fact_quote's extractor: quotes with offsets in their section (the quote stages leave
    captions out) and the tone of their text (transforms/tone.py)."""
    rows = []
    for q in quotes_mod.extract_quotes(ctx):
        sec, s, e = _locate(ctx, q["start_char"], q["end_char"])
        row = {
            **q,
            "article_id": aid,
            "section": sec,
            "start_char": s,
            "end_char": e,
            "quote_text": q["quote_text"][: e - s],
            "speaker_actor_id": q["speaker_key"],
            "addressee_actor_id": q["addressee_key"],
        }
        row["tone"] = tone(row["quote_text"])
        if q.get("speaker_start") is not None:
            ssec, ss, se = _locate(ctx, q["speaker_start"], q["speaker_end"])
            # Speaker offsets are stored in the quote's section; a speaker in the other
            # section (headline speaker of a body quote) keeps its text but no offsets.
            row["speaker_start"], row["speaker_end"] = (ss, se) if ssec == sec else (None, None)
        rows.append(row)
    return rows


def event_rows(ctx: ArticleContext, lexicons: Lexicons, aid: str) -> list[dict]:
    """fact_event's extractor: events with offsets in their section (the event gates keep
    body text only)."""
    rows = []
    for ev in events_mod.extract_events(ctx, lexicons.events):
        sec, s, e = _locate(ctx, ev["start_char"], ev["end_char"])
        cluster = ev["event_cluster_key"]
        rows.append(
            {
                **ev,
                "article_id": aid,
                "section": sec,
                "start_char": s,
                "end_char": e,
                "trigger_text": ev["trigger_text"][: e - s],
                "source_actor_id": ev["source_key"],
                "target_actor_id": ev["target_key"],
                "location_actor_id": ev["location_key"],
                "location_name": ev["location_text"],
                "is_negated": bool(ev["is_negated"]),
                "event_cluster_id": None if cluster is None else _hid("evc_", aid, cluster),
            }
        )
    return rows


def _staged_schema(table: Table) -> dict:
    """A fact table's columns before assembly: all but its id."""
    return {c: t for c, t in table.polars_schema.items() if c != table.id["column"]}


def extract_docs(articles: pl.DataFrame, docs, lexicons: Lexicons) -> dict[str, pl.DataFrame]:
    """Run the actor stage and every fact table's extractor (from the table registry) over
    already-parsed Docs, one per article row. Facts come out as `stg_<table>`: the table's
    columns but its id, with article-local actor keys where the table joins to dim_actor;
    `stg_article_tone` is each article's tone (dim_article.tone, from the parse's sentences)."""
    facts = registry.fact_extractors()
    extractors = {name: t.extractor_function() for name, t in facts.items()}
    local_actors, roles, tones = [], [], []
    rows: dict[str, list[dict]] = {name: [] for name in facts}
    for art, doc in zip(articles.iter_rows(named=True), docs, strict=True):
        aid = art["article_id"]
        text, body_offset = analysed_text(art["title"], art["body"])
        ctx = analyse_article(doc, lexicons, body_offset, art["published_date"], text)
        actors, actor_roles = _actor_rows(ctx, aid)
        local_actors += actors
        roles += actor_roles
        tones.append({"article_id": aid, "tone": mean_tone(ctx.sentence_texts())})
        for name, extract in extractors.items():
            rows[name] += extract(ctx, lexicons, aid)
        ctx.close()
    out = {
        "stg_local_actor": pl.DataFrame(local_actors, schema=actors_mod.STG_LOCAL_ACTOR, orient="row"),
        "stg_actor_role": pl.DataFrame(roles, schema=STG_ACTOR_ROLE, orient="row"),
        "stg_article_tone": pl.DataFrame(tones, schema=STG_ARTICLE_TONE, orient="row"),
    }
    for name, t in facts.items():
        # polars reads the schema's columns from each row by name (a missing key is null, a key
        # outside the schema is left out): no dict of the schema's keys per row
        out[f"stg_{name}"] = pl.DataFrame(rows[name], schema=_staged_schema(t), orient="row")
    return out


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


def _with_actor_ids(df: pl.DataFrame, table: Table, key_map: pl.DataFrame) -> pl.DataFrame:
    """Every column that joins to dim_actor: the article-local actor key -> its actor_id."""
    km = key_map.select("article_id", "actor_key", "actor_id").unique(["article_id", "actor_key"], keep="first")
    for c in table.references_to("dim_actor"):
        df = (
            df.join(km.rename({"actor_key": c.name, "actor_id": "_actor_id"}), on=["article_id", c.name], how="left")
            .with_columns(pl.col("_actor_id").alias(c.name))
            .drop("_actor_id")
        )
    return df


def _with_fact_id(df: pl.DataFrame, table: Table) -> pl.DataFrame:
    """The fact's id: a hash of the registry's `id.from` columns (read before the actor keys
    are mapped, so an id does not change with the cross-article resolution)."""
    spec = table.id
    parts = [df[c].to_list() for c in spec["from"]]
    ids = [_hid(spec["prefix"], *values) for values in zip(*parts, strict=True)] if parts else []
    return df.with_columns(pl.Series(spec["column"], ids, dtype=pl.Utf8))


def assemble_facts(stg: dict[str, pl.DataFrame], key_map: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Every extracted fact table as published: its id, its actor ids, its column order."""
    out = {}
    for name, t in registry.fact_extractors().items():
        df = _with_fact_id(stg[f"stg_{name}"], t)
        df = _with_actor_ids(df, t, key_map)
        out[name] = (
            df.select(t.column_names).cast(t.polars_schema).unique(t.id["column"], keep="first", maintain_order=True)
        )
    return out


def dim_date_rows(dates: list[dt.date | None]) -> pl.DataFrame:
    rows = [
        {
            "date_key": d,
            "year": d.year,
            "quarter": (d.month - 1) // 3 + 1,
            "month": d.month,
            "day": d.day,
            "iso_week": d.isocalendar()[1],
            "day_of_week": d.isoweekday(),
            "month_name": d.strftime("%B"),
            "day_name": d.strftime("%A"),
        }
        for d in sorted({d for d in dates if d is not None})
    ]
    return pl.DataFrame(rows, schema=DIM_DATE, orient="row")
