#!/usr/bin/env bash
# Local multi-validator networks with zombienet's native provider (no containers).
#   scripts/zombienet.sh spawn [config.toml]   launch and keep running (default zombienet/local-4.toml)
#   scripts/zombienet.sh test  [test.zndsl]    launch, run the zndsl checks, tear down
#                                              (default zombienet/smoke-2.zndsl)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ "${PROVENANCE_SKIP_BUILD:-}" = 1 ] || bash "$here/setup.sh"
# shellcheck source=scripts/env.sh
. "$here/env.sh"

cmd="${1:-spawn}"
case "$cmd" in
spawn) target="${2:-$PROVENANCE_ROOT/zombienet/local-4.toml}" ;;
test) target="${2:-$PROVENANCE_ROOT/zombienet/smoke-2.zndsl}" ;;
*) die "usage: scripts/zombienet.sh spawn|test [file] (got: $*)" ;;
esac
[ -f "$target" ] || die "no such file: $target"
target="$(cd "$(dirname "$target")" && pwd)/$(basename "$target")"

provenance_build_node
[ -x "$PROVENANCE_NODE_BIN" ] || die "no node binary at $PROVENANCE_NODE_BIN"

# zombienet runs `provenance-node` from PATH.
export PATH="$(dirname "$PROVENANCE_NODE_BIN"):$PATH"
net_dir="$(mktemp -d "${TMPDIR:-/tmp}/provenance-zombienet.XXXXXX")"
rmdir "$net_dir"
log "network files and node logs: $net_dir"
cd "$PROVENANCE_ROOT/zombienet"
exec npx --no-install zombienet --provider native --spawn-concurrency 1 --logType text \
	--dir "$net_dir" --force "$cmd" "$target"
