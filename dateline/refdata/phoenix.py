"""Phoenix/PETRARCH2 dictionaries -> compact actor CSVs in seeds/reference.

    python -m dateline.refdata.phoenix --phoenix ../shared/data/phoenix_dictionaries --out seeds/reference

The dictionaries are MIT-licensed (Open Event Data Alliance). Only names and codes are kept;
per person the current/default role only. Output (all columns text):

    countries.csv          iso3, name
    country_synonyms.csv   name, iso3, kind (name | demonym)
    capitals.csv           capital, iso3
    agents.csv             agent, sector
    organizations.csv      name, code, country_code, sector, kind (igo | armed_group)
    people.csv             name, country_code, sector
    iso3.csv               iso3          (first column read by the quality gate)
    sectors.csv            sector, label (first column read by the quality gate)
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

# Capitals are not marked in Phoenix (they sit among provinces as `+SYNONYM`s), so this
# short hand list (public facts) says which synonyms are capitals; a capital is only
# written when Phoenix lists it under the same country.
CAPITALS = {
    "AFG": ["Kabul"],
    "ALB": ["Tirana"],
    "DZA": ["Algiers"],
    "AGO": ["Luanda"],
    "ARG": ["Buenos Aires"],
    "ARM": ["Yerevan"],
    "AUS": ["Canberra"],
    "AUT": ["Vienna"],
    "AZE": ["Baku"],
    "BHR": ["Manama"],
    "BGD": ["Dhaka"],
    "BLR": ["Minsk"],
    "BEL": ["Brussels"],
    "BOL": ["La Paz", "Sucre"],
    "BIH": ["Sarajevo"],
    "BRA": ["Brasilia"],
    "BGR": ["Sofia"],
    "KHM": ["Phnom Penh"],
    "CMR": ["Yaounde"],
    "CAN": ["Ottawa"],
    "CHL": ["Santiago"],
    "CHN": ["Beijing"],
    "COL": ["Bogota"],
    "COD": ["Kinshasa"],
    "HRV": ["Zagreb"],
    "CUB": ["Havana"],
    "CYP": ["Nicosia"],
    "CZE": ["Prague"],
    "DNK": ["Copenhagen"],
    "EGY": ["Cairo"],
    "EST": ["Tallinn"],
    "ETH": ["Addis Ababa"],
    "FIN": ["Helsinki"],
    "FRA": ["Paris"],
    "GEO": ["Tbilisi"],
    "DEU": ["Berlin"],
    "GHA": ["Accra"],
    "GRC": ["Athens"],
    "HUN": ["Budapest"],
    "ISL": ["Reykjavik"],
    "IND": ["New Delhi"],
    "IDN": ["Jakarta"],
    "IRN": ["Tehran"],
    "IRQ": ["Baghdad"],
    "IRL": ["Dublin"],
    "ISR": ["Jerusalem"],
    "ITA": ["Rome"],
    "JPN": ["Tokyo"],
    "JOR": ["Amman"],
    "KAZ": ["Astana"],
    "KEN": ["Nairobi"],
    "PRK": ["Pyongyang"],
    "KOR": ["Seoul"],
    "KWT": ["Kuwait City"],
    "KGZ": ["Bishkek"],
    "LVA": ["Riga"],
    "LBN": ["Beirut"],
    "LBY": ["Tripoli"],
    "LTU": ["Vilnius"],
    "MYS": ["Kuala Lumpur"],
    "MEX": ["Mexico City"],
    "MDA": ["Chisinau"],
    "MNG": ["Ulaanbaatar", "Ulan Bator"],
    "MAR": ["Rabat"],
    "MMR": ["Naypyidaw", "Yangon", "Rangoon"],
    "NPL": ["Kathmandu"],
    "NLD": ["Amsterdam", "The Hague"],
    "NZL": ["Wellington"],
    "NGA": ["Abuja"],
    "NOR": ["Oslo"],
    "OMN": ["Muscat"],
    "PAK": ["Islamabad"],
    "PSE": ["Ramallah"],
    "PAN": ["Panama City"],
    "PER": ["Lima"],
    "PHL": ["Manila"],
    "POL": ["Warsaw"],
    "PRT": ["Lisbon"],
    "QAT": ["Doha"],
    "ROU": ["Bucharest"],
    "RUS": ["Moscow"],
    "RWA": ["Kigali"],
    "SAU": ["Riyadh"],
    "SEN": ["Dakar"],
    "SRB": ["Belgrade"],
    "SGP": ["Singapore"],
    "SVK": ["Bratislava"],
    "SVN": ["Ljubljana"],
    "SOM": ["Mogadishu"],
    "ZAF": ["Pretoria"],
    "ESP": ["Madrid"],
    "LKA": ["Colombo"],
    "SDN": ["Khartoum"],
    "SSD": ["Juba"],
    "SWE": ["Stockholm"],
    "CHE": ["Bern"],
    "SYR": ["Damascus"],
    "TWN": ["Taipei"],
    "TJK": ["Dushanbe"],
    "TZA": ["Dodoma", "Dar es Salaam"],
    "THA": ["Bangkok"],
    "TUN": ["Tunis"],
    "TUR": ["Ankara"],
    "TKM": ["Ashgabat"],
    "UGA": ["Kampala"],
    "UKR": ["Kiev", "Kyiv"],
    "ARE": ["Abu Dhabi"],
    "GBR": ["London"],
    "USA": ["Washington"],
    "URY": ["Montevideo"],
    "UZB": ["Tashkent"],
    "VEN": ["Caracas"],
    "VNM": ["Hanoi"],
    "YEM": ["Sanaa"],
    "ZMB": ["Lusaka"],
    "ZWE": ["Harare"],
    "ECU": ["Quito"],
    "GTM": ["Guatemala City"],
    "HND": ["Tegucigalpa"],
    "NIC": ["Managua"],
    "SLV": ["San Salvador"],
    "CRI": ["San Jose"],
    "DOM": ["Santo Domingo"],
    "HTI": ["Port-au-Prince"],
    "JAM": ["Kingston"],
    "MLI": ["Bamako"],
    "NER": ["Niamey"],
    "TCD": ["N'Djamena"],
    "CIV": ["Abidjan", "Yamoussoukro"],
    "ZAR": ["Kinshasa"],
    "LAO": ["Vientiane"],
    "BTN": ["Thimphu"],
    "MKD": ["Skopje"],
    "MNE": ["Podgorica"],
    "LUX": ["Luxembourg"],
    "MLT": ["Valletta"],
    "ERI": ["Asmara"],
    "DJI": ["Djibouti"],
    "MOZ": ["Maputo"],
    "NAM": ["Windhoek"],
    "BWA": ["Gaborone"],
    "MDG": ["Antananarivo"],
    "LBR": ["Monrovia"],
    "SLE": ["Freetown"],
    "GIN": ["Conakry"],
    "BFA": ["Ouagadougou"],
    "TGO": ["Lome"],
    "BEN": ["Porto-Novo", "Cotonou"],
    "GAB": ["Libreville"],
    "COG": ["Brazzaville"],
    "CAF": ["Bangui"],
    "BDI": ["Bujumbura"],
    "MWI": ["Lilongwe"],
    "PRY": ["Asuncion"],
    "PSX": ["Ramallah"],
}
_CAPITAL_NAMES = frozenset(cap for caps in CAPITALS.values() for cap in caps)

# Office holders newer than the Phoenix list (it ends around 2014-2016): name, country,
# sector at their best-known office (public facts). Phoenix entries win on a clash.
RECENT_PEOPLE = [
    ("Donald Trump", "USA", "GOV"),
    ("Mike Pompeo", "USA", "GOV"),
    ("Mike Pence", "USA", "GOV"),
    ("Kamala Harris", "USA", "GOV"),
    ("Antony Blinken", "USA", "GOV"),
    ("Rex Tillerson", "USA", "GOV"),
    ("John Bolton", "USA", "GOV"),
    ("Jim Mattis", "USA", "GOV"),
    ("Lloyd Austin", "USA", "GOV"),
    ("Nancy Pelosi", "USA", "LEG"),
    ("Kevin McCarthy", "USA", "LEG"),
    ("Chuck Schumer", "USA", "LEG"),
    ("Kim Jong Un", "PRK", "GOV"),
    ("Kim Yo Jong", "PRK", "GOV"),
    ("Kim Yong Chol", "PRK", "GOV"),
    ("Moon Jae-in", "KOR", "GOV"),
    ("Yoon Suk Yeol", "KOR", "GOV"),
    ("Emmanuel Macron", "FRA", "GOV"),
    ("Boris Johnson", "GBR", "GOV"),
    ("Rishi Sunak", "GBR", "GOV"),
    ("Olaf Scholz", "DEU", "GOV"),
    ("Justin Trudeau", "CAN", "GOV"),
    ("Jair Bolsonaro", "BRA", "GOV"),
    ("Volodymyr Zelensky", "UKR", "GOV"),
    ("Andrzej Duda", "POL", "GOV"),
    ("Mohammed bin Salman", "SAU", "GOV"),
    ("Ebrahim Raisi", "IRN", "GOV"),
    ("Fumio Kishida", "JPN", "GOV"),
    ("Imran Khan", "PAK", "GOV"),
    ("Abiy Ahmed", "ETH", "GOV"),
    ("Cyril Ramaphosa", "ZAF", "GOV"),
    ("Andres Manuel Lopez Obrador", "MEX", "GOV"),
    ("Antonio Guterres", None, "IGO"),
]

SECTOR_LABELS = {
    "GOV": "government",
    "MIL": "military",
    "ELI": "elite",
    "OPP": "opposition",
    "REB": "rebels",
    "COP": "police",
    "JUD": "judiciary",
    "LEG": "legislature",
    "PTY": "political party",
    "BUS": "business",
    "MED": "media",
    "JRN": "journalists",
    "EDU": "education",
    "HLH": "health",
    "HRI": "human rights",
    "CVL": "civilians",
    "LAB": "labour",
    "AGR": "agriculture",
    "REL": "religious",
    "REF": "refugees",
    "SPY": "intelligence",
    "CRM": "criminals",
    "UAF": "unaligned armed forces",
    "INS": "insurgents",
    "SEP": "separatists",
    "ENV": "environment",
    "DEV": "development",
    "MOD": "moderate",
    "RAD": "radical",
    "IGO": "intergovernmental organisation",
    "NGO": "non-governmental organisation",
    "NGM": "non-governmental movement",
    "MNC": "multinational corporation",
    "IMG": "international militarised group",
    "STU": "students",
    "ACT": "activists",
    "CHR": "christian",
    "MUS": "muslim",
    "JEW": "jewish",
    "BUD": "buddhist",
    "HIN": "hindu",
    "PRO": "protesters",
    "SET": "settlers",
    "MOS": "muslim",
    "ELC": "election body",
}

_CODE = re.compile(r"\[([^\]]*)\]")
_HEADER = re.compile(r"^[A-Z][A-Z_'\-\.]*_?\s+\[[A-Z]{3}\]\s*(#.*)?$")
_NAME_FILLERS = ("REPUBLIC", "DEMOCRATIC", "FEDERATION", "ISLAMIC", "NORTH", "SOUTH")
_DEMONYM_END = (
    "AN",
    "ANS",
    "ESE",
    "ISH",
    "I",
    "IS",
    "CH",
    "OT",
    "OTS",
    "ER",
    "ERS",
    "IAN",
    "IANS",
    "ITE",
    "ITES",
    "EK",
    "EKS",
    "UZBEK",
)


@dataclass
class Entry:
    name: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[tuple[str, str]] = field(default_factory=list)  # (code, date restriction)
    line: str = ""


def phrase(raw: str) -> str:
    """`NORTH_KOREA_` -> `NORTH KOREA` (Phoenix joins words by `_`)."""
    raw = raw.split("#", 1)[0].strip().lstrip("+")
    raw = _CODE.sub("", raw).replace("{}", "")
    raw = re.sub(r"!\w+!", "", raw)
    return re.sub(r"\s+", " ", raw.replace("_", " ")).strip()


def display(name: str) -> str:
    out = []
    for w in name.split():
        lw = w.lower()
        out.append(
            lw
            if lw in {"of", "the", "and", "de", "del", "al", "la"} and out
            else "-".join(p[:1].upper() + p[1:] for p in lw.split("-"))
        )
    return " ".join(out)


def parse_codes(text: str) -> list[tuple[str, str]]:
    out = []
    for body in _CODE.findall(text):
        parts = body.split()
        if parts:
            out.append((parts[0].lstrip("~"), " ".join(parts[1:])))
    return out


def read_entries(path: Path) -> list[Entry]:
    """Generic reader: a name line (codes inline or on tab-indented lines), `+` synonyms."""
    entries: list[Entry] = []
    cur: Entry | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t" and line.strip().startswith("["):
            if cur is not None:
                cur.codes += parse_codes(line.split("#", 1)[0])
            continue
        if line.startswith("+"):
            if cur is not None:
                if "[" in line.split("#", 1)[0]:
                    cur.codes += parse_codes(line.split("#", 1)[0])
                syn = phrase(line)
                if syn:
                    cur.synonyms.append(syn)
            continue
        cur = Entry(name=phrase(line), codes=parse_codes(line.split("#", 1)[0]), line=line)
        entries.append(cur)
    return entries


def _date_key(d: str) -> int:
    d = d.strip()
    if len(d) == 6:
        yy = int(d[:2])
        return (1900 + yy if yy > 30 else 2000 + yy) * 10000 + int(d[2:])
    return int(d) if d.isdigit() else 0


def current_code(codes: list[tuple[str, str]]) -> str | None:
    """The latest open-ended role, else the default (undated) one, else the latest ended."""
    open_, default, ended = [], [], []
    for code, dates in codes:
        if not dates:
            default.append(code)
        elif dates.startswith(">"):
            open_.append((_date_key(dates[1:]), code))
        elif "-" in dates:
            ended.append((_date_key(dates.split("-")[1]), code))
        elif dates.startswith("<"):
            ended.append((_date_key(dates[1:]), code))
    if open_:
        return max(open_)[1]
    if default:
        return default[-1]
    return max(ended)[1] if ended else None


def split_code(code: str, iso3: set[str]) -> tuple[str | None, str | None]:
    """`PRKGOV` -> (PRK, GOV); `IGOUNO` -> (None, IGO); `USA` -> (USA, None)."""
    code = code.upper()
    if len(code) >= 3 and code[:3] in iso3:
        return code[:3], (code[3:6] or None)
    return None, code[:3] or None


def is_demonym(syn: str, country: str) -> bool:
    """Is a synonym in a country's block a demonym ("IRAQI", "SOUTH KOREAN")? Its last word
    ends like one and grows a word of the country's name ("IRAQ" -> "IRAQI"). Phoenix files
    the country's cities, provinces and rivers in the same block ("CINCINNATI", "TEHRAN",
    "MILAN") and its misspelt names ("KAZAKSTAN"), which end the same way. Demonyms with
    another stem ("FRENCH", "DUTCH") are `demonym` rows of seeds/lexicons/actor_extras.csv."""
    words = syn.split()
    last = words[-1] if words else ""
    if syn == country or len(words) > 2 or "." in syn or not last.endswith(_DEMONYM_END) or last.endswith("STAN"):
        return False
    if display(syn) in _CAPITAL_NAMES:  # "TUNIS" grows no "TUNISIA"
        return False
    stems = [w for w in country.split() if len(w) >= 4 and w not in _NAME_FILLERS]
    # a word of the name is a demonym alone ("RUSSIAN"), not as the end of a place ("PORT SUDAN")
    return any(last[:4] == w[:4] and (len(words) == 1 or last != w) for w in stems)


def _country_names(centries: list[Entry]) -> tuple[dict[str, str], set[int]]:
    """ISO3 -> display name, and the ids of the header entries. Country headers first (people
    codes are split against them): `GERMANY_  [DEU]`, an undated bare code on the name line.
    Dated blocks (RUSSIAN_SFSR [RUS 1991-1993]) are historical states, not the country's name."""
    countries: dict[str, str] = {}
    headers = set()
    for e in centries:
        if _HEADER.match(e.line) and e.name:
            cc = e.codes[0][0]
            if cc not in countries:
                countries[cc] = display(e.name)
                headers.add(id(e))
    for e in centries:  # countries with no header line: a bare current ISO3
        cc = current_code(e.codes)
        if cc and len(cc) == 3 and cc.isalpha() and e.name and not e.line.startswith("\t"):
            countries.setdefault(cc, display(e.name))
    return countries, headers


