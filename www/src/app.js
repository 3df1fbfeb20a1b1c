// The generator page: form → validate → file tree, preview, command and zip download.
// In "Update a project" mode the same form edits a loaded project's answers, and the right
// side shows the update's plan, a file's diff and the updated project's download.
import { cliCommand } from './command.js';
import { loadCore } from './core.js';
import { buildForm } from './form.js';
import { renderPreview, renderTree } from './tree.js';
import { baseNote, planUpdate, readUpload, renderChanges, renderDiff, summary, UploadError, zipUpdate } from './update.js';
import { configHash, readConfig, writeConfig } from './url.js';

const core = await loadCore();
const schema = core.schema();
const defaults = core.defaults();
const $ = (id) => document.getElementById(id);

let config = readConfig(defaults);
let selected = 'README.md';
let valid = false;
let timer;
let mode = 'new';
let project = null; // the loaded project: readUpload()'s answer
let updatePlan = null; // its update to the form's answers, when valid
let changeSelected = null;

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
  if (mode === 'update') {
    showUpdate(errors);
    return;
  }
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
  save(core.generate(config), `${config.app_name}.zip`);
});

function save(bytes, name) {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---- Update a project -------------------------------------------------------------

const problems = (n) => `${n} problem${n > 1 ? 's' : ''}`;

/** Plans the loaded project's update to the form's answers and shows it. */
function showUpdate(errors) {
  updatePlan = null;
  $('download-update').disabled = true;
  $('update-info').hidden = !project;
  if (!project) return;
  if (errors.length) {
    $('update-status').textContent = `${problems(errors.length)} in the answers to fix before the update (see the form).`;
    $('changes').replaceChildren();
    $('diff').replaceChildren();
    return;
  }
  try {
    updatePlan = planUpdate(core, project, config);
  } catch (error) {
    const message = error.fields?.length ? error.fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join('; ') : error.message;
    $('update-status').textContent = `The update cannot be planned: ${message}`;
    $('changes').replaceChildren();
    $('diff').replaceChildren();
    return;
  }
  const paths = updatePlan.changes.map((c) => c.path);
  if (!paths.includes(changeSelected)) {
    changeSelected = updatePlan.changes.find((c) => c.action === 'conflict')?.path ?? paths.find((p) => p !== '.create-agent-app.json') ?? paths[0] ?? null;
  }
  $('update-base').textContent = baseNote(updatePlan, project);
  $('update-status').textContent = `${updatePlan.updated.length} files after the update: ${summary(updatePlan)}`;
  $('download-update').disabled = false;
  renderChanges($('changes'), updatePlan, changeSelected, selectChange);
  if (changeSelected) renderDiff(core, $('diff'), updatePlan, changeSelected, templateFile);
  else $('diff').replaceChildren();
}

/** The file this generator makes for the form's answers (for a conflict's preview). */
function templateFile(path) {
  try {
    return core.files(config).find((f) => f.path === path) ?? null;
  } catch {
    return null;
  }
}

function selectChange(path) {
  changeSelected = path;
  update();
  document.querySelector(`[data-change="${CSS.escape(path)}"]`)?.focus();
}

async function loadUpload(file) {
  project = null;
  updatePlan = null;
  changeSelected = null;
  $('upload-error').hidden = true;
  $('upload-error').textContent = '';
  $('upload').removeAttribute('aria-invalid');
  try {
    if (!file) throw new UploadError('No file was given. Choose the .create-agent-app.json at the root of your project, or the project\'s .zip.');
    const bytes = new Uint8Array(await file.arrayBuffer());
    project = readUpload(core, file.name, bytes);
  } catch (error) {
    const message = error instanceof UploadError ? error.message : `${file?.name ?? 'The file'} could not be read: ${error.message}`;
    $('upload-error').textContent = message;
    $('upload-error').hidden = false;
    $('upload').setAttribute('aria-invalid', 'true');
    update();
    return;
  }
  $('update-source').textContent = project.note;
  config = project.recorded.config;
  form.setConfig(config);
  update();
}

$('upload').addEventListener('change', async (e) => {
  await loadUpload(e.target.files[0]);
  e.target.value = ''; // so choosing the same file again (after fixing it) reads it again
});
const zone = $('dropzone');
zone.addEventListener('dragover', (e) => {
  e.preventDefault();
  zone.classList.add('dragging');
});
zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
zone.addEventListener('drop', (e) => {
  e.preventDefault();
  zone.classList.remove('dragging');
  loadUpload(e.dataTransfer.files[0]);
});

$('download-update').addEventListener('click', () => {
  // The button's state is debounced; the answers may have changed since: plan again now.
  update();
  if (!updatePlan) return;
  let bytes;
  try {
    bytes = zipUpdate(core, updatePlan);
  } catch (error) {
    $('download-update').disabled = true;
    $('update-status').textContent = `The updated zip could not be made: ${error.message}`;
    return;
  }
  save(bytes, `${updatePlan.config.app_name}.zip`);
});

// ---- Modes (tabs) -------------------------------------------------------------------

const tabs = [$('tab-new'), $('tab-update')];

function setMode(next, focus = false) {
  mode = next;
  for (const tab of tabs) {
    const on = tab.id === `tab-${next}`;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(tab.getAttribute('aria-controls')).hidden = !on;
    if (on && focus) tab.focus();
  }
  document.querySelector('main').classList.toggle('updating', next === 'update');
  update();
}

for (const tab of tabs) {
  tab.addEventListener('click', () => setMode(tab.id.slice(4)));
  tab.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(tab);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    setMode(tabs[(to + tabs.length) % tabs.length].id.slice(4), true);
  });
}

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
