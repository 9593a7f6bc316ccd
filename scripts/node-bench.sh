#!/usr/bin/env bash
# Runs one of tests/bench/*.mjs against a release `provenance-node`: the binary named by
# PROVENANCE_NODE_BIN if given (nothing is built then), else this tree's, built first.
# The scripts rpc-latency.sh, rpc-load.sh and crash-safety.sh call it; arguments after the
# bench's file name go to the bench.
#   scripts/node-bench.sh <bench.mjs> [arguments...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
node_bin="${PROVENANCE_NODE_BIN:-}" # before env.sh, which sets its own
[ -n "$node_bin" ] || [ "${PROVENANCE_SKIP_BUILD:-}" = 1 ] || bash "$here/setup.sh"
# shellcheck source=scripts/env.sh
. "$here/env.sh"
[ $# -ge 1 ] || die "usage: scripts/node-bench.sh <bench.mjs> [arguments...]"
bench="$1"
shift
[ -f "$PROVENANCE_ROOT/tests/bench/$bench" ] || die "no tests/bench/$bench"
if [ -z "$node_bin" ]; then
	provenance_build_node
	node_bin="$PROVENANCE_NODE_BIN"
fi
[ -x "$node_bin" ] || die "no node binary at $node_bin"
cd "$PROVENANCE_ROOT/tests"
PROVENANCE_NODE_BIN="$node_bin" exec node "bench/$bench" "$@"
