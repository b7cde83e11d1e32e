/** The marker every masked secret carries; rules skip text that already holds it, so redacting twice changes nothing. */
export const REDACTED_MARK = '[REDACTED:';

/**
 * Masks a secret as `<prefix>…[REDACTED:<length>]`. The prefix lets a person
 * tell which key leaked (`sk-ant…`, `ghp_…`) without revealing it; `keep` is
 * clamped so at most a quarter of the secret is ever shown.
 */
export function maskSecret(secret: string, keep: number = genericKeep(secret)): string {
  const shown = Math.max(0, Math.min(keep, Math.floor(secret.length / 4)));
  const prefix = secret.slice(0, shown);
  return prefix ? `${prefix}…${REDACTED_MARK}${secret.length}]` : `${REDACTED_MARK}${secret.length}]`;
}

/** How many characters of a secret with no known vendor prefix stay visible: none for short ones. */
export function genericKeep(secret: string): number {
  return secret.length < 12 ? 0 : Math.min(3, Math.floor(secret.length / 8));
}

/** True when text already holds a mask, so a rule must not mask the mask. */
export function isMasked(text: string): boolean {
  return text.includes(REDACTED_MARK);
}
