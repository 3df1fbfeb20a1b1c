// Generated projects read by their own tools: every file parses, ruff is clean, the CLI
// and generate() give the same files, and hostile free text round-trips.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { spawnSync } from 'node:child_process';

import { PROJECTS } from './configs.mjs';
import { PYTHON, ROOT, checkGenerated, findLambdaPython, generateProject, installPackage, make, makeEnv, projectAgents, runCli, runJob, setupAndTest, tempDir } from './helpers.mjs';

const { api, cli } = installPackage();

const HOSTILE = 'Quote " backslash \\ newline\nnext {{ x }} {% y %} ${z} %{w} </script> `tick` # *star* | pipe é 🎉';

const CONFIGS = {
  ...PROJECTS,
  'sixteen-agents': { app_name: 'big-team', agents: Array.from({ length: 16 }, (_, i) => `agent_${i}`) },
  hostile: {
    app_name: 'hostile-app',
    app_title: HOSTILE,
    app_description: HOSTILE,
    agents: [
      { name: 'lead', description: HOSTILE },
      { name: 'helper', description: HOSTILE },
    ],
  },
};

for (const [name, config] of Object.entries(CONFIGS)) {
  test(`${name}: CLI output equals generate(), every file parses, ruff is clean`, () => {
    const work = tempDir();
    const configFile = path.join(work, 'config.json');
    fs.writeFileSync(configFile, JSON.stringify(config));
    const result = runCli(cli, ['project', '--config', configFile], { cwd: work });
    assert.equal(result.status, 0, result.stderr);
    // The CLI takes the app name from the config when given, else from the folder name.
    const effective = { app_name: 'project', ...config };
    const zip = path.join(work, 'project.zip');
    fs.writeFileSync(zip, api.generate(effective));
    const extra = name === 'hostile' ? ['--expect-text', HOSTILE] : [];
    const report = checkGenerated(path.join(work, 'project'), ['--zip', zip, ...extra]);
    assert.equal(report.zip_files, api.plan(effective).length);
    assert.ok(report.parsed.python >= 1 && report.parsed.toml >= 2 && report.parsed.json >= 1, JSON.stringify(report));
    assert.equal(report.ruff, 'clean');
    if (name === 'hostile') assert.ok(report.read_back.includes('backend/helper/templates.py'));
  });
}

const generate = (config) => generateProject(cli, config);

const projects = {};
for (const name of Object.keys(PROJECTS)) {
  test(`${name}: the project's own make setup, lint, test and job pass offline`, () => {
    const project = generate(CONFIGS[name]);
    projects[name] = project;
    if (name !== 'default') {
      const framework = (config) =>
        api.files({ app_name: 'project', ...config }).filter((f) => f.path.startsWith('backend/framework/'));
      assert.deepEqual(framework(CONFIGS[name]), framework(CONFIGS.default));
    }
    setupAndTest(project, { framework: name === 'default', offline: name !== 'default' });
    // Agent names may not shadow a module the backend installs: src/reserved_modules.txt
    // must still list every one of them.
    const drift = spawnSync(PYTHON, [path.join(ROOT, 'pkg-tests', 'reserved_modules.py'), project], { encoding: 'utf8' });
    assert.equal(drift.status, 0, `${drift.stdout}\n${drift.stderr}`);
    make(project, 'lint');
    const job = runJob(project);
    // The online judge is off unless EVAL_SAMPLE_RATE says otherwise; on, it scores the
    // job against the orchestrator's QUALITY_RUBRIC and the score is stored with the job.
    assert.doesNotMatch(job, /== quality ==/);
    if (name === 'one-agent') {
      const judged = runJob(project, { EVAL_SAMPLE_RATE: '1', EVAL_JUDGE_MODEL: 'offline' });
      assert.match(judged, /\n== quality ==\n1\.00 of 1, by offline: Offline answer from judge/, judged);
    }
    // Evals: every agent's cases pass offline (the judge skipped, saying why).
    const evals = make(project, 'eval');
    for (const agent of projectAgents(project)) assert.match(evals, new RegExp(`^${agent.name}\\s+overview\\s+PASS`, 'm'), evals);
    assert.match(evals, /judge skipped: no EVAL_JUDGE_MODEL is set/);
    assert.match(evals, /^100% of \d+ cases passed \(threshold 100%\)\.$/m);
  });
}

