export { ClawdockError } from './clawdock-error';
export { ConfigError } from './config-error';
export { EngineUnreachableError } from './engine-unreachable-error';
export { PathEscapeError } from './path-escape-error';
export { SandboxError } from './sandbox-error';
export { UsageError } from './usage-error';
