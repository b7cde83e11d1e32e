// Issue 6, items 3 and 4: the chat panel in a real VS Code, with the agent's
// model a scripted local server (test/fixtures/model-server) spoken to over
// the OpenAI wire, its commands run in the real sandbox, and its approvals
// answered in the panel and in the editor. One code-server serves the file's tests.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame, Locator } from 'playwright-core';
import { lastUserTextOf, startModelServer, toolResultsOf, type ModelServer, type RecordedRequest, type ScriptTurn } from '../fixtures/model-server/index';
import { requireE2E, SANDBOX_START_MS, SharedWorkbench, type Workbench } from './harness';

const TEST_MS = SANDBOX_START_MS + 3 * 60_000;
const AUDIT = 'Clawdock Audit';

// ─── the scripted model ─────────────────────────────────────────────────────

/** Each task names its script; the model answers by the task of the request and whether a tool result came back. */
const CHAT_TASK = 'Create the file made-by-chat. (scripted task: command)';
const CHAT_COMMAND = 'touch made-by-chat && echo chat-approved';
const CHAT_ANSWER = 'I will create the file made-by-chat with one command and then check that it is there. It changes files, so it needs your approval first.';
const CHAT_DONE = 'The command ran and made-by-chat exists now.';

const EDIT_TASK = 'Rename two colors in colors.txt. (scripted task: edit)';
const COLORS_BEFORE = 'red\norange\nyellow\ngreen\nblue\nindigo\nviolet\n';
/** Two separate changed lines: two hunks. */
const COLOR_EDITS = [{ search: 'orange\n', replace: 'amber\n' }, { search: 'indigo\n', replace: 'navy\n' }];
const COLORS_FIRST_HUNK_ONLY = 'red\namber\nyellow\ngreen\nblue\nindigo\nviolet\n';
const EDIT_DONE = 'Only the first rename was accepted; I leave indigo as it is.';

function scriptedModel(request: RecordedRequest): ScriptTurn {
  const task = lastUserTextOf(request);
  const answered = toolResultsOf(request).length > 0;
  if (task.includes('(scripted task: command)')) {
    if (answered) return { text: CHAT_DONE };
    // The pause mid-answer lets the test see part of the answer before the rest arrives.
    return { text: CHAT_ANSWER, stall: { afterBytes: 2500, ms: 2500 }, toolCalls: [{ name: 'run_command', arguments: { command: CHAT_COMMAND } }] };
  }
  if (task.includes('(scripted task: edit)')) {
    if (answered) return { text: EDIT_DONE };
    return { text: 'Editing colors.txt.', toolCalls: [{ name: 'edit_file', arguments: { path: 'colors.txt', edits: COLOR_EDITS } }] };
  }
  return { text: `The scripted model has no answer for: ${task}` };
}

// ─── the panel ──────────────────────────────────────────────────────────────

/** The chat view's page (media/chat): its task input, messages and tool cards. */
class ChatPanel {
  private constructor(
    private readonly wb: Workbench,
    /** The frame the page runs in (VS Code nests it in two iframes). */
    readonly frame: Frame,
  ) {}

  /** Opens the view from the palette and waits for its page. */
  static async open(wb: Workbench): Promise<ChatPanel> {
    await wb.runCommand('Clawdock: Open Chat');
    return new ChatPanel(wb, await wb.webviewFrame('#composer'));
  }

  /** Starts a new session, so a test does not continue the last one's conversation. */
  async newSession(): Promise<void> {
    await this.frame.locator('#new-session').click();
    await this.frame.locator('#empty').waitFor({ state: 'visible', timeout: 15_000 });
  }

  /** Types a task into the input and presses Enter. */
  async send(task: string): Promise<void> {
    const input = this.frame.locator('#task');
    await input.click();
    await input.fill(task);
    await input.press('Enter');
  }

