// Third-party validation of exported documents (tests/export_check.py: prov, spdx-python-model,
// cyclonedx-python-lib), shared by the CLI and explorer suites.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXPORT_CHECK = fileURLToPath(new URL('../../export_check.py', import.meta.url));

/** Runs tests/export_check.py `format` on `doc` (text); returns its JSON summary. */
export function validate(format, doc) {
  const python = process.env.PROVENANCE_PYTHON ?? join(homedir(), '.cache', 'provenance-chain', 'venv', 'bin', 'python');
  assert.ok(existsSync(python), `no Python with the validators at ${python}: set PROVENANCE_PYTHON (scripts/setup.sh installs it)`);
  const res = spawnSync(python, [EXPORT_CHECK, format], { input: doc, encoding: 'utf8', timeout: 120_000 });
  assert.equal(res.status, 0, `${format} document rejected by its validator:\n${res.stderr}${res.stdout}`);
  return JSON.parse(res.stdout);
}
