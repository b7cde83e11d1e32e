// The gateway room (DESIGN.md, gateway contract): chat callers and their
// profiles (shared), the built-in gateway (`builtin/`) and the OpenClaw node
// bridge (`openclaw/`). Plain Node: no vscode.
export { chatCaller, profileFor, type ChatOrigin } from './caller-profile';
export * from './openclaw';
export { linkFilePath } from './builtin/window-link/link-file';
