#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the storage tests (never for real data).
#
#   scripts/pg_test_server.sh start [DIR]   start a cluster in DIR (default: a new temp dir)
#                                           on 127.0.0.1 and a free port; prints the URL
#                                           for TVERRKART_TEST_POSTGRES_URL on stdout and
#                                           the directory on stderr
#   scripts/pg_test_server.sh stop DIR      stop it by the PID in DIR/data/postmaster.pid
#                                           and remove DIR
#
# In CI (.ci/run):
#   PG_DIR=$(mktemp -d)
#   TVERRKART_TEST_POSTGRES_URL=$(scripts/pg_test_server.sh start "$PG_DIR")
#   trap 'scripts/pg_test_server.sh stop "$PG_DIR"' EXIT
#
# Needs PostgreSQL's server programs (Debian: apt-get install -y postgresql). As root,
# the cluster runs as the user postgres (initdb refuses root). It listens only on
# 127.0.0.1 (password required) and on a Unix socket inside DIR; fsync is off, since
# the data is thrown away.
set -euo pipefail

die() { echo "pg_test_server: $*" >&2; exit 1; }

pg_bin() {
    if [[ -n "${PGBIN:-}" ]]; then echo "$PGBIN"; return; fi
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$dir" ]]; then echo "$dir"; return; fi
    command -v pg_ctl >/dev/null 2>&1 || die "finner ikke PostgreSQL (pg_ctl). Installer: apt-get install -y postgresql"
    dirname "$(command -v pg_ctl)"
}

# Run a command as the cluster's owner: postgres when we are root, else ourselves.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    local dir="${1:-}"
    if [[ -z "$dir" ]]; then dir=$(mktemp -d "${TMPDIR:-/tmp}/tverrkart-pg.XXXXXX"); fi
    mkdir -p "$dir"
    [[ -e "$dir/data" ]] && die "$dir/data finnes allerede; stopp den gamle klyngen først (stop $dir)"
    local bin port password
    bin=$(pg_bin)
    port=$(free_port)
    password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "brukeren postgres finnes ikke (installer postgresql)"
        chown postgres: "$dir"
    fi
    chmod 700 "$dir"
    printf '%s\n' "$password" > "$dir/pwfile"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir/pwfile"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb feilet"; }
    rm -f "$dir/pwfile"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null \
        || { cat "$dir/server.log" >&2; die "PostgreSQL startet ikke"; }
    echo "$dir" >&2
    echo "postgresql+psycopg://postgres:${password}@127.0.0.1:${port}/postgres"
}

stop() {
    local dir="${1:-}"
    [[ -n "$dir" ]] || die "bruk: $0 stop DIR"
    local pidfile="$dir/data/postmaster.pid"
    if [[ -f "$pidfile" ]]; then
        local pid
        pid=$(head -n 1 "$pidfile")
        [[ "$pid" =~ ^[0-9]+$ ]] || die "ugyldig PID i $pidfile"
        # SIGINT = "fast" shutdown: disconnect clients, roll back, stop cleanly.
        kill -INT "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    # Only ever remove a directory that holds a cluster we made.
    if [[ -d "$dir/data" || -f "$dir/server.log" ]]; then
        rm -rf "$dir"
    fi
}

case "${1:-}" in
    start) shift; start "${1:-}" ;;
    stop) shift; stop "${1:-}" ;;
    *) echo "bruk: $0 start [DIR] | stop DIR" >&2; exit 2 ;;
esac
