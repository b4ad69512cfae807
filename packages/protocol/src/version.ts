/** This build's version, shown by `codex --version` and sent in the `version` header and session files. */
export const CODEX_VERSION = "0.1.0";
