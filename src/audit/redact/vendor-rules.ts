import type { RedactionRule } from './redaction-rule';

// Provider keys recognisable by their own shape. Most start with a literal
// prefix (the boundary before it is checked by `tokenStart`), so one pass over
// all prefixes finds the few places worth a closer look. Every pattern is
// bounded: a match is at most a few KB long, which the stream redactor's
// carry-over relies on (see MAX_SINGLE_LINE_MATCH).

const T = 'A-Za-z0-9_-';
/** Ends a token whose alphabet includes `-`/`_`, where `\b` would not. */
const END = `(?![${T}])`;

/**
 * `[chars]{min,max}` taken whole, never given back: a lookahead captures the
 * longest run and a backreference consumes exactly it (JavaScript has no
 * possessive quantifiers). Without this, `sk-sk-sk-…` or `eyJeyJeyJ…` made the
 * engine retry every shorter run at every position: seconds per megabyte.
 * Equivalent here because what follows a run can never be one of its chars.
 */
function run(chars: string, min: number, max: number, name: string): string {
  return `(?=(?<${name}>[${chars}]{${min},${max}}))\\k<${name}>`;
}

const hasDigitAndLetter = (s: string): boolean => /\d/.test(s) && /[A-Za-z]/.test(s);
const upToFirstSeparator = (s: string): number => Math.max(2, s.search(/[_.-]/) + 1);

function literalRule(id: string, prefix: string, rest: string, keep: RedactionRule['keep'] = upToFirstSeparator): RedactionRule {
  return { id, pattern: new RegExp(prefix + rest, 'g'), prefix, keep, tokenStart: true };
}

/** Provider keys and tokens, each recognised by its prefix and alphabet. */
export const VENDOR_RULES: readonly RedactionRule[] = [
  literalRule('anthropic-key', `sk-ant-`, `(?:api|admin|oat|sid)\\d{2}-${run(T, 20, 300, 'r')}${END}`, 6),
  {
    id: 'openai-key',
    pattern: new RegExp(`sk-(?:proj-|svcacct-|admin-|None-)?${run(T, 20, 300, 'r')}${END}`, 'g'),
    prefix: 'sk-',
    keep: (s) => (/^sk-(?:proj|svcacct|admin)-/.test(s) ? s.indexOf('-', 3) : 3),
    tokenStart: true,
    accept: (s) => !s.startsWith('sk-ant-') && hasDigitAndLetter(s.slice(3)),
  },
  literalRule('github-token', `gh[pousr]_`, `${run('A-Za-z0-9', 36, 251, 'r')}\\b`, 4),
  literalRule('github-fine-grained-token', `github_pat_`, `${run('A-Za-z0-9_', 22, 255, 'r')}\\b`, 11),
  literalRule('gitlab-token', `gl(?:pat|ptt|dt|rt|cbt|oas|soat|ft|imt|agent)-`, `${run(T, 20, 255, 'r')}${END}`),
  literalRule('slack-token', `xox[abposre]-`, `[A-Za-z0-9-]{10,250}`, 5),
  literalRule('slack-app-token', `xapp-`, `\\d-[A-Z0-9]{6,20}-\\d{6,20}-[a-z0-9]{20,80}`, 5),
  {
    id: 'webhook-url',
    prefix: 'https://(?:hooks|ptb|canary|discord)',
    pattern: /https:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)\/|(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{5,30}\/)(?<s>[A-Za-z0-9/_-]{20,200})/g,
    keep: 0,
  },
  literalRule('aws-access-key-id', `A(?:KIA|SIA|BIA|CCA|GPA|IDA|IPA|NPA|NVA|PKA|ROA|3T[A-Z0-9])`, `[A-Z0-9]{16}\\b`, 4),
  literalRule('google-api-key', `AIza`, `[${T}]{35}${END}`, 4),
  literalRule('google-oauth-client-secret', `GOCSPX-`, `[${T}]{28}${END}`, 7),
  literalRule('google-oauth-access-token', `ya29\\.`, `${run(T, 20, 2048, 'r')}${END}`, 5),
  literalRule('google-oauth-refresh-token', `1//0`, `${run(T, 30, 512, 'r')}${END}`, 4),
  {
    id: 'telegram-bot-token',
    // `123456789:AA…`: the pattern starts at the colon (a fast literal) and the bot id is checked here.
    // Only the part after the colon is secret; the bot id tells which bot leaked.
    pattern: new RegExp(`:(?<s>[${T}]{35})${END}`, 'g'),
    keep: 2,
    accept: (s, { text, index }) => /[A-Za-z]/.test(s) && /(?:^|[^A-Za-z0-9_-])\d{8,10}$/.test(text.slice(Math.max(0, index - 11), index)),
  },
  {
    id: 'discord-bot-token',
    pattern: new RegExp(`[MNO][${T}]{23,27}\\.[${T}]{6}\\.[${T}]{27,40}${END}`, 'g'),
    keep: 3,
    tokenStart: true,
    accept: hasDigitAndLetter,
  },
  literalRule('jwt', `eyJ`, `${run(T, 10, 2048, 'r1')}\\.eyJ${run(T, 10, 2048, 'r2')}\\.${run(T, 10, 1024, 'r3')}${END}`, 3),
  literalRule('stripe-key', `[rsp]k_(?:live|test)_`, `${run('0-9A-Za-z', 24, 247, 'r')}\\b`, 8),
  literalRule('stripe-webhook-secret', `whsec_`, `${run('A-Za-z0-9', 32, 128, 'r')}\\b`, 6),
  literalRule('npm-token', `npm_`, `[A-Za-z0-9]{36}\\b`),
  literalRule('huggingface-token', `hf_`, `[A-Za-z0-9]{30,40}\\b`),
  literalRule('sendgrid-key', `SG\\.`, `[${T}]{22}\\.[${T}]{43}${END}`),
  literalRule('groq-key', `gsk_`, `[A-Za-z0-9]{48,56}\\b`),
  literalRule('digitalocean-token', `do[opr]_v1_`, `[a-f0-9]{64}\\b`, 7),
  literalRule('shopify-token', `shp(?:at|ca|pa|ss)_`, `[a-fA-F0-9]{32}\\b`),
  literalRule('twilio-key', `SK`, `[0-9a-f]{32}\\b`, 2),
  literalRule('mailgun-key', `key-`, `[0-9a-f]{32}\\b`),
  literalRule('doppler-token', `dp\\.`, `(?:pt|st|ct|sa|scim|audit)\\.[A-Za-z0-9]{40,44}\\b`, 6),
  literalRule('linear-key', `lin_`, `(?:api|oauth)_[A-Za-z0-9]{40}\\b`, 8),
  literalRule('pypi-token', `pypi-`, `${run(T, 50, 250, 'r')}${END}`),
];
