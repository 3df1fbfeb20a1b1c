// The docs page: overview, architecture, options reference and the guides, rendered live by
// the generator for the config in the embedded form.
import { marked } from '../vendor/marked.esm.js';
import { loadCore } from './core.js';
import { buildForm, choices } from './form.js';
import { highlight } from './highlight.js';
import { configHash, readConfig, writeConfig } from './url.js';

const core = await loadCore();
const schema = core.schema();
const defaults = core.defaults();
const $ = (id) => document.getElementById(id);

let config = readConfig(defaults);
let page = new URLSearchParams(location.search).get('page') ?? 'overview';
let timer;

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** The options reference, from the schema alone. */
function optionsReference() {
  const rows = Object.entries(schema.properties).map(([key, p]) => {
    const values = choices(schema, p)?.map((c) => `<code>${escape(c.value)}</code>`).join(', ') ?? (p.type === 'boolean' ? 'true, false' : p.type === 'array' ? 'list or comma string' : 'text');
    return `<tr><td><code>${key}</code></td><td>${escape(p.title)}</td><td>${values}</td><td><code>${escape(JSON.stringify(p.default))}</code></td><td>${escape(p.description ?? '')}</td></tr>`;
  });
  return `<h1>Options</h1><p>Every field of the configuration, from <code>schema()</code>. The CLI takes them as <code>--set field=value</code> or in a <code>--config</code> file.</p>
<table><thead><tr><th>Field</th><th>Title</th><th>Values</th><th>Default</th><th>Description</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** [{id, title, path?}] of the pages this config has. */
function pages(plan) {
  const guides = plan
    .filter((f) => /^guides\/\d_.*\.md$/.test(f.path))
    .map((f) => ({ id: f.path.slice(7, -3), title: `Guide ${f.path.slice(7, 8)}: ${f.path.slice(9, -3).replaceAll('_', ' ')}`, path: f.path }));
  return [
    { id: 'overview', title: 'Overview', path: 'README.md' },
    { id: 'architecture', title: 'Architecture', path: 'ARCHITECTURE.md' },
    { id: 'customization', title: 'Customization', path: 'CUSTOMIZATION_GUIDE.md' },
    { id: 'options', title: 'Options' },
    ...guides,
  ];
}

marked.use({
  renderer: {
    // ARCHITECTURE.md's image is the generated architecture.svg: drawn inline by the core.
    image({ href, text }) {
      if (href === 'architecture.svg') return `<figure class="diagram"><div class="diagram-scroll" tabindex="0">${core.diagram(config)}</div></figure>`;
      return `<img src="${escape(href)}" alt="${escape(text)}">`;
    },
    code({ text, lang }) {
      const word = (lang || '').split(/\s/)[0]; // `bash admin`, `bash manual` highlight as bash
      return `<pre><code class="hljs">${highlight(text, `x.${word === 'bash' ? 'sh' : word === 'mermaid' ? 'txt' : word || 'txt'}`)}</code></pre>`;
    },
  },
});

function update() {
  writeConfig(config, defaults);
  const hash = configHash(config, defaults);
  $('generator-link').href = `index.html${hash}`;
  $('download-link').href = `index.html${hash}`;
  const errors = core.validate(config);
  form.showErrors(errors);
  if (errors.length) {
    $('doc').innerHTML = `<p class="error">Fix the configuration to see the docs for it.</p>`;
    return;
  }
  const available = pages(core.plan(config));
  if (!available.some((p) => p.id === page)) page = 'overview';
  $('toc').innerHTML = `<ul>${available
    .map((p) => `<li><a href="?page=${p.id}${hash}" data-page="${p.id}"${p.id === page ? ' aria-current="page"' : ''}>${escape(p.title)}</a></li>`)
    .join('')}</ul>`;
  const current = available.find((p) => p.id === page);
  // The markdown is the generator's own output, whose free text is escaped by its md filter.
  $('doc').innerHTML = current.path ? marked.parse(core.render(config, current.path)) : optionsReference();
  document.title = `${current.title} — create-agent-app docs`;
}

const form = buildForm($('form'), schema, config, (next) => {
  config = next;
  clearTimeout(timer);
  timer = setTimeout(update, 150);
}, { compact: true });

$('toc').addEventListener('click', (event) => {
  const link = event.target.closest('a[data-page]');
  if (!link) return;
  event.preventDefault();
  page = link.dataset.page;
  history.pushState(null, '', link.href);
  update();
  $('doc').focus?.();
});
window.addEventListener('popstate', () => {
  page = new URLSearchParams(location.search).get('page') ?? 'overview';
  config = readConfig(defaults);
  form.setConfig(config);
  update();
});

update();
document.body.dataset.ready = 'true';
