#!/usr/bin/env bash
# Prints the path of a cached virtual environment holding real MLflow VERSION,
# creating it on first use. The cache lives outside the checkout so later test
# runs and CI reuse it. Used by the oracle tests and the web-UI tests.
#   scripts/mlflow-env.sh 3.1.4      -> /root/.cache/mlwatch/mlflow-3.1.4
#   scripts/mlflow-env.sh latest     -> newest 3.x on PyPI (resolved once, then cached)
set -euo pipefail
version="${1:?usage: mlflow-env.sh VERSION|latest}"
cache="${MLWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mlwatch}"
mkdir -p "$cache"
python="${MLWATCH_PYTHON:-python3}"

if [ "$version" = latest ]; then
  # Resolve "newest 3.x" at most once a day so runs stay reproducible within a day.
  stamp="$cache/latest-version"
  if [ ! -s "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440 2>/dev/null)" ]; then
    resolved=$("$python" -m pip index versions mlflow 2>/dev/null \
      | sed -n 's/^Available versions: //p' | tr ',' '\n' | tr -d ' ' | grep -E '^3\.[0-9]+\.[0-9]+$' | head -1 || true)
    if [ -n "$resolved" ]; then echo "$resolved" > "$stamp"; fi
  fi
  [ -s "$stamp" ] || { echo "mlflow-env: cannot resolve the newest MLflow 3.x from PyPI" >&2; exit 2; }
  version=$(cat "$stamp")
fi

env_dir="$cache/mlflow-$version"
if [ ! -x "$env_dir/bin/mlflow" ] || [ ! -f "$env_dir/.complete" ]; then
  rm -rf "$env_dir"
  echo "mlflow-env: creating $env_dir (first use; takes a few minutes)" >&2
  "$python" -m venv "$env_dir" >&2
  "$env_dir/bin/pip" install --disable-pip-version-check -q "mlflow==$version" >&2
  touch "$env_dir/.complete"
fi
echo "$env_dir"
