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
stage_started=$started
timings=""
# Records how long the stage that just ended took; the summary prints them all.
stage_done() {
	local now
	now=$(date +%s)
	timings+="$(printf '  %-44s %5d s' "$1" $((now - stage_started)))"$'\n'
	stage_started=$now
}

log "formatting (cargo fmt --check; vendor/ keeps upstream's formatting)"
mapfile -t own < <(cargo metadata --no-deps --format-version 1 --offline --locked |
	python3 -c 'import json, sys
for p in json.load(sys.stdin)["packages"]:
    if "/vendor/" not in p["manifest_path"]:
        print(p["name"])')
[ "${#own[@]}" -gt 0 ] || die "cargo metadata listed no packages"
cargo fmt --check $(printf -- '-p %s ' "${own[@]}") ||
	die "unformatted code: run 'cargo fmt $(printf -- '-p %s ' "${own[@]}")'"
stage_done "cargo fmt --check"

provenance_build_node
stage_done "build provenance-node"

log "clippy: every crate and target, warnings are errors"
SKIP_WASM_BUILD=1 cargo clippy --release --locked --workspace --all-targets -- -D warnings
stage_done "cargo clippy"

log "Rust tests (release profile, sharing the node's artifacts; includes the fuzzer's short mode)"
cargo test --release --locked --workspace
stage_done "cargo test --workspace"

# The benchmarks' own tests: every benchmark's setup runs and verifies against the pallet's
# mock, natively, with no Wasm.
log "benchmark tests (runtime-benchmarks, native)"
SKIP_WASM_BUILD=1 cargo test --release --locked --features runtime-benchmarks \
	-p pallet-datasets -p pallet-consent -p pallet-lineage -p pallet-rewards -p pallet-validator-set \
	benchmark
stage_done "benchmark tests"

log "end-to-end tests against $PROVENANCE_NODE_BIN"
[ -x "$PROVENANCE_NODE_BIN" ] || die "no node binary at $PROVENANCE_NODE_BIN"
(cd tests && PROVENANCE_NODE_BIN="$PROVENANCE_NODE_BIN" npm test --silent)
stage_done "end-to-end tests"

log "network test: two validators and an auditor node under zombienet (native provider)"
bash "$here/zombienet.sh" test "$PROVENANCE_ROOT/zombienet/smoke-2.zndsl"
stage_done "zombienet smoke-2"

printf '%s' "$timings"
log "all tests passed in $(($(date +%s) - started)) s"
