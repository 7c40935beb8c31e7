#!/usr/bin/env bash
# Runs a command against PostgreSQL: `scripts/pg-throwaway.sh CMD ARGS...`.
# Uses DATABASE_URL when it names a PostgreSQL database; otherwise starts a throwaway cluster (initdb in a
# temporary folder, no fsync — the same cluster as scripts/run-tests.sh, whose logic this copies), exports
# DATABASE_URL for the command and removes the cluster afterwards. Extra server options may be given in
# PG_THROWAWAY_OPTS (e.g. "-c shared_buffers=256MB"). Exits with the command's status.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  echo "Using DATABASE_URL (${DATABASE_URL%%@*}@…)"
else
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PGTMP=$(mktemp -d /tmp/szansa-pg.XXXXXX)
  as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  [ "$(id -u)" -eq 0 ] && chown postgres "$PGTMP"
  PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_pg "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -o \
    "-p $PORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 ${PG_THROWAWAY_OPTS:-}" \
    start >/dev/null
  trap 'as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PGTMP"' EXIT
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/szansa"
  # Django's test runner creates its own database; a plain command needs the database to exist.
  as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres szansa
  echo "Using a throwaway PostgreSQL cluster on port $PORT ($PGBIN)"
fi

set +e
"$@"
status=$?
set -e
exit "$status"
