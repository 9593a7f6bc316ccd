#!/usr/bin/env bash
# try-runtime on real state, before a runtime upgrade (docs/validator.md, tools/try-runtime):
# builds this runtime with the `try-runtime` feature and the provenance-try-runtime tool, then
#   on-runtime-upgrade  runs the new runtime's migrations over a snapshot of the chain, with
#                       their pre/post-upgrade hooks, a decode of every storage value and every
#                       pallet's try_state, then runs them again (they must change nothing)
#   execute-block       re-executes a finalized block that holds real extrinsics with the new
#                       runtime, over its parent's state, then runs every try_state
# and prints PASS/FAIL per check; exits non-zero if any check failed.
#   scripts/try-runtime.sh [--rounds 3]        a throwaway `--dev` node, filled with datasets,
#                                              grants, models, a payment and claims
#                                              (tests/bench/fill-state.mjs), snapshotted, checked
#   scripts/try-runtime.sh --uri ws://127.0.0.1:9944 [--at 0xHASH] [--block 0xHASH]
#                                              your own running node (a live network): the
#                                              state at --at (default: finalized head) and the
#                                              block --block (default: finalized head)
# Options: --runtime FILE tests that Wasm (built with --features try-runtime) instead of
# building one; --dir DIR keeps the snapshot, the logs and the dev node's data in DIR.
# PROVENANCE_NODE_BIN picks the dev node's binary; PROVENANCE_TRY_RUNTIME_BIN a prebuilt tool.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
node_bin="${PROVENANCE_NODE_BIN:-}" # before env.sh, which sets its own
tool_bin="${PROVENANCE_TRY_RUNTIME_BIN:-}"
# shellcheck source=scripts/env.sh
. "$here/env.sh"

usage="usage: scripts/try-runtime.sh [--rounds N] | --uri WS [--at HASH] [--block HASH]; [--runtime WASM] [--dir DIR]"
uri="" at="" block="" runtime="" dir="" rounds=3
while [ $# -gt 0 ]; do
	case "$1" in
	--uri | --at | --block | --runtime | --dir | --rounds) [ $# -ge 2 ] || die "$1 needs a value; $usage" ;;&
	--uri) uri="$2" ;;
	--at) at="$2" ;;
	--block) block="$2" ;;
	--runtime) runtime="$2" ;;
	--dir) dir="$2" ;;
	--rounds) rounds="$2" ;;
	-h | --help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument $1; $usage" ;;
	esac
	shift 2
