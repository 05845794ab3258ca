#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on 127.0.0.1 for the experience-database tests.
#
# Usage:  eval "$(bash scripts/start_test_postgres.sh)"
#         bash scripts/start_test_postgres.sh --stop     (stops the cluster in SOM_XL_TEST_PG_DIR)
#
# Prints exactly one line on stdout,
#   export SOM_XL_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:55432/somxl_test
# and everything else on stderr, so `eval` sees only that line. Idempotent: a cluster
# this script started before is reused. It never stops or touches any other server.
#
# Settings (environment): SOM_XL_TEST_PG_PORT (default 55432),
# SOM_XL_TEST_PG_DIR (default /tmp/som-xl-test-pg-<port>).
# Stop it with: pg_ctl -D <dir>/data stop   (as the postgres user when run as root)
set -euo pipefail

PORT="${SOM_XL_TEST_PG_PORT:-55432}"
BASE="${SOM_XL_TEST_PG_DIR:-/tmp/som-xl-test-pg-${PORT}}"
DATA="$BASE/data"
SOCK="$BASE/sock"
LOG="$BASE/server.log"
DB=somxl_test

say() { echo "start_test_postgres: $*" >&2; }

# Debian/Ubuntu keep the server binaries off PATH; take the newest installed version.
BIN=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then BIN="$d"; break; fi
done
if [ -z "$BIN" ] && command -v initdb >/dev/null 2>&1; then
    # Resolve symlinks so pg_isready and psql are taken from the same installation.
    BIN="$(dirname "$(readlink -f "$(command -v initdb)")")"
fi
if [ -z "$BIN" ]; then
    say "PostgreSQL er ikke installeret (initdb blev ikke fundet); installér pakken 'postgresql'."
    exit 1
fi

# PostgreSQL refuses to run as root: run the server tools as the 'postgres' user then.
if [ "$(id -u)" = "0" ]; then
    if ! id postgres >/dev/null 2>&1; then
        say "brugeren 'postgres' findes ikke; kan ikke starte PostgreSQL som root."
        exit 1
    fi
    as_pg() {
        if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"
        else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
    }
    mkdir -p "$BASE"
    chown postgres: "$BASE"
else
    as_pg() { "$@"; }
    mkdir -p "$BASE"
fi

if [ "${1:-}" = "--stop" ]; then
    if [ -s "$DATA/PG_VERSION" ] && as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
        say "stopper PostgreSQL i $DATA"
        as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2
    fi
    exit 0
fi

if [ ! -s "$DATA/PG_VERSION" ]; then
    say "initdb i $DATA"
    # C.UTF-8: UTF8 encoding and a Unicode-aware ctype, so to_tsvector lowercases Æ/Ø/Å.
    as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 >&2
    as_pg mkdir -p "$SOCK"
fi

if as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    say "klyngen i $DATA kører allerede"
else
    if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" 2>/dev/null; then
        say "port $PORT bruges af en anden server; vælg en anden med SOM_XL_TEST_PG_PORT."
        exit 1
    fi
    say "starter PostgreSQL på 127.0.0.1:$PORT"
    as_pg "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
        -o "-p $PORT -k $SOCK -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
fi

ready=""
for _ in $(seq 1 60); do
    if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U postgres; then ready=1; break; fi
    sleep 0.5
done
if [ -z "$ready" ]; then
    say "serveren svarer ikke på 127.0.0.1:$PORT; se loggen $LOG"
    exit 1
fi

PSQL=("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -X -q -v ON_ERROR_STOP=1)
if [ "$("${PSQL[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
    say "opretter databasen $DB"
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" >&2
fi

echo "export SOM_XL_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:${PORT}/${DB}"
