// `make bench` times cookiecutter and copier against the CLI on templates that
// pkg-tests/bench/make_templates.py builds from the generator's own output. The
// comparison is only fair while all three write the same tree: checked here.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

import { buildTemplates, commands, run, treeDiff } from './bench/engines.mjs';
import { PYTHON, ROOT, installPackage, readTree } from './helpers.mjs';

const { cli } = installPackage();

test('cookiecutter and copier render the CLI tree byte for byte (run bits too)', () => {
  const templates = buildTemplates(cli, {});
  const engines = commands(cli, templates);
  const project = (engine) => path.join(run(engines[engine]), templates.answers.app_name);
  const ours = project('cli');
  assert.ok(Object.keys(readTree(ours).files).length > 100);
  for (const engine of ['cookiecutter', 'copier']) {
    assert.deepEqual(treeDiff(ours, project(engine)), [], engine);
  }
});

test('the converter keeps braces, Jinja syntax and a literal endraw verbatim', () => {
  const script = `
import sys, jinja2
sys.path.insert(0, ${JSON.stringify(path.join(ROOT, 'pkg-tests', 'bench'))})
from make_templates import Converter
text = sys.stdin.read()
template = Converter({"my-app": "name", "my_app": "name|replace('-', '_')"}).convert(text)
env = jinja2.Environment(keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
sys.stdout.write(env.from_string(template).render(name="my-app"))
`;
  const tricky = [
    '${{ secrets.TOKEN }} {% if x %}{# note #}{%- endraw -%}{% endraw %} endraw',
    '{my-app}}{{my_app{',
    '}}my-app{{ {%my_app%}\n',
    'no braces, my-app and my_app\n\n',
  ].join('\n');
  assert.equal(execFileSync(PYTHON, ['-c', script], { input: tricky, encoding: 'utf8' }), tricky);
});
