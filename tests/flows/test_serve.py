"""`dateline serve` against a real local Prefect server: a one-minute cron fires, the
scheduled run completes, and SIGTERM stops everything cleanly."""

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import PROJECT_ROOT, SEEDS, query


@pytest.mark.slow
def test_serve_runs_on_schedule_and_stops_on_sigterm(tmp_path):
    db = tmp_path / "served.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect"),
        DATELINE_STATE_DIR=str(tmp_path / "state"),
        PREFECT_RUNNER_POLL_FREQUENCY="2",  # pick the scheduled run up promptly
        DATELINE_REPORTS_DIR=str(tmp_path / "reports"),
    )
    log = open(tmp_path / "serve.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "dateline.cli", "serve", str(SEEDS), "--cron", "* * * * *", "--warehouse", str(db)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240  # server start + up to a minute to the next tick + the run
        runs = 0
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(3)
            if db.exists():
                try:
                    runs = query(db, "select count(*) from etl_run")[0][0]
                except Exception:
                    continue
                if runs >= 1:
                    break
        assert proc.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
        assert runs >= 1, (tmp_path / "serve.log").read_text()[-3000:]
        assert query(db, "select count(*) from dim_article")[0][0] == 2
        _the_printed_ui_points_at_this_server((tmp_path / "serve.log").read_text())
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise
        log.close()
    out = (tmp_path / "serve.log").read_text()
    assert "UI at http://127.0.0.1:" in out
    assert code == 0 and "dateline serve stopped" in out


def _the_printed_ui_points_at_this_server(log: str) -> None:
    """The UI address `serve` prints answers, its UI is told this server's API (not port
    4200), and the scheduled run is listed through that API under the one deployment name."""
    import json
    import re
    import urllib.request

    from dateline.cli import DEPLOYMENT_NAME

    ui = re.search(r"UI at (http://127\.0\.0\.1:\d+)", log).group(1)
    with urllib.request.urlopen(f"{ui}/ui-settings", timeout=10) as r:
        api = json.load(r)["api_url"]
    assert api == f"{ui}/api"
    with urllib.request.urlopen(f"{api}/deployments/name/etl/{DEPLOYMENT_NAME}", timeout=10) as r:
        deployment = json.load(r)["id"]
    req = urllib.request.Request(
        f"{api}/flow_runs/filter",
        method="POST",
        headers={"Content-Type": "application/json"},
        data=json.dumps({"deployments": {"id": {"any_": [deployment]}}}).encode(),
    )
    deadline = time.monotonic() + 30  # the run is in the warehouse; its final state may follow
    while True:
        with urllib.request.urlopen(req, timeout=10) as r:
            states = [fr["state_type"] for fr in json.load(r)]
        if "COMPLETED" in states or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert "COMPLETED" in states, states


def test_prefect_yaml_names_the_deployment_as_serve_does():
    import yaml

    from dateline.cli import DEPLOYMENT_NAME

    spec = yaml.safe_load((PROJECT_ROOT / "prefect.yaml").read_text())
    assert [d["name"] for d in spec["deployments"]] == [DEPLOYMENT_NAME]
