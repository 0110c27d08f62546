"""Reading raw inputs: the only place that touches input files.

Every input file, and every JSONL/CSV record, becomes one row of `RAW_RECORD`, including
the ones that can't be read: those carry an `error` and become `rejected` ledger rows, so
nothing is lost silently and one bad file never stops the run.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

SUPPORTED_SUFFIXES = {
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
}

RAW_RECORD = {
    "source_path": pl.Utf8,
    "record_no": pl.Int64,  # 0 for one-article files, 1-based line/row number otherwise
    "source_format": pl.Utf8,
    "external_id": pl.Utf8,
    "raw_hash": pl.Utf8,  # sha256 of the record's raw bytes: identifies even undecodable input
    "raw_text": pl.Utf8,
    "title": pl.Utf8,
    "url": pl.Utf8,
    "published_raw": pl.Utf8,
    "publisher": pl.Utf8,
    "author": pl.Utf8,
    "decode_note": pl.Utf8,
    "error": pl.Utf8,
}


@dataclass(frozen=True)
class Caps:
    """Size caps; the ledger records what a cap did to an input."""

    max_file_bytes: int = 100 * 1024 * 1024
    max_article_chars: int = 250_000


class InputError(Exception):
    """A PATH argument that can't be used at all (missing, unreadable)."""


