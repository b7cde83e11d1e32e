import type { AnalysisFinding } from './command-analysis';

// Variables that change which program runs, where programs read their
// configuration, or inject code into programs that otherwise look harmless
// (`PATH=. ls`, `LD_PRELOAD=x.so cat`, `GIT_PAGER='rm …' git log`,
// `HOME=. git log` reading a planted .gitconfig, `RIPGREP_CONFIG_PATH=x rg`).
const SENSITIVE = new Set([
  'PATH', 'IFS', 'ENV', 'BASH_ENV', 'PROMPT_COMMAND', 'SHELLOPTS', 'BASHOPTS', 'CDPATH', 'GLOBIGNORE', 'FPATH', 'ZDOTDIR',
  'HOME', 'SHELL', 'TMPDIR', 'POSIXLY_CORRECT', 'INPUTRC', 'HISTFILE', 'MAIL', 'MAILPATH', 'EXECIGNORE', 'FCEDIT', 'FUNCNEST',
  'PAGER', 'MANPAGER', 'MANOPT', 'EDITOR', 'VISUAL', 'BROWSER', 'TERMINFO', 'TERMINFO_DIRS',
  'RIPGREP_CONFIG_PATH', 'GREP_OPTIONS', 'GCONV_PATH', 'LOCPATH', 'NLSPATH', 'HOSTALIASES', 'RESOLV_HOST_CONF', 'GLIBC_TUNABLES',
  'TAR_OPTIONS', 'ZIPOPT', 'UNZIP', 'GZIP', 'XZ_OPT', 'BZIP2', 'CC', 'CXX', 'CPP', 'LD', 'AR', 'KUBECONFIG', 'DOCKER_HOST', 'DOCKER_CONFIG',
  'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'CLASSPATH', 'CURL_HOME', 'WGETRC', 'SSL_CERT_FILE',
]);
const SENSITIVE_PREFIXES = [
  'LD_', 'DYLD_', 'BASH_', 'PS', 'GIT_', 'XDG_', 'LESS', 'SSH_', 'PYTHON', 'PERL', 'RUBY', 'GEM_', 'BUNDLE_', 'NODE_', 'NPM_CONFIG_', 'npm_config_',
  'YARN_', 'PNPM_', 'CARGO_', 'RUSTC', 'RUSTUP_', 'GO', 'MAKE', 'GNUMAKE', 'OPENSSL_', 'MALLOC_', 'HISTTIME', 'COMP_', 'PIP_', 'UV_', 'CONDA',
];

/** An `ask` finding when setting NAME can change what a command runs or reads as its configuration, else undefined. */
export function sensitiveVariableFinding(name: string): AnalysisFinding | undefined {
  if (!SENSITIVE.has(name) && !SENSITIVE_PREFIXES.some((p) => name.startsWith(p))) return undefined;
  return { kind: 'sensitive-variable', verdict: 'ask', reason: `setting ${name} can change which program runs, what it reads as configuration, or inject code into it` };
}
