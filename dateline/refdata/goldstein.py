"""GDELT's CAMEO code table (and GDELT's own scoring in its event file) -> the Goldstein score
of every CAMEO code, in seeds/reference.

    python -m dateline.refdata.goldstein --gdelt ../shared/data/gdelt_sample --out seeds/reference

Output (all columns text):

    cameo_goldstein.csv   code, goldstein, origin

`code` is the CAMEO code with its leading zero ('04' root, '042' base code, '0421' refinement);
`goldstein` is its GoldsteinScale value (-10 most conflictual .. +10 most cooperative), as the
GDELT Project scores CAMEO (Goldstein 1992's WEIS scale, carried over to CAMEO). Only codes and
scores are kept; labels come from the CAMEO->PLOVER crosswalk (`event_type_cameo.csv`).

Two inputs from the GDELT sample folder:

1. `schema/cameoCodeTable.tsv` (`<idx>\\tDescription\\tGoldsteinScale\\tcameoCode`, a header
   row; `cameoCode` is read): 280 codes, origin `cameoCodeTable`. This copy follows an older
   CAMEO numbering in places (its 163 is "Halt negotiations" and 166 "Impose embargo", where
   CAMEO 1.1b3, the numbering of dateline's verb dictionary and crosswalk, has 163 "Impose
   embargo, boycott, or sanctions" and 166 "Expel or withdraw");
2. `events/*.export.CSV` (GDELT 2.0 events, columns named by `schema/events2_fields.csv`):
   the score GDELT itself gave each EventCode there (one per code in the file) wins where it
   differs from the table's, origin `GDELT events`. In the 2019-10-24 file that corrects 016 (3.4 -> -2.0),
   022 (3.4 -> 3.2) and 163 (-6.5 -> -8.0) and adds 0253, 0256, 1014 and 1243.

A table row whose code is not 2-4 digits or whose score is not a number in [-10, 10] stops the
conversion, and so does an event code GDELT scored two ways: the inputs are small, so a bad row
is a change to look at, not one to skip.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

OUT_NAME = "cameo_goldstein.csv"
TABLE = Path("schema") / "cameoCodeTable.tsv"
EVENT_FIELDS = Path("schema") / "events2_fields.csv"
_CODE = re.compile(r"\d{2,4}")


def _score(code: str, raw: str, where: str) -> float:
    try:
        score = float(raw)
    except ValueError:
        score = None
    if not _CODE.fullmatch(code) or score is None or not -10 <= score <= 10:
        raise ValueError(f"{where}: not a CAMEO code and a Goldstein score: {code!r}, {raw!r}")
    return score


def read_code_table(path: Path) -> dict[str, float]:
    """code -> score of GDELT's cameoCodeTable.tsv, in the file's order."""
    out: dict[str, float] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for n, r in enumerate(reader, start=2):
            code = (r.get("cameoCode") or "").strip()
            score = _score(code, (r.get("GoldsteinScale") or "").strip(), f"{path}:{n}")
            if out.setdefault(code, score) != score:
                raise ValueError(f"{path}:{n}: CAMEO {code} has two scores ({out[code]}, {score})")
    return out


def read_event_scores(events: list[Path], fields: Path) -> dict[str, float]:
    """EventCode -> the GoldsteinScale GDELT gave it in these raw GDELT 2.0 event files."""
    with fields.open(encoding="utf-8", newline="") as fh:
        names = [r["name"] for r in csv.DictReader(fh)]
    i_code, i_score = names.index("EventCode"), names.index("GoldsteinScale")
    out: dict[str, float] = {}
    for path in events:
        with path.open(encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
                if len(row) != len(names):
                    raise ValueError(f"{path}:{n}: {len(row)} fields, not {len(names)}")
                code = row[i_code].strip()
                score = _score(code, row[i_score].strip(), f"{path}:{n}")
                if out.setdefault(code, score) != score:
                    raise ValueError(f"{path}:{n}: GDELT scored CAMEO {code} two ways ({out[code]}, {score})")
    return out


def goldstein_rows(table: dict[str, float], events: dict[str, float]) -> list[dict]:
    """Every code of either input, sorted; GDELT's event scoring wins where the two differ
    (origin: the input the score comes from)."""
    rows = []
    for c in sorted(table.keys() | events.keys()):
        from_events = c in events and events[c] != table.get(c)
        score = events[c] if from_events else table[c]
        rows.append({"code": c, "goldstein": str(score), "origin": "GDELT events" if from_events else "cameoCodeTable"})
    return rows


def convert(gdelt: Path, out: Path) -> dict[str, int]:
    table = read_code_table(gdelt / TABLE)
    events = read_event_scores(sorted((gdelt / "events").glob("*.export.CSV")), gdelt / EVENT_FIELDS)
    rows = goldstein_rows(table, events)
    out.mkdir(parents=True, exist_ok=True)
    with (out / OUT_NAME).open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["code", "goldstein", "origin"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    changed = sum(1 for c, s in events.items() if c in table and table[c] != s)
    return {
        "cameo_goldstein": len(rows),
        "roots": sum(len(r["code"]) == 2 for r in rows),
        "rescored_by_events": changed,
        "added_by_events": sum(c not in table for c in events),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gdelt", type=Path, required=True, help="the GDELT sample folder (schema/, events/)")
    ap.add_argument("--out", type=Path, default=Path("seeds/reference"))
    a = ap.parse_args(argv)
    for p in (a.gdelt / TABLE, a.gdelt / EVENT_FIELDS):
        if not p.is_file():
            print(f"error: {p}: no such file", file=sys.stderr)
            return 2
    try:
        counts = convert(a.gdelt, a.out)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
