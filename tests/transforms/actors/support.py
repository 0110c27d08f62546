"""Helpers of the actor tests."""

from __future__ import annotations


def actor_of(aa, surface: str, nth: int = 0):
    ms = [m for m in aa.mentions if m.text == surface]
    assert len(ms) > nth, f"no mention {surface!r} in {[m.text for m in aa.mentions]}"
    key = ms[nth].actor_key
    return aa.actors[key] if key else None
