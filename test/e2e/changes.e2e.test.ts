// Issue 9, items 2, 3, 4 and 6 in a real VS Code (code-server), against the
// real engine, in the default shadow workspace: what a command changes waits
// in the Changes view; Accept All takes the ordinary changes and never the
// held one, which is accepted only after a confirmation that names its risk;
// a per-hunk Accept in the change's diff writes only that hunk; Undo Last
// Applied Change puts the file back byte for byte; the audit channel has the
// file-change lines; after an agent turn (a scripted local model) the chat
// panel says what waits and shows the view. One code-server serves the
// file's tests, in order.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lastUserTextOf, startModelServer, toolResultsOf, type ModelServer, type RecordedRequest, type ScriptTurn } from '../fixtures/model-server/index';
import { requireE2E, SANDBOX_START_MS, SharedWorkbench, type TreeRow, type Workbench } from './harness';

const TEST_MS = SANDBOX_START_MS + 3 * 60_000;
const AUDIT = 'Clawdock Audit';
const VIEW = 'Changes';
const NOTES_BEFORE = 'alpha\nbravo\ncharlie\ndelta\necho\nfoxtrot\ngolf\nhotel\nindia\njuliett\n';
const TASKS_JSON = '{ "version": "2.0.0", "tasks": [] }\n';
/** The risk the policy names for `.vscode/**` (src/policy/paths/protected-paths.ts). */
const VSCODE_RISK = /VS Code runs tasks and launch configurations and applies settings from `\.vscode`/;

const AGENT_TASK = 'Write a note and a workspace setting. (scripted task: write)';

/** The agent's model: one turn that writes an ordinary file and a held one (the owner's writes go to the shadow layer without asking). */
function scriptedModel(request: RecordedRequest): ScriptTurn {
  if (!lastUserTextOf(request).includes('(scripted task: write)')) return { text: 'The scripted model has no answer for this.' };
  if (toolResultsOf(request).length > 0) return { text: 'Both files are written in the sandbox; they wait for your review.' };
  return {
    text: 'Writing two files.',
    toolCalls: [
      { name: 'write_file', arguments: { path: 'from-agent.txt', content: 'written by the agent\n' } },
      { name: 'write_file', arguments: { path: '.vscode/settings.json', content: '{ "editor.tabSize": 2 }\n' } },
    ],
  };
}

/** Runs a command line in the sandbox from the palette and waits until its output (ending in `marker`) is shown. */
async function runInSandbox(wb: Workbench, line: string, marker: string): Promise<void> {
  await wb.step('run Clawdock: Run Command in Sandbox… from the palette', () => wb.runCommand('Clawdock: Run Command in Sandbox…'));
  await wb.step('answer the input box with the command', () => wb.answerInputBox(`${line} && echo ${marker}`, 'Run in the sandbox for'));
  await wb.step('the command ran', () => wb.waitForOutput('Clawdock Sandbox', new RegExp(`^\\s*${marker}\\s*$`, 'm'), SANDBOX_START_MS));
}

/** Waits until a file of the workspace holds `content` (null: does not exist). */
async function waitForFile(wb: Workbench, path: string, content: string | null, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen: string | null = null;
  while (Date.now() < deadline) {
    seen = existsSync(join(wb.workspace, path)) ? await readFile(join(wb.workspace, path), 'utf8') : null;
    if (seen === content) return;
    await wb.page.waitForTimeout(250);
  }
  throw new Error(`${path} holds ${JSON.stringify(seen)}, not ${JSON.stringify(content)}`);
}

function row(rows: readonly TreeRow[], label: string): TreeRow | undefined {
  return rows.find((r) => r.label === label);
}

function outline(rows: readonly TreeRow[]): string {
  return rows.map((r) => `${'  '.repeat(Math.max(0, r.depth - 1))}${r.label} [${r.description}] ${r.icon}`).join('\n');
}

async function openChangesView(wb: Workbench): Promise<void> {
  await wb.step('open the Changes view', () => wb.runCommand('Clawdock: Focus on Changes View'));
}

