// Generated projects read by their own tools: every file parses, ruff is clean, the CLI
// and generate() give the same files, and hostile free text round-trips.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { spawnSync } from 'node:child_process';

import { PYTHON, checkGenerated, installPackage, runCli, tempDir } from './helpers.mjs';

const { api, cli } = installPackage();

const HOSTILE = 'Quote " backslash \\ newline\nnext {{ x }} {% y %} ${z} %{w} </script> `tick` # *star* | pipe \u2028 é 🎉';

const CONFIGS = {
  default: {},
  'everything-on': {
    app_name: 'loan-desk',
    auth_provider: 'cognito',
    vectors: 's3-vectors',
    embeddings: 'bedrock-titan',
    async_service: 'news_feed',
    observability: false,
    guides: 'minimal',
    lambda_architecture: 'x86_64',
    agents: [{ name: 'scout' }, { name: 'lead', role: 'orchestrator' }, { name: 'scribe' }],
  },
  'one-agent': { app_name: 'solo-app', agents: 'solo' },
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

for (const name of ['default', 'everything-on']) {
  test(`${name}: the project's own make setup, make test and make lint pass`, () => {
    const work = tempDir();
    const configFile = path.join(work, 'config.json');
    fs.writeFileSync(configFile, JSON.stringify(CONFIGS[name]));
    assert.equal(runCli(cli, ['project', '--config', configFile], { cwd: work }).status, 0);
    const env = { ...process.env, PATH: `${path.dirname(PYTHON)}:${process.env.PATH}` };
    for (const target of ['setup', 'test', 'lint']) {
      const result = spawnSync('make', [target], { cwd: path.join(work, 'project'), env, encoding: 'utf8' });
      assert.equal(result.status, 0, `make ${target}:\n${result.stdout}\n${result.stderr}`);
      if (target === 'test') assert.match(result.stdout, /\d+ passed/);
    }
  });
}
