#!/usr/bin/env bash
# The validator fault suite (about 5 minutes): four `--chain local` validators on loopback,
# killed and restarted in the ways docs/validator.md describes. Figures it measures are
# printed as `measure:` lines and written to $FAULTS_REPORT (default: a temp file).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ "${PROVENANCE_SKIP_BUILD:-}" = 1 ] || bash "$here/setup.sh"
# shellcheck source=scripts/env.sh
. "$here/env.sh"

[ $# -eq 0 ] || die "usage: scripts/fault-tests.sh (it takes no arguments; got: $*)"

provenance_build_node
[ -x "$PROVENANCE_NODE_BIN" ] || die "no node binary at $PROVENANCE_NODE_BIN"

export FAULTS_REPORT="${FAULTS_REPORT:-$(mktemp "${TMPDIR:-/tmp}/provenance-faults.XXXXXX.json")}"
cd "$PROVENANCE_ROOT/tests"
PROVENANCE_NODE_BIN="$PROVENANCE_NODE_BIN" npm run --silent test:faults
log "measurements: $FAULTS_REPORT"
