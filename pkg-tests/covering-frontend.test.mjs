// make frontend-test on a pairwise covering set: the options the frontend reads (those
// whose values change a file under frontend/ or the API its types are generated from)
// and the projects frontend.test.mjs checks by hand (configs.mjs) give the projects still
// needed so that every pair of their values is checked; the test prints them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { FRONTENDS } from './configs.mjs';
import { generateProject, installPackage, make } from './helpers.mjs';
import { describeCovering, factors, gateCovering, label } from './options.mjs';

const { api, cli } = installPackage();
const FRONTEND = gateCovering(api, factors(api.schema()), (file) => /^(frontend|backend\/api)\//.test(file), Object.values(FRONTENDS), 'covered-app');

test('the frontend reads the agents and the sign-in provider, and its set covers their pairs', () => {
  console.log(describeCovering('make frontend-test', FRONTEND, Object.keys(FRONTENDS)));
  assert.deepEqual(FRONTEND.factors.map((f) => f.name), ['agents', 'auth_provider']);
});

// The first frontend with a given package-lock.json installs its packages; the next
// with a lock that pins the same packages hard-links them (npm ci would write the same
// files). The lock names the root package after the app: what it pins is the rest.
const installed = new Map();
const pinned = (frontend) => {
  const { packages } = JSON.parse(fs.readFileSync(path.join(frontend, 'package-lock.json'), 'utf8'));
  return JSON.stringify({ ...packages, '': { ...packages[''], name: null } });
};

for (const [index, { config }] of FRONTEND.picks.entries()) {
  test(`frontend ${index + 1}/${FRONTEND.picks.length} (${label(config, FRONTEND.factors)}): make frontend-test passes`, () => {
    const project = generateProject(cli, config);
    const frontend = path.join(project, 'frontend');
    const lock = pinned(frontend);
    const same = installed.get(lock);
    if (same) {
      make(project, 'setup');
      const link = spawnSync('cp', ['-al', path.join(same, 'node_modules'), path.join(frontend, 'node_modules')], { encoding: 'utf8' });
      assert.equal(link.status, 0, link.stderr);
    } else {
      make(project, 'frontend-setup');
      installed.set(lock, frontend);
    }
    // Plain output (vitest colours its summary otherwise) and no telemetry call.
    const out = make(project, 'frontend-test', [], { NO_COLOR: '1', NEXT_TELEMETRY_DISABLED: '1' });
    assert.match(out, /Tests\s+\d+ passed/);
    assert.ok(fs.existsSync(path.join(frontend, 'out', 'dashboard', 'index.html')));
  });
}
