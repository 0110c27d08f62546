"""Finding one quote row by a fragment of its text."""

from __future__ import annotations


def find(rows, fragment):
    hits = [r for r in rows if fragment in r["quote_text"] and r["quote_type"] != "indirect"]
    assert hits, f"no quote containing {fragment!r} in {[r['quote_text'] for r in rows]}"
    return hits[0]


def indirect(rows, fragment):
    hits = [r for r in rows if r["quote_type"] == "indirect" and fragment in r["quote_text"]]
    assert hits, f"no indirect record containing {fragment!r} in {[r['quote_text'] for r in rows]}"
    return hits[0]