test('default: make eval fails when a result type loses a field its cases expect, and make eval-compare shows it', () => {
  const project = projects.default;
  assert.ok(project, 'runs after the default project was set up');
  const results = path.join(project, 'backend', 'evals', 'results');
  const before = fs.readdirSync(results).find((f) => f.endsWith('.json'));
  // A deliberately broken output type: the researcher no longer returns key_points.
  const agentPy = path.join(project, 'backend', 'researcher', 'agent.py');
  const source = fs.readFileSync(agentPy, 'utf8');
  const broken = source.replace(/\n    key_points: list\[str\] = Field\([^\n]*\)\n/, '\n');
  assert.notEqual(broken, source);
  fs.writeFileSync(agentPy, broken);
  try {
    const failed = spawnSync('make', ['eval', 'AGENT=researcher'], { cwd: project, env: makeEnv(), encoding: 'utf8' });
    assert.notEqual(failed.status, 0, failed.stdout);
    assert.match(failed.stdout, /^researcher\s+short question\s+FAIL/m);
    assert.match(failed.stdout, /researcher\/short question: field key_points FAILED: key_points is missing from the output/);
    const after = fs.readdirSync(results).filter((f) => f.endsWith('.json')).sort().at(-1);
    assert.notEqual(after, before);
    const diff = make(project, 'eval-compare', [`A=backend/evals/results/${before}`, `B=backend/evals/results/${after}`]);
    assert.match(diff, /^researcher\/short question: PASS -> FAIL; .*field key_points: True -> False/m);
    assert.match(diff, /^orchestrator\/overview: only in A$/m);
  } finally {
    fs.writeFileSync(agentPy, source);
  }
});

test('default: make package builds importable Lambda zips for arm64 and x86_64', () => {
  const project = projects.default;
  assert.ok(project, 'runs after the default project was set up');
  const backend = path.join(project, 'backend');
  const lambdaPython = findLambdaPython();
  const env = lambdaPython ? { LAMBDA_PYTHON: lambdaPython } : {};
  for (const arch of ['arm64', 'x86_64']) {
    const result = spawnSync('make', ['package', `ARCH=${arch}`], { cwd: project, env: { ...makeEnv(), ...env }, encoding: 'utf8' });
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    for (const name of ['orchestrator', 'researcher', 'writer', 'api']) {
      const line = result.stdout.split('\n').find((l) => l.trim().startsWith(`${name}.zip`));
      assert.ok(line, `${name}.zip is listed:\n${result.stdout}`);
      const mb = Number(line.trim().split(/\s+/)[1]);
      assert.ok(mb > 1 && mb < 50, `${name}.zip is ${mb} MB`);
      assert.match(line, /\(bytecode included/, `${name}.zip is compiled for Python 3.12`);
    }
    const listing = spawnSync(PYTHON, ['-m', 'zipfile', '-l', path.join(backend, 'dist', 'researcher.zip')], { encoding: 'utf8' }).stdout;
    assert.match(listing, /^lambda_handler\.py /m);
    assert.match(listing, /^researcher\/agent\.py /m);
    assert.match(listing, /^researcher\/__pycache__\/agent\.cpython-312\.pyc /m);
    assert.doesNotMatch(listing, /^(boto3|botocore|psycopg|pgserver)\//m);
    assert.ok(listing.includes(arch === 'arm64' ? 'aarch64' : 'x86_64'), `wheels for ${arch}`);
  }
  // The x86_64 zips (built last) import in a clean Python 3.12 with only boto3, as on
  // Lambda; the API's without the Agents SDK (it only queues jobs there).
  if (!lambdaPython) return assert.fail('no Python 3.12 on this machine to import the zips with');
  const venv = path.join(tempDir(), 'venv');
  const uv = path.join(path.dirname(PYTHON), 'uv');
  assert.equal(spawnSync(uv, ['venv', '-q', '-p', lambdaPython, venv]).status, 0);
  assert.equal(spawnSync(uv, ['pip', 'install', '-q', '-p', path.join(venv, 'bin', 'python'), 'boto3']).status, 0);
  const importZip = (name, check) => {
    const unzipped = tempDir();
    spawnSync(PYTHON, ['-m', 'zipfile', '-e', path.join(backend, 'dist', `${name}.zip`), unzipped]);
    const imported = spawnSync(path.join(venv, 'bin', 'python'), ['-c', `import sys, lambda_handler; print(${check})`], { cwd: unzipped, encoding: 'utf8' });
    assert.equal(imported.status, 0, imported.stderr);
    return imported.stdout.trim();
  };
  assert.equal(importZip('researcher', "lambda_handler.handler.name, 'agents' in sys.modules"), 'researcher True');
  assert.equal(importZip('api', "type(lambda_handler.handler).__name__, 'agents' in sys.modules"), 'Mangum False');
  const apiListing = spawnSync(PYTHON, ['-m', 'zipfile', '-l', path.join(backend, 'dist', 'api.zip')], { encoding: 'utf8' }).stdout;
  assert.doesNotMatch(apiListing, /^(agents|mcp|langfuse)\//m);
});
