#!/usr/bin/env bash
# Scale benchmark of issue 17 (tests/bench/scale.mjs): --records datasets, grants and models put in a
# dev chain's state (10⁶ by default), the first --genesis of them in its genesis (a node holds its
# genesis in memory while it builds it: 10 GiB for 5×10⁵) and the rest by sudo(system.setStorage);
# query latency and block build time per extrinsic, empty vs full.
#   scripts/scale.sh [--records 1000000] [--genesis 500000] [--rounds 200] [--load 3000] [--keep] [--json <file>] [--quiet-file <path>]
# PROVENANCE_NODE_BIN picks another binary (nothing is built then). Needs ~3 GB of temp space.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/node-bench.sh" scale.mjs "$@"