def _country_blocks(centries: list[Entry], countries: dict[str, str], headers: set[int], tables: dict) -> None:
    """Each country's synonyms (names and demonyms) and the people listed under it."""
    iso3, synonyms, people, sectors = set(countries), tables["synonyms"], tables["people"], tables["sectors"]
    cur_country: str | None = None
    for e in centries:
        cc = current_code(e.codes)
        # the country's own block: a header line, or its name with its current code even when
        # earlier codes are dated (`IRAQ_` [IRQ <20030320] ... [IRQ >20060520], `GEORGIA_`);
        # historical states keep other names (RUSSIAN_SFSR)
        if id(e) in headers or (cc in iso3 and e.name and display(e.name) == countries[cc]):
            cur_country = cc
            for syn in [e.name, *e.synonyms]:
                kind = "demonym" if is_demonym(syn, e.name) else "name"
                synonyms.setdefault(syn, (cur_country, kind))
            continue
        if not cc or not e.name or len(e.name) < 4:
            continue
        c, s = split_code(cc, iso3)
        if c is None and cur_country is None:
            continue
        people.setdefault(e.name, (c or cur_country, s))
        # Only plain name variants are kept (not "PRESIDENT BARACK OBAMA"): titles are parsed.
        for syn in e.synonyms:
            if len(syn.split()) >= 2 and not any(
                t in syn for t in ("PRESIDENT", "ADMINISTRATION", "MR", "GOVERNOR", "SENATOR")
            ):
                people.setdefault(syn, (c or cur_country, s))
        if s:
            sectors.add(s)


