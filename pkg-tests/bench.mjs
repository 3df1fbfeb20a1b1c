// Prints how fast the generator is and how big its artifacts are. Numbers, not
// pass/fail: run with `make bench`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';

import { ROOT, installPackage, tempDir } from './helpers.mjs';

const { api, cli } = installPackage();
const sixteen = { agents: Array.from({ length: 16 }, (_, i) => `agent_${i}`) };

function time(label, runs, fn) {
  fn(); // warm-up
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  console.log(`${label.padEnd(44)} median ${median.toFixed(2).padStart(8)} ms  (min ${samples[0].toFixed(2)}, max ${samples.at(-1).toFixed(2)}, n=${runs})`);
}

console.log('# generation in-process (Node, WASM)');
time('generate(defaults)', 50, () => api.generate({}));
time('generate(16 agents)', 50, () => api.generate(sixteen));
time('plan(defaults)', 50, () => api.plan({}));
time('validate(defaults)', 200, () => api.validate({}));

console.log('\n# CLI end to end: node start + WASM load + write (npx-installed bin)');
const work = tempDir();
let n = 0;
time('create-agent-app app --no-input --no-git', 10, () => {
  execFileSync(cli, [`app-${n++}`, '--no-input', '--no-git'], { cwd: work, stdio: 'ignore' });
});
time('create-agent-app app --no-input (with git init + commit)', 10, () => {
  execFileSync(cli, [`app-${n++}`, '--no-input'], { cwd: work, stdio: 'ignore' });
});
time('node -e "" (Node start-up alone, for scale)', 10, () => execFileSync(process.execPath, ['-e', '']));

console.log('\n# sizes');
const size = (file) => {
  const bytes = fs.readFileSync(file);
  console.log(`${path.relative(ROOT, file).padEnd(44)} ${String(bytes.length).padStart(9)} bytes  gzip ${String(zlib.gzipSync(bytes, { level: 9 }).length).padStart(8)}`);
};
size(path.join(ROOT, 'npm', 'wasm', 'web', 'create_agent_app_bg.wasm')); // Node's glue loads this one too
size(path.join(ROOT, 'npm', fs.readdirSync(path.join(ROOT, 'npm')).find((f) => f.endsWith('.tgz'))));
const zip = api.generate({});
console.log(`${'generated zip (defaults)'.padEnd(44)} ${String(zip.length).padStart(9)} bytes, ${api.plan({}).length} files`);
