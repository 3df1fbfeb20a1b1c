// The config lives in the URL fragment (#config=…), so a link reproduces a project and any
// static host works. Only fields that differ from the defaults are written.

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** The config in the current URL merged over `defaults` (defaults when absent or broken). */
export function readConfig(defaults) {
  const raw = new URLSearchParams(location.hash.slice(1)).get('config');
  if (!raw) return structuredClone(defaults);
  try {
    const given = JSON.parse(raw);
    return given && typeof given === 'object' && !Array.isArray(given) ? { ...structuredClone(defaults), ...given } : structuredClone(defaults);
  } catch {
    return structuredClone(defaults);
  }
}

/** The fields of `config` that differ from `defaults`. */
export function changedFields(config, defaults) {
  return Object.fromEntries(Object.entries(config).filter(([key, value]) => !same(value, defaults[key])));
}

/** `#config=…` for `config`, or '' when it equals the defaults. */
export function configHash(config, defaults) {
  const changed = changedFields(config, defaults);
  return Object.keys(changed).length ? `#config=${encodeURIComponent(JSON.stringify(changed))}` : '';
}

/** Replaces the URL fragment without adding a history entry. */
export function writeConfig(config, defaults) {
  history.replaceState(null, '', `${location.pathname}${location.search}${configHash(config, defaults)}`);
}
