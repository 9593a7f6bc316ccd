#!/usr/bin/env bash
# RPC latency of the node's auditor queries, over WebSocket and HTTP, on a real `--dev` node
# (tests/bench/rpc-latency.mjs): builds a fine-tune lineage, then prints p50/p99 per method.
# A benchmark: run it on a quiet machine and record the figures in docs/PERFORMANCE.md.
#   scripts/rpc-latency.sh [--depth 32] [--inputs 1] [--rounds 200] [--walk-rounds 30]
# PROVENANCE_NODE_BIN picks another binary (for a before/after comparison).
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/node-bench.sh" rpc-latency.mjs "$@"
