'use strict';
// Turns `--set key=value` into a typed answer, using the schema for the type.

/** A mistake in how the command was called (exit code 2). */
class UsageError extends Error {}

/** The answers with `key=value` applied; booleans and numbers typed per the schema. */
function applySet(answers, assignment, schema) {
  const eq = assignment.indexOf('=');
  if (eq <= 0) {
    throw new UsageError(`--set expects key=value, got ${JSON.stringify(assignment)}`);
  }
  const key = assignment.slice(0, eq).trim();
  const raw = assignment.slice(eq + 1);
  const fields = Object.keys(schema.properties || {});
  if (!fields.includes(key)) {
    const near = closest(key, fields);
    const fix = near ? `did you mean ${near}?` : `the fields are ${fields.join(', ')}`;
    throw new UsageError(`--set ${key}: no such field — ${fix}`);
  }
  return { ...answers, [key]: coerce(raw, (schema.properties || {})[key]) };
}

/** The field nearest to a mistyped `key` (edit distance ≤ a third of it), or null. */
function closest(key, fields) {
  const distance = (a, b) => {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++) {
        next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      row = next;
    }
    return row[b.length];
  };
  const [best] = fields.map((f) => [distance(key.toLowerCase(), f), f]).sort((x, y) => x[0] - y[0]);
  return best && best[0] <= Math.max(2, Math.floor(key.length / 3)) ? best[1] : null;
}

function coerce(raw, property) {
  const type = property && property.type;
  if (type === 'boolean') {
    if (/^(true|yes|on|1)$/i.test(raw)) return true;
    if (/^(false|no|off|0)$/i.test(raw)) return false;
    return raw; // left as text: validation names the field and the expected type
  }
  if (type === 'array' && raw.trim().startsWith('[')) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

module.exports = { UsageError, applySet, coerce };
