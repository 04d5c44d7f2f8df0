#!/usr/bin/env bash
# Runs a local RabbitMQ node in the foreground on 127.0.0.1 for native mode and the test harness.
# Usage: rabbitmq.sh DATA_DIR PORT PASSWORD_FILE
# RabbitMQ reads its node name, ports and folders from the environment; everything lives under DATA_DIR
# so several nodes (the app's, each test run's) can coexist on one machine.
set -euo pipefail
data_dir="$1"; port="$2"; password_file="$3"
server="/usr/lib/rabbitmq/bin/rabbitmq-server"
[[ -x "$server" ]] || server="$(command -v rabbitmq-server || true)"
[[ -n "$server" ]] || { echo "rabbitmq-server not found; run ./skillswap install" >&2; exit 127; }

mkdir -p "$data_dir/mnesia" "$data_dir/log" "$data_dir/home"
node_suffix="$(printf '%s' "$data_dir" | md5sum | cut -c1-10)"
cat > "$data_dir/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$port
loopback_users = none
default_user = skillswap
default_pass = $(cat "$password_file")
log.console = true
log.console.level = warning
log.file = false
CONF
[[ -f "$data_dir/home/.erlang.cookie" ]] || { head -c 32 /dev/urandom | md5sum | cut -c1-20 > "$data_dir/home/.erlang.cookie"; }
chmod 400 "$data_dir/home/.erlang.cookie"

# The Erlang distribution and epmd ports default to offsets of the AMQP port so nodes never collide;
# callers that allocate free ports pass them explicitly.
export HOME="$data_dir/home"
export RABBITMQ_NODENAME="skillswap-$node_suffix@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$port"
export RABBITMQ_DIST_PORT="${SKILLSWAP_RABBITMQ_DIST_PORT:-$((port + 20000 > 65000 ? port - 20000 : port + 20000))}"
export ERL_EPMD_PORT="${SKILLSWAP_EPMD_PORT:-$((port + 1 > 65000 ? port - 1 : port + 1))}"
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_CONFIG_FILE="$data_dir/rabbitmq"
export RABBITMQ_MNESIA_BASE="$data_dir/mnesia"
export RABBITMQ_LOG_BASE="$data_dir/log"
export RABBITMQ_ENABLED_PLUGINS_FILE="$data_dir/enabled_plugins"
export RABBITMQ_ENABLED_PLUGINS="[]"
# Keep the Erlang distribution listener on loopback too.
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
[[ -f "$RABBITMQ_ENABLED_PLUGINS_FILE" ]] || echo "[]." > "$RABBITMQ_ENABLED_PLUGINS_FILE"
cd "$data_dir"
export ERL_CRASH_DUMP="$data_dir/log/erl_crash.dump"

# The Erlang VM leaves an epmd daemon behind on our private port; stop it together with the node.
stop_node() {
  kill -TERM "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  epmd -kill >/dev/null 2>&1 || true
  exit 0
}
trap stop_node TERM INT
"$server" &
server_pid=$!
wait "$server_pid" || status=$?
epmd -kill >/dev/null 2>&1 || true
exit "${status:-0}"
