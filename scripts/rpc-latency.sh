#!/usr/bin/env bash
# RPC latency of the node's auditor queries, over WebSocket and HTTP, on a real `--dev` node
# (tests/bench/rpc-latency.mjs): builds a fine-tune lineage, then prints p50/p99 per method.
# A benchmark: run it on a quiet machine and record the figures in docs/PERFORMANCE.md.
#   scripts/rpc-latency.sh [--depth 32] [--rounds 200]
# PROVENANCE_NODE_BIN picks another binary (for a before/after comparison).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
node_bin="${PROVENANCE_NODE_BIN:-}" # before env.sh, which sets its own
[ -n "$node_bin" ] || [ "${PROVENANCE_SKIP_BUILD:-}" = 1 ] || bash "$here/setup.sh"
# shellcheck source=scripts/env.sh
. "$here/env.sh"
if [ -z "$node_bin" ]; then
	provenance_build_node
	node_bin="$PROVENANCE_NODE_BIN"
fi
[ -x "$node_bin" ] || die "no node binary at $node_bin"
cd "$PROVENANCE_ROOT/tests"
PROVENANCE_NODE_BIN="$node_bin" exec node bench/rpc-latency.mjs "$@"
