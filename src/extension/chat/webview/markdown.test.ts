import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseInline, parseMarkdown } from './markdown';

describe('markdown subset', () => {
  it('keeps raw HTML as text', () => {
    assert.deepEqual(parseMarkdown('<script>alert(1)</script> <img src=x onerror=y>'), [
      { type: 'paragraph', children: [{ type: 'text', text: '<script>alert(1)</script> <img src=x onerror=y>' }] },
    ]);
  });

  it('reads fenced code with its language, nothing inside it being markup', () => {
    assert.deepEqual(parseMarkdown('Run:\n```bash\nls **x** [a](b)\n```\nDone.'), [
      { type: 'paragraph', children: [{ type: 'text', text: 'Run:' }] },
      { type: 'code', lang: 'bash', text: 'ls **x** [a](b)' },
      { type: 'paragraph', children: [{ type: 'text', text: 'Done.' }] },
    ]);
  });

  it('treats an unterminated fence (an answer still streaming) as code to the end', () => {
    assert.deepEqual(parseMarkdown('```ts\nconst a = 1;\n'), [{ type: 'code', lang: 'ts', text: 'const a = 1;\n' }]);
  });

  it('reads inline code, strong, emphasis and links', () => {
    assert.deepEqual(parseInline('a `b*c*` **d** *e* [f](https://x.io/y)'), [
      { type: 'text', text: 'a ' }, { type: 'code', text: 'b*c*' }, { type: 'text', text: ' ' },
      { type: 'strong', children: [{ type: 'text', text: 'd' }] }, { type: 'text', text: ' ' },
      { type: 'em', children: [{ type: 'text', text: 'e' }] }, { type: 'text', text: ' ' },
      { type: 'link', href: 'https://x.io/y', children: [{ type: 'text', text: 'f' }] },
    ]);
  });

  it('keeps link targets as written for the host to check (javascript: included)', () => {
    assert.deepEqual(parseInline('[x](javascript:alert(1))'), [{ type: 'text', text: '[x](javascript:alert(1))' }]);
    assert.deepEqual(parseInline('[x](javascript:void)'), [{ type: 'link', href: 'javascript:void', children: [{ type: 'text', text: 'x' }] }]);
  });

  it('leaves snake_case and lone stars alone', () => {
    assert.deepEqual(parseInline('my_var_name and 2 * 3 * 4'), [{ type: 'text', text: 'my_var_name and 2 * 3 * 4' }]);
  });

  it('reads unordered and ordered lists with continuation lines', () => {
    assert.deepEqual(parseMarkdown('- one\n  more\n- two\n\n3. three\n4. four'), [
      { type: 'list', ordered: false, start: 1, items: [
        [{ type: 'paragraph', children: [{ type: 'text', text: 'one more' }] }],
        [{ type: 'paragraph', children: [{ type: 'text', text: 'two' }] }],
      ] },
      { type: 'list', ordered: true, start: 3, items: [
        [{ type: 'paragraph', children: [{ type: 'text', text: 'three' }] }],
        [{ type: 'paragraph', children: [{ type: 'text', text: 'four' }] }],
      ] },
    ]);
  });

  it('reads headings, quotes and rules', () => {
    assert.deepEqual(parseMarkdown('## Plan\n> note\n> more\n\n---'), [
      { type: 'heading', level: 2, children: [{ type: 'text', text: 'Plan' }] },
      { type: 'quote', children: [{ type: 'paragraph', children: [{ type: 'text', text: 'note more' }] }] },
      { type: 'rule' },
    ]);
  });

  it('ends on deeply nested or hostile input, nesting no deeper than its cap', { timeout: 10_000 }, () => {
    // No wall-clock bound here (a busy machine fails those): a runaway parse hits the test's timeout, and the depth is capped.
    const deep = `${'> '.repeat(200)}x\n${'- '.repeat(200)}y\n${'['.repeat(5000)}${'*'.repeat(5000)}`;
    const depthOf = (node: unknown): number => {
      if (Array.isArray(node)) return Math.max(0, ...node.map(depthOf));
      if (node === null || typeof node !== 'object') return 0;
      return 1 + Math.max(0, ...Object.values(node).map(depthOf));
    };
    const blocks = parseMarkdown(deep);
    // At most 6 levels of blocks and 6 of inline markup, each a node, plus the document's own.
    assert.ok(depthOf(blocks) <= 14, `nested ${depthOf(blocks)} deep`);
  });
});
