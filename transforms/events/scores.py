"""The scores of a coded event: its Goldstein score (from its CAMEO code) and its quad class
(from its PLOVER type), read once per run from the reference tables.

- **goldstein** (-10 .. +10): the score of the event's CAMEO code in `cameo_goldstein.csv`
  (GDELT's CAMEO table, corrected by GDELT's own event scoring; dateline/refdata/goldstein.py);
  a code the table lacks takes its base code's (the first 3 digits: '1246' -> '124'), then its
  root's (the first 2 digits: '176' -> '17'). An event without a CAMEO code (or with one no
  level of the table knows) takes its PLOVER type's score: the mean score of the type's CAMEO
  roots (`event_types.cameo_roots`) whose sign agrees with its quad class (cooperation >= 0,
  conflict < 0; DEMAND lists the appeal root 02, +3.0, and the demand root 10, -5.0, and
  takes -5.0), or of all its roots when none agrees.
- **quad_class**: the PLOVER type's (`event_types.quad_class`: verbal cooperation, material
  cooperation, verbal conflict, material conflict; GDELT's QuadClass 1-4).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

QUAD_CLASSES = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")


@dataclass(frozen=True)
class EventScores:
    goldstein: dict[str, float] = field(default_factory=dict)  # CAMEO code -> score
    quad_classes: dict[str, str] = field(default_factory=dict)  # PLOVER type -> quad class
    type_goldstein: dict[str, float] = field(default_factory=dict)  # PLOVER type -> score without a code

    @classmethod
    def from_tables(cls, tables: dict[str, pl.DataFrame]) -> EventScores:
        scores: dict[str, float] = {}
        if "cameo_goldstein" in tables:
            scores = {c: float(g) for c, g in tables["cameo_goldstein"].select("code", "goldstein").iter_rows()}
        quads, by_type = {}, {}
        if "event_types" in tables:
            for et, quad, roots in tables["event_types"].select("event_type", "quad_class", "cameo_roots").iter_rows():
                quads[et] = quad
                score = type_score(quad, [scores[r] for r in (roots or "").split(",") if r in scores])
                if score is not None:
                    by_type[et] = score
        return cls(scores, quads, by_type)

    def goldstein_of(self, cameo_code: str | None, event_type: str | None) -> float | None:
        """The code's score, else its base code's, else its root's; without a code, its type's."""
        if cameo_code:
            for k in (cameo_code, cameo_code[:3], cameo_code[:2]):
                if k in self.goldstein:
                    return self.goldstein[k]
        return self.type_goldstein.get(event_type) if event_type else None

    def quad_class_of(self, event_type: str | None) -> str | None:
        return self.quad_classes.get(event_type) if event_type else None


def type_score(quad_class: str | None, root_scores: list[float]) -> float | None:
    """A PLOVER type's Goldstein score: the mean of its roots' scores whose sign agrees with its
    quad class, else of all of them (None without a root)."""
    if not root_scores:
        return None
    conflict = (quad_class or "").endswith("conflict")
    agreeing = [s for s in root_scores if (s < 0) == conflict]
    chosen = agreeing or root_scores
    return round(sum(chosen) / len(chosen), 2)
