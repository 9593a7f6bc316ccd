#!/usr/bin/env bash
# Draws docs/lineage-example.svg: starts a throwaway dev chain, seeds a 3-generation lineage
# through the `provenance` CLI (seven datasets, one derived; grants; a pretrained model, a
# fine-tune and an adapter), revokes one grant, and draws the adapter's lineage.
#
#   bash scripts/lineage-picture.sh [OUTPUT.svg]
# PROVENANCE_SKIP_BUILD=1 uses the binaries already built (see scripts/env.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ "${PROVENANCE_SKIP_BUILD:-}" = 1 ] || bash "$here/setup.sh"
# shellcheck source=scripts/env.sh
. "$here/env.sh"
provenance_build_node
out="${1:-$PROVENANCE_ROOT/docs/lineage-example.svg}"
port="${PROVENANCE_PICTURE_PORT:-9966}"

"$PROVENANCE_NODE_BIN" --dev --tmp --rpc-port "$port" --port 0 --prometheus-port 0 >/dev/null 2>&1 &
node_pid=$!
trap 'kill "$node_pid" 2>/dev/null; wait "$node_pid" 2>/dev/null || true' EXIT
export PROVENANCE_URL="ws://127.0.0.1:$port"
for _ in $(seq 60); do
	curl -fs -H 'content-type: application/json' \
		-d '{"id":1,"jsonrpc":"2.0","method":"system_health"}' "http://127.0.0.1:$port" >/dev/null && break
	sleep 1
done

p() { "$PROVENANCE_CLI_BIN" --quiet --wait in-block "$@"; }
h() { printf '0x%064x' "$1"; }

log "seeding: seven datasets of Alice's, one derived"
licenses=(CC-BY-4.0 CC0-1.0 CC-BY-SA-4.0 ODbL-1.0 CC-BY-4.0 MIT)
for i in 0 1 2 3 4 5; do
	p dataset register --suri //Alice --content-hash "$(h $((i + 1)))" \
		--uri "ipfs://dataset-$i" --license "${licenses[$i]}" --contributor //Charlie=100 >/dev/null
done
p dataset derive 0 --kind subset --suri //Alice --content-hash "$(h 7)" --uri ipfs://dataset-0-subset \
	--license CC-BY-4.0 >/dev/null
log "seeding: consent for Bob to train and fine-tune on each"
for d in 0 1 2 3 4 5 6; do
	p consent grant "$d" --suri //Alice --grantee //Bob --purpose training --purpose fine-tuning \
		--derivatives anyone --terms-hash "$(h 100)" --jurisdiction DE >/dev/null
done
log "seeding: base (pretrain) -> tuned (fine-tune) -> adapter"
p model register --suri //Bob --weights-hash "$(h 200)" --name base --version 1.0 --license Apache-2.0 --kind pretrain \
	--input 0:0 --input 1:1 --input 2:2 --input 3:3:validation >/dev/null
p model register --suri //Bob --weights-hash "$(h 201)" --name tuned --version 1.0 --license Apache-2.0 --kind fine-tune \
	--purpose fine-tuning --parent 0:fine-tune --input 4:4 --input 6:6 >/dev/null
p model register --suri //Bob --weights-hash "$(h 202)" --name adapter --version 1.0 --license Apache-2.0 --kind adapter \
	--purpose fine-tuning --parent 1:adapter --input 5:5:test >/dev/null
log "revoking grant 1 (dataset 1): every model is tainted"
"$PROVENANCE_CLI_BIN" --quiet consent revoke 1 --suri //Alice >/dev/null
"$PROVENANCE_CLI_BIN" lineage graph 2 --format svg -o "$out"
log "wrote $out"
