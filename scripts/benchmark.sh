#!/usr/bin/env bash
# Builds provenance-node with `runtime-benchmarks` and runs `benchmark pallet` for one pallet,
# writing its weights file. Usage:
#   scripts/benchmark.sh <pallet_name> <output weights.rs> [extra benchmark pallet args]
#     (an output under runtime/, e.g. runtime/src/weights/pallet_balances.rs, is an upstream
#     pallet's weights for the runtime to use: written with the generator's own template)
#   scripts/benchmark.sh --list            list the benchmarks the runtime offers
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ "${PROVENANCE_SKIP_BUILD:-}" = 1 ] || bash "$here/setup.sh"
# shellcheck source=scripts/env.sh
. "$here/env.sh"
cd "$PROVENANCE_ROOT"
if [ "${1:-}" != --list ] && [ $# -lt 2 ]; then
	die "usage: scripts/benchmark.sh <pallet_name> <output weights.rs> [args] | --list"
fi

# A target dir of its own: `runtime-benchmarks` changes features deep in the tree (sp-runtime
# and all above it), so sharing the main one would rebuild nearly everything on each switch
# and replace the node binary the tests use with the benchmarking one.
export CARGO_TARGET_DIR="${PROVENANCE_BENCH_TARGET_DIR:-$PROVENANCE_CACHE/target-bench}"
provenance_build_node --features runtime-benchmarks
bin="$CARGO_TARGET_DIR/release/provenance-node"
[ -x "$bin" ] || die "no node binary at $bin"

if [ "${1:-}" = "--list" ]; then
	exec "$bin" benchmark pallet --chain dev --list
fi
pallet="$1"
output="$2"
shift 2

# Our pallets' files carry their own `WeightInfo` trait (our template); an upstream pallet's
# file, written under runtime/, implements that pallet's trait (the generator's own template).
template=(--template "$PROVENANCE_ROOT/scripts/weight-template.hbs")
case "${output#./}" in runtime/* | "$PROVENANCE_ROOT"/runtime/*) template=() ;; esac

log "benchmark pallet $pallet -> $output"
"$bin" benchmark pallet \
	--chain dev \
	--pallet "$pallet" \
	--extrinsic '*' \
	--steps 50 \
	--repeat 20 \
	--wasm-execution compiled \
	--heap-pages 4096 \
	"${template[@]}" \
	--output "$output" \
	"$@"
