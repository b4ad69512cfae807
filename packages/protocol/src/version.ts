/** This build's version, shown by `codex --version` and sent in the `version` header and session files. */
export const CODEX_VERSION = "0.1.0";

/** Replaced by scripts/build.ts (`--define`) with the git commit the binary was built from. */
declare const CODEX_BUILD_COMMIT: string | undefined;

/** The commit this binary was built from (e.g. `1d5c8d6a1b2c`, `…-dirty`); null when run from source. */
export const CODEX_COMMIT: string | null = typeof CODEX_BUILD_COMMIT === "string" ? CODEX_BUILD_COMMIT : null;
