import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flagNumber, parseArgs } from './args';

test('splits positionals, valued flags, booleans and the command after --', () => {
  const args = parseArgs(['exec', '--workspace', '/w', '--json', '--timeout=5', '--', 'ls', '--json'], ['workspace', 'timeout'], ['json']);
  assert.deepEqual(args.positionals, ['exec']);
  assert.equal(args.flags.get('workspace'), '/w');
  assert.equal(args.flags.get('json'), true);
  assert.equal(flagNumber(args, 'timeout'), 5);
  assert.deepEqual(args.rest, ['ls', '--json']);
});

test('refuses unknown options and missing values', () => {
  assert.throws(() => parseArgs(['--nope'], [], []), /unknown option --nope/);
  assert.throws(() => parseArgs(['--workspace'], ['workspace'], []), /needs a value/);
});

test('refuses a timeout that is not a positive number', () => {
  assert.throws(() => flagNumber(parseArgs(['--timeout', 'x'], ['timeout'], []), 'timeout'), /positive number/);
});
