// The generated project deploys by its own guides: `make rehearse` applies every Terraform
// part against a local IAM-enforcing AWS emulator as the deploy user part 1 creates,
// running the guides' shell blocks, then destroys everything. Default config with
// SnapStart and one with every part (Cognito, S3 Vectors, an async service); one with
// every other option value (OpenSearch, Titan embeddings, x86_64, no observability,
// minimal guides, a lone agent); and the rehearsal fails, naming the action, when the
// deploy group lacks one the deploy needs.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { PYTHON, generateProject, installPackage, tempDir } from './helpers.mjs';

const { cli } = installPackage();
const MIRROR = '/opt/tf-plugins';

// Terraform from PATH, as a user has it; the AWS provider from the machine's mirror when
// there is one (CI: init links the unpacked provider, so concurrent rehearsals share
// nothing), else from the registry through a plugin cache per rehearsal (Terraform's
// cache is not safe for concurrent inits).
function env(name) {
  const work = tempDir('caa-tfrc-');
  let lines;
  if (fs.existsSync(MIRROR)) {
    lines = [`provider_installation {\n  filesystem_mirror {\n    path = "${MIRROR}"\n  }\n}`];
  } else {
    const cache = path.join(path.dirname(work), `caa-tf-plugin-cache-${name}`);
    fs.mkdirSync(cache, { recursive: true });
    lines = [`plugin_cache_dir = "${cache}"`];
  }
  fs.writeFileSync(path.join(work, 'terraform.rc'), lines.join('\n'));
  return {
    ...process.env,
    PATH: `${path.dirname(PYTHON)}:${process.env.PATH}`,
    TF_CLI_CONFIG_FILE: path.join(work, 'terraform.rc'),
    NEXT_TELEMETRY_DISABLED: '1',
    NO_COLOR: '1',
  };
}

const generate = (config) => generateProject(cli, config);

// Async, so the rehearsals (mostly waiting on Terraform and the emulator) overlap.
function make(project, target, name) {
  return new Promise((resolve) => {
    const child = spawn('make', [target], { cwd: project, env: env(name) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const PARTS = {
  default: ['1_permissions', '5_database', '6_agents', '7_frontend', '8_enterprise'],
  'every-part': ['1_permissions', '2_embeddings', '3_vectors', '4_async_service', '5_database', '6_agents', '7_frontend', '8_enterprise'],
  'other-options': ['1_permissions', '3_vectors', '5_database', '6_agents', '7_frontend', '8_enterprise'],
};
const CONFIGS = {
  // SnapStart is the one option value off by default: published versions, the alias live
  // behind every trigger and caller, and their grants.
  default: { app_name: 'rehearsed-app', snapstart: true },
  'every-part': {
    app_name: 'every-part',
    auth_provider: 'cognito',
    vectors: 's3-vectors',
    embeddings: 'sagemaker',
    async_service: 'news_feed',
    agents: 'lead, scout, scribe',
    // The Bedrock guardrail in the Bedrock region (us-west-2), its version and its tags.
    guardrails: 'bedrock',
  },
  'other-options': {
    app_name: 'other-options',
    vectors: 'opensearch',
    embeddings: 'bedrock-titan',
    observability: false,
    lambda_architecture: 'x86_64',
    guides: 'minimal',
    agents: 'solo',
  },
};
// All four side by side: a rehearsal mostly waits on the AWS provider polling the emulator.
describe('make rehearse', { concurrency: 4 }, () => {
  for (const [name, config] of Object.entries(CONFIGS)) {
    test(`${name}: applies and destroys every part as the deploy user, by the guides`, async () => {
      const project = generate(config);
      if (config.snapstart) {
        // The agents and the API deploy as published versions behind the alias live.
        const variables = fs.readFileSync(path.join(project, 'terraform', '6_agents', 'variables.tf'), 'utf8');
        assert.match(variables, /variable "snap_start" \{[^}]*default\s*=\s*true/);
      }
      const setup = await make(project, 'setup', name);
      assert.equal(setup.status, 0, setup.stderr);
      const result = await make(project, 'rehearse', name);
      const report = result.stdout;
      console.log(`--- ${name} rehearsal ---\n${report}${result.stderr}`);
      assert.equal(result.status, 0, `make rehearse failed:\n${report}\n${result.stderr}`);
      for (const part of PARTS[name]) {
        // part | plan | apply | post-deploy steps | destroy
        assert.match(report, new RegExp(`^${part}\\s+\\| ok[^|]*\\| ok\\s+\\| [^|]*\\| ok$`, 'm'), `${part} row`);
      }
      assert.doesNotMatch(report, /AccessDenied|deploy group lacks|left after destroy|IAM lint|^error in /m);
      // The queue (and the vector stack) replaced in a plan: unknown values plan cleanly.
      assert.match(report, /^6_agents\s+\| ok, replan ok/m);
      if (PARTS[name].includes('3_vectors')) assert.match(report, /^3_vectors\s+\| ok, replan ok/m);
      assert.match(report, /^rehearsal PASSED in \d+ s$/m);
    });
  }

  test('without an action the deploy needs, the rehearsal fails naming it', async () => {
    const project = generate({ app_name: 'missing-grant' });
    const policies = path.join(project, 'terraform', '1_permissions', 'main.tf');
    const text = fs.readFileSync(policies, 'utf8');
    assert.ok(text.includes('"rds:CreateDBSubnetGroup", '));
    fs.writeFileSync(policies, text.replace('"rds:CreateDBSubnetGroup", ', ''));
    const setup = await make(project, 'setup', 'missing-grant');
    assert.equal(setup.status, 0, setup.stderr);
    const result = await make(project, 'rehearse', 'missing-grant');
    assert.notEqual(result.status, 0);
    assert.match(result.stdout, /^AccessDenied in 5_database: rds:CreateDBSubnetGroup /m);
    assert.match(result.stdout, /^deploy group lacks rds:CreateDBSubnetGroup on arn:aws:rds:/m);
    assert.match(result.stdout, /^5_database\s+\| ok\s+\| FAIL/m);
    assert.match(result.stdout, /^rehearsal FAILED in \d+ s$/m);
  });
});
