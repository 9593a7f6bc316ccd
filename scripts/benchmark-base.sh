#!/usr/bin/env bash
# Measures the runtime's base costs on this machine and writes them into the runtime:
#   - `benchmark storage` on a ParityDB state of realistic size: the read and write cost of
#     one storage item -> runtime/src/weights/paritydb_weights.rs (`DbWeight`);
#   - `benchmark overhead`: the cost of an empty block and of one extrinsic ->
#     runtime/src/weights/{block,extrinsic}_weights.rs.
# The state is the development genesis plus PROVENANCE_BENCH_ACCOUNTS funded accounts
# (default 200000), imported into a database by the normal node binary, then measured by the
# benchmarking binary against the same raw chain spec. Usage:
#   scripts/benchmark-base.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ "${PROVENANCE_SKIP_BUILD:-}" = 1 ] || bash "$here/setup.sh"
# shellcheck source=scripts/env.sh
. "$here/env.sh"
cd "$PROVENANCE_ROOT"
[ $# -eq 0 ] || die "usage: scripts/benchmark-base.sh (no arguments; got: $*)"

accounts="${PROVENANCE_BENCH_ACCOUNTS:-200000}"
provenance_build_node
node_bin="$PROVENANCE_NODE_BIN"
bench_target="${PROVENANCE_BENCH_TARGET_DIR:-$PROVENANCE_CACHE/target-bench}"
(CARGO_TARGET_DIR="$bench_target" provenance_build_node --features runtime-benchmarks)
bench_bin="$bench_target/release/provenance-node"

work="$(mktemp -d "${TMPDIR:-/tmp}/provenance-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
log "chain spec: the dev preset plus $accounts funded accounts ($work)"
"$node_bin" build-spec --chain dev > "$work/plain.json" 2>/dev/null
python3 - "$work/plain.json" "$accounts" <<'PY'
import hashlib, json, sys
path, count = sys.argv[1], int(sys.argv[2])
ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
def b58(data):
    n = int.from_bytes(data, "big"); out = ""
    while n:
        n, r = divmod(n, 58); out = ALPHABET[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out
def ss58(account):
    body = bytes([42]) + account
    return b58(body + hashlib.blake2b(b"SS58PRE" + body, digest_size=64).digest()[:2])
spec = json.load(open(path))
balances = spec["genesis"]["runtimeGenesis"]["patch"]["balances"]["balances"]
for i in range(count):
    balances.append([ss58(hashlib.blake2b(i.to_bytes(8, "little"), digest_size=32).digest()), 10**15])
json.dump(spec, open(path, "w"))
PY
"$node_bin" build-spec --chain "$work/plain.json" --raw > "$work/raw.json" 2>/dev/null
# Opening the database writes the genesis state into it.
"$node_bin" export-blocks --chain "$work/raw.json" --base-path "$work/db" --from 0 --to 0 \
	"$work/genesis.blocks" 2>"$work/import.log" || { cat "$work/import.log" >&2; die "could not create the database"; }

mkdir -p runtime/src/weights
log "benchmark storage (ParityDB, state version 1, no trie cache)"
"$bench_bin" benchmark storage --chain "$work/raw.json" --base-path "$work/db" \
	--state-version 1 --weight-path runtime/src/weights/ 2>&1 | tee "$work/storage.log" >&2
# The generator's doc comment calls ParityDB experimental; for this node it is the only database.
sed -i -e '/`ParityDB` can be enabled with a feature flag/,/may want to try this out as default/c\
\t\t/// ParityDB is the node'"'"'s only database: measured by `scripts/benchmark-base.sh`.' \
	runtime/src/weights/paritydb_weights.rs
log "benchmark overhead"
"$bench_bin" benchmark overhead --chain "$work/raw.json" --wasm-execution compiled \
	--weight-path runtime/src/weights/ 2>&1 | tee "$work/overhead.log" >&2
cargo fmt -p provenance-runtime
log "wrote runtime/src/weights/{paritydb_weights,block_weights,extrinsic_weights}.rs"
