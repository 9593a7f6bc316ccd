#!/usr/bin/env bash
# Scale benchmark of issue 17 (tests/bench/scale.mjs): --records datasets, grants and models put in a
# dev chain's genesis (10⁶ by default; a 10⁵-record genesis already takes 2.5 GiB of node memory);
# query latency and block build time per extrinsic, empty vs full.
#   scripts/scale.sh [--records 1000000] [--rounds 200] [--load 3000] [--keep] [--json <file>] [--quiet-file <path>]
# PROVENANCE_NODE_BIN picks another binary (nothing is built then). Needs ~3 GB of temp space.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/node-bench.sh" scale.mjs "$@"
