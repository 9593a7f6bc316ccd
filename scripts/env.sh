# shellcheck shell=bash
# The one place that says how Provenance Chain builds. Every script sources it, and a
# developer's shell can too: `source scripts/env.sh`.

PROVENANCE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PROVENANCE_ROOT

# Outside the clone at a stable path, so that every clone (and CI) builds incrementally.
PROVENANCE_CACHE="${PROVENANCE_CACHE:-$HOME/.cache/provenance-chain}"
export PROVENANCE_CACHE
export CARGO_TARGET_DIR="${PROVENANCE_TARGET_DIR:-$PROVENANCE_CACHE/target}"
# With the target dir outside the clone, the Wasm builder needs this to find Cargo.lock,
# so that the runtime's Wasm build uses the same locked versions.
export WASM_BUILD_WORKSPACE_HINT="$PROVENANCE_ROOT"
# frame-benchmarking-cli (runtime-benchmarks builds only) embeds a test runtime for
# parachain-style storage benchmarks. This solochain does not use it, and its Wasm build
# cannot find itself through the workspace hint above.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1

# Written by scripts/setup.sh: which Wasm toolchain builds the runtime.
PROVENANCE_WASM_ENV="$PROVENANCE_CACHE/wasm-toolchain.env"
export PROVENANCE_WASM_ENV
if [ -f "$PROVENANCE_WASM_ENV" ]; then
	# shellcheck disable=SC1090
	. "$PROVENANCE_WASM_ENV"
fi

export PATH="$HOME/.cargo/bin:$PATH"
export PROVENANCE_NODE_BIN="$CARGO_TARGET_DIR/release/provenance-node"
# The Python that scripts/setup.sh gives the tests (with the W3C `prov` library).
export PROVENANCE_PYTHON="$PROVENANCE_CACHE/venv/bin/python"

# The build every entry script shares, so that running the chain and running the tests
# reuse one set of artifacts.
provenance_build_node() {
	(cd "$PROVENANCE_ROOT" && cargo build --release --locked -p provenance-node "$@")
}

log() { printf '\033[1;34m[provenance]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[provenance] error:\033[0m %s\n' "$*" >&2; exit 1; }
