import type { AnalysisFinding } from './command-analysis';

// Variables that change which program runs or inject code into programs that
// otherwise look harmless (`PATH=. ls`, `LD_PRELOAD=x.so cat`, `GIT_PAGER='rm …' git log`).
const SENSITIVE = new Set([
  'PATH', 'IFS', 'ENV', 'BASH_ENV', 'PROMPT_COMMAND', 'PS4', 'SHELLOPTS', 'BASHOPTS', 'CDPATH', 'GLOBIGNORE', 'BASH_LOADABLES_PATH',
  'PAGER', 'MANPAGER', 'GIT_PAGER', 'EDITOR', 'VISUAL', 'GIT_EDITOR', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_EXTERNAL_DIFF',
  'GIT_EXEC_PATH', 'GIT_DIR', 'GIT_WORK_TREE', 'GIT_ASKPASS', 'SSH_ASKPASS', 'LESSOPEN', 'LESSCLOSE',
  'NODE_OPTIONS', 'NODE_PATH', 'PYTHONSTARTUP', 'PYTHONPATH', 'PYTHONHOME', 'PERL5OPT', 'PERL5LIB', 'PERLLIB', 'RUBYOPT', 'RUBYLIB',
  'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'TAR_OPTIONS',
]);
const SENSITIVE_PREFIXES = ['LD_', 'DYLD_', 'GIT_CONFIG', 'BASH_FUNC_'];

/** An `ask` finding when setting NAME can change what a command runs, else undefined. */
export function sensitiveVariableFinding(name: string): AnalysisFinding | undefined {
  if (!SENSITIVE.has(name) && !SENSITIVE_PREFIXES.some((p) => name.startsWith(p))) return undefined;
  return { kind: 'sensitive-variable', verdict: 'ask', reason: `setting ${name} can change which program runs or inject code into it` };
}
