// Issue 6, items 2 and 6: a command proposed from the palette goes through the
// folder's policy into the approval queue, opens as a proposal document with
// code lenses, and is answered there; the "Clawdock Audit" channel records the
// answer and the run. One code-server serves the file's tests.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { requireE2E, SANDBOX_START_MS, SharedWorkbench, VIEW_LINES, type Workbench } from './harness';
import { configFromObject } from '../../src/core/config/config-source';
import { createEngine, identifyWorkspace, readSandboxSettings } from '../../src/sandbox';

const TEST_MS = SANDBOX_START_MS + 2 * 60_000;
const AUDIT = 'Clawdock Audit';
/** The first line of every command proposal (src/extension/approvals/proposal-text.ts). */
const PROPOSAL_HEADING = /^Clawdock wants to run a command — approval (\S+)$/;
const COMMAND_LENSES = ['Approve', 'Approve always', 'Reject', 'Explain'];

/** Whether `text` holds the escape or the right-to-left override itself rather than its escaped form. */
function hasRawControl(text: string): boolean {
  return text.includes('\u001b') || text.includes('\u202e');
}

/** What a proposal document showed when it opened. */
interface Proposal {
  readonly id: string;
  readonly text: string;
}

/** Proposes `commandLine` from the palette and waits for its proposal document; `raw` types it without key interpretation. */
/** Runs a shell snippet in the workspace's sandbox container through the engine (the test looks, it does not go through Clawdock). */
async function inSandbox(workspace: string, script: string): Promise<string> {
  const settings = readSandboxSettings(configFromObject({}));
  const engine = createEngine(settings);
  const p = await engine.exec(identifyWorkspace(workspace).containerName, { argv: ['sh', '-c', script], cwd: '/workspace' });
  let out = '';
  p.stdout.on('data', (c: Buffer) => (out += c.toString()));
  await p.wait();
  return out.trim();
}

async function proposeCommand(wb: Workbench, commandLine: string, { raw = false } = {}): Promise<Proposal> {
  await wb.step('run Clawdock: Propose Command… from the palette', () => wb.runCommand('Clawdock: Propose Command…'));
  await wb.step('answer the input box with the command', () =>
    raw ? wb.answerInputBoxRaw(commandLine, 'Propose a command for') : wb.answerInputBox(commandLine, 'Propose a command for'));
  const text = await wb.step('the proposal document opens', async () => {
    // The first proposal of a window brings the sandbox up first (it binds to the container).
    await wb.waitForActiveTab(/Proposed command/, SANDBOX_START_MS);
    return wb.waitForEditorText(/^Clawdock wants to run a command — approval \S+\n/, 15_000);
  });
  const first = text.split('\n')[0] ?? '';
  const id = PROPOSAL_HEADING.exec(first)?.[1];
  assert.ok(id, `the proposal's first line names no approval: ${JSON.stringify(first)}`);
  return { id, text };
}

/** The whole proposal document, read page by page (the editor renders only the lines in view). */
async function wholeDocument(wb: Workbench): Promise<string> {
  await wb.focusEditor();
  await wb.page.keyboard.press('Control+Home');
  const seen: string[] = [];
  for (let page = 0; page < 12; page++) {
    const text = await wb.editorText();
    for (const line of text.split('\n')) if (!seen.includes(line)) seen.push(line);
    await wb.page.keyboard.press('PageDown');
    await wb.page.waitForTimeout(150);
    if ((await wb.editorText()) === text) break;
  }
  await wb.page.keyboard.press('Control+Home');
  return seen.join('\n');
}

