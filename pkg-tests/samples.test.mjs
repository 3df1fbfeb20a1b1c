// The sample apps (samples/): each is built as its author made it (scripts/sample.mjs:
// create-agent-app, the domain files, add-agent for each agent added later, then its
// files), so the domain code written before an add-agent must survive its three-way
// merge. Then the gates of a generated project: no TODO(domain) left, make lint, test,
// job and eval, and the frontend's type-check, lint, tests and build; and the job shows
// the domain's numbers, computed by its tools (not the offline model's example text).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';

import { buildSample, filesUnder } from '../scripts/sample.mjs';
import { ROOT, generateProject, installPackage, make, runJob, setupAndTest, tempDir } from './helpers.mjs';

const { cli } = installPackage();

// What each sample's job must show: numbers its tools compute from the example request.
const JOB_SHOWS = {
  finance: [
    /"total_value": 70450\.0/, // the reporter: 120 x 260 + 200 x 72.5 + 80 x 190 + 150 x 61 + 10 x 40
    /"concentrations": \[\s*"VTI",\s*"AAPL",\s*"BND"\s*\]/,
    /"median": 631700\.0/, // the retirement agent's seeded Monte Carlo
    /"labels": \[\s*"equity",\s*"bond",\s*"unclassified"\s*\]/, // the charter's pie
    /"unclassified": \[\s*"ZZZT"\s*\]/, // the tagger: in no reference data
  ],
  ecommerce: [
    // The catalog: the knowledge base's five best matches, priced from the products table.
    /"matches": \[\s*\{\s*"sku": "JKT-01"/,
    // The recommender: in stock, within 150 USD, not in the cart.
    /"picks": \[\s*\{\s*"sku": "JKT-01",\s*"why": "in stock, \$129\.00 of a \$150\.00 budget"/,
    /"sku": "JKT-02",\s*"why": "out of stock"/,
    /"sku": "BOOT-01",\s*"why": "already in the cart"/,
    // The copywriter: the top pick, and the shop's rules applied to the offline model's copy.
    /"sku": "JKT-01",\s*"check": \{\s*"approved": false/,
  ],
  healthcare: [
    // The intake: the clinic's red flag in "Chest pain since this morning…".
    /"red_flags": \{\s*"chest pain": "possible acute coronary syndrome"\s*\}/,
    // The scorer: NEWS2 1 (a pulse of 96), raised to medium by the red flag.
    /"total": 1,/,
    /"reason": "NEWS2 1: low risk, raised to medium by red flags: chest pain/,
    /"urgency": "medium"/,
    // The summarizer: its handover rests on the same score.
    /"news2_total": 1/,
  ],
};

/** The lines of the sample's files that differ from a project generated with its final
 * agents: what its author wrote. */
function handWritten(name, sample) {
  const config = { ...sample.config, agents: [...sample.config.agents, ...sample.add_agents] };
  const generated = generateProject(cli, config);
  const files = path.join(ROOT, 'samples', name, 'files');
  let lines = 0;
  for (const file of filesUnder(files)) {
    const base = path.join(generated, file);
    const mine = fs.readFileSync(path.join(files, file), 'utf8');
    if (!fs.existsSync(base)) lines += mine.split('\n').length - 1;
    else lines += spawnSync('diff', [base, path.join(files, file)], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.startsWith('>')).length;
  }
  return lines;
}

describe('samples', () => {
  for (const name of fs.readdirSync(path.join(ROOT, 'samples')).sort()) {
    const sample = JSON.parse(fs.readFileSync(path.join(ROOT, 'samples', name, 'sample.json'), 'utf8'));

    test(`${name}: built through add-agent, every gate passes and the job shows its domain's results`, () => {
      const { project, merges, beforeJob } = buildSample(name, tempDir(`caa-sample-${name}-`), [cli]);
      for (const output of merges) assert.doesNotMatch(output, /conflict/i, output);
      assert.match(make(project, 'todos'), /^No TODO\(domain\) markers left\.$/m);
      // Every agent, including those added later, is wired in: the orchestrator's tools,
      // the models' list, the tests and the Terraform.
      const agents = [...sample.config.agents, ...sample.add_agents].map((a) => a.name);
      const models = fs.readFileSync(path.join(project, 'backend', 'database', 'models.py'), 'utf8');
      for (const agent of agents) assert.match(models, new RegExp(`^    "${agent}",$`, 'm'), agent);

      setupAndTest(project, { offline: true });
      make(project, 'lint');
      // What the sample's README says to run before the first job (e.g. loading the
      // knowledge base).
      for (const [target, ...args] of beforeJob) make(project, target, args);
      const job = runJob(project);
      for (const shown of JOB_SHOWS[name] ?? []) assert.match(job, shown);
      assert.match(make(project, 'eval'), /100% of \d+ cases passed/);
      make(project, 'frontend-setup');
      make(project, 'frontend-test');
    });

    test(`${name}: its README says how many lines were written by hand`, () => {
      const readme = fs.readFileSync(path.join(ROOT, 'samples', name, 'README.md'), 'utf8');
      const lines = handWritten(name, sample);
      assert.match(readme, new RegExp(`\\*\\*${lines.toLocaleString('en-US')} lines\\*\\*`), `the README should say **${lines} lines**`);
    });
  }
});
