#!/usr/bin/env bash
# Runs a locally installed Elasticsearch node in the foreground on 127.0.0.1 (used only when it is on the PATH).
# Usage: elasticsearch.sh DATA_DIR PORT
# Security is off because the node listens on loopback only and serves one developer machine.
set -euo pipefail
data_dir="$1"; port="$2"
mkdir -p "$data_dir/data" "$data_dir/logs"
exec elasticsearch -E "path.data=$data_dir/data" -E "path.logs=$data_dir/logs" -E "http.port=$port" \
  -E network.host=127.0.0.1 -E discovery.type=single-node -E xpack.security.enabled=false
