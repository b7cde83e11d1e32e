// Named groups of domains a person adds with `clawdock.sandbox.allowedDomainPresets`
// instead of listing each host. Data only: each list is what that tool's
// ordinary install or fetch reaches, no more (no CDNs beyond those, no docs sites).

/** The names a preset may have. */
export type PresetName = 'npm' | 'pypi' | 'crates' | 'go' | 'debian' | 'github';

/** Every preset and its domains (entries as in `allowedDomains`). */
export const DOMAIN_PRESETS: Readonly<Record<PresetName, readonly string[]>> = {
  npm: ['registry.npmjs.org', 'registry.yarnpkg.com'],
  pypi: ['pypi.org', 'files.pythonhosted.org'],
  crates: ['crates.io', 'index.crates.io', 'static.crates.io'],
  go: ['proxy.golang.org', 'sum.golang.org', 'index.golang.org'],
  debian: ['deb.debian.org', 'security.debian.org'],
  github: ['github.com', 'api.github.com', 'codeload.github.com', 'raw.githubusercontent.com', 'objects.githubusercontent.com'],
};

/** The preset names, for the setting's enum and error messages. */
export const PRESET_NAMES = Object.keys(DOMAIN_PRESETS) as PresetName[];

/** True when `name` is a known preset. */
export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(DOMAIN_PRESETS, name);
}
