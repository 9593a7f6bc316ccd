#!/usr/bin/env bash
# One command from a fresh clone to a running dev chain: installs what is missing, builds
# provenance-node, and runs `provenance-node --dev --tmp --rpc-port 9944` (a throwaway chain;
# Ctrl-C stops it and the node removes its base path). Extra arguments go to the node, and
# an option given there replaces the default one (`--chain` replaces `--dev`, `--base-path`
# replaces `--tmp`), e.g.
#   scripts/run-dev.sh --rpc-port 9955
#   scripts/run-dev.sh --base-path ./dev-chain     # keep the chain between runs
#   scripts/run-dev.sh --help                      # the node's options
# PROVENANCE_SKIP_BUILD=1 skips setup.sh and the build and runs the binary already built
# (see scripts/env.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ "${PROVENANCE_SKIP_BUILD:-}" = 1 ] || bash "$here/setup.sh"
# shellcheck source=scripts/env.sh
. "$here/env.sh"

provenance_build_node
[ -x "$PROVENANCE_NODE_BIN" ] || die "no node binary at $PROVENANCE_NODE_BIN"

args=("$@")
# Did the user pass any of these options (as `--opt`, `--opt value` or `--opt=value`)?
passed() {
	local arg opt
	for arg in "${args[@]}"; do
		for opt in "$@"; do [[ "$arg" == "$opt" || "$arg" == "$opt="* ]] && return 0; done
	done
	return 1
}
defaults=()
passed --dev --chain || defaults+=(--dev)
passed --tmp --base-path -d || defaults+=(--tmp)
passed --rpc-port || defaults+=(--rpc-port 9944)

rpc_port=9944
for ((i = 0; i < ${#args[@]}; i++)); do
	case "${args[i]}" in
	--rpc-port) rpc_port="${args[i + 1]:-}" ;;
	--rpc-port=*) rpc_port="${args[i]#*=}" ;;
	esac
done
log "RPC endpoint: ws://127.0.0.1:$rpc_port (HTTP on the same port); Ctrl-C stops the chain"
exec "$PROVENANCE_NODE_BIN" "${defaults[@]}" "$@"
