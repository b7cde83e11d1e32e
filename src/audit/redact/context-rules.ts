import { looksRandom } from './entropy';
import { isPlaceholder } from './placeholder';
import type { RedactionRule, RuleHit } from './redaction-rule';

// Secrets recognised by what surrounds them: a name, a header, a URL, a PEM
// frame. Bounded like the vendor rules (see vendor-rules.ts).

/** Names whose value is a secret whatever it looks like. */
const STRONG_NAME =
  /^(?:pass(?:word|wd|phrase)|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|account[_-]?key|auth[_-]?key|signing[_-]?key|encryption[_-]?key|master[_-]?key|credentials?)$/i;
/** Every name worth a look; the weaker ones (key, salt, session …) only with a random-looking value. */
const ANY_NAME =
  '(?:pass(?:word|wd|phrase)|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|account[_-]?key|auth[_-]?key|' +
  'signing[_-]?key|encryption[_-]?key|master[_-]?key|credentials?|key|sig(?:nature)?|hmac|salt|seed|cookie|session|sid|dsn|license|otp|nonce|auth)';
/** Name suffixes that make a secret-like name about something else (`token_count`, `password_file`). */
const BENIGN_NAME_TAIL =
  /^[_.-]?(?:s|types?|count|len|length|size|limit|max|min|files?|paths?|dir|url|uri|endpoint|name|id|ttl|expiry|expires(?:[_-]?(?:in|at))?|usage|hash|env|var|header|field|prompt|required|policy|rotation|placeholder|mode|format|version|kind|iz(?:e[rd]?|ers|ation)|less|lint|manager|store|ref|source|provider|budget|window|index)$/i;

/** `password.ts:42` is a file name and a line number, not a secret. */
const FILE_EXTENSION_TAIL = /^\.(?:[cm]?[jt]sx?|py|go|rs|java|kt|rb|php|cs|cpp|c|h|json|ya?ml|toml|txt|md|html|css|log|sh)$/i;

const acceptReal = (s: string): boolean => !isPlaceholder(s);

function acceptAssignment(secret: string, { groups }: RuleHit, highEntropy: boolean): boolean {
  if (isPlaceholder(secret)) return false;
  const name = groups.kw ?? '';
  if (!STRONG_NAME.test(name)) {
    // A bare `auth` (Docker's config.json) but not `Author:` or `authority=`.
    if (/^auth$/i.test(name) && groups.tail) return false;
    return highEntropy && looksRandom(secret);
  }
  if (groups.tail && (BENIGN_NAME_TAIL.test(groups.tail) || FILE_EXTENSION_TAIL.test(groups.tail))) return false;
  // `token: expired` in prose is a word, not a credential; `password: hunter` is still masked.
  if (groups.sep === ':' && !/^pass/i.test(name) && /^[a-z]{1,12}$/.test(secret)) return false;
  return true;
}

/**
 * Secrets found by their context rather than their own shape. `highEntropy`
 * (setting `redaction.detectHighEntropy`) also masks random-looking values
 * next to weaker names such as `session_key` or `signature`.
 */
export function contextRules(highEntropy = true): RedactionRule[] {
  return [
  {
    id: 'pem-private-key',
    // A whole block, or, when the END line is missing (truncated output), the base64 body that follows.
    // A body never runs into the next BEGIN: an unterminated block followed by a whole one is two matches.
    pattern: /-----BEGIN[A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----(?:(?:(?!-----BEGIN)[\s\S]){1,16384}?-----END[A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----|(?:[A-Za-z0-9+/=\s]|\\n|\\r){1,16384})/g,
    keep: (s) => s.indexOf('-----', 5) + 5,
  },
  {
    id: 'secret-assignment',
    // GITHUB_TOKEN=…, "password": "…", api_key => …, ?access_token=…, \"token\":\"…\" (JSON in a JSON string).
    // Quoted values may hold spaces; unquoted ones end at space, quote, `,` `;` `&`.
    pattern: new RegExp(
      `(?<kw>${ANY_NAME})(?<tail>[A-Za-z0-9_.-]{0,40})\\\\?["']?[ \\t]*(?<sep>=>|:=|=|:)[ \\t]*` +
        `(?:(?<q>\\\\?["'])(?<s>[^"'\\\\\\n]{1,512})(?=\\k<q>)|(?<s2>[^\\s"'\`,;&\\\\]{1,512}))`,
      'gi',
    ),
    accept: (secret, hit) => acceptAssignment(secret, hit, highEntropy),
  },
  {
    id: 'authorization-header',
    pattern: /\b(?:authorization|proxy-authorization|x-api-key|api-key|x-auth-token|private-token|x-goog-api-key|x-vault-token|cookie|set-cookie)\\?["']?[ \t]*[:=][ \t]*\\?["']?(?:(?:bearer|basic|token|bot|digest|negotiate|apikey)[ \t]+)?(?<s>[^\s"'\\,;]{6,2048})/gi,
    accept: acceptReal,
  },
  {
    id: 'bearer-token',
    pattern: /\bbearer[ \t]+(?<s>[A-Za-z0-9._~+/=-]{16,2048})/gi,
    accept: acceptReal,
  },
  {
    id: 'url-credentials',
    // scheme://user:password@host — starts at `://` so the scan is fast; only the password is masked.
    pattern: /:\/\/[^\s:/?#@"'<>]{0,256}:(?<s>[^\s/?#@"'<>]{1,512})(?=@)/g,
    accept: acceptReal,
  },
  {
    id: 'netrc-password',
    // ~/.netrc: `machine h login me password hunter2`, or `password hunter2` alone on its line.
    // Starts at the literal `password` (fast); the context before it is checked in accept, on the
    // same line only, so a stream cut between lines cannot separate a secret from its context.
    pattern: /password[ \t]+(?<s>\S{1,512})(?=[ \t]*(?:\r?\n|$)|[ \t]+(?:machine|login|account|macdef|default)\b)/g,
    accept: (secret, { text, index }) => {
      const lineStart = text.lastIndexOf('\n', index - 1) + 1;
      const before = text.slice(Math.max(lineStart, index - 600), index);
      return !isPlaceholder(secret) && (/^[ \t]*$/.test(before) || /\blogin[ \t]+\S{1,256}[ \t]+$/.test(before));
    },
  },
  {
    id: 'secret-flag',
    // --password hunter2 (the `--password=…` form is a secret-assignment).
    pattern: /(?<![A-Za-z0-9-])--?(?:password|passwd|pass|token|secret|api-key|apikey|access-token|auth-token|client-secret|private-key)[ \t]+(?<s>[^\s"'-][^\s"']{0,511})/gi,
    accept: acceptReal,
  },
];
}
