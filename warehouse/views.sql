-- Analyst views, recreated on every load (warehouse.load).

-- Who said what, when: one row per quotation (terms and scare quotes excluded).
CREATE OR REPLACE VIEW v_quotes AS
SELECT
    q.quote_id,
    coalesce(sp.name, q.speaker_text)      AS speaker,
    sp.actor_id                            AS speaker_actor_id,
    q.speaker_text,
    q.cue,
    q.quote_type,
    q.quote_text,
    ad.name                                AS addressee,
    a.published_date,
    a.title                                AS article_title,
    a.external_id                          AS article_external_id,
    q.article_id,
    q.attribution_method,
    q.confidence,
    q.tone
FROM fact_quote q
JOIN dim_article a USING (article_id)
LEFT JOIN dim_actor sp ON sp.actor_id = q.speaker_actor_id
LEFT JOIN dim_actor ad ON ad.actor_id = q.addressee_actor_id
WHERE q.quote_type <> 'term';

-- Source -> event type -> target, with date and place (place_name, latitude, longitude: the
-- gazetteer entry of dim_place).
CREATE OR REPLACE VIEW v_actor_events AS
SELECT
    e.event_id,
    src.name                               AS source,
    src.country_code                       AS source_country,
    e.event_type,
    e.event_mode,
    e.cameo_code,
    e.goldstein,
    e.quad_class,
    tgt.name                               AS target,
    tgt.country_code                       AS target_country,
    e.is_negated,
    e.modality,
    e.event_date,
    e.date_granularity,
    coalesce(loc.name, e.location_name)    AS place,
    e.location_country                     AS place_country,
    gp.name                                AS place_name,
    gp.latitude,
    gp.longitude,
    e.trigger_text,
    e.evidence,
    e.event_cluster_id,
    a.published_date,
    e.article_id
FROM fact_event e
JOIN dim_article a USING (article_id)
LEFT JOIN dim_actor src ON src.actor_id = e.source_actor_id
LEFT JOIN dim_actor tgt ON tgt.actor_id = e.target_actor_id
LEFT JOIN dim_actor loc ON loc.actor_id = e.location_actor_id
LEFT JOIN dim_place gp ON gp.place_id = e.place_id;

-- Interactions: asserted, not negated events from one actor to another, one row per event
-- cluster and type (an event reported in several sentences or articles counts once).
CREATE OR REPLACE VIEW v_interaction AS
SELECT DISTINCT
    coalesce(event_cluster_id, event_id)   AS interaction_id,
    source_actor_id,
    target_actor_id,
    event_type
FROM fact_event
WHERE source_actor_id IS NOT NULL AND target_actor_id IS NOT NULL
  AND source_actor_id <> target_actor_id AND NOT is_negated AND modality = 'asserted';

-- Pairs of actors: their interactions (v_interaction, either direction) and the articles in
-- which both are mentioned (co-occurrence).
CREATE OR REPLACE VIEW v_actor_network AS
WITH interactions AS (
    SELECT least(source_actor_id, target_actor_id)    AS actor_a,
           greatest(source_actor_id, target_actor_id) AS actor_b,
           count(DISTINCT interaction_id)             AS interactions
    FROM v_interaction
    GROUP BY ALL
),
present AS (
    SELECT DISTINCT article_id, actor_id FROM fact_actor_mention WHERE actor_id IS NOT NULL
),
cooccurrence AS (
    SELECT p1.actor_id AS actor_a, p2.actor_id AS actor_b, count(*) AS shared_articles
    FROM present p1 JOIN present p2 ON p1.article_id = p2.article_id AND p1.actor_id < p2.actor_id
    GROUP BY ALL
)
SELECT
    coalesce(i.actor_a, c.actor_a)         AS actor_a_id,
    da.name                                AS actor_a,
    coalesce(i.actor_b, c.actor_b)         AS actor_b_id,
    db.name                                AS actor_b,
    coalesce(i.interactions, 0)            AS interactions,
    coalesce(c.shared_articles, 0)         AS shared_articles
FROM interactions i
FULL OUTER JOIN cooccurrence c ON c.actor_a = i.actor_a AND c.actor_b = i.actor_b
JOIN dim_actor da ON da.actor_id = coalesce(i.actor_a, c.actor_a)
JOIN dim_actor db ON db.actor_id = coalesce(i.actor_b, c.actor_b);

-- Events in time order: the event's own date where the text gives one (with its
-- granularity), else none; the publication date is shown beside it, never in its place.
CREATE OR REPLACE VIEW v_event_timeline AS
SELECT
    e.event_date,
    e.date_granularity,
    a.published_date,
    e.event_type,
    src.name                               AS source,
    tgt.name                               AS target,
    e.is_negated,
    e.modality,
    e.trigger_text,
    e.evidence,
    e.event_cluster_id,
    e.article_id
FROM fact_event e
JOIN dim_article a USING (article_id)
LEFT JOIN dim_actor src ON src.actor_id = e.source_actor_id
LEFT JOIN dim_actor tgt ON tgt.actor_id = e.target_actor_id
ORDER BY e.event_date NULLS LAST, a.published_date NULLS LAST, e.article_id, e.start_char;

-- Data quality over time: per table and expectation, the runs that checked it, how many it
-- held in (pass rate), the rows that failed it in all, its first and last run, and how the
-- last run found it (result and severity). Runs a critical failure stopped loaded nothing,
-- so they are not here; Data Docs show them.
CREATE OR REPLACE VIEW v_dq_trend AS
WITH per_run AS (
    -- one row per run, table and expectation (two checks of one name count as one)
    SELECT
        d.table_name,
        d.expectation,
        d.run_id,
        coalesce(r.started_at, min(d.checked_at)) AS run_at,
        bool_and(d.success)                       AS success,
        coalesce(sum(d.unexpected_count), 0)      AS failed_rows,
        max(d.severity)                           AS severity
    FROM dq_result d
    LEFT JOIN etl_run r USING (run_id)
    GROUP BY d.table_name, d.expectation, d.run_id, r.started_at
)
SELECT
    table_name,
    expectation,
    count(*)                                  AS runs_checked,
    count(*) FILTER (WHERE success)           AS runs_passed,
    count(*) FILTER (WHERE success) / count(*) AS pass_rate,
    sum(failed_rows)::BIGINT                  AS failed_rows_total,
    arg_min(run_id, (run_at, run_id))         AS first_run_id,
    min(run_at)                               AS first_run_at,
    arg_max(run_id, (run_at, run_id))         AS last_run_id,
    max(run_at)                               AS last_run_at,
    arg_max(success, (run_at, run_id))        AS last_success,
    arg_max(severity, (run_at, run_id))       AS last_severity
FROM per_run
GROUP BY table_name, expectation;

-- Real-world events per day, type and country pair: dim_event rows (mentions linked across
-- articles, transforms/linking.py), so a story reported ten times counts once.
CREATE OR REPLACE VIEW v_events_daily AS
SELECT
    coalesce(e.event_date, e.first_seen)  AS day,
    e.event_type,
    src.country_code                      AS source_country,
    tgt.country_code                      AS target_country,
    count(*)                              AS events,
    sum(e.num_mentions)::BIGINT           AS mentions,
    sum(e.num_articles)::BIGINT           AS articles,
    max(e.num_sources)                    AS most_sources
FROM dim_event e
LEFT JOIN dim_actor src ON src.actor_id = e.source_actor_id
LEFT JOIN dim_actor tgt ON tgt.actor_id = e.target_actor_id
GROUP BY ALL;
