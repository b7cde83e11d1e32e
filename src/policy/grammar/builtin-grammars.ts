import type { ProgramGrammar } from './grammar';
import { FIND } from './programs/find';
import { GIT } from './programs/git';
import { GREP, RG } from './programs/grep';
import { JQ } from './programs/jq';
import { LS } from './programs/ls';
import { SED } from './programs/sed';
import * as builtins from './programs/shell-builtins';
import * as changes from './programs/file-changes';
import * as info from './programs/file-info';
import * as system from './programs/system-info';
import * as text from './programs/text-filters';
import { VERSION_QUERIES } from './programs/version-queries';

/** Every built-in program grammar: the only source of built-in `allow` decisions. */
export const BUILTIN_GRAMMARS: readonly ProgramGrammar[] = [
  LS, GREP, RG, SED, JQ, FIND, GIT,
  ...Object.values(text), ...Object.values(info), ...Object.values(system), ...Object.values(builtins), ...Object.values(changes),
  ...VERSION_QUERIES,
];
