// Generated infrastructure and guides: every Terraform part passes fmt -check, init and
// validate and checkov has no failed check; every guide cites only what exists.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { PYTHON, ROOT, installPackage, tempDir } from './helpers.mjs';
import { describeCovering, factors, gateCovering, label } from './options.mjs';

const { api } = installPackage();

const CONFIGS = {
  default: {},
  // Every part: S3 Vectors, SageMaker embeddings, an async service, Cognito, observability, SnapStart, a guardrail.
  'every-part': { app_name: 'every-part', vectors: 's3-vectors', embeddings: 'sagemaker', async_service: 'news_feed', auth_provider: 'cognito', lambda_architecture: 'x86_64', agents: 'lead, scout_with_a_long_name, scribe', snapstart: true, guardrails: 'bedrock' },
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
    assert.ok(report.paths > 10 && report.commands > 5 && report.terraform_variables > 40 && report.frontend_settings >= 3, JSON.stringify(report));
  });
}

test('the guides check notices a variable nothing reads, and a terraform.tfvars.example that misses a variable the part needs or names one it lacks', () => {
  const dir = writeProject(CONFIGS['every-part']);
  const database = path.join(dir, 'terraform', '5_database', 'main.tf');
  const main = fs.readFileSync(database, 'utf8');
  assert.match(main, /^ +engine_version += var\.engine_version\n/m);
  fs.writeFileSync(database, main.replace(/^ +engine_version += var\.engine_version\n/m, ''));
  const example = path.join(dir, 'terraform', '6_agents', 'terraform.tfvars.example');
  const text = fs.readFileSync(example, 'utf8');
  assert.match(text, /^aurora_cluster_arn /m);
  fs.writeFileSync(example, text.replace(/^aurora_cluster_arn .*\n/m, '') + '# max_concurent_jobs = 4\n');
  const result = spawnSync(PYTHON, [path.join(ROOT, 'pkg-tests', 'check_guides.py'), dir], { encoding: 'utf8' });
  assert.equal(result.status, 1, result.stdout);
  assert.match(result.stderr, /6_agents\/terraform\.tfvars\.example: does not set aurora_cluster_arn, which terraform\/6_agents needs \(no default\)/);
  assert.match(result.stderr, /6_agents\/terraform\.tfvars\.example: names max_concurent_jobs, which terraform\/6_agents does not declare/);
  assert.match(result.stderr, /^terraform\/5_database: declares variable engine_version, which nothing there reads \(var\.engine_version\)$/m);
});

test('the guides check notices a frontend setting the frontend reads but frontend/.env.example does not list', () => {
  const dir = writeProject(CONFIGS.default);
  const example = path.join(dir, 'frontend', '.env.example');
  fs.writeFileSync(example, fs.readFileSync(example, 'utf8').replace(/^NEXT_PUBLIC_API_URL=.*\n/m, ''));
  const result = spawnSync(PYTHON, [path.join(ROOT, 'pkg-tests', 'check_guides.py'), dir], { encoding: 'utf8' });
  assert.equal(result.status, 1, result.stdout);
  assert.match(result.stderr, /^frontend\/\.env\.example: does not list NEXT_PUBLIC_API_URL, which the frontend reads$/m);
});

// The pairwise covering set of the options Terraform reads: with the three configs
// above, every pair of their values gets a project whose parts pass fmt, init, validate
// and checkov. One run over them all: a part the same as one already validated (most of
// 5_database, say) is validated once.
const covering = gateCovering(api, factors(api.schema()), (file) => file.startsWith('terraform/'), Object.values(CONFIGS), 'covered-app');
test(`the pairwise covering set (${covering.picks.length} more projects): terraform fmt/init/validate and checkov pass for every part`, () => {
  console.log(describeCovering('terraform validate and checkov', covering, Object.keys(CONFIGS)));
  const dirs = covering.picks.map(({ config }) => writeProject(config));
  const result = spawnSync(PYTHON, [path.join(ROOT, 'pkg-tests', 'check_terraform.py'), ...dirs], { encoding: 'utf8' });
  assert.equal(result.status, 0, `check_terraform.py:\n${result.stdout}\n${result.stderr}`);
  const report = JSON.parse(result.stdout);
  covering.picks.forEach(({ config }, i) => {
    const expected = new Set(api.plan(config).map((f) => f.path.match(/^terraform\/(\d_[a-z_]+)\//)?.[1]).filter(Boolean));
    assert.deepEqual(report.projects[i], [...expected].sort(), label(config, covering.factors));
  });
  console.log(`  ${report.parts_validated} distinct parts validated; checkov: ${report.checkov_passed} passed`);
  assert.ok(report.checkov_passed > 100 * covering.picks.length, JSON.stringify(report));
});

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

test('with SnapStart every trigger of the agents and the API goes through the alias; without, none exists', () => {
  const on = (file) => api.render(CONFIGS['every-part'], `terraform/${file}`);
  const off = (file) => api.render(CONFIGS.default, `terraform/${file}`);
  const module = on('modules/lambda_function/main.tf');
  assert.match(module, /^ {2}publish = var\.snap_start$/m);
  assert.match(module, /apply_on = "PublishedVersions"/);
  assert.match(module, /resource "aws_lambda_alias" "live" \{[^}]*function_version = aws_lambda_function\.this\.version/);
  const agents = on('6_agents/main.tf');
  assert.match(agents, /resource "aws_lambda_event_source_mapping" "jobs" \{[^}]*function_name\s+= module\.agent\["lead"\]\.target_arn/);
  assert.match(agents, /sid\s+= "InvokeTheOrchestratorOnly"[^}]*resources = \[module\.agent\["lead"\]\.target_arn\]/);
  assert.match(agents, /target \{\n\s+arn\s+= module\.agent\["lead"\]\.target_arn/);
  assert.match(agents, /sid\s+= "InvokeTheWorkers"[\s\S]{0,300}?function:\$\{var\.app_name\}-\$\{replace\(name, "_", "-"\)\}\$\{local\.qualifier\}"\]/);
  assert.match(agents, /AGENT_FUNCTION_QUALIFIER = local\.alias_name/);
  assert.match(agents, /^ {2}snap_start\s+= var\.snap_start$/m);
  assert.doesNotMatch(agents, /module\.agent\[[^\]]+\]\.function_arn/, 'an agent invoked unqualified');
  assert.match(on('6_agents/variables.tf'), /variable "snap_start" \{[^}]*default\s+= true/);
  const web = on('7_frontend/main.tf');
  assert.match(web, /integration_uri\s+= module\.api\.target_invoke_arn/);
  assert.match(web, /resource "aws_lambda_permission" "api" \{[^}]*qualifier\s+= module\.api\.qualifier/);
  const deploy = on('1_permissions/main.tf');
  for (const action of ['PublishVersion', 'CreateAlias', 'GetAlias', 'UpdateAlias', 'DeleteAlias', 'ListAliases']) {
    assert.match(deploy, new RegExp(`"lambda:${action}"`), action);
    assert.doesNotMatch(off('1_permissions/main.tf'), new RegExp(`"lambda:${action}"`), `${action} without SnapStart`);
  }
  for (const text of [deploy, off('1_permissions/main.tf')]) assert.doesNotMatch(text, /"lambda:\*"/);
  assert.doesNotMatch(off('modules/lambda_function/main.tf'), /snap_start|aws_lambda_alias|publish/);
  assert.doesNotMatch(off('6_agents/main.tf'), /snap_start|qualifier|AGENT_FUNCTION_QUALIFIER/);
  assert.doesNotMatch(off('7_frontend/main.tf'), /snap_start|qualifier/);
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
