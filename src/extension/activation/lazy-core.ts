// The core bundle (dist/extension-core.js), loaded and activated on first use:
// a synchronous `require` of the file beside the shell, so that nothing runs
// between the shell letting go of its command stand-ins and the core
// registering the real commands.
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Core, CoreHost, CoreModule } from '../core-contract';

/** The core's bundle, beside the shell's in dist/ (scripts/build.mjs writes both). */
export const CORE_BUNDLE = 'extension-core.js';

/** What the shell does around loading the core. */
export interface LazyCoreHooks {
  /** Right before the core activates: the shell disposes its command shims, so the core's own registrations succeed. */
  beforeActivate(): void;
  /** When the core could not load or activate (it has undone its registrations): say why, and put the shims back. */
  onFailure(err: unknown): void;
}

/** The core, once something needs it. */
export class LazyCore implements vscode.Disposable {
  #core: Core | undefined;
  #loading = false;
  #disposed = false;
  readonly #onDidLoad = new vscode.EventEmitter<Core>();
  /** Fires once the core is active. */
  readonly onDidLoad = this.#onDidLoad.event;

  constructor(
    private readonly host: CoreHost,
    private readonly hooks: LazyCoreHooks,
  ) {}

  /** The core if it is active, without loading it. */
  get loaded(): Core | undefined {
    return this.#core;
  }

  /** The core, loaded and activated now if it was not; throws (after `onFailure`) when it cannot start. */
  get(): Core {
    if (this.#core) return this.#core;
    if (this.#disposed) throw new Error('Clawdock is deactivated');
    if (this.#loading) throw new Error('Clawdock is still starting');
    this.#loading = true;
    try {
      this.hooks.beforeActivate();
      this.#core = loadCoreModule().activateCore(this.host);
    } catch (err) {
      this.hooks.onFailure(err);
      throw err;
    } finally {
      this.#loading = false;
    }
    this.#onDidLoad.fire(this.#core);
    return this.#core;
  }

  /** Ends the core's lifetime, if it began. */
  dispose(): void {
    this.#disposed = true;
    const core = this.#core;
    this.#core = undefined;
    this.#onDidLoad.dispose();
    core?.dispose();
  }
}

function loadCoreModule(): CoreModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file beside this bundle, read on first use (see the top of this file)
  return require(join(__dirname, CORE_BUNDLE)) as CoreModule;
}
