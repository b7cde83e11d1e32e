// Issue 6, items 1 and 5: the extension in a real VS Code (code-server) driven
// in headless Chromium, against the real Docker engine.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openWorkbench, removeSandboxes, requireE2E, SANDBOX_START_MS } from './harness';

const TEST_MS = SANDBOX_START_MS + 2 * 60_000;

describe('Clawdock in code-server', { ...requireE2E(), timeout: 3 * TEST_MS }, () => {
  it('the extension activates and Start Sandbox brings the sandbox up', { timeout: TEST_MS }, async (t) => {
    const wb = await openWorkbench(t);
    await wb.step('run Clawdock: Start Sandbox from the palette', () => wb.runCommand('Clawdock: Start Sandbox'));
    const text = await wb.step('the status bar says the sandbox runs', () => wb.waitForStatusBar(/^Sandbox: running$/, SANDBOX_START_MS));
    assert.equal(text, 'Sandbox: running');
    await wb.step('the log channel says Clawdock activated', () => wb.waitForOutput('Clawdock', /Clawdock \S+ activated \(workspace trusted\)/, 15_000));
  });

  it('Run Command in Sandbox shows the output in the Output panel', { timeout: TEST_MS }, async (t) => {
    const wb = await openWorkbench(t);
    await wb.step('run Clawdock: Run Command in Sandbox… from the palette', () => wb.runCommand('Clawdock: Run Command in Sandbox…'));
    await wb.step('answer the input box with a command line', () => wb.answerInputBox('echo hello-from-sandbox; id -u', 'Run in the sandbox for'));
    const output = await wb.step('the Clawdock Sandbox channel shows the output', () => wb.waitForOutput('Clawdock Sandbox', /hello-from-sandbox\s*\n\s*1000\b/, SANDBOX_START_MS));
    assert.match(output, /echo hello-from-sandbox; id -u/, 'the channel names the command it ran');
    assert.doesNotMatch(output, /^\s*0\s*$/m, 'the command ran as root');
    await wb.step('the status bar says the sandbox runs', () => wb.waitForStatusBar(/^Sandbox: running$/, 30_000));
    await wb.step('the command\'s progress notification closes once it finished', () => wb.waitForNoNotification(/hello-from-sandbox/, 15_000));
  });

  it('an untrusted workspace shows no sandbox actions', { timeout: TEST_MS }, async (t) => {
    const wb = await openWorkbench(t, { trusted: false });
    await wb.step('the workbench is in Restricted Mode', () => wb.waitForStatusBar(/Restricted Mode/, 30_000));
    // The palette draws only the rows that fit: ask for the sandbox's commands, not every Clawdock command.
    const offered = await wb.step('the palette lists Clawdock\'s sandbox commands', () => wb.paletteItems('Sandbox', { waitFor: 'Clawdock: Show Sandbox Status' }));
    for (const title of ['Start Sandbox', 'Stop Sandbox', 'Rebuild Sandbox', 'Run Command in Sandbox…']) {
      assert.ok(!offered.includes(`Clawdock: ${title}`), `the palette offers "Clawdock: ${title}" in an untrusted workspace: ${offered.join(', ')}`);
    }
    await wb.dismiss();
    assert.deepEqual(await removeSandboxes(wb.workspace), [], 'an untrusted workspace got a container');
  });
});
