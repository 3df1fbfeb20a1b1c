// The npm package's JS API, from the packed tarball.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { installPackage } from './helpers.mjs';

const { api, cli } = installPackage();

test('generate returns a zip, byte-identical for the same config', () => {
  const config = { app_name: 'loan-desk', agents: 'lead, scout' };
  const zip = api.generate(config);
  assert.ok(zip instanceof Uint8Array);
  assert.equal(Buffer.from(zip.subarray(0, 4)).toString('latin1'), 'PK\u0003\u0004');
  assert.deepEqual(api.generate(config), zip);
  assert.notDeepEqual(api.generate({ ...config, agents: 'lead, scribe' }), zip);
});

test('defaults and schema describe the same fields', () => {
  const defaults = api.defaults();
  const schema = api.schema();
  assert.deepEqual(Object.keys(schema.properties), Object.keys(defaults));
  assert.equal(defaults.app_name, 'my-agent-app');
  assert.deepEqual(schema.properties.app_name.default, 'my-agent-app');
  assert.equal(schema.properties.auth_provider.title, 'Sign-in provider');
  assert.deepEqual(api.validate(defaults), []);
});

test("the package's TypeScript Config names every field of the schema, with its choices", () => {
  const installed = path.join(path.dirname(cli), '..', 'create-agent-app', 'index.d.ts');
  const types = fs.readFileSync(installed, 'utf8');
  const config = /export interface Config \{([\s\S]*?)\n\}/.exec(types)[1];
  const schema = api.schema();
  for (const [name, property] of Object.entries(schema.properties)) {
    const line = new RegExp(`^\\s*${name}\\?: (.*);$`, 'm').exec(config);
    assert.ok(line, `index.d.ts's Config lacks ${name}`);
    const target = property.$ref ? schema.$defs[property.$ref.split('/').pop()] : property;
    for (const option of target.oneOf ?? []) assert.ok(line[1].includes(`'${option.const}'`), `${name}: ${option.const}`);
  }
});

test('validate lists every problem with its field and never throws', () => {
  const errors = api.validate({ app_name: 'Bad App', agents: 'lead, class', vectors: 'pinecone', nope: 1 });
  assert.deepEqual(
    errors.map((e) => e.field),
    ['app_name', 'agents[1].name', 'vectors', 'nope'],
  );
  assert.match(errors[1].message, /"class" is a Python keyword — choose another name/);
  for (const weird of [42, 'text', [1, 2], true, { agents: { a: 1 } }, { app_name: null }]) {
    const found = api.validate(weird);
    assert.ok(Array.isArray(found) && found.length > 0, JSON.stringify(weird));
    assert.ok(found.every((e) => typeof e.field === 'string' && e.message.length > 0));
  }
  assert.deepEqual(api.validate(undefined), []);
});

test('errors are Error objects with a fields list, not traps', () => {
  for (const call of [() => api.generate({ app_name: 'X' }), () => api.plan({ agents: [] }), () => api.files(7)]) {
    assert.throws(call, (err) => {
      assert.ok(err instanceof Error);
      assert.equal(err.name, 'ConfigError');
      assert.ok(Array.isArray(err.fields) && err.fields.length > 0);
      return true;
    });
  }
  assert.throws(
    () => api.render({}, 'backend/nobody/templates.py'),
    (err) => err instanceof Error && err.name === 'GeneratorError' && /plan\(\)/.test(err.message) && err.fields.length === 0,
  );
  // The module still works after errors: a trap would have poisoned the instance.
  assert.ok(api.generate({}).length > 1000);
});

test('plan, render and files agree', () => {
  const config = { agents: 'lead, scout, scribe' };
  const plan = api.plan(config);
  const files = api.files(config);
  assert.deepEqual(
    plan.map((p) => p.path),
    files.map((f) => f.path),
  );
  for (const [i, entry] of plan.entries()) {
    assert.equal(entry.size, files[i].contents.length);
    assert.equal(entry.executable, files[i].executable);
  }
  assert.ok(plan.some((p) => p.path === 'backend/scribe/templates.py'));
  assert.equal(api.render(config, 'backend/scribe/templates.py'), Buffer.from(files.find((f) => f.path === 'backend/scribe/templates.py').contents).toString());
});

test('normalize fills the title and roles', () => {
  const config = api.normalize({ app_name: 'loan-desk', agents: [{ name: 'scout' }, { name: 'lead', role: 'orchestrator' }] });
  assert.equal(config.app_title, 'Loan Desk');
  assert.deepEqual(
    config.agents.map((a) => a.role),
    ['worker', 'orchestrator'],
  );
});

test('update merges a config change into an edited project, keeping the edits', () => {
  const base = api.files({ app_name: 'desk' });
  const next = api.files({ app_name: 'desk', agents: 'orchestrator, researcher, writer, auditor' });
  const edited = 'backend/writer/templates.py';
  const current = base.map((f) =>
    f.path === edited ? { ...f, contents: Buffer.concat([Buffer.from(f.contents), Buffer.from('\n# mine\n')]) } : f,
  );
  const result = api.update(base, next, current);
  assert.deepEqual(result.conflicts, []);
  assert.ok(result.files.some((f) => f.path === 'backend/auditor/agent.py' && f.contents instanceof Uint8Array));
  // The edited file is left alone or merged with the template's change: the edit survives.
  const merged = result.files.find((f) => f.path === edited);
  if (merged) assert.match(Buffer.from(merged.contents).toString(), /\n# mine\n/);
  assert.ok(result.changes.every((c) => ['add', 'update', 'merge'].includes(c.action)));
  // Nothing to do when the project is what the generator makes.
  assert.deepEqual(api.update(base, base, base).changes, []);
  // Overlapping edits: listed, with both sides in the file.
  const path = 'README.md';
  const text = (files) => Buffer.from(files.find((f) => f.path === path).contents).toString();
  const conflict = api.update(
    [{ path, contents: 'a\nb\nc\n' }],
    [{ path, contents: 'a\ntemplate\nc\n' }],
    [{ path, contents: 'a\nmine\nc\n' }],
  );
  assert.deepEqual(conflict.conflicts, [path]);
  assert.match(text(conflict.files), /<<<<<<< ours\nmine\n=======\ntemplate\n>>>>>>> theirs\n/);
  assert.throws(() => api.update('nope', [], []), (err) => err.fields[0].field === 'base');
});
