#!/usr/bin/env bash
# One command for a fresh machine (Python 3.11 and nothing else): install everything from
# uv.lock into .venv, then run the ETL on seeds/articles into warehouse/dateline.duckdb.
set -euo pipefail
cd "$(dirname "$0")"

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
export UV_COMPILE_BYTECODE=1          # Prefect imports twice as fast with bytecode
export PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1

# uv lives in the project's ignored state folder, so nothing global is touched.
if [ ! -x .state/uv/bin/uv ]; then
  "$PY" -m venv .state/uv
  .state/uv/bin/pip install --quiet --disable-pip-version-check "uv==0.13.8"
fi
.state/uv/bin/uv sync --locked --python "$PY"

.venv/bin/dateline run "$@"
