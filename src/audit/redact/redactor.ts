import type { Disposable } from '../../core/disposable';
import { builtinRules } from './builtin-rules';
import { KnownSecrets } from './known-secrets';
import { applyMatches, mergeMatches } from './apply-matches';
import { genericKeep } from './mask';
import { collectStrings, redactDeep } from './redact-value';
import type { SecretMatch } from './redaction-rule';
import { compileRules, findRuleMatches, type CompiledRules } from './rule-engine';
import { findSecretValuesWithSecretlint } from './secretlint-pass';
import { createStreamRedactor, type StreamRedactor, type StreamRedactorOptions } from './stream-redactor';
import { compileUserPatterns } from './user-patterns';
import { PLACEHOLDER_PREFIX, placeholderPattern } from '../../core/secret-placeholder';
import { secretPlaceholderLabel, type SecretHostsLookup } from '../../core/display';

/** How a Redactor is set up; user patterns and values only ever add to the built-in rules. */
export interface RedactorOptions {
  /** Extra patterns (`"regex"` or `"/regex/flags"`), from `clawdock.redaction.patterns`. */
  readonly patterns?: readonly (string | RegExp)[];
  /** Exact secret values to mask from the start (more with addSecretValue). */
  readonly secretValues?: readonly string[];
  /** Mask random-looking values next to weaker key-like names (`session_key=…`); default true. */
  readonly highEntropy?: boolean;
  /** Run secretlint's recommended preset in the async pass; default true. */
  readonly secretlint?: boolean;
}

/**
 * The one redactor (DESIGN.md, audit contract): the audit file, the Output
 * channel, the chat panel, tool output going back to the model and the gateway
 * all mask through the same instance.
 *
 * Two speeds: `redact` is synchronous (our regex rules and the known values)
 * and fast enough for hot output streams; `redactAsync` adds secretlint's
 * recommended preset on top, for audit lines and other text that can wait a
 * fraction of a millisecond. secretlint is promise-based end to end, so it
 * cannot serve the synchronous path.
 */
export class Redactor {
  private readonly rules: CompiledRules;
  private readonly known = new KnownSecrets();
  private readonly useSecretlint: boolean;
  private secretHosts: SecretHostsLookup = () => undefined;

  constructor(options: RedactorOptions = {}) {
    this.rules = compileRules([...builtinRules({ highEntropy: options.highEntropy !== false }), ...compileUserPatterns(options.patterns ?? [])]);
    this.useSecretlint = options.secretlint !== false;
    for (const value of options.secretValues ?? []) this.known.add(value);
  }

  /**
   * Masks this exact value from now on, wherever it appears: as it is, in its
   * common encodings (JSON, URL, base64 and base64url at each alignment, hex,
   * reversed), and any 12 of its characters in a row in any of those forms,
   * in any case, spaced or separated (see known-secrets.ts). Values shorter
   * than 4 characters are ignored: they would mask ordinary text everywhere.
   * Dispose the result when the secret is revoked.
   */
  addSecretValue(value: string): Disposable {
    return this.known.add(value);
  }

  /**
   * Where to find the hosts of a secret bound to hosts (issue 16), by its
   * name: its placeholder is then shown as `«NPM_TOKEN for registry.npmjs.org»`
   * wherever it appears (without it, `«NPM_TOKEN placeholder»`).
   */
  setSecretHosts(lookup: SecretHostsLookup): void {
    this.secretHosts = lookup;
  }

  /**
   * Where secrets sit in `text` (sorted, non-overlapping), by the synchronous
   * rules; `context` is the text just before it in a stream, so a value
   * spread over both is still masked where it reaches into `text`.
   */
  findSecrets(text: string, context = ''): SecretMatch[] {
    const found: SecretMatch[] = [];
    findRuleMatches(this.rules, text, found);
    this.known.find(text, found, context);
    if (text.includes(PLACEHOLDER_PREFIX)) {
      for (const m of text.matchAll(placeholderPattern())) {
        found.push({ start: m.index, end: m.index + m[0].length, ruleId: 'secret-placeholder', keep: 0, replacement: secretPlaceholderLabel(m[1]!, this.secretHosts(m[1]!)) });
      }
    }
    return mergeMatches(found);
  }

  /** Synchronous redaction: built-in rules, user patterns and known values. */
  redact(text: string): string {
    if (text.length === 0) return text;
    return applyMatches(text, this.findSecrets(text));
  }

  /** `redact`, then secretlint's recommended preset over what is left. */
  async redactAsync(text: string): Promise<string> {
    const first = this.redact(text);
    if (!this.useSecretlint) return first;
    const values = await findSecretValuesWithSecretlint(first);
    return maskValues(first, values);
  }

  /** Redacts every string in a JSON-like value (events), aware of secret-like keys and argv flags. */
  redactValue<T>(value: T): T {
    return redactDeep(value, (text) => this.redact(text));
  }

  /** `redactValue`, then one secretlint pass over all of the value's strings together. */
  async redactValueAsync<T>(value: T): Promise<T> {
    const first = this.redactValue(value);
    if (!this.useSecretlint) return first;
    const values = await findSecretValuesWithSecretlint(collectStrings(first).join('\n'));
    if (values.length === 0) return first;
    return redactDeep(first, (text) => maskValues(text, values));
  }

  /** A redactor for a stream of chunks: a secret split across chunks is still masked. */
  createStreamRedactor(options: StreamRedactorOptions = {}): StreamRedactor {
    return createStreamRedactor((text, context) => this.findSecrets(text, context), options);
  }
}

function maskValues(text: string, values: readonly string[]): string {
  const found: SecretMatch[] = [];
  for (const value of values) {
    for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + value.length)) {
      found.push({ start: at, end: at + value.length, ruleId: 'secretlint', keep: genericKeep(value) });
    }
  }
  return applyMatches(text, mergeMatches(found));
}
