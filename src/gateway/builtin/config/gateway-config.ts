// The built-in gateway's configuration (`$CLAWDOCK_HOME/gateway.json` or
// `--config FILE`): a strict zod schema, so a misspelt key is an error rather
// than a silently open door, and rules the schema cannot say (an `open` DM
// policy needs "*"; a literal token needs a `dangerously…` flag) checked after.
// Every error names the key to change.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../../core/errors';

/** A Telegram user or chat id (groups are negative). */
const telegramId = z.string().regex(/^-?\d{1,20}$/, 'a numeric Telegram id (as a string), e.g. "123456789"');
const telegramSender = z.union([z.literal('*'), telegramId]);

/** A token named by the vault (`{ "secret": "telegram.bot" }`), or (only with dangerouslyAllowPlaintextToken) the token itself. */
const tokenRef = z.union([z.strictObject({ secret: z.string().min(1).max(128) }), z.string().min(1)]);

const rate = z.strictObject({
  messages: z.number().int().min(1).max(100_000),
  perSeconds: z.number().int().min(1).max(86_400),
});

/** Caller profiles a chat may be given (src/core/caller.ts). */
const profile = z.enum(['readonly', 'group', 'paired', 'owner']);

const groupConfig = z.strictObject({
  /** Answer only messages that mention the bot, reply to it, or match `mentionPatterns`. */
  requireMention: z.boolean().default(true),
  /** Who may trigger the bot in this group (ids or "*"); default: the provider's `groupAllowFrom`. */
  allowFrom: z.array(telegramSender).optional(),
  /** The profile of this group's callers: `group` (read-only, the default), `readonly`, `paired` (coding, every command asks the owner), or `owner` (only for a group whose `allowFrom` is the owner alone). */
  profile: profile.default('group'),
});

const telegramConfig = z.strictObject({
  token: tokenRef,
  dangerouslyAllowPlaintextToken: z.boolean().default(false),
  apiRoot: z.url({ protocol: /^https?$/ }).default('https://api.telegram.org'),
  /** The owner's Telegram user id: their DMs get the owner's profile, and only they may answer approvals. */
  owner: telegramId.optional(),
  /** Let the owner answer approvals with `/approve ID` / `/deny ID` in their own DM. */
  ownerApprovals: z.boolean().default(false),
  dmPolicy: z.enum(['pairing', 'allowlist', 'open', 'disabled']).default('pairing'),
  allowFrom: z.array(telegramSender).default([]),
  groupPolicy: z.enum(['allowlist', 'disabled']).default('allowlist'),
  /** Allowed groups by chat id, or "*" for all; `{}` = none. */
  groups: z.record(z.union([z.literal('*'), telegramId]), groupConfig).default({}),
  /** Who may trigger the bot inside groups, unless a group says otherwise; default anyone in an allowed group. */
  groupAllowFrom: z.array(telegramSender).default(['*']),
  mentionPatterns: z.array(z.string().min(1).max(200)).default([]),
  rateLimit: z.strictObject({
    perSender: rate.default({ messages: 10, perSeconds: 60 }),
    perGroup: rate.default({ messages: 30, perSeconds: 60 }),
  }).default({ perSender: { messages: 10, perSeconds: 60 }, perGroup: { messages: 30, perSeconds: 60 } }),
  /** Longer messages are refused (Telegram's own limit is 4096). */
  maxMessageChars: z.number().int().min(1).max(100_000).default(4000),
  /** Replies are cut to this many characters. */
  maxReplyChars: z.number().int().min(100).max(4096).default(3500),
  pollTimeoutSeconds: z.number().int().min(0).max(50).default(25),
});

const agentConfig = z.strictObject({
  provider: z.enum(['anthropic', 'openai']).optional(),
  model: z.string().min(1).optional(),
  baseUrl: z.string().min(1).optional(),
  maxTurns: z.number().int().min(1).max(1000).optional(),
});

/** The whole file. */
export const gatewayConfigSchema = z.strictObject({
  providers: z.strictObject({ telegram: telegramConfig.optional() }),
  /** The headless agent, when no VS Code window is connected. */
  agent: agentConfig.default({}),
  /** Seconds a SIGTERM waits for the running task before cancelling it (it is run again at the next start). */
  shutdownGraceSeconds: z.number().min(0).max(600).default(20),
});

/** The configuration after defaults. */
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
/** One Telegram provider's configuration after defaults. */
export type TelegramConfig = z.infer<typeof telegramConfig>;
/** One group's configuration after defaults. */
export type GroupConfig = z.infer<typeof groupConfig>;
/** A profile a chat can be given. */
export type ChatProfile = z.infer<typeof profile>;

/** Reads and checks a config file; every error names the file and the key. */
export function readGatewayConfig(file: string): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(file, code === 'ENOENT' ? 'there is no gateway configuration here' : `cannot be read: ${(error as Error).message}`,
      'create it, e.g. { "providers": { "telegram": { "token": { "secret": "telegram.bot" }, "owner": "YOUR_TELEGRAM_ID" } } }, and store the token with `clawdock secrets set telegram.bot`');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, `is not valid JSON: ${(error as Error).message}`);
  }
  return parseGatewayConfig(value, file);
}

/** Checks a parsed config; `where` names it in errors. */
export function parseGatewayConfig(value: unknown, where = 'gateway config'): GatewayConfig {
  const parsed = gatewayConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const key = issue.path.map(String).join('.') || '(top level)';
    const extra = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    throw new ConfigError(`${key}`, `${issue.message}${extra} in ${where}`, 'see the gateway section of the README for the keys and their values');
  }
  const config = parsed.data;
  const telegram = config.providers.telegram;
  if (telegram) checkProvider('providers.telegram', telegram, where);
  return config;
}

function checkProvider(at: string, p: TelegramConfig, where: string): void {
  if (typeof p.token === 'string' && !p.dangerouslyAllowPlaintextToken) {
    throw new ConfigError(`${at}.token`, `a literal token in ${where} is refused: config files get copied, synced and committed`,
      `store it with \`clawdock secrets set telegram.bot\` and write "token": { "secret": "telegram.bot" } (or set ${at}.dangerouslyAllowPlaintextToken)`);
  }
  if (p.dmPolicy === 'open' && !p.allowFrom.includes('*')) {
    throw new ConfigError(`${at}.allowFrom`, `dmPolicy "open" lets anyone drive the agent, so it needs an explicit "*" in allowFrom (in ${where})`,
      `add "*" to ${at}.allowFrom if that is really meant, or use dmPolicy "pairing"`);
  }
  if (p.ownerApprovals && p.owner === undefined) {
    throw new ConfigError(`${at}.owner`, `ownerApprovals needs the owner's Telegram user id (in ${where})`, `set ${at}.owner to your numeric id`);
  }
  for (const [id, group] of Object.entries(p.groups)) {
    if (group.profile !== 'owner') continue;
    const from = group.allowFrom ?? p.groupAllowFrom;
    if (p.owner === undefined || from.length === 0 || from.some((s) => s !== p.owner)) {
      throw new ConfigError(`${at}.groups.${id}.profile`, `the owner's profile is only for a group whose allowFrom is the owner alone (in ${where})`,
        `set ${at}.groups.${id}.allowFrom to ["${p.owner ?? 'YOUR_ID'}"], or use profile "paired" (every command asks the owner)`);
    }
  }
}
