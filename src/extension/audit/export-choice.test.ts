import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportFileName, exportSince } from './export-choice';

describe('the export choices', () => {
  const now = new Date(2025, 2, 10, 15, 30);
  it('start today at local midnight, a week back on the 7th day before, or never', () => {
    assert.deepEqual(exportSince('today', now), new Date(2025, 2, 10));
    assert.deepEqual(exportSince('week', now), new Date(2025, 2, 4));
    assert.equal(exportSince('all', now), undefined);
  });
  it('suggest a file name from the folder, the day and the format', () => {
    assert.equal(exportFileName('My App!', 'csv', now), 'clawdock-audit-my-app-2025-03-10.csv');
    assert.equal(exportFileName('...', 'jsonl', now), 'clawdock-audit-workspace-2025-03-10.jsonl');
  });
});
