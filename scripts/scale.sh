#!/usr/bin/env bash
# Scale benchmark of issue 17 (tests/bench/scale.mjs): --records datasets, grants and models in a dev
# chain's state (10⁶ by default). The first --genesis (5×10⁵ by default) go in its genesis: a node
# holds its genesis in memory while it builds it, 10 GiB for 5×10⁵. The rest go in by
# sudo(system.setStorage). Query latency and block build time per extrinsic, empty vs full.
#   scripts/scale.sh [--records 1000000] [--genesis 500000] [--rounds 200] [--load 3000] [--keep] [--json <file>] [--quiet-file <path>]
# PROVENANCE_NODE_BIN picks another binary (nothing is built then). The defaults took 30 minutes and
# 18.3 GiB of memory at peak here; the temp space holds a 1.6 GiB spec and the full node's database.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/node-bench.sh" scale.mjs "$@"
