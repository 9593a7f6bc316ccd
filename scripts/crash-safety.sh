#!/usr/bin/env bash
# Crash safety of a validator's database (tests/bench/crash-safety.mjs): one `--dev`
# validator on a persistent base path (ParityDB) under a steady load of provenance
# extrinsics, SIGKILLed at random moments (20 times by default) and restarted on the same
# base path. After every restart it checks that the database opens, that every extrinsic
# finalized before the kill is there with its record, and that the node finalizes again.
# Prints a line per kill and a summary; exits non-zero on any violation. About 10 minutes.
#   scripts/crash-safety.sh [--kills 20] [--seed N]
# PROVENANCE_NODE_BIN picks another binary (then nothing is built).
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/node-bench.sh" crash-safety.mjs "$@"
