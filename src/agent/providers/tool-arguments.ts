// Tool-call arguments stay the model's raw text (the policy parses and
// validates them); here we only say whether they could be a JSON object at all,
// so a broken call is flagged instead of dropped.

/** Some servers send nothing for a call without arguments; that means `{}`. */
export function normalizeArguments(raw: string): string {
  return raw.trim() === '' ? '{}' : raw;
}

/** True when `raw` is not the JSON text of an object. */
export function isMalformedArguments(raw: string): boolean {
  try {
    const value = JSON.parse(raw) as unknown;
    return typeof value !== 'object' || value === null || Array.isArray(value);
  } catch {
    return true;
  }
}
