#!/usr/bin/env bash
# Runs a local PostgreSQL server in the foreground on 127.0.0.1 for native mode and the test harness.
# Usage: postgres.sh DATA_DIR PORT PASSWORD_FILE [extra postgres -c settings...]
# The cluster is created on first use and kept afterwards, so data survives restarts.
set -euo pipefail
data_dir="$1"; port="$2"; password_file="$3"; shift 3

bin_dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
[[ -x "$bin_dir/postgres" ]] || { echo "PostgreSQL server binaries not found; run ./skillswap install" >&2; exit 127; }

# postgres refuses to run as root: drop to the postgres account, which must own and reach the data.
as_server_user=()
if [[ "$(id -u)" == 0 ]]; then
  as_server_user=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi

mkdir -p "$data_dir"
if [[ ${#as_server_user[@]} -gt 0 ]]; then
  # A private parent (mktemp -d makes 0700 folders) would hide the data from the postgres account.
  parent="$(dirname "$data_dir")"
  [[ "$(stat -c %U "$parent")" == root ]] && chmod a+x "$parent"
  chown postgres:postgres "$data_dir"
  chmod 700 "$data_dir"
  if ! "${as_server_user[@]}" test -w "$data_dir"; then
    echo "user postgres cannot reach $data_dir: choose a state folder whose parents are world-executable" >&2
    exit 1
  fi
fi

if [[ ! -f "$data_dir/PG_VERSION" ]]; then
  pwfile="$(mktemp)"
  cp "$password_file" "$pwfile"
  [[ ${#as_server_user[@]} -gt 0 ]] && chown postgres "$pwfile"
  "${as_server_user[@]}" "$bin_dir/initdb" --pgdata="$data_dir" --username=postgres --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
fi

settings=(-c listen_addresses=127.0.0.1 -c "unix_socket_directories=$data_dir" -c max_connections=300)
for setting in "$@"; do settings+=(-c "$setting"); done
exec "${as_server_user[@]}" "$bin_dir/postgres" -D "$data_dir" -p "$port" "${settings[@]}"
