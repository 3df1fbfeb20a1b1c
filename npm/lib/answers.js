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
  return { ...answers, [key]: coerce(raw, (schema.properties || {})[key]) };
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
