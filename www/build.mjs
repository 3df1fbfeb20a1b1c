// Builds the static site into www/dist: pages, modules, the web build of the WASM core and
// the vendored libraries. Any static host can serve the folder. Prints what each page
// loads on first visit, in bytes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const hljs = path.join(here, 'node_modules', '@highlightjs', 'cdn-assets');
const wasm = path.join(here, '..', 'npm', 'wasm', 'web');

const copy = (from, to) => {
  fs.mkdirSync(path.dirname(path.join(dist, to)), { recursive: true });
  fs.copyFileSync(from, path.join(dist, to));
};

if (!fs.existsSync(path.join(wasm, 'create_agent_app_bg.wasm'))) {
  console.error('npm/wasm/web is missing: run `make build` first');
  process.exit(1);
}
fs.rmSync(dist, { recursive: true, force: true });
for (const file of ['index.html', 'docs.html', 'style.css']) copy(path.join(here, file), file);
for (const file of fs.readdirSync(path.join(here, 'src'))) copy(path.join(here, 'src', file), `src/${file}`);
copy(path.join(wasm, 'create_agent_app.js'), 'wasm/create_agent_app.js');
copy(path.join(wasm, 'create_agent_app_bg.wasm'), 'wasm/create_agent_app_bg.wasm');
copy(path.join(here, 'node_modules', 'marked', 'lib', 'marked.esm.js'), 'vendor/marked.esm.js');
copy(path.join(hljs, 'es', 'core.min.js'), 'vendor/hljs/core.min.js');
copy(path.join(hljs, 'styles', 'github.min.css'), 'vendor/hljs/github.min.css');
for (const lang of ['bash', 'ini', 'json', 'makefile', 'markdown', 'python', 'sql', 'typescript', 'yaml']) {
  copy(path.join(hljs, 'es', 'languages', `${lang}.min.js`), `vendor/hljs/languages/${lang}.min.js`);
}

/** Every file a page loads: its stylesheets and module graph, plus the WASM. */
function firstLoad(page) {
  const files = new Set([page, 'wasm/create_agent_app_bg.wasm']);
  const html = fs.readFileSync(path.join(dist, page), 'utf8');
  const queue = [];
  for (const [, ref] of html.matchAll(/(?:href|src)="([^"#:]+\.(?:css|js))"/g)) {
    files.add(ref);
    if (ref.endsWith('.js')) queue.push(ref);
  }
  while (queue.length) {
    const file = queue.pop();
    const source = fs.readFileSync(path.join(dist, file), 'utf8');
    for (const [, ref] of source.matchAll(/(?:import|from)\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), ref));
      if (!files.has(resolved)) {
        files.add(resolved);
        queue.push(resolved);
      }
    }
  }
  return [...files];
}

for (const page of ['index.html', 'docs.html']) {
  const files = firstLoad(page);
  const bytes = files.reduce((sum, f) => sum + fs.statSync(path.join(dist, f)).size, 0);
  const gzip = files.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length, 0);
  console.log(`first load of ${page.padEnd(10)} ${String(files.length).padStart(2)} files  ${bytes} bytes  (gzip ${gzip})`);
}
console.log(`site written to ${path.relative(process.cwd(), dist) || '.'}`);
