// Generated infrastructure and guides: every Terraform part passes fmt -check, init and
// validate and checkov has no failed check; every guide cites only what exists.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { PYTHON, ROOT, installPackage, tempDir } from './helpers.mjs';

const { api } = installPackage();

const CONFIGS = {
  default: {},
  // Every part: S3 Vectors, SageMaker embeddings, an async service, Cognito, observability.
  'every-part': { app_name: 'every-part', vectors: 's3-vectors', embeddings: 'sagemaker', async_service: 'news_feed', auth_provider: 'cognito', lambda_architecture: 'x86_64', agents: 'lead, scout_with_a_long_name, scribe' },
  // The other branches: OpenSearch, Titan embeddings, no observability, one agent.
  'other-branches': { app_name: 'other-branches', vectors: 'opensearch', embeddings: 'bedrock-titan', observability: false, guides: 'minimal', agents: 'solo' },
};

function writeProject(config) {
  const dir = path.join(tempDir(), 'project');
  for (const file of api.files(config)) {
    const target = path.join(dir, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.contents);
  }
  return dir;
}

function check(script, dir) {
  const result = spawnSync(PYTHON, [path.join(ROOT, 'pkg-tests', script), dir], { encoding: 'utf8' });
  assert.equal(result.status, 0, `${script}:\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

for (const [name, config] of Object.entries(CONFIGS)) {
  test(`${name}: terraform fmt/init/validate and checkov pass for every part`, () => {
    const dir = writeProject(config);
    const report = check('check_terraform.py', dir);
    const expected = api.plan(config)
      .map((f) => f.path.match(/^terraform\/(\d_[a-z_]+)\//))
      .filter(Boolean)
      .map((m) => m[1]);
    assert.deepEqual(report.parts, [...new Set(expected)].sort());
    assert.ok(report.checkov_passed > 100, JSON.stringify(report));
    if (name === 'every-part') assert.equal(report.parts.length, 8);
  });

  test(`${name}: guides cite only what exists and cover every agent`, () => {
    const report = check('check_guides.py', writeProject(config));
    assert.ok(report.paths > 10 && report.commands > 5, JSON.stringify(report));
  });
}

test('no IAM statement allows every action, or every resource for a scopable write', () => {
  const dir = writeProject(CONFIGS['every-part']);
  const tf = api.plan(CONFIGS['every-part']).filter((f) => f.path.endsWith('.tf'));
  for (const { path: file } of tf) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    assert.doesNotMatch(text, /actions\s*=\s*\[\s*"\*"\s*\]/, `${file}: Action "*"`);
    // Every `resources = ["*"]` must carry its reason on the same line or be a describe-only statement.
    for (const match of text.matchAll(/^.*resources\s*=\s*\["\*"\].*$/gm)) {
      const before = text.slice(Math.max(0, match.index - 1200), match.index);
      const reasoned = match[0].includes('#') || /sid\s*=\s*"DescribeOnly"/.test(before.split('statement {').pop());
      assert.ok(reasoned, `${file}: resources = ["*"] without a reason:\n${match[0]}`);
    }
  }
});

test('deploy.py --dry-run prints the ordered plan and the variables passed between parts', () => {
  const dir = writeProject(CONFIGS['every-part']);
  const result = spawnSync('python3', [path.join(dir, 'scripts', 'deploy.py'), '--dry-run'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const steps = [...result.stdout.matchAll(/^\d+\. terraform -chdir=terraform\/(\S+) apply$/gm)].map((m) => m[1]);
  assert.deepEqual(steps, ['2_embeddings', '3_vectors', '4_async_service', '5_database', '6_agents', '7_frontend', '8_enterprise']);
  assert.match(result.stdout, /6_agents apply\n\s+-var aurora_cluster_arn=<output aurora_cluster_arn of 5_database>/);
  assert.match(result.stdout, /-var job_queue_url=<output job_queue_url of 6_agents>/);
  const destroy = spawnSync('python3', [path.join(dir, 'scripts', 'destroy.py'), '--dry-run'], { encoding: 'utf8' });
  const order = [...destroy.stdout.matchAll(/^\d+\. terraform -chdir=terraform\/(\S+) destroy$/gm)].map((m) => m[1]);
  assert.deepEqual(order, [...steps].reverse());
  const missing = spawnSync('python3', [path.join(dir, 'scripts', 'deploy.py'), '--part', '9'], { encoding: 'utf8' });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no part numbered \[9\]/);
});
