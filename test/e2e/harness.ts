// The e2e harness: Clawdock packaged as a .vsix, installed into the pinned
// code-server `npm start` uses, served on a fixture workspace, and driven in
// Debian's Chromium through playwright-core. Every step leaves a screenshot in
// test-results/e2e/<test>/NN-step.png; they are kept, and named on failure.
import { existsSync, rmSync } from 'node:fs';
import { cp, mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Frame, type Locator, type Page } from 'playwright-core';
import {
  PROJECT_ROOT,
  ensureCodeServer,
  installExtension,
  isolatedEnv,
  killGroup,
  packageExtension,
  startCodeServer,
  type CodeServer,
} from '../../scripts/code-server.mjs';
import { createEngine } from '../../src/sandbox';
import { requireEngine } from '../helpers/engine-gate';
import { chownTree } from '../helpers/sandbox-fixture';

/** Debian's Chromium; CLAWDOCK_CHROMIUM names another build. */
export const CHROMIUM = process.env.CLAWDOCK_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

const FIXTURES = join(PROJECT_ROOT, 'test', 'e2e', 'fixtures');
const RESULTS = join(PROJECT_ROOT, 'test-results', 'e2e');

/** How long a sandbox may take to come up: the first one on a machine builds the image (apt inside). */
export const SANDBOX_START_MS = 6 * 60_000;

/**
 * Options for `describe`: skips the suite when Chromium or the Docker engine is
 * missing on a laptop; throws when CI=true, where a skipped e2e suite is a failure.
 */
export function requireE2E(env: NodeJS.ProcessEnv = process.env): { skip: string | false } {
  const engine = requireEngine(env);
  if (engine.skip) return engine;
  if (!existsSync(CHROMIUM)) {
    const why = `Chromium is missing at ${CHROMIUM}; run \`bash .ci/e2e-deps.sh\` (or set CLAWDOCK_CHROMIUM)`;
    if (env.CI === 'true') throw new Error(`${why} (CI=true: the e2e suite may not be skipped)`);
    return { skip: why };
  }
  return { skip: false };
}

interface Prepared {
  readonly entry: string;
  readonly extensionsDir: string;
  readonly root: string;
}

let prepared: Promise<Prepared> | undefined;

// A test process that dies before its `after` hooks still takes its code-servers along.
const liveServers = new Set<number>();
process.once('exit', () => {
  for (const pid of liveServers) killGroup(pid, 'SIGKILL');
});

/**
 * Once per test process: installs code-server when missing, packages the
 * extension (or takes CLAWDOCK_E2E_VSIX) and installs it into a temp extensions folder.
 */
function prepare(): Promise<Prepared> {
  prepared ??= (async () => {
    const entry = await ensureCodeServer();
    const vsix = process.env.CLAWDOCK_E2E_VSIX || (await packageExtension());
    const root = await mkdtemp(join(tmpdir(), 'clawdock-e2e-'));
    const extensionsDir = join(root, 'extensions');
    await installExtension({ entry, vsix, extensionsDir, userDataDir: join(root, 'install-user-data'), env: isolatedEnv(join(root, 'install')) });
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
    return { entry, extensionsDir, root };
  })();
  return prepared;
}

