#!/usr/bin/env bash
# RPC load on a real `--dev` node (tests/bench/rpc-load.mjs): builds state that puts the
# costliest auditor queries at their caps, then has concurrent WebSocket and HTTP clients send
# batches of 64 of them for a bounded time, and measures block intervals, finality, the node's
# memory and the latency of a cheap call against a window without load. Exits non-zero when
# block intervals under load are not within 10 % of the slot for >= 95 % of blocks, or
# finality stalls. A benchmark: run it on a quiet machine and record the figures in
# docs/PERFORMANCE.md.
#   scripts/rpc-load.sh [--duration 120] [--clients 8] [--ws-clients 4] [--baseline 60] [--cooldown 30]
#     [--mix both|mixed|export] [--in-flight 1] [--request-timeout 60]
# PROVENANCE_NODE_BIN picks another binary (for a before/after comparison).
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/node-bench.sh" rpc-load.mjs "$@"
