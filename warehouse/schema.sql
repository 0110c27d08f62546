-- dateline warehouse: a star schema of articles, actors, quotes and events.
-- Idempotent DDL: run at every connection by warehouse.connection.
-- Offsets (start_char, end_char) are Python string offsets into dim_article.title when
-- section = 'title' and into dim_article.body when section = 'body' or 'caption' (a photo caption,
-- credit or '© AFP / Handout' line of the body: it gives actor mentions, never quotes or events).

-- Bookkeeping ---------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS etl_run (
    run_id              VARCHAR PRIMARY KEY,
    started_at          TIMESTAMP NOT NULL,
    finished_at         TIMESTAMP,
    status              VARCHAR NOT NULL,        -- succeeded | succeeded_with_warnings | refused (an input path missing: nothing ran)
    flow_run_id         VARCHAR,
    input_paths         VARCHAR,
    full_refresh        BOOLEAN,
    records_seen        INTEGER,
    articles_new        INTEGER,
    articles_changed    INTEGER,
    articles_unchanged  INTEGER,                 -- skipped before the NLP step
    articles_duplicate  INTEGER,
    records_rejected    INTEGER,
    nlp_articles        INTEGER,                 -- articles that went through spaCy in this run
    dq_warnings         INTEGER,
    row_counts          VARCHAR,                 -- JSON: table -> rows after the load
    stage_seconds       VARCHAR                  -- JSON: stage -> seconds
);

-- One row per input file or JSONL/CSV record, updated in place by later runs.
CREATE TABLE IF NOT EXISTS ingest_ledger (
    ledger_id       VARCHAR PRIMARY KEY,         -- hash of (source_path, record_no)
    source_path     VARCHAR NOT NULL,
    record_no       INTEGER NOT NULL,
    source_format   VARCHAR,
    external_id     VARCHAR,
    raw_hash        VARCHAR,
    content_hash    VARCHAR,                     -- hash of the normalised body (NULL if rejected)
    article_id      VARCHAR,                     -- the dim_article row this record feeds
    status          VARCHAR NOT NULL,            -- loaded | duplicate | rejected
    action          VARCHAR NOT NULL,            -- new | changed | unchanged | duplicate | rejected
    reason          VARCHAR,                     -- why rejected / duplicate of what / notes (fallback decode, truncation)
    first_run_id    VARCHAR NOT NULL,
    last_run_id     VARCHAR NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);

