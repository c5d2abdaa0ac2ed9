#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster, then stop and delete the cluster:
#   scripts/with-postgres.sh python -m pytest tests/kiosk tests/printing
# The cluster lives in a temporary folder and listens only on a Unix socket there (no TCP port,
# so it never clashes with another server). As root it runs as the postgres user.
# The command sees KIOSK_TEST_DATABASE_URL (a SQLAlchemy URL of the cluster's "postgres" database).
set -euo pipefail
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL 15 is not installed ($PG_BIN/initdb)." >&2; exit 1; }

dir="$(mktemp -d "${TMPDIR:-/tmp}/kiosk-pg.XXXXXX")"
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir"
  as_pg=(runuser -u postgres --)
fi
stop() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_pg[@]}" "$PG_BIN/initdb" -D "$dir/data" -U kiosk -A trust -E UTF8 --no-locale >/dev/null
# A test cluster: durability off (it is deleted at the end), enough connections for the workers.
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start -o \
  "-k $dir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
   -c max_connections=200" >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }

export KIOSK_TEST_DATABASE_URL="postgresql+psycopg://kiosk@/postgres?host=$dir"
"$@"
