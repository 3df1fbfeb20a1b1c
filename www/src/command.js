// The CLI command that writes the same project as the page.
import { changedFields } from './url.js';

const quote = (text) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`);

/** Whether `agents` is just names in order, with the first one the orchestrator. */
function namesOnly(agents) {
  return agents.every((a, i) => !a.description && (a.role ?? (i === 0 ? 'orchestrator' : 'worker')) === (i === 0 ? 'orchestrator' : 'worker'));
}

/** `npx create-agent-app <name> --set …` reproducing `config` (normalised). */
export function cliCommand(config, defaults) {
  const parts = ['npx', 'create-agent-app', quote(config.app_name)];
  const changed = changedFields(config, defaults);
  delete changed.app_name;
  for (const [key, value] of Object.entries(changed)) {
    let text;
    if (key === 'agents') {
      text = namesOnly(value) ? value.map((a) => a.name).join(',') : JSON.stringify(value);
    } else {
      text = String(value);
    }
    parts.push('--set', quote(`${key}=${text}`));
  }
  return parts.join(' ');
}
