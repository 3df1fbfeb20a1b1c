// The generator page: form → validate → file tree, preview, command and zip download.
import { cliCommand } from './command.js';
import { loadCore } from './core.js';
import { buildForm } from './form.js';
import { renderPreview, renderTree } from './tree.js';
import { configHash, readConfig, writeConfig } from './url.js';

const core = await loadCore();
const schema = core.schema();
const defaults = core.defaults();
const $ = (id) => document.getElementById(id);

let config = readConfig(defaults);
let selected = 'README.md';
let valid = false;
let timer;

const form = buildForm($('form'), schema, config, (next) => {
  config = next;
  clearTimeout(timer);
  timer = setTimeout(update, 120);
});

function update() {
  writeConfig(config, defaults);
  $('docs-link').href = `docs.html${configHash(config, defaults)}`;
  const errors = core.validate(config);
  form.showErrors(errors);
  valid = errors.length === 0;
  $('download').disabled = !valid;
  if (!valid) {
    $('status').textContent = `${errors.length} problem${errors.length > 1 ? 's' : ''} to fix before download.`;
    return;
  }
  const plan = core.plan(config);
  if (!plan.some((f) => f.path === selected)) selected = 'README.md';
  const total = plan.reduce((sum, f) => sum + f.size, 0);
  $('status').textContent = `${plan.length} files, ${(total / 1024).toFixed(0)} KB.`;
  $('command').value = cliCommand(config, defaults);
  // The SVG is the core's own output: every piece of user text in it is XML-escaped.
  $('diagram').innerHTML = core.diagram(config);
  renderTree($('tree'), plan, selected, select);
  renderPreview($('preview'), selected, core.render(config, selected));
}

function select(path) {
  selected = path;
  update();
  document.querySelector(`[data-path="${CSS.escape(path)}"]`)?.focus();
}

$('download').addEventListener('click', () => {
  // The button's state is debounced; the config may have changed since: check it now.
  if (core.validate(config).length) {
    update();
    return;
  }
  const bytes = core.generate(config);
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: `${config.app_name}.zip` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
});

$('copy').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText($('command').value);
    $('status').textContent = 'Command copied.';
  } catch {
    $('command').select(); // clipboard refused (e.g. not a secure context): select for Ctrl+C
  }
});

window.addEventListener('hashchange', () => {
  config = readConfig(defaults);
  form.setConfig(config);
  update();
});

update();
document.body.dataset.ready = 'true';
