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

  it('ends on deeply nested or hostile input', () => {
    const deep = `${'> '.repeat(200)}x\n${'- '.repeat(200)}y\n${'['.repeat(5000)}${'*'.repeat(5000)}`;
    // Against plain text of the same length, not a wall-clock bound (a busy machine slows both alike).
    const timed = (text: string) => {
      const started = performance.now();
      parseMarkdown(text);
      return performance.now() - started;
    };
    const plain = timed('x'.repeat(deep.length));
    const ms = timed(deep);
    assert.ok(ms < 50 * plain + 20, `${ms.toFixed(0)} ms against ${plain.toFixed(0)} ms for plain text`);
  });
});
