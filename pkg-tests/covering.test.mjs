// The expensive gates on a pairwise covering set. For each gate, the options it reads
// (those whose values change a file it reads) and the configs its own test file checks
// by hand (configs.mjs) give the projects still needed so that every pair of values of
// those options is checked at least once; each test prints its set and the pairs each
// project adds. Terraform's set runs in infrastructure.test.mjs; ruff, terraform fmt,
// the guides and IAM run on every combination in matrix.test.mjs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { FRONTENDS, PROJECTS } from './configs.mjs';
import { generateProject, installPackage, make, runJob, setupAndTest } from './helpers.mjs';
import { describeCovering, factors, gateCovering, label } from './options.mjs';

const { api, cli } = installPackage();
const FACTORS = factors(api.schema());

// make test and make job read the backend, the scripts its tests import, and the Makefile.
const BACKEND = gateCovering(
  api,
  FACTORS,
  (file) => /^(backend|scripts)\//.test(file) || ['Makefile', '.env.example', 'ruff.toml'].includes(file),
  Object.values(PROJECTS),
  'covered-app',
);
// make frontend-test reads the frontend and the API its types are generated from.
const FRONTEND = gateCovering(api, FACTORS, (file) => /^(frontend|backend\/api)\//.test(file), Object.values(FRONTENDS), 'covered-app');

test('each gate reads the options that change its files, and its set covers their pairs', () => {
  console.log(describeCovering('make test and make job', BACKEND, Object.keys(PROJECTS)));
  console.log(describeCovering('make frontend-test', FRONTEND, Object.keys(FRONTENDS)));
  const names = (covering) => covering.factors.map((f) => f.name);
  // The sign-in provider changes both; the guides' style neither; Terraform-only options
  // (the guardrail) not the backend's code.
  assert.ok(names(BACKEND).includes('auth_provider') && names(FRONTEND).includes('auth_provider'));
  assert.ok(!names(BACKEND).includes('guides') && !names(FRONTEND).includes('guides'));
  assert.ok(!names(BACKEND).includes('guardrails'));
  assert.deepEqual(names(FRONTEND), ['agents', 'auth_provider']);
});

for (const [index, { config }] of BACKEND.picks.entries()) {
  test(`backend ${index + 1}/${BACKEND.picks.length} (${label(config, BACKEND.factors)}): make test and make job pass offline`, () => {
    const project = generateProject(cli, config);
    setupAndTest(project);
    runJob(project);
  });
}

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
    const same = installed.get(pinned(frontend));
    if (same) {
      make(project, 'setup');
      const link = spawnSync('cp', ['-al', path.join(same, 'node_modules'), path.join(frontend, 'node_modules')], { encoding: 'utf8' });
      assert.equal(link.status, 0, link.stderr);
    } else {
      make(project, 'frontend-setup');
      installed.set(pinned(frontend), frontend);
    }
    // Plain output (vitest colours its summary otherwise) and no telemetry call.
    const out = make(project, 'frontend-test', [], { NO_COLOR: '1', NEXT_TELEMETRY_DISABLED: '1' });
    assert.match(out, /Tests\s+\d+ passed/);
    assert.ok(fs.existsSync(path.join(frontend, 'out', 'dashboard', 'index.html')));
  });
}
