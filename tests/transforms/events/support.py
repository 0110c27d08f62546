"""Helpers of the event tests."""

from __future__ import annotations

import datetime as dt

PUB = dt.date(2021, 4, 2)  # a Friday


def find(rows, event_type, trigger=None):
    """The first row of `event_type` (whose trigger contains `trigger`); fails readably."""
    hits = [r for r in rows if r["event_type"] == event_type and (trigger is None or trigger in r["trigger_text"])]
    assert hits, f"no {event_type} {trigger or ''} in {[(r['event_type'], r['trigger_text']) for r in rows]}"
    return hits[0]