/** What a test asks for. */
export interface WorkbenchOptions {
  /** Folder under test/e2e/fixtures copied as the workspace. Default `basic`. */
  readonly fixture?: string;
  /** true (default): the workspace is trusted (`--disable-workspace-trust`); false: trust is on and the folder untrusted. */
  readonly trusted?: boolean;
  /** Extra user settings for code-server (machine-scoped ones, such as `clawdock.agent.baseUrl`, only count here). */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** The minimal piece of node:test's TestContext the harness needs. */
export interface TestLike {
  readonly name: string;
  after(fn: () => Promise<void> | void): void;
}

/**
 * Opens code-server on a fresh copy of a fixture in a fresh Chromium profile,
 * and registers its cleanup on the test: the browser, code-server's process
 * group, the workspace's Clawdock containers and the temp folders.
 */
export async function openWorkbench(t: TestLike, options: WorkbenchOptions = {}): Promise<Workbench> {
  const { entry, extensionsDir } = await prepare();
  const trusted = options.trusted ?? true;
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'clawdock-e2e-run-')));
  const workspace = join(dir, options.fixture ?? 'basic');
  await cp(join(FIXTURES, options.fixture ?? 'basic'), workspace, { recursive: true });
  // Tests run as root; the sandbox takes the workspace owner's uid and must not be root.
  chownTree(workspace);

  const shots = join(RESULTS, slug(t.name));
  await rm(shots, { recursive: true, force: true });
  await mkdir(shots, { recursive: true });

  const cleanups: Array<() => Promise<void>> = [];
  const wb = new Workbench(workspace, shots);
  t.after(async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        process.stderr.write(`e2e cleanup: ${(err as Error).message}\n`);
      }
    }
  });
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  cleanups.push(async () => {
    await removeSandboxes(workspace);
  });

  const server: CodeServer = await startCodeServer({
    entry,
    workspace,
    dataDir: join(dir, 'code-server'),
    extensionsDir,
    userDataDir: join(dir, 'code-server', 'user-data'),
    auth: 'none',
    trust: !trusted,
    settings: { ...options.settings },
    logFile: join(shots, 'code-server.log'),
    say: () => {},
  });
  liveServers.add(server.pid);
  cleanups.push(async () => {
    await server.stop();
    liveServers.delete(server.pid);
  });

  const context = await chromium.launchPersistentContext(join(dir, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  cleanups.push(() => context.close());
  await wb.attach(context, server, `${server.url}?folder=${encodeURIComponent(workspace)}`);
  return wb;
}

/** Removes every Clawdock container labelled with this workspace, through the sandbox's own engine client. */
export async function removeSandboxes(workspace: string): Promise<string[]> {
  const engine = createEngine({ dockerHost: '' });
  const removed: string[] = [];
  for (const info of await engine.listContainers({ 'dev.clawdock.workspace': workspace })) {
    await engine.removeContainer(info.id);
    removed.push(info.name);
  }
  return removed;
}

/**
 * One workbench for the tests of a file: opened by the first test that asks
 * (a skipped suite opens nothing), shared by the rest, closed by `close()` in the
 * suite's `after`. Each test gets its own screenshot folder and an editor area
 * with nothing open. What one test leaves in the sandbox the next one sees:
 * use it for tests that do not depend on each other's state.
 */
export class SharedWorkbench {
  private opened: Promise<Workbench> | undefined;
  private readonly cleanups: Array<() => Promise<void> | void> = [];

  constructor(
    /** Names the folder of the shared screenshots and the code-server log. */
    private readonly name: string,
    /** Read when the first test opens the workbench (so a server started in `before` can be named). */
    private readonly options: () => WorkbenchOptions = () => ({}),
  ) {}

  /** The workbench, set up for test `t`: screenshots under its name, no editors open, no quick input. */
  async open(t: Pick<TestLike, 'name'>): Promise<Workbench> {
    this.opened ??= openWorkbench({ name: this.name, after: (fn) => void this.cleanups.push(fn) }, this.options());
    const wb = await this.opened;
    await wb.beginTest(t.name);
    return wb;
  }

  /** Closes the browser and code-server, removes the workspace's containers and the temp folders. */
  async close(): Promise<void> {
    for (const fn of this.cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        process.stderr.write(`e2e cleanup: ${(err as Error).message}\n`);
      }
    }
  }
}

/** A console message of the page or one of its frames (webviews included). */
export interface ConsoleEntry {
  readonly type: string;
  readonly text: string;
  /** The URL of the script or document that logged it. */
  readonly url: string;
}

/** A workbench page with the moves a person makes, and a numbered screenshot per step. */
export class Workbench {
  page!: Page;
  server!: CodeServer;
  /** Every console message since the page opened, from every frame. */
  readonly console: ConsoleEntry[] = [];
  private context!: BrowserContext;
  private stepNo = 0;
  private shotsDir: string;

  constructor(
    /** The real path of the workspace folder (owned by 1000:1000). */
    readonly workspace: string,
    screenshots: string,
  ) {
    this.shotsDir = screenshots;
  }

  /** Where this test's screenshots go. */
  get screenshots(): string {
    return this.shotsDir;
  }

