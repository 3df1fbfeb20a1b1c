// The page's "Update a project" mode: read a project's answers file or .zip, plan its
// update to the answers in the form (the core's update_project, the same merge as
// `create-agent-app update`), preview a file's diff, and zip the updated project.

export const ANSWERS = '.create-agent-app.json';
const LIMIT = 64 * 1024 * 1024;
const CHOOSE = `Choose the ${ANSWERS} at the root of your project, or the project's .zip.`;

/** A problem with an upload, worded for the user: what is wrong and what to do. */
export class UploadError extends Error {
  name = 'UploadError';
}

/** The core's message without its field prefix, or its archive error's "could not write"
 * (the same error serves reading). */
function coreMessage(error) {
  const fields = (error.fields ?? []).filter((f) => f.message);
  const text = fields.length
    ? fields.map((f) => (f.field && f.field !== ANSWERS ? `${f.field}: ${f.message}` : f.message)).join('; ')
    : String(error.message ?? error);
  return text.replace(/^could not write the archive: /, '').replace(/\.$/, '');
}

const isText = (bytes) => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
};

/**
 * Reads an uploaded file (`bytes`, a Uint8Array, named `name`): a project's answers file or
 * its zip. Returns {name, kind: 'answers' | 'zip', recorded, current, note}: `current` is
 * the project's files. Throws an UploadError saying what is wrong and how to fix it.
 */
export function readUpload(core, name, bytes) {
  if (bytes.length === 0) throw new UploadError(`${name} is empty. ${CHOOSE}`);
  if (bytes.length > LIMIT) {
    const mib = (bytes.length / 1024 / 1024).toFixed(0);
    throw new UploadError(`${name} is ${mib} MiB, more than a project's 64 MiB. Zip the project without node_modules, .venv and build output, or choose its ${ANSWERS}.`);
  }
  const zipped = (bytes[0] === 0x50 && bytes[1] === 0x4b) || /\.zip$/i.test(name);
  return zipped ? readZip(core, name, bytes) : readAnswersFile(core, name, bytes);
}

function readAnswersFile(core, name, bytes) {
  const text = isText(bytes);
  try {
    if (text === null) throw new Error('not text');
    JSON.parse(text);
  } catch {
    throw new UploadError(`${name} is not JSON, so it is not a project's ${ANSWERS}. ${CHOOSE}`);
  }
  let recorded;
  try {
    recorded = core.read_answers(bytes);
  } catch (error) {
    throw new UploadError(`${name} ${coreMessage(error)}. ${CHOOSE}`);
  }
  let current;
  try {
    current = core.files(recorded.config);
  } catch (error) {
    throw new UploadError(
      `The answers in ${name} are not valid for create-agent-app ${core.version()}: ${coreMessage(error)}. Upload the project's .zip instead: its answers load into the form, where you can fix them.`,
    );
  }
  const note =
    `${name}: answers recorded by create-agent-app ${recorded.version}. Without the project's files, the project is taken to be ` +
    `what this page (create-agent-app ${core.version()}) makes for those answers, and the download is the whole project for your new answers. ` +
    `To keep edits you made to the project, upload its .zip instead.`;
  return { name, kind: 'answers', recorded, current, note };
}

function readZip(core, name, bytes) {
  let current;
  try {
    current = core.unzip(bytes);
  } catch (error) {
    throw new UploadError(`${name}: ${coreMessage(error)}.`);
  }
  const answers = current.find((f) => f.path === ANSWERS);
  if (!answers) {
    throw new UploadError(
      `${name} has no ${ANSWERS} at its root, so it is not a project create-agent-app made (or that file was deleted: restore it, e.g. from git, and zip the project again).`,
    );
  }
  let recorded;
  try {
    recorded = core.read_answers(answers.contents);
  } catch (error) {
    throw new UploadError(`${name}: its ${ANSWERS} ${coreMessage(error)}.`);
  }
  const note = `${name}: ${current.length} files, made by create-agent-app ${recorded.version}.`;
  return { name, kind: 'zip', recorded, current, note };
}

/**
 * The update of `project` to `config`: the core's {files, removed, changes, conflicts,
 * base, from_version, config}, plus `before` and `after` (path → file) and `updated`, the
 * whole updated project: the current files without `removed`, with `files` written over.
 * Throws the core's error (with `fields`) when the config is invalid.
 */
export function planUpdate(core, project, config) {
  const result = core.update_project(project.current, config, null);
  const before = new Map(project.current.map((f) => [f.path, f]));
  const after = new Map(before);
  for (const path of result.removed) after.delete(path);
  for (const file of result.files) after.set(file.path, file);
  const updated = [...after.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ...result, before, after, updated };
}

/** The updated project as zip bytes, read back once so the page never offers an archive
 * that does not hold exactly the planned files. */
