// make test and make job on a pairwise covering set. The options the backend reads
// (those whose values change a file under backend/ or scripts/, or the Makefile) and the
// projects generated.test.mjs checks by hand (configs.mjs) give the projects still needed
// so that every pair of values of those options is checked at least once; the test prints
// them and the pairs each adds. The frontend's set runs in covering-frontend.test.mjs,
// Terraform's in infrastructure.test.mjs; ruff, terraform fmt, the guides and IAM run on
// every combination in matrix.test.mjs.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { PROJECTS } from './configs.mjs';
import { generateProject, installPackage, runJob, setupAndTest } from './helpers.mjs';
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

test('the backend reads the options that change its files, and its set covers their pairs', () => {
  console.log(describeCovering('make test and make job', BACKEND, Object.keys(PROJECTS)));
  const names = BACKEND.factors.map((f) => f.name);
  // The sign-in provider changes the backend; the guides' style and the guardrail (a
  // Terraform resource the agents are told about by settings) do not.
  assert.ok(names.includes('auth_provider') && names.includes('agents'));
  assert.ok(!names.includes('guides') && !names.includes('guardrails'));
});

for (const [index, { config }] of BACKEND.picks.entries()) {
  test(`backend ${index + 1}/${BACKEND.picks.length} (${label(config, BACKEND.factors)}): make test and make job pass offline`, () => {
    const project = generateProject(cli, config);
    setupAndTest(project);
    runJob(project);
  });
}
