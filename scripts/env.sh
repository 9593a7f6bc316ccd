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
# PROVENANCE_SKIP_BUILD=1: the entry scripts (run-dev.sh, test.sh, zombienet.sh,
# fault-tests.sh, benchmark.sh) neither run setup.sh nor build provenance-node; they use
# the binary already there, at $PROVENANCE_NODE_BIN if that is set. The tests of the
# scripts themselves run them this way.
if [ "${PROVENANCE_SKIP_BUILD:-}" != 1 ] || [ -z "${PROVENANCE_NODE_BIN:-}" ]; then
	export PROVENANCE_NODE_BIN="$CARGO_TARGET_DIR/release/provenance-node"
fi
# The `provenance` CLI, built with the node.
export PROVENANCE_CLI_BIN="${PROVENANCE_CLI_BIN:-$CARGO_TARGET_DIR/release/provenance}"
# The Python that scripts/setup.sh gives the tests (with the W3C `prov` library).
export PROVENANCE_PYTHON="$PROVENANCE_CACHE/venv/bin/python"

# The build every entry script shares, so that running the chain and running the tests
# reuse one set of artifacts. Arguments go to cargo (e.g. `--features runtime-benchmarks`).
provenance_build_node() {
	if [ "${PROVENANCE_SKIP_BUILD:-}" = 1 ]; then
		log "PROVENANCE_SKIP_BUILD=1: not building provenance-node"
		return 0
	fi
	log "building provenance-node and the provenance CLI (release${*:+, $*}) in $CARGO_TARGET_DIR; the first build takes a while"
	# One cargo invocation, so that both share one feature resolution and one set of
	# artifacts. A build with extra arguments (benchmarks) is of the node alone.
	local packages=(-p provenance-node -p provenance-client)
	[ $# -eq 0 ] || packages=(-p provenance-node)
	(cd "$PROVENANCE_ROOT" && cargo build --release --locked "${packages[@]}" "$@")
}

log() { printf '\033[1;34m[provenance]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[provenance] error:\033[0m %s\n' "$*" >&2; exit 1; }
