// Toolchains and interpreters, known only as far as printing their version:
// anything else they are asked to do runs code the policy cannot see.
import type { ProgramGrammar } from '../grammar';

const version = (name: string, flagNames: readonly string[], aliases: readonly string[] = []): ProgramGrammar => ({
  name,
  aliases,
  summary: `prints the version of ${name}`,
  knownAs: `${name} ${flagNames[0]}`,
  // Exactly one word, the version flag: `make` alone runs the Makefile, `node` alone a script from its input.
  freeForm: true,
  options: [],
  operands: { kinds: ['value'], min: 1, max: 1, pattern: new RegExp(`^(${flagNames.map((f) => f.replace(/[-]/g, '\\-')).join('|')})$`) },
  execCapable: true,
});

/** `node --version`, `python3 -V`, `go version` …: each program with the flags that only print its version. */
export const VERSION_QUERIES: readonly ProgramGrammar[] = [
  version('node', ['--version', '-v'], ['nodejs']),
  version('npm', ['--version', '-v']),
  version('pnpm', ['--version', '-v']),
  version('yarn', ['--version', '-v']),
  version('bun', ['--version']),
  version('deno', ['--version', '-V']),
  version('python3', ['--version', '-V'], ['python', 'python3.11', 'python3.12']),
  version('pip', ['--version', '-V'], ['pip3']),
  version('go', ['version']),
  version('cargo', ['--version', '-V']),
  version('rustc', ['--version', '-V']),
  version('java', ['--version', '-version']),
  version('javac', ['--version', '-version']),
  version('ruby', ['--version']),
  version('gem', ['--version']),
  version('tsc', ['--version', '-v']),
  version('make', ['--version', '-v']),
  version('gcc', ['--version'], ['cc', 'g++', 'c++']),
  version('clang', ['--version']),
  version('docker', ['--version']),
  version('terraform', ['--version', '-v', 'version']),
].map((g) => ({ ...g, examples: { match: [g.knownAs as string], notMatch: [`${g.name} x`, g.name] } }));
