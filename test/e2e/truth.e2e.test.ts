// Issue 18: what you approve is what you see. Each class of the issue, tried in
// a real VS Code (code-server) with the agent's model a scripted local server:
// the chat card's text is read as the browser renders it (not the string sent
// to it), the proposal document and the diff as the editor shows them, and a
// notification as its toast draws it. One code-server serves the file's tests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Frame, Locator } from 'playwright-core';
import { lastUserTextOf, startModelServer, toolResultsOf, type ModelServer, type RecordedRequest, type ScriptTurn } from '../fixtures/model-server/index';
import { openWorkbench, requireE2E, SANDBOX_START_MS, SharedWorkbench, type Workbench } from './harness';

const TEST_MS = SANDBOX_START_MS + 3 * 60_000;

// ─── the scripted model ─────────────────────────────────────────────────────

/** Issue 18, class 1: a second command after a newline must not read as part of the first. */
const NEWLINE_COMMAND = 'grep -rn TODO src\ngit push --force origin main';
/** Class 2: a 30,000-character command whose dangerous part is at its end. */
const LONG_COMMAND = `echo ${'x'.repeat(29_975)} && touch long-tail`;
/** Class 3: one long unbreakable word. */
const WIDE_COMMAND = `touch ${'w'.repeat(600)}-and-then-the-rest`;
/** Class 5: CR-separated lines, two of them changed (two hunks). */
const CR_AFTER = 'one\rTWO\rthree\rfour\rFIVE\rsix\r';
/** Class 7: `publish()` leaves the `if` block; only whitespace changes. */
const REINDENTED = 'def deploy(ok):\n    if ok:\n        build()\n    publish()\n    report()\n';

const SCRIPTS: Record<string, ScriptTurn> = {
  newline: { text: 'Searching, then pushing.', toolCalls: [{ name: 'run_command', arguments: { command: NEWLINE_COMMAND } }] },
  long: { text: 'One long command.', toolCalls: [{ name: 'run_command', arguments: { command: LONG_COMMAND } }] },
  wide: { text: 'One wide command.', toolCalls: [{ name: 'run_command', arguments: { command: WIDE_COMMAND } }] },
  'cr-edit': { text: 'Capitalising two lines.', toolCalls: [{ name: 'write_file', arguments: { path: 'lines.txt', content: CR_AFTER } }] },
  reindent: { text: 'Tidying the indentation.', toolCalls: [{ name: 'write_file', arguments: { path: 'deploy.py', content: REINDENTED } }] },
};

/** A task names its script as `(scripted task: NAME)`; after a tool result the model just stops. */
function scriptedModel(request: RecordedRequest): ScriptTurn {
  const name = /\(scripted task: ([\w-]+)\)/.exec(lastUserTextOf(request))?.[1] ?? '';
  if (toolResultsOf(request).length > 0) return { text: 'Done.' };
  return SCRIPTS[name] ?? { text: `The scripted model has no answer for ${name}` };
}

// ─── the panel ──────────────────────────────────────────────────────────────

/** The chat view's page: its task input, and the card of the task's one tool call. */
class Panel {
  constructor(private readonly wb: Workbench, readonly frame: Frame) {}

  static async open(wb: Workbench): Promise<Panel> {
    await wb.runCommand('Clawdock: Open Chat');
    return new Panel(wb, await wb.webviewFrame('#composer'));
  }

  /** Starts a new session and sends the scripted task `name`. */
  async run(name: string): Promise<void> {
    await this.frame.locator('#new-session').click();
    await this.frame.locator('#empty').waitFor({ state: 'visible', timeout: 15_000 });
    const input = this.frame.locator('#task');
    await input.click();
    await input.fill(`Please do it. (scripted task: ${name})`);
    await input.press('Enter');
  }

  /** The card of the (only) call of `tool`. */
  card(tool: string): Locator {
    return this.frame.locator('.tool-card').filter({ has: this.frame.locator('.tool-name', { hasText: new RegExp(`^${tool}$`) }) }).last();
  }

  /** Waits until the card of `tool` waits for the owner in the queue; returns its approval element. */
  async pendingApproval(tool: string, timeoutMs = SANDBOX_START_MS): Promise<Locator> {
    const approval = this.card(tool).locator('.approval[data-approval-status="pending"][data-approval-id]');
    await approval.waitFor({ timeout: timeoutMs });
    return approval;
  }

