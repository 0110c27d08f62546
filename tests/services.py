"""Real services for the scale-out tests, each a throwaway on a free port:

    with postgres_cluster() as pg:           # Debian's postgresql: initdb + pg_ctl
        spec = pg.lake_spec("lake_a")          # a new database, as a DuckLake catalog spec
    with dask_cluster(tmp, workers=2) as address:   # `dask scheduler` + `dask worker` processes
        ...

No mocks: the tests that use them skip when the binaries are missing (`.ci/run` installs
postgresql).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bindir() -> Path | None:
    """Debian keeps the server binaries out of PATH, in /usr/lib/postgresql/<version>/bin."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(versions[-1]).parent if versions else None


@dataclass
class Postgres:
    bindir: Path
    port: int
    user: str

    def create_database(self, name: str) -> None:
        subprocess.run(
            [str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, name],
            check=True,
            capture_output=True,
        )

    def conninfo(self, database: str) -> str:
        return f"dbname={database} host=127.0.0.1 port={self.port} user={self.user}"

    def lake_spec(self, database: str) -> str:
        """A new database, as a DuckLake catalog: `ducklake:postgres:CONNINFO`."""
        self.create_database(database)
        return f"ducklake:postgres:{self.conninfo(database)}"


def _as_postgres_user() -> tuple[list[str], str]:
    """initdb refuses to run as root: there, the server runs as the `postgres` user."""
    if os.geteuid() != 0:
        return [], pwd.getpwuid(os.geteuid()).pw_name
    return ["runuser", "-u", "postgres", "--"], "postgres"


@contextlib.contextmanager
def postgres_cluster() -> Iterator[Postgres]:
    """A throwaway cluster in its own temporary folder (not pytest's: as root, the server's
    `postgres` user must be able to reach it), removed afterwards."""
    bindir = postgres_bindir()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL server binaries not found (apt-get install postgresql)")
    prefix, owner = _as_postgres_user()
    root = Path(tempfile.mkdtemp(prefix="dateline-postgres-"))
    data, log = root / "pgdata", root / "postgres.log"
    if prefix:
        shutil.chown(root, user="postgres")
    port = free_port()
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    try:
        _run([*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", owner, "--no-sync"])
        _run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"])
        try:
            yield Postgres(bindir, port, owner)
        finally:
            subprocess.run(
                [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _run(argv: list[str]) -> None:
    r = subprocess.run(argv, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"{' '.join(argv[:6])}... exited {r.returncode}: {r.stderr.strip()[-1000:]}")


@contextlib.contextmanager
def dask_cluster(root: Path, workers: int = 2, timeout: float = 120.0) -> Iterator[str]:
    """A real Dask scheduler and `workers` worker processes (one thread each), started with
    the `dask` CLI as separate processes; yields the scheduler's address."""
    dask = Path(sys.executable).with_name("dask")
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = []

    def start(args: list[str], name: str) -> None:
        log = open(root / f"{name}.log", "w")
        procs.append((subprocess.Popen([str(dask), *args], stdout=log, stderr=subprocess.STDOUT), log))

    try:
        start(["scheduler", "--host", "127.0.0.1", "--port", str(port), "--dashboard-address", ":0"], "scheduler")
        for k in range(workers):
            start([
                "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard", "--name", f"w{k}",
                "--local-directory", str(root / f"w{k}"),
            ], f"worker{k}")  # fmt: skip
        _wait_for_workers(address, workers, timeout)
        yield address
    finally:
        for proc, _log in procs:
            proc.terminate()
        for proc, log in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()


def _wait_for_workers(address: str, workers: int, timeout: float) -> None:
    from distributed import Client

    deadline = time.monotonic() + timeout
    with Client(address, timeout=timeout) as client:
        while len(client.nthreads()) < workers:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{workers} Dask workers did not join {address} in {timeout:.0f}s")
            time.sleep(0.2)