done
[ -z "$uri" ] || [[ "$uri" == ws://* || "$uri" == wss://* ]] || die "--uri must be a ws:// or wss:// address (got $uri)"
[ -n "$uri" ] || [ -z "$at$block" ] || die "--at and --block go with --uri"
if [ "${PROVENANCE_SKIP_BUILD:-}" != 1 ]; then
	bash "$here/setup.sh"
	# Again: setup.sh writes the Wasm toolchain's environment, which env.sh reads.
	# shellcheck source=scripts/env.sh
	. "$here/env.sh"
fi

if [ -n "$dir" ]; then
	mkdir -p "$dir"
	dir="$(cd "$dir" && pwd)"
else
	dir="$(mktemp -d "${TMPDIR:-/tmp}/provenance-try-runtime.XXXXXX")"
fi
log "snapshot and logs: $dir"

now() { printf '%s' "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
results=()
record() { results+=("$(printf '%-4s  %-20s %7s s  %s' "$1" "$2" "$3" "$4")"); }

# 1. The runtime under test: this tree with `try-runtime`, in a target dir of its own so that
# the node's artifacts stay as they are. `cargo check` runs the runtime's build script, which
# builds the Wasm in full, while the native crates are only type-checked.
if [ -z "$runtime" ]; then
	target="$PROVENANCE_CACHE/target-try-runtime"
	log "building the runtime with --features try-runtime in $target"
	t=$(now)
	(cd "$PROVENANCE_ROOT" && CARGO_TARGET_DIR="$target" WASM_BUILD_TYPE=release \
		cargo check --release --locked -p provenance-runtime --features try-runtime)
	runtime="$target/release/wbuild/provenance-runtime/provenance_runtime.compact.compressed.wasm"
	record "ok" "build runtime" "$(since "$t")" "$(basename "$runtime")"
fi
[ -f "$runtime" ] || die "no runtime at $runtime"
log "runtime under test: $runtime ($(wc -c <"$runtime") bytes)"

# 2. The tool, in the shared target dir; it does not link the runtime.
if [ -z "$tool_bin" ]; then
	log "building provenance-try-runtime"
	t=$(now)
	(cd "$PROVENANCE_ROOT" && SKIP_WASM_BUILD=1 cargo build --release --locked -p provenance-try-runtime)
	tool_bin="$CARGO_TARGET_DIR/release/provenance-try-runtime"
	record "ok" "build tool" "$(since "$t")" ""
fi
[ -x "$tool_bin" ] || die "no provenance-try-runtime at $tool_bin"

# 3. The chain: the given node, or a throwaway dev node filled with provenance data.
node_pid=""
cleanup() {
	if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then
		kill -INT "$node_pid" 2>/dev/null || true
		for _ in $(seq 1 60); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.5; done
		kill -KILL "$node_pid" 2>/dev/null || true
	fi
}
trap cleanup EXIT
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

if [ -z "$uri" ]; then
	if [ -z "$node_bin" ]; then
		# shellcheck disable=SC2119 # the node's default build: no extra cargo arguments
		provenance_build_node
		node_bin="$PROVENANCE_NODE_BIN"
	fi
	[ -x "$node_bin" ] || die "no node binary at $node_bin"
	rpc_port="$(free_port)"
	p2p_port="$(free_port)"
	uri="ws://127.0.0.1:$rpc_port"
	log "starting $node_bin --dev on $uri (log: $dir/node.log)"
	rm -rf "$dir/node"
	# Batches of 1000: the state download asks for values 1000 at a time and, refused by the
	# node's default cap of 64, halves its batches and waits 15 s per 1000 keys.
	"$node_bin" --dev --base-path "$dir/node" --rpc-port "$rpc_port" --rpc-max-batch-request-len 1000 \
		--listen-addr "/ip4/127.0.0.1/tcp/$p2p_port" --no-prometheus --no-telemetry --no-mdns \
		>"$dir/node.log" 2>&1 &
	node_pid=$!
	for _ in $(seq 1 240); do
		kill -0 "$node_pid" 2>/dev/null || { tail -n 20 "$dir/node.log" >&2; die "the dev node exited"; }
		curl -sf -H 'content-type: application/json' \
			-d '{"jsonrpc":"2.0","id":1,"method":"system_health","params":[]}' \
			"http://127.0.0.1:$rpc_port" >/dev/null 2>&1 && break
		sleep 0.5
	done

	log "filling the chain: $rounds rounds of datasets, grants, models, payments and claims"
	t=$(now)
	(cd "$PROVENANCE_ROOT/tests" && node bench/fill-state.mjs --uri "$uri" --rounds "$rounds") \
		>"$dir/fill.json" 2> >(tee "$dir/fill.log" >&2) || die "filling the chain failed (see $dir/fill.log)"
	# shellcheck disable=SC2016 # JavaScript, not shell
	fill_summary="$(node -e '
		const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").pop());
		console.log(`${s.datasets} datasets, ${s.grants} grants, ${s.models} models, ${s.payments} payments, ${s.claims} claims, ${s.pools} pools, ${s.scores} scores: ${s.extrinsics} extrinsics in ${s.blocks.length} blocks`);
		console.error(s.richest.hash + " " + s.richest.number + " " + s.richest.calls.join(","));
	' "$dir/fill.json" 2>"$dir/richest.txt")"
	record "ok" "fill" "$(since "$t")" "$fill_summary"
	read -r block block_number block_calls <"$dir/richest.txt"
	log "block to execute: #$block_number $block ($block_calls)"
fi

failed=0
# Runs one check: its output goes to the terminal and to $dir/NAME.log.
check() {
	local name="$1" t status=ok detail
	shift
	log "$name: $tool_bin $*"
	t=$(now)
	"$tool_bin" "$@" 2>&1 | tee "$dir/$name.log" || status=FAIL
	if [ "$status" = ok ]; then
		detail="$(grep -E '^(wrote|on-runtime-upgrade: OK|execute-block: OK|idempotency: OK|WARNING)' "$dir/$name.log" |
			cut -c1-160 | tr '\n' ' ')"
		record "PASS" "$name" "$(since "$t")" "$detail"
	else
		detail="$(grep -E '^error:' "$dir/$name.log" | head -n 1 | cut -c1-200)"
		record "FAIL" "$name" "$(since "$t")" "$detail (log: $dir/$name.log)"
		failed=1
	fi
}

snapshot="$dir/chain.snap"
check snapshot snapshot --uri "$uri" ${at:+--at "$at"} --path "$snapshot"
if [ -f "$snapshot" ]; then
	check on-runtime-upgrade on-runtime-upgrade --runtime "$runtime" --snapshot "$snapshot" --checks all
fi
check execute-block execute-block --runtime "$runtime" --uri "$uri" ${block:+--at "$block"} --try-state all

printf '\n%s\n' "try-runtime summary (runtime: $runtime)"
printf '%s\n' "${results[@]}"
if [ "$failed" = 0 ]; then
	printf 'PASS: every check passed\n'
else
	printf 'FAIL: see the logs in %s\n' "$dir"
	exit 1
fi
