// Reads a PROV-JSON export with a library we did not write: the W3C `prov` Python package
// (installed by scripts/setup.sh, found through PROVENANCE_PYTHON from scripts/env.sh).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Loads `doc` with `prov`; returns `{ records, provn }`, failing the test if it is rejected. */
export function readWithProvLibrary(doc) {
  const python = process.env.PROVENANCE_PYTHON;
  assert.ok(python, 'PROVENANCE_PYTHON is set (source scripts/env.sh after scripts/setup.sh)');
  const script = fileURLToPath(new URL('../../prov_check.py', import.meta.url));
  const run = spawnSync(python, [script], { input: JSON.stringify(doc), encoding: 'utf8' });
  assert.equal(run.status, 0, `prov rejected the export: ${run.stderr}${run.error ?? ''}`);
  return JSON.parse(run.stdout);
}
