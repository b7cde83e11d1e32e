import { programName } from './options';
import type { Word } from './word';
import { unwrapBusybox, unwrapEnv, unwrapPrefix } from './exec-wrappers';
import { unwrapFind, unwrapXargs } from './fan-out-wrappers';
import { SHELLS, unwrapEval, unwrapFlock, unwrapParallel, unwrapScript, unwrapSg, unwrapShell, unwrapSu, unwrapTrap, unwrapWatch } from './shell-wrappers';
import type { Unwrapped } from './unwrapped';

/**
 * What a command runs when it is a wrapper (sudo, env, timeout, xargs, find -exec,
 * bash -c, eval, su -c, watch, parallel …), or undefined when it is not one.
 * (`trap` counts: it runs its first argument later.)
 * `stdin` is a heredoc/herestring feeding it, for shells that read their script there.
 */
export function unwrapCommand(words: readonly Word[], stdin: Word | undefined): Unwrapped | undefined {
  const name = programName(words[0]);
  if (name === undefined) return undefined;
  if (SHELLS.has(name)) return unwrapShell(name, words, stdin);
  switch (name) {
    case 'env': return unwrapEnv(words);
    case 'xargs': return unwrapXargs(words);
    case 'find': return unwrapFind(words);
    case 'eval': return unwrapEval(words);
    case 'su':
    case 'runuser': return unwrapSu(name, words);
    case 'sg': return unwrapSg(words);
    case 'watch': return unwrapWatch(words);
    case 'parallel': return unwrapParallel(words);
    case 'flock': return unwrapFlock(words);
    case 'script': return unwrapScript(words);
    case 'busybox': return unwrapBusybox(words);
    case 'trap': return unwrapTrap(words);
    default: return unwrapPrefix(name, words);
  }
}