def discover(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand files and folders (recursively) into supported input files, sorted.

    Returns (files, problems) where problems are (path, reason) for paths that don't
    exist or can't be read; those get a rejected ledger row and a CLI error, and the rest
    of the run goes on.
    """
    files: list[tuple[Path, str]] = []  # (path as named, its real path: the key that finds a file named twice)
    problems: list[tuple[str, str]] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            problems.append((str(raw), "path does not exist"))
            continue
        if p.is_file():
            if p.suffix.lower() in SUPPORTED_SUFFIXES:
                files.append((p, os.path.realpath(p)))
            else:
                problems.append((str(p), f"unsupported file type {p.suffix or '(none)'}"))
            continue
        if not os.access(p, os.R_OK | os.X_OK):
            problems.append((str(p), "folder is not readable (permission denied)"))
            continue

        def onerror(err: OSError) -> None:
            problems.append((str(err.filename), f"folder is not readable ({err.strerror})"))

        real_p = os.path.realpath(p)
        for root, dirs, names in os.walk(p, onerror=onerror):
            dirs.sort()
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            # the walk never follows a linked folder, so only a linked file needs resolving
            real_root = os.path.normpath(os.path.join(real_p, os.path.relpath(root, p)))
            for name in sorted(names):
                f = Path(root) / name
                if name.startswith("."):
                    continue  # hidden files (.DS_Store, editor swap files) are not inputs
                if f.suffix.lower() in SUPPORTED_SUFFIXES:
                    real = os.path.join(real_root, name)
                    files.append((f, os.path.realpath(real) if os.path.islink(real) else real))
                else:  # accounted for in the ledger, never silently dropped
                    problems.append((str(f), f"unsupported file type {f.suffix or '(none)'}"))
    # A file named twice (a folder and a file inside it) is read once.
    seen: set[str] = set()
    unique = []
    for f, key in files:
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# control bytes that never occur in text (tab, newline, form feed and CR do)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return len(sample) > 0 and control / len(sample) > 0.05


def decode_bytes(data: bytes) -> tuple[str | None, str | None, str | None]:
    """Decode input bytes: UTF-8 (BOM stripped), else Windows-1252, else Latin-1.

    Returns (text, note, error). A fallback decode is loaded but flagged in the ledger;
    binary content has no fallback and is rejected.
    """
    if looks_binary(data):
        return None, None, "binary content (not text)"
    try:
        text = data.decode("utf-8-sig")
        note = "utf-8 with BOM" if data.startswith(b"\xef\xbb\xbf") else None
        return text, note, None
    except UnicodeDecodeError as exc:
        where = f"invalid UTF-8 at byte {exc.start}"
    for enc in ("cp1252", "latin-1"):
        try:
            return data.decode(enc), f"{where}; decoded as {enc}", None
        except UnicodeDecodeError:
            continue
    return None, None, f"{where}; no fallback decoding"  # unreachable: latin-1 decodes all bytes


def _record(path: Path, record_no: int, fmt: str, raw: bytes, **fields) -> dict:
    row = dict.fromkeys(RAW_RECORD)
    row.update(source_path=str(path), record_no=record_no, source_format=fmt, raw_hash=_sha256(raw))
    row["external_id"] = fields.pop("external_id", None) or (
        path.stem if record_no == 0 else f"{path.stem}:{record_no}"
    )
    row.update(fields)
    return row


def _first(obj: dict, *keys: str) -> str | None:
    for k in keys:
        v = obj.get(k)
        if v is not None and str(v).strip() != "":
            return str(v)
    return None


def _fields_from_mapping(obj: dict) -> dict:
    return {
        "external_id": _first(obj, "id"),
        "raw_text": obj.get("text") if isinstance(obj.get("text"), str) else None,
        "title": _first(obj, "title"),
        "url": _first(obj, "url"),
        "published_raw": _first(obj, "published", "date"),
        "publisher": _first(obj, "publisher", "source"),
        "author": _first(obj, "author"),
    }


def read_file(path: Path, caps: Caps) -> Iterator[dict]:
    """Yield RAW_RECORD rows for one input file (one or many records)."""
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower(), "unknown")
    try:
        size = path.stat().st_size
        if size > caps.max_file_bytes:
            yield _record(
                path,
                0,
                fmt,
                f"{path}:{size}".encode(),
                error=f"file is {size} bytes, over the cap of {caps.max_file_bytes}",
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield _record(path, 0, fmt, str(path).encode(), error=f"cannot read file: {exc.strerror or exc}")
        return

    text, note, error = decode_bytes(data)
    if error:
        yield _record(path, 0, fmt, data, error=error)
        return

    if fmt == "txt":
        yield _record(path, 0, fmt, data, raw_text=text, decode_note=note)
    elif fmt == "html":
        yield _read_html(path, data, text, note)
    elif fmt == "jsonl":
        yield from _read_jsonl(path, text, note)
    elif fmt == "csv":
        yield from _read_csv(path, text, note)


def _read_html(path: Path, data: bytes, text: str, note: str | None) -> dict:
    import trafilatura  # imported lazily: only HTML inputs need it

    # favor_precision and no fallback: a page of links must yield nothing, not "Home About".
    doc = trafilatura.bare_extraction(
        text, include_comments=False, include_tables=False, with_metadata=True, favor_precision=True, fast=True
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        return _record(
            path, 0, "html", data, decode_note=note, error="no main text found in HTML (navigation or boilerplate only)"
        )
    return _record(
        path,
        0,
        "html",
        data,
        raw_text=body,
        decode_note=note,
        title=getattr(doc, "title", None),
        url=getattr(doc, "url", None),
        published_raw=getattr(doc, "date", None),
        publisher=getattr(doc, "sitename", None),
        author=getattr(doc, "author", None),
    )


def _read_jsonl(path: Path, text: str, note: str | None) -> Iterator[dict]:
    for no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        raw = line.encode("utf-8", "surrogatepass")
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _record(
                path, no, "jsonl", raw, error=f"line {no} is not valid JSON ({exc.msg} at column {exc.colno})"
            )
            continue
        if not isinstance(obj, dict):
            yield _record(path, no, "jsonl", raw, error=f"line {no} is JSON but not an object")
            continue
        fields = _fields_from_mapping(obj)
        if fields["raw_text"] is None:
            yield _record(
                path,
                no,
                "jsonl",
                raw,
                error=f"line {no} has no 'text' string",
                **{k: v for k, v in fields.items() if k != "raw_text"},
            )
            continue
        yield _record(path, no, "jsonl", raw, decode_note=note, **fields)


def _read_csv(path: Path, text: str, note: str | None) -> Iterator[dict]:
    # Wikinews bodies exceed csv's default 128 KiB field limit.
    csv.field_size_limit(1 << 30)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "text" not in [f.strip().lower() for f in reader.fieldnames]:
        yield _record(path, 0, "csv", text.encode("utf-8", "surrogatepass"), error="CSV has no 'text' column")
        return
    try:
        for no, row in enumerate(reader, start=1):
            obj = {(k or "").strip().lower(): v for k, v in row.items() if k is not None}
            raw = json.dumps(row, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass")
            fields = _fields_from_mapping(obj)
            if None in row:  # more cells than header columns
                yield _record(path, no, "csv", raw, error=f"row {no} has more cells than the header")
                continue
            yield _record(path, no, "csv", raw, decode_note=note, **fields)
    except csv.Error as exc:
        yield _record(
            path,
            reader.line_num,
            "csv",
            text.encode("utf-8", "surrogatepass"),
            error=f"CSV parse error at line {reader.line_num}: {exc}",
        )


def read_inputs(files: Iterable[Path], caps: Caps) -> pl.DataFrame:
    rows = [r for f in files for r in read_file(Path(f), caps)]
    return pl.DataFrame(rows, schema=RAW_RECORD, orient="row") if rows else pl.DataFrame(schema=RAW_RECORD)


def problem_records(problems: list[tuple[str, str]]) -> pl.DataFrame:
    rows = [_record(Path(p), 0, "unknown", f"{p}".encode(), error=reason) for p, reason in problems]
    return pl.DataFrame(rows, schema=RAW_RECORD, orient="row") if rows else pl.DataFrame(schema=RAW_RECORD)
