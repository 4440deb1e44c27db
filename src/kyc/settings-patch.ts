/** Merges a partial settings object into the current one: objects merge key by key, anything else replaces. */
export function mergeSettings(current: unknown, patch: unknown): unknown {
  if (!isPlainObject(current) || !isPlainObject(patch)) return structuredClone(patch);
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    merged[key] = value === null ? undefined : mergeSettings(current[key], value);
    if (merged[key] === undefined) delete merged[key];
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
