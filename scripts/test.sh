#!/usr/bin/env bash
# One command from a fresh clone to the full test suite: installs what is missing, builds
# provenance-node, runs the Rust tests and the end-to-end tests against the real node.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ "${PROVENANCE_SKIP_BUILD:-}" = 1 ] || bash "$here/setup.sh"
# shellcheck source=scripts/env.sh
. "$here/env.sh"
[ $# -eq 0 ] || die "usage: scripts/test.sh (it takes no arguments; got: $*)"
cd "$PROVENANCE_ROOT"

started=$(date +%s)
provenance_build_node

log "Rust tests (release profile, sharing the node's artifacts)"
cargo test --release --locked --workspace

log "end-to-end tests against $PROVENANCE_NODE_BIN"
[ -x "$PROVENANCE_NODE_BIN" ] || die "no node binary at $PROVENANCE_NODE_BIN"
(cd tests && PROVENANCE_NODE_BIN="$PROVENANCE_NODE_BIN" npm test --silent)

log "network test: two validators and an auditor node under zombienet (native provider)"
bash "$here/zombienet.sh" test "$PROVENANCE_ROOT/zombienet/smoke-2.zndsl"

log "all tests passed in $(($(date +%s) - started)) s"
