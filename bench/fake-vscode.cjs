// A stand-in for the `vscode` module, for bench/activation.ts only: it loads
// dist/extension.js in plain Node to measure what our own activation costs,
// and what the first use costs (the shell loading dist/extension-core.js).
// The one place a stand-in is acceptable (issue 11): the bench measures our
// code, not VS Code; every behaviour is tested in the real one (test/e2e).
//
// What activation reads is modelled (trusted workspace, one folder, focused
// window, default settings, events that never fire, a command registry that
// refuses a second registration of an id as VS Code does); anything else is a
// callable, constructible, disposable "anything".
'use strict';
const { join } = require('node:path');

/** A value for anything not modelled: callable, constructible, each property another such; never a thenable. */
function anything() {
  const cache = new Map();
  return new Proxy(function () {}, {
    get(_target, prop) {
      if (prop === 'then') return undefined;
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === Symbol.iterator) return function* () {};
      if (prop === 'dispose') return () => undefined;
      if (!cache.has(prop)) cache.set(prop, anything());
      return cache.get(prop);
    },
    apply: () => anything(),
    construct: () => anything(),
  });
}

const disposable = () => ({ dispose: () => undefined });
/** An event nobody fires here. */
const quietEvent = () => disposable();

class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (listener) => {
      this.listeners.add(listener);
      return { dispose: () => this.listeners.delete(listener) };
    };
  }
  fire(value) {
    for (const l of [...this.listeners]) l(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

class VscodeDisposable {
  constructor(fn) {
    this.fn = fn;
  }
  static from(...items) {
    return new VscodeDisposable(() => items.forEach((i) => i.dispose()));
  }
  dispose() {
    this.fn?.();
  }
}

class ThemeColor {
  constructor(id) {
    this.id = id;
  }
}

function uri(scheme, path) {
  return { scheme, path, fsPath: path, authority: '', query: '', fragment: '', toString: () => `${scheme}://${path}`, with: (c) => uri(c.scheme ?? scheme, c.path ?? path) };
}
const Uri = {
  file: (p) => uri('file', p),
  parse: (s) => uri(s.split(':')[0], s.replace(/^[a-z-]+:\/*/, '/')),
  from: (c) => uri(c.scheme, c.path ?? '/'),
  joinPath: (base, ...parts) => uri(base.scheme, join(base.path, ...parts)),
};

function outputChannel(name) {
  const lines = [];
  const log = (line) => void lines.push(String(line));
  return { name, lines, logLevel: 2, onDidChangeLogLevel: quietEvent, info: log, warn: log, error: log, debug: log, trace: log, append: log, appendLine: log, replace: log, clear: () => undefined, show: () => undefined, hide: () => undefined, dispose: () => undefined };
}

function memento() {
  const values = new Map();
  return { get: (k, d) => (values.has(k) ? values.get(k) : d), update: async (k, v) => void values.set(k, v), keys: () => [...values.keys()], setKeysForSync: () => undefined };
}

const folderPath = process.env.CLAWDOCK_BENCH_FOLDER ?? process.cwd();
const folder = { uri: Uri.file(folderPath), name: 'bench', index: 0 };

class Range {
  constructor(startLine, startCharacter, endLine, endCharacter) {
    Object.assign(this, { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } });
  }
}

class CodeLens {
  constructor(range, command) {
    Object.assign(this, { range, command });
  }
}

class CancellationError extends Error {}

class CancellationTokenSource {
  constructor() {
    this.token = { isCancellationRequested: false, onCancellationRequested: quietEvent };
  }
  cancel() {
    this.token.isCancellationRequested = true;
  }
  dispose() {}
}

/** Registered commands by id, as VS Code keeps them. */
const commands = new Map();
function registerCommand(id, run) {
  if (commands.has(id)) throw new Error(`command '${id}' already exists`);
  commands.set(id, run);
  return { dispose: () => commands.get(id) === run && commands.delete(id) };
}
/** Runs a registered command; anything else (VS Code's own, a view's focus) does nothing here. */
async function executeCommand(id, ...args) {
  const run = commands.get(id);
  return run ? run(...args) : undefined;
}

function treeView() {
  return { visible: false, message: undefined, badge: undefined, selection: [], onDidChangeVisibility: quietEvent, onDidChangeSelection: quietEvent, onDidExpandElement: quietEvent, onDidCollapseElement: quietEvent, reveal: async () => undefined, dispose: () => undefined };
}

// The bundle reads the module through esbuild's ESM wrapper, which copies own
// keys: every name must be present here (the fallbacks only serve members).
const api = {
  version: '1.100.0',
  EventEmitter,
  Disposable: VscodeDisposable,
  ThemeColor,
  Uri,
  Range,
  CodeLens,
  CancellationError,
  CancellationTokenSource,
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  QuickPickItemKind: { Separator: -1, Default: 0 },
  OverviewRulerLane: { Left: 1, Center: 2, Right: 4, Full: 7 },
  LanguageModelChatMessage: anything(),
  LanguageModelChatToolMode: { Auto: 1, Required: 2 },
  LanguageModelError: class LanguageModelError extends Error {},
  LanguageModelTextPart: class LanguageModelTextPart {},
  LanguageModelToolCallPart: class LanguageModelToolCallPart {},
  LanguageModelToolResultPart: class LanguageModelToolResultPart {},
  lm: { selectChatModels: async () => [], onDidChangeChatModels: quietEvent },
  extensions: { getExtension: () => undefined, all: [], onDidChange: quietEvent },
  StatusBarAlignment: { Left: 1, Right: 2 },
  LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  workspace: {
    isTrusted: true,
    workspaceFolders: [folder],
    getWorkspaceFolder: () => folder,
    getConfiguration: () => ({ get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => undefined }),
    onDidChangeConfiguration: quietEvent,
    onDidChangeWorkspaceFolders: quietEvent,
    onDidGrantWorkspaceTrust: quietEvent,
    onDidCloseTextDocument: quietEvent,
    onDidOpenTextDocument: quietEvent,
    onDidChangeTextDocument: quietEvent,
    onDidSaveTextDocument: quietEvent,
    registerTextDocumentContentProvider: disposable,
    textDocuments: [],
    asRelativePath: (p) => String(p),
  },
  window: {
    state: { focused: true },
    activeTextEditor: undefined,
    visibleTextEditors: [],
    createOutputChannel: outputChannel,
    createStatusBarItem: () => ({ text: '', tooltip: '', show: () => undefined, hide: () => undefined, dispose: () => undefined }),
    registerWebviewViewProvider: disposable,
    createTreeView: treeView,
    createTextEditorDecorationType: () => disposable(),
    onDidChangeActiveTextEditor: quietEvent,
    onDidChangeVisibleTextEditors: quietEvent,
    onDidChangeWindowState: quietEvent,
    onDidChangeTextEditorSelection: quietEvent,
    tabGroups: { all: [], onDidChangeTabs: quietEvent },
  },
  commands: { registerCommand, executeCommand, getCommands: async () => [...commands.keys()] },
  languages: { registerCodeLensProvider: disposable },
  env: { appName: 'bench', uriScheme: 'vscode', openExternal: async () => false },
};

/** The ExtensionContext activate() is given; `dir` holds its storage folders, `packageJSON` is the extension's manifest. */
function makeContext(dir, packageJSON = { version: '0.0.0' }) {
  return {
    subscriptions: [],
    extension: { id: 'clawdock.clawdock', packageJSON },
    extensionUri: Uri.file(dir),
    extensionPath: dir,
    asAbsolutePath: (p) => join(dir, p),
    globalStorageUri: Uri.file(join(dir, 'global')),
    storageUri: Uri.file(join(dir, 'workspace')),
    logUri: Uri.file(join(dir, 'logs')),
    globalState: memento(),
    workspaceState: memento(),
    secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: quietEvent },
    environmentVariableCollection: anything(),
    extensionMode: 1,
  };
}

/** `obj` with anything() for every member it lacks. */
function withFallback(obj) {
  return new Proxy(obj, {
    get(target, prop) {
      if (prop in target) return target[prop];
      if (prop === '__esModule' || prop === 'then' || prop === 'default' || typeof prop === 'symbol') return undefined;
      target[prop] = anything();
      return target[prop];
    },
  });
}

for (const ns of ['workspace', 'window', 'commands', 'languages', 'env', 'lm', 'extensions']) api[ns] = withFallback(api[ns]);
module.exports = withFallback({ ...api, __makeContext: makeContext });