/** The lenses of a pending command proposal: all four, in order, on its first line. */
async function assertCommandLenses(wb: Workbench): Promise<void> {
  const lenses = await wb.step('the proposal shows Approve, Approve always, Reject and Explain on its first line', () => wb.waitForCodeLens('Explain'));
  assert.deepEqual(lenses.map((l) => l.title), COMMAND_LENSES);
  assert.equal(new Set(lenses.map((l) => l.top)).size, 1, `the lenses are not on one line: ${JSON.stringify(lenses)}`);
  const firstLineTop = await wb.editor().locator(`${VIEW_LINES} .view-line`).evaluateAll((els) => Math.min(...els.map((e) => parseFloat((e as unknown as { style: { top: string } }).style.top || '0'))));
  assert.ok((lenses[0]?.top ?? Infinity) <= firstLineTop, 'the lenses are not above the first line');
}

describe('Clawdock approvals in code-server', { ...requireE2E(), timeout: 4 * TEST_MS }, () => {
  const shared = new SharedWorkbench('approvals-e2e');
  after(() => shared.close());

  it('a proposed command appears as a proposal document with Approve and Reject lenses; Reject is recorded in the Clawdock Audit channel', { timeout: TEST_MS }, async (t) => {
    const wb = await shared.open(t);
    const { id, text } = await proposeCommand(wb, 'touch made-by-rejected && echo rejected-run');
    assert.match(text, /^Command\n {2}touch made-by-rejected && echo rejected-run$/m);
    assert.match(text, /^Status: pending/m);
    assert.match(text, /^ {2}decided by change-files \(builtin\): ask$/m, 'the proposal says which rule asks');
    await assertCommandLenses(wb);
    await wb.step('the status bar counts one approval', () => wb.waitForStatusBar(/^1 approval$/, 15_000));

    await wb.step('click Reject', () => wb.clickCodeLens('Reject'));
    await wb.step('answer the note box with a note for the agent', () => wb.answerInputBox('not in this folder', 'Reject:'));
    await wb.step('the Clawdock Audit channel records the rejection', () => wb.waitForLogLine(AUDIT, new RegExp(`approval ${id} rejected by owner via editor$`), 30_000));
    const audit = await wb.readLogLines(AUDIT);
    assert.ok(audit.some((l) => l.includes(`approval ${id} requested for command: `)), `the request is not in the audit channel:\n${audit.join('\n')}`);
    assert.ok(!audit.some((l) => l.includes(`(approval ${id})`)), `a rejected command ran:\n${audit.join('\n')}`);

    const ended = await wb.step('the proposal document says it was rejected, with the note', () => wb.waitForEditorText(/^Status: rejected by owner via editor — “not in this folder”$/m, 15_000));
    assert.match(ended.split('\n')[0] ?? '', PROPOSAL_HEADING);
    // VS Code drops a lens refresh when the editor loses focus before it runs (reading the Output did that): click back in, as a person would.
    const lenses = await wb.step('back in the proposal, the lenses give way to how it ended', async () => {
      await wb.focusEditor();
      return wb.waitForCodeLens('Clawdock: rejected by owner via editor — “not in this folder”', 15_000);
    });
    assert.ok(!lenses.some((l) => l.title === 'Approve' || l.title === 'Reject'), `a rejected proposal still offers answers: ${lenses.map((l) => l.title).join(' | ')}`);
    await wb.step('the approvals count leaves the status bar', async () => {
      const deadline = Date.now() + 15_000;
      while ((await wb.statusBarTexts()).some((s) => /\d+ approvals?$/.test(s))) {
        if (Date.now() > deadline) throw new Error(`the status bar still counts approvals: ${(await wb.statusBarTexts()).join(' | ')}`);
        await wb.page.waitForTimeout(200);
      }
    });
    assert.equal(existsSync(join(wb.workspace, 'made-by-rejected')), false, 'the rejected command created its file');
  });

  it('Approve runs the proposed command in the container', { timeout: TEST_MS }, async (t) => {
    const wb = await shared.open(t);
    const { id } = await proposeCommand(wb, 'touch made-by-approval && echo approved-run');
    await assertCommandLenses(wb);
    assert.equal(existsSync(join(wb.workspace, 'made-by-approval')), false, 'the command ran before it was approved');

    await wb.step('click Approve', () => wb.clickCodeLens('Approve'));
    const output = await wb.step('the Clawdock Sandbox channel shows the command\'s output', () => wb.waitForOutput('Clawdock Sandbox', /approved-run/, 60_000));
    assert.match(output, /touch made-by-approval && echo approved-run/, 'the channel names the command it ran');
    await wb.step('the Clawdock Audit channel records the approval', () => wb.waitForLogLine(AUDIT, new RegExp(`approval ${id} approved by owner via editor$`), 15_000));
    const started = await wb.step('the Clawdock Audit channel records the run under the approval', () =>
      wb.waitForLogLine(AUDIT, new RegExp(`exec starting bash -c "touch made-by-approval && echo approved-run" in /workspace \\(approval ${id}\\)$`), 15_000));
    assert.match(started, /\[owner\/editor\]/);
    await wb.step('the Clawdock Audit channel records its exit code', () =>
      wb.waitForLogLine(AUDIT, /exec bash -c "touch made-by-approval && echo approved-run" in \/workspace → exit 0 in /, 15_000));

    // The shadow workspace: the file is in the sandbox's layer, made by the sandbox user, and not in the folder until accepted.
    assert.equal(existsSync(join(wb.workspace, 'made-by-approval')), false, 'the approved command wrote the folder itself');
    assert.equal(await inSandbox(wb.workspace, 'stat -c %u made-by-approval'), '1000', 'the approved command did not create its file in the sandbox, as the sandbox user (uid 1000)');
    await wb.step('the proposal document says it was approved', () => wb.waitForEditorText(/^Status: approved by owner via editor$/m, 15_000));
    const lenses = await wb.step('back in the proposal, the lenses give way to how it ended', async () => {
      await wb.focusEditor();
      return wb.waitForCodeLens('Clawdock: approved by owner via editor', 15_000);
    });
    assert.ok(!lenses.some((l) => l.title === 'Approve' || l.title === 'Reject'), `an approved proposal still offers answers: ${lenses.map((l) => l.title).join(' | ')}`);
    await wb.step('the command\'s progress notification closes once it finished', () => wb.waitForNoNotification(/approved-run/, 15_000));
  });

  it('a bidi/control-character command is displayed escaped in the proposal', { timeout: TEST_MS }, async (t) => {
    const wb = await shared.open(t);
    // Shows "safe" then, after a line-erasing ANSI sequence and a right-to-left override, "exe.txt".
    const commandLine = 'echo safe\u001b[2K\u202Etxt.exe';
    const { id, text } = await proposeCommand(wb, commandLine, { raw: true });
    assert.match(text, /^ {2}echo safe\\u\{001B\}\[2K\\u\{202E\}txt\.exe$/m, 'the command line is not shown escaped');
    assert.match(text, /^ {2}argv: {6}bash -c 'echo safe\\u\{001B\}\[2K\\u\{202E\}txt\.exe'$/m, 'the argv is not shown escaped');
    assert.ok(!hasRawControl(text), `the proposal renders a raw control or bidi character: ${JSON.stringify(text)}`);
    assert.match(await wholeDocument(wb), /U\+202E RIGHT-TO-LEFT OVERRIDE/, 'the proposal does not say why it asks');
    await assertCommandLenses(wb);

    const requested = await wb.step('the Clawdock Audit channel shows the request escaped too', () => wb.waitForLogLine(AUDIT, new RegExp(`approval ${id} requested for command: `), 15_000));
    assert.ok(!hasRawControl(requested), `the audit channel renders a raw control or bidi character: ${JSON.stringify(requested)}`);
    assert.match(requested, /safe\\u(?:\{001B\}|001b)\[2K\\u(?:\{202E\}|202e)txt\.exe/);

    await wb.step('click Reject', () => wb.clickCodeLens('Reject'));
    await wb.step('reject without a note', () => wb.answerInputBox('', 'Reject:'));
    await wb.step('the Clawdock Audit channel records the rejection', () => wb.waitForLogLine(AUDIT, new RegExp(`approval ${id} rejected by owner via editor$`), 30_000));
  });
});
