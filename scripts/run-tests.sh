#!/usr/bin/env bash
# Runs the whole pytest suite against PostgreSQL. Uses DATABASE_URL when it names a PostgreSQL
# database; otherwise starts a throwaway cluster (initdb in a temporary folder, no fsync) and
# removes it afterwards. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  echo "Tests use DATABASE_URL (${DATABASE_URL%%@*}@…)"
else
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PGTMP=$(mktemp -d /tmp/szansa-pg.XXXXXX)
  as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  [ "$(id -u)" -eq 0 ] && chown postgres "$PGTMP"
  PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_pg "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -o \
    "-p $PORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
  trap 'as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PGTMP"' EXIT
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/szansa"
  export SZANSA_THROWAWAY_PG=1
  echo "Tests use a throwaway PostgreSQL cluster on port $PORT ($PGBIN)"
fi

export DEBUG=0 SECRET_KEY="test-only-$(date +%s)-not-secret-0123456789abcdefghijklmnopqrstuvwxyz" \
  ALLOWED_HOSTS="testserver,localhost,127.0.0.1" SECURE_SSL_REDIRECT=0 CELERY_TASK_ALWAYS_EAGER=1 \
  WHITENOISE_USE_FINDERS=1 STATIC_MANIFEST=0 DJANGO_ALLOW_ASYNC_UNSAFE=1
WORKERS=(-n "${PYTEST_WORKERS:-2}")
[[ " $* " == *" no:xdist "* ]] && WORKERS=()
# Two phases: transactional tests (browser, concurrency) flush the database when they end, so they run
# after the others, one at a time, each restoring the migrated data first (tests/conftest.py).
set +e
.venv/bin/pytest "${WORKERS[@]}" -p no:cacheprovider -m "not transactional" "$@"
first=$?
.venv/bin/pytest -p no:xdist -p no:cacheprovider -m transactional "$@"
second=$?
set -e
# Exit status 5 means "no test selected" (e.g. a path with only one kind of test): not a failure.
[ "$first" -eq 5 ] && [ "$second" -ne 5 ] && first=0
[ "$second" -eq 5 ] && [ "$first" -ne 5 ] && second=0
[ "$first" -eq 0 ] && [ "$second" -eq 0 ] && exit 0
[ "$first" -ne 0 ] && exit "$first"
exit "$second"