-- Dimensions ----------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS dim_publisher (
    publisher_id    VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS dim_article (
    article_id      VARCHAR PRIMARY KEY,         -- 'art_' + first 16 hex of content_hash
    external_id     VARCHAR NOT NULL,            -- the file's stem or the record's id
    source_path     VARCHAR NOT NULL,
    title           VARCHAR,
    author          VARCHAR,
    publisher_id    VARCHAR,
    publisher       VARCHAR,
    url             VARCHAR,
    published_date  DATE,                        -- NULL when unknown; never invented
    body            VARCHAR NOT NULL,
    content_hash    VARCHAR NOT NULL,
    word_count      INTEGER NOT NULL,
    language        VARCHAR,                     -- ISO 639-1 ('en'); NULL when unclear; only 'en' is parsed
    ingested_at     TIMESTAMP NOT NULL,
    run_id          VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS dim_date (
    date_key        DATE PRIMARY KEY,
    year            INTEGER NOT NULL,
    quarter         INTEGER NOT NULL,
    month           INTEGER NOT NULL,
    day             INTEGER NOT NULL,
    iso_week        INTEGER NOT NULL,
    day_of_week     INTEGER NOT NULL,            -- ISO: Monday = 1
    month_name      VARCHAR NOT NULL,
    day_name        VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS dim_actor (
    actor_id        VARCHAR PRIMARY KEY,         -- stable across runs: derived from type and canonical name
    name            VARCHAR NOT NULL,
    actor_type      VARCHAR NOT NULL,            -- person | organization | country | location | group
    country_code    VARCHAR,                     -- ISO-3166 alpha-3
    sector          VARCHAR,                     -- CAMEO/PLOVER agent code: GOV, MIL, ELI, OPP, JRN, ...
    first_seen      DATE,                        -- earliest published_date among its mentions
    last_seen       DATE,
    mention_count   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS dim_actor_alias (
    actor_id        VARCHAR NOT NULL,
    alias           VARCHAR NOT NULL,
    PRIMARY KEY (actor_id, alias)
);

CREATE TABLE IF NOT EXISTS actor_role (
    actor_id        VARCHAR NOT NULL,
    role            VARCHAR NOT NULL,            -- "Secretary of State", "former President"
    country_code    VARCHAR,
    sector          VARCHAR,
    article_id      VARCHAR NOT NULL,
    as_of_date      DATE                         -- the article's published_date
);

CREATE TABLE IF NOT EXISTS dim_event_type (
    event_type      VARCHAR PRIMARY KEY,         -- PLOVER, upper case
    description     VARCHAR,
    quad_class      VARCHAR,                     -- verbal/material cooperation/conflict
    cameo_roots     VARCHAR,                     -- CAMEO root codes that map here, e.g. '04'
    plover_2021     VARCHAR                      -- its name in the 2021 crosswalk (DEMAND -> REQUEST)
);

CREATE TABLE IF NOT EXISTS event_type_cameo (
    cameo_code      VARCHAR PRIMARY KEY,         -- CAMEO code with leading zero, e.g. '042'
    event_type      VARCHAR NOT NULL,
    event_mode      VARCHAR,
    context         VARCHAR,
    cameo_label     VARCHAR,
    plover_2021     VARCHAR,                     -- the type as the 2021 crosswalk names it
    origin          VARCHAR                      -- CAMEO2PLOVER-2021 | dateline (CAMEO 02 appeals)
);

-- Facts ---------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS fact_actor_mention (
    mention_id      VARCHAR PRIMARY KEY,
    article_id      VARCHAR NOT NULL,
    actor_id        VARCHAR,                     -- NULL when the mention stays unresolved
    section         VARCHAR NOT NULL,            -- title | body | caption
    sentence_index  INTEGER NOT NULL,
    start_char      INTEGER NOT NULL,
    end_char        INTEGER NOT NULL,
    text            VARCHAR NOT NULL,
    label           VARCHAR,                     -- spaCy label
    role            VARCHAR                      -- title stripped from the name
);

CREATE TABLE IF NOT EXISTS fact_quote (
    quote_id            VARCHAR PRIMARY KEY,
    article_id          VARCHAR NOT NULL,
    section             VARCHAR NOT NULL,
    sentence_index      INTEGER NOT NULL,
    quote_text          VARCHAR NOT NULL,
    quote_type          VARCHAR NOT NULL,        -- direct | partial | indirect | term
    start_char          INTEGER NOT NULL,
    end_char            INTEGER NOT NULL,
    speaker_actor_id    VARCHAR,
    speaker_text        VARCHAR,
    speaker_start       INTEGER,
    speaker_end         INTEGER,
    cue                 VARCHAR,
    addressee_actor_id  VARCHAR,
    attribution_method  VARCHAR,
    confidence          DOUBLE
);

CREATE TABLE IF NOT EXISTS fact_event (
    event_id            VARCHAR PRIMARY KEY,
    article_id          VARCHAR NOT NULL,
    section             VARCHAR NOT NULL,
    sentence_index      INTEGER NOT NULL,
    event_type          VARCHAR NOT NULL,
    event_mode          VARCHAR,
    cameo_code          VARCHAR,
    source_actor_id     VARCHAR,
    target_actor_id     VARCHAR,
    location_name       VARCHAR,
    location_country    VARCHAR,
    location_actor_id   VARCHAR,
    is_negated          BOOLEAN NOT NULL,
    modality            VARCHAR NOT NULL,        -- asserted | future | hypothetical | historical
    event_date          DATE,
    date_granularity    VARCHAR,                 -- day | month | year
    date_text           VARCHAR,
    trigger_text        VARCHAR NOT NULL,
    start_char          INTEGER NOT NULL,
    end_char            INTEGER NOT NULL,
    evidence            VARCHAR NOT NULL,
    confidence          DOUBLE,
    event_cluster_id    VARCHAR
);

-- Data quality --------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS dq_result (
    run_id              VARCHAR NOT NULL,
    table_name          VARCHAR NOT NULL,
    expectation         VARCHAR NOT NULL,
    severity            VARCHAR NOT NULL,        -- critical | warning
    success             BOOLEAN NOT NULL,
    unexpected_count    INTEGER,
    checked_at          TIMESTAMP NOT NULL
);

-- Columns added after a table's first release (a warehouse built before keeps its rows) -----

ALTER TABLE dim_article ADD COLUMN IF NOT EXISTS language VARCHAR;
