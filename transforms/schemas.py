"""Explicit schemas of the published fact tables (mirroring warehouse/schema.sql)."""

import polars as pl

FACT_QUOTE = {
    "quote_id": pl.Utf8, "article_id": pl.Utf8, "section": pl.Utf8, "sentence_index": pl.Int64,
    "quote_text": pl.Utf8, "quote_type": pl.Utf8, "start_char": pl.Int64, "end_char": pl.Int64,
    "speaker_actor_id": pl.Utf8, "speaker_text": pl.Utf8, "speaker_start": pl.Int64, "speaker_end": pl.Int64,
    "cue": pl.Utf8, "addressee_actor_id": pl.Utf8, "attribution_method": pl.Utf8, "confidence": pl.Float64,
}
FACT_EVENT = {
    "event_id": pl.Utf8, "article_id": pl.Utf8, "section": pl.Utf8, "sentence_index": pl.Int64,
    "event_type": pl.Utf8, "event_mode": pl.Utf8, "cameo_code": pl.Utf8, "source_actor_id": pl.Utf8,
    "target_actor_id": pl.Utf8, "location_name": pl.Utf8, "location_country": pl.Utf8,
    "location_actor_id": pl.Utf8, "is_negated": pl.Boolean, "modality": pl.Utf8, "event_date": pl.Date,
    "date_granularity": pl.Utf8, "date_text": pl.Utf8, "trigger_text": pl.Utf8, "start_char": pl.Int64,
    "end_char": pl.Int64, "evidence": pl.Utf8, "confidence": pl.Float64, "event_cluster_id": pl.Utf8,
}