def _organizations(phoenix: Path, iso3: set[str], tables: dict) -> dict[str, tuple]:
    """IGOs and armed non-state groups (the IGO file's people go to `people`)."""
    orgs: dict[str, tuple[str, str | None, str | None, str]] = {}
    people, sectors = tables["people"], tables["sectors"]
    for fname, kind in (("Phoenix.International.actors.txt", "igo"), ("Phoenix.MilNonState.actors.txt", "armed_group")):
        for e in read_entries(phoenix / fname):
            code = current_code(e.codes)
            if not code or not e.name:
                continue
            c, s = split_code(code, iso3)
            if s:
                sectors.add(s)
            for nm in [e.name, *e.synonyms]:
                # names of people in the IGO file are two-to-four plain words: keep as people
                if (
                    kind == "igo"
                    and re.fullmatch(r"[A-Z'\-\.]+(?: [A-Z'\-\.]+){1,3}", nm)
                    and not any(w in nm.split() for w in _ORG_WORDS)
                    and nm == e.name
                    and e.codes[0][1]
                ):
                    people.setdefault(nm, (c, s))
                    break
                orgs.setdefault(nm, (code, c, s, kind))
    return orgs


def _agents(phoenix: Path, sectors: set[str]) -> dict[str, str]:
    """Agent nouns -> sector, with the file's `!substitutions!` expanded."""
    agents: dict[str, str] = {}
    subst: dict[str, list[str]] = {}
    for raw in (phoenix / "Phoenix.agents.txt").read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"(!\w+!)\s*=\s*(.+)", line)
        if m:
            subst[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
            continue
        codes = parse_codes(line)
        if not codes:
            continue
        sector = codes[0][0][:3]
        name = _CODE.sub("", line).replace("{}", "").strip()
        variants = [name]
        for k, vals in subst.items():
            if k in name:
                variants = [v.replace(k, val) for v in variants for val in vals]
        for v in variants:
            a = re.sub(r"\s+", " ", v.replace("_", " ")).strip().lower()
            if a and "!" not in a:
                agents.setdefault(a, sector)
                sectors.add(sector)
    return agents


def _capitals(synonyms: dict[str, tuple[str, str]], iso3: set[str]) -> list[tuple[str, str]]:
    capitals = []
    for code, caps in CAPITALS.items():
        for cap in caps:
            if (
                synonyms.get(cap.upper().replace("-", " "), (None,))[0] == code
                or synonyms.get(cap.upper(), (None,))[0] == code
            ):
                capitals.append((cap, code))
            elif code in iso3:  # Phoenix lacks a few capitals: the list is still authoritative
                capitals.append((cap, code))
    return capitals


def _write_tables(out: Path, files: dict[str, tuple[list[str], list]]) -> dict[str, int]:
    sizes = {}
    for name, (header, rows) in files.items():
        p = out / name
        with p.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
        sizes[name] = p.stat().st_size
    return sizes


def convert(phoenix: Path, out: Path) -> dict[str, int]:
    """The Phoenix dictionaries -> the reference CSVs in `out`; returns each file's size."""
    out.mkdir(parents=True, exist_ok=True)
    centries = read_entries(phoenix / "Phoenix.Countries.actors.txt")
    countries, headers = _country_names(centries)
    iso3 = set(countries)
    tables: dict = {"synonyms": {}, "people": {}, "sectors": set()}
    _country_blocks(centries, countries, headers, tables)
    orgs = _organizations(phoenix, iso3, tables)
    synonyms, people, sectors = tables["synonyms"], tables["people"], tables["sectors"]
    for name, cc, sec in RECENT_PEOPLE:
        people.setdefault(name.upper(), (cc, sec))
    agents = _agents(phoenix, sectors)
    return _write_tables(
        out,
        {
            "countries.csv": (["iso3", "name"], sorted(countries.items())),
            "country_synonyms.csv": (
                ["name", "iso3", "kind"],
                sorted((display(k), v[0], v[1]) for k, v in synonyms.items()),
            ),
            "capitals.csv": (["capital", "iso3"], sorted(set(_capitals(synonyms, iso3)))),
            "agents.csv": (["agent", "sector"], sorted(agents.items())),
            "organizations.csv": (
                ["name", "code", "country_code", "sector", "kind"],
                sorted((display(k), *v) for k, v in orgs.items()),
            ),
            "people.csv": (["name", "country_code", "sector"], sorted((display(k), *v) for k, v in people.items())),
            "iso3.csv": (["iso3"], [(c,) for c in sorted(iso3)]),
            "sectors.csv": (
                ["sector", "label"],
                sorted(
                    (s, SECTOR_LABELS.get(s, s.lower()))
                    for s in sectors | set(SECTOR_LABELS)
                    if re.fullmatch(r"[A-Z]{3}", s)
                ),
            ),
        },
    )


_ORG_WORDS = {
    "UN",
    "UNITED",
    "NATIONS",
    "ORGANIZATION",
    "FUND",
    "BANK",
    "COUNCIL",
    "COMMISSION",
    "AGENCY",
    "UNION",
    "COURT",
    "PROGRAM",
    "PROGRAMME",
    "FORCE",
    "MISSION",
    "ASSEMBLY",
    "OFFICE",
    "GROUP",
    "FRONT",
    "ARMY",
    "PARTY",
    "MOVEMENT",
    "ASSOCIATION",
    "INSTITUTE",
    "FOUNDATION",
    "COMMITTEE",
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--phoenix", required=True, type=Path, help="folder with the Phoenix .txt dictionaries")
    ap.add_argument("--out", required=True, type=Path, help="output folder (seeds/reference)")
    args = ap.parse_args(argv)
    sizes = convert(args.phoenix, args.out)
    for n, s in sizes.items():
        print(f"{n:24s} {s:>9,d} bytes")
    print(f"{'total':24s} {sum(sizes.values()):>9,d} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
