/** `value` as a plain JSON object, or an empty one: decoders read untrusted wire data field by field. */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
