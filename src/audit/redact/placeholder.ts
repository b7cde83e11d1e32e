import { placeholderName } from '../../core/secret-placeholder';
import { isMasked } from './mask';

const PLACEHOLDER_WORDS = new Set([
  'true', 'false', 'null', 'none', 'nil', 'undefined', 'empty', 'required', 'optional', 'string',
  'redacted', 'hidden', 'masked', 'changeme', 'your_token', 'your-token', 'your_api_key', 'xxx', 'todo',
]);

/**
 * Values next to a secret-like name that are not secrets: variable references,
 * templates, masks, booleans and small numbers. Keeping them makes logs readable
 * (`token=${GITHUB_TOKEN}`) without letting any real value through.
 */
export function isPlaceholder(value: string): boolean {
  if (value === '' || isMasked(value)) return true;
  if (placeholderName(value) !== undefined) return true; // a bound secret's placeholder (issue 16): shown by name, not masked
  if (PLACEHOLDER_WORDS.has(value.toLowerCase())) return true;
  if (/^\$\{?\{?[\w. -]+\}?\}?$/.test(value) || /^(?:\$\{|\$\(|\{\{)/.test(value)) return true; // $VAR, ${VAR}, ${{ secrets.X }}, $(cmd)
  if (/^\{\{.*\}\}$|^<[^<>]*>$|^%\w+%$|^\[[^[\]]*\]$/.test(value)) return true; // {{x}}, <x>, %X%, [x]
  if (/^([*x.•#-])\1*$/i.test(value)) return true; // ****, xxxx, ....
  if (/^\d{1,7}$/.test(value)) return true; // counts, ports, max_tokens
  if (/^(process\.env|os\.environ|env|secrets|vars|config|settings|options|self|this)[.[]/.test(value)) return true;
  return false;
}
