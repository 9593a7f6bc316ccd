import { spawnSync } from 'node:child_process';
import { startNode } from './e2e/lib/node.js';
const node = await startNode();
const r = spawnSync(process.execPath, ['capture-examples.mjs', node.wsUrl, node.httpUrl], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 600000 });
console.log(r.stdout); console.error(r.stderr); console.log('status', r.status);
console.log('exit', JSON.stringify(await node.stop()));