  /** Stops the running task, if one runs (its approval is cancelled), and waits until the panel says it stopped. */
  async stop(): Promise<void> {
    const stop = this.frame.locator('#stop');
    if (!(await stop.isVisible())) return;
    await stop.click();
    await this.frame.locator('#stop').waitFor({ state: 'hidden', timeout: 30_000 });
  }

  /** The visual lines the browser laid out for an element's text, top to bottom. */
  async renderedLines(locator: Locator): Promise<string[]> {
    return locator.evaluate((el) => {
      // One rect per line box a text run occupies; characters sharing a top share a line.
      const lines = new Map<number, string>();
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (let i = 0; i < text.length; i++) {
          if (text[i] === '\n') continue;
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getBoundingClientRect();
          if (rect.width === 0 && rect.height === 0) continue;
          const top = Math.round(rect.top);
          lines.set(top, (lines.get(top) ?? '') + text[i]);
        }
      }
      return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
    });
  }

  /** Whether the element scrolls sideways: its content is wider than its box. */
  async overflows(locator: Locator): Promise<{ scrollWidth: number; clientWidth: number }> {
    return locator.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
  }
}

/** Each code lens widget's text (icons as nothing) and its offset from the top of the editor's content. */
async function lensTexts(wb: Workbench): Promise<Array<{ top: number; text: string }>> {
  const widgets = wb.editor().locator('.contentWidgets .codelens-decoration');
  return widgets.evaluateAll((els) => els.map((w) => ({ top: parseFloat((w as HTMLElement).style.top || '0'), text: (w.textContent ?? '').replace(/\u00a0/g, ' ') })));
}