describe('Clawdock change sets in code-server', { ...requireE2E(), timeout: 3 * TEST_MS }, () => {
  let model: ModelServer | undefined;
  const shared = new SharedWorkbench('changes-e2e', () => ({
    fixture: 'review',
    settings: { 'clawdock.agent.provider': 'openai', 'clawdock.agent.baseUrl': model?.openAiBaseUrl ?? '' },
  }));
  before(async () => {
    model = await startModelServer({ script: scriptedModel });
  });
  after(async () => {
    await shared.close();
    await model?.close();
  });

  it('a command\'s edits wait in the Changes view with the held one flagged; Accept All applies the ordinary ones; the held one asks for a confirmation naming its risk', { timeout: TEST_MS }, async (t) => {
    const wb = await shared.open(t);
    await runInSandbox(wb,
      `sed -i 's/^alpha$/ALPHA/' notes.txt && printf 'made in the sandbox\\n' > created.txt && mkdir -p .vscode && printf '%s\\n' '${TASKS_JSON.trim()}' > .vscode/tasks.json`,
      'changes-made-1');
    assert.equal(await readFile(join(wb.workspace, 'notes.txt'), 'utf8'), NOTES_BEFORE, 'the command wrote the real folder');
    assert.equal(existsSync(join(wb.workspace, 'created.txt')), false, 'the command wrote the real folder');

    await openChangesView(wb);
    const rows = await wb.step('the Changes view lists the three changes, the held one flagged', () =>
      wb.waitForTreeRows(VIEW, (r) => ['notes.txt', 'created.txt', 'tasks.json'].every((l) => row(r, l)), 60_000));
    assert.equal(row(rows, 'notes.txt')?.description, 'M', outline(rows));
    assert.equal(row(rows, 'created.txt')?.description, 'A', outline(rows));
    assert.equal(row(rows, 'tasks.json')?.description, 'A · held', outline(rows));
    assert.equal(row(rows, 'tasks.json')?.icon, 'codicon-warning', `the held change has no warning icon:\n${outline(rows)}`);
    assert.notEqual(row(rows, 'notes.txt')?.icon, 'codicon-warning', outline(rows));
    assert.ok(row(rows, '.vscode'), `tasks.json is not under its folder:\n${outline(rows)}`);
    const badge = await wb.page.locator('.part.activitybar .action-item .badge-content').allInnerTexts();
    assert.ok(badge.map((b) => b.trim()).includes('3'), `the activity bar shows no badge of 3 waiting changes: ${JSON.stringify(badge)}`);

    await wb.step('run Clawdock: Accept All Changes', () => wb.runCommand('Clawdock: Accept All Changes'));
    await wb.step('the ordinary changes are in the folder', async () => {
      await waitForFile(wb, 'notes.txt', NOTES_BEFORE.replace('alpha', 'ALPHA'));
      await waitForFile(wb, 'created.txt', 'made in the sandbox\n');
    });
    assert.equal(existsSync(join(wb.workspace, '.vscode')), false, 'Accept All took the held change');
    const left = await wb.step('only the held change is left in the view', () =>
      wb.waitForTreeRows(VIEW, (r) => !row(r, 'notes.txt') && !row(r, 'created.txt') && row(r, 'tasks.json') !== undefined));
    assert.deepEqual(left.map((r) => r.label), ['.vscode', 'tasks.json']);

    await wb.step('click Accept on the held change', () => wb.clickTreeRowAction(VIEW, 'tasks.json', 'Accept Change'));
    const dialog = await wb.step('a modal asks, naming the risk', () => wb.waitForDialog());
    assert.match(dialog.message, /^\.vscode\/tasks\.json is held: /);
    assert.match(`${dialog.message} ${dialog.detail}`, VSCODE_RISK);
    assert.ok(dialog.buttons.includes('Accept Held Change'), dialog.buttons.join(', '));
    await wb.step('cancel it', () => wb.answerDialog('Cancel'));
    await wb.page.waitForTimeout(1_000);
    assert.equal(existsSync(join(wb.workspace, '.vscode')), false, 'a cancelled confirmation wrote the held change');

    await wb.step('click Accept again', () => wb.clickTreeRowAction(VIEW, 'tasks.json', 'Accept Change'));
    await wb.step('confirm it', async () => {
      await wb.waitForDialog();
      await wb.answerDialog('Accept Held Change');
    });
    await wb.step('the held change is in the folder', () => waitForFile(wb, '.vscode/tasks.json', TASKS_JSON));
    await wb.step('the view has nothing left', () => wb.waitForTreeRows(VIEW, (r) => r.length === 0));

    await wb.step('the audit channel records what was found and each file written', async () => {
      await wb.waitForLogLine(AUDIT, /change set detected: 3 path\(s\) .*; held: "\.vscode\/tasks\.json"/);
      await wb.waitForLogLine(AUDIT, /file changed notes\.txt \(\S+ → \S+, \d+ B\) from the shadow layer$/);
      await wb.waitForLogLine(AUDIT, /file created created\.txt \(\S+ → \S+, \d+ B\) from the shadow layer$/);
      await wb.waitForLogLine(AUDIT, /file created \.vscode\/tasks\.json \(\S+ → \S+, \d+ B\) from the shadow layer \[host-executed, confirmed\]$/);
    });
  });

  it('a per-hunk Accept in the change\'s diff writes only that hunk; Undo Last Applied Change restores the file byte for byte', { timeout: TEST_MS }, async (t) => {
    const wb = await shared.open(t);
    const before = await readFile(join(wb.workspace, 'notes.txt'));
    await runInSandbox(wb, 'sed -i -e \'s/^bravo$/BRAVO/\' -e \'s/^india$/INDIA/\' notes.txt', 'changes-made-2');
    await openChangesView(wb);
    await wb.step('the Changes view lists notes.txt', () => wb.waitForTreeRows(VIEW, (r) => row(r, 'notes.txt')?.description === 'M', 60_000));

    await wb.step('click notes.txt to open its diff', () => wb.clickTreeRow(VIEW, 'notes.txt'));
    await wb.step('the diff opens: your folder ↔ sandbox', () => wb.waitForActiveTab(/notes\.txt \(your folder ↔ sandbox: 2 hunk\(s\)\)/));
    const lenses = await wb.step('it shows Accept and Reject for the file and for each hunk', () => wb.waitForCodeLens('Accept hunk'));
    assert.deepEqual(lenses.map((l) => l.title), ['Accept file', 'Reject file', 'Accept hunk', 'Reject hunk', 'Accept hunk', 'Reject hunk']);
    const lines = await wb.editorLines();
    const top = (text: string) => lines.find((l) => l.text === text)?.top ?? NaN;
    const hunkTops = lenses.filter((l) => l.title === 'Accept hunk').map((l) => l.top);
    assert.ok((hunkTops[0] ?? NaN) < top('BRAVO') && (hunkTops[0] ?? NaN) > top('ALPHA'), `the first hunk's lens is not right above BRAVO: ${JSON.stringify({ hunkTops, lines })}`);
    assert.ok((hunkTops[1] ?? NaN) < top('INDIA') && (hunkTops[1] ?? NaN) > top('hotel'), `the second hunk's lens is not right above INDIA: ${JSON.stringify({ hunkTops, lines })}`);

    await wb.step('click the first Accept hunk', () => wb.clickCodeLens('Accept hunk', { nth: 0 }));
    await wb.step('only that hunk is in the folder', () => waitForFile(wb, 'notes.txt', before.toString('utf8').replace('bravo', 'BRAVO')));
    await wb.step('the diff now shows the one hunk left', async () => {
      await wb.focusEditor();
      const deadline = Date.now() + 20_000;
      let left = await wb.codeLenses();
      while (left.filter((l) => l.title === 'Accept hunk').length !== 1 && Date.now() < deadline) {
        await wb.page.waitForTimeout(250);
        left = await wb.codeLenses();
      }
      assert.equal(left.filter((l) => l.title === 'Accept hunk').length, 1, left.map((l) => l.title).join(' | '));
    });
    await wb.step('the audit channel records the hunk written', () => wb.waitForLogLine(AUDIT, /file changed notes\.txt \(\S+ → \S+, \d+ B\) from the shadow layer$/));

    await wb.step('run Clawdock: Undo Last Applied Change', () => wb.runCommand('Clawdock: Undo Last Applied Change'));
    await wb.step('the file is back, byte for byte', async () => {
      const deadline = Date.now() + 20_000;
      let now = await readFile(join(wb.workspace, 'notes.txt'));
      while (!now.equals(before) && Date.now() < deadline) {
        await wb.page.waitForTimeout(250);
        now = await readFile(join(wb.workspace, 'notes.txt'));
      }
      assert.ok(now.equals(before), `notes.txt is ${JSON.stringify(now.toString('utf8'))}`);
    });
    await wb.step('the audit channel records the undo', () => wb.waitForLogLine(AUDIT, /file changed notes\.txt \(\S+ → \S+, \d+ B\) by undo$/));
    await openChangesView(wb);
    const again = await wb.step('notes.txt waits for review again, not as a conflict', () => wb.waitForTreeRows(VIEW, (r) => row(r, 'notes.txt') !== undefined));
    assert.equal(row(again, 'notes.txt')?.description, 'M', outline(again));
    await wb.step('click Reject on it', () => wb.clickTreeRowAction(VIEW, 'notes.txt', 'Reject Change'));
    await wb.step('confirm it', async () => {
      await wb.waitForDialog();
      await wb.answerDialog('Reject');
    });
    await wb.step('the view has nothing left', () => wb.waitForTreeRows(VIEW, (r) => r.length === 0));

    await wb.step('run Clawdock: Show Change History', () => wb.runCommand('Clawdock: Show Change History'));
    const history = await wb.step('it lists the applied changes with what each changed, newest first', () => wb.quickPickRows());
    assert.match(history[0]?.detail ?? '', /^\.vscode\/tasks\.json \(created\)$/, JSON.stringify(history));
    assert.match(history[0]?.description ?? '', /next to undo/);
    assert.ok(history.some((h) => /accepted from the sandbox/.test(h.label) && /notes\.txt \(changed\)/.test(h.detail) && /created\.txt \(created\)/.test(h.detail)), JSON.stringify(history));
    await wb.dismiss();
  });

  it('a link out of the workspace is held and described, never followed; Reject change drops it from the sandbox', { timeout: TEST_MS }, async (t) => {
    const wb = await shared.open(t);
    await runInSandbox(wb, 'ln -s /etc/passwd passwd-link', 'changes-made-3');
    await openChangesView(wb);
    const rows = await wb.step('the Changes view lists the link, held', () => wb.waitForTreeRows(VIEW, (r) => row(r, 'passwd-link') !== undefined, 60_000));
    assert.equal(row(rows, 'passwd-link')?.description, 'link · → /etc/passwd · held', outline(rows));
    assert.equal(row(rows, 'passwd-link')?.icon, 'codicon-warning', outline(rows));

    await wb.step('click it', () => wb.clickTreeRow(VIEW, 'passwd-link'));
    await wb.step('a description opens instead of a diff', () => wb.waitForActiveTab(/passwd-link \(about this change\)/));
    const text = await wb.step('it says where the link points, and why it is held', () => wb.waitForEditorText(/^Link in the sandbox points to: \/etc\/passwd$/m));
    assert.match(text, /^HELD: a link that leads out of the workspace/m);
    assert.doesNotMatch(text, /root:/, 'the link was followed');
    const lenses = await wb.step('it offers Accept change and Reject change', () => wb.waitForCodeLens('Reject change'));
    assert.deepEqual(lenses.slice(0, 2).map((l) => l.title), ['Accept change', 'Reject change']);

    await wb.step('click Reject change', () => wb.clickCodeLens('Reject change'));
    const dialog = await wb.step('a modal asks first', () => wb.waitForDialog());
    assert.match(dialog.message, /^Reject the sandbox's change to passwd-link\?$/);
    await wb.step('confirm', () => wb.answerDialog('Reject'));
    await wb.step('the link is gone from the view', () => wb.waitForTreeRows(VIEW, (r) => !row(r, 'passwd-link')));
    await wb.step('its description closes', async () => {
      const deadline = Date.now() + 15_000;
      while ((await wb.tabLabels()).some((l) => l.includes('passwd-link')) && Date.now() < deadline) await wb.page.waitForTimeout(250);
      assert.ok(!(await wb.tabLabels()).some((l) => l.includes('passwd-link')), (await wb.tabLabels()).join(' | '));
    });
    assert.equal(existsSync(join(wb.workspace, 'passwd-link')), false, 'a rejected link reached the folder');
    await wb.step('the audit channel records the rejection', () => wb.waitForLogLine(AUDIT, /change set rejected: 1 path\(s\) "passwd-link"$/));
  });

  it('after the agent\'s turn the chat panel says how many changes wait for review and how many are held; its button shows the Changes view', { timeout: TEST_MS }, async (t) => {
    const wb = await shared.open(t);
    await wb.step('run Clawdock: Open Chat from the palette', () => wb.runCommand('Clawdock: Open Chat'));
    const frame = await wb.webviewFrame('#composer');
    await wb.step('start a new session', async () => {
      await frame.locator('#new-session').click();
      await frame.locator('#empty').waitFor({ state: 'visible', timeout: 15_000 });
    });
    await wb.step('send the task', async () => {
      await frame.locator('#task').fill(AGENT_TASK);
      await frame.locator('#task').press('Enter');
    });
    const card = frame.locator('[data-kind="changes"]');
    await wb.step('the turn ends with a card: 2 changes wait for review (1 held)', async () => {
      await frame.locator('[data-kind="stop"]').waitFor({ timeout: SANDBOX_START_MS });
      await card.waitFor({ timeout: 30_000 });
    });
    const cardText = (await card.innerText()).replace(/\s+/g, ' ').trim();
    if (cardText !== '2 changes wait for review (1 held) Review Changes') {
      await openChangesView(wb);
      assert.fail(`the card says "${cardText}"; the Changes view has:\n${outline(await wb.waitForTreeRows(VIEW, () => true))}`);
    }
    assert.equal(existsSync(join(wb.workspace, 'from-agent.txt')), false, 'the agent wrote the real folder');
    assert.equal(existsSync(join(wb.workspace, '.vscode', 'settings.json')), false, 'the agent wrote the real folder');

    await wb.step('click Review Changes', () => card.locator('button[data-action="showChanges"]').click());
    const rows = await wb.step('the Changes view shows both, the held one flagged', () =>
      wb.waitForTreeRows(VIEW, (r) => row(r, 'from-agent.txt') !== undefined && row(r, 'settings.json') !== undefined));
    assert.equal(row(rows, 'from-agent.txt')?.description, 'A', outline(rows));
    assert.equal(row(rows, 'settings.json')?.description, 'A · held', outline(rows));
    assert.equal(row(rows, 'settings.json')?.icon, 'codicon-warning', outline(rows));
  });

  it('Accept All names the files it would delete in a modal first; cancelled, nothing is applied; confirmed, they go with the rest and Undo brings them back', { timeout: TEST_MS }, async (t) => {
    const wb = await shared.open(t);
    const readme = await readFile(join(wb.workspace, 'README.md'));
    await runInSandbox(wb, 'rm README.md', 'changes-made-5');
    await openChangesView(wb);
    await wb.step('the Changes view lists the deletion', () => wb.waitForTreeRows(VIEW, (r) => row(r, 'README.md')?.description === 'D', 60_000));

    await wb.step('run Clawdock: Accept All Changes', () => wb.runCommand('Clawdock: Accept All Changes'));
    const dialog = await wb.step('a modal names the deletion', () => wb.waitForDialog());
    assert.equal(dialog.message, `Accept All deletes 1 file(s) from ${basename(wb.workspace)}?`);
    assert.match(dialog.detail, /The sandbox deleted: README\.md\./);
    await wb.step('cancel it', () => wb.answerDialog('Cancel'));
    await wb.page.waitForTimeout(1_000);
    assert.ok(existsSync(join(wb.workspace, 'README.md')), 'a cancelled Accept All deleted the file');
    assert.equal(existsSync(join(wb.workspace, 'from-agent.txt')), false, 'a cancelled Accept All applied the other changes');

    await wb.step('run Clawdock: Accept All Changes again', () => wb.runCommand('Clawdock: Accept All Changes'));
    await wb.step('confirm the deletion', async () => {
      await wb.waitForDialog();
      await wb.answerDialog('Accept and Delete');
    });
    await wb.step('the deletion and the ordinary change are in the folder', async () => {
      await waitForFile(wb, 'README.md', null);
      await waitForFile(wb, 'from-agent.txt', 'written by the agent\n');
    });
    assert.equal(existsSync(join(wb.workspace, '.vscode', 'settings.json')), false, 'Accept All took the held change');
    await wb.step('run Clawdock: Undo Last Applied Change', () => wb.runCommand('Clawdock: Undo Last Applied Change'));
    await wb.step('README.md is back, byte for byte', () => waitForFile(wb, 'README.md', readme.toString('utf8')));
  });
});
