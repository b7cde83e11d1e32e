// Providers build messages from text the server chose (error bodies, which some
// servers fill with the key they rejected) and from URLs the user typed (which
// may carry credentials). Everything passes through here before it reaches an
// error or a log.

const MASK = '[redacted]';

/** Replaces every occurrence of each secret in `text`; secrets too short to be keys are left alone. */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 4) continue;
    out = out.split(secret).join(MASK);
  }
  return out;
}

/** A URL fit for messages: no user, password, query or fragment. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}