describe('what you approve is what you see (issue 18) in code-server', { ...requireE2E(), timeout: 7 * TEST_MS }, () => {
  let model: ModelServer | undefined;
  const shared = new SharedWorkbench('truth-e2e', () => ({
    fixture: 'truth',
    // A bind-mounted workspace: the agent's edits are approvals in the queue, reviewed in its diff
    // (under the default shadow workspace they wait in the change set instead).
    settings: { 'clawdock.agent.provider': 'openai', 'clawdock.agent.baseUrl': model?.openAiBaseUrl ?? '', 'clawdock.sandbox.workspaceAccess': 'rw' },
  }));
  before(async () => {
    model = await startModelServer({ script: scriptedModel });
  });
  after(async () => {
    await shared.close();
    await model?.close();
  });

  /** The workbench for test `t`, with the chat panel open. */
  async function open(t: { name: string }): Promise<{ wb: Workbench; panel: Panel }> {
    const wb = await shared.open(t);
    const panel = await wb.step('run Clawdock: Open Chat from the palette', () => Panel.open(wb));
    return { wb, panel };
  }

  it('a command with a newline shows on the chat card as two lines, the first ending in a newline mark, as in its proposal document', { timeout: TEST_MS }, async (t) => {
    const { wb, panel } = await open(t);
    t.after(() => panel.stop());
    await wb.step('send the task whose command holds a newline', () => panel.run('newline'));
    const approval = await wb.step('the card asks for approval', () => panel.pendingApproval('run_command'));
    const text = approval.locator('.approval-text');
    assert.equal(await text.innerText(), 'run grep -rn TODO src⏎\ngit push --force origin main');
    const lines = await wb.step('the browser draws the command on two lines, the first ending in ⏎', () => panel.renderedLines(text));
    assert.deepEqual(lines, ['run grep -rn TODO src⏎', 'git push --force origin main'], 'the card does not show the second command on a line of its own');
    // The header may wrap either command, but the first ends a line with ⏎ and the second starts one of its own.
    const header = await panel.renderedLines(panel.card('run_command').locator('.tool-summary'));
    const end = header.findIndex((l) => l.endsWith('⏎'));
    assert.equal(header.slice(0, end + 1).join(''), 'grep -rn TODO src⏎', `the tool card's header does not end the first command with ⏎: ${JSON.stringify(header)}`);
    assert.equal(header.slice(end + 1).join(''), 'git push --force origin main', `the tool card's header hides the second command: ${JSON.stringify(header)}`);
    const facts = await approval.locator('.approval-facts').innerText();
    for (const fact of [/cwd\s+\/workspace/, /env\s+\(nothing added\)/, /timeout\s+the sandbox default/, /asked by\s+owner \(owner, via chat\)/]) assert.match(facts, fact);

    const proposal = await wb.step('the proposal document shows the same two lines', async () => {
      await wb.waitForActiveTab(/Proposed command/, 30_000);
      return wb.waitForEditorText(/^ {2}grep -rn TODO src⏎\n {2}git push --force origin main$/m, 15_000);
    });
    assert.match(proposal, /^ {2}timeout: {3}the sandbox default/m);
    assert.match(proposal, /^ {2}owner \(owner, via chat\)$/m);
    await wb.step('the proposal document wraps: nothing of it lies to the right of the editor', async () => {
      const sideways = await wb.editor().evaluate((editor) => {
        const right = editor.getBoundingClientRect().right;
        return Array.from(editor.querySelectorAll('.view-line > span')).map((s) => s.getBoundingClientRect().right).filter((r) => r > right + 1).length;
      });
      assert.equal(sideways, 0, 'a line of the proposal runs past the editor\'s right edge');
    });
    await wb.step('stop the task', () => panel.stop());
  });

  it('a 30,000-character command\'s card says how much is not shown and offers no Approve; it is approved from its proposal document', { timeout: TEST_MS }, async (t) => {
    const { wb, panel } = await open(t);
    t.after(() => panel.stop());
    await wb.step('send the task with the long command', () => panel.run('long'));
    const approval = await wb.step('the card asks for approval', () => panel.pendingApproval('run_command'));
    const hidden = (LONG_COMMAND.length - 2000).toLocaleString('en-US');
    const total = LONG_COMMAND.length.toLocaleString('en-US');
    const shown = await approval.locator('.approval-text').innerText();
    assert.ok(shown.includes(`… ${hidden} of ${total} characters not shown …`), `the card does not say how much is hidden: ${shown.slice(0, 200)}…`);
    assert.ok(shown.trimEnd().endsWith('&& touch long-tail'), 'what the card shows last is not the command\'s end');
    assert.match(await approval.locator('.approval-cut').innerText(), new RegExp(`${hidden} of ${total} characters are not shown`));
    assert.equal(await approval.getAttribute('data-whole'), 'false');
    assert.equal(await approval.locator('button[data-action="approve"]').count(), 0, 'the card offers Approve beside a cut');
    assert.match(await panel.card('run_command').locator('.tool-summary').innerText(), /characters not shown/);

    await wb.step('Show Proposal opens the whole proposal, and Approve is there', async () => {
      await approval.locator('button[data-action="open"]').click();
      await wb.waitForActiveTab(/Proposed command/, 30_000);
      await wb.waitForCodeLens('Approve', 15_000);
    });
    const doc = await wb.editorText();
    assert.doesNotMatch(doc, /not shown/, 'the proposal document is cut');
    await wb.step('stop the task', () => panel.stop());
  });

  it('a long unbreakable word wraps on the card: nothing in it scrolls sideways', { timeout: TEST_MS }, async (t) => {
    const { wb, panel } = await open(t);
    t.after(() => panel.stop());
    await wb.step('send the task with the wide command', () => panel.run('wide'));
    const approval = await wb.step('the card asks for approval', () => panel.pendingApproval('run_command'));
    const card = panel.card('run_command');
    for (const [name, part] of [['the approval text', approval.locator('.approval-text')], ['the header', card.locator('.tool-summary')], ['the card', card], ['the conversation', panel.frame.locator('#messages')]] as const) {
      const { scrollWidth, clientWidth } = await panel.overflows(part);
      assert.ok(scrollWidth <= clientWidth, `${name} scrolls sideways: ${scrollWidth} > ${clientWidth}`);
    }
    const lines = await panel.renderedLines(approval.locator('.approval-text'));
    assert.ok(lines.length > 1, 'the long word was not wrapped');
    assert.equal(lines.join(''), `run ${WIDE_COMMAND}`, 'a wrapped line lost characters');
    await wb.step('stop the task', () => panel.stop());
  });

  it('a CR-separated hunk\'s Accept lens sits on its own lines, and the diff says the file ends lines with lone CRs', { timeout: TEST_MS }, async (t) => {
    const { wb, panel } = await open(t);
    t.after(() => panel.stop());
    await wb.step('send the task that edits the CR-separated file', () => panel.run('cr-edit'));
    const title = await wb.step('the edit opens as a diff of two hunks that names the lone CRs', () => wb.waitForActiveTab(/Clawdock proposal: lines\.txt \(2 hunk\(s\)/, SANDBOX_START_MS));
    assert.match(title, /lone CR line endings/);
    await wb.step('the proposal side shows each CR as a line break', () => wb.waitForEditorText(/^one\nTWO\nthree\nfour\nFIVE\nsix$/m, 15_000));
    await wb.waitForCodeLens('Accept', 30_000);
    const lenses = (await wb.codeLenses()).filter((l) => l.title === 'Accept').map((l) => l.top).sort((a, b) => a - b);
    const lines = await wb.editorLines();
    const top = (text: string) => lines.find((l) => l.text === text)?.top ?? NaN;
    assert.equal(lenses.length, 2, `expected two Accept lenses, found ${lenses.length}`);
    assert.ok(lenses[0]! > top('one') && lenses[0]! <= top('TWO'), `the first hunk's Accept lens (${lenses[0]}) is not just above TWO (one at ${top('one')}, TWO at ${top('TWO')})`);
    assert.ok(lenses[1]! > top('four') && lenses[1]! <= top('FIVE'), `the second hunk's Accept lens (${lenses[1]}) is not just above FIVE (four at ${top('four')}, FIVE at ${top('FIVE')})`);
    const card = await panel.pendingApproval('write_file', 30_000);
    assert.match(await card.locator('.approval-notes').innerText(), /lone CR/);
    await wb.step('stop the task', () => panel.stop());
  });

  it('a re-indent that moves a line out of a block shows as a change in the diff, named as whitespace only', { timeout: TEST_MS }, async (t) => {
    const { wb, panel } = await open(t);
    t.after(() => panel.stop());
    await wb.step('send the task that re-indents deploy.py', () => panel.run('reindent'));
    const title = await wb.step('the edit opens as a diff named whitespace-only', () => wb.waitForActiveTab(/Clawdock proposal: deploy\.py \(1 hunk\(s\)/, SANDBOX_START_MS));
    assert.match(title, /whitespace-only changes/);
    await wb.waitForCodeLens('Accept', 30_000);
    const changed = await wb.step('the diff highlights the re-indented line on both sides (whitespace is not ignored)', async () => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const inserted = await wb.editor('modified').locator('.line-insert, .char-insert').count();
        const deleted = await wb.editor('original').locator('.line-delete, .char-delete').count();
        if (inserted > 0 && deleted > 0) return { inserted, deleted };
        if (Date.now() > deadline) throw new Error(`the diff shows no change for the re-indent (inserted ${inserted}, deleted ${deleted})`);
        await wb.page.waitForTimeout(200);
      }
    });
    assert.ok(changed.inserted > 0);
    // One lens widget per line: the hunk's line holds Accept, Reject and the note.
    const lenses = await lensTexts(wb);
    assert.ok(lenses.some((l) => /\bAccept\b/.test(l.text) && !/Accept all/.test(l.text) && l.text.includes('only whitespace changes')), `no "only whitespace changes" lens beside the hunk's Accept: ${JSON.stringify(lenses)}`);
    assert.ok(lenses.some((l) => l.text.includes('Accept all') && l.text.includes('whitespace-only changes')), `no note on top of the diff: ${JSON.stringify(lenses)}`);
    const card = await panel.pendingApproval('write_file', 30_000);
    assert.match(await card.locator('.approval-notes').innerText(), /only whitespace/);
    await wb.step('stop the task', () => panel.stop());
  });

  it('a notification never turns a link from a proposal into a link: an expired approval\'s [x](command:…) shows as text', { timeout: TEST_MS }, async (t) => {
    // Its own workbench, where approvals expire after 5 s (the shared one keeps them for the cards to be read).
    const wb = await openWorkbench(t, { fixture: 'basic', settings: { 'clawdock.approvals.timeoutSeconds': 5 } });
    const line = 'echo [x](command:clawdock.approval.approve?%5B%22any%22%5D) && touch linked';
    await wb.step('propose the command from the palette', async () => {
      await wb.runCommand('Clawdock: Propose Command…');
      await wb.answerInputBox(line, 'Propose a command for');
      await wb.waitForActiveTab(/Proposed command/, SANDBOX_START_MS);
    });
    const toast = wb.page.locator('.notifications-toasts .notification-toast').filter({ hasText: /an approval expired/ }).last();
    await wb.step('the expiry is notified', () => toast.waitFor({ timeout: 60_000 }));
    const message = toast.locator('.notification-list-item-message');
    assert.equal(await message.locator('a').count(), 0, `the notification draws a link: ${await message.innerHTML()}`);
    assert.match(await message.innerText(), /\\u\{005B\}x\]\(command:clawdock\.approval\.approve\?%5B%22any%22%5D\) && touch linked/);
  });
});
