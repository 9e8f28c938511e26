#!/usr/bin/env bash
# Prints the path of a cached virtual environment holding real MLflow VERSION,
# creating it on first use. The cache lives outside the checkout so later test
# runs and CI reuse it. Used by the oracle tests and the web-UI tests.
#   scripts/mlflow-env.sh 3.1.4      -> ~/.cache/mlwatch/mlflow-3.1.4
#   scripts/mlflow-env.sh latest     -> the newest 3.x that installs from PyPI
# "Newest" is resolved at most once a day. A release whose companion packages are not
# all published yet (seen: mlflow 3.18.0 before mlflow-skinny 3.18.0) is skipped.
set -euo pipefail
version="${1:?usage: mlflow-env.sh VERSION|latest}"
cache="${MLWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mlwatch}"
mkdir -p "$cache"
python="${MLWATCH_PYTHON:-python3}"

# What an environment holds besides MLflow, for the backend tests: its basic-auth server
# (mlflow[auth]), PostgreSQL behind a server (psycopg2-binary), and for 3.1.4 an SQLAlchemy
# its SQL store imports with (2.1 removed FallbackAsyncAdaptedQueuePool). Bump RECIPE when
# this list changes: cached environments then get the additions, not a rebuild.
RECIPE=2
extras() {
  local extra=("mlflow[auth]==$1" "psycopg2-binary")
  case "$1" in 3.1.*|3.0.*|2.*) extra+=("sqlalchemy<2.1") ;; esac
  printf '%s\n' "${extra[@]}"
}

pip_quiet() {
  "$1/bin/pip" install --disable-pip-version-check -q "${@:2}" 2>&1 | { grep -v "^WARNING: Location" || true; } >&2
}

# Creates $cache/mlflow-$1 unless it is complete; fails if pip cannot install it.
ensure_env() {
  local env_dir="$cache/mlflow-$1"
  if [ -x "$env_dir/bin/mlflow" ] && [ -f "$env_dir/.complete" ]; then
    [ "$(cat "$env_dir/.complete")" = "$RECIPE" ] && return 0
    echo "mlflow-env: adding the backend-test packages to $env_dir" >&2
    mapfile -t more < <(extras "$1")
    pip_quiet "$env_dir" "${more[@]}" || return 1
    echo "$RECIPE" > "$env_dir/.complete"
    return 0
  fi
  rm -rf "$env_dir"
  echo "mlflow-env: creating $env_dir (first use; takes a few minutes)" >&2
  "$python" -m venv "$env_dir" >&2
  mapfile -t more < <(extras "$1")
  if ! pip_quiet "$env_dir" "mlflow==$1" "${more[@]}" \
    || ! "$env_dir/bin/python" -c "import mlflow, mlflow.store.tracking.sqlalchemy_store, psycopg2" >/dev/null 2>&1; then
    rm -rf "$env_dir"
    return 1
  fi
  echo "$RECIPE" > "$env_dir/.complete"
}

if [ "$version" = latest ]; then
  stamp="$cache/latest-version"
  if [ ! -s "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440 2>/dev/null)" ] || [ ! -f "$cache/mlflow-$(cat "$stamp")/.complete" ]; then
    candidates=$("$python" -m pip index versions mlflow 2>/dev/null \
      | sed -n 's/^Available versions: //p' | tr ',' '\n' | tr -d ' ' | grep -E '^3\.[0-9]+\.[0-9]+$' | head -4 || true)
    [ -n "$candidates" ] || { echo "mlflow-env: cannot list MLflow versions on PyPI" >&2; exit 2; }
    chosen=""
    for candidate in $candidates; do
      if ensure_env "$candidate"; then chosen="$candidate"; break; fi
      echo "mlflow-env: mlflow $candidate does not install yet; trying the previous release" >&2
    done
    [ -n "$chosen" ] || { echo "mlflow-env: none of the newest MLflow 3.x releases installs" >&2; exit 2; }
    echo "$chosen" > "$stamp"
  fi
  version=$(cat "$stamp")
fi

ensure_env "$version" || { echo "mlflow-env: cannot install mlflow==$version from PyPI" >&2; exit 2; }
echo "$cache/mlflow-$version"
