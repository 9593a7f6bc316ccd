#!/usr/bin/env bash
# Local multi-validator networks with zombienet's native provider (no containers).
#   scripts/zombienet.sh spawn [config.toml]   launch and keep running (default zombienet/local-4.toml)
#   scripts/zombienet.sh test  [test.zndsl]    launch, run the zndsl checks, tear down
#                                              (default zombienet/smoke-2.zndsl)
#   scripts/zombienet.sh upgrade               build this runtime one spec_version higher
#                                              (feature `upgrade-test`) and run upgrade.zndsl:
#                                              a council motion upgrades the live network
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ "${PROVENANCE_SKIP_BUILD:-}" = 1 ] || bash "$here/setup.sh"
# shellcheck source=scripts/env.sh
. "$here/env.sh"

cmd="${1:-spawn}"
case "$cmd" in
spawn) target="${2:-$PROVENANCE_ROOT/zombienet/local-4.toml}" ;;
test) target="${2:-$PROVENANCE_ROOT/zombienet/smoke-2.zndsl}" ;;
upgrade) target="$PROVENANCE_ROOT/zombienet/upgrade.zndsl" ;;
*) die "usage: scripts/zombienet.sh spawn|test [file] | upgrade (got: $*)" ;;
esac
[ -f "$target" ] || die "no such file: $target"
target="$(cd "$(dirname "$target")" && pwd)/$(basename "$target")"

provenance_build_node
[ -x "$PROVENANCE_NODE_BIN" ] || die "no node binary at $PROVENANCE_NODE_BIN"

if [ "$cmd" = upgrade ]; then
	# The upgrade is the same source with `upgrade-test`, which raises spec_version by one.
	# Built in a target dir of its own, so that the node's artifacts stay as they are. Only
	# the Wasm is needed: `cargo check` runs the runtime's build script, which builds the Wasm
	# in full, while the native crates are only type-checked. The first build is a cold one.
	upgrade_target="$PROVENANCE_CACHE/target-upgrade"
	log "building the upgrade runtime (feature upgrade-test) in $upgrade_target"
	(cd "$PROVENANCE_ROOT" && CARGO_TARGET_DIR="$upgrade_target" WASM_BUILD_TYPE=release \
		cargo check --release --locked -p provenance-runtime --features upgrade-test,metadata-hash)
	PROVENANCE_UPGRADE_WASM="$upgrade_target/release/wbuild/provenance-runtime/provenance_runtime.compact.compressed.wasm"
	[ -f "$PROVENANCE_UPGRADE_WASM" ] || die "no upgrade runtime at $PROVENANCE_UPGRADE_WASM"
	export PROVENANCE_UPGRADE_WASM
	cmd=test
fi

# zombienet runs `provenance-node` from PATH.
export PATH="$(dirname "$PROVENANCE_NODE_BIN"):$PATH"
net_dir="$(mktemp -d "${TMPDIR:-/tmp}/provenance-zombienet.XXXXXX")"
rmdir "$net_dir"
log "network files and node logs: $net_dir"
cd "$PROVENANCE_ROOT/zombienet"
exec npx --no-install zombienet --provider native --spawn-concurrency 1 --logType text \
	--dir "$net_dir" --force "$cmd" "$target"
