/**
 * Named sets of hosts for the package registries people use, so that a profile allows "npm"
 * instead of listing every host npm talks to (codex-ts's own addition; Codex 0.169 has none).
 */
export const NETWORK_PRESETS = {
  npm: ["registry.npmjs.org", "registry.yarnpkg.com", "repo.yarnpkg.com"],
  pypi: ["pypi.org", "files.pythonhosted.org", "pypi.python.org"],
  crates: ["crates.io", "index.crates.io", "static.crates.io", "static.rust-lang.org"],
  go: ["proxy.golang.org", "sum.golang.org", "index.golang.org"],
  github: [
    "github.com",
    "api.github.com",
    "codeload.github.com",
    "objects.githubusercontent.com",
    "raw.githubusercontent.com",
    "release-assets.githubusercontent.com",
  ],
} as const satisfies Record<string, readonly string[]>;

export type NetworkPresetName = keyof typeof NETWORK_PRESETS;

export const NETWORK_PRESET_NAMES = Object.keys(NETWORK_PRESETS) as NetworkPresetName[];
