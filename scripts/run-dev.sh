#!/usr/bin/env bash
# One command from a fresh clone to a running dev chain: installs what is missing, builds
# provenance-node, and runs `provenance-node --dev` on a temporary base path.
# Extra arguments go to the node, e.g. `scripts/run-dev.sh --rpc-port 9955`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/setup.sh"
# shellcheck source=scripts/env.sh
. "$here/env.sh"

log "building provenance-node (release; the first build takes a while)"
provenance_build_node

base="$(mktemp -d "${TMPDIR:-/tmp}/provenance-dev.XXXXXX")"
trap 'rm -rf "$base"' EXIT

rpc_port=9944
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
	case "${args[$i]}" in
	--rpc-port) rpc_port="${args[$((i + 1))]:-$rpc_port}" ;;
	--rpc-port=*) rpc_port="${args[$i]#--rpc-port=}" ;;
	esac
done

log "dev chain: base path $base"
log "RPC endpoint: ws://127.0.0.1:$rpc_port (HTTP on the same port); Ctrl-C stops the chain"
"$PROVENANCE_NODE_BIN" --dev --base-path "$base" --rpc-port "$rpc_port" "$@" &
node_pid=$!
trap 'kill -INT $node_pid 2>/dev/null; wait $node_pid 2>/dev/null; rm -rf "$base"' EXIT INT TERM
wait $node_pid
