"""CAMEO verb dictionary + CAMEO->PLOVER crosswalk -> event reference CSVs in seeds/reference.

    python -m dateline.refdata.cameo --cameo ../shared/data/phoenix_dictionaries/CAMEO.2.0.txt \\
        --crosswalk ../shared/data/plover_gsr/CAMEO2PLOVER-2021.txt --out seeds/reference

Output (all columns text):

    event_types.csv       event_type, description, quad_class, cameo_roots, plover_2021
    event_type_cameo.csv  cameo_code, event_type, event_mode, context, cameo_label, plover_2021, origin
    event_lexicon.csv     trigger, pos, block, cameo_code, event_type, origin
    event_patterns.csv    block, pattern, cameo_code, event_type
    event_synsets.csv     synset, word

A verb's own code (or its block's) is its default; a block's patterns apply to every verb of
the block, and the most specific pattern that matches the sentence wins.

The event vocabulary is the one of the PLOVER gold standard (PLOVER 0.5: DEMAND, DISAPPROVE,
INVESTIGATE, FIGHT). The 2021 crosswalk renamed or merged some of them; this converter maps
them back and keeps the 2021 name in `plover_2021`:

    REQUEST -> DEMAND                 (REQUEST is DEMAND's newer name)
    ACCUSE (CAMEO 09) -> INVESTIGATE  ACCUSE (CAMEO 11) -> DISAPPROVE
    ASSAULT (CAMEO 19) -> FIGHT       (conventional military force)

CAMEO 02 (appeal) has no row in the 2021 table; PLOVER's REQUEST absorbs appeals, so 02x maps
to DEMAND (origin=dateline). CAMEO 01 (make a statement) stays unmapped: statements are quotes.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

EVENT_TYPES = [
    # event_type, description, quad_class, cameo_roots, plover_2021
    ("AGREE", "Agree to, promise or express intent to cooperate", "verbal cooperation", "03", "AGREE"),
    ("CONSULT", "Meet, visit, host, phone, negotiate", "verbal cooperation", "04", "CONSULT"),
    ("SUPPORT", "Praise, endorse, defend, recognise, sign an agreement", "verbal cooperation", "05", "SUPPORT"),
    (
        "COOPERATE",
        "Cooperate materially: economic, military, judicial, intelligence",
        "material cooperation",
        "06",
        "COOPERATE",
    ),
    ("AID", "Provide aid, protection or asylum", "material cooperation", "07", "AID"),
    ("CONCEDE", "Yield: ease restrictions, accede to demands", "material cooperation", "08", "CONCEDE"),
    (
        "RETREAT",
        "Return or release, ease sanctions, allow access, de-escalate, withdraw",
        "material cooperation",
        "08",
        "RETREAT",
    ),
    ("INVESTIGATE", "Investigate crime, abuses, military action", "verbal conflict", "09", "ACCUSE"),
    ("DEMAND", "Demand, request or appeal", "verbal conflict", "02,10", "REQUEST"),
    ("DISAPPROVE", "Criticise, denounce, accuse, complain, sue", "verbal conflict", "11", "ACCUSE"),
    ("REJECT", "Reject, refuse, decline, defy, veto", "verbal conflict", "12", "REJECT"),
    ("THREATEN", "Threaten, warn of force or sanctions, give an ultimatum", "verbal conflict", "13", "THREATEN"),
    ("PROTEST", "Demonstrate, strike, boycott, riot", "material conflict", "14", "PROTEST"),
    (
        "MOBILIZE",
        "Demonstrate or increase military or police power (tests, alerts, deployments)",
        "material conflict",
        "15",
        "MOBILIZE",
    ),
    (
        "SANCTION",
        "Reduce or break relations, stop aid, halt negotiations, expel",
        "material conflict",
        "16",
        "SANCTION",
    ),
    (
        "COERCE",
        "Seize, restrict, arrest, deport, impose sanctions or blockade",
        "material conflict",
        "16,17,19",
        "COERCE",
    ),
    (
        "ASSAULT",
        "Unconventional violence: abduct, bomb, assassinate, mass violence",
        "material conflict",
        "17,18,20",
        "ASSAULT",
    ),
    ("FIGHT", "Conventional military force: small arms, artillery, air strikes", "material conflict", "19", "ASSAULT"),
]

# Event nouns and light-verb objects (origin=dateline): CAMEO has verb patterns only, so the
# nouns reporters use ("Pompeo's visit", "the summit", "tests of missiles") are listed here
# with the CAMEO code of the verb they nominalise.
EVENT_NOUNS = [
    ("visit", "042"),
    ("trip", "042"),
    ("talks", "046"),
    ("talk", "046"),
    ("negotiation", "046"),
    ("negotiations", "046"),
    ("summit", "044"),
    ("meeting", "040"),
    ("discussion", "040"),
    ("consultation", "040"),
    ("call", "041"),
    ("phone call", "041"),
    ("mediation", "045"),
    ("agreement", "057"),
    ("deal", "057"),
    ("treaty", "057"),
    ("accord", "057"),
    ("aid", "070"),
    ("assistance", "070"),
    ("investigation", "090"),
    ("probe", "090"),
    ("inquiry", "090"),
    ("demand", "100"),
    ("request", "100"),
    ("appeal", "020"),
    ("call for", "020"),
    ("criticism", "111"),
    ("accusation", "112"),
    ("allegation", "112"),
    ("lawsuit", "115"),
    ("rejection", "120"),
    ("veto", "129"),
    ("refusal", "120"),
    ("threat", "130"),
    ("threats", "130"),
    ("ultimatum", "139"),
    ("warning", "130"),
    ("protest", "141"),
    ("protests", "141"),
    ("demonstration", "141"),
    ("rally", "141"),
    ("hunger strike", "142"),
    ("boycott", "143"),
    ("riot", "145"),
    ("test", "150"),
    ("tests", "150"),
    ("testing", "150"),
    ("launch", "150"),
    ("exercise", "150"),
    ("exercises", "150"),
    ("drill", "150"),
    ("drills", "150"),
    ("deployment", "154"),
    ("mobilization", "154"),
    ("sanctions", "163"),
    ("embargo", "163"),
    ("blockade", "191"),
    ("arrest", "173"),
    ("deportation", "174"),
    ("expulsion", "166"),
    ("attack", "190"),
    ("attacks", "190"),
    ("airstrike", "195"),
    ("air strike", "195"),
    ("strike", "190"),
    ("bombing", "183"),
    ("shelling", "194"),
    ("clashes", "190"),
    ("fighting", "190"),
    ("invasion", "190"),
    ("assassination", "186"),
    ("massacre", "202"),
    ("kidnapping", "181"),
    ("abduction", "181"),
    ("ceasefire", "0871"),
    ("truce", "0871"),
    ("withdrawal", "0872"),
    ("release", "0841"),
]

# Phrasal verbs the dictionary lacks (origin=dateline).
EXTRA_VERBS = [("turn over", "0842"), ("hand over", "0841"), ("give back", "0842"), ("walk out", "164")]


# PLOVER 2021 name -> gold vocabulary, by CAMEO root where it is split.
def canonical_type(plover_2021: str, cameo_code: str) -> str:
    root = cameo_code[:2]
    if plover_2021 == "REQUEST":
        return "DEMAND"
    if plover_2021 == "ACCUSE":
        return "INVESTIGATE" if root == "09" else "DISAPPROVE"
    if plover_2021 == "ASSAULT" and root == "19":
        return "FIGHT"
    return plover_2021


_XW_LINE = re.compile(r"^\s*(\d{3,4})\s*:\s*([^#]*?)\s*(?:#\s*(.*))?$")


def read_crosswalk(path: Path) -> list[dict]:
    rows, seen = [], set()
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _XW_LINE.match(line)
        if not m:
            continue
        code, fields, label = m.group(1), m.group(2), (m.group(3) or "").strip()
        parts = [p.strip() for p in fields.split(",")]
        parts += [""] * (3 - len(parts))
        p2021 = parts[0].upper()
        if not p2021 or code in seen:  # 175 is listed twice; the first row wins
            continue
        seen.add(code)
        # contexts are written "crime; corruption" in places
        context = ",".join(c.strip() for c in re.split(r"[;,]", ",".join(parts[2:])) if c.strip())
        rows.append(
            {
                "cameo_code": code,
                "event_type": canonical_type(p2021, code),
                "event_mode": parts[1] or "",
                "context": context,
                "cameo_label": label,
                "plover_2021": p2021,
                "origin": "CAMEO2PLOVER-2021",
            }
        )
    return rows


APPEALS = [  # CAMEO 02 codes (public CAMEO codebook labels)
    ("020", "Make an appeal or request", ""),
    ("021", "Appeal for material cooperation", "economic"),
    ("0211", "Appeal for economic cooperation", "economic"),
    ("0212", "Appeal for military cooperation", "military"),
    ("0213", "Appeal for judicial cooperation", "legal"),
    ("0214", "Appeal for intelligence", "intelligence"),
    ("022", "Appeal for diplomatic cooperation", "diplomatic"),
    ("023", "Appeal for aid", ""),
    ("0231", "Appeal for economic aid", "economic"),
    ("0232", "Appeal for military aid", "military"),
    ("0233", "Appeal for humanitarian aid", "humanitarian"),
    ("0234", "Appeal for military protection or peacekeeping", "peacekeeping"),
    ("024", "Appeal for political reform", "political_institutions"),
    ("0241", "Appeal for change in leadership", "executive"),
    ("0242", "Appeal for policy change", "executive"),
    ("0243", "Appeal for rights", "rights_freedoms"),
    ("0244", "Appeal for change in institutions, regime", "political_institutions"),
    ("025", "Appeal to yield", ""),
    ("0251", "Appeal for easing of administrative sanctions", "legal"),
    ("0252", "Appeal for easing of popular dissent", ""),
    ("0253", "Appeal for release of persons or property", "legal"),
    ("0254", "Appeal for easing of economic sanctions", "economic"),
    ("0255", "Appeal to allow international involvement", "diplomatic"),
    ("0256", "Appeal for de-escalation of military engagement", "military"),
    ("026", "Appeal to others to meet or negotiate", "diplomatic"),
    ("027", "Appeal to others to settle dispute", "diplomatic"),
    ("028", "Appeal to others to engage in or accept mediation", "diplomatic"),
]


def appeal_rows() -> list[dict]:
    return [
        {
            "cameo_code": c,
            "event_type": "DEMAND",
            "event_mode": "appeal",
            "context": ctx,
            "cameo_label": label,
            "plover_2021": "REQUEST",
            "origin": "dateline",
        }
        for c, label, ctx in APPEALS
    ]


def type_of(code: str, crosswalk: dict[str, str]) -> str | None:
    """PLOVER type of a CAMEO code, falling back to its parent codes (0874 -> 087 -> 08)."""
    for k in (code, code[:3], code[:2] + "0"):
        if k in crosswalk:
            return crosswalk[k]
    return None


_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
_CODE = re.compile(r"\[([^\]]*)\]")


def _first_code(raw: str) -> str | None:
    code = raw.split(":")[0].strip()
    return code if re.fullmatch(r"\d{2,4}", code) else None


def _words(raw: str) -> str:
    return raw.strip().lstrip("+").rstrip("_").replace("_", " ").lower()


def read_verb_dictionary(path: Path) -> tuple[list[dict], list[dict], list[dict]]:
    """Verb lemmas and patterns of the CAMEO/PETRARCH verb dictionary.

    A block (`--- NAME [code] ---`) lists synonymous verbs (each may carry its own code and
    its irregular forms in braces), then patterns `- <words> * <words> [code]` where `*` is
    the verb, `&SET` a synonym set, `{A B}` a phrase, `(...)` a prepositional phrase and
    `$ + ^ %` source/target/skip markers (ignored here)."""
    lexicon, patterns, synsets = [], [], []
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    section, synset = None, None
    block, block_code = None, None
    for line in text:
        s = line.split("#", 1)[0].rstrip()
        if line.startswith("####### VERB PATTERNS"):
            section = "verbs"
            continue
        if section is None:  # synonym sets
            if s.startswith("&"):
                synset = s.strip().rstrip("_").lower()
            elif s.strip().startswith("+") and synset:
                synsets.append({"synset": synset, "word": _words(s)})
            continue
        if not s.strip():
            continue
        m = _BLOCK.match(s)
        if m:
            block, block_code = m.group(1).lower(), _first_code(m.group(2))
            continue
        if s.startswith("-"):
            cm = _CODE.search(s)
            code = _first_code(cm.group(1)) if cm else None
            pattern = re.sub(r"\s+", " ", _CODE.sub("", s[1:])).strip().lower()
            if code and "*" in pattern and block:
                patterns.append({"block": block, "pattern": pattern, "cameo_code": code})
            continue
        # a verb line: WORD [code] {FORMS}  or  +MULTI_WORD {+FORMS} [code]
        word = s.split()[0]
        if word.startswith("{") or word.startswith("["):
            continue
        verb = _words(word)
        cm = _CODE.search(s)
        code = _first_code(cm.group(1)) if cm else block_code
        lexicon.append({"trigger": verb, "pos": "VERB", "block": block, "cameo_code": code or ""})
    return lexicon, patterns, synsets


# Killing verbs code as CAMEO 190 (conventional military force) in the verb dictionary; the
# gold standard codes a killing as ASSAULT unless it is battle ("fight", "clash", "shell").
VERB_OVERRIDES = {"kill": "1823", "murder": "1823", "slay": "1823", "execute": "1823", "massacre": "202"}


def block_majority(patterns: list[dict], xw: dict[str, str]) -> dict[str, str]:
    """Default code of a code-less block (`--- REFUSE [---] ---`): the CAMEO root that at least
    half of its patterns share ("refuse" -> 120), so a verb whose object no pattern names
    still codes in its family."""
    by_block: dict[str, list[tuple[str, str]]] = {}
    for p in patterns:
        et = type_of(p["cameo_code"], xw)
        if et:
            by_block.setdefault(p["block"], []).append((et, p["cameo_code"]))
    out = {}
    for block, coded in by_block.items():
        if len(coded) < 3:
            continue
        types = [t for t, _ in coded]
        top, n = max(((t, types.count(t)) for t in set(types)), key=lambda x: (x[1], x[0]))
        if n * 2 >= len(coded):
            # the block's most frequent code of that type (08x splits CONCEDE and RETREAT)
            codes = [c for t, c in coded if t == top]
            out[block] = max(set(codes), key=lambda c: (codes.count(c), -len(c), c))
    return out


def convert(cameo: Path, crosswalk_path: Path, out: Path) -> dict[str, int]:
    xw_rows = read_crosswalk(crosswalk_path) + appeal_rows()
    xw = {r["cameo_code"]: r["event_type"] for r in xw_rows}
    verbs, raw_patterns, synsets = read_verb_dictionary(cameo)
    majority = block_majority(raw_patterns, xw)
    lexicon, patterns, seen = [], [], set()
    for r in verbs:  # a verb without a code of its own still triggers its block's patterns
        origin = "CAMEO.2.0"
        if r["trigger"] in VERB_OVERRIDES:
            r = {**r, "cameo_code": VERB_OVERRIDES[r["trigger"]]}
            origin = "dateline"
        elif not r["cameo_code"] and r["block"] in majority:
            r = {**r, "cameo_code": majority[r["block"]]}
            origin = "CAMEO.2.0 block majority"
        et = type_of(r["cameo_code"], xw) if r["cameo_code"] else None
        k = (r["trigger"], r["block"])
        if k in seen:
            continue
        seen.add(k)
        lexicon.append({**r, "cameo_code": r["cameo_code"] if et else "", "event_type": et or "", "origin": origin})
    for r in raw_patterns:
        et = type_of(r["cameo_code"], xw)
        k = (r["block"], r["pattern"])
        if et is None or k in seen:  # CAMEO 01 statements: no PLOVER event
            continue
        seen.add(k)
        patterns.append({**r, "event_type": et})
    for verb, code in EXTRA_VERBS:
        lexicon.append(
            {
                "trigger": verb,
                "pos": "VERB",
                "block": "",
                "cameo_code": code,
                "event_type": type_of(code, xw),
                "origin": "dateline",
            }
        )
    for noun, code in EVENT_NOUNS:
        lexicon.append(
            {
                "trigger": noun,
                "pos": "NOUN",
                "block": "",
                "cameo_code": code,
                "event_type": type_of(code, xw),
                "origin": "dateline",
            }
        )
    out.mkdir(parents=True, exist_ok=True)
    roots = {}
    for r in xw_rows:
        roots.setdefault(r["event_type"], set()).add(r["cameo_code"][:2])

    def write(name, header, rows):
        with (out / name).open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)

    write(
        "event_types.csv",
        ["event_type", "description", "quad_class", "cameo_roots", "plover_2021"],
        [
            {
                "event_type": t,
                "description": d,
                "quad_class": q,
                "cameo_roots": ",".join(sorted(roots.get(t, set()))) or r,
                "plover_2021": p,
            }
            for t, d, q, r, p in EVENT_TYPES
        ],
    )
    write(
        "event_type_cameo.csv",
        ["cameo_code", "event_type", "event_mode", "context", "cameo_label", "plover_2021", "origin"],
        sorted(xw_rows, key=lambda r: r["cameo_code"]),
    )
    write("event_lexicon.csv", ["trigger", "pos", "block", "cameo_code", "event_type", "origin"], lexicon)
    write("event_patterns.csv", ["block", "pattern", "cameo_code", "event_type"], patterns)
    write("event_synsets.csv", ["synset", "word"], synsets)
    return {
        "event_types": len(EVENT_TYPES),
        "event_type_cameo": len(xw_rows),
        "event_lexicon": len(lexicon),
        "event_patterns": len(patterns),
        "event_synsets": len(synsets),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cameo", type=Path, required=True, help="CAMEO.2.0.txt (PETRARCH2 verb dictionary)")
    ap.add_argument("--crosswalk", type=Path, required=True, help="CAMEO2PLOVER-2021.txt")
    ap.add_argument("--out", type=Path, default=Path("seeds/reference"))
    a = ap.parse_args(argv)
    for p in (a.cameo, a.crosswalk):
        if not p.is_file():
            print(f"error: {p}: no such file", file=sys.stderr)
            return 2
    counts = convert(a.cameo, a.crosswalk, a.out)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
