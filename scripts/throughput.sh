#!/usr/bin/env bash
# Block throughput per kind of extrinsic on a real `--dev` node (tests/bench/throughput.mjs):
# keeps the pool full of one kind at a time (transfers, remarks, dataset registrations,
# grants, model registrations, usage payments, revocations) from 64 senders, and prints how
# many fit per block in steady state, the weight they use and the time blocks take to build;
# then a second node syncs the chain, with no load sent, and times each block's import
# (`--skip-import` skips it). One block of each kind is traced for its storage reads and writes
# per extrinsic. Payments go to `--lineages` different 3-generation lineages in turn.
# A benchmark: run it on a quiet machine and record the figures in docs/PERFORMANCE.md.
#   scripts/throughput.sh [--count 6000] [--kinds transfer,remark,dataset,grant,model,pay,revoke]
#     [--in-pool 4000] [--pool-limit <n>] [--pool-type single-state|fork-aware] [--lineages 1024]
#     [--skip-import] [--json <file>] [--keep]
# With --keep, `benchmark block --chain dev --base-path <kept> --from A --to B` (a node built
# with --features runtime-benchmarks) re-executes the kept blocks (docs/PERFORMANCE.md).
# PROVENANCE_NODE_BIN picks another binary (for a before/after comparison).
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/node-bench.sh" throughput.mjs "$@"