  /**
   * Starts a new test on a shared workbench: screenshots go to its own folder,
   * numbered from 01; quick inputs are closed and every editor group too.
   */
  async beginTest(name: string): Promise<void> {
    const dir = join(RESULTS, slug(name));
    if (dir === this.shotsDir) return;
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    this.shotsDir = dir;
    this.stepNo = 0;
    await this.step('start from an empty editor area', async () => {
      await this.closeQuickInput();
      await this.runCommand('View: Close All Editor Groups');
      await this.page.locator('.part.editor .editor-group-container.active .tab').first().waitFor({ state: 'detached', timeout: 10_000 });
    });
  }

  /** Loads the workbench and waits until the folder shows in the explorer. */
  async attach(context: BrowserContext, server: CodeServer, url: string): Promise<void> {
    this.context = context;
    this.server = server;
    this.page = context.pages()[0] ?? (await context.newPage());
    this.page.on('console', (m) => this.console.push({ type: m.type(), text: m.text(), url: m.location().url }));
    await this.step('open the workbench', async () => {
      await this.page.goto(url);
      await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await this.page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout: 60_000 });
      await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    });
  }

  /**
   * Runs `fn` as a named step and saves `NN-name.png` after it. On failure a
   * `NN-name-failed.png` is saved, the folder is printed and the error rethrown.
   */
  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const n = String(++this.stepNo).padStart(2, '0');
    try {
      const result = await fn();
      await this.shot(`${n}-${slug(name)}`);
      return result;
    } catch (err) {
      await this.shot(`${n}-${slug(name)}-failed`);
      process.stderr.write(`e2e: step "${name}" failed; screenshots and the code-server log are kept in ${this.screenshots}\n`);
      throw err;
    }
  }

  private async shot(name: string): Promise<void> {
    try {
      await this.page.screenshot({ path: join(this.screenshots, `${name}.png`) });
    } catch {
      // A page that is gone cannot be photographed; the error that matters is the step's.
    }
  }

  /**
   * Opens the palette (F1) with `query` and returns the offered labels. With
   * `waitFor`, waits until that label is offered (reopening the palette, see `runCommand`).
   */
  async paletteItems(query: string, { waitFor }: { waitFor?: string } = {}): Promise<string[]> {
    const labels = await this.queryPalette(query, (offered) => waitFor === undefined || offered.includes(waitFor), 20_000);
    if (waitFor !== undefined && !labels.includes(waitFor)) throw new Error(`the palette does not offer "${waitFor}" for "${query}"; it offers: ${labels.join(', ') || 'nothing'}`);
    return labels;
  }

  /** Runs a palette command by its full title ("Clawdock: Start Sandbox"), as a person would: F1, type, Enter. */
  async runCommand(title: string, timeoutMs = 20_000): Promise<void> {
    const labels = await this.queryPalette(title, (offered) => offered[0] === title, timeoutMs);
    if (labels[0] !== title) throw new Error(`the palette does not offer "${title}" first; it offers: ${labels.join(', ') || 'nothing'}`);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Types `query` into the palette until `done(labels)` holds. The palette
   * computes its commands when it opens, so one opened before the extension
   * host registered the contributions never lists them: close and reopen.
   */
  private async queryPalette(query: string, done: (labels: string[]) => boolean, timeoutMs: number): Promise<string[]> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const deadline = Date.now() + timeoutMs;
    let labels: string[] = [];
    while (Date.now() < deadline) {
      const input = await this.openPalette();
      await input.fill(`>${query}`);
      // The list filters asynchronously as it is typed into: give it a moment to settle.
      const settle = Date.now() + 2_000;
      while (Date.now() < settle) {
        await this.page.waitForTimeout(150);
        labels = (await rows.locator('.label-name').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
        if (done(labels)) return labels;
      }
    }
    return labels;
  }

  /** Types `text` into the open input box (replacing what is there) and presses Enter. `title` names the box expected. */
  async answerInputBox(text: string, title?: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout: 15_000 });
    if (title) await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 15_000 });
    const input = widget.locator('input.input');
    await input.fill(text);
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** Shows an Output channel and returns the text of its visible lines. */
  async readOutput(channel: string): Promise<string> {
    await this.showOutputChannel(channel);
    return this.outputText();
  }

  /** Waits until the Output channel's visible text matches `pattern`; returns the text. */
  async waitForOutput(channel: string, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    await this.showOutputChannel(channel);
    const deadline = Date.now() + timeoutMs;
    let text = '';
    while (Date.now() < deadline) {
      text = await this.outputText();
      if (pattern.test(text)) return text;
      await this.page.waitForTimeout(250);
    }
    throw new Error(`the "${channel}" output did not match ${pattern} within ${timeoutMs / 1000} s; it shows:\n${text}`);
  }

  private async showOutputChannel(channel: string): Promise<void> {
    const shown = await this.currentOutputChannel();
    if (shown === channel) return;
    await this.runCommand('Output: Show Output Channels...');
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: channel });
    await row.filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(channel)}$`) }) }).first().click({ timeout: 15_000 });
    await this.page.locator('.part.panel .output-view .view-lines').first().waitFor({ timeout: 15_000 });
  }

  private async currentOutputChannel(): Promise<string | undefined> {
    const select = this.page.locator('.part.panel .monaco-select-box[aria-label*="Output" i], .part.panel select.monaco-select-box').first();
    if ((await select.count()) === 0 || !(await select.isVisible())) return undefined;
    // No DOM lib in this project's tsconfig: the page-side code names only what it touches.
    const text = await select.evaluate((el) => {
      const box = el as unknown as { selectedOptions?: ArrayLike<{ text: string }>; title?: string };
      return box.selectedOptions?.[0]?.text ?? box.title ?? '';
    });
    return text.trim() || undefined;
  }

  private async outputText(): Promise<string> {
    return linesOf(this.page.locator('.part.panel .output-view .view-lines').first());
  }

  /** The texts of the status bar's items, icons left out. */
  async statusBarTexts(): Promise<string[]> {
    const items = this.page.locator('#workbench\\.parts\\.statusbar .statusbar-item');
    return (await items.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => t !== '');
  }

  /** Waits until a status bar item's text matches `pattern`; returns it. */
  async waitForStatusBar(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let texts: string[] = [];
    while (Date.now() < deadline) {
      texts = await this.statusBarTexts();
      const hit = texts.find((t) => pattern.test(t));
      if (hit) return hit;
      await this.page.waitForTimeout(250);
    }
    throw new Error(`no status bar item matched ${pattern} within ${timeoutMs / 1000} s; it shows: ${texts.join(' | ')}`);
  }

  /** Waits until no notification toast whose text matches `pattern` is shown (a finished progress closes its toast). */
  async waitForNoNotification(pattern: RegExp, timeoutMs = 15_000): Promise<void> {
    const toasts = this.page.locator('.notifications-toasts .notification-toast');
    const deadline = Date.now() + timeoutMs;
    let shown: string[] = [];
    while (Date.now() < deadline) {
      shown = (await toasts.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => pattern.test(t));
      if (shown.length === 0) return;
      await this.page.waitForTimeout(250);
    }
    throw new Error(`a notification matching ${pattern} is still shown after ${timeoutMs / 1000} s: ${shown.join(' | ')}`);
  }

  /** Closes the palette or any quick input. */
  async dismiss(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  /**
   * Types `text` into the open input box without the keyboard's interpretation
   * (control characters, bidi marks and escapes go in as they are) and presses Enter.
   */
  async answerInputBoxRaw(text: string, title?: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout: 15_000 });
    if (title) await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 15_000 });
    const input = widget.locator('input.input');
    await input.fill('');
    await input.focus();
    await this.page.keyboard.insertText(text);
    const typed = await input.inputValue();
    if (typed !== text) throw new Error(`the input box holds ${JSON.stringify(typed)}, not ${JSON.stringify(text)}`);
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 15_000 });
  }

  // ─── editors ──────────────────────────────────────────────────────────────

  /** The labels of the tabs of every editor group. */
  async tabLabels(): Promise<string[]> {
    const tabs = this.page.locator('.part.editor .tabs-container .tab .label-name');
    return (await tabs.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** The texts of the error notifications shown as toasts. */
  async errorNotifications(): Promise<string[]> {
    const toasts = this.page.locator('.notifications-toasts .notification-toast').filter({ has: this.page.locator('.codicon-error') });
    return (await toasts.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /**
   * Waits until the active editor's tab title (the hover of its tab) matches
   * `pattern`; returns it. An error notification from Clawdock ends the wait: what was asked for failed.
   */
  async waitForActiveTab(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const tab = this.page.locator('.part.editor .editor-group-container.active .tab.active');
    const deadline = Date.now() + timeoutMs;
    let seen = '';
    while (Date.now() < deadline) {
      if ((await tab.count()) > 0) {
        seen = (await tab.first().getAttribute('aria-label')) ?? (await tab.first().innerText());
        if (pattern.test(seen)) return seen;
      }
      const errors = (await this.errorNotifications()).filter((t) => t.startsWith('Clawdock'));
      if (errors.length > 0) throw new Error(`waiting for a tab matching ${pattern}, Clawdock showed an error: ${errors.join(' | ')}`);
      await this.page.waitForTimeout(200);
    }
    throw new Error(`the active tab did not match ${pattern} within ${timeoutMs / 1000} s; it is ${JSON.stringify(seen)} (tabs: ${(await this.tabLabels()).join(' | ')})`);
  }

  /**
   * The code editor of the active editor group; in a diff editor its `side`
   * (default the modified, right side, where a proposal's lenses are).
   */
  editor(side: 'modified' | 'original' = 'modified'): Locator {
    const group = this.page.locator('.part.editor .editor-group-container.active');
    return group.locator(`.monaco-diff-editor .editor.${side} .monaco-editor, .editor-instance > .monaco-editor`).filter({ visible: true }).first();
  }

  /** The rendered lines of the active editor (its visible part; a diff's `side`), each with its offset from the top of the content. */
  async editorLines(side: 'modified' | 'original' = 'modified'): Promise<Array<{ top: number; text: string }>> {
    return renderedLines(this.editor(side).locator(VIEW_LINES));
  }

  /** The rendered lines of the active editor (its visible part; a diff's `side`), in order. */
  async editorText(side: 'modified' | 'original' = 'modified'): Promise<string> {
    return linesOf(this.editor(side).locator(VIEW_LINES));
  }

  /** Waits until the active editor's visible text matches `pattern`; returns the text. */
  async waitForEditorText(pattern: RegExp, timeoutMs = 30_000, side: 'modified' | 'original' = 'modified'): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let text = '';
    while (Date.now() < deadline) {
      text = await this.editorText(side).catch(() => '');
      if (pattern.test(text)) return text;
      await this.page.waitForTimeout(200);
    }
    throw new Error(`the active editor did not match ${pattern} within ${timeoutMs / 1000} s; it shows:\n${text}`);
  }

  /**
   * Puts the cursor in the active editor (a diff's `side`) by clicking its last
   * rendered line, as a person clicks into an editor to work in it.
   */
  async focusEditor(side: 'modified' | 'original' = 'modified'): Promise<void> {
    const lines = this.editor(side).locator(`${VIEW_LINES} .view-line`);
    const tops = await lines.evaluateAll((els) => (els as unknown as PageLine[]).map((l) => parseFloat(l.style.top || '0')));
    const last = tops.indexOf(Math.max(...tops));
    await lines.nth(last).click({ position: { x: 2, y: 2 } });
  }

  /** The code lenses of the active editor (a diff's `side`), top to bottom, left to right. */
  async codeLenses(side: 'modified' | 'original' = 'modified'): Promise<CodeLensEntry[]> {
    const widgets = this.editor(side).locator('.contentWidgets .codelens-decoration');
    // A lens with a command is a link; one without (a status line) is a plain span; ` | ` spans separate them.
    const found = await widgets.evaluateAll((els) =>
      (els as unknown as PageLensWidget[]).map((w) => ({
        top: parseFloat(w.style.top || '0'),
        titles: Array.from(w.querySelectorAll('a, span'))
          .filter((part) => part.tagName === 'A' || part.children.length === 0)
          .map((part) => (part.textContent ?? '').replace(/\u00a0/g, ' ').trim())
          .filter((title) => title !== '' && title !== '|'),
      })),
    );
    return found.sort((a, b) => a.top - b.top).flatMap((w) => w.titles.map((title) => ({ title, top: w.top })));
  }

  /** Waits until the active editor shows a code lens titled exactly `title`; returns them all. */
  async waitForCodeLens(title: string, timeoutMs = 30_000, side: 'modified' | 'original' = 'modified'): Promise<CodeLensEntry[]> {
    const deadline = Date.now() + timeoutMs;
    let lenses: CodeLensEntry[] = [];
    while (Date.now() < deadline) {
      lenses = await this.codeLenses(side).catch(() => []);
      if (lenses.some((l) => l.title === title)) return lenses;
      await this.page.waitForTimeout(200);
    }
    throw new Error(`no code lens "${title}" within ${timeoutMs / 1000} s; the active editor shows: ${lenses.map((l) => l.title).join(' | ') || 'none'}`);
  }

  /** Clicks the `nth` (0-based, top to bottom) code lens titled exactly `title` in the active editor. */
  async clickCodeLens(title: string, { nth = 0, side = 'modified' }: { nth?: number; side?: 'modified' | 'original' } = {}): Promise<void> {
    await this.waitForCodeLens(title, 30_000, side);
    const widgets = this.editor(side).locator('.contentWidgets .codelens-decoration');
    // The widgets are not in line order in the DOM: order the matching links by their widget's top.
    const links = widgets.locator('a').filter({ hasText: new RegExp(`^${escapeRegExp(title)}$`) });
    const tops = await links.evaluateAll((els) => (els as unknown as PageLensLink[]).map((a) => parseFloat(a.parentElement?.style.top || '0')));
    const order = tops.map((top, i) => ({ top, i })).sort((a, b) => a.top - b.top);
    const pick = order[nth];
    if (!pick) throw new Error(`there is no code lens "${title}" number ${nth + 1}; there are ${order.length}`);
    await links.nth(pick.i).click();
  }

  // ─── webviews ─────────────────────────────────────────────────────────────

  /**
   * The frame of a webview's content, found by an element its page has
   * (`marker`, e.g. `#composer`): VS Code nests the page in two iframes.
   */
  async webviewFrame(marker: string, timeoutMs = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        if (await frame.locator(marker).count().catch(() => 0)) return frame;
      }
      await this.page.waitForTimeout(250);
    }
    throw new Error(`no webview shows ${marker} within ${timeoutMs / 1000} s (frames: ${this.page.frames().map((f) => f.url()).join(', ')})`);
  }

  // ─── tree views and dialogs ───────────────────────────────────────────────

  /** The pane of a sidebar view, found by its title ("Changes"). */
  viewPane(title: string): Locator {
    return this.page.locator('.part.sidebar .pane, .part.auxiliarybar .pane')
      .filter({ has: this.page.locator('.pane-header h3.title', { hasText: new RegExp(`^${escapeRegExp(title)}$`, 'i') }) }).first();
  }

  /** The rows a tree view shows (expanded ones only), top to bottom. */
  async treeRows(title: string): Promise<TreeRow[]> {
    const rows = this.viewPane(title).locator('.pane-body .monaco-list-row');
    return rows.evaluateAll((els) => (els as unknown as PageTreeRow[]).map((r) => ({
      label: (r.querySelector('.label-name')?.textContent ?? '').trim(),
      description: (r.querySelector('.label-description')?.textContent ?? '').trim(),
      icon: (r.querySelector('.custom-view-tree-node-item-icon')?.className ?? '').split(/\s+/).find((c) => c.startsWith('codicon-') && c !== 'codicon-') ?? '',
      depth: Number(r.getAttribute('aria-level') ?? '0'),
      tooltip: r.getAttribute('aria-label') ?? '',
    })));
  }

  /** Waits until the view's rows satisfy `done`; returns them. */
  async waitForTreeRows(title: string, done: (rows: TreeRow[]) => boolean, timeoutMs = 30_000): Promise<TreeRow[]> {
    const deadline = Date.now() + timeoutMs;
    let rows: TreeRow[] = [];
    while (Date.now() < deadline) {
      rows = await this.treeRows(title).catch(() => []);
      if (done(rows)) return rows;
      await this.page.waitForTimeout(250);
    }
    throw new Error(`the "${title}" view did not show what was expected within ${timeoutMs / 1000} s; it shows:\n${rows.map((r) => `${'  '.repeat(Math.max(0, r.depth - 1))}${r.label} [${r.description}] ${r.icon}`).join('\n') || '(no rows)'}`);
  }

  /** Clicks a tree row by its label (the first that matches exactly). */
  async clickTreeRow(title: string, label: string): Promise<void> {
    await this.treeRow(title, label).click();
  }

  /** Clicks an inline action (its title, e.g. "Accept Change") of a tree row, showing it by hovering the row first. */
  async clickTreeRowAction(title: string, label: string, action: string): Promise<void> {
    const row = this.treeRow(title, label);
    await row.hover();
    await row.locator(`.actions .action-label[aria-label="${action}"]`).click();
  }

  private treeRow(title: string, label: string): Locator {
    return this.viewPane(title).locator('.pane-body .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) }).first();
  }

  /** Waits for a modal dialog and returns its message and detail. */
  async waitForDialog(timeoutMs = 15_000): Promise<{ message: string; detail: string; buttons: string[] }> {
    const box = this.page.locator('.monaco-dialog-box');
    await box.waitFor({ state: 'visible', timeout: timeoutMs });
    const text = async (selector: string) => (await box.locator(selector).allInnerTexts()).join('\n').replace(/\s+/g, ' ').trim();
    return {
      message: await text('.dialog-message-text'),
      detail: await text('.dialog-message-detail'),
      buttons: (await box.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((t) => t.trim()),
    };
  }

  /** Clicks a button of the modal dialog by its title and waits for the dialog to close. */
  async answerDialog(button: string): Promise<void> {
    const box = this.page.locator('.monaco-dialog-box');
    await box.locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^${escapeRegExp(button)}$`) }).click();
    await box.waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** The rows of the open quick pick (its labels, descriptions and details). */
  async quickPickRows(): Promise<Array<{ label: string; description: string; detail: string }>> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: 15_000 });
    return rows.evaluateAll((els) => (els as unknown as PageTreeRow[]).map((r) => ({
      label: (r.querySelector('.label-name')?.textContent ?? '').trim(),
      description: (r.querySelector('.label-description')?.textContent ?? '').trim(),
      detail: (r.querySelector('.quick-input-list-label-meta')?.textContent ?? '').trim(),
    })));
  }

  // ─── log channels ─────────────────────────────────────────────────────────

  /**
   * Every line of a log Output channel (one per entry, starting with its
   * time), rejoined where the Output view wrapped them.
   */
  async readLogLines(channel: string): Promise<string[]> {
    await this.showOutputChannel(channel);
    return unwrapLogLines(await this.wholeOutputText());
  }

  /**
   * Waits until a line of a log Output channel matches `pattern`; returns that
   * line. The lines in view are read first; the whole channel when they do not match.
   */
  async waitForLogLine(channel: string, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    await this.showOutputChannel(channel);
    const deadline = Date.now() + timeoutMs;
    for (let poll = 0; ; poll++) {
      const last = Date.now() >= deadline;
      // Paging through the whole channel takes a moment: every few polls, and once more before giving up.
      const lines = unwrapLogLines(await (poll % 4 === 3 || last ? this.wholeOutputText() : this.outputText()));
      const hit = lines.find((l) => pattern.test(l));
      if (hit !== undefined) return hit;
      if (last) throw new Error(`no line of the "${channel}" output matched ${pattern} within ${timeoutMs / 1000} s; it shows:\n${lines.join('\n')}`);
      await this.page.waitForTimeout(250);
    }
  }

  /**
   * Every line of the Output channel shown. The view renders only the lines
   * that fit, so it is paged through from the top with the keyboard, collecting
   * lines as they show (each placed by its offset in the content); the cursor
   * ends on the last line, where the channel goes on following new lines.
   */
  private async wholeOutputText(): Promise<string> {
    const editor = this.page.locator('.part.panel .output-view .monaco-editor').first();
    const viewLines = editor.locator(VIEW_LINES);
    const seen = new Map<number, string>();
    const collect = async (): Promise<number> => {
      const rendered = await renderedLines(viewLines);
      for (const l of rendered) seen.set(l.top, l.text);
      return Math.max(-1, ...rendered.map((l) => l.top));
    };
    await editor.locator('textarea.inputarea, .native-edit-context').first().focus();
    await this.page.keyboard.press('Control+Home');
    // Down a page at a time until the last rendered line stays the last twice.
    let bottom = -2;
    for (let still = 0, i = 0; still < 2 && i < 1000; i++) {
      await this.page.waitForTimeout(40);
      const next = await collect();
      still = next === bottom ? still + 1 : 0;
      bottom = next;
      await this.page.keyboard.press('PageDown');
    }
    await this.page.keyboard.press('Control+End');
    return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text).join('\n');
  }


  private async closeQuickInput(): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    if (await widget.isVisible()) {
      await this.page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: 5_000 });
    }
  }

  private async openPalette() {
    const widget = this.page.locator('.quick-input-widget');
    if (await widget.isVisible()) {
      await this.page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: 5_000 });
    }
    await this.page.keyboard.press('F1');
    await widget.waitFor({ state: 'visible', timeout: 15_000 });
    return widget.locator('input.input');
  }
}

/**
 * An editor's own lines; a diff shown inline draws the removed lines in view
 * zones with `.view-lines` of their own, which this leaves out.
 */
export const VIEW_LINES = '.lines-content > .view-lines';

/** The bits of a rendered editor line the harness reads. */
interface PageLine {
  readonly style: { readonly top: string };
  readonly textContent: string | null;
}

/** The bits of a code lens widget the harness reads. */
interface PageLensWidget {
  readonly style: { readonly top: string };
  querySelectorAll(selector: string): ArrayLike<{ readonly tagName: string; readonly textContent: string | null; readonly children: ArrayLike<unknown> }>;
}

/** A code lens link and the widget it sits in. */
interface PageLensLink {
  readonly parentElement: { readonly style: { readonly top: string } } | null;
}

/** A row of a tree view as it is drawn. */
export interface TreeRow {
  readonly label: string;
  readonly description: string;
  /** The codicon of its icon (`codicon-warning`), or '' for a file icon. */
  readonly icon: string;
  /** 1 for a top-level row. */
  readonly depth: number;
  /** The row's accessible label. */
  readonly tooltip: string;
}

/** The bits of a tree or list row the harness reads. */
interface PageTreeRow {
  getAttribute(name: string): string | null;
  querySelector(selector: string): { readonly textContent: string | null; readonly className: string } | null;
}

/** A code lens as the editor shows it. */
export interface CodeLensEntry {
  readonly title: string;
  /** Its widget's offset from the top of the editor's content, in pixels (lenses of one line share it). */
  readonly top: number;
}

/**
 * The lines a Monaco `.view-lines` element renders, each with its offset in the
 * content, in order (they are absolutely positioned). An editor that wraps
 * draws a long line as several view lines; where the editor shows line numbers,
 * only the first of them has one, and the rest are joined back onto it (without
 * the indentation the editor draws them with).
 */
async function renderedLines(viewLines: Locator): Promise<Array<{ top: number; text: string }>> {
  return viewLines.evaluate((el) => {
    const lines = Array.from((el as unknown as { querySelectorAll(selector: string): ArrayLike<PageLine> }).querySelectorAll('.view-line'))
      .map((l) => ({ top: parseFloat(l.style.top || '0'), text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top);
    const editor = (el as unknown as { closest(selector: string): PageElement | null }).closest('.monaco-editor');
    const numbered = Array.from(editor?.querySelectorAll('.margin-view-overlays > div') ?? [])
      .filter((d) => (d.querySelector('.line-numbers')?.textContent ?? '').trim() !== '')
      .map((d) => parseFloat(d.style.top || '0'));
    if (numbered.length === 0) return lines;
    const starts = new Set(numbered);
    const joined: Array<{ top: number; text: string; indent: number }> = [];
    for (const line of lines) {
      const last = joined[joined.length - 1];
      // A continuation is drawn indented like its line's start (editor.wrappingIndent "same"): that indent is not text.
      if (last && !starts.has(line.top)) last.text += line.text.startsWith(' '.repeat(last.indent)) ? line.text.slice(last.indent) : line.text;
      else joined.push({ ...line, indent: /^ */.exec(line.text)?.[0].length ?? 0 });
    }
    return joined.map(({ top, text }) => ({ top, text }));
  });
}

/** The bits of an editor element the harness reads. */
interface PageElement {
  readonly style: { readonly top: string };
  readonly textContent: string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

/** The text of the lines a Monaco `.view-lines` element renders. */
async function linesOf(viewLines: Locator): Promise<string> {
  return (await renderedLines(viewLines)).map((l) => l.text).join('\n');
}

/** A log channel entry starts with its time, `2025-01-02 03:04:05.678 [info] …`. */
const LOG_ENTRY_START = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[/;

/**
 * The Output view wraps long lines (its editor forces `wordWrap: on`): a
 * rendered line that does not start with a time continues the one above.
 */
export function unwrapLogLines(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (lines.length === 0 || LOG_ENTRY_START.test(line)) lines.push(line);
    else lines[lines.length - 1] += line;
  }
  return lines.filter((l) => l.trim() !== '');
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