export function zipUpdate(core, plan) {
  const bytes = core.zip(plan.config.app_name, plan.updated);
  const back = core.unzip(bytes);
  const same = back.length === plan.updated.length && back.every((f, i) => f.path === plan.updated[i].path && f.contents.length === plan.updated[i].contents.length);
  if (!same) throw new Error('the updated zip did not read back as the planned files — please report it');
  return bytes;
}

export const ACTIONS = { add: 'added', update: 'updated', merge: 'merged', conflict: 'conflict', remove: 'removed' };

/** "3 added, 1 updated, 0 merged, 0 conflicts, 0 removed". */
export function summary(plan) {
  const count = (action) => plan.changes.filter((c) => c.action === action).length;
  const conflicts = count('conflict');
  return `${count('add')} added, ${count('update')} updated, ${count('merge')} merged, ${conflicts} conflict${conflicts === 1 ? '' : 's'}, ${count('remove')} removed.`;
}

/** Which base the merge used, said for the user. */
export function baseNote(plan, project) {
  if (project.kind === 'answers') return `Compared with what create-agent-app makes for the recorded answers.`;
  const made = `Made by create-agent-app ${plan.from_version}`;
  if (plan.base === 'generated') return `${made}: merged line by line with what that version generated, so your edits are kept.`;
  if (plan.base === 'hashes') return `${made}: merged using the recorded file hashes; files you changed were kept (listed as conflicts where the template changed them too).`;
  return `${made}, which recorded no file hashes: only new files were added; files that differ were kept as yours and listed.`;
}

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};

/** The planned changes as a list of buttons into `root`; `onSelect(path)` previews one. */
export function renderChanges(root, plan, selected, onSelect) {
  if (!plan.changes.length) {
    root.replaceChildren(el('p', { class: 'help' }, 'Nothing changes: the project already matches these answers.'));
    return;
  }
  root.replaceChildren(
    el(
      'ul',
      { class: 'changes', 'aria-label': 'Planned changes' },
      ...plan.changes.map((change) =>
        el(
          'li',
          {},
          el(
            'button',
            {
              type: 'button',
              class: change.path === selected ? 'change selected' : 'change',
              'aria-current': change.path === selected ? 'true' : 'false',
              'data-change': change.path,
              onclick: () => onSelect(change.path),
            },
            el('span', { class: `badge badge-${change.action}` }, ACTIONS[change.action] ?? change.action),
            ' ',
            el('span', { class: 'path' }, change.path),
          ),
          change.reason ? el('p', { class: 'reason' }, change.reason) : null,
        ),
      ),
    ),
  );
}

const MAX_LINES = 4000;

const sameBytes = (a, b) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** The diff of `path` (current → updated) into `root`. `template(path)` gives the file
 * this generator makes, shown against a kept file of yours. */
export function renderDiff(core, root, plan, path, template) {
  const change = plan.changes.find((c) => c.path === path);
  let before = plan.before.get(path);
  let after = plan.after.get(path);
  let caption = change ? `${ACTIONS[change.action] ?? change.action}` : 'unchanged';
  const kept = change?.action === 'conflict' && before && after && sameBytes(before.contents, after.contents);
  if (kept) {
    const theirs = template(path);
    if (theirs) {
      after = theirs;
      caption = 'conflict: your version is kept; below, yours → the template\'s, to apply by hand';
    }
  }
  const oldText = before ? isText(before.contents) : '';
  const newText = after ? isText(after.contents) : '';
  const body = [];
  if (change?.reason) body.push(el('p', { class: 'reason' }, change.reason));
  if (oldText === null || newText === null) {
    body.push(el('p', { class: 'help' }, `A binary file (${(after ?? before).contents.length} bytes): no preview.`));
  } else {
    const parts = core.diff(oldText, newText);
    if (before && after && before.executable !== after.executable) body.push(el('p', { class: 'help' }, after.executable ? 'Becomes executable.' : 'No longer executable.'));
    if (!parts.length) {
      body.push(el('p', { class: 'help' }, 'No change to the contents.'));
    } else {
      const code = el('code', {});
      let shown = 0;
      for (const part of parts) {
        if (shown > MAX_LINES) break;
        code.append(el('span', { class: 'diff-hunk' }, `${part.header}\n`));
        for (const [op, text] of part.lines) {
          if (++shown > MAX_LINES) {
            code.append(el('span', { class: 'diff-hunk' }, '… (the rest is in the download)\n'));
            break;
          }
          const kind = op === '+' ? 'diff-add' : op === '-' ? 'diff-del' : 'diff-ctx';
          code.append(el('span', { class: kind }, `${op}${text}\n`));
        }
      }
      body.push(el('pre', { tabindex: '0', 'aria-label': `Changes to ${path}` }, code));
    }
  }
  root.replaceChildren(el('h3', { class: 'preview-path' }, path, el('span', { class: 'diff-caption' }, ` — ${caption}`)), ...body);
}
