#!/usr/bin/env bash
# Runs a locally installed mongod in the foreground on 127.0.0.1 (used only when mongod is on the PATH).
# Usage: mongodb.sh DATA_DIR PORT
set -euo pipefail
data_dir="$1"; port="$2"
mkdir -p "$data_dir"
# A one-member replica set, so multi-document transactions work; the document store initiates it on first start.
exec mongod --dbpath "$data_dir" --port "$port" --bind_ip 127.0.0.1 --replSet rs0
