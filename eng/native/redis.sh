#!/usr/bin/env bash
# Runs a local Redis server in the foreground on 127.0.0.1 for native mode and the test harness.
# Usage: redis.sh DATA_DIR PORT PASSWORD_FILE [--persist]
set -euo pipefail
data_dir="$1"; port="$2"; password_file="$3"; persist="${4:-}"
command -v redis-server >/dev/null || { echo "redis-server not found; run ./skillswap install" >&2; exit 127; }
mkdir -p "$data_dir"
persistence=(--save "" --appendonly no)
if [[ "$persist" == "--persist" ]]; then
  persistence=(--save "60 1" --appendonly yes)
fi
exec redis-server --bind 127.0.0.1 --port "$port" --dir "$data_dir" --requirepass "$(cat "$password_file")" \
  --protected-mode yes --daemonize no "${persistence[@]}"
