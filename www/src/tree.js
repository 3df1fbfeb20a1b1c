// The project's file tree (from plan()) and the preview of the selected file (render()).
import { highlight, languageOf } from './highlight.js';

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
};

const size = (bytes) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);

/** Nested {name: subtree | entry} from [{path, size, executable}]. */
function nest(plan) {
  const root = {};
  for (const entry of plan) {
    const parts = entry.path.split('/');
    let node = root;
    for (const part of parts.slice(0, -1)) node = node[part] ??= {};
    node[parts.at(-1)] = entry;
  }
  return root;
}

/** Renders the tree into `treeRoot`; `onSelect(path)` when a file is chosen. */
export function renderTree(treeRoot, plan, selected, onSelect) {
  const list = (node, depth) =>
    el(
      'ul',
      depth === 0 ? { role: 'list', 'aria-label': 'Project files' } : { role: 'list' },
      ...Object.entries(node)
        .sort(([a, x], [b, y]) => ('path' in x) - ('path' in y) || a.localeCompare(b))
        .map(([name, child]) => {
          if ('path' in child) {
            const current = child.path === selected;
            return el(
              'li',
              {},
              el(
                'button',
                { type: 'button', class: current ? 'file selected' : 'file', 'aria-current': current ? 'true' : 'false', 'data-path': child.path, onclick: () => onSelect(child.path) },
                el('span', { class: 'name' }, name + (child.executable ? ' *' : '')),
                el('span', { class: 'size' }, size(child.size)),
              ),
            );
          }
          const details = el('details', { open: '' }, el('summary', {}, `${name}/`), list(child, depth + 1));
          return el('li', {}, details);
        }),
    );
  treeRoot.replaceChildren(list(nest(plan), 0));
}

/** Shows `text` of `path` highlighted in `previewRoot`. */
export function renderPreview(previewRoot, path, text) {
  const code = el('code', { class: `hljs language-${languageOf(path)}` });
  code.innerHTML = highlight(text, path);
  previewRoot.replaceChildren(el('h2', { class: 'preview-path' }, path), el('pre', { tabindex: '0', 'aria-label': `Contents of ${path}` }, code));
}
