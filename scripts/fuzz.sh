#!/usr/bin/env bash
# Builds the runtime fuzzer (release) and runs it; arguments go to it, e.g.
#   scripts/fuzz.sh --seed 7 --calls 1000000
#   scripts/fuzz.sh --seeds 8 --calls 200000
# It exits non-zero on a finding, printing the seed and call count that reproduce it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/env.sh
. "$here/env.sh"
cd "$PROVENANCE_ROOT"

# The fuzzer runs the runtime natively: no Wasm. Built alone, the package resolves its own
# features, so these artifacts are separate from the node's.
log "building provenance-fuzz (release) in $CARGO_TARGET_DIR"
SKIP_WASM_BUILD=1 cargo build --release --locked -p provenance-fuzz
exec "$CARGO_TARGET_DIR/release/provenance-fuzz" "$@"
