"""raw -> staged: parse article text into title/author/publisher/date and a clean body.

Pure functions, frame in and frame out. Offsets computed later are offsets into the
`body` produced here, so the body is normalised once (NFC, line endings, paragraph
breaks) and never touched again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

import polars as pl

from transforms.language import detect_language, skip_reason
from transforms.schemas import DIM_ARTICLE, DIM_PUBLISHER

STAGE_ARTICLE = {
    "source_path": pl.Utf8,
    "record_no": pl.Int64,
    "source_format": pl.Utf8,
    "external_id": pl.Utf8,
    "raw_hash": pl.Utf8,
    "article_id": pl.Utf8,
    "content_hash": pl.Utf8,
    "title": pl.Utf8,
    "author": pl.Utf8,
    "publisher": pl.Utf8,
    "url": pl.Utf8,
    "published_date": pl.Date,
    "body": pl.Utf8,
    "word_count": pl.Int64,
    "language": pl.Utf8,  # ISO 639-1, NULL when unclear (transforms.language)
    "note": pl.Utf8,  # decode fallbacks, truncation, dropped dates: flagged in the ledger
    "error": pl.Utf8,  # set => the record is rejected
}

_DATE_MARKER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+")
_WEEKDAY_DATELINE = re.compile(
    r"^\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2},\s+\d{4}[\s\u00a0]+"
)
_RELATED = re.compile(r"\s*\((?:RELATED|READ MORE|SEE ALSO|WATCH):[^)\n]*\)")
_CREDIT_HINT = re.compile(
    r"(?:\bvia\b|\bGetty\b|\bReuters\b|\bAP Photo\b|\bAFP\b|\bPhoto\b|\bImage\b|\bPool\b|©|/)", re.I
)
_TRAILING_BOILERPLATE = re.compile(
    r"^(?:Follow \S+(?: \S+)? on (?:Twitter|Facebook|Instagram|X)\b"
    r"|Send tips to\b"
    r"|Content created by .{0,120}is available without charge"
    r"|For licensing opportunities"
    r"|Copyright\b|©\s*\d{4}|All rights reserved"
    r"|Sign up for\b|Subscribe to\b|Click here\b|Share this article)",
    re.I,
)


def normalise_text(text: str) -> str:
    """NFC, unix newlines, no trailing spaces, paragraphs separated by one blank line.

    Quotation marks are kept exactly as they are."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufeff", "")
    lines = [ln.rstrip() for ln in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _is_headline(par: str, rest: list[str]) -> bool:
    if not rest or "\n" in par or len(par) > 250:
        return False
    words = par.split()
    if not words or len(words) > 30:
        return False
    if par.rstrip("”’\"'").endswith((".", ":", ";", ",")):
        # A headline may end in "." (PolNeAR style) only when it is title-cased.
        caps = sum(1 for w in words if w[:1].isupper())
        return par.endswith(".") and caps / len(words) >= 0.6 and len(words) >= 3
    return True


def _credit_kind(line: str, byline_words: frozenset[str]) -> str | None:
    """Classify a short line between the headline and the body."""
    words = line.split()
    if not words or len(words) > 14 or (line.endswith((".", "?", "!")) and len(words) > 6):
        return None
    low = line.lower()
    if low.endswith(" logo"):
        return "publisher"
    if low.startswith("by ") or any(low.endswith(b) for b in byline_words):
        return "author"
    if _CREDIT_HINT.search(line) and len(words) <= 8:
        return "credit"
    return None


def _author_name(line: str, byline_words: frozenset[str]) -> str:
    """'Ryan Pickrell China/Asia Pacific Reporter' -> 'Ryan Pickrell'; 'By Jane Doe' -> 'Jane Doe'."""
    line = re.sub(r"^by\s+", "", line.strip(), flags=re.I)
    tokens = line.split()
    name: list[str] = []
    for tok in tokens:
        if "/" in tok or not tok[:1].isupper() or tok.lower() in byline_words:
            break
        name.append(tok.rstrip(","))
        if tok.endswith(","):
            break
        # Two name tokens, or three when the middle one is an initial ("Jane Q. Doe").
        if len(name) == 2 and not re.fullmatch(r"[A-Z]\.?", name[1]):
            break
        if len(name) == 3:
            break
    return " ".join(name) if name else line


def parse_article_text(text: str, detect_headline: bool = True, byline_words: frozenset[str] = frozenset()) -> dict:
    """Split a raw one-article text into title, author, publisher, published date and body.

    Handles the two reference shapes: a headline followed by credit/publisher/author
    lines with trailing boilerplate, and an inline " date YYYY-MM-DD " marker with no
    headline. Unknown fields stay None; a date is never invented. `byline_words` are the
    job titles that end an author line ("... Asia Pacific Reporter"; seeds/lexicons/bylines.csv).
    """
    out = {"title": None, "author": None, "publisher": None, "published_date": None, "body": ""}
    text = normalise_text(text)
    m = _DATE_MARKER.match(text)
    if m:
        out["published_date"] = _parse_iso(m.group(1))
        text = text[m.end() :]
    text = _WEEKDAY_DATELINE.sub("", text, count=1)
    pars = _paragraphs(text)
    if detect_headline and pars and not m and _is_headline(pars[0], pars[1:]):
        out["title"] = pars.pop(0)
        # Credit, publisher and author lines sit between the headline and the first paragraph.
        # A block may hold several such lines without blank lines between them.
        while pars:
            lines = pars[0].split("\n")
            kinds = [_credit_kind(ln, byline_words) for ln in lines]
            if None in kinds:
                break
            pars.pop(0)
            for line, kind in zip(lines, kinds, strict=False):
                if kind == "publisher":
                    out["publisher"] = re.sub(r"\s+logo$", "", line, flags=re.I).strip()
                elif kind == "author" and out["author"] is None:
                    out["author"] = _author_name(line, byline_words)
    while pars and _TRAILING_BOILERPLATE.match(pars[-1]):
        pars.pop()
    pars = [_RELATED.sub("", p).strip() for p in pars]
    out["body"] = "\n\n".join(p for p in pars if p)
    return out


def _parse_iso(s: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


def parse_published(value: str | None) -> tuple[dt.date | None, str | None]:
    """Parse a published date given as a field; returns (date, note). Unknown stays None."""
    if value is None or not str(value).strip():
        return None, None
    s = str(value).strip()
    d = _parse_iso(s)
    if d is None:
        import dateparser  # slow import; only for non-ISO dates

        parsed = dateparser.parse(s, settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
        d = parsed.date() if parsed else None
    if d is None:
        return None, f"published date {s!r} not understood; left NULL"
    return d, None


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def article_id_for(chash: str) -> str:
    return "art_" + chash[:16]


def _truncate(body: str, cap: int) -> tuple[str, str | None]:
    if len(body) <= cap:
        return body, None
    cut = body.rfind("\n\n", 0, cap)
    if cut < cap // 2:
        cut = body.rfind(" ", 0, cap)
    if cut < cap // 2:
        cut = cap
    return body[
        :cut
    ].rstrip(), f"truncated from {len(body)} to {len(body[:cut].rstrip())} characters (article cap {cap})"


def stage_articles(
    raw: pl.DataFrame, max_article_chars: int = 250_000, byline_words: frozenset[str] = frozenset()
) -> pl.DataFrame:
    """RAW_RECORD -> STAGE_ARTICLE, one row per input record (rejected ones keep `error`)."""
    rows = []
    for r in raw.iter_rows(named=True):
        row = dict.fromkeys(STAGE_ARTICLE)
        for k in ("source_path", "record_no", "source_format", "external_id", "raw_hash", "url", "error"):
            row[k] = r[k]
        notes = [r["decode_note"]] if r["decode_note"] else []
        if r["error"] is None:
            text = r["raw_text"] or ""
            if r["source_format"] == "txt":
                parsed = parse_article_text(text, byline_words=byline_words)
            else:
                # Records carry their metadata as fields: only the body is cleaned (no headline guess).
                parsed = (
                    parse_article_text(text, detect_headline=False, byline_words=byline_words)
                    if r["source_format"] != "html"
                    else {
                        "title": None,
                        "author": None,
                        "publisher": None,
                        "published_date": None,
                        "body": normalise_text(text),
                    }
                )
            # Fields given by the record win over anything guessed from its text.
            for k in ("title", "author", "publisher"):
                given = r[k] if k in r else None
                row[k] = normalise_text(given) if given else parsed[k]
            pub, pub_note = parse_published(r["published_raw"])
            row["published_date"] = pub or parsed["published_date"]
            if pub_note:
                notes.append(pub_note)
            body, trunc_note = _truncate(parsed["body"], max_article_chars)
            if trunc_note:
                notes.append(trunc_note)
            if not body.strip():
                row["error"] = (
                    "empty text"
                    if not (text or "").strip()
                    else "no article text after removing headline and boilerplate"
                )
            else:
                row["body"] = body
                row["content_hash"] = content_hash(body)
                row["article_id"] = article_id_for(row["content_hash"])
                row["word_count"] = len(body.split())
                row["language"] = detect_language(f"{row['title'] or ''}\n{body}")
                if skip_reason(row["language"]):
                    notes.append(skip_reason(row["language"]))
        row["note"] = "; ".join(notes) or None
        rows.append(row)
    return pl.DataFrame(rows, schema=STAGE_ARTICLE, orient="row") if rows else pl.DataFrame(schema=STAGE_ARTICLE)


def dedupe_articles(staged: pl.DataFrame) -> pl.DataFrame:
    """Mark exact duplicates (same normalised body): the first record in input order is
    kept, the others get `duplicate_of`. Returns staged + `duplicate_of`."""
    # the row index is taken before rejected rows are filtered out, so it means input order
    with_order = staged.with_row_index("_order")
    first = (
        with_order.filter(pl.col("error").is_null())
        .group_by("content_hash")
        .agg(pl.col("_order").min().alias("_first"))
    )
    out = with_order.join(first, on="content_hash", how="left")
    keepers = out.filter(pl.col("_order") == pl.col("_first")).select(
        "content_hash", pl.col("source_path").alias("_kp"), pl.col("record_no").alias("_kr")
    )
    out = out.join(keepers, on="content_hash", how="left").with_columns(
        pl.when(pl.col("_first").is_not_null() & (pl.col("_order") != pl.col("_first")))
        # a one-article file has no record number: the duplicate points at the file alone
        .then(
            pl.when(pl.col("_kr").is_null())
            .then(pl.col("_kp"))
            .otherwise(pl.format("{}#{}", pl.col("_kp"), pl.col("_kr")))
        )
        .otherwise(None)
        .alias("duplicate_of")
    )
    return out.sort("_order").drop("_order", "_first", "_kp", "_kr")


def publisher_id_for(name: str | None) -> str | None:
    if not name:
        return None
    key = " ".join(name.lower().split())
    return "pub_" + hashlib.sha256(key.encode()).hexdigest()[:12]


def build_dim_article(
    staged: pl.DataFrame,
    article_ids: list[str],
    run_id: str,
    ingested_at: dt.datetime,
    tones: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The dim_article rows for the articles this run loads (first record per article), with
    the tone the NLP step gave each (`tones`: article_id, tone; NULL for an article it did not
    parse, i.e. one in a language without a model)."""
    if tones is None:
        tones = pl.DataFrame(schema={"article_id": pl.Utf8, "tone": pl.Float64})
    rows = (
        staged.filter(
            pl.col("error").is_null() & pl.col("duplicate_of").is_null() & pl.col("article_id").is_in(article_ids)
        )
        .unique("article_id", keep="first", maintain_order=True)
        .with_columns(
            pl.col("publisher").map_elements(publisher_id_for, return_dtype=pl.Utf8).alias("publisher_id"),
            pl.lit(ingested_at, dtype=pl.Datetime("us")).alias("ingested_at"),
            pl.lit(run_id).alias("run_id"),
        )
        .join(
            tones.select("article_id", "tone").unique("article_id"), on="article_id", how="left", maintain_order="left"
        )
    )
    return rows.select(list(DIM_ARTICLE)).cast(DIM_ARTICLE)


def build_dim_publisher(dim_article: pl.DataFrame) -> pl.DataFrame:
    return (
        dim_article.filter(pl.col("publisher_id").is_not_null())
        .select("publisher_id", pl.col("publisher").alias("name"))
        .unique("publisher_id", keep="first", maintain_order=True)
        .cast(DIM_PUBLISHER)
    )