  /** The text of the agent's answers so far, in order. */
  async answers(): Promise<string[]> {
    return (await this.frame.locator('.msg.assistant .body').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** The card of the first call of `tool`. */
  toolCard(tool: string): Locator {
    return this.frame.locator('.tool-card').filter({ has: this.frame.locator('.tool-name', { hasText: new RegExp(`^${tool}$`) }) }).first();
  }

  /** Waits until the card of `tool` shows an approval waiting for an answer; returns its queue id. */
  async waitForPendingApproval(tool: string, timeoutMs = SANDBOX_START_MS): Promise<string> {
    const approval = this.toolCard(tool).locator('.approval[data-approval-status="pending"][data-approval-id]');
    await approval.waitFor({ timeout: timeoutMs });
    const id = await approval.getAttribute('data-approval-id');
    assert.ok(id, 'the pending approval carries no id');
    return id;
  }

  /** Waits until the conversation ends with a stop line (`data-reason`); returns its text. */
  async waitForStop(reason = 'finished', timeoutMs = 60_000): Promise<string> {
    const stop = this.frame.locator(`.stop[data-reason="${reason}"]`).last();
    await stop.waitFor({ timeout: timeoutMs });
    return stop.innerText();
  }

  /** Waits until an answer equals `text`. */
  async waitForAnswer(text: string, timeoutMs = 60_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let answers: string[] = [];
    while (Date.now() < deadline) {
      answers = await this.answers();
      if (answers.includes(text)) return answers;
      await this.wb.page.waitForTimeout(100);
    }
    throw new Error(`the panel did not show the answer ${JSON.stringify(text)} within ${timeoutMs / 1000} s; it shows: ${JSON.stringify(answers)}`);
  }
}

/** Console messages that report a Content Security Policy violation. */
function cspViolations(wb: Workbench): string[] {
  return wb.console.filter((m) => /Content Security Policy/i.test(m.text)).map((m) => `${m.text} (${m.url || 'no location'})`);
}

async function waitForFile(path: string, expected: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let text: string | undefined;
  while (Date.now() < deadline) {
    text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === expected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(text, expected, `${path} on disk`);
}

describe('the Clawdock chat panel in code-server', { ...requireE2E(), timeout: 3 * TEST_MS }, () => {
  let model: ModelServer | undefined;
  const shared = new SharedWorkbench('chat-e2e', () => ({
    fixture: 'agent',
    // Machine-scoped: only user settings may say where tasks (and keys) go.
    // rw: this suite's edit goes through the approval diff; the shadow workspace's own flow is changes.e2e.
    settings: { 'clawdock.agent.provider': 'openai', 'clawdock.agent.baseUrl': model?.openAiBaseUrl ?? '', 'clawdock.sandbox.workspaceAccess': 'rw' },
  }));
  before(async () => {
    model = await startModelServer({ script: scriptedModel });
  });
  after(async () => {
    await shared.close();
    await model?.close();
  });

  it('the chat panel loads under its CSP, streams a scripted answer, shows a tool-call card, and an approval clicked in the panel is the same approval as in the editor', { timeout: TEST_MS }, async (t) => {
    const wb = await shared.open(t);
    const panel = await wb.step('run Clawdock: Open Chat from the palette', () => ChatPanel.open(wb));
    await wb.step('the panel\'s page runs under its strict CSP', async () => {
      const csp = await panel.frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      assert.match(csp ?? '', /^default-src 'none'; script-src 'nonce-[A-Za-z0-9]+';/, 'the page has no strict CSP');
      // Its script ran (it fills in the model) and its stylesheet applied (body is a flex column).
      await panel.frame.locator('#model', { hasText: /OpenAI-compatible · scripted-e2e-model @ 127\.0\.0\.1:\d+/ }).waitFor({ timeout: 15_000 });
      assert.equal(await panel.frame.evaluate('getComputedStyle(document.body).display'), 'flex', 'the stylesheet did not apply');
    });
    await wb.step('start a new session', () => panel.newSession());
    const requestsBefore = model?.requests.length ?? 0;

    await wb.step('type the task and press Enter', () => panel.send(CHAT_TASK));
    await wb.step('the task shows as the person\'s message', () => panel.frame.locator('.msg.user .body', { hasText: CHAT_TASK }).waitFor({ timeout: 15_000 }));
    const partial = await wb.step('the answer streams in: part of it shows while the model is still sending', async () => {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const shown = (await panel.answers())[0] ?? '';
        if (shown === CHAT_ANSWER) throw new Error('the answer appeared whole: nothing was seen streaming');
        if (shown !== '') return shown;
        await wb.page.waitForTimeout(50);
      }
      throw new Error('no answer appeared within 60 s');
    });
    assert.ok(CHAT_ANSWER.startsWith(partial), `the partial answer ${JSON.stringify(partial)} is not the start of the scripted one`);
    await wb.step('the whole answer arrives', () => panel.waitForAnswer(CHAT_ANSWER));

    const card = panel.toolCard('run_command');
    const panelId = await wb.step('a tool-call card for run_command asks for approval in the panel', () => panel.waitForPendingApproval('run_command'));
    assert.match(await card.locator('.tool-summary').innerText(), /touch made-by-chat && echo chat-approved/);
    assert.equal(await card.getAttribute('data-decision'), 'ask');
    for (const action of ['approve', 'reject', 'explain', 'open']) {
      assert.equal(await card.locator(`.approval button[data-action="${action}"]`).count(), 1, `the card has no ${action} button`);
    }

    const proposal = await wb.step('the editor shows the proposal of the same approval', async () => {
      await wb.waitForActiveTab(/Proposed command/, 30_000);
      return wb.waitForEditorText(/^Clawdock wants to run a command — approval \S+\n/, 15_000);
    });
    assert.equal(proposal.split('\n')[0], `Clawdock wants to run a command — approval ${panelId}`, 'the editor\'s proposal is another approval than the panel\'s');
    assert.match(proposal, /^ {2}owner \(owner, via chat\)$/m, 'the proposal does not say the chat asked');
    await wb.step('the proposal offers Approve and Reject in the editor too', () => wb.waitForCodeLens('Approve'));
    assert.equal(existsSync(join(wb.workspace, 'made-by-chat')), false, 'the command ran before it was approved');

    await wb.step('click Approve in the panel', () => card.locator(`.approval button[data-action="approve"][data-approval-id="${panelId}"]`).click());
    await wb.step('the card says it was approved', () => card.locator(`.approval[data-approval-id="${panelId}"][data-approval-status="approved"]`).waitFor({ timeout: 30_000 }));
    await wb.step('the agent goes on and finishes', () => panel.waitForAnswer(CHAT_DONE));
    await wb.step('the conversation ends with Finished', () => panel.waitForStop('finished'));
    // The card is folded; its output is there to unfold.
    assert.match((await card.locator('.output, .result').first().textContent()) ?? '', /chat-approved/, 'the card does not show the command\'s output');

    // Same approval, answered through the panel: the editor and the audit say the owner used the chat.
    await wb.step('the editor\'s proposal of that approval says it was approved', () => wb.waitForEditorText(/^Status: approved by owner via chat$/m, 15_000));
    assert.match((await wb.editorText()).split('\n')[0] ?? '', new RegExp(`approval ${panelId}$`));
    await wb.step('its lenses give way to how it ended', () => wb.waitForCodeLens('Clawdock: approved by owner via chat', 15_000));
    await wb.step('the Clawdock Audit channel records the approval', () => wb.waitForLogLine(AUDIT, new RegExp(`approval ${panelId} approved by owner via chat$`), 15_000));
    await wb.step('the Clawdock Audit channel records the run under that approval', () =>
      wb.waitForLogLine(AUDIT, new RegExp(`exec starting bash -c "${CHAT_COMMAND}" in /workspace \\(approval ${panelId}\\)$`), 15_000));
    assert.ok(existsSync(join(wb.workspace, 'made-by-chat')), 'the approved command did not create its file');

    const requests = (model?.requests ?? []).slice(requestsBefore);
    assert.equal(requests.length, 2, 'the agent did not ask the model twice (the task, then the command\'s result)');
    assert.ok(requests.every((r) => r.path === '/v1/chat/completions' && r.headers.authorization === undefined), 'the agent did not speak the OpenAI wire without a key');
    assert.match(toolResultsOf(requests[1] as RecordedRequest)[0]?.content ?? '', /chat-approved/, 'the model was not sent the command\'s output');

    assert.deepEqual(cspViolations(wb), [], 'the panel broke its Content Security Policy');
    await wb.step('a CSP violation in the panel would have been seen (an outside image is refused)', async () => {
      await panel.frame.evaluate(`document.body.appendChild(Object.assign(document.createElement('img'), { src: 'https://example.invalid/e2e-csp-probe.png' })) && true`);
      const deadline = Date.now() + 10_000;
      while (!cspViolations(wb).some((v) => v.includes('e2e-csp-probe'))) {
        if (Date.now() > deadline) throw new Error('a refused image did not show as a CSP violation: the check above sees nothing');
        await wb.page.waitForTimeout(100);
      }
      await panel.frame.evaluate(`document.querySelector('img[src*="e2e-csp-probe"]')?.remove()`);
    });
  });

  it('a proposed edit opens a diff, and Accept on one hunk writes only that hunk to the file on disk', { timeout: TEST_MS }, async (t) => {
    const wb = await shared.open(t);
    const colors = join(wb.workspace, 'colors.txt');
    assert.equal(await readFile(colors, 'utf8'), COLORS_BEFORE);
    const panel = await wb.step('run Clawdock: Open Chat from the palette', () => ChatPanel.open(wb));
    await wb.step('start a new session', () => panel.newSession());
    const requestsBefore = model?.requests.length ?? 0;
    await wb.step('type the task and press Enter', () => panel.send(EDIT_TASK));

    const title = await wb.step('the agent\'s edit opens as a diff with two hunks', () => wb.waitForActiveTab(/Clawdock proposal: colors\.txt \(2 hunk\(s\)\)/, SANDBOX_START_MS));
    assert.doesNotMatch(title, /protected path/);
    await wb.step('the proposal side shows both changes', () => wb.waitForEditorText(/^red\namber\nyellow\ngreen\nblue\nnavy\nviolet$/m, 15_000));
    const lenses = await wb.step('the proposal side has Accept all and Reject all on top and Accept and Reject above each hunk', () => wb.waitForCodeLens('Accept'));
    assert.deepEqual(lenses.map((l) => l.title), ['Accept all', 'Reject all', 'Accept', 'Reject', 'Accept', 'Reject']);
    const [top, first, second] = [...new Set(lenses.map((l) => l.top))];
    assert.ok(top !== undefined && first !== undefined && second !== undefined && top < first && first < second, `the lenses are not on three lines: ${JSON.stringify(lenses)}`);
    assert.deepEqual(await wb.codeLenses('original'), [], 'the file side of the diff has lenses');
    const panelId = await wb.step('the panel\'s card asks for the same edit', () => panel.waitForPendingApproval('edit_file'));
    assert.equal(await panel.toolCard('edit_file').locator('.approval').getAttribute('data-approval-kind'), 'edit');
    assert.equal(await readFile(colors, 'utf8'), COLORS_BEFORE, 'the file changed before any hunk was accepted');

    await wb.step('click Accept above the first hunk', () => wb.clickCodeLens('Accept', { nth: 0 }));
    await wb.step('the file on disk has the first hunk only', () => waitForFile(colors, COLORS_FIRST_HUNK_ONLY));
    const remaining = await wb.step('only the second hunk is left to answer', async () => {
      const deadline = Date.now() + 15_000;
      let shown = await wb.codeLenses();
      while (shown.filter((l) => l.title === 'Accept').length !== 1) {
        if (Date.now() > deadline) throw new Error(`the lenses did not follow the accepted hunk: ${shown.map((l) => l.title).join(' | ')}`);
        await wb.page.waitForTimeout(200);
        shown = await wb.codeLenses();
      }
      return shown;
    });
    assert.deepEqual(remaining.map((l) => l.title), ['Accept all', 'Reject all', 'Accept', 'Reject']);
    await wb.step('the Clawdock Audit channel records the write of colors.txt', () => wb.waitForLogLine(AUDIT, /file changed colors\.txt /, 15_000));
    assert.equal(await readFile(colors, 'utf8'), COLORS_FIRST_HUNK_ONLY, 'the file changed beyond the accepted hunk');

    await wb.step('click Reject above the second hunk', () => wb.clickCodeLens('Reject'));
    await wb.step('the panel\'s card says the edit was partly approved', () =>
      panel.toolCard('edit_file').locator(`.approval[data-approval-id="${panelId}"][data-approval-status="partially-approved"]`).waitFor({ timeout: 30_000 }));
    await wb.step('the agent goes on and finishes', () => panel.waitForAnswer(EDIT_DONE));
    await wb.step('the conversation ends with Finished', () => panel.waitForStop('finished'));
    assert.equal(await readFile(colors, 'utf8'), COLORS_FIRST_HUNK_ONLY, 'the rejected hunk reached the file');
    await wb.step('the diff\'s lenses give way to how it ended', () => wb.waitForCodeLens('Clawdock: partially approved by owner (hunks 1 accepted)', 15_000));
    await wb.step('the proposal side shows the file as it ended', () => wb.waitForEditorText(/^red\namber\nyellow\ngreen\nblue\nindigo\nviolet$/m, 15_000));
    await wb.step('the Clawdock Audit channel records the partial answer with its hunks', () =>
      wb.waitForLogLine(AUDIT, new RegExp(`approval ${panelId} partially-approved by owner via editor \\(hunks accepted: 0; rejected: 1\\)$`), 15_000));
    const requests = (model?.requests ?? []).slice(requestsBefore);
    assert.equal(requests.length, 2, 'the agent did not ask the model twice (the task, then the edit\'s result)');
    assert.match(toolResultsOf(requests[1] as RecordedRequest)[0]?.content ?? '', /accepted part of the change to colors\.txt \(hunks 0 accepted, 1 rejected\)/, 'the model was not told which hunks were accepted');
    assert.deepEqual(cspViolations(wb).filter((v) => !v.includes('e2e-csp-probe')), [], 'the panel broke its Content Security Policy');
  });
});
