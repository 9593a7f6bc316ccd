#!/usr/bin/env bash
# Rewrites client/metadata/provenance.scale, the runtime metadata the `provenance` client is
# generated from, from the runtime in this tree. Run it after any change to calls, events,
# storage, errors or runtime APIs; `cargo test -p provenance-runtime` fails until you do.
#
#   bash scripts/update-metadata.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/env.sh
. "$here/env.sh"
cd "$PROVENANCE_ROOT"
mkdir -p client/metadata
PROVENANCE_WRITE_METADATA=1 cargo test --release --locked -p provenance-runtime \
	client_metadata_is_current
log "wrote client/metadata/provenance.scale ($(stat -c %s client/metadata/provenance.scale) bytes)"
